"""Assign an arriving forecast, vehicle or group to a lane.

A priority lane needs an approved priority clearance.  The approval is
asked for inside this flow: the request is recorded for the signed-in
officer, then a deputy captain (or above) types their badge and PIN here
to approve it, and the assignment uses the approval.  If the deputy is not
at hand, the request stays pending: the shift screen lists it for a
decision, and the close-out lists it as still open.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.enums import (
    ApprovalDecision,
    ForecastStatus,
    LaneKind,
    LaneSubjects,
    Mode,
    SubjectKind,
)
from db.models import Lane
from desktop_app import approvals, lanes, officers, shifts
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.labels import label
from ui.models.forecast_model import ForecastRow, load_board
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


@dataclass(frozen=True)
class AssignRequest:
    lane_id: uuid.UUID
    subject_ref: str
    subject_kind: SubjectKind
    by: uuid.UUID
    forecast_id: uuid.UUID | None = None
    reason: str = ""
    priority_reason: str = ""
    approver_badge: str = ""
    approver_pin: str = ""


@dataclass(frozen=True)
class AssignOutcome:
    approval_id: uuid.UUID | None  # the request made (kept for a retry)
    assigned: bool
    error: RuleViolation | None = None


def usable_approval(desk: Desk, subject_ref: str) -> uuid.UUID | None:
    """An approved, not yet used approval for this subject in the open shift."""
    shift = shifts.current_shift(desk)
    if shift is None:
        return None
    used = {a.approval_id for a in lanes.assignments(desk, shift.id) if a.approval_id}
    for approval in approvals.for_shift(desk, shift.id):
        if (
            approval.subject_ref == subject_ref
            and approval.decision == ApprovalDecision.APPROVED
            and approval.id not in used
        ):
            return approval.id
    return None


def assign_with_priority(
    desk: Desk, request: AssignRequest, approval_id: uuid.UUID | None
) -> AssignOutcome:
    """Runs on the worker: request (once), approve with the deputy's PIN, assign.

    Each step is its own unit: the request and every PIN attempt stay on
    record even when a later step fails (a wrong PIN counts towards the
    lock-out), and the outcome carries the request's id so a retry reuses it.
    """
    if approval_id is None:
        approval_id = usable_approval(desk, request.subject_ref)
    if approval_id is None:
        approval_id = approvals.request(
            desk,
            subject_ref=request.subject_ref,
            reason=request.priority_reason,
            by=request.by,
            forecast_id=request.forecast_id,
        ).id
    try:
        pending = any(
            a.id == approval_id and a.decision == ApprovalDecision.PENDING
            for a in approvals.for_shift(desk, _shift_id(desk))
        )
        if pending:
            approver = officer_by_badge(desk, request.approver_badge, field="approver")
            approvals.decide(
                desk,
                approval_id=approval_id,
                approve=True,
                by=approver,
                pin=request.approver_pin,
            )
        lanes.assign(
            desk,
            lane_id=request.lane_id,
            subject_ref=request.subject_ref,
            subject_kind=request.subject_kind,
            by=request.by,
            forecast_id=request.forecast_id,
            reason=request.reason,
            approval_id=approval_id,
        )
    except RuleViolation as error:
        return AssignOutcome(approval_id, False, error)
    return AssignOutcome(approval_id, True)


def _shift_id(desk: Desk) -> uuid.UUID:
    shift = shifts.current_shift(desk)
    if shift is None:
        raise RuleViolation("shift", "no_open_shift")
    return shift.id


def officer_by_badge(desk: Desk, badge: str, *, field: str) -> uuid.UUID:
    """The id of the active officer with this badge, or a violation naming ``field``."""
    badge = badge.strip()
    if not badge:
        raise RuleViolation(field, "required")
    for officer in officers.roster(desk):
        if officer.badge_no == badge:
            return officer.id
    raise RuleViolation(field, "not_found")


def default_kind(mode: Mode) -> SubjectKind:
    return {Mode.ROAD: SubjectKind.VEHICLE, Mode.RAIL: SubjectKind.TRAIN}.get(
        mode, SubjectKind.PERSON
    )


class AssignDialog(Retranslating, QDialog):
    assigned = Signal(str)  # the subject reference

    def __init__(
        self,
        ctx: AppContext,
        open_lanes: list[Lane],
        *,
        lane_id: uuid.UUID | None = None,
        forecast_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.setMinimumWidth(620)
        self.ctx = ctx
        self._lanes = open_lanes
        self._forecasts: list[ForecastRow] = []
        self._wanted_forecast = forecast_id
        self.forecasts_loaded = False
        self.approval_id: uuid.UUID | None = None

        self.lane = QComboBox()

        self.lane.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lane.setObjectName("assignLane")
        for lane in open_lanes:
            self.lane.addItem(
                f"{lane.code}  {ctx.language.pick(lane.name_zh, lane.name_en)}", lane.id
            )
        if lane_id is not None and index_of(self.lane, lane_id) >= 0:
            self.lane.setCurrentIndex(index_of(self.lane, lane_id))
        self.forecast = QComboBox()
        self.forecast.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.forecast.setObjectName("assignForecast")
        self.forecast.addItem("–", None)
        self.subject = QLineEdit()
        self.subject.setObjectName("assignSubject")
        self.subject.setMaxLength(40)
        self.kind = QComboBox()
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind.setObjectName("assignKind")
        for kind in SubjectKind:
            self.kind.addItem(label(kind), kind)
        self.reason = QLineEdit()
        self.reason.setObjectName("assignReason")

        self.priority_box = QGroupBox()
        self.priority_box.setObjectName("priorityBox")
        self.priority_reason = QLineEdit()
        self.priority_reason.setObjectName("priorityReason")
        self.approver_badge = QLineEdit()
        self.approver_badge.setObjectName("approverBadge")
        self.approver_pin = pin_edit("approverPin")
        self.approval_state = QLabel()
        self.approval_state.setObjectName("approvalState")
        self.approval_state.setWordWrap(True)
        self.priority_intro = QLabel()
        self.priority_intro.setWordWrap(True)

        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        self.submit_button = key_button("assignSubmit")
        self.submit_button.setProperty("kind", "primary")
        self.submit_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("assignCancel")

        self.field_labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, widget, fields in (
            ("lane", self.lane, ["lane_id", "lane"]),
            ("forecast", self.forecast, ["forecast_id"]),
            ("subject", self.subject, ["subject_ref"]),
            ("kind", self.kind, ["subject_kind"]),
            ("reason", self.reason, []),
        ):
            self.field_labels[key] = self.errors.row(form, widget, fields)
        # The intro above the form, not a spanning form row: a QFormLayout row does not
        # give a word-wrapped label the height its lines need.
        pbox = QVBoxLayout(self.priority_box)
        pbox.addWidget(self.priority_intro)
        pform = QFormLayout()
        pbox.addLayout(pform)
        for key, widget, fields in (
            ("priority_reason", self.priority_reason, ["reason"]),
            ("approver_badge", self.approver_badge, ["approver", "badge_no", "by"]),
            ("approver_pin", self.approver_pin, ["pin"]),
        ):
            self.field_labels[key] = self.errors.row(pform, widget, fields)
        pform.addRow(self.approval_state)
        approval_error = error_label("approval_id")
        pform.addRow(approval_error)
        self.errors.add("approval_id", approval_error)

        buttons = button_row(self.cancel_button, self.submit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.priority_box)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)

        self.lane.currentIndexChanged.connect(self._lane_changed)
        self.forecast.currentIndexChanged.connect(self._forecast_changed)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self._lane_changed()
        self.retranslate()
        desk = ctx.desk
        self.ctx.op(self, lambda: load_board(desk)).success(self._fill_forecasts).run()

    def _fill_forecasts(self, rows: list[ForecastRow]) -> None:
        """Forecasts not cancelled, today's and tomorrow's, to link the arrival to."""
        self._forecasts = [r for r in rows if r.forecast.status != ForecastStatus.CANCELLED]
        for row in self._forecasts:
            f = row.forecast
            self.forecast.addItem(
                f"{self.ctx.local_time(f.expected_at)}  {f.reference}  {f.carrier}".strip(), f.id
            )
        index = index_of(self.forecast, self._wanted_forecast) if self._wanted_forecast else -1
        if index >= 0:
            self.forecast.setCurrentIndex(index)
        self.forecasts_loaded = True

    def current_lane(self) -> Lane | None:
        lane_id = self.lane.currentData()
        return next((lane for lane in self._lanes if lane.id == lane_id), None)

    def is_priority(self) -> bool:
        lane = self.current_lane()
        return lane is not None and lane.kind == LaneKind.PRIORITY

    def _lane_changed(self, *_: object) -> None:
        lane = self.current_lane()
        if lane is not None and lane.subjects != LaneSubjects.BOTH:
            # Offer what the lane takes: vehicles on a vehicle lane, travellers on theirs.
            person = lane.subjects == LaneSubjects.PERSONS
            current = SubjectKind(self.kind.currentData())
            if person != (current == SubjectKind.PERSON):
                wanted = SubjectKind.PERSON if person else SubjectKind.VEHICLE
                self.kind.setCurrentIndex(index_of(self.kind, wanted))
        self.priority_box.setVisible(self.is_priority())
        self.adjustSize()

    def _forecast_changed(self, *_: object) -> None:
        forecast_id = self.forecast.currentData()
        row = next((r for r in self._forecasts if r.forecast.id == forecast_id), None)
        if row is not None:
            self.subject.setText(row.forecast.reference)
            self.kind.setCurrentIndex(index_of(self.kind, default_kind(row.forecast.mode)))

    def request(self) -> AssignRequest:
        return AssignRequest(
            lane_id=self.lane.currentData(),
            subject_ref=self.subject.text().strip(),
            subject_kind=SubjectKind(self.kind.currentData()),
            by=self.ctx.officer_id,
            forecast_id=self.forecast.currentData(),
            reason=self.reason.text().strip(),
            priority_reason=self.priority_reason.text().strip(),
            approver_badge=self.approver_badge.text().strip(),
            approver_pin=self.approver_pin.text(),
        )

    def submit(self) -> None:
        if self.lane.currentData() is None:
            self.errors.show(RuleViolation("lane_id", "required"))
            return
        self.errors.clear()
        request = self.request()
        desk = self.ctx.desk
        self.submit_button.setEnabled(False)
        if self.is_priority():
            approval_id = self.approval_id
            (
                self.ctx.op(self, lambda: assign_with_priority(desk, request, approval_id))
                .success(self._priority_done)
                .failure(self._failed)
                .done(lambda: self.submit_button.setEnabled(True))
                .run()
            )
            return
        (
            self.ctx.op(
                self,
                lambda: lanes.assign(
                    desk,
                    lane_id=request.lane_id,
                    subject_ref=request.subject_ref,
                    subject_kind=request.subject_kind,
                    by=request.by,
                    forecast_id=request.forecast_id,
                    reason=request.reason,
                ),
            )
            .success(lambda _row: self._done(request.subject_ref))
            .failure(self._failed)
            .done(lambda: self.submit_button.setEnabled(True))
            .run()
        )

    def _priority_done(self, outcome: AssignOutcome) -> None:
        self.approval_id = outcome.approval_id
        self.approver_pin.clear()
        if outcome.error is not None:
            self.errors.show(outcome.error)
            self.approval_state.setText(
                self.tr("Request recorded; it waits for a deputy captain's approval.")
            )
            return
        self._done(self.subject.text().strip())

    def _done(self, subject_ref: str) -> None:
        self.assigned.emit(subject_ref)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Assign to a lane"))
        self.field_labels["lane"].setText(self.tr("Lane"))
        self.field_labels["forecast"].setText(self.tr("Forecast (if any)"))
        self.field_labels["subject"].setText(self.tr("Plate, train or group"))
        self.field_labels["kind"].setText(self.tr("Subject"))
        self.field_labels["reason"].setText(self.tr("Note"))
        self.field_labels["priority_reason"].setText(self.tr("Why priority clearance"))
        self.field_labels["approver_badge"].setText(self.tr("Deputy captain's badge"))
        self.field_labels["approver_pin"].setText(self.tr("Deputy captain's PIN"))
        self.priority_box.setTitle(self.tr("Priority clearance needs a deputy captain's approval"))
        self.priority_intro.setText(
            self.tr(
                "The request is recorded in your name. A deputy captain or above approves it "
                "here with their own badge and PIN; nobody approves their own request."
            )
        )
        self.submit_button.setText(self.tr("Assign"))
        self.cancel_button.setText(self.tr("Cancel"))
        retranslate_enum_combo(self.kind, SubjectKind)
