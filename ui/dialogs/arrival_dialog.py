"""A forecast group arrived: when, and its actual size, counted or estimated.

Ctrl+R on the forecasts board opens it: Enter records the arrival now (the
size may stay "not known yet" and be given later, the same way, once the
group is counted).  For a group that has arrived already it records the size.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.enums import ForecastStatus, SizeMethod
from db.models import Forecast
from desktop_app import forecasts
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.labels import label
from ui.retranslating import Retranslating
from ui.widgets.common import FieldErrors, error_label, retranslate_enum_combo

UNKNOWN = -1  # the spin boxes' "not known yet"


def _count_box(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(UNKNOWN, 999_999)  # the services' rule says what is too many
    box.setValue(UNKNOWN)
    return box


class ArrivalDialog(Retranslating, QDialog):
    saved = Signal(object)  # Forecast

    def __init__(self, ctx: AppContext, forecast: Forecast, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arrivalDialog")
        self.ctx = ctx
        self.forecast = forecast
        self.arrived = forecast.status == ForecastStatus.ARRIVED
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.travellers = _count_box("actualTravellers")
        self.vehicles = _count_box("actualVehicles")
        if forecast.actual_travellers is not None:
            self.travellers.setValue(forecast.actual_travellers)
        if forecast.actual_vehicles is not None:
            self.vehicles.setValue(forecast.actual_vehicles)
        self.method = QComboBox()
        self.method.setObjectName("actualMethod")
        self.method.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for member in SizeMethod:
            self.method.addItem(label(member), member)
        if forecast.actual_method is not None:
            self.method.setCurrentIndex(list(SizeMethod).index(forecast.actual_method))
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self.travellers_label = self.errors.row(form, self.travellers, "actual_travellers")
        self.vehicles_label = self.errors.row(form, self.vehicles, "actual_vehicles")
        self.method_label = self.errors.row(form, self.method, "actual_method")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def actual_size(self) -> dict[str, Any]:
        travellers, vehicles = self.travellers.value(), self.vehicles.value()
        if travellers == UNKNOWN and vehicles == UNKNOWN:
            return {}
        return {
            "actual_travellers": None if travellers == UNKNOWN else travellers,
            "actual_vehicles": None if vehicles == UNKNOWN else vehicles,
            "actual_method": SizeMethod(self.method.currentData()),
        }

    def submit(self) -> None:
        self.errors.clear()
        desk, by, forecast_id, size = (
            self.ctx.desk,
            self.ctx.officer_id,
            self.forecast.id,
            self.actual_size(),
        )
        at = self.ctx.now()  # the moment of the key, whatever the worker is doing
        if self.arrived:
            if not size:
                self.reject()  # nothing to record
                return

            def run() -> Forecast:
                return forecasts.record_actual_size(desk, forecast_id=forecast_id, by=by, **size)
        else:

            def run() -> Forecast:
                return forecasts.mark_arrived(desk, forecast_id=forecast_id, by=by, at=at, **size)

        self.buttons.setEnabled(False)
        (
            self.ctx.op(self, run)
            .success(self._saved)
            .failure(self._failed)
            .done(lambda: self.buttons.setEnabled(True))
            .run()
        )

    def _saved(self, forecast: Forecast) -> None:
        self.saved.emit(forecast)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def retranslate(self) -> None:
        f = self.forecast
        if self.arrived:
            self.setWindowTitle(self.tr("Size of the group that arrived"))
            self.intro.setText(
                self.tr("{reference} arrived at {time}. How many came?").format(
                    reference=f.reference, time=self.ctx.local_time(f.arrived_at or self.ctx.now())
                )
            )
        else:
            self.setWindowTitle(self.tr("Mark arrived"))
            self.intro.setText(
                self.tr(
                    "{reference} arrives now (forecast: {travellers} travellers, {vehicles} "
                    "vehicles). The size may stay unknown and be given later."
                ).format(
                    reference=f.reference,
                    travellers=f.expected_travellers,
                    vehicles=f.expected_vehicles,
                )
            )
        unknown = self.tr("not known yet")
        self.travellers.setSpecialValueText(unknown)
        self.vehicles.setSpecialValueText(unknown)
        self.travellers_label.setText(self.tr("Travellers who came"))
        self.vehicles_label.setText(self.tr("Vehicles that came"))
        self.method_label.setText(self.tr("Found by"))
        retranslate_enum_combo(self.method, SizeMethod)
