"""Set a PIN: one's own (with the current PIN), or, as an admin, another officer's.

An admin's reset also lifts a lock-out: it is the way back for an officer
who forgot their PIN (``desktop_app.officers.set_pin``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.models import Officer
from desktop_app import officers
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.retranslating import Retranslating
from ui.widgets.common import FieldErrors, button_row, error_label, key_button, pin_edit


class PinDialog(Retranslating, QDialog):
    saved = Signal(object)  # Officer

    def __init__(self, ctx: AppContext, officer: Officer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setMinimumWidth(420)
        self.ctx = ctx
        self.officer = officer
        self.own = officer.id == ctx.officer_id
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.current = pin_edit("currentPin")
        self.pin = pin_edit("newPin")
        self.pin_repeat = pin_edit("newPinRepeat")
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        self.save_button = key_button("pinSave")
        self.save_button.setProperty("kind", "primary")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("pinCancel")
        fields: list[tuple[str, QWidget]] = [("pin", self.pin), ("pin_repeat", self.pin_repeat)]
        if self.own:
            fields.insert(0, ("current_pin", self.current))
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow(self.intro)
        for field, widget in fields:
            self.labels[field] = self.errors.row(form, widget, field)
        buttons = button_row(self.cancel_button, self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.pin_repeat.returnPressed.connect(self.save)
        self.retranslate()

    def save(self) -> None:
        self.errors.clear()
        pin = self.pin.text()
        if pin != self.pin_repeat.text():
            self.errors.show_text("pin_repeat", self.tr("The two PINs differ"))
            return
        desk, by, officer_id = self.ctx.desk, self.ctx.officer_id, self.officer.id
        current = self.current.text() if self.own else None
        self.save_button.setEnabled(False)
        (
            self.ctx.op(
                self,
                lambda: officers.set_pin(
                    desk, officer_id=officer_id, pin=pin, by=by, current_pin=current
                ),
            )
            .success(self._saved)
            .failure(self._failed)
            .done(lambda: self.save_button.setEnabled(True))
            .run()
        )

    def _saved(self, officer: Officer) -> None:
        self.saved.emit(officer)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)
        # A wrong current PIN counts towards the lock-out: start the entry again.
        self.current.clear()

    def retranslate(self) -> None:
        if self.own:
            self.setWindowTitle(self.tr("Change my PIN"))
            self.intro.setText(self.tr("Type your current PIN, then the new one twice."))
        else:
            self.setWindowTitle(self.tr("Reset a PIN"))
            self.intro.setText(
                self.tr(
                    "New PIN for {name} ({badge}). Give it to them in person; "
                    "a lock-out after wrong PINs is lifted."
                ).format(name=self.officer.name, badge=self.officer.badge_no)
            )
        texts = {
            "current_pin": self.tr("Current PIN"),
            "pin": self.tr("New PIN (4 to 8 digits)"),
            "pin_repeat": self.tr("New PIN again"),
        }
        for field, widget in self.labels.items():
            widget.setText(texts[field])
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))
