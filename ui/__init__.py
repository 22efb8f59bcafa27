"""Checkpoint Desk's Qt interface: the only package that imports PySide6.

It calls the services in ``desktop_app`` on one worker thread (``taskman``)
and never touches the database itself.
"""
