"""Add or edit a forecast; the services' rule violations appear under the field they name.

A forecast HQ created is HQ's to schedule (``desktop_app.protocol.rules``: whoever
creates a forecast owns its schedule fields, and the owner wins a conflict):
those fields are read-only here, with a note saying so, and a save sends only
the fields this post owns, so an edit at the post never silently loses to HQ.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.enums import CargoCategory, Direction, ForecastSource, Mode
from db.models import Forecast
from desktop_app import forecasts
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.labels import label
from ui.retranslating import Retranslating
from ui.widgets.common import (
    FieldErrors,
    button_row,
    error_label,
    index_of,
    key_button,
    retranslate_enum_combo,
)

# Wider than the services allow, so that their rule (not the spin box) says what is wrong.
COUNT_LIMIT = 999_999


def to_utc(value: QDateTime, zone: Any) -> datetime:
    """A wall-clock time typed in the port's zone, as an aware datetime."""
    day, clock = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=zone)


def from_utc(at: datetime, zone: Any) -> QDateTime:
    local = at.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)


class ForecastDialog(Retranslating, QDialog):
    saved = Signal(object)  # Forecast

    def __init__(
        self, ctx: AppContext, forecast: Forecast | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("forecastDialog")
        self.setMinimumWidth(560)
        self.ctx = ctx
        self.forecast = forecast
        zone = ctx.port_zone

        self.mode = self._combo("forecastMode", Mode)
        self.reference = QLineEdit()
        self.reference.setObjectName("forecastReference")
        self.carrier = QLineEdit()
        self.carrier.setObjectName("forecastCarrier")
        self.direction = self._combo("forecastDirection", Direction)
        self.expected_at = QDateTimeEdit()
        self.expected_at.setObjectName("forecastExpectedAt")
        self.expected_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.expected_at.setCalendarPopup(True)
        self.travellers = QSpinBox()
        self.travellers.setObjectName("forecastTravellers")
        self.travellers.setRange(0, COUNT_LIMIT)
        self.vehicles = QSpinBox()
        self.vehicles.setObjectName("forecastVehicles")
        self.vehicles.setRange(0, COUNT_LIMIT)
        self.cargo = self._combo("forecastCargo", CargoCategory)
        self.source = self._combo("forecastSource", ForecastSource)
        # When the notice was given and by whom (entered here is recorded by itself).
        self.announced_at = QDateTimeEdit()
        self.announced_at.setObjectName("forecastAnnouncedAt")
        self.announced_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.announced_at.setCalendarPopup(True)
        self.announced_by = QLineEdit()
        self.announced_by.setObjectName("forecastAnnouncedBy")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("forecastNotes")
        self.notes.setFixedHeight(70)

        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        self.save_button = key_button("forecastSave")
        self.save_button.setProperty("kind", "primary")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("forecastCancel")

        self.field_labels: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        # HQ's fields of this record (its schedule, if HQ created it): read-only here.
        self.hq_owned: frozenset[str] = frozenset()
        if forecast is not None:
            # Imported here, not at start-up: the sync package is the worker's to load.
            from desktop_app.protocol.rules import hq_owned_fields

            self.hq_owned = hq_owned_fields("forecasts", forecast.origin_device)
        self.hq_note = QLabel()
        self.hq_note.setObjectName("notice")
        self.hq_note.setProperty("role", "hqOwned")
        self.hq_note.setWordWrap(True)
        self.hq_note.setVisible(bool(self.hq_owned))
        form = QFormLayout()
        for field, widget in (
            ("mode", self.mode),
            ("reference", self.reference),
            ("carrier", self.carrier),
            ("direction", self.direction),
            ("expected_at", self.expected_at),
            ("expected_travellers", self.travellers),
            ("expected_vehicles", self.vehicles),
            ("cargo", self.cargo),
            ("source", self.source),
            ("announced_at", self.announced_at),
            ("announced_by", self.announced_by),
            ("notes", self.notes),
        ):
            self.field_labels[field] = self.errors.row(form, widget, field)
            self.field_widgets[field] = widget
        buttons = button_row(self.cancel_button, self.save_button)
        layout = QVBoxLayout(self)
        # Never smaller than the form: the wrapped note above it must not squeeze the rows.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.hq_note)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)

        if forecast is None:
            start = ctx.now() + timedelta(hours=1)
            self.expected_at.setDateTime(from_utc(start.replace(minute=0), zone))
            self._select(self.source, ForecastSource.MANUAL)
            self.announced_at.setDateTime(from_utc(ctx.now(), zone))
        else:
            self._select(self.mode, forecast.mode)
            self.reference.setText(forecast.reference)
            self.carrier.setText(forecast.carrier)
            self._select(self.direction, forecast.direction)
            self.expected_at.setDateTime(from_utc(forecast.expected_at, zone))
            self.travellers.setValue(forecast.expected_travellers)
            self.vehicles.setValue(forecast.expected_vehicles)
            self._select(self.cargo, forecast.cargo)
            self._select(self.source, forecast.source)
            self.announced_at.setDateTime(
                from_utc(forecast.announced_at or forecast.entered_at or ctx.now(), zone)
            )
            self.announced_by.setText(forecast.announced_by)
            self.notes.setPlainText(forecast.notes)
            for field in self.hq_owned & set(self.field_widgets):
                self._read_only(self.field_widgets[field])
        # Set above without a signal to mark: only an officer's change counts as "touched".
        self.announced_at.dateTimeChanged.connect(
            lambda _v: self.announced_at.setProperty("touched", True)
        )
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()
        # Qt sizes a new window to at most 2/3 of the screen: on a 768-pixel desk screen
        # that squeezes the form's rows.  Take the height the form asks for, if it fits.
        screen = self.screen().availableSize() if self.screen() else None
        hint = self.sizeHint()
        self.resize(hint.boundedTo(screen) if screen is not None else hint)

    def _combo(self, name: str, kind: type[Any]) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setObjectName(name)
        for member in kind:
            combo.addItem(label(member), member)
        return combo

    @staticmethod
    def _read_only(widget: QWidget) -> None:
        # Disabled rather than read-only: every kind of field (combo boxes have no
        # read-only mode) looks the same, greyed, and takes no focus or keys.
        widget.setEnabled(False)
        widget.setProperty("hqOwned", True)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(max(0, index_of(combo, value)))

    def values(self) -> dict[str, Any]:
        return {
            "mode": Mode(self.mode.currentData()),
            "reference": self.reference.text(),
            "carrier": self.carrier.text(),
            "direction": Direction(self.direction.currentData()),
            "expected_at": to_utc(self.expected_at.dateTime(), self.ctx.port_zone),
            "expected_travellers": self.travellers.value(),
            "expected_vehicles": self.vehicles.value(),
            "cargo": CargoCategory(self.cargo.currentData()),
            "source": ForecastSource(self.source.currentData()),
            "announced_at": to_utc(self.announced_at.dateTime(), self.ctx.port_zone),
            "announced_by": self.announced_by.text(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> None:
        self.errors.clear()
        values = self.values()
        desk, by = self.ctx.desk, self.ctx.officer_id
        if self.forecast is None:
            op = self.ctx.op(self, lambda: forecasts.add(desk, by=by, **values))
        else:
            forecast_id = self.forecast.id
            # Only what this post owns: HQ's fields were shown, not edited.
            values = {k: v for k, v in values.items() if k not in self.hq_owned}
            # An old forecast whose notice time was never recorded: not guessed now.
            if self.forecast.announced_at is None and not self.announced_at.property("touched"):
                values.pop("announced_at", None)
            op = self.ctx.op(
                self, lambda: forecasts.update(desk, forecast_id=forecast_id, by=by, **values)
            )
        self.save_button.setEnabled(False)
        op.success(self._saved).failure(self._failed).done(
            lambda: self.save_button.setEnabled(True)
        ).run()

    def _saved(self, forecast: Forecast) -> None:
        self.saved.emit(forecast)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def retranslate(self) -> None:
        if self.forecast is None:
            self.setWindowTitle(self.tr("New forecast"))
        else:
            self.setWindowTitle(self.tr("Edit forecast"))
        texts = {
            "mode": self.tr("Mode"),
            "reference": self.tr("Plate, train or flight number"),
            "carrier": self.tr("Carrier"),
            "direction": self.tr("Direction"),
            "expected_at": self.tr("Expected at (port time)"),
            "expected_travellers": self.tr("Expected travellers"),
            "expected_vehicles": self.tr("Expected vehicles"),
            "cargo": self.tr("Cargo"),
            "source": self.tr("Announced by (source)"),
            "announced_at": self.tr("Announced at (port time)"),
            "announced_by": self.tr("Announced by (name, office)"),
            "notes": self.tr("Notes"),
        }
        for field, text in texts.items():
            self.field_labels[field].setText(text)
        if self.hq_owned:
            self.hq_note.setText(
                self.tr(
                    "HQ created this forecast and owns its schedule: the greyed fields can be "
                    "changed only at HQ (a change made here would lose to HQ's). Notes, "
                    "arrival and pre-inspection are this post's."
                )
            )
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))
        for combo, kind in (
            (self.mode, Mode),
            (self.direction, Direction),
            (self.cargo, CargoCategory),
            (self.source, ForecastSource),
        ):
            retranslate_enum_combo(combo, kind)
