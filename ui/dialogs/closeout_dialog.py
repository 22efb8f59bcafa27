"""The deputy captain's close-out: what is still open, the shift's figures, handover, signature.

Order of the flow: (1) what is still open: travellers in the queue (they
are carried over, and the close-out records how many) and pending priority
requests (they must be decided first; the core refuses to close otherwise),
(2) the summary: volumes, wait statistics per traveller category, breaches
of the 30-minute target, use of the special channels, (3) handover notes,
(4) the deputy captain's badge and PIN sign the close; the shift is then
read-only, and (5) the shift report is offered through ``ShiftReportHook``:
built on the slow pool with progress and Cancel, then the print dialog, and
the PDF to open (``ReportPanel``).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.enums import ApprovalDecision, LaneKind, SubjectKind, TravellerCategory
from db.models import PriorityApproval, Shift
from desktop_app import rounding, shifts
from desktop_app.errors import RuleViolation
from ui import look
from ui.context import AppContext
from ui.dialogs.approval_dialog import ApprovalDialog
from ui.dialogs.assign_dialog import officer_by_badge
from ui.labels import label, label_for_value
from ui.report_hook import ShiftReportHook
from ui.retranslating import Retranslating
from ui.shift_summary import ShiftOverview, shift_overview
from ui.widgets.common import FieldErrors, error_label, key_button, pin_edit
from ui.widgets.report_panel import ReportPanel

SUMMARY_TABLES = frozenset(
    {
        "clearance_events",
        "priority_approvals",
        "emergency_passages",
        "service_contacts",
        "service_contact_replies",
    }
)


def group_label(code: str) -> str:
    """A summary row's name: a traveller category, a subject kind, or the other travellers."""
    if code == "other_travellers":
        return QCoreApplication.translate("CloseOutDialog", "Other travellers")
    for kind in (TravellerCategory, SubjectKind):
        if code in {m.value for m in kind}:
            return label_for_value(kind, code)
    return code


