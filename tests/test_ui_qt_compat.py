"""PySide6 6.12.0 on Python 3.11 drops references to None and True; ui.qt_compat guards it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from ui import qt_compat


class Source(QObject):
    changed = Signal(object)


def test_many_void_calls_and_emits_do_not_exhaust_none_or_true(qapp):
    source = Source()
    received = []
    source.changed.connect(received.append)
    # Far more calls than None and True have references at start-up: unguarded, this
    # aborts the interpreter ("Fatal Python error: none_dealloc") on PySide6 6.12.0.
    for n in range(100_000):
        source.setObjectName("x")
        source.changed.emit(n)
    assert len(received) == 100_000
    assert sys.getrefcount(None) > 0 and sys.getrefcount(True) > 0


def test_the_guard_is_applied_exactly_when_needed(qapp):
    none_drift, true_drift = qt_compat._drift()
    buggy = none_drift < 0 or true_drift < 0
    if sys.version_info < (3, 12) and buggy:
        assert qt_compat.GUARDED
        assert sys.getrefcount(None) > qt_compat.IMMORTAL // 2
    else:
        assert not qt_compat.GUARDED
