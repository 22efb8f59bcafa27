"""Past shifts to report on: newest first, with team, times in the port's zone and state."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from db.enums import ShiftState
from db.models import Shift
from desktop_app import officers, shifts
from desktop_app.desk import Desk
from ui import look
from ui.models.base import RowTableModel, SortRole


@dataclass(frozen=True)
class ShiftRow:
    shift: Shift
    team_zh: str
    team_en: str
    deputy: str  # who closed it, else who opened it ("" if unknown)

    @property
    def start(self) -> datetime:
        return self.shift.actual_start or self.shift.planned_start

    @property
    def is_open(self) -> bool:
        return self.shift.state == ShiftState.OPEN


def load_shift_list(desk: Desk, days: int) -> list[ShiftRow]:
    """Runs on the worker: the shifts opened in the last ``days`` days (open or closed)."""
    now = desk.now()
    found = [
        s
        for s in shifts.shifts_between(desk, now - timedelta(days=days), now + timedelta(days=2))
        if s.state != ShiftState.PLANNED and not s.deleted
    ]
    teams = {t.id: t for t in shifts.duty_teams(desk)}
    names = {o.id: o.name for o in officers.roster(desk, include_inactive=True)}
    rows = []
    for shift in found:
        team = teams.get(shift.team_id)
        deputy = shift.closed_by or shift.opened_by
        rows.append(
            ShiftRow(
                shift,
                team.name_zh if team else "?",
                team.name_en if team else "?",
                names.get(deputy, "") if deputy else "",
            )
        )
    rows.sort(key=lambda r: r.start, reverse=True)
    return rows


class ShiftListModel(RowTableModel[ShiftRow]):
    COL_START = 0
    COL_END = 1
    COL_TEAM = 2
    COL_DEPUTY = 3
    COL_STATE = 4
    COLUMNS = tuple(range(5))

    def __init__(
        self,
        zone: Callable[[], Any],
        pick: Callable[[str, str], str],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._zone = zone
        self._pick = pick

    def key(self, row: ShiftRow) -> uuid.UUID:
        return row.shift.id

    def header(self, column: int) -> str:
        return [
            QCoreApplication.translate("ShiftListModel", "Start (port time)"),
            QCoreApplication.translate("ShiftListModel", "End"),
            QCoreApplication.translate("ShiftListModel", "Duty team"),
            QCoreApplication.translate("ShiftListModel", "Deputy captain"),
            QCoreApplication.translate("ShiftListModel", "State"),
        ][column]

    def cell(self, row: ShiftRow, column: int, role: int) -> Any:
        shift = row.shift
        if role == SortRole:
            return [
                row.start,
                shift.actual_end or datetime.max.replace(tzinfo=row.start.tzinfo),
                self._pick(row.team_zh, row.team_en),
                row.deputy,
                shift.state.value,
            ][column]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        zone = self._zone()
        if column == self.COL_START:
            return look.date_time(row.start, zone)
        if column == self.COL_END:
            if shift.actual_end is None:
                return "–"
            same_day = shift.actual_end.astimezone(zone).date() == row.start.astimezone(zone).date()
            return (
                look.clock_time(shift.actual_end, zone)
                if same_day
                else look.date_time(shift.actual_end, zone)
            )
        if column == self.COL_TEAM:
            return self._pick(row.team_zh, row.team_en)
        if column == self.COL_DEPUTY:
            return row.deputy or "–"
        if row.is_open:
            return QCoreApplication.translate("ShiftListModel", "Open: provisional report")
        return QCoreApplication.translate("ShiftListModel", "Closed")
