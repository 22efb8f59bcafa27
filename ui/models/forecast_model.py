"""The forecasts board: today's and upcoming forecasts, forecast against actual."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from db import queries
from db.models import Forecast
from desktop_app import forecasts
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


SYNC_ICONS = {
    "held": "sync-error",  # set aside: HQ refused a change made here (the sync panel says why)
    "pending": "record-pending",
    "sent": "record-sent",
    "received": "record-received",
}
_SYNC_ORDER = {"held": -1, "pending": 0, "sent": 1, "received": 2}


def load_board(desk: Desk, *, upcoming_days: int = 1) -> list[ForecastRow]:
    """Runs on the worker: today's and the next days' forecasts with their actual counts."""
    lines = forecasts.today(desk, upcoming_days=upcoming_days)
    if not lines:
        return []
    ids = [line.forecast.id for line in lines]
    with desk.read() as s:
        # Each forecast's own travellers, through the forecast index: folding every
        # clearance of the last day to find them grew with the day's traffic.
        counted = queries.arrivals_by_forecast(s, ids, desk.now())
    persons = {i: counted.get((i, True), 0) for i in ids}
    vehicles = {i: counted.get((i, False), 0) for i in ids}
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
    COL_SIZE = 11  # the group's actual size on arrival, counted or estimated
    COL_ANNOUNCED = 12  # when the notice was given, and by whom
    COL_PREINSPECTION = 13
    COL_CARGO = 14
    COL_CARRIER = 15
    COLUMNS = tuple(range(16))

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
            QCoreApplication.translate("ForecastModel", "Group on\narrival"),
            QCoreApplication.translate("ForecastModel", "Announced"),
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
            if column == self.COL_ANNOUNCED:
                return f.announced_at.timestamp() if f.announced_at else 0.0
            if column == self.COL_SIZE:
                return f.actual_travellers if f.actual_travellers is not None else -1
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
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_ANNOUNCED:
            return self._announced_tooltip(f)
        return None

    def _announced_tooltip(self, f: Forecast) -> str:
        zone = self._zone()
        lines = [
            QCoreApplication.translate("ForecastModel", "Announced {time} by {source}").format(
                time=look.date_time(f.announced_at, zone), source=label(f.source)
            )
        ]
        if f.announced_by:
            lines.append(f.announced_by)
        lines.append(
            QCoreApplication.translate("ForecastModel", "Entered here {time}").format(
                time=look.date_time(f.entered_at, zone)
            )
        )
        return "\n".join(lines)

    def _size_text(self, f: Forecast) -> str:
        if f.actual_method is None:
            return "–"
        counts = " / ".join(
            "?" if n is None else str(n) for n in (f.actual_travellers, f.actual_vehicles)
        )
        return f"{counts} {label(f.actual_method)}"

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
        if column == self.COL_SIZE:
            return self._size_text(f)
        if column == self.COL_ANNOUNCED:
            if f.announced_at is None:
                return "–"
            return f"{look.short_date_time(f.announced_at, zone)} {label(f.source)}"
        return label(self.arrival(row))

    def tick(self) -> None:
        self.refresh_columns([self.COL_ARRIVAL])


def sync_text(state: str) -> str:
    """A record's sync state in a word (icon beside it: never colour alone)."""
    return {
        "held": QCoreApplication.translate("RecordSync", "Set aside"),
        "pending": QCoreApplication.translate("RecordSync", "Not sent"),
        "sent": QCoreApplication.translate("RecordSync", "Sent"),
        "received": QCoreApplication.translate("RecordSync", "From HQ"),
    }.get(state, state)


def sync_tooltip(state: str) -> str:
    return {
        "held": QCoreApplication.translate(
            "RecordSync", "HQ refused a change made here, or it waits for one: see Sync (Ctrl+6)"
        ),
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
