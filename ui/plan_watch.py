"""The plan, kept fresh off the UI thread for the Plan screen and the header.

A plan simulates twelve hours from weeks of history, which ``History``
reads once an hour of the desk's clock and keeps between plans (the recent
hours are read on every plan): it runs on the task manager's slow pool
(never the desk worker, never the UI thread), at most one at a time, every
``EVERY`` and soon after a change that matters (a forecast, a lane opened
or closed, a join), but not more often than ``SOON``.  ``plan_ready``
carries it to whoever shows it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.planning.history import History
from desktop_app.planning.plan import HOURS, Plan, make_plan
from ui.context import AppContext

EVERY = timedelta(minutes=5)
SOON = timedelta(seconds=60)
TABLES = frozenset({"forecasts", "lane_state_changes", "clearance_events", "port_calendars"})


class PlanWatch(QObject):
    plan_ready = Signal(object)  # Plan
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: Plan | None = None
        self.busy = False
        self.again = False
        self.last_run: datetime | None = None
        self.history: History | None = None
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.timeout.connect(self.request)
        ctx.changed.connect(self._changed)
        ctx.tick.connect(self._tick)
        ctx.desk_attached.connect(self.request)

    def _changed(self, tables: frozenset[str]) -> None:
        if tables & TABLES and not self.soon.isActive():
            self.soon.start(int(SOON.total_seconds() * 1000))

    def _tick(self) -> None:
        if self.last_run is None or self.ctx.now() - self.last_run >= EVERY:
            self.request()

    def request(self) -> None:
        """Compute a plan now (or once more right after the one running)."""
        if not self.ctx.has_desk:
            return
        if self.busy:
            self.again = True
            return
        self.busy = True
        self.last_run = self.ctx.now()
        desk = self.ctx.desk
        if self.history is None or self.history.desk is not desk:
            self.history = History(desk)
        history = self.history
        op = self.ctx.op(self, lambda: make_plan(desk, hours=HOURS, history=history))
        op.success(self._ready).failure(lambda e: self.failed.emit(str(e))).done(self._done)
        op.run(slow=True)

    def _ready(self, plan: Plan) -> None:
        self.plan = plan
        self.plan_ready.emit(plan)

    def _done(self) -> None:
        self.busy = False
        if self.again:
            self.again = False
            self.request()
