"""The forecasts board: today's and upcoming arrivals, sortable and filterable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.enums import ForecastStatus, Mode, PreInspection
from db.models import Forecast
from desktop_app import forecasts
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.dialogs.arrival_dialog import ArrivalDialog
from ui.dialogs.forecast_dialog import ForecastDialog
from ui.live import Refresher
from ui.models.forecast_model import ForecastFilter, ForecastModel, ForecastRow, load_board
from ui.retranslating import Retranslating
from ui.widgets.common import error_label, key_button, retranslate_enum_combo, row_table, with_key

if TYPE_CHECKING:
    from desktop_app.sync import SyncState

FORECAST_TABLES = frozenset({"forecasts", "clearance_events", "lane_assignments"})


class ForecastsPage(Retranslating, QWidget):
    assign_requested = Signal(object)  # ForecastRow

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")

        self.mode_filter = QComboBox()

        self.mode_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.mode_filter.setObjectName("modeFilter")
        self.mode_filter.addItem("", "")
        for mode in Mode:
            self.mode_filter.addItem("", mode)
        self.status_filter = QComboBox()
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem("", "")
        for status in ForecastStatus:
            self.status_filter.addItem("", status)
        self.search = QLineEdit()
        self.search.setObjectName("forecastSearch")
        self.search.setClearButtonEnabled(True)
        self.mode_label = QLabel()
        self.status_label = QLabel()

        self.model = ForecastModel(ctx.now, lambda: ctx.port_zone, self)
        self.proxy = ForecastFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = row_table("forecastTable", self.proxy, ForecastModel.COL_EXPECTED)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # The carrier is free text: last, and stretched into whatever width is left.
        self.table.horizontalHeader().setSectionResizeMode(
            ForecastModel.COL_CARRIER, QHeaderView.ResizeMode.Stretch
        )

        self.add_button = key_button("addForecast", "Ctrl+N")
        self.edit_button = key_button("editForecast")
        self.arrived_button = key_button("markArrived", "Ctrl+R")
        self.preinspection = QComboBox()
        self.preinspection.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preinspection.setObjectName("preinspectionStatus")
        for pre in PreInspection:
            self.preinspection.addItem("", pre)
        self.preinspection_button = key_button("setPreinspection")
        self.assign_button = key_button("assignForecast")
        self.error = error_label("forecast_id")

        filters = QHBoxLayout()
        filters.addWidget(self.mode_label)
        filters.addWidget(self.mode_filter)
        filters.addWidget(self.status_label)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for widget in (
            self.add_button,
            self.edit_button,
            self.arrived_button,
            self.assign_button,
        ):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.preinspection)
        buttons.addWidget(self.preinspection_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.mode_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_mode(str(self.mode_filter.currentData() or ""))
        )
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(str(self.status_filter.currentData() or ""))
        )
        self.search.textChanged.connect(self.proxy.set_text)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.arrived_button.clicked.connect(self.mark_arrived)
        self.preinspection_button.clicked.connect(self.set_preinspection)
        self.assign_button.clicked.connect(self._assign)

        self.refresher = Refresher(
            ctx, self, lambda: load_board(ctx.desk), self._loaded, FORECAST_TABLES, widget=self
        )
        ctx.desk_attached.connect(self.refresher.request)
        ctx.tick.connect(self._tick)
        # HQ's acknowledgements change no table the board shows, only the sync column:
        # reload when a sync has moved the figures.
        ctx.sync.state_changed.connect(self._sync_changed)
        self._sync_seen: tuple[object, ...] | None = None
        self.loaded = False
        self._select_next: object = None
        self.dialog: ForecastDialog | ArrivalDialog | None = None
        self.retranslate()

    def _tick(self) -> None:
        if self.isVisible():
            self.model.tick()

    def _sync_changed(self, state: SyncState) -> None:
        if state.running:
            return
        seen = (state.pending, state.last_success, state.last_attempt)
        if seen != self._sync_seen:
            if self._sync_seen is not None:
                self.refresher.request()  # now if shown, else when shown
            self._sync_seen = seen

    def _loaded(self, rows: list[ForecastRow]) -> None:
        selected = self.selected_row()
        keep = self._select_next or (selected.forecast.id if selected else None)
        self._select_next = None
        self.model.set_rows(rows)
        self.loaded = True
        if keep is not None:
            self.select(keep)

    def selected_row(self) -> ForecastRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(self.proxy.mapToSource(index)) if index.isValid() else None

    def select(self, forecast_id: object) -> bool:
        row = self.model.row_of_key(forecast_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def _need_selection(self) -> ForecastRow | None:
        row = self.selected_row()
        if row is None:
            self.error.setText(self.tr("Select a forecast first"))
            self.error.show()
            return None
        self.error.hide()
        return row

    def add(self) -> None:
        self._open_dialog(None)

    def edit(self) -> None:
        row = self._need_selection()
        if row is not None:
            self._open_dialog(row.forecast)

    def _open_dialog(self, forecast: Forecast | None) -> None:
        dialog = ForecastDialog(self.ctx, forecast, self)
        dialog.saved.connect(lambda f: self._saved(f))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _saved(self, forecast: Forecast) -> None:
        self.ctx.status.emit(
            self.tr("Forecast {reference} saved").format(reference=forecast.reference)
        )
        self._select_next = forecast.id  # selected once the board has reloaded

    def mark_arrived(self) -> None:
        """Ctrl+R: the group arrived (Enter: now), with its size; on an arrived one, its size."""
        row = self._need_selection()
        if row is None:
            return
        if row.forecast.status == ForecastStatus.CANCELLED:
            self.error.setText(
                self.ctx.describe(
                    RuleViolation("forecast_id", "forecast_state", status="cancelled")
                )
            )
            self.error.show()
            return
        dialog = ArrivalDialog(self.ctx, row.forecast, self)
        dialog.saved.connect(
            lambda f: self.ctx.status.emit(
                self.tr("{reference} arrived").format(reference=f.reference)
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def set_preinspection(self) -> None:
        row = self._need_selection()
        if row is None:
            return
        status = PreInspection(self.preinspection.currentData())
        desk, by, forecast_id = self.ctx.desk, self.ctx.officer_id, row.forecast.id
        (
            self.ctx.op(
                self,
                lambda: forecasts.set_preinspection(
                    desk, forecast_id=forecast_id, status=status, by=by
                ),
            )
            .failure(self._failed)
            .run()
        )

    def _assign(self) -> None:
        row = self._need_selection()
        if row is not None:
            self.assign_requested.emit(row)

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.error.setText(self.ctx.describe(error))
        self.error.show()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Forecasts: today and tomorrow"))
        self.mode_label.setText(self.tr("Mode"))
        self.status_label.setText(self.tr("Status"))
        self.search.setPlaceholderText(self.tr("Search reference or carrier"))
        retranslate_enum_combo(self.mode_filter, Mode)
        retranslate_enum_combo(self.status_filter, ForecastStatus)
        retranslate_enum_combo(self.preinspection, PreInspection)
        self.mode_filter.setItemText(0, self.tr("All modes"))
        self.status_filter.setItemText(0, self.tr("All statuses"))
        self.add_button.setText(with_key(self.tr("New forecast"), "Ctrl+N"))
        self.edit_button.setText(self.tr("Edit…"))
        self.arrived_button.setText(with_key(self.tr("Arrived, group size…"), "Ctrl+R"))
        self.assign_button.setText(self.tr("Assign to lane…"))
        self.preinspection_button.setText(self.tr("Set pre-inspection"))
        self.model.retranslate()
