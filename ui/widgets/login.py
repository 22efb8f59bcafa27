"""Sign-in with badge number and PIN; also the lock screen after inactivity."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.models import Officer
from desktop_app import officers
from desktop_app.errors import RuleViolation
from ui import look
from ui.context import AppContext
from ui.retranslating import Retranslating
from ui.widgets.common import FieldErrors, error_label, key_button, pin_edit


class LoginPage(Retranslating, QWidget):
    """Badge, then PIN, then Enter; a barcode scanner on the badge field works too."""

    signed_in = Signal(object)  # Officer

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._locked_by: str | None = None
        self._busy = False

        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.port = QLabel()
        self.port.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_banner = QLabel()
        self.lock_banner.setObjectName("lockBanner")
        self.lock_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_banner.setWordWrap(True)
        self.lock_banner.hide()

        self.badge = QLineEdit()
        self.badge.setObjectName("badge")
        self.badge.setMaxLength(16)
        self.pin = pin_edit("pin")
        self.badge_error = error_label("badge_no")
        self.pin_error = error_label("pin")
        self.general_error = error_label("general")
        self.sign_in = key_button("signIn")
        self.sign_in.setProperty("kind", "primary")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.errors = FieldErrors(ctx, self.general_error)
        self.errors.add("badge_no", self.badge_error, self.badge)
        self.errors.add("pin", self.pin_error, self.pin)

        # A fixed-width column: word-wrapped labels need a definite width to measure their
        # height, which a centred layout item does not give them.
        column = QFrame()
        column.setFixedWidth(620)
        inner = QVBoxLayout(column)
        inner.setSpacing(10)
        for label in (self.title, self.port, self.lock_banner):
            inner.addWidget(label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        self.badge_label = QLabel()
        self.pin_label = QLabel()
        form.addRow(self.badge_label, self.badge)
        form.addRow("", self.badge_error)
        form.addRow(self.pin_label, self.pin)
        form.addRow("", self.pin_error)
        form.addRow("", self.sign_in)
        form.addRow("", self.general_error)
        inner.addLayout(form)
        inner.addWidget(self.hint)
        for widget in (self.badge, self.pin, self.sign_in):
            widget.setFont(look.live_font(look.BASE_POINT_SIZE + 4))
        self.port.setFont(look.live_font(look.BASE_POINT_SIZE + 2))

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

        self.badge.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self.sign_in.clicked.connect(self.submit)
        self.retranslate()

    def set_port_name(self, text: str) -> None:
        self.port.setText(text)

    def show_locked(self, officer_name: str | None) -> None:
        """The lock screen: the same sign-in, saying why it is here."""
        self._locked_by = officer_name
        self.retranslate()
        self.lock_banner.setVisible(officer_name is not None)

    def reset(self) -> None:
        self.badge.clear()
        self.pin.clear()
        self.errors.clear()
        self.badge.setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        badge, pin = self.badge.text().strip(), self.pin.text()
        if not badge:
            self.errors.show(RuleViolation("badge_no", "required"))
            return
        if not pin:
            self.errors.show(RuleViolation("pin", "required"))
            return
        self._busy = True
        self.sign_in.setEnabled(False)
        desk = self.ctx.desk
        (
            self.ctx.op(self, lambda: officers.authenticate(desk, badge_no=badge, pin=pin))
            .success(self._accepted)
            .failure(self._refused)
            .done(self._settled)
            .run()
        )

    def _settled(self) -> None:
        self._busy = False
        self.sign_in.setEnabled(True)

    def _accepted(self, officer: Officer) -> None:
        self._locked_by = None
        self.lock_banner.hide()
        self.reset()
        self.signed_in.emit(officer)

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.pin.clear()
        self.errors.show(error)
        if error.field == "pin":
            self.pin.setFocus()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Checkpoint Desk: verification platform"))
        self.badge_label.setText(self.tr("Badge number"))
        self.pin_label.setText(self.tr("PIN"))
        self.sign_in.setText(self.tr("Sign in  [Enter]"))
        self.hint.setText(
            self.tr("Type or scan your badge, press Enter, then type your PIN and press Enter.")
        )
        if self._locked_by is not None:
            self.lock_banner.setText(
                self.tr(
                    "Screen locked after inactivity ({name} was signed in). Sign in to continue."
                ).format(name=self._locked_by)
            )
