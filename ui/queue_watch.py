"""Watches the queue: the live level for the header, the core's alert episodes for the prompt.

The alert episodes are the core's (``desktop_app.alerts``): the clearance and
lane services record them as they record steps, and this watch asks the core
to look every ``alerts.LIVE_EVERY`` while the desk is open, so a queue nobody
serves still raises its alert.  The UI writes no crossing itself: it shows
what the core recorded (one open episode per lane group at most) and lets an
officer acknowledge it with the action taken.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from desktop_app import alerts
from desktop_app.queue import Level, QueueLevel
from ui.context import AppContext
from ui.live import LiveQueue, Refresher

ALERT_TABLES = frozenset({"queue_alerts", "lane_state_changes"})


class QueueWatch(QObject):
    level_changed = Signal(object)  # QueueLevel, on every tick and reload
    alerts_changed = Signal(object)  # alerts.AlertView, after each reload of the episodes

    def __init__(self, ctx: AppContext, live: LiveQueue) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.live = live
        self.current = QueueLevel(0, timedelta(0), timedelta(0), Level.OK)
        self.view: alerts.AlertView | None = None
        self._looked: datetime | None = None
        self._asked: frozenset[object] = frozenset()
        self._refresher = Refresher(
            ctx, self, lambda: alerts.alert_view(ctx.desk), self._loaded, ALERT_TABLES
        )
        ctx.desk_attached.connect(self._refresher.request)
        if ctx.has_desk:
            self._refresher.request()
        ctx.tick.connect(self.evaluate)
        live.updated.connect(self.evaluate)

    def evaluate(self, *_: object) -> None:
        if not self.ctx.has_desk or not self.live.loaded:
            return
        now = self.ctx.now()
        level = self.live.snapshot.level(now)
        self.current = level
        self.level_changed.emit(level)
        differs = self._differs(now)
        due = self._looked is None or not self._looked <= now < self._looked + alerts.LIVE_EVERY
        if due or differs:
            self._looked = now
            desk = self.ctx.desk
            self.ctx.op(
                self, lambda: alerts.follow(desk, every=alerts.LIVE_EVERY, force=differs)
            ).run()

    def _differs(self, now: datetime) -> bool:
        """Whether the live queue says another level than the record, for the first time.

        Then the core is asked to look now rather than at its next turn (it
        decides what to record); asked once for each such difference.
        """
        if self.view is None:
            return False
        longest = alerts.longest_waits(self.live.snapshot.entries, now, self.view.calendar)
        recorded = {e.lane_group: e.level for e in self.view.episodes}
        seen = frozenset(
            (group, live)
            for group in set(longest) | set(recorded)
            if (live := alerts.live_level(longest.get(group), recorded.get(group)))
            != recorded.get(group, Level.OK)
        )
        if seen == self._asked:
            return False
        self._asked = seen
        return bool(seen)

    def _loaded(self, view: alerts.AlertView) -> None:
        self.view = view
        self.alerts_changed.emit(view)
