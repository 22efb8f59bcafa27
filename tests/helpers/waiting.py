"""Waiting on a condition, never for a length of time (the tests' rule: no sleeps, no timers).

``wait_until`` polls: the timeout only bounds how long a broken test hangs,
it is never what makes a test pass.  Qt tests use ``qtbot.waitUntil``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

POLL_S = 0.01


def wait_until(condition: Callable[[], object], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not met within {timeout:.0f} s: {what or condition}")
        pause.wait(POLL_S)


def blocked_in(thread: threading.Thread, function: str) -> bool:
    """Is ``thread`` (alive) inside a call of ``function`` right now?  For a condition like
    "the second writer is waiting for the lock", which no event can signal."""
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        if frame.f_code.co_name == function:
            return True
        frame = frame.f_back
    return False
