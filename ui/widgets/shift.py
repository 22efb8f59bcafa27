"""The shift: plan it, run its checklist, open it; then decisions, emergencies and close-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.enums import ApprovalDecision, CheckResult, ShiftState
from db.models import EmergencyPassage, PriorityApproval, Shift
from desktop_app import approvals, emergencies, officers, shifts
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation
from ui import look
from ui.context import AppContext
from ui.dialogs.approval_dialog import ApprovalDialog, EmergencyDetailsDialog
from ui.dialogs.closeout_dialog import CloseOutDialog
from ui.dialogs.forecast_dialog import from_utc, to_utc
from ui.dialogs.override_dialog import OverrideDialog
from ui.labels import label
from ui.live import Refresher
from ui.retranslating import Retranslating
from ui.widgets.common import FieldErrors, error_label, index_of, key_button
from ui.widgets.duty_box import DutyBox

SHIFT_TABLES = frozenset(
    {
        "shifts",
        "shift_checklist_items",
        "checklist_overrides",
        "priority_approvals",
        "emergency_passages",
        "officers",
    }
)
RESULT_NAMES = {
    CheckResult.PASS: "pass",
    CheckResult.FAIL: "fail",
    CheckResult.NOT_APPLICABLE: "na",
}
SHIFT_LENGTH = timedelta(hours=12)


@dataclass(frozen=True)
class ShiftView:
    open: Shift | None = None
    planned: Shift | None = None
    checklist: list[shifts.CheckStatus] = field(default_factory=list)
    approvals: list[PriorityApproval] = field(default_factory=list)
    emergencies: list[EmergencyPassage] = field(default_factory=list)
    last_closed: Shift | None = None
    names: dict[uuid.UUID, str] = field(default_factory=dict)

    @property
    def target(self) -> Shift | None:
        """The shift the checklist is for: the open one, else the planned one."""
        return self.open or self.planned

    @property
    def pending(self) -> list[PriorityApproval]:
        return [a for a in self.approvals if a.decision == ApprovalDecision.PENDING]


def load_shift_view(desk: Desk) -> ShiftView:
    """Runs on the worker."""
    now = desk.now()
    open_shift = shifts.current_shift(desk)
    planned = None
    if open_shift is None:
        candidates = [
            s
            for s in shifts.shifts_between(desk, now - timedelta(days=1), now + timedelta(days=2))
            if s.state == ShiftState.PLANNED
        ]
        planned = candidates[-1] if candidates else None
    target = open_shift or planned
    return ShiftView(
        open=open_shift,
        planned=planned,
        checklist=shifts.checklist_status(desk, target.id) if target else [],
        approvals=approvals.for_shift(desk, open_shift.id) if open_shift else [],
        emergencies=emergencies.for_shift(desk, open_shift.id) if open_shift else [],
        last_closed=shifts.latest_closed(desk),
        names={o.id: o.name for o in officers.roster(desk, include_inactive=True)},
    )


class ChecklistRow:
    """One checklist item: its label, three result buttons, a note, its latest result."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.buttons = {}
        for result, name in RESULT_NAMES.items():
            button = key_button(f"check_{code}_{name}")
            self.buttons[result] = button
        self.note = QLineEdit()
        self.note.setObjectName(f"note_{code}")
        self.state = QLabel()
        self.state.setObjectName(f"state_{code}")
        self.state.setWordWrap(True)
        # A failed required check blocks the opening: a deputy captain may override it.
        self.override = key_button(f"override_{code}")
        self.override.setProperty("kind", "danger")
        self.override.hide()
        self.error = error_label("note")


