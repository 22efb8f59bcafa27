"""Dialogs; each is opened with ``open()`` (window-modal, never a blocking ``exec()``)."""
