"""The sync panel (Ctrl+6): the link to HQ in full, "Sync now", enrolment, bundles, conflicts.

Left, the state as the runner last published it (``ui.sync_link``): the
headline the header shows, HQ's address, the last sync and attempt, what is
not at HQ yet, the next try, HQ's own words when it refused, a clock warning;
**Sync now** (wakes the runner: the sync runs on its thread) and **Export
bundle…** (the signed file for a post with no link, written on the slow
pool, the file chosen in a window-modal dialog).  A desk not enrolled yet
gets the enrolment form: HQ's address and the one-time code from
``checkpoint-hq enroll``, sent by the function the command line uses
(``desktop_app.sync.enroll``) on the slow pool.

Right, the entries set aside, when there are any (``HeldModel``): HQ
refused them for a rule, or they wait for a record it refused; each says
why and what to do, **Send again** queues them all again, and an officer of
the post's command discards one with a reason, signed with the PIN
(``desktop_app.sync.quarantine``).  Below, every version that lost a
conflict at HQ (``ConflictModel``), and for the selected one the whole
losing version beside the version kept.
"""

from __future__ import annotations

import platform
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QUrl
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import audit
from ui import look
from ui.context import AppContext
from ui.live import Refresher
from ui.models.conflict_model import (
    ConflictModel,
    ConflictRow,
    detail_fields,
    field_text,
    load_conflicts,
    record_text,
    rule_text,
    winner_text,
)
from ui.models.held_model import HeldModel, advice_text, load_held
from ui.retranslating import Retranslating
from ui.sync_slot import ICONS, SyncKind, SyncView, link_text, panel_headline, skew_text
from ui.widgets.common import (
    FieldErrors,
    error_label,
    key_button,
    pin_edit,
    row_table,
    sort_proxy,
)
from ui.widgets.hub_control import HubControl
from ui.widgets.hub_finder import HubFinder

if TYPE_CHECKING:
    from desktop_app.sync.export import ExportSummary

BUNDLE_SUFFIX = "ckpbundle"

# The sync package (httpx, pydantic, zstandard, cryptography) is imported in the
# functions that use it, never at start-up: the worker loads it once the desk is open.


def _enrol(desk: Any, url: str, code: str, label: str) -> Any:
    """Runs on the slow pool: the network exchange (seconds when HQ is slow or away)."""
    from desktop_app.sync import client

    return client.enroll(desk, url, code, label=label)


def _send_again(desk: Any) -> list[int]:
    """Runs on the worker: every entry set aside queued again, at the end of the outbox."""
    from desktop_app.sync import quarantine

    return quarantine.release(desk)


def _discard(desk: Any, seq: int, by: Any, pin: str, reason: str) -> Any:
    """Runs on the worker: the PIN is checked (argon2), the discard audited."""
    from desktop_app.sync import quarantine

    return quarantine.discard(desk, seq=seq, by=by, pin=pin, reason=reason)


def _export(desk: Any, path: Path) -> ExportSummary:
    """Runs on the slow pool: reads the outbox, signs and writes the file (fsync'd)."""
    from desktop_app.sync import export

    return export.export_bundle(desk, path)


class SyncPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = ctx.sync.view
        self.loaded = False  # the conflict list, once
        self.busy_enrolling = False
        self.busy_exporting = False
        self.file_dialog: QFileDialog | None = None
        self.last_export: ExportSummary | None = None
        self._conflict_count: int | None = None

        self.title = QLabel()
        self.title.setObjectName("sectionTitle")

        # -- the state ------------------------------------------------------------------
        self.state_box = QGroupBox()
        self.state_icon = QLabel()
        self.state_icon.setObjectName("syncStateIcon")
        self.state_text = QLabel()
        self.state_text.setObjectName("syncStateText")
        self.state_text.setWordWrap(True)
        self.state_text.setFont(look.live_font(look.BASE_POINT_SIZE + 2))
        self.state_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skew_icon = QLabel()
        self.skew_icon.setPixmap(look.pixmap("clock-warning", 28))
        self.skew_text = QLabel()
        self.skew_text.setObjectName("syncSkew")
        self.skew_text.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setTextVisible(True)
        self.facts = {
            key: QLabel()
            for key in (
                "hq",
                "link",
                "last_success",
                "last_attempt",
                "pending",
                "held",
                "conflicts",
                "next",
            )
        }
        for key, label in self.facts.items():
            label.setObjectName(f"syncFact_{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fact_labels = {key: QLabel() for key in self.facts}
        self.problem = QLabel()
        self.problem.setObjectName("syncProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_button = key_button("syncNow")
        self.sync_button.setProperty("kind", "primary")
        self.export_button = key_button("exportBundle")
        self.export_note = QLabel()
        self.export_note.setObjectName("exportNote")
        self.export_note.setWordWrap(True)
        self.export_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_note.hide()
        self.export_error = error_label("bundle")

        head = QHBoxLayout()
        head.addWidget(self.state_icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.state_text, 1)
        skew = QHBoxLayout()
        skew.addWidget(self.skew_icon, 0, Qt.AlignmentFlag.AlignTop)
        skew.addWidget(self.skew_text, 1)
        facts = QFormLayout()
        facts.setVerticalSpacing(4)
        for key, label in self.facts.items():
            facts.addRow(self.fact_labels[key], label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        state = QVBoxLayout(self.state_box)
        state.addLayout(head)
        state.addLayout(skew)
        state.addWidget(self.progress)
        state.addLayout(facts)
        state.addWidget(self.problem)
        state.addLayout(buttons)
        state.addWidget(self.export_note)
        state.addWidget(self.export_error)

        # -- enrolment ------------------------------------------------------------------
        self.enrol_box = QGroupBox()
        self.enrol_caption = QLabel()
        self.enrol_caption.setWordWrap(True)
        self.hq_url = QLineEdit()
        self.hq_url.setObjectName("enrolHqUrl")
        self.code = QLineEdit()
        self.code.setObjectName("enrolCode")
        self.hq_url_label = QLabel()
        self.code_label = QLabel()
        self.hq_url_error = error_label("hq_url")
        self.code_error = error_label("code")
        self.enrol_error = error_label("enrol")
        self.enrol_button = key_button("enrolDesk")
        self.enrol_button.setProperty("kind", "primary")
        self.enrol_note = QLabel()
        self.enrol_note.setObjectName("enrolNote")
        self.enrol_note.setWordWrap(True)
        self.hub_note = QLabel()
        self.hub_note.setObjectName("hubNote")
        self.hub_note.setWordWrap(True)
        self.find_hub = HubFinder(ctx, self.hq_url, self.hub_note, lambda: ctx.desk.port_code)
        address = QHBoxLayout()
        address.addWidget(self.hq_url, 1)
        address.addWidget(self.find_hub)
        enrol_form = QFormLayout()
        enrol_form.addRow(self.hq_url_label, address)
        enrol_form.addRow("", self.hub_note)
        enrol_form.addRow("", self.hq_url_error)
        enrol_form.addRow(self.code_label, self.code)
        enrol_form.addRow("", self.code_error)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(self.enrol_button)
        enrol_row.addWidget(self.enrol_note, 1)
        enrol = QVBoxLayout(self.enrol_box)
        enrol.addWidget(self.enrol_caption)
        enrol.addLayout(enrol_form)
        enrol.addLayout(enrol_row)
        enrol.addWidget(self.enrol_error)

        left = QVBoxLayout()
        left.addWidget(self.state_box)
        left.addWidget(self.enrol_box)
        self.hub_control = HubControl(ctx)
        left.addWidget(self.hub_control)
        left.addStretch(1)
        left_inner = QWidget()
        left_inner.setLayout(left)
        # Never squeezed: a long refusal and the enrolment form scroll instead.
        left_widget = QScrollArea()
        left_widget.setObjectName("syncStateScroll")
        left_widget.setWidget(left_inner)
        left_widget.setWidgetResizable(True)
        left_widget.setFrameShape(QFrame.Shape.NoFrame)
        left_widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_widget.setFixedWidth(410)

        # -- entries set aside ------------------------------------------------------------
        self.held_box = QGroupBox()
        self.held_box.setObjectName("heldBox")
        self.held_caption = QLabel()
        self.held_caption.setWordWrap(True)
        self.held_model = HeldModel(lambda: ctx.port_zone, self)
        self.held_proxy = sort_proxy(self.held_model, self)
        self.held_table = row_table("heldTable", self.held_proxy, HeldModel.COL_ENTRY)
        self.held_table.setWordWrap(False)
        held_header = self.held_table.horizontalHeader()
        held_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        held_header.setSectionResizeMode(HeldModel.COL_WHY, QHeaderView.ResizeMode.Stretch)
        self.held_detail = QLabel()
        self.held_detail.setObjectName("heldDetail")
        self.held_detail.setWordWrap(True)
        self.held_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.send_again_button = key_button("sendAgain")
        self.discard_button = key_button("discardHeld")
        self.discard_box = QWidget()
        self.discard_reason = QLineEdit()
        self.discard_reason.setObjectName("discardReason")
        self.discard_reason.setMaxLength(500)
        self.discard_pin = pin_edit("discardPin")
        self.discard_confirm = key_button("discardConfirm")
        self.discard_confirm.setProperty("kind", "danger")
        self.discard_error = error_label("general")
        self.discard_errors = FieldErrors(ctx, self.discard_error)
        discard_form = QFormLayout(self.discard_box)
        discard_form.setContentsMargins(0, 0, 0, 0)
        self.discard_labels = {
            "reason": self.discard_errors.row(discard_form, self.discard_reason, "reason"),
            "pin": self.discard_errors.row(discard_form, self.discard_pin, "pin"),
        }
        discard_form.addRow("", self.discard_confirm)
        discard_form.addRow("", self.discard_error)
        self.discard_box.hide()
        held_buttons = QHBoxLayout()
        held_buttons.addWidget(self.send_again_button)
        held_buttons.addWidget(self.discard_button)
        held_buttons.addStretch(1)
        held = QVBoxLayout(self.held_box)
        held.addWidget(self.held_caption)
        held.addWidget(self.held_table, 1)
        held.addWidget(self.held_detail)
        held.addLayout(held_buttons)
        held.addWidget(self.discard_box)

        # -- conflicts --------------------------------------------------------------------
        self.conflicts_box = QGroupBox()
        self.conflicts_caption = QLabel()
        self.conflicts_caption.setWordWrap(True)
        self.model = ConflictModel(
            lambda: ctx.port_zone,
            ctx.language.pick,
            lambda: ctx.desk.device_id if ctx.has_desk else "",
            self,
        )
        self.proxy = sort_proxy(self.model, self)
        self.table = row_table(
            "conflictTable", self.proxy, ConflictModel.COL_WHEN, Qt.SortOrder.DescendingOrder
        )
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # What was kept and what was lost share what is left; the rest fit their contents.
        for column in (ConflictModel.COL_KEPT, ConflictModel.COL_LOST):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.no_conflicts = QLabel()
        self.no_conflicts.setObjectName("noConflicts")
        self.details_title = QLabel()
        self.details_title.setObjectName("conflictDetailsTitle")
        self.details_title.setWordWrap(True)
        self.details_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QTableWidget(0, 3)
        self.details.setObjectName("conflictDetails")
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.details.verticalHeader().hide()
        self.details.setAlternatingRowColors(True)
        self.details.setWordWrap(True)
        details_header = self.details.horizontalHeader()
        details_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        details_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        details_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.no_conflicts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # The list and the details, or (none yet) the words saying so: one or the other.
        self.conflict_view = QWidget()
        listing = QVBoxLayout(self.conflict_view)
        listing.setContentsMargins(0, 0, 0, 0)
        listing.addWidget(self.table, 3)
        listing.addWidget(self.details_title)
        listing.addWidget(self.details, 4)
        conflicts = QVBoxLayout(self.conflicts_box)
        conflicts.addWidget(self.conflicts_caption)
        conflicts.addWidget(self.no_conflicts, 1)
        conflicts.addWidget(self.conflict_view, 1)
        self.conflict_view.hide()

        # The conflicts, and (a tab of its own, shown while there are any) the entries set
        # aside: on a 1366×768 desk each list needs the height it gets.
        self.lists = QTabWidget()
        self.lists.setObjectName("syncLists")
        for box in (self.conflicts_box, self.held_box):
            box.setFlat(True)
            self.lists.addTab(box, "")
        self.held_tab = self.lists.indexOf(self.held_box)
        self.lists.setTabVisible(self.held_tab, False)
        body = QHBoxLayout()
        body.addWidget(left_widget, 0)
        body.addWidget(self.lists, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)

        self.sync_button.clicked.connect(self.sync_now)
        self.export_button.clicked.connect(self.export_bundle)
        self.enrol_button.clicked.connect(self.enrol)
        self.code.returnPressed.connect(self.enrol)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.send_again_button.clicked.connect(self.send_again)
        self.discard_button.clicked.connect(self._ask_discard)
        self.discard_confirm.clicked.connect(self.discard)
        self.discard_pin.returnPressed.connect(self.discard)
        self.held_table.selectionModel().currentRowChanged.connect(self._held_selected)
        ctx.officer_changed.connect(lambda _o: self._held_buttons())
        self.refresher = Refresher(
            ctx, self, lambda: load_conflicts(ctx.desk), self._conflicts_loaded, (), widget=self
        )
        self.held_refresher = Refresher(
            ctx, self, lambda: load_held(ctx.desk), self._held_loaded, ("sync_held",), widget=self
        )
        self._held_count: int | None = None
        ctx.sync.state_changed.connect(self._state_changed)
        self.retranslate()

    # -- the state ----------------------------------------------------------------------

    def _moment(self, at: datetime | None) -> str:
        return look.moment(at, self.ctx.port_zone, self.ctx.now())

    def _full(self, at: datetime | None) -> str:
        return look.date_time(at, self.ctx.port_zone)

    def _state_changed(self, _state: object) -> None:
        view = self.ctx.sync.view
        if view.conflicts != self._conflict_count and view.kind != SyncKind.SYNCING:
            self.refresher.request()  # reloads now if shown, else when shown
        if view.held != self._held_count and view.kind != SyncKind.SYNCING:
            self.held_refresher.request()
        self.show_state(view)

    def show_state(self, view: SyncView) -> None:
        self.view = view
        state = self.ctx.sync.state
        self.state_icon.setPixmap(look.pixmap(ICONS[view.kind], 48))
        self.state_icon.setProperty("kind", view.kind.value)
        self.state_text.setText(panel_headline(view, self._moment))
        skew = skew_text(view)
        self.skew_text.setText(skew)
        self.skew_text.setVisible(bool(skew))
        self.skew_icon.setVisible(bool(skew))
        syncing = view.kind == SyncKind.SYNCING
        self.progress.setVisible(syncing)
        if syncing:
            if view.total:
                self.progress.setRange(0, view.total)
                self.progress.setValue(min(view.done, view.total))
            else:
                self.progress.setRange(0, 0)  # a pull's total is not known: busy
        self.facts["hq"].setText(view.hq_url or "–")
        self.facts["link"].setText(link_text(view.link))
        self.facts["link"].setProperty("insecure", view.link in ("plain_allowed", "plain_refused"))
        self.facts["last_success"].setText(self._full(view.last_success))
        self.facts["last_attempt"].setText(self._full(state.last_attempt if state else None))
        pending = view.pending if view.pending is not None else 0
        self.facts["pending"].setText(self.tr("{count} changes").format(count=pending))
        self.facts["conflicts"].setText(str(view.conflicts))
        self.facts["held"].setText(str(view.held))
        self.facts["held"].setVisible(bool(view.held))
        self.fact_labels["held"].setVisible(bool(view.held))
        self.facts["next"].setText(self._moment(view.next_attempt) if view.enrolled else "–")
        problem = (
            view.detail
            if view.kind
            in (
                SyncKind.OFFLINE,
                SyncKind.UPDATE_REQUIRED,
                SyncKind.REFUSED,
                SyncKind.ERROR,
            )
            else ""
        )
        self.problem.setText(self._problem_text(view, problem))
        self.problem.setVisible(bool(problem))
        self.sync_button.setEnabled(self.ctx.sync.runner is not None)
        self.export_button.setEnabled(view.enrolled and not self.busy_exporting)
        needs_enrolment = view.kind == SyncKind.NOT_ENROLLED or (
            view.kind == SyncKind.REFUSED and view.auth
        )
        self.enrol_box.setVisible(needs_enrolment)
        if needs_enrolment and view.hq_url and not self.hq_url.text():
            self.hq_url.setText(view.hq_url)  # enrolling again: the same HQ, most likely
        self._enrol_caption(view)

    def _problem_text(self, view: SyncView, detail: str) -> str:
        if not detail:
            return ""
        if view.kind == SyncKind.UPDATE_REQUIRED:
            lead = self.tr("This desk and HQ cannot sync until one of them is updated. HQ says:")
        elif view.kind == SyncKind.OFFLINE:
            lead = self.tr(
                "HQ did not answer. The desk keeps trying and syncs as soon as HQ answers; "
                "nothing is lost meanwhile. Last error:"
            )
        elif view.kind == SyncKind.REFUSED:
            lead = self.tr("HQ's words:")
        else:
            lead = self.tr("The error:")
        return f"{lead}\n{detail}"

    def _enrol_caption(self, view: SyncView) -> None:
        if view.kind == SyncKind.REFUSED and view.auth:
            self.enrol_caption.setText(
                self.tr(
                    "HQ no longer accepts this desk's credential. If it was lost, enrol again "
                    "with a new code from HQ; if HQ revoked this desk, ask HQ."
                )
            )
        else:
            self.enrol_caption.setText(
                self.tr(
                    "This desk is not enrolled at HQ yet: its records stay here. Ask HQ for a "
                    "one-time code for port {port} (checkpoint-hq enroll --port {port}) and "
                    "enter it with HQ's address."
                ).format(port=self.ctx.desk.port_code if self.ctx.has_desk else "")
            )

    # -- actions ---------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Wake the runner; it syncs on its own thread and reports through the state."""
        if self.ctx.sync.sync_now():
            self.ctx.status.emit(self.tr("Sync started"))

    def enrol(self) -> None:
        if self.busy_enrolling or not self.ctx.has_desk:
            return
        for label in (self.hq_url_error, self.code_error, self.enrol_error):
            label.hide()
        url = self.hq_url.text().strip().rstrip("/")
        code = self.code.text().strip()
        parsed = QUrl(url)
        if not url or parsed.scheme() not in ("http", "https") or not parsed.host():
            self._field_error(
                self.hq_url_error,
                self.tr(
                    "Enter HQ's address with https:// (http:// only for HQ on this computer), "
                    "e.g. https://hq.example.cn:8470"
                ),
            )
            self.hq_url.setFocus()
            return
        if not 4 <= len(code) <= 64:
            self._field_error(
                self.code_error,
                self.tr("Enter the one-time code from HQ, e.g. K7QM-2XPA-9RTF-WD3H"),
            )
            self.code.setFocus()
            return
        desk = self.ctx.desk
        device_label = platform.node()[:80]
        self.busy_enrolling = True
        self.enrol_button.setEnabled(False)
        self.enrol_note.setText(self.tr("Asking HQ…"))
        (
            self.ctx.op(self, lambda: _enrol(desk, url, code, device_label))
            .success(lambda _r: self._enrolled(url))
            .failure(lambda e: self._enrol_failed(e, url))
            .done(self._enrol_done)
            .run(slow=True)  # network work: never the desk worker that records clearances
        )

    def _field_error(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()

    def _enrol_done(self) -> None:
        self.busy_enrolling = False
        self.enrol_button.setEnabled(True)

    def _enrolled(self, url: str) -> None:
        self.enrol_note.setText("")
        self.code.clear()
        self.ctx.status.emit(self.tr("Enrolled at {url}: syncing starts now").format(url=url))
        if self.ctx.officer is not None:
            desk, by = self.ctx.desk, self.ctx.officer_id
            self.ctx.op(
                self, lambda: audit.record(desk, action="sync.enrolled", by=by, hq_url=url)
            ).run()
        self.ctx.sync.enrolled_now()

    def _enrol_failed(self, error: Exception, url: str) -> None:
        from desktop_app.sync import client as sync_client

        self.enrol_note.setText("")
        if not isinstance(error, sync_client.SyncError):
            self._field_error(
                self.enrol_error,
                self.tr("Enrolment failed: {detail}").format(
                    detail=str(error) or type(error).__name__
                ),
            )
            return
        code = getattr(error, "error", "")
        if isinstance(error, sync_client.HQUnavailable):
            self._field_error(
                self.hq_url_error,
                self.tr(
                    "HQ did not answer at {url}: check the address and the link, then try "
                    "again. ({detail})"
                ).format(url=url, detail=error.detail),
            )
        elif code == "bad_code":
            self._field_error(
                self.code_error,
                self.tr(
                    "HQ did not accept this code: it is unknown, already used or expired "
                    "(a code lasts 24 hours). Ask HQ for a new one."
                ),
            )
        elif code == "wrong_port":
            self._field_error(
                self.code_error,
                self.tr("This code is for another port: ask HQ for a code for port {port}.").format(
                    port=self.ctx.desk.port_code
                ),
            )
        elif code == "malformed":
            self._field_error(
                self.code_error,
                self.tr("HQ could not read this code: check it against the one HQ gave."),
            )
        elif code == "device_refused":
            self._field_error(
                self.enrol_error,
                self.tr("HQ refuses this desk: it was revoked, or belongs to another port."),
            )
        elif isinstance(error, sync_client.UpdateRequired):
            self._field_error(
                self.enrol_error,
                self.tr(
                    "This desk and HQ cannot talk until one of them is updated: {detail}"
                ).format(detail=error.detail),
            )
        else:
            self._field_error(
                self.enrol_error,
                self.tr("Enrolment failed: {detail}").format(detail=error.detail),
            )

    def export_bundle(self) -> None:
        """Ask where to write the bundle (window-modal, never exec()), then write it."""
        if self.busy_exporting or not self.ctx.has_desk:
            return
        stamp = self.ctx.now().astimezone(self.ctx.port_zone).strftime("%Y%m%d-%H%M")
        name = f"checkpoint-bundle-{self.ctx.desk.port_code}-{stamp}.{BUNDLE_SUFFIX}"
        dialog = QFileDialog(
            self,
            self.tr("Save the sync bundle"),
            str(Path.home() / name),
            self.tr("Sync bundles (*.{suffix})").format(suffix=BUNDLE_SUFFIX),
        )
        dialog.setObjectName("bundleFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(BUNDLE_SUFFIX)
        dialog.fileSelected.connect(self._export_to)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def _export_to(self, path: str) -> None:
        self.file_dialog = None
        if not path:
            return
        desk, target = self.ctx.desk, Path(path)
        self.busy_exporting = True
        self.export_button.setEnabled(False)
        self.export_error.hide()
        self.export_note.setText(self.tr("Writing the bundle…"))
        self.export_note.show()
        (
            self.ctx.op(self, lambda: _export(desk, target))
            .success(self._exported)
            .failure(self._export_failed)
            .done(self._export_done)
            .run(slow=True)
        )

    def _export_done(self) -> None:
        self.busy_exporting = False
        self.export_button.setEnabled(self.view.enrolled)

    def _exported(self, summary: ExportSummary) -> None:
        self.last_export = summary
        if summary.batches:
            text = self.tr(
                "Bundle written: {rows} records (entries {first}–{last}), {size} KB, in {path}. "
                "Import it at HQ (checkpoint-hq import-bundle); this desk learns what HQ "
                "accepted at its next sync."
            ).format(
                rows=summary.rows,
                first=summary.first_seq,
                last=summary.last_seq,
                size=max(1, round(summary.size / 1024)),
                path=summary.path,
            )
        else:
            text = self.tr("Bundle written, empty: HQ already has every record. {path}").format(
                path=summary.path
            )
        self.export_note.setText(text)
        self.ctx.status.emit(self.tr("Sync bundle written"))

    def _export_failed(self, error: Exception) -> None:
        from desktop_app.sync.local import NotEnrolled

        self.export_note.hide()
        if isinstance(error, NotEnrolled):
            text = self.tr("Only an enrolled desk can sign a bundle: enrol it at HQ first.")
        elif isinstance(error, OSError):
            text = self.tr("Could not write the bundle: {detail}").format(detail=error)
        else:
            raise error
        self._field_error(self.export_error, text)

    # -- entries set aside -------------------------------------------------------------------

    def _held_loaded(self, rows: list[Any]) -> None:
        selected = self.selected_held()
        before = self._held_count
        self.held_model.set_rows(rows)
        self._held_count = len(rows)
        self.lists.setTabVisible(self.held_tab, bool(rows))
        if rows and not before:
            self.lists.setCurrentIndex(self.held_tab)  # something needs an officer's eye
        elif not rows:
            self.lists.setCurrentIndex(0)
        self._tab_texts()
        if rows:
            keep = selected.seq if selected is not None else rows[0].seq
            row = self.held_model.row_of_key(keep)
            index = self.held_proxy.mapFromSource(self.held_model.index(max(row, 0), 0))
            self.held_table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.discard_box.hide()
        self._held_buttons()

    def selected_held(self) -> Any:
        index = self.held_table.currentIndex()
        if not index.isValid():
            return None
        return self.held_model.row_at(self.held_proxy.mapToSource(index))

    def _held_selected(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_held_detail()
        self.discard_box.hide()
        self._held_buttons()

    def _show_held_detail(self) -> None:
        """Why the selected entry waits and what to do, in the language shown now."""
        row = self.selected_held()
        self.held_detail.setText(
            self.tr("Entry {seq}: {detail}. What to do: {advice}").format(
                seq=row.seq, detail=row.detail, advice=advice_text(row.advice)
            )
            if row is not None
            else ""
        )

    def _held_buttons(self) -> None:
        row = self.selected_held()
        self.discard_button.setEnabled(row is not None and self.ctx.in_command)
        self.discard_button.setToolTip(
            ""
            if self.ctx.in_command
            else self.tr("Only a deputy captain or above may discard an entry")
        )
        self.send_again_button.setEnabled(bool(self.held_model.rows))

    def send_again(self) -> None:
        if not self.ctx.has_desk:
            return
        desk = self.ctx.desk
        self.ctx.op(self, lambda: _send_again(desk)).success(self._sent_again).run()

    def _sent_again(self, seqs: list[int]) -> None:
        self.ctx.status.emit(
            self.tr("{count} entries queued again: they go with the next sync").format(
                count=len(seqs)
            )
        )
        self.ctx.sync.sync_now()

    def _ask_discard(self) -> None:
        if self.selected_held() is None or not self.ctx.in_command:
            return
        self.discard_errors.clear()
        self.discard_box.show()
        self.discard_reason.setFocus()

    def discard(self) -> None:
        row = self.selected_held()
        if row is None or not self.ctx.in_command:
            return
        desk, by = self.ctx.desk, self.ctx.officer_id
        reason, pin, seq = self.discard_reason.text(), self.discard_pin.text(), row.seq
        self.discard_errors.clear()
        self.discard_confirm.setEnabled(False)
        (
            self.ctx.op(self, lambda: _discard(desk, seq, by, pin, reason))
            .success(self._discarded)
            .failure(self._discard_failed)
            .done(lambda: self.discard_confirm.setEnabled(True))
            .run()
        )

    def _discarded(self, view: Any) -> None:
        self.discard_reason.clear()
        self.discard_pin.clear()
        self.discard_box.hide()
        self.ctx.status.emit(
            self.tr(
                "Entry {seq} discarded: HQ will not receive it; the audit log keeps why"
            ).format(seq=view.seq)
        )

    def _discard_failed(self, error: Exception) -> None:
        from desktop_app.errors import RuleViolation

        if not isinstance(error, RuleViolation):
            raise error
        self.discard_pin.clear()
        self.discard_errors.show(error)

    # -- conflicts ---------------------------------------------------------------------------

    def _tab_texts(self) -> None:
        self.lists.setTabText(0, self.tr("Conflicts ({count})").format(count=self.model.rowCount()))
        self.lists.setTabText(
            self.held_tab, self.tr("Set aside ({count})").format(count=self.held_model.rowCount())
        )

    def held_shown(self) -> bool:
        """Is the list of entries set aside on screen (its tab shown and chosen)?"""
        return self.lists.isTabVisible(self.held_tab) and (
            self.lists.currentIndex() == self.held_tab
        )

    def _conflicts_loaded(self, rows: list[ConflictRow]) -> None:
        selected = self.selected_row()
        keep = selected.conflict.id if selected else None
        self.model.set_rows(rows)
        self._tab_texts()
        self.loaded = True
        self._conflict_count = self.ctx.sync.view.conflicts if self.ctx.sync.state else len(rows)
        self.no_conflicts.setVisible(not rows)
        self.conflict_view.setVisible(bool(rows))
        if rows and not (keep is not None and self.select(keep)):
            self.select(self.model.key(self.model.rows[0]))
        elif not rows:
            self._show_details(None)

    def selected_row(self) -> ConflictRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(self.proxy.mapToSource(index)) if index.isValid() else None

    def select(self, conflict_id: object) -> bool:
        row = self.model.row_of_key(conflict_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_details(self.model.row_at(self.proxy.mapToSource(current)))

    def _show_details(self, row: ConflictRow | None) -> None:
        self.details.setRowCount(0)
        if row is None:
            self.details_title.setText("")
            return
        c = row.conflict
        zone = self.ctx.port_zone
        who = winner_text(self.model.winner(row))
        lost_by = (
            self.tr("this desk")
            if c.lost_here
            else (self.tr("HQ") if c.losing_writer in ("hq", "reference") else c.losing_writer)
        )
        self.details_title.setText(
            self.tr("{record}: the version by {loser} lost to {winner} ({rule}), {when}").format(
                record=record_text(row, zone=zone, pick=self.ctx.language.pick),
                loser=lost_by,
                winner=who,
                rule=rule_text(c.rule),
                when=look.date_time(c.detected_at, zone),
            )
        )
        names = detail_fields(c)
        self.details.setRowCount(len(names))
        bold = QFont()
        bold.setBold(True)
        for i, name in enumerate(names):
            lost = name in c.fields
            # A mark and bold type for the fields that lost, not colour alone.
            label = QTableWidgetItem(("≠ " if lost else "") + field_text(name))
            losing = QTableWidgetItem(self.model.value(row, name, c.losing.get(name)))
            winning = QTableWidgetItem(self.model.value(row, name, c.winning.get(name)))
            for item in (label, losing, winning):
                if lost:
                    item.setFont(bold)
            self.details.setItem(i, 0, label)
            self.details.setItem(i, 1, losing)
            self.details.setItem(i, 2, winning)
        self.details.resizeRowsToContents()

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sync with HQ"))
        self.state_box.setTitle(self.tr("Link to HQ"))
        self.enrol_box.setTitle(self.tr("Enrol this desk at HQ or at the post's hub"))

        self.conflicts_caption.setText(
            self.tr(
                "When HQ and this post changed the same fields of a record, HQ kept one "
                "version by the rule below; the other is never dropped: it is listed here "
                "whole. Newest first."
            )
        )
        self.no_conflicts.setText(self.tr("No conflicts: every change was kept."))
        self._tab_texts()
        self.held_caption.setText(
            self.tr(
                "HQ refused these entries for a rule, or they wait for one it refused. "
                "Everything else keeps going to HQ; these stay here until they reach it or "
                "are discarded, never dropped."
            )
        )
        self.send_again_button.setText(self.tr("Send again"))
        self.send_again_button.setToolTip(
            self.tr("Queue every entry set aside again (after HQ or the record was fixed)")
        )
        self.discard_button.setText(self.tr("Discard…"))
        self.discard_labels["reason"].setText(self.tr("Why discard it"))
        self.discard_labels["pin"].setText(self.tr("Your PIN"))
        self.discard_confirm.setText(self.tr("Discard this entry"))
        self.held_model.retranslate()
        self._show_held_detail()
        texts = {
            "hq": self.tr("HQ"),
            "link": self.tr("Link"),
            "last_success": self.tr("Last sync"),
            "last_attempt": self.tr("Last attempt"),
            "pending": self.tr("Not at HQ yet"),
            "held": self.tr("Set aside"),
            "conflicts": self.tr("Conflicts kept"),
            "next": self.tr("Next sync"),
        }
        for key, text in texts.items():
            self.fact_labels[key].setText(text)
        self.sync_button.setText(self.tr("Sync now"))
        self.export_button.setText(self.tr("Export bundle…"))
        self.export_button.setToolTip(
            self.tr(
                "For a post with no link: the records HQ does not have yet, in one signed "
                "file to carry to HQ (USB)"
            )
        )
        self.hq_url_label.setText(self.tr("HQ's or the post's hub's address"))
        self.code_label.setText(self.tr("One-time code"))
        self.hq_url.setPlaceholderText("https://hq.example.cn:8470")
        self.code.setPlaceholderText("K7QM-2XPA-9RTF-WD3H")
        self.enrol_button.setText(self.tr("Enrol"))
        self.details.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Version that lost"), self.tr("Version kept")]
        )
        self.model.retranslate()
        self.show_state(self.ctx.sync.view)
        row = self.selected_row()
        if row is not None:
            self._show_details(row)