class ShiftPage(Retranslating, QWidget):
    shift_closed = Signal(object)  # Shift

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = ShiftView()
        self.loaded = False
        self.dialog: QWidget | None = None

        self.state = QLabel()
        self.state.setObjectName("shiftState")
        self.state.setFont(look.live_font(look.BASE_POINT_SIZE + 2))
        self.state.setWordWrap(True)
        self.command_note = QLabel()
        self.command_note.setObjectName("notice")
        self.command_note.setWordWrap(True)

        # Plan a shift.
        self.plan_box = QGroupBox()
        self.team = QComboBox()
        self.team.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.team.setObjectName("planTeam")
        self.start = QDateTimeEdit()
        self.start.setObjectName("planStart")
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.end = QDateTimeEdit()
        self.end.setObjectName("planEnd")
        self.end.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.plan_button = key_button("planShift")
        self.plan_error = error_label("general")
        self.plan_errors = FieldErrors(ctx, self.plan_error)
        self.plan_labels = {key: QLabel() for key in ("team", "start", "end")}
        plan_form = QFormLayout(self.plan_box)
        for key, widget, fields in (
            ("team", self.team, ["team_id"]),
            ("start", self.start, ["planned_start"]),
            ("end", self.end, ["planned_end"]),
        ):
            plan_form.addRow(self.plan_labels[key], widget)
            err = error_label(fields[0])
            plan_form.addRow("", err)
            self.plan_errors.add(fields, err, widget)
        plan_form.addRow(self.plan_error)
        plan_form.addRow("", self.plan_button)

        # The checklist (equipment check, mock inspection, ...).
        self.checklist_box = QGroupBox()
        self.checklist_grid = QGridLayout(self.checklist_box)
        self.rows: dict[str, ChecklistRow] = {}
        self.open_button = key_button("openShift")
        self.open_button.setProperty("kind", "primary")
        self.open_error = error_label("checklist")

        # The open shift: pending decisions, emergencies, close-out.
        self.open_box = QGroupBox()
        self.pending_caption = QLabel()
        self.pending_list = QListWidget()
        self.pending_list.setObjectName("pendingList")
        self.pending_list.setMaximumHeight(76)
        self.decide_button = key_button("decideButton")
        self.emergency_caption = QLabel()
        self.emergency_list = QListWidget()
        self.emergency_list.setObjectName("emergencyList")
        self.emergency_list.setMaximumHeight(76)
        self.details_button = key_button("emergencyDetails")
        self.closeout_button = key_button("closeOut")
        self.closeout_button.setProperty("kind", "danger")
        open_layout = QVBoxLayout(self.open_box)
        open_layout.addWidget(self.pending_caption)
        row = QHBoxLayout()
        row.addWidget(self.pending_list, 1)
        row.addWidget(self.decide_button, 0, Qt.AlignmentFlag.AlignTop)
        open_layout.addLayout(row)
        open_layout.addWidget(self.emergency_caption)
        row = QHBoxLayout()
        row.addWidget(self.emergency_list, 1)
        row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        open_layout.addLayout(row)

        self.last_closed = QLabel()
        self.last_closed.setObjectName("lastClosed")
        self.last_closed.setWordWrap(True)

        content = QWidget()
        layout = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.closeout_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(self.command_note)
        layout.addWidget(self.plan_box)
        layout.addWidget(self.checklist_box)
        layout.addWidget(self.open_error)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.open_box)
        self.duty = DutyBox(ctx)
        layout.addWidget(self.duty)
        layout.addWidget(self.last_closed)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.plan_button.clicked.connect(self.plan)
        self.open_button.clicked.connect(self.open_shift)
        self.decide_button.clicked.connect(self.decide)
        self.details_button.clicked.connect(self.emergency_details)
        self.closeout_button.clicked.connect(self.close_out)
        self.refresher = Refresher(
            ctx, self, lambda: load_shift_view(ctx.desk), self._loaded, SHIFT_TABLES, widget=self
        )
        ctx.officer_changed.connect(self._show)
        ctx.reference_loaded.connect(self._fill_teams)
        self.retranslate()

    def _fill_teams(self) -> None:
        current = self.team.currentData()
        self.team.clear()
        for team in self.ctx.teams.values():
            self.team.addItem(self.ctx.language.pick(team.name_zh, team.name_en), team.id)
        if current is not None:
            self.team.setCurrentIndex(max(0, index_of(self.team, current)))

    def _loaded(self, view: ShiftView) -> None:
        first = not self.loaded
        self.view = view
        self.loaded = True
        if first or view.target is None:
            start = self.ctx.now().replace(second=0, microsecond=0)
            self.start.setDateTime(from_utc(start, self.ctx.port_zone))
            self.end.setDateTime(from_utc(start + SHIFT_LENGTH, self.ctx.port_zone))
        self._show()

    # -- showing -----------------------------------------------------------------------

    def _show(self, *_: object) -> None:
        view = self.view
        command = self.ctx.in_command
        self.command_note.setVisible(not command)
        self.plan_box.setVisible(self.loaded and view.target is None)
        self.plan_button.setEnabled(command)
        self.checklist_box.setVisible(view.target is not None)
        self.open_button.setVisible(view.planned is not None)
        self.open_button.setEnabled(command)
        self.open_box.setVisible(view.open is not None)
        self.duty.setVisible(view.open is not None)
        self.closeout_button.setVisible(view.open is not None)
        self._show_checklist()
        self._show_state()
        self._show_open()

    def _shift_text(self, shift: Shift) -> str:
        team = self.ctx.teams.get(shift.team_id)
        return self.ctx.language.pick(team.name_zh, team.name_en) if team else "?"

    def _show_state(self) -> None:
        view = self.view
        if not self.loaded:
            self.state.setText("")
        elif view.open is not None:
            shift = view.open
            self.state.setText(
                self.tr("Open shift: {team}, since {time}, opened by {name}").format(
                    team=self._shift_text(shift),
                    time=self.ctx.local_time(shift.actual_start or shift.planned_start),
                    name=view.names.get(shift.opened_by, "?") if shift.opened_by else "?",
                )
            )
        elif view.planned is not None:
            shift = view.planned
            self.state.setText(
                self.tr(
                    "Planned shift: {team}, {start} to {end}. Record every check, then open it."
                ).format(
                    team=self._shift_text(shift),
                    start=self.ctx.local_time(shift.planned_start),
                    end=self.ctx.local_time(shift.planned_end),
                )
            )
        else:
            self.state.setText(self.tr("No shift is open. Plan the next shift."))
        closed = view.last_closed
        if closed is not None and closed.actual_end is not None:
            self.last_closed.setText(
                self.tr("Last closed shift: {team}, closed at {time} by {name}.").format(
                    team=self._shift_text(closed),
                    time=self.ctx.local_time(closed.actual_end),
                    name=view.names.get(closed.closed_by, "?") if closed.closed_by else "?",
                )
            )
        else:
            self.last_closed.setText("")

    def _show_checklist(self) -> None:
        if not any(status.blocks for status in self.view.checklist):
            self.open_error.hide()  # what refused the opening has been dealt with
        for status in self.view.checklist:
            row = self.rows.get(status.item.code)
            if row is None:
                row = self._add_row(status.item.code)
            required = self.tr("(required)") if status.item.required else ""
            row.label.setText(
                f"{self.ctx.language.pick(status.item.label_zh, status.item.label_en)} {required}"
            )
            if status.result is None:
                row.state.setText(self.tr("not checked yet"))
            else:
                text = (
                    f"{'✓' if status.result == CheckResult.PASS else '✕'} {label(status.result)} "
                    f"{self.ctx.local_time(status.at) if status.at else ''}"
                )
                if status.override is not None:
                    text += "\n" + self.tr("overridden by {name}: {reason}").format(
                        name=self.view.names.get(status.override.officer_id, "?"),
                        reason=status.override.reason,
                    )
                elif status.blocks:
                    text += "\n" + self.tr("blocks opening the shift")
                row.state.setText(text)
            blocking = status.blocks and status.result == CheckResult.FAIL
            row.override.setVisible(blocking and self.view.planned is not None)
            row.override.setEnabled(self.ctx.in_command)
            row.override.setText(self.tr("Override…"))
            for result, button in row.buttons.items():
                button.setText(label(result))

    def _add_row(self, code: str) -> ChecklistRow:
        row = ChecklistRow(code)
        index = len(self.rows)
        grid = self.checklist_grid
        grid.addWidget(row.label, index * 2, 0)
        buttons = QHBoxLayout()
        for result, button in row.buttons.items():
            button.clicked.connect(lambda _=False, c=code, r=result: self.record(c, r))
            buttons.addWidget(button)
        grid.addLayout(buttons, index * 2, 1)
        grid.addWidget(row.note, index * 2, 2)
        grid.addWidget(row.state, index * 2, 3)
        grid.addWidget(row.override, index * 2, 4)
        grid.addWidget(row.error, index * 2 + 1, 0, 1, 5)
        row.override.clicked.connect(lambda _=False, c=code: self.override_check(c))
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 1)
        self.rows[code] = row
        row.note.setPlaceholderText(self.tr("Note (needed when a check fails)"))
        return row

    def _show_open(self) -> None:
        view = self.view
        self.pending_list.clear()
        for approval in view.pending:
            self.pending_list.addItem(
                self.tr("{subject}: {reason} (requested by {name})").format(
                    subject=approval.subject_ref,
                    reason=approval.reason,
                    name=view.names.get(approval.requested_by, "?"),
                )
            )
        self.decide_button.setEnabled(bool(view.pending))
        self.emergency_list.clear()
        for passage in view.emergencies:
            details = " ".join(p for p in (passage.subject_ref, passage.action_taken) if p)
            self.emergency_list.addItem(
                f"{self.ctx.local_time(passage.at)}  {label(passage.kind)}  {details}".rstrip()
            )
        self.details_button.setEnabled(bool(view.emergencies))
        self.pending_caption.setText(
            self.tr("Priority requests waiting for a decision: {count}").format(
                count=len(view.pending)
            )
        )
        self.emergency_caption.setText(
            self.tr("Emergency passages this shift: {count}").format(count=len(view.emergencies))
        )

    # -- actions -----------------------------------------------------------------------

    def plan(self) -> None:
        team_id = self.team.currentData()
        if team_id is None:
            self.plan_errors.show(RuleViolation("team_id", "required"))
            return
        zone = self.ctx.port_zone
        start: datetime = to_utc(self.start.dateTime(), zone)
        end: datetime = to_utc(self.end.dateTime(), zone)
        desk, by = self.ctx.desk, self.ctx.officer_id
        self.plan_errors.clear()
        (
            self.ctx.op(
                self,
                lambda: shifts.plan_shift(
                    desk, team_id=team_id, planned_start=start, planned_end=end, by=by
                ),
            )
            .failure(self._plan_failed)
            .run()
        )

    def _plan_failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.plan_errors.show(error)

    def record(self, code: str, result: CheckResult) -> None:
        target = self.view.target
        if target is None:
            return
        row = self.rows[code]
        row.error.hide()
        note, desk, by, shift_id = row.note.text(), self.ctx.desk, self.ctx.officer_id, target.id
        (
            self.ctx.op(
                self,
                lambda: shifts.record_check(
                    desk, shift_id=shift_id, item_code=code, result=result, by=by, note=note
                ),
            )
            .failure(lambda error: self._row_failed(row, error))
            .run()
        )

    def override_check(self, code: str) -> None:
        """A deputy captain takes the shift over a failed required check (reason and PIN)."""
        planned = self.view.planned
        status = next((c for c in self.view.checklist if c.item.code == code), None)
        if planned is None or status is None:
            return
        self._open(OverrideDialog(self.ctx, planned.id, status, self))

    def _row_failed(self, row: ChecklistRow, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        row.error.setText(self.ctx.describe(error))
        row.error.show()
        row.note.setFocus()

    def open_shift(self) -> None:
        planned = self.view.planned
        if planned is None:
            return
        desk, by, shift_id = self.ctx.desk, self.ctx.officer_id, planned.id
        self.open_error.hide()
        (
            self.ctx.op(self, lambda: shifts.open_shift(desk, shift_id=shift_id, by=by))
            .success(lambda _s: self.ctx.status.emit(self.tr("Shift opened")))
            .failure(self._open_failed)
            .run()
        )

    def _open_failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.open_error.setText(self.ctx.describe(error))
        self.open_error.show()

    def decide(self) -> None:
        pending = self.view.pending
        if not pending:
            return
        approval = pending[max(0, self.pending_list.currentRow())]
        self._open(ApprovalDialog(self.ctx, approval, self))

    def emergency_details(self) -> None:
        if not self.view.emergencies:
            return
        row = self.emergency_list.currentRow()
        passage = self.view.emergencies[row if row >= 0 else -1]
        self._open(EmergencyDetailsDialog(self.ctx, passage, self))

    def close_out(self) -> None:
        if self.view.open is None:
            return
        dialog = CloseOutDialog(self.ctx, self.view.open.id, self)
        dialog.closed_shift.connect(self.shift_closed)
        self._open(dialog)

    def _open(self, dialog: QWidget) -> None:
        dialog.finished.connect(dialog.deleteLater)  # type: ignore[attr-defined]
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.command_note.setText(
            self.tr("Only a deputy captain or above can plan, open and close a shift.")
        )
        self.plan_box.setTitle(self.tr("Plan the next shift"))
        self.plan_labels["team"].setText(self.tr("Duty team"))
        self.plan_labels["start"].setText(self.tr("Planned start (port time)"))
        self.plan_labels["end"].setText(self.tr("Planned end (port time)"))
        self.plan_button.setText(self.tr("Plan shift"))
        self.checklist_box.setTitle(self.tr("Checklist before taking over"))
        self.open_button.setText(self.tr("Open the shift"))
        self.open_box.setTitle(self.tr("During the shift"))
        self.decide_button.setText(self.tr("Decide…"))
        self.details_button.setText(self.tr("Add details…"))
        self.closeout_button.setText(self.tr("Close out the shift…"))
        for row in self.rows.values():
            row.note.setPlaceholderText(self.tr("Note (needed when a check fails)"))
        self._fill_teams()
        if self.loaded:
            self._show()
