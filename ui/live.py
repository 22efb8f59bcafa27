"""The live state every screen shows: lanes, the current queue, the open shift.

Loaded on the worker after each commit that touched one of its tables, and
shared by the header, the clearance screen and the lanes board, so one
commit costs one reload however many screens show the queue.  Waiting times
tick on the UI thread from the loaded ``joined_at`` and the desk's clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from db import queries
from db.models import Lane, Shift
from desktop_app import lanes as lanes_service
from desktop_app import queue, shifts
from ui.context import AppContext

LIVE_TABLES = frozenset({"clearance_events", "lanes", "lane_state_changes", "shifts"})


@dataclass(frozen=True)
class LiveSnapshot:
    lanes: list[Lane] = field(default_factory=list)
    entries: list[queries.Clearance] = field(default_factory=list)
    shift: Shift | None = None

    def lane(self, lane_id: uuid.UUID) -> Lane | None:
        return next((lane for lane in self.lanes if lane.id == lane_id), None)

    def entries_on(self, lane_id: uuid.UUID | None) -> list[queries.Clearance]:
        return [e for e in self.entries if lane_id is None or e.lane_id == lane_id]

    def level(self, now: datetime, lane_id: uuid.UUID | None = None) -> queue.QueueLevel:
        """Waiting count, longest and median wait now (the port's, or one lane's)."""
        return queue.summarize(self.entries_on(lane_id), now)

    def longest_lane(self, now: datetime) -> Lane | None:
        waiting = [e for e in self.entries if e.started_at is None]
        if not waiting:
            return None
        oldest = min(waiting, key=lambda e: e.joined_at)
        return self.lane(oldest.lane_id)


def load_snapshot(desk: Any) -> LiveSnapshot:
    """Runs on the worker."""
    return LiveSnapshot(
        lanes=lanes_service.lanes(desk),
        entries=queue.current_queue(desk),
        shift=shifts.current_shift(desk),
    )


class Refresher(QObject):
    """Reload a view's data on the worker when a table it shows changed.

    At most one load is in flight; changes arriving meanwhile mark it dirty
    and cause one more load after it.  With ``widget`` given, nothing loads
    while the widget is hidden: it loads when first shown, and changes while
    it is hidden only mark it dirty, for one reload when it is shown again.
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QObject,
        load: Callable[[], Any],
        apply: Callable[[Any], None],
        tables: Iterable[str],
        *,
        widget: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._load = load
        self._apply = apply
        self._tables = frozenset(tables)
        self._widget = widget
        self._busy = False
        self._dirty = widget is not None  # not loaded yet: load when first shown
        if widget is not None:
            widget.installEventFilter(self)
        ctx.changed.connect(self._on_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show:
            self.shown()
        return False

    def _on_changed(self, tables: frozenset[str]) -> None:
        if tables & self._tables:
            self.request()

    def request(self) -> None:
        if not self._ctx.has_desk:
            return
        if self._widget is not None and not self._widget.isVisible():
            self._dirty = True
            return
        if self._busy:
            self._dirty = True
            return
        self._busy = True
        self._dirty = False
        self._ctx.op(self, self._load).success(self._loaded).done(self._settled).run()

    def shown(self) -> None:
        if self._dirty:
            self.request()

    def _loaded(self, data: Any) -> None:
        if self._widget is None or shiboken6.isValid(self._widget):
            self._apply(data)

    def _settled(self) -> None:
        self._busy = False
        if self._dirty:
            self.request()


class LiveQueue(QObject):
    """The shared live snapshot; ``updated`` fires after each reload."""

    updated = Signal(object)  # LiveSnapshot

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.snapshot = LiveSnapshot()
        self.loaded = False
        self._refresher = Refresher(
            ctx, self, lambda: load_snapshot(ctx.desk), self._apply, LIVE_TABLES
        )
        ctx.desk_attached.connect(self.refresh)
        if ctx.has_desk:  # built after the desk was attached (the usual case)
            self.refresh()

    def refresh(self) -> None:
        self._refresher.request()

    def _apply(self, snapshot: LiveSnapshot) -> None:
        self.snapshot = snapshot
        self.loaded = True
        self.updated.emit(snapshot)
