"""The lanes board: open and close lanes, assign arrivals, see each queue at a glance.

Right after a lane opens, the board asks whether to send over the tail of the
longest queue the new lane can take ("move the last 8 from P-IN-1?", computed
by ``lanes.suggest_move``): Enter moves them, Esc leaves the queues alone.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from db.models import Lane
from desktop_app import lanes
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.dialogs.move_dialog import MoveDialog
from ui.live import LiveQueue, LiveSnapshot
from ui.models.lane_model import LaneModel
from ui.retranslating import Retranslating
from ui.widgets.common import error_label, key_button, row_table, sort_proxy, with_key


class LanesPage(Retranslating, QWidget):
    assign_requested = Signal(object)  # the selected Lane (or None)
    emergency_requested = Signal()

    def __init__(self, ctx: AppContext, live: LiveQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.live = live
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.model = LaneModel(ctx.now, ctx.language.pick, self)
        self.proxy = sort_proxy(self.model, self)
        self.table = row_table("laneTable", self.proxy, LaneModel.COL_CODE)
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LaneModel.COL_NAME, QHeaderView.ResizeMode.Stretch)

        self.open_button = key_button("openLane")
        self.close_button = key_button("closeLane")
        self.assign_button = key_button("assignLane")
        self.emergency_button = key_button("emergencyPassage")
        self.emergency_button.setProperty("kind", "danger")
        self.error = error_label("lane_id")
        self.move_dialog: MoveDialog | None = None  # the offer after a lane opened
        buttons = QHBoxLayout()
        for button in (self.open_button, self.close_button, self.assign_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.emergency_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.open_button.clicked.connect(lambda: self.set_open(True))
        self.close_button.clicked.connect(lambda: self.set_open(False))
        self.assign_button.clicked.connect(self._request_assign)
        self.emergency_button.clicked.connect(self.emergency_requested)
        self.table.doubleClicked.connect(self._request_assign)
        live.updated.connect(self._show_snapshot)
        ctx.tick.connect(self._tick)
        self.retranslate()

    def _request_assign(self, *_: object) -> None:
        self.assign_requested.emit(self.selected_lane())

    def _tick(self) -> None:
        if self.isVisible():
            self.model.tick()

    def _show_snapshot(self, snapshot: LiveSnapshot) -> None:
        selected = self.selected_lane()
        self.model.set_snapshot(snapshot)
        if selected is not None:
            self.select_lane(selected.code)

    def selected_lane(self) -> Lane | None:
        index = self.table.currentIndex()
        return self.model.row_at(self.proxy.mapToSource(index)) if index.isValid() else None

    def select_lane(self, code: str) -> None:
        for row, lane in enumerate(self.model.rows):
            if lane.code == code:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return
        raise LookupError(f"no lane {code}")

    def set_open(self, open_: bool) -> None:
        lane = self.selected_lane()
        if lane is None:
            self.error.setText(self.tr("Select a lane first"))
            self.error.show()
            return
        self.error.hide()
        desk, by = self.ctx.desk, self.ctx.officer_id
        (
            self.ctx.op(self, lambda: lanes.set_open(desk, lane_id=lane.id, open_=open_, by=by))
            .success(lambda _lane: self._changed(lane, open_))
            .failure(self._failed)
            .run()
        )

    def _changed(self, lane: Lane, open_: bool) -> None:
        text = self.tr("Lane {lane} opened") if open_ else self.tr("Lane {lane} closed")
        self.ctx.status.emit(text.format(lane=lane.code))
        if open_:
            desk, lane_id = self.ctx.desk, lane.id
            (
                self.ctx.op(self, lambda: lanes.suggest_move(desk, lane_id))
                .success(lambda found: self._offer_move(found, lane))
                .run()
            )

    def _offer_move(self, suggestion: lanes.MoveSuggestion | None, lane: Lane) -> None:
        """Ask whether the tail of the longest queue goes to the lane just opened."""
        if suggestion is None:
            return
        dialog = MoveDialog(
            self.ctx,
            source=suggestion.from_code,
            waiting=list(zip(suggestion.waiting, suggestion.references, strict=True)),
            targets=[lane],
            target_id=lane.id,
            count=suggestion.count,
            offer=True,
            parent=self,
        )
        dialog.moved.connect(
            lambda rows: self.ctx.status.emit(
                self.tr("{count} moved from {source} to {lane}").format(
                    count=len(rows), source=suggestion.from_code, lane=lane.code
                )
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.move_dialog = dialog
        dialog.open()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.error.setText(self.ctx.describe(error))
        self.error.show()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Lanes and special channels"))
        self.open_button.setText(self.tr("Open lane"))
        self.close_button.setText(self.tr("Close lane"))
        self.assign_button.setText(self.tr("Assign arrival…"))
        self.emergency_button.setText(with_key(self.tr("Emergency passage"), "F12"))
        self.model.retranslate()
