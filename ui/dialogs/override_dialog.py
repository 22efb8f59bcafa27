"""Open over a failed required check: the deputy captain's reason, badge and PIN.

A required check that failed blocks the opening of the shift; only a deputy
captain (or above) can take the shift over it, with a reason that is signed
with their PIN, audited, synced and printed in the shift report
(``desktop_app.shifts.override_check``).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import shifts
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.dialogs.assign_dialog import officer_by_badge
from ui.retranslating import Retranslating
from ui.widgets.common import FieldErrors, button_row, error_label, key_button, pin_edit


class OverrideDialog(Retranslating, QDialog):
    overridden = Signal()

    def __init__(
        self,
        ctx: AppContext,
        shift_id: uuid.UUID,
        status: shifts.CheckStatus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setMinimumWidth(460)
        self.ctx = ctx
        self.shift_id = shift_id
        self.status = status
        self.summary = QLabel()
        self.summary.setObjectName("overrideSummary")
        self.summary.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setMaximumHeight(90)
        self.badge = QLineEdit()
        self.badge.setObjectName("overrideBadge")
        if ctx.in_command and ctx.officer is not None:
            self.badge.setText(ctx.officer.badge_no)
        self.pin = pin_edit("overridePin")
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        self.save_button = key_button("overrideSave")
        self.save_button.setProperty("kind", "danger")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("overrideCancel")
        form = QFormLayout()
        form.addRow(self.summary)
        self.labels = {
            key: self.errors.row(form, widget, fields)
            for key, widget, fields in (
                ("reason", self.reason, ["reason"]),
                ("badge", self.badge, ["approver", "by", "badge_no"]),
                ("pin", self.pin, ["pin"]),
            )
        }
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(button_row(self.cancel_button, self.save_button))
        self.save_button.clicked.connect(self.save)
        self.pin.returnPressed.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()

    def save(self) -> None:
        self.errors.clear()
        desk, shift_id, code = self.ctx.desk, self.shift_id, self.status.item.code
        badge, pin, reason = self.badge.text(), self.pin.text(), self.reason.toPlainText()

        def run() -> object:
            by = officer_by_badge(desk, badge, field="approver")
            return shifts.override_check(
                desk, shift_id=shift_id, item_code=code, reason=reason, by=by, pin=pin
            )

        self.pin.clear()
        self.save_button.setEnabled(False)
        (
            self.ctx.op(self, run)
            .success(self._saved)
            .failure(self._failed)
            .done(lambda: self.save_button.setEnabled(True))
            .run()
        )

    def _saved(self, _row: object) -> None:
        self.overridden.emit()
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def retranslate(self) -> None:
        item = self.status.item
        self.setWindowTitle(self.tr("Open over a failed check"))
        self.summary.setText(
            self.tr(
                "{item} failed: {note}. The shift opens only if a deputy captain takes it "
                "over with a reason; the decision is signed with the PIN, audited and printed "
                "in the shift report."
            ).format(
                item=self.ctx.language.pick(item.label_zh, item.label_en), note=self.status.note
            )
        )
        self.labels["reason"].setText(self.tr("Reason"))
        self.labels["badge"].setText(self.tr("Deputy captain's badge"))
        self.labels["pin"].setText(self.tr("Deputy captain's PIN"))
        self.save_button.setText(self.tr("Override and allow opening"))
        self.cancel_button.setText(self.tr("Cancel"))
