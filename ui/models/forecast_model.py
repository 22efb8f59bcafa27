"""The forecasts board: today's and upcoming forecasts, forecast against actual."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from db.enums import SubjectKind
from db.models import Forecast
from desktop_app import forecasts, stats
from desktop_app.desk import Desk
from desktop_app.forecasts import Arrival
from ui import look
from ui.labels import label
from ui.models.base import FilterRole, RowTableModel, SortRole


@dataclass(frozen=True)
class ForecastRow:
    forecast: Forecast
    actual_travellers: int  # clearances of persons linked to the forecast
    actual_vehicles: int  # of vehicles and trains
    # desktop_app.sync.RecordSync's value: pending (changed here, not at HQ yet), sent, received
    sync: str = "received"


SYNC_ICONS = {"pending": "record-pending", "sent": "record-sent", "received": "record-received"}
_SYNC_ORDER = {"pending": 0, "sent": 1, "received": 2}


def load_board(desk: Desk, *, upcoming_days: int = 1) -> list[ForecastRow]:
    """Runs on the worker: today's and the next days' forecasts with their actual counts."""
    lines = forecasts.today(desk, upcoming_days=upcoming_days)
    if not lines:
        return []
    start = min(line.forecast.expected_at for line in lines) - timedelta(days=1)
    counted = stats.period_clearances(desk, start, desk.now() + timedelta(hours=1))
    persons: Counter[uuid.UUID] = Counter()
    vehicles: Counter[uuid.UUID] = Counter()
    for c in counted:
        if c.forecast_id is not None:
            (persons if c.subject_kind == SubjectKind.PERSON else vehicles)[c.forecast_id] += 1
    from desktop_app.sync.state import record_states

    synced = record_states(desk, [line.forecast.id for line in lines])
    return [
        ForecastRow(
            line.forecast,
            persons[line.forecast.id],
            vehicles[line.forecast.id],
            synced[line.forecast.id].value,
        )
        for line in lines
    ]


class ForecastModel(RowTableModel[ForecastRow]):
    # Forecast against actual first; the descriptive columns after them.
    COL_EXPECTED = 0
    COL_REFERENCE = 1
    COL_MODE = 2
    COL_DIRECTION = 3
    COL_TRAVELLERS = 4
    COL_VEHICLES = 5
    COL_STATUS = 6
    COL_SYNC = 7  # pending / sent / from HQ (desktop_app.sync.record_states)
    COL_ARRIVED = 8
    COL_DELAY = 9
    COL_ARRIVAL = 10
    COL_PREINSPECTION = 11
    COL_CARGO = 12
    COL_CARRIER = 13
    COLUMNS = tuple(range(14))

    def __init__(
        self, now: Callable[[], datetime], zone: Callable[[], Any], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._zone = zone

    def header(self, column: int) -> str:
        return [
            QCoreApplication.translate("ForecastModel", "Expected"),
            QCoreApplication.translate("ForecastModel", "Reference"),
            QCoreApplication.translate("ForecastModel", "Mode"),
            QCoreApplication.translate("ForecastModel", "Direction"),
            QCoreApplication.translate("ForecastModel", "Travellers\nforecast / actual"),
            QCoreApplication.translate("ForecastModel", "Vehicles\nforecast / actual"),
            QCoreApplication.translate("ForecastModel", "Status"),
            QCoreApplication.translate("ForecastModel", "Sync"),
            QCoreApplication.translate("ForecastModel", "Arrived"),
            QCoreApplication.translate("ForecastModel", "Delay\n(min)"),
            QCoreApplication.translate("ForecastModel", "Arrival"),
            QCoreApplication.translate("ForecastModel", "Pre-\ninspection"),
            QCoreApplication.translate("ForecastModel", "Cargo"),
            QCoreApplication.translate("ForecastModel", "Carrier"),
        ][column]

    def key(self, row: ForecastRow) -> Any:
        return row.forecast.id

    def arrival(self, row: ForecastRow) -> Arrival:
        return forecasts.arrival_status(row.forecast, self._now())

    def cell(self, row: ForecastRow, column: int, role: int) -> Any:
        f = row.forecast
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SortRole:
            if column == self.COL_EXPECTED:
                return f.expected_at.timestamp()
            if column == self.COL_ARRIVED:
                return f.arrived_at.timestamp() if f.arrived_at else 0.0
            if column == self.COL_DELAY:
                return self._delay_min(f) if f.arrived_at else -1e9
            if column == self.COL_TRAVELLERS:
                return f.expected_travellers
            if column == self.COL_VEHICLES:
                return f.expected_vehicles
            if column == self.COL_SYNC:
                return _SYNC_ORDER.get(row.sync, 3)
            return self._text(row, column)
        if role == FilterRole:
            if column == self.COL_MODE:
                return f.mode.value
            if column == self.COL_STATUS:
                return f.status.value
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_ARRIVAL:
            arrival = self.arrival(row)
            if arrival in (Arrival.OVERDUE, Arrival.LATE):
                return look.icon("level-amber")
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_SYNC:
            return look.icon(SYNC_ICONS.get(row.sync, "record-received"))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_SYNC:
            return sync_tooltip(row.sync)
        return None

    def _delay_min(self, f: Forecast) -> float:
        assert f.arrived_at is not None
        return (f.arrived_at - f.expected_at).total_seconds() / 60

    def _text(self, row: ForecastRow, column: int) -> str:
        f = row.forecast
        zone = self._zone()
        if column == self.COL_EXPECTED:
            return look.short_date_time(f.expected_at, zone)
        if column == self.COL_REFERENCE:
            return f.reference
        if column == self.COL_MODE:
            return label(f.mode)
        if column == self.COL_DIRECTION:
            return label(f.direction)
        if column == self.COL_CARRIER:
            return f.carrier
        if column == self.COL_TRAVELLERS:
            return f"{f.expected_travellers} / {row.actual_travellers}"
        if column == self.COL_VEHICLES:
            return f"{f.expected_vehicles} / {row.actual_vehicles}"
        if column == self.COL_CARGO:
            return label(f.cargo)
        if column == self.COL_PREINSPECTION:
            return label(f.preinspection)
        if column == self.COL_STATUS:
            return label(f.status)
        if column == self.COL_SYNC:
            return sync_text(row.sync)
        if column == self.COL_ARRIVED:
            return look.clock_time(f.arrived_at, zone) if f.arrived_at else "–"
        if column == self.COL_DELAY:
            return f"{self._delay_min(f):+.0f}" if f.arrived_at else "–"
        return label(self.arrival(row))

    def tick(self) -> None:
        self.refresh_columns([self.COL_ARRIVAL])


def sync_text(state: str) -> str:
    """A record's sync state in a word (icon beside it: never colour alone)."""
    return {
        "pending": QCoreApplication.translate("RecordSync", "Not sent"),
        "sent": QCoreApplication.translate("RecordSync", "Sent"),
        "received": QCoreApplication.translate("RecordSync", "From HQ"),
    }.get(state, state)


