"""Add an officer to the roster, or change an officer's name and role (an admin's work).

A new officer's first PIN is typed twice here by the admin and handed over
in person; the officer can change it afterwards with their current PIN.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.enums import Role
from db.models import Officer
from desktop_app import officers
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
    pin_edit,
    retranslate_enum_combo,
)


class OfficerDialog(Retranslating, QDialog):
    saved = Signal(object)  # Officer

    def __init__(
        self, ctx: AppContext, officer: Officer | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("officerDialog")
        self.setMinimumWidth(480)
        self.ctx = ctx
        self.officer = officer
        self.badge = QLineEdit()
        self.badge.setObjectName("officerBadge")
        self.badge.setMaxLength(16)
        self.name = QLineEdit()
        self.name.setObjectName("officerName")
        self.role = QComboBox()
        self.role.setObjectName("officerRole")
        for role in Role:
            self.role.addItem(label(role), role)
        self.pin = pin_edit("officerPin")
        self.pin_repeat = pin_edit("officerPinRepeat")
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        self.save_button = key_button("officerSave")
        self.save_button.setProperty("kind", "primary")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("officerCancel")

        fields: list[tuple[str, QWidget]] = [
            ("badge_no", self.badge),
            ("name", self.name),
            ("role", self.role),
        ]
        if officer is None:
            fields += [("pin", self.pin), ("pin_repeat", self.pin_repeat)]
        else:
            # The badge is who the officer is in every record: it is not edited.
            self.badge.setText(officer.badge_no)
            self.badge.setReadOnly(True)
            self.name.setText(officer.name)
            self.role.setCurrentIndex(max(0, index_of(self.role, officer.role)))
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for field, widget in fields:
            self.labels[field] = self.errors.row(form, widget, field)
        # The rule "only an admin may" names the acting officer: shown on the form's line.
        buttons = button_row(self.cancel_button, self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()

    def save(self) -> None:
        self.errors.clear()
        desk, by = self.ctx.desk, self.ctx.officer_id
        name, role = self.name.text(), Role(self.role.currentData())
        if self.officer is None:
            badge, pin = self.badge.text(), self.pin.text()
            if pin != self.pin_repeat.text():
                self.errors.show_text("pin_repeat", self.tr("The two PINs differ"))
                return
            op = self.ctx.op(
                self,
                lambda: officers.add_officer(
                    desk, badge_no=badge, name=name, role=role, pin=pin, by=by
                ),
            )
        else:
            officer_id = self.officer.id
            op = self.ctx.op(
                self,
                lambda: officers.edit_officer(
                    desk, officer_id=officer_id, name=name, role=role, by=by
                ),
            )
        self.save_button.setEnabled(False)
        op.success(self._saved).failure(self._failed).done(
            lambda: self.save_button.setEnabled(True)
        ).run()

    def _saved(self, officer: Officer) -> None:
        self.saved.emit(officer)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def retranslate(self) -> None:
        if self.officer is None:
            self.setWindowTitle(self.tr("Add an officer"))
        else:
            self.setWindowTitle(self.tr("Edit officer {badge}").format(badge=self.officer.badge_no))
        texts = {
            "badge_no": self.tr("Badge number"),
            "name": self.tr("Name"),
            "role": self.tr("Role"),
            "pin": self.tr("First PIN (4 to 8 digits)"),
            "pin_repeat": self.tr("PIN again"),
        }
        for field, widget in self.labels.items():
            widget.setText(texts[field])
        retranslate_enum_combo(self.role, Role)
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))
