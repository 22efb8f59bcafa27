"""Hybrid logical clock (Kulkarni et al., 2014) for ordering concurrent edits.

A stamp is the wall-clock millisecond, a counter and the node id, formatted
at fixed width so that comparing the strings compares the stamps.  It never
goes backwards on one node even when the wall clock does, and after a node
*observes* a remote stamp its next stamp is later than it, so causality is
kept even between machines whose clocks disagree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from db.base import utcnow

_COUNTER_LIMIT = 10**6


def format_stamp(millis: int, counter: int, node: str) -> str:
    return f"{millis:013d}-{counter:06d}-{node}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    millis, counter, node = stamp.split("-", 2)
    return int(millis), int(counter), node


class HybridClock:
    def __init__(
        self, node: str, wall: Callable[[], datetime] = utcnow, last: str | None = None
    ) -> None:
        self.node = node
        self._wall = wall
        self._lock = threading.Lock()
        self._millis, self._counter = (0, 0)
        if last:
            self._millis, self._counter, _ = parse_stamp(last)

    def _wall_millis(self) -> int:
        return int(self._wall().timestamp() * 1000)

    def tick(self) -> str:
        """A stamp for a local write, later than every stamp seen so far."""
        with self._lock:
            wall = self._wall_millis()
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:
                self._counter += 1
                if self._counter >= _COUNTER_LIMIT:  # a burst filled this millisecond
                    self._millis, self._counter = self._millis + 1, 0
            return format_stamp(self._millis, self._counter, self.node)

    def observe(self, stamp: str) -> None:
        """Take a stamp received from another node into account."""
        millis, counter, _ = parse_stamp(stamp)
        with self._lock:
            if (millis, counter) > (self._millis, self._counter):
                self._millis, self._counter = millis, counter

    @property
    def last(self) -> str:
        return format_stamp(self._millis, self._counter, self.node)
