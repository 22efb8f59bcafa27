"""Send waiting subjects on to another lane: the selected ones, or the last N to join.

A move is recorded by ``clearance.move`` (one event each, who and when, the
lanes left and taken); the wait runs on from the join.  Enter moves, Esc
cancels; the core's refusals appear in the dialog.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.models import Lane
from desktop_app import clearance
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.retranslating import Retranslating
from ui.widgets.common import error_label, index_of

Subject = tuple[uuid.UUID, str]  # a waiting clearance's id and reference


class MoveDialog(Retranslating, QDialog):
    moved = Signal(object)  # the move events (list of fact rows), once committed

    def __init__(
        self,
        ctx: AppContext,
        *,
        source: str,
        waiting: Sequence[Subject],
        targets: Sequence[Lane],
        selected: Sequence[Subject] = (),
        target_id: uuid.UUID | None = None,
        count: int = 1,
        offer: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``offer``: the lanes board asking, right after a lane opened, to move a queue's tail."""
        super().__init__(parent)
        self.setObjectName("moveDialog")
        self.ctx = ctx
        self.offer = offer
        self.source = source
        self.waiting = list(waiting)  # in the order they joined
        self.selected = list(selected)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.target = QComboBox()
        self.target.setObjectName("moveTarget")
        self.target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for lane in targets:
            self.target.addItem(
                f"{lane.code}  {ctx.language.pick(lane.name_zh, lane.name_en)}", lane.id
            )
        if target_id is not None:
            self.target.setCurrentIndex(max(0, index_of(self.target, target_id)))
        self.target.setEnabled(len(targets) > 1)
        self.who = QButtonGroup(self)
        self.pick_selected = QRadioButton()
        self.pick_selected.setObjectName("moveSelected")
        self.pick_last = QRadioButton()
        self.pick_last.setObjectName("moveLast")
        self.who.addButton(self.pick_selected)
        self.who.addButton(self.pick_last)
        self.count = QSpinBox()
        self.count.setObjectName("moveCount")
        self.count.setRange(1, max(1, len(self.waiting)))
        self.count.setValue(min(max(1, count), max(1, len(self.waiting))))
        self.pick_selected.setEnabled(bool(self.selected))
        (self.pick_selected if self.selected else self.pick_last).setChecked(True)
        self.count.valueChanged.connect(lambda _n: self.pick_last.setChecked(True))
        self.reason = QComboBox()
        self.reason.setObjectName("moveReason")
        self.reason.setEditable(True)
        self.reason.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.error = error_label("general")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        last = QHBoxLayout()
        last.addWidget(self.pick_last)
        last.addWidget(self.count)
        last.addStretch(1)
        self.target_label, self.who_label, self.reason_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.target_label, self.target)
        form.addRow(self.who_label, self.pick_selected)
        form.addRow("", last)
        form.addRow(self.reason_label, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def chosen(self) -> list[Subject]:
        """Who goes: the selected ones, or the last N to join (the latest first)."""
        if self.pick_selected.isChecked():
            return self.selected
        n = self.count.value()
        return list(reversed(self.waiting[len(self.waiting) - n :]))

    def submit(self) -> None:
        self.error.hide()
        lane_id = self.target.currentData()
        ids = [clearance_id for clearance_id, _ref in self.chosen()]
        if lane_id is None or not ids:
            self.error.setText(self.tr("Nobody to move, or no lane to move to"))
            self.error.show()
            return
        desk, by, reason = self.ctx.desk, self.ctx.officer_id, self.reason.currentText()
        self.buttons.setEnabled(False)
        (
            self.ctx.op(
                self,
                lambda: clearance.move(
                    desk, clearance_ids=ids, lane_id=lane_id, by=by, reason=reason
                ),
            )
            .success(self._moved)
            .failure(self._failed)
            .done(lambda: self.buttons.setEnabled(True))
            .run()
        )

    def _moved(self, rows: list[object]) -> None:
        self.moved.emit(rows)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.error.setText(self.ctx.describe(error))
        self.error.show()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Move to another lane"))
        intro = self.tr(
            "Send people waiting at {lane} on to another lane. Their wait runs on "
            "from when they joined; the move is recorded with your name and can be undone."
        ).format(lane=self.source)
        if self.offer:
            target = self.target.currentText().split()[0] if self.target.count() else ""
            question = self.tr("Lane {lane} is open. Move the last {count} from {source}?")
            question = question.format(lane=target, count=self.count.value(), source=self.source)
            self.setWindowTitle(question)
            intro = question + "\n" + intro
        self.intro.setText(intro)
        self.target_label.setText(self.tr("To lane"))
        self.who_label.setText(self.tr("Who"))
        refs = ", ".join(ref for _id, ref in self.selected[:4])
        if len(self.selected) > 4:
            refs += " …"
        self.pick_selected.setText(
            self.tr("The selected {count}: {references}").format(
                count=len(self.selected), references=refs
            )
            if self.selected
            else self.tr("The selected (nobody selected)")
        )
        self.pick_last.setText(
            self.tr("The last to join, of {waiting} waiting:").format(waiting=len(self.waiting))
        )
        self.reason_label.setText(self.tr("Reason"))
        current = self.reason.currentText()
        self.reason.clear()
        self.reason.addItems(
            [self.tr("A lane opened for this queue"), self.tr("Evening out the queues"), ""]
        )
        if current and self.reason.findText(current) < 0:
            self.reason.setEditText(current)
