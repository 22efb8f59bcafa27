"""A guard against a reference-counting bug of PySide6 6.12.0 on Python 3.11.

PySide6 6.12.0 returns ``None`` from void calls (``setText``, ``click``,
``QTimer.singleShot``, ``processEvents``…) and ``True`` from
``signal.emit()`` without owning a reference, so every such call leaves the
singleton with one reference fewer.  Python 3.12 made these objects
immortal (PEP 683) and does not notice; on Python 3.11, which this package
supports, ``None`` or ``True`` reaches zero after some ten thousand calls and
the interpreter aborts ("Fatal Python error: none_dealloc") — minutes into
a shift with a clock ticking every second.  6.11.3 does not have the bug.

Found while running this package's tests and benchmark; reproduced with a
bare ``QObject().setObjectName("x")`` in a loop.  The guard probes for the
bug once, at import, and only if it is there makes the three singletons
immortal the way Python 3.12 does: it raises their reference counts so far
(2**40) that the drift cannot exhaust them.  Remove it once PySide6 is
pinned to a fixed release or the app runs on Python 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

IMMORTAL = 1 << 40


class _Probe(QObject):
    ping = Signal()


def _drift() -> tuple[int, int]:
    """How a void call and an emit change the counts of None and True."""
    probe = _Probe()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    none_drift = sys.getrefcount(None) - before
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    true_drift = sys.getrefcount(True) - before
    return none_drift, true_drift


def _immortalize(obj: object) -> None:
    # ob_refcnt is the first field of every CPython object.
    count = ctypes.c_ssize_t.from_address(id(obj))
    count.value += IMMORTAL


def guard() -> bool:
    """Apply the guard if this PySide6 drops references; True if it had to."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # None, True and False are immortal already
    none_drift, true_drift = _drift()
    if none_drift >= 0 and true_drift >= 0:
        return False
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) < IMMORTAL:
            _immortalize(singleton)
    return True


GUARDED = guard()
