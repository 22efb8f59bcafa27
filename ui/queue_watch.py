"""Watches the port's queue against the 15/25-minute thresholds of the 30-minute target.

Early-warning practice: at about 15 minutes open more lanes, at 25 start the
emergency plan, and log who saw it and when.  Each upward crossing is
written to the audit log once (on the worker) and announced so the header
can show its prompt; falling back below a threshold re-arms it.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QObject, Signal

from desktop_app import audit
from desktop_app.queue import Level, QueueLevel
from ui.context import AppContext
from ui.live import LiveQueue

_RANK = {Level.OK: 0, Level.AMBER: 1, Level.RED: 2}


class QueueWatch(QObject):
    level_changed = Signal(object)  # QueueLevel, on every tick and reload
    threshold_crossed = Signal(object)  # Level (amber or red), once per upward crossing

    def __init__(self, ctx: AppContext, live: LiveQueue) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.live = live
        self.current = QueueLevel(0, timedelta(0), timedelta(0), Level.OK)
        self._armed_below = Level.OK  # the highest level already announced
        ctx.tick.connect(self.evaluate)
        live.updated.connect(self.evaluate)

    def evaluate(self, *_: object) -> None:
        if not self.ctx.has_desk or not self.live.loaded:
            return
        now = self.ctx.now()
        level = self.live.snapshot.level(now)
        self.current = level
        self.level_changed.emit(level)
        if _RANK[level.level] > _RANK[self._armed_below]:
            self._armed_below = level.level
            self._log(level)
            self.threshold_crossed.emit(level.level)
        elif _RANK[level.level] < _RANK[self._armed_below]:
            self._armed_below = level.level

    def _log(self, level: QueueLevel) -> None:
        desk = self.ctx.desk
        officer = self.ctx.officer.id if self.ctx.officer else None
        lane = self.live.snapshot.longest_lane(self.ctx.now())
        detail = {
            "longest_s": int(level.longest.total_seconds()),
            "median_s": int(level.median.total_seconds()),
            "waiting": level.waiting,
            "lane": lane.code if lane else "",
        }
        action = f"queue.{level.level.value}"
        self.ctx.op(self, lambda: audit.record(desk, action=action, by=officer, **detail)).run()
