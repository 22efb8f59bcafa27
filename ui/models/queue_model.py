"""The in-queue list of the clearance screen: who waits, where, and for how long (ticking)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont

from db import queries
from db.enums import SubjectKind
from desktop_app.queue import AMBER, level_for
from ui import look
from ui.labels import label
from ui.models.base import FilterRole, RowTableModel, SortRole


class QueueModel(RowTableModel[queries.Clearance]):
    COL_POSITION = 0
    COL_REFERENCE = 1
    COL_CATEGORY = 2
    COL_LANE = 3
    COL_JOINED = 4
    COL_WAIT = 5
    COL_STATE = 6
    COLUMNS = (
        COL_POSITION,
        COL_REFERENCE,
        COL_CATEGORY,
        COL_LANE,
        COL_JOINED,
        COL_WAIT,
        COL_STATE,
    )

    def __init__(
        self, now: Callable[[], datetime], zone: Callable[[], Any], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._zone = zone
        self._live_font: QFont | None = None

    def header(self, column: int) -> str:
        return [
            QCoreApplication.translate("QueueModel", "#"),
            QCoreApplication.translate("QueueModel", "Reference"),
            QCoreApplication.translate("QueueModel", "Category"),
            QCoreApplication.translate("QueueModel", "Lane"),
            QCoreApplication.translate("QueueModel", "Joined"),
            QCoreApplication.translate("QueueModel", "Waiting"),
            QCoreApplication.translate("QueueModel", "State"),
        ][column]

    def key(self, row: queries.Clearance) -> Any:
        return row.clearance_id

    def wait_seconds(self, row: queries.Clearance) -> float:
        return row.wait(self._now())

    def cell(self, row: queries.Clearance, column: int, role: int) -> Any:
        if role == SortRole:
            return self._sort_value(row, column)
        if role == FilterRole:
            return "in_service" if row.started_at else "waiting"
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if column == self.COL_WAIT:
            waited = self.wait_seconds(row)
            if role == Qt.ItemDataRole.FontRole:
                if self._live_font is None:
                    self._live_font = look.live_font(look.BASE_POINT_SIZE + 6)
                return self._live_font
            warn = row.started_at is None and waited >= AMBER.total_seconds()
            if role == Qt.ItemDataRole.DecorationRole and warn:
                return look.icon(look.level_icon_name(level_for(timedelta(seconds=waited))))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == self.COL_POSITION and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, row: queries.Clearance, column: int) -> str:
        if column == self.COL_POSITION:
            return str(self.rows.index(row) + 1)
        if column == self.COL_REFERENCE:
            return row.reference
        if column == self.COL_CATEGORY:
            if row.traveller_category is not None:
                return label(row.traveller_category)
            return label(row.subject_kind or SubjectKind.PERSON)
        if column == self.COL_LANE:
            if row.moved_at is not None:  # sent here from another lane; the wait runs on
                return QCoreApplication.translate("QueueModel", "{lane} (moved)").format(
                    lane=row.lane_code
                )
            return row.lane_code
        if column == self.COL_JOINED:
            return look.clock_time(row.joined_at, self._zone(), seconds=True)
        if column == self.COL_WAIT:
            return look.minutes_seconds(self.wait_seconds(row))
        if row.started_at is not None:
            return QCoreApplication.translate("QueueModel", "▶ In service")
        if row.before_open:  # joined before the lane opened: reported apart
            return QCoreApplication.translate("QueueModel", "○ Waiting, queued before opening")
        return QCoreApplication.translate("QueueModel", "○ Waiting")

    def _sort_value(self, row: queries.Clearance, column: int) -> Any:
        if column == self.COL_WAIT:
            return self.wait_seconds(row)
        if column in (self.COL_JOINED, self.COL_POSITION):
            return row.joined_at.timestamp()
        return self._text(row, column)

    def tick(self) -> None:
        self.refresh_columns([self.COL_WAIT])
