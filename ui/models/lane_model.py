"""The lanes board: every lane with its kind, state, queue and current longest wait (ticking)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from db.models import Lane
from desktop_app.queue import Level, QueueLevel
from ui import look
from ui.labels import label
from ui.live import LiveSnapshot
from ui.models.base import FilterRole, RowTableModel, SortRole


class LaneModel(RowTableModel[Lane]):
    COL_CODE = 0
    COL_NAME = 1
    COL_KIND = 2
    COL_DIRECTION = 3
    COL_SUBJECTS = 4
    COL_STATE = 5
    COL_WAITING = 6
    COL_IN_SERVICE = 7
    COL_LONGEST = 8
    COL_LEVEL = 9
    COLUMNS = (
        COL_CODE,
        COL_NAME,
        COL_KIND,
        COL_DIRECTION,
        COL_SUBJECTS,
        COL_STATE,
        COL_WAITING,
        COL_IN_SERVICE,
        COL_LONGEST,
        COL_LEVEL,
    )
    LIVE_COLUMNS = (COL_LONGEST, COL_LEVEL)

    def __init__(
        self, now: Callable[[], datetime], pick: Callable[[str, str], str], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._pick = pick
        self.snapshot = LiveSnapshot()

    def set_snapshot(self, snapshot: LiveSnapshot) -> None:
        self.snapshot = snapshot
        self.set_rows(snapshot.lanes)

    def header(self, column: int) -> str:
        return [
            QCoreApplication.translate("LaneModel", "Code"),
            QCoreApplication.translate("LaneModel", "Lane"),
            QCoreApplication.translate("LaneModel", "Kind"),
            QCoreApplication.translate("LaneModel", "Direction"),
            QCoreApplication.translate("LaneModel", "Takes"),
            QCoreApplication.translate("LaneModel", "State"),
            QCoreApplication.translate("LaneModel", "Waiting"),
            QCoreApplication.translate("LaneModel", "In service"),
            QCoreApplication.translate("LaneModel", "Longest wait"),
            QCoreApplication.translate("LaneModel", "Level"),
        ][column]

    def key(self, row: Lane) -> Any:
        return row.id

    def queue_level(self, lane: Lane) -> QueueLevel:
        return self.snapshot.level(self._now(), lane.id)

    def in_service(self, lane: Lane) -> int:
        return sum(1 for e in self.snapshot.entries_on(lane.id) if e.started_at is not None)

    def cell(self, row: Lane, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SortRole:
            return self._sort_value(row, column)
        if role == FilterRole and column == self.COL_STATE:
            return "open" if row.is_open else "closed"
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.COL_STATE:
                return look.icon("lane-open" if row.is_open else "lane-closed")
            if column == self.COL_LEVEL and self.queue_level(row).waiting:
                return look.icon(look.level_icon_name(self.queue_level(row).level))
        if role == Qt.ItemDataRole.FontRole and column in (self.COL_LONGEST, self.COL_WAITING):
            return look.live_font(look.BASE_POINT_SIZE + 2)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_WAITING,
            self.COL_IN_SERVICE,
            self.COL_LONGEST,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: Lane, column: int) -> str:
        if column == self.COL_CODE:
            return row.code
        if column == self.COL_NAME:
            return self._pick(row.name_zh, row.name_en)
        if column == self.COL_KIND:
            return label(row.kind)
        if column == self.COL_DIRECTION:
            return label(row.direction)
        if column == self.COL_SUBJECTS:
            return label(row.subjects)
        if column == self.COL_STATE:
            if row.is_open:
                return QCoreApplication.translate("LaneModel", "Open")
            return QCoreApplication.translate("LaneModel", "Closed")
        level = self.queue_level(row)
        if column == self.COL_WAITING:
            return str(level.waiting)
        if column == self.COL_IN_SERVICE:
            return str(self.in_service(row))
        if column == self.COL_LONGEST:
            return look.minutes_seconds(level.longest) if level.waiting else "–"
        if column == self.COL_LEVEL:
            return label(level.level) if level.waiting else "–"
        return ""

    def _sort_value(self, row: Lane, column: int) -> Any:
        level = self.queue_level(row)
        if column == self.COL_CODE:
            return row.position
        if column == self.COL_WAITING:
            return level.waiting
        if column == self.COL_IN_SERVICE:
            return self.in_service(row)
        if column == self.COL_LONGEST:
            return level.longest.total_seconds()
        if column == self.COL_LEVEL:
            return [Level.OK, Level.AMBER, Level.RED].index(level.level)
        if column == self.COL_STATE:
            return int(row.is_open)
        return self._text(row, column)

    def tick(self) -> None:
        self.refresh_columns(self.LIVE_COLUMNS)
