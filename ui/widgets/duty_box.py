"""The Shift screen's duty roster: who is on duty, the lane each works, and changes.

A posting is one click (the officer and the lane chosen above it): **Post**
puts the officer on the lane (a move if they worked another one: who moved
where, when), **Off lane** and **Off duty** take them off.  Lanes open with
nobody working them are flagged in red.  The services hold the rules (one
lane at a time); a refusal shows under the buttons.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from db.models import Lane, Officer
from desktop_app import duty_roster, lanes, officers, shifts
from desktop_app.desk import Desk
from desktop_app.duty_roster import Roster
from desktop_app.errors import RuleViolation
from ui import look
from ui.context import AppContext
from ui.live import Refresher
from ui.retranslating import Retranslating
from ui.widgets.common import error_label, key_button

DUTY_TABLES = frozenset({"duty_postings", "lane_state_changes", "lanes", "officers", "shifts"})


@dataclass(frozen=True)
class DutyView:
    shift_id: uuid.UUID | None
    roster: Roster | None
    officers: list[Officer]
    lanes: list[Lane]


def load_duty_view(desk: Desk) -> DutyView:
    """Runs on the worker."""
    shift = shifts.current_shift(desk)
    people = list(officers.roster(desk, include_inactive=False))
    found = lanes.lanes(desk)
    if shift is None:
        return DutyView(None, None, people, found)
    return DutyView(shift.id, duty_roster.roster(desk, shift.id), people, found)


class DutyBox(Retranslating, QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dutyRoster")
        self.ctx = ctx
        self.view: DutyView | None = None
        self.list = QListWidget()
        self.list.setObjectName("dutyList")
        self.list.setMaximumHeight(120)
        self.unstaffed = QLabel()
        self.unstaffed.setObjectName("unstaffedLanes")
        self.unstaffed.setWordWrap(True)
        self.officer = QComboBox()
        self.officer.setObjectName("dutyOfficer")
        self.lane = QComboBox()
        self.lane.setObjectName("dutyLane")
        self.post = key_button("postOfficer")
        self.off_lane = key_button("offLane")
        self.off_duty = key_button("offDuty")
        self.error = error_label("lane_id")
        row = QHBoxLayout()
        row.addWidget(self.officer, 1)
        row.addWidget(self.lane, 1)
        row.addWidget(self.post)
        row.addWidget(self.off_lane)
        row.addWidget(self.off_duty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.unstaffed)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.post.clicked.connect(self.post_officer)
        self.off_lane.clicked.connect(lambda: self._change("off_lane"))
        self.off_duty.clicked.connect(lambda: self._change("off_duty"))
        self.refresher = Refresher(
            ctx, self, lambda: load_duty_view(ctx.desk), self._loaded, DUTY_TABLES, widget=self
        )
        self.retranslate()

    def _loaded(self, view: DutyView) -> None:
        self.view = view
        chosen_officer, chosen_lane = self.officer.currentData(), self.lane.currentData()
        self.officer.clear()
        for o in view.officers:
            self.officer.addItem(f"{o.badge_no} {o.name}", o.id)
        self.lane.clear()
        for lane in view.lanes:
            self.lane.addItem(lane.code, lane.id)
        for combo, chosen in ((self.officer, chosen_officer), (self.lane, chosen_lane)):
            # (findData compares Python objects by identity: a reloaded id is a new object)
            index = next((i for i in range(combo.count()) if combo.itemData(i) == chosen), 0)
            combo.setCurrentIndex(index)
        self._show()

    def _show(self) -> None:
        self.list.clear()
        roster = self.view.roster if self.view else None
        if roster is None:
            self.unstaffed.setText("")
            return
        for o in roster.on_duty:
            where = o.lane_code or self.tr("no lane")
            self.list.addItem(
                self.tr("{badge} {name}: {lane} since {time}").format(
                    badge=o.badge_no, name=o.name, lane=where, time=self.ctx.local_time(o.since)
                )
            )
        # Red and bold while a lane is open with nobody working it (a flag, not a remark).
        self.unstaffed.setStyleSheet(
            f"color: {look.RED}; font-weight: bold;" if roster.unstaffed else ""
        )
        if roster.unstaffed:
            self.unstaffed.setText(
                self.tr("Open lanes with no officer: {lanes}").format(
                    lanes=", ".join(roster.unstaffed)
                )
            )
        else:
            self.unstaffed.setText(self.tr("Every open lane has an officer."))

    def _working(self, officer_id: uuid.UUID) -> str | None:
        roster = self.view.roster if self.view else None
        if roster is None:
            return None
        found = next((o for o in roster.on_duty if o.officer_id == officer_id), None)
        return found.lane_code if found else None

    def post_officer(self) -> None:
        view, by = self.view, self.ctx.officer
        officer_id, lane_id = self.officer.currentData(), self.lane.currentData()
        if view is None or view.shift_id is None or by is None or officer_id is None:
            return
        desk, shift_id = self.ctx.desk, view.shift_id
        service = duty_roster.move if self._working(officer_id) else duty_roster.take_lane
        self._run(
            lambda: service(
                desk, shift_id=shift_id, officer_id=officer_id, lane_id=lane_id, by=by.id
            )
        )

    def _change(self, what: str) -> None:
        view, by = self.view, self.ctx.officer
        officer_id = self.officer.currentData()
        if view is None or view.shift_id is None or by is None or officer_id is None:
            return
        desk, shift_id = self.ctx.desk, view.shift_id
        service = duty_roster.leave_lane if what == "off_lane" else duty_roster.go_off_duty
        self._run(lambda: service(desk, shift_id=shift_id, officer_id=officer_id, by=by.id))

    def _run(self, fn: Callable[[], object]) -> None:
        self.error.hide()
        self.ctx.op(self, fn).success(lambda _r: self.error.hide()).failure(self._failed).run()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, RuleViolation):
            self.error.setText(self.ctx.message(error))
            self.error.show()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Duty roster: who works which lane"))
        self.post.setText(self.tr("Post to lane"))
        self.off_lane.setText(self.tr("Off lane"))
        self.off_duty.setText(self.tr("Off duty"))
        self._show()