def sync_tooltip(state: str) -> str:
    return {
        "pending": QCoreApplication.translate(
            "RecordSync", "Changed here; HQ does not have the change yet"
        ),
        "sent": QCoreApplication.translate("RecordSync", "Every change made here is at HQ"),
        "received": QCoreApplication.translate("RecordSync", "Came from HQ; not changed here"),
    }.get(state, state)


class ForecastFilter(QSortFilterProxyModel):
    """Sort by the model's SortRole; filter by mode, status and a search text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._mode = ""
        self._status = ""
        self._text = ""

    def set_mode(self, mode: str) -> None:
        self._refilter(lambda: setattr(self, "_mode", mode))

    def set_status(self, status: str) -> None:
        self._refilter(lambda: setattr(self, "_status", status))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().lower()))

    def _refilter(self, change: Callable[[], None]) -> None:
        # Qt 6.9 replaced invalidateRowsFilter() with begin/endFilterChange; the
        # package still allows older PySide6.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()

        def value(column: int) -> str:
            return str(model.data(model.index(source_row, column, source_parent), FilterRole))

        if self._mode and value(ForecastModel.COL_MODE) != self._mode:
            return False
        if self._status and value(ForecastModel.COL_STATUS) != self._status:
            return False
        if self._text:
            haystack = " ".join(
                value(c) for c in (ForecastModel.COL_REFERENCE, ForecastModel.COL_CARRIER)
            )
            return re.search(re.escape(self._text), haystack.lower()) is not None
        return True
