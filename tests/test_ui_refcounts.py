"""PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call and to
True on every emit, aborting the interpreter after some ten thousand calls
("Fatal Python error: none_dealloc") — minutes into a shift with a clock ticking every
second.  pyproject.toml keeps that release out; this test fails loudly (the whole run
aborts) if a PySide6 with the same bug comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Source(QObject):
    changed = Signal(object)


def test_many_void_calls_and_emits_do_not_exhaust_none_or_true(qapp):
    source = Source()
    received = []
    source.changed.connect(received.append)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for n in range(100_000):
        source.setObjectName("x")
        source.changed.emit(n)
    assert len(received) == 100_000
    after = sys.getrefcount(None), sys.getrefcount(True)
    # A leak-free binding leaves the counts where they were (give or take a few).
    assert after[0] > before[0] - 1000 and after[1] > before[1] - 1000