class CloseOutDialog(Retranslating, QDialog):
    closed_shift = Signal(object)  # the closed Shift

    def __init__(self, ctx: AppContext, shift_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeOutDialog")
        self.resize(1260, 720)
        self.ctx = ctx
        self.shift_id = shift_id
        self.overview: ShiftOverview | None = None
        self.closed: Shift | None = None

        # (1) still open
        self.open_box = QGroupBox()
        self.queue_list = QListWidget()
        self.queue_list.setObjectName("openQueue")
        self.queue_list.setMaximumHeight(92)
        self.approval_list = QListWidget()
        self.approval_list.setObjectName("openApprovals")
        self.approval_list.setMaximumHeight(52)
        self.decide_button = key_button("decidePending")
        self.queue_caption = QLabel()
        self.approval_caption = QLabel()
        open_layout = QVBoxLayout(self.open_box)
        open_layout.addWidget(self.queue_caption)
        open_layout.addWidget(self.queue_list)
        open_layout.addWidget(self.approval_caption)
        row = QHBoxLayout()
        row.addWidget(self.approval_list, 1)
        row.addWidget(self.decide_button)
        open_layout.addLayout(row)
        # 12367 contacts still waiting for their reply: they stay open, carried over.
        self.contacts_caption = QLabel()
        self.contacts_caption.setObjectName("openContacts")
        self.contacts_caption.setWordWrap(True)
        open_layout.addWidget(self.contacts_caption)

        # (2) summary
        self.summary_box = QGroupBox()
        self.volumes = QLabel()
        self.volumes.setObjectName("volumes")
        self.volumes.setWordWrap(True)
        self.volumes.setFont(look.live_font(look.BASE_POINT_SIZE + 1))
        self.table = QTableWidget(0, 9)
        self.table.setObjectName("summaryTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.wait_caption = QLabel()
        self.wait_caption.setWordWrap(True)
        self.special = QLabel()
        self.special.setObjectName("specialChannels")
        self.special.setWordWrap(True)
        summary_layout = QVBoxLayout(self.summary_box)
        summary_layout.addWidget(self.volumes)
        summary_layout.addWidget(self.wait_caption)
        summary_layout.addWidget(self.table)
        summary_layout.addWidget(self.special)

        # (3) handover, (4) signature
        self.sign_box = QGroupBox()
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("handoverNotes")
        self.notes.setMinimumHeight(120)
        self.notes.setMaximumHeight(150)  # room below for the report, on a 768-pixel screen
        self.badge = QLineEdit()
        self.badge.setObjectName("closeBadge")
        if ctx.in_command and ctx.officer is not None:
            self.badge.setText(ctx.officer.badge_no)
        self.pin = pin_edit("closePin")
        self.sign_button = key_button("signClose")
        self.sign_button.setProperty("kind", "danger")
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        sign_form = QFormLayout(self.sign_box)
        self.sign_labels = {
            key: self.errors.row(sign_form, widget, fields)
            for key, widget, fields in (
                ("notes", self.notes, ["handover_notes"]),
                ("badge", self.badge, ["approver", "by", "badge_no"]),
                ("pin", self.pin, ["pin"]),
            )
        }
        self.sign_note = QLabel()
        self.sign_note.setObjectName("signNote")
        self.sign_note.setWordWrap(True)
        sign_form.addRow(self.general_error)
        sign_form.addRow(self.sign_note)
        sign_form.addRow("", self.sign_button)

        # (5) after the close: the report
        self.done_box = QGroupBox()
        self.done_box.setObjectName("closedBox")
        self.closed_info = QLabel()
        self.closed_info.setObjectName("closedInfo")
        self.closed_info.setWordWrap(True)
        self.closed_info.setFont(look.live_font(look.BASE_POINT_SIZE + 2))
        self.report_button = key_button("printReport")
        self.report_button.setProperty("kind", "primary")
        self.report_state = QLabel()
        self.report_state.setObjectName("reportState")
        self.report_state.setWordWrap(True)
        self.report_panel = ReportPanel(ctx)
        self.report_panel.busy_changed.connect(self._report_busy)
        # Once a report is made the panel says where it is: the hint above it has done its job.
        self.report_panel.generated.connect(lambda _filed: self.report_state.hide())
        done_layout = QVBoxLayout(self.done_box)
        done_layout.addWidget(self.closed_info)
        done_layout.addWidget(self.report_button)
        done_layout.addWidget(self.report_state)
        done_layout.addWidget(self.report_panel)
        self.done_box.hide()

        self.close_button = QPushButton()
        self.close_button.setObjectName("closeOutClose")
        # Two columns, so that the whole flow fits a 1366x768 desk screen: what is open
        # and the figures on the left, handover, signature and report on the right.
        content = QWidget()
        inner = QHBoxLayout(content)
        left = QVBoxLayout()
        left.addWidget(self.open_box)
        left.addWidget(self.summary_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.sign_box)
        right.addWidget(self.done_box)
        right.addStretch(1)
        inner.addLayout(left, 3)
        inner.addLayout(right, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        self.decide_button.clicked.connect(self.decide_pending)
        self.sign_button.clicked.connect(self.sign)
        self.pin.returnPressed.connect(self.sign)
        self.report_button.clicked.connect(self.print_report)
        self.close_button.clicked.connect(self.accept)
        ctx.changed.connect(self._on_changed)
        self.retranslate()
        self.reload()

    # -- loading -------------------------------------------------------------------

    def reload(self) -> None:
        desk, shift_id = self.ctx.desk, self.shift_id
        self.ctx.op(self, lambda: shift_overview(desk, shift_id)).success(self._show).run()

    def _on_changed(self, tables: frozenset[str]) -> None:
        if tables & SUMMARY_TABLES and self.closed is None:
            self.reload()

    def _show(self, overview: ShiftOverview) -> None:
        self.overview = overview
        self.queue_list.clear()
        now = self.ctx.now()
        for entry in overview.in_queue:
            self.queue_list.addItem(
                f"{entry.lane_code}  {entry.reference}  "
                + self.tr("waiting {wait}").format(wait=look.minutes_seconds(entry.wait(now)))
            )
        self.approval_list.clear()
        for approval in overview.pending:
            self.approval_list.addItem(f"{approval.subject_ref}: {approval.reason}")
        self.decide_button.setEnabled(bool(overview.pending))
        self._show_captions()
        self._show_figures()

    def _show_captions(self) -> None:
        overview = self.overview
        if overview is None:
            return
        self.queue_caption.setText(
            self.tr("Still in the queue: {count} (carried over to the next shift)").format(
                count=len(overview.in_queue)
            )
        )
        self.approval_caption.setText(
            self.tr("Priority requests waiting for a decision: {count} (decide them first)").format(
                count=len(overview.pending)
            )
        )
        overdue = sum(1 for c in overview.open_contacts if c.overdue(self.ctx.now()))
        self.contacts_caption.setText(
            self.tr(
                "12367 contacts waiting for a reply: {count}, {overdue} overdue (carried over "
                "to the next shift until answered; Ctrl+9)"
            ).format(count=len(overview.open_contacts), overdue=overdue)
        )

    def _show_figures(self) -> None:
        overview = self.overview
        if overview is None:
            return
        o = overview.outcomes
        targets = []
        for h in overview.headline:
            s = h.figures
            line = self.tr("{group}: {over} over {target} min").format(
                group=group_label(h.group), over=len(s.breaches), target=h.target.minutes
            )
            if s.waiting_over_target:
                still = (
                    self.tr(" ({waiting} still waiting)")
                    if h.target.measure == "wait"
                    else self.tr(" ({waiting} still at the desk)")
                )
                line += still.format(waiting=s.waiting_over_target)
            targets.append(line)
        self.volumes.setText(
            self.tr(
                "Joined {joined}, cleared {cleared}, referred {referred}, refused {refused}, "
                "not finished {open}. Over target, as of now: {targets}."
            ).format(
                joined=overview.joined,
                cleared=o["cleared"],
                referred=o["referred"],
                refused=o["refused"],
                open=o["open"],
                targets=self.tr("; ").join(targets),
            )
        )
        headers = [
            self.tr("Category"),
            self.tr("Count"),
            "P50",
            "P90",
            "P95",
            self.tr("Max"),
            self.tr("Within 30 min"),
            self.tr("Over 30 min"),
            self.tr("Unserved (>30)"),
        ]
        self.table.setHorizontalHeaderLabels(headers)
        self.wait_caption.setText(
            self.tr(
                "Waiting time, joined queue to service started, in minutes (rounded half up). "
                "≥: includes someone still waiting past 30 minutes, with the wait so far."
            )
        )
        self.table.setRowCount(len(overview.by_category))
        for row, (group, s) in enumerate(overview.by_category.items()):
            low = s.waiting_over_target > 0
            cells = [
                group_label(group),
                str(s.count),
                look.minutes_text(s.p50, lower_bound=low),
                look.minutes_text(s.p90, lower_bound=low),
                look.minutes_text(s.p95, lower_bound=low),
                look.minutes_text(s.max, lower_bound=low),
                rounding.percent(s.within_target, digits=0),
                str(len(s.breaches)),
                f"{s.unserved} ({s.waiting_over_target})" if s.unserved else "0",
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setFixedHeight(
            self.table.horizontalHeader().height() + 4 + 30 * max(1, len(overview.by_category))
        )
        for row in range(self.table.rowCount()):
            self.table.setRowHeight(row, 30)
        channels = [
            f"{label(LaneKind(kind))} {count}" for kind, count in overview.special_channels.items()
        ]
        emergencies = len(overview.emergencies)
        self.special.setText(
            self.tr(
                "Special channels: {channels}. Priority clearance: {approved} approved, "
                "{rejected} rejected. Emergency passages: {emergencies}."
            ).format(
                channels=", ".join(channels) if channels else self.tr("none"),
                approved=overview.decided(ApprovalDecision.APPROVED),
                rejected=overview.decided(ApprovalDecision.REJECTED),
                emergencies=emergencies,
            )
        )

    # -- deciding what is still open ---------------------------------------------------

    def decide_pending(self) -> None:
        if self.overview is None or not self.overview.pending:
            return
        row = max(0, self.approval_list.currentRow())
        approval: PriorityApproval = self.overview.pending[row]
        dialog = ApprovalDialog(self.ctx, approval, self)
        dialog.finished.connect(dialog.deleteLater)
        self.approval_dialog = dialog
        dialog.open()

    # -- signing ------------------------------------------------------------------------

    def sign(self) -> None:
        self.errors.clear()
        desk, shift_id = self.ctx.desk, self.shift_id
        badge, pin, notes = self.badge.text(), self.pin.text(), self.notes.toPlainText()
        at = self.ctx.now()

        def run() -> Shift:
            by = officer_by_badge(desk, badge, field="approver")
            return shifts.close_shift(
                desk, shift_id=shift_id, by=by, pin=pin, handover_notes=notes, at=at
            )

        self.pin.clear()
        self.sign_button.setEnabled(False)
        (
            self.ctx.op(self, run)
            .success(self._closed)
            .failure(self._failed)
            .done(lambda: self.sign_button.setEnabled(self.closed is None))
            .run()
        )

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def _closed(self, shift: Shift) -> None:
        self.closed = shift
        self.sign_box.setEnabled(False)
        self.open_box.setEnabled(False)
        self.done_box.show()
        self._show_closed()
        self.closed_shift.emit(shift)

    def _show_closed(self) -> None:
        if self.closed is None:
            return
        assert self.closed.actual_end is not None
        self.closed_info.setText(
            self.tr("Shift closed at {time}. It is now read-only.").format(
                time=self.ctx.local_time(self.closed.actual_end)
            )
        )
        available = ShiftReportHook.available()
        self.report_button.setEnabled(available and not self.report_panel.busy)
        if available:
            self.report_button.setText(self.tr("Generate and print the shift report"))
            self.report_state.setText(
                self.tr("Saved in the post's reports folder, then the print dialog.")
            )
        else:
            self.report_button.setText(self.tr("Shift report: not available yet"))
            self.report_state.setText(
                self.tr(
                    "The printed shift report comes with a later version of the desk; "
                    "the shift's data is saved and will be in it."
                )
            )

    def print_report(self) -> None:
        """Build the closed shift's report (Chinese, the official language), then print it."""
        if self.closed is None or not ShiftReportHook.available():
            return
        desk, shift_id = self.ctx.desk, self.shift_id
        self.report_panel.generate(
            lambda progress: ShiftReportHook.generate(desk, shift_id, "zh", progress),
            then_print=True,
        )

    def _report_busy(self, busy: bool) -> None:
        self.report_button.setEnabled(not busy and ShiftReportHook.available())

    # -- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Close out the shift"))
        self.open_box.setTitle(self.tr("1. Still open"))
        self.summary_box.setTitle(self.tr("2. Shift summary"))
        self.sign_box.setTitle(self.tr("3. Handover and signature"))
        self.done_box.setTitle(self.tr("4. Shift report"))
        self.decide_button.setText(self.tr("Decide…"))
        self.sign_labels["notes"].setText(self.tr("Handover notes"))
        self.sign_labels["badge"].setText(self.tr("Deputy captain's badge"))
        self.sign_labels["pin"].setText(self.tr("Deputy captain's PIN"))
        self.sign_button.setText(self.tr("Sign and close the shift"))
        self.sign_note.setText(
            self.tr(
                "Signing stores the shift report's figures as of the close: the signed report "
                "never changes. A correction recorded later makes an amended report beside it."
            )
        )
        self.close_button.setText(self.tr("Close"))
        self._show_captions()
        self._show_figures()
        self._show_closed()
