"""Clearance capture, keyboard- and scanner-first.

A scanner types a code and Enter: the traveller (or vehicle, or train) has
joined the queue of the chosen lane.  At the desk one key each records the
next step of the selected entry: F5 service started, F6 cleared, F7
referred, F8 refused.  F1–F4 choose the traveller category, Up/Down move
the selection without leaving the scan field (Shift+Up/Down extend it), F9
sends the selected (or the last N) waiting subjects on to another lane,
Ctrl+Z undoes the latest step recorded here (a correction event with a
reason).  A lane that is not open yet can be chosen too: scans there queue
before opening (marked so), served once the lane opens.  The time of a step is
taken when the key is pressed, on the UI thread; the commit happens on the
worker, so the desk never waits for the database before the next scan.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import queries
from db.enums import (
    ClearanceStep,
    Direction,
    LaneDirection,
    LaneSubjects,
    Outcome,
    SubjectKind,
    TravellerCategory,
)
from db.models import Lane
from desktop_app import clearance, lanes
from desktop_app.errors import RuleViolation
from desktop_app.lane_groups import is_rail_track
from ui import look
from ui.context import AppContext
from ui.dialogs.correct_dialog import CorrectCategoryDialog
from ui.dialogs.move_dialog import MoveDialog
from ui.dialogs.undo_dialog import UndoDialog
from ui.labels import label
from ui.live import LiveQueue, LiveSnapshot
from ui.models.queue_model import QueueModel
from ui.retranslating import Retranslating
from ui.widgets.common import (
    error_label,
    key_button,
    retranslate_enum_combo,
    row_table,
    sort_proxy,
    with_key,
)

CATEGORY_KEYS = {
    TravellerCategory.CHINESE_CITIZEN: "F1",
    TravellerCategory.FOREIGN_NATIONAL: "F2",
    TravellerCategory.HK_MACAO_TAIWAN: "F3",
    TravellerCategory.CREW: "F4",
}
RECENT_LIMIT = 12


@dataclass(frozen=True)
class Recent:
    """A step recorded at this desk, newest first in the list."""

    at: datetime
    reference: str
    clearance_id: uuid.UUID
    step: ClearanceStep
    outcome: Outcome | None = None
    undone: bool = False
    # A move of one or many subjects: the move events (undone together) and the lane taken.
    move_ids: tuple[uuid.UUID, ...] = ()
    lane: str = ""


class ClearancePage(Retranslating, QWidget):
    # Emitted on the UI thread when a step recorded here has committed (the benchmark and
    # the tests wait for it; the screen itself waits for the change signal like any view).
    step_recorded = Signal(object)  # Recent

    def __init__(self, ctx: AppContext, live: LiveQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.live = live
        self.recent: deque[Recent] = deque(maxlen=RECENT_LIMIT)
        self.move_dialog: MoveDialog | None = None
        self._selected_key: uuid.UUID | None = None

        # -- what the next scan is: lane, subject kind, direction, category ------
        self.lane = QComboBox()
        self.lane.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lane.setObjectName("laneSelect")
        self.lane.setMinimumContentsLength(22)
        self.subject_kind = QComboBox()
        self.subject_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.subject_kind.setObjectName("subjectKind")
        self.direction = QComboBox()
        self.direction.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.direction.setObjectName("direction")
        self.lane_label = QLabel()
        self.subject_label = QLabel()
        self.direction_label = QLabel()
        self.no_lane = QLabel()
        self.no_lane.setObjectName("notice")
        self.no_lane.setWordWrap(True)

        self.categories = QButtonGroup(self)
        self.categories.setExclusive(True)
        self.category_buttons: dict[TravellerCategory, QPushButton] = {}
        category_row = QHBoxLayout()
        self.category_label = QLabel()
        category_row.addWidget(self.category_label)
        for category, key in CATEGORY_KEYS.items():
            button = key_button(f"category_{category.value}", key)
            button.setCheckable(True)
            self.categories.addButton(button)
            self.category_buttons[category] = button
            category_row.addWidget(button)
        category_row.addStretch(1)
        self.category_buttons[TravellerCategory.CHINESE_CITIZEN].setChecked(True)

        self.scan = QLineEdit()
        self.scan.setObjectName("scanInput")
        self.scan.setMaxLength(40)
        self.scan.setFont(look.live_font(look.BASE_POINT_SIZE + 8))
        self.scan_error = error_label("reference")
        self.scan_label = QLabel()

        # -- the queue of the chosen lane -----------------------------------------
        self.model = QueueModel(ctx.now, lambda: ctx.port_zone, self)
        self.proxy = sort_proxy(self.model, self)
        self.table = row_table("queueTable", self.proxy, QueueModel.COL_JOINED)
        # Several rows for a move: Shift+Up/Down from the scan field, or Shift/Ctrl+click.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.queue_title = QLabel()
        self.queue_title.setObjectName("sectionTitle")
        self.selected = QLabel()
        self.selected.setObjectName("selectedTraveller")
        self.selected.setFont(look.live_font(look.BASE_POINT_SIZE + 4))

        # -- one key per step -------------------------------------------------------
        self.start_button = key_button("startService", "F5")
        self.cleared_button = key_button("finishCleared", "F6")
        self.referred_button = key_button("finishReferred", "F7")
        self.refused_button = key_button("finishRefused", "F8")
        self.undo_button = key_button("undoLast", "Ctrl+Z")
        self.correct_button = key_button("correctCategory")
        self.move_button = key_button("moveSubjects", "F9")
        self.start_button.setProperty("kind", "primary")
        self.cleared_button.setProperty("kind", "primary")
        self.refused_button.setProperty("kind", "danger")
        steps = QHBoxLayout()
        for button in (
            self.start_button,
            self.cleared_button,
            self.referred_button,
            self.refused_button,
            self.move_button,
        ):
            button.setMinimumHeight(48)
            steps.addWidget(button)

        # -- what this desk recorded last ---------------------------------------------
        self.recent_title = QLabel()
        self.recent_title.setObjectName("sectionTitle")
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.recent_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # -- layout ---------------------------------------------------------------------
        choose = QGridLayout()
        choose.addWidget(self.lane_label, 0, 0)
        choose.addWidget(self.lane, 0, 1)
        choose.addWidget(self.subject_label, 0, 2)
        choose.addWidget(self.subject_kind, 0, 3)
        choose.addWidget(self.direction_label, 0, 4)
        choose.addWidget(self.direction, 0, 5)
        choose.setColumnStretch(6, 1)
        left = QVBoxLayout()
        left.addLayout(choose)
        left.addWidget(self.no_lane)
        left.addLayout(category_row)
        left.addWidget(self.scan_label)
        left.addWidget(self.scan)
        left.addWidget(self.scan_error)
        left.addWidget(self.queue_title)
        left.addWidget(self.table, 1)
        left.addWidget(self.selected)
        left.addLayout(steps)
        right_box = QFrame()
        right_box.setMaximumWidth(360)
        right = QVBoxLayout(right_box)
        right.addWidget(self.recent_title)
        right.addWidget(self.recent_list, 1)
        right.addWidget(self.undo_button)
        right.addWidget(self.correct_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(right_box)

        # -- wiring -----------------------------------------------------------------------
        self.scan.returnPressed.connect(self.join)
        self.scan.installEventFilter(self)
        self.start_button.clicked.connect(self.start_service)
        self.cleared_button.clicked.connect(lambda: self.finish(Outcome.CLEARED))
        self.referred_button.clicked.connect(lambda: self.finish(Outcome.REFERRED))
        self.refused_button.clicked.connect(lambda: self.finish(Outcome.REFUSED))
        self.undo_button.clicked.connect(self.undo_last)
        self.correct_button.clicked.connect(self.correct_selected)
        self.move_button.clicked.connect(self.move_subjects)
        self.lane.currentIndexChanged.connect(self._lane_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        live.updated.connect(self._show_snapshot)
        ctx.tick.connect(self._tick)
        self.retranslate()

    # -- choosing the lane -------------------------------------------------------------

    def current_lane(self) -> Lane | None:
        lane_id = self.lane.currentData()
        return self.live.snapshot.lane(lane_id) if lane_id else None

    def _show_snapshot(self, snapshot: LiveSnapshot) -> None:
        chosen = self.lane.currentData()
        # Open lanes first; then the closed ones, where a queue may form before opening.
        ordered = [lane for lane in snapshot.lanes if lane.is_open] + [
            lane for lane in snapshot.lanes if not lane.is_open
        ]
        items = [(lane.id, self._lane_text(lane)) for lane in ordered]
        current = [(self.lane.itemData(i), self.lane.itemText(i)) for i in range(self.lane.count())]
        if items != current:
            self.lane.blockSignals(True)
            self.lane.clear()
            for lane_id, text in items:
                self.lane.addItem(text, lane_id)
            ids = [lane_id for lane_id, _text in items]
            if chosen in ids:
                self.lane.setCurrentIndex(ids.index(chosen))
            self.lane.blockSignals(False)
        self._lane_chosen()

    def _lane_text(self, lane: Lane) -> str:
        text = f"{lane.code}  {self.ctx.language.pick(lane.name_zh, lane.name_en)}"
        return text if lane.is_open else text + "  " + self.tr("(not open)")

    def _show_notice(self, lane: Lane | None) -> None:
        if not any(lane.is_open for lane in self.live.snapshot.lanes):
            self.no_lane.setText(self.tr("No lane is open. Open one on the lanes board (Ctrl+2)."))
            self.no_lane.show()
        elif lane is not None and not lane.is_open:
            self.no_lane.setText(
                self.tr(
                    "Lane {lane} is not open: scans here queue before opening (their wait "
                    "counts from arrival); service starts once the lane opens."
                ).format(lane=lane.code)
            )
            self.no_lane.show()
        else:
            self.no_lane.hide()

    def select_lane(self, code: str) -> None:
        for i in range(self.lane.count()):
            lane = self.live.snapshot.lane(self.lane.itemData(i))
            if lane is not None and lane.code == code:
                self.lane.setCurrentIndex(i)
                return
        raise LookupError(f"lane {code} is not open")

    def _lane_chosen(self, *_: object) -> None:
        lane = self.current_lane()
        self._show_notice(lane)
        self._fill_subject_kinds(lane)
        self._fill_directions(lane)
        persons = lane is not None and lane.subjects != LaneSubjects.VEHICLES
        for button in self.category_buttons.values():
            button.setEnabled(persons)
        entries = self.live.snapshot.entries_on(lane.id) if lane else []
        keep = self._selected_key  # the reset below clears the view's current row
        self.model.set_rows(entries)
        self._restore_selection(keep)
        self._update_queue_title()

    def _fill_subject_kinds(self, lane: Lane | None) -> None:
        kinds: list[SubjectKind] = []
        if lane is not None:
            kinds = {
                LaneSubjects.PERSONS: [SubjectKind.PERSON],
                LaneSubjects.VEHICLES: [SubjectKind.VEHICLE, SubjectKind.TRAIN],
                LaneSubjects.BOTH: [SubjectKind.PERSON, SubjectKind.VEHICLE, SubjectKind.TRAIN],
            }[lane.subjects]
            # Rail tracks take trains; the codes of the reference lane set say so.
            if is_rail_track(lane.code):
                kinds = [SubjectKind.TRAIN, SubjectKind.VEHICLE]
        current = self.subject_kind.currentData()
        self.subject_kind.blockSignals(True)
        self.subject_kind.clear()
        for kind in kinds:
            self.subject_kind.addItem(label(kind), kind)
        if current in kinds:
            self.subject_kind.setCurrentIndex(kinds.index(current))
        self.subject_kind.blockSignals(False)
        visible = len(kinds) > 1
        self.subject_kind.setVisible(visible)
        self.subject_label.setVisible(visible)

    def _fill_directions(self, lane: Lane | None) -> None:
        both = lane is not None and lane.direction == LaneDirection.BOTH
        if self.direction.count() == 0:
            for direction in Direction:
                self.direction.addItem(label(direction), direction)
        self.direction.setVisible(both)
        self.direction_label.setVisible(both)

    # -- the queue list --------------------------------------------------------------

    def selected_entry(self) -> queries.Clearance | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index))

    def _row_chosen(self, current: object, _previous: object) -> None:
        entry = self.selected_entry()
        self._selected_key = entry.clearance_id if entry else None
        self._show_selected()

    def _restore_selection(self, keep: uuid.UUID | None) -> None:
        """Keep the selected entry across reloads; else the oldest still waiting."""
        row = self.model.row_of_key(keep) if keep else -1
        if row < 0:
            waiting = [i for i, e in enumerate(self.model.rows) if e.started_at is None]
            row = waiting[0] if waiting else (0 if self.model.rows else -1)
        if row < 0:
            self.table.clearSelection()
            self._selected_key = None
            self._show_selected()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def move_selection(self, delta: int, *, extend: bool = False) -> None:
        rows = self.proxy.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row()
        row = min(rows - 1, max(0, (current if current >= 0 else 0) + delta))
        index = self.proxy.index(row, 0)
        how = (
            QItemSelectionModel.SelectionFlag.Select
            if extend
            else QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.selectionModel().setCurrentIndex(
            index, how | QItemSelectionModel.SelectionFlag.Rows
        )

    def selected_entries(self) -> list[queries.Clearance]:
        """The selected rows, in queue order."""
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.rows[r] for r in sorted(rows)]

    def _show_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.selected.setText(self.tr("Nobody selected"))
            return
        state = self.tr("in service") if entry.started_at else self.tr("waiting")
        self.selected.setText(
            self.tr("Selected: {reference}, {state}, {wait}").format(
                reference=entry.reference,
                state=state,
                wait=look.minutes_seconds(self.model.wait_seconds(entry)),
            )
        )

    def _update_queue_title(self) -> None:
        lane = self.current_lane()
        if lane is None:
            self.queue_title.setText(self.tr("Queue"))
            return
        level = self.live.snapshot.level(self.ctx.now(), lane.id)
        self.queue_title.setText(
            self.tr("Queue on {lane}: {count} waiting").format(lane=lane.code, count=level.waiting)
        )

    def _tick(self) -> None:
        if self.isVisible():
            self.model.tick()
            self._show_selected()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Z is the desk's undo, not the scan field's text undo: refuse the field's
        # claim on it so the shortcut fires.
        if (
            watched is self.scan
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ):
            event.ignore()
            return True
        # Up/Down move the queue selection while the cursor stays in the scan field.
        if (
            watched is self.scan
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if event.key() == Qt.Key.Key_Up:
                self.move_selection(-1, extend=extend)
                return True
            if event.key() == Qt.Key.Key_Down:
                self.move_selection(1, extend=extend)
                return True
        return super().eventFilter(watched, event)

    # -- recording -----------------------------------------------------------------------

    def category(self) -> TravellerCategory:
        for category, button in self.category_buttons.items():
            if button.isChecked():
                return category
        return TravellerCategory.CHINESE_CITIZEN

    def join(self) -> None:
        """Enter in the scan field: the scanned or typed reference joins the lane's queue."""
        reference = self.scan.text().strip()
        at = self.ctx.now()  # the moment of the scan, whatever the worker is doing
        self.scan.clear()  # ready for the next scan at once
        if not reference:
            return
        lane = self.current_lane()
        if lane is None:
            self._show_error(RuleViolation("lane_id", "required"), reference)
            return
        kind = SubjectKind(self.subject_kind.currentData() or SubjectKind.PERSON)
        category = self.category() if kind == SubjectKind.PERSON else None
        direction = (
            Direction(self.direction.currentData())
            if lane.direction == LaneDirection.BOTH
            else None
        )
        desk, by = self.ctx.desk, self.ctx.officer_id
        (
            self.ctx.op(
                self,
                lambda: clearance.join_queue(
                    desk,
                    lane_id=lane.id,
                    reference=reference,
                    subject_kind=kind,
                    traveller_category=category,
                    direction=direction,
                    by=by,
                    at=at,
                ),
            )
            .success(
                lambda row: self._recorded(
                    Recent(at, reference, row.clearance_id, ClearanceStep.JOINED)
                )
            )
            .failure(lambda error: self._show_error(error, reference))
            .run()
        )

    def start_service(self) -> None:
        self._step(None)

    def finish(self, outcome: Outcome) -> None:
        self._step(outcome)

    def _step(self, outcome: Outcome | None) -> None:
        at = self.ctx.now()
        entry = self.selected_entry()
        if entry is None:
            self.scan_error.setText(self.tr("Nobody is selected in the queue"))
            self.scan_error.show()
            return
        desk, by, clearance_id = self.ctx.desk, self.ctx.officer_id, entry.clearance_id
        if outcome is None:
            step = ClearanceStep.STARTED

            def run() -> object:
                return clearance.start_service(desk, clearance_id=clearance_id, by=by, at=at)
        else:
            step = ClearanceStep.FINISHED

            def run() -> object:
                return clearance.finish(
                    desk, clearance_id=clearance_id, outcome=outcome, by=by, at=at
                )

        recent = Recent(at, entry.reference, clearance_id, step, outcome)
        (
            self.ctx.op(self, run)
            .success(lambda _row: self._recorded(recent))
            .failure(lambda error: self._show_error(error, entry.reference))
            .run()
        )

    def _recorded(self, recent: Recent) -> None:
        self.scan_error.hide()
        self.recent.appendleft(recent)
        self._show_recent()
        self.step_recorded.emit(recent)

    def _show_error(self, error: Exception, reference: str) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        message = self.ctx.message(error)
        if error.rule != "already_in_queue":
            message = f"{reference}: {message}"
        self.scan_error.setText(message)
        self.scan_error.show()

    # -- moves -------------------------------------------------------------------------

    def move_subjects(self) -> None:
        """F9: send the selected (or the last N) waiting subjects on to another lane."""
        lane = self.current_lane()
        waiting = [e for e in self.model.rows if e.started_at is None]
        if lane is None or not waiting:
            self.scan_error.setText(self.tr("Nobody waits on this lane"))
            self.scan_error.show()
            return
        selected = [e for e in self.selected_entries() if e.started_at is None]
        sample = selected[0] if selected else waiting[-1]
        targets = [
            other
            for other in self.live.snapshot.lanes
            if other.is_open and other.id != lane.id and lanes.takes(other, sample)
        ]
        if not targets:
            self.scan_error.setText(self.tr("No other open lane takes them"))
            self.scan_error.show()
            return
        self.scan_error.hide()
        dialog = MoveDialog(
            self.ctx,
            source=lane.code,
            waiting=[(e.clearance_id, e.reference) for e in waiting],
            selected=[(e.clearance_id, e.reference) for e in selected],
            targets=targets,
            parent=self,
        )
        dialog.moved.connect(self._moved)
        dialog.finished.connect(dialog.deleteLater)
        self.move_dialog = dialog
        dialog.open()

    def _moved(self, rows: list[Any]) -> None:
        if not rows:
            return
        target = self.live.snapshot.lane(rows[0].lane_id)
        code = target.code if target else "?"
        known = {e.clearance_id: e.reference for e in self.model.rows}
        refs = [known.get(r.clearance_id, "?") for r in rows]
        reference = (
            refs[0] if len(refs) == 1 else self.tr("{count} waiting").format(count=len(refs))
        )
        self._recorded(
            Recent(
                rows[0].at,
                reference,
                rows[0].clearance_id,
                ClearanceStep.MOVED,
                move_ids=tuple(r.id for r in rows),
                lane=code,
            )
        )
        self.ctx.status.emit(
            self.tr("Moved to {lane}: {references}").format(lane=code, references=", ".join(refs))
        )

    # -- corrections -------------------------------------------------------------------

    def _step_text(self, recent: Recent) -> str:
        if recent.outcome is not None:
            return label(recent.outcome)
        if recent.step == ClearanceStep.MOVED:
            return f"{label(recent.step)} → {recent.lane}"
        return label(recent.step)

    def _show_recent(self) -> None:
        self.recent_list.clear()
        for recent in self.recent:
            text = f"{self.ctx.local_time(recent.at, seconds=True)}  {recent.reference}  " + (
                self._step_text(recent)
            )
            if recent.undone:
                text += "  " + self.tr("(undone)")
            item = QListWidgetItem(text)
            if recent.undone:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
            self.recent_list.addItem(item)

    def undo_last(self) -> None:
        """Ctrl+Z: undo the newest step recorded at this desk (asks for the reason)."""
        target = next((r for r in self.recent if not r.undone), None)
        if target is None:
            self.scan_error.setText(self.tr("Nothing recorded here to undo"))
            self.scan_error.show()
            return
        what = f"{target.reference}: {self._step_text(target)}"
        dialog = UndoDialog(what, self)
        dialog.accepted.connect(lambda: self._undo(target, dialog.reason()))
        dialog.finished.connect(dialog.deleteLater)
        self.undo_dialog = dialog
        dialog.open()

    def _undo(self, target: Recent, reason: str) -> None:
        desk, by = self.ctx.desk, self.ctx.officer_id

        def run() -> object:
            if target.move_ids:  # a move of one or many: all of it, or nothing
                return clearance.undo_moves(
                    desk, move_ids=list(target.move_ids), by=by, reason=reason
                )
            return clearance.undo(desk, clearance_id=target.clearance_id, by=by, reason=reason)

        (
            self.ctx.op(self, run)
            .success(lambda _row: self._undone(target))
            .failure(lambda error: self._show_error(error, target.reference))
            .run()
        )

    def _undone(self, target: Recent) -> None:
        self.recent = deque(
            (replace(r, undone=True) if r is target else r for r in self.recent),
            maxlen=RECENT_LIMIT,
        )
        self._show_recent()
        self.ctx.status.emit(self.tr("Undone: {reference}").format(reference=target.reference))

    def correct_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.subject_kind != SubjectKind.PERSON:
            self.scan_error.setText(self.tr("Select a traveller in the queue to correct"))
            self.scan_error.show()
            return
        dialog = CorrectCategoryDialog(entry.reference, entry.traveller_category, self)
        dialog.accepted.connect(
            lambda: self._correct(entry, dialog.chosen(), dialog.reason.text().strip())
        )
        dialog.finished.connect(dialog.deleteLater)
        self.correct_dialog = dialog
        dialog.open()

    def _correct(self, entry: queries.Clearance, category: TravellerCategory, reason: str) -> None:
        desk, by = self.ctx.desk, self.ctx.officer_id
        (
            self.ctx.op(
                self,
                lambda: clearance.correct(
                    desk,
                    event_id=entry.joined_event_id,
                    traveller_category=category,
                    reason=reason,
                    by=by,
                ),
            )
            .success(lambda _row: self.ctx.status.emit(self.tr("Category corrected")))
            .failure(lambda error: self._show_error(error, entry.reference))
            .run()
        )

    # -- language -------------------------------------------------------------------------

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        QTimer.singleShot(0, self.scan.setFocus)

    def retranslate(self) -> None:
        self.lane_label.setText(self.tr("Lane"))
        self.subject_label.setText(self.tr("Subject"))
        self.direction_label.setText(self.tr("Direction"))
        self.category_label.setText(self.tr("Category:"))
        for category, button in self.category_buttons.items():
            button.setText(with_key(label(category), CATEGORY_KEYS[category]))
        self.scan_label.setText(self.tr("Scan or type the reference, then Enter"))
        self.scan.setPlaceholderText(self.tr("document, ticket, plate or train number"))
        self._show_notice(self.current_lane())
        self.start_button.setText(with_key(self.tr("Service started"), "F5"))
        self.cleared_button.setText(with_key(self.tr("Cleared"), "F6"))
        self.referred_button.setText(with_key(self.tr("Referred"), "F7"))
        self.refused_button.setText(with_key(self.tr("Refused"), "F8"))
        self.undo_button.setText(with_key(self.tr("Undo last step"), "Ctrl+Z"))
        self.move_button.setText(with_key(self.tr("Move to lane…"), "F9"))
        self.correct_button.setText(self.tr("Correct category…"))
        self.recent_title.setText(self.tr("Recorded at this desk"))
        for i in range(self.lane.count()):
            lane = self.live.snapshot.lane(self.lane.itemData(i))
            if lane is not None:
                self.lane.setItemText(i, self._lane_text(lane))
        retranslate_enum_combo(self.subject_kind, SubjectKind)
        retranslate_enum_combo(self.direction, Direction)
        self.model.retranslate()
        self._update_queue_title()
        self._show_selected()
        self._show_recent()
