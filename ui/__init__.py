"""Checkpoint Desk's Qt interface: the only package that imports PySide6.

It calls the services in ``desktop_app`` on one worker thread (``taskman``)
and never touches the database itself.
"""

from ui import qt_compat as _qt_compat  # noqa: F401  (first: guards PySide6 6.12.0 on 3.11)
