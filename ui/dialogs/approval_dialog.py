"""Decide a pending priority request: a deputy captain's badge and PIN sign the decision."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.models import EmergencyPassage, PriorityApproval
from desktop_app import approvals, emergencies
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.dialogs.assign_dialog import officer_by_badge
from ui.retranslating import Retranslating
from ui.widgets.common import FieldErrors, button_row, error_label, key_button, pin_edit


class ApprovalDialog(Retranslating, QDialog):
    decided = Signal(object)  # PriorityApproval

    def __init__(
        self, ctx: AppContext, approval: PriorityApproval, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.ctx = ctx
        self.approval = approval
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.badge = QLineEdit()
        self.badge.setObjectName("decideBadge")
        if ctx.in_command and ctx.officer is not None:
            self.badge.setText(ctx.officer.badge_no)
        self.pin = pin_edit("decidePin")
        self.note = QLineEdit()
        self.note.setObjectName("decideNote")
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        self.approve_button = key_button("approve")
        self.approve_button.setProperty("kind", "primary")
        self.reject_button = key_button("reject")
        self.reject_button.setProperty("kind", "danger")
        self.cancel_button = QPushButton()
        form = QFormLayout()
        form.addRow(self.summary)
        self.labels = {
            key: self.errors.row(form, widget, fields)
            for key, widget, fields in (
                ("badge", self.badge, ["approver", "by", "badge_no"]),
                ("pin", self.pin, ["pin"]),
                ("note", self.note, ["note"]),
            )
        }
        buttons = button_row(self.cancel_button, self.reject_button, self.approve_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()

    def decide(self, approve: bool) -> None:
        self.errors.clear()
        desk, approval_id = self.ctx.desk, self.approval.id
        badge, pin, note = self.badge.text(), self.pin.text(), self.note.text()

        def run() -> PriorityApproval:
            by = officer_by_badge(desk, badge, field="approver")
            return approvals.decide(
                desk, approval_id=approval_id, approve=approve, by=by, pin=pin, note=note
            )

        self.pin.clear()
        self.ctx.op(self, run).success(self._decided).failure(self._failed).run()

    def _decided(self, approval: PriorityApproval) -> None:
        self.decided.emit(approval)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Priority clearance request"))
        self.summary.setText(
            self.tr("{subject}: {reason}").format(
                subject=self.approval.subject_ref, reason=self.approval.reason
            )
        )
        self.labels["badge"].setText(self.tr("Deputy captain's badge"))
        self.labels["pin"].setText(self.tr("Deputy captain's PIN"))
        self.labels["note"].setText(self.tr("Note (needed to reject)"))
        self.approve_button.setText(self.tr("Approve"))
        self.reject_button.setText(self.tr("Reject"))
        self.cancel_button.setText(self.tr("Cancel"))


class EmergencyDetailsDialog(Retranslating, QDialog):
    """Add the traveller, the action taken and the outcome to a recorded emergency."""

    saved = Signal()

    def __init__(
        self, ctx: AppContext, passage: EmergencyPassage, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyDetailsDialog")
        self.ctx = ctx
        self.passage = passage
        self.subject = QLineEdit(passage.subject_ref)
        self.subject.setObjectName("emergencySubject")
        self.action = QLineEdit(passage.action_taken)
        self.action.setObjectName("emergencyAction")
        self.outcome = QLineEdit(passage.outcome)
        self.outcome.setObjectName("emergencyOutcome")
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        self.save_button = key_button("emergencySave")
        self.save_button.setDefault(True)
        form = QFormLayout(self)
        self.labels = {
            key: self.errors.row(form, widget, field)
            for key, widget, field in (
                ("subject", self.subject, "subject_ref"),
                ("action", self.action, "action_taken"),
                ("outcome", self.outcome, "outcome"),
            )
        }
        form.addRow(self.general_error)
        form.addRow(self.save_button)
        self.save_button.clicked.connect(self.save)
        self.retranslate()

    def save(self) -> None:
        desk, by = self.ctx.desk, self.ctx.officer_id
        passage_id = self.passage.id
        subject, action, outcome = self.subject.text(), self.action.text(), self.outcome.text()
        (
            self.ctx.op(
                self,
                lambda: emergencies.update(
                    desk,
                    passage_id=passage_id,
                    by=by,
                    subject_ref=subject,
                    action_taken=action,
                    outcome=outcome,
                ),
            )
            .success(lambda _p: self._saved())
            .failure(self._failed)
            .run()
        )

    def _saved(self) -> None:
        self.saved.emit()
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Emergency passage details"))
        self.labels["subject"].setText(self.tr("Traveller or vehicle"))
        self.labels["action"].setText(self.tr("Action taken"))
        self.labels["outcome"].setText(self.tr("Outcome"))
        self.save_button.setText(self.tr("Save"))
