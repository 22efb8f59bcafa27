"""A whole shift at the desk, driven through the real widgets as officers would.

Sign in, plan and open the shift with its checklist, open lanes, add a
forecast (with a validation error first), mark it arrived, assign it to a
lane, record ten travellers with the keyboard, let a wait cross the amber
threshold, hand over to another officer who requests priority clearance
that the deputy approves with a PIN inside the flow, record an emergency
passage with two keys, close the shift with the deputy's PIN; then check
what the database holds.  The desk runs on a clock the test moves.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db import queries
from db.enums import (
    AlertKind,
    ApprovalDecision,
    EmergencyKind,
    ForecastStatus,
    Outcome,
    ShiftState,
    TravellerCategory,
)
from db.models import (
    AuditEntry,
    EmergencyPassage,
    Forecast,
    LaneAssignment,
    PriorityApproval,
    QueueAlert,
    Shift,
)
from desktop_app.queue import Level
from ui.testing import PIN, Clock, Desktop, MainThreadSqlGuard, make_desk


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def desktop(qtbot, tmp_path, clock):
    desk, roster = make_desk(tmp_path / "post", clock)
    guard = MainThreadSqlGuard(desk)
    ui = Desktop(desk, wait=lambda p: qtbot.waitUntil(p, timeout=10_000))
    ui.guard, ui.roster, ui.clock, ui.desk = guard, roster, clock, desk
    qtbot.addWidget(ui.window)
    ui.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)
    yield ui
    ui.close()


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, key, modifier)


def activate(qtbot, window):
    """Give the main window the focus back after a dialog (a window manager's job, and
    the offscreen platform has none)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def gone(widget):
    """A dialog that was accepted: hidden, then deleted later."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def type_text(qtbot, widget, text):
    """Type as an officer does: ASCII on the keyboard, Chinese through the input method.

    QTest can only synthesise ASCII keys; Chinese arrives from the input method as a
    committed string, which is what a QInputMethodEvent delivers.
    """
    run = ""
    for char in text + "\0":
        if char.isascii() and char != "\0":
            run += char
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if char != "\0":
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def test_a_whole_shift(qtbot, desktop, clock):
    ui, window = desktop, desktop.window
    ws = window.workspace
    roster = ui.roster

    # -- the deputy captain signs in, plans the shift, runs the checklist, opens it ---------
    ui.sign_in("1001")
    assert ui.ctx.officer.id == roster.deputy.id
    press(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    shift_page = ws.shift
    assert ws.tabs.currentWidget() is shift_page
    qtbot.waitUntil(lambda: shift_page.loaded and shift_page.plan_box.isVisible())
    qtbot.mouseClick(shift_page.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.view.planned is not None and bool(shift_page.rows))
    codes = [status.item.code for status in shift_page.view.checklist]
    assert {"equipment", "mock_inspection", "oxygen_kit"} <= set(codes)  # TRG is a plateau port
    # Opening before the checklist is done is refused, with the rule shown.
    qtbot.mouseClick(shift_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.open_error.isVisible())
    assert "mock_inspection" not in shift_page.open_error.text()  # codes shown as labels
    # A failed check needs a note: the rule appears on that row.
    qtbot.mouseClick(shift_page.rows["briefing"].buttons["fail"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.rows["briefing"].error.isVisible())
    for code in codes:
        qtbot.mouseClick(shift_page.rows[code].buttons["pass"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(s.result is not None for s in shift_page.view.checklist))
    qtbot.mouseClick(shift_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.view.open is not None)
    qtbot.waitUntil(lambda: ws.live.snapshot.shift is not None)
    assert "TRG" in ws.header.port.text()

    # -- lanes: open the traveller lane, a vehicle lane and the priority lane -------------
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    lanes_page = ws.lanes
    for code in ("P-IN-1", "V-IN-1", "PRIORITY"):
        lanes_page.select_lane(code)
        qtbot.mouseClick(lanes_page.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda code=code: any(
                lane.code == code and lane.is_open for lane in ws.live.snapshot.lanes
            )
        )

    # -- a forecast: a validation message next to the field, then saved -------------------
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    board = ws.forecasts
    qtbot.waitUntil(lambda: board.loaded)
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.dialog is not None and board.dialog.isVisible())
    dialog = board.dialog
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reference yet
    reference_error = dialog.errors._labels["reference"]
    qtbot.waitUntil(reference_error.isVisible)
    assert reference_error.text() == "必填"  # the rule, translated, right under the field
    type_text(qtbot, dialog.reference, "新B-K1234")
    type_text(qtbot, dialog.carrier, "喀什国际客运")
    dialog.travellers.setValue(12)
    dialog.vehicles.setValue(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dialog))
    activate(qtbot, window)
    qtbot.waitUntil(lambda: board.selected_row() is not None)
    assert board.selected_row().forecast.reference == "新B-K1234"
    # Mark it arrived (Ctrl+R) and assign it to the vehicle lane.
    press(qtbot, board.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.dialog is not None and board.dialog.isVisible())
    arrival = board.dialog
    press(qtbot, arrival.travellers, Qt.Key.Key_Return)  # now; the size is given later
    qtbot.waitUntil(lambda: gone(arrival))
    activate(qtbot, window)
    qtbot.waitUntil(
        lambda: (
            board.selected_row() is not None
            and board.selected_row().forecast.status == ForecastStatus.ARRIVED
        )
    )
    qtbot.mouseClick(board.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    assign = window.dialog
    qtbot.waitUntil(lambda: assign.forecasts_loaded)
    assert assign.subject.text() == "新B-K1234"
    assign.lane.setCurrentIndex(assign.lane.findText("V-IN-1", Qt.MatchFlag.MatchStartsWith))
    qtbot.mouseClick(assign.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(assign))
    activate(qtbot, window)

    # -- ten travellers through the queue, by keyboard ----------------------------------
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    page = ws.clearance
    page.select_lane("P-IN-1")
    press(qtbot, page.scan, Qt.Key.Key_F2)  # foreign nationals
    assert page.category() == TravellerCategory.FOREIGN_NATIONAL
    press(qtbot, page.scan, Qt.Key.Key_F1)  # Chinese citizens
    for n in range(10):
        qtbot.keyClicks(page.scan, f"E{n:08d}")
        press(qtbot, page.scan, Qt.Key.Key_Return)
        clock.advance(seconds=20)
    qtbot.waitUntil(lambda: page.model.rowCount() == 10)
    for n in range(10):
        clock.advance(seconds=45)
        qtbot.waitUntil(lambda n=n: page.selected_entry() is not None)
        assert page.selected_entry().reference == f"E{n:08d}"  # the oldest waiting
        press(qtbot, page.scan, Qt.Key.Key_F5)  # service started
        qtbot.waitUntil(lambda: page.selected_entry().started_at is not None)
        clock.advance(seconds=25)
        press(qtbot, page.scan, Qt.Key.Key_F6)  # cleared
        qtbot.waitUntil(lambda n=n: page.model.rowCount() == 9 - n)
    assert len(page.recent) == 12  # the desk's own list (newest twelve steps)

    # -- a long wait crosses the amber threshold: a prompt, and an audit entry ------------
    qtbot.keyClicks(page.scan, "LONGWAIT01")
    press(qtbot, page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert not ws.banner.isVisible()
    clock.advance(minutes=16)
    qtbot.waitUntil(lambda: ws.header.queue_box.level.level == Level.AMBER, timeout=5_000)
    qtbot.waitUntil(ws.banner.isVisible)
    assert ws.header.queue_box.property("level") == "amber"
    assert ws.header.queue_box.level_text.text() == "黄色预警：请增开通道"  # words, not colour
    assert ws.header.queue_box.longest.text().startswith("16:")
    qtbot.mouseClick(ws.banner.go, Qt.MouseButton.LeftButton)
    assert ws.tabs.currentWidget() is ws.lanes

    # -- another officer takes the desk; a priority clearance approved inside the flow ----
    qtbot.mouseClick(ws.header.sign_out, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui.ctx.officer is None)
    ui.sign_in("2001")
    assert ws.header.officer.text().startswith("警员：陈静")
    lanes_page.select_lane("PRIORITY")
    qtbot.mouseClick(lanes_page.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dialog is not assign and window.dialog.isVisible())
    priority = window.dialog
    qtbot.waitUntil(lambda: priority.forecasts_loaded)
    assert priority.priority_box.isVisible()
    type_text(qtbot, priority.subject, "新A-PR001")
    priority.kind.setCurrentIndex(priority.kind.findData("vehicle"))
    type_text(qtbot, priority.priority_reason, "救灾物资车辆")
    qtbot.keyClicks(priority.approver_badge, "1001")
    qtbot.keyClicks(priority.approver_pin, "0000")  # a wrong PIN first
    qtbot.mouseClick(priority.submit_button, Qt.MouseButton.LeftButton)
    pin_error = priority.errors._labels["pin"]
    qtbot.waitUntil(pin_error.isVisible)
    assert pin_error.text() == "警号或PIN码错误"
    assert priority.approval_id is not None  # the request is on record, pending
    qtbot.keyClicks(priority.approver_pin, PIN)
    qtbot.mouseClick(priority.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(priority))
    activate(qtbot, window)

    # -- emergency passage: two keystrokes -------------------------------------------------
    press(qtbot, window, Qt.Key.Key_F12)
    qtbot.waitUntil(
        lambda: window.dialog is not None and window.dialog.objectName() == "emergencyDialog"
    )
    emergency = window.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is emergency)
    press(qtbot, emergency, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "高原反应" in window.status.currentMessage())
    activate(qtbot, window)

    # -- the deputy captain closes the shift ----------------------------------------------
    qtbot.mouseClick(ws.header.sign_out, Qt.MouseButton.LeftButton)
    ui.sign_in("1001")
    press(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shift_page.closeout_button.isEnabled())
    qtbot.mouseClick(shift_page.closeout_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.dialog is not None and shift_page.dialog.isVisible())
    closeout = shift_page.dialog
    qtbot.waitUntil(lambda: closeout.overview is not None)
    overview = closeout.overview
    assert [e.reference for e in overview.in_queue] == ["LONGWAIT01"]  # still open, listed
    assert closeout.queue_list.count() == 1
    assert overview.pending == []
    assert overview.joined == 11
    assert overview.outcomes[Outcome.CLEARED.value] == 10
    assert overview.by_category["chinese_citizen"].count == 10  # served and measured
    assert len(overview.emergencies) == 1
    assert overview.decided(ApprovalDecision.APPROVED) == 1
    assert closeout.table.rowCount() == len(overview.by_category)
    assert "优先通关" in closeout.special.text()
    type_text(qtbot, closeout.notes, "LONGWAIT01 仍在P-IN-1排队，已移交下一班。")
    assert closeout.badge.text() == "1001"  # the signed-in deputy signs
    qtbot.keyClicks(closeout.pin, PIN)
    qtbot.mouseClick(closeout.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(closeout.done_box.isVisible)
    # The report is offered (tests/test_ui_reports.py generates and prints it).
    assert closeout.report_button.isEnabled()
    assert closeout.report_button.text() == "生成并打印交班报告"
    qtbot.waitUntil(lambda: ws.live.snapshot.shift is None)
    ui.idle()

    # -- what the database holds ----------------------------------------------------------
    assert ui.guard.violations == [], "database work ran on the UI thread"
    ui.guard.stop()
    desk = ui.desk
    with desk.read() as s:
        shift = s.scalars(select(Shift)).one()
        assert shift.state == ShiftState.CLOSED
        assert shift.closed_by == roster.deputy.id and shift.opened_by == roster.deputy.id
        assert "LONGWAIT01" in shift.handover_notes
        rows = queries.clearances(
            s, desk.port_id, shift.actual_start, clock.at + timedelta(seconds=1)
        )
        forecast = s.scalars(select(Forecast)).one()
        assignments = list(s.scalars(select(LaneAssignment).order_by(LaneAssignment.at)))
        approval = s.scalars(select(PriorityApproval)).one()
        passage = s.scalars(select(EmergencyPassage)).one()
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.at))]
        alerts_recorded = s.scalars(
            select(QueueAlert).where(QueueAlert.kind == AlertKind.STARTED)
        ).all()
    cleared = [r for r in rows if r.outcome == Outcome.CLEARED]
    assert len(cleared) == 10 and len(rows) == 11
    assert all(r.started_at and r.finished_at for r in cleared)
    assert all(r.traveller_category == TravellerCategory.CHINESE_CITIZEN for r in cleared)
    assert all(r.wait(r.started_at) > 0 for r in cleared)
    assert forecast.status == ForecastStatus.ARRIVED and forecast.arrived_at is not None
    assert forecast.expected_travellers == 12
    assert [a.subject_ref for a in assignments] == ["新B-K1234", "新A-PR001"]
    assert assignments[0].forecast_id == forecast.id
    assert assignments[1].approval_id == approval.id
    assert approval.decision == ApprovalDecision.APPROVED
    assert approval.requested_by == roster.officer.id and approval.decided_by == roster.deputy.id
    assert (
        passage.kind == EmergencyKind.ALTITUDE_SICKNESS and passage.recorded_by == roster.officer.id
    )
    assert alerts_recorded  # the core recorded the long wait as an alert episode
    assert "priority.sign.failed" in actions  # the wrong PIN is on record
    assert actions.count("login") == 3 and actions.count("logout") == 2
    assert "shift.closed" in actions


def test_a_failed_required_check_is_opened_over_by_a_deputy_captain(qtbot, desktop):
    """The equipment check fails: the shift does not open until a deputy captain overrides
    it with a reason, badge and PIN; the row says who and why."""
    ui, window = desktop, desktop.window
    shift_page = window.workspace.shift
    ui.sign_in("1001")
    press(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shift_page.loaded and shift_page.plan_box.isVisible())
    qtbot.mouseClick(shift_page.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.view.planned is not None and bool(shift_page.rows))
    equipment = shift_page.rows["equipment"]
    type_text(qtbot, equipment.note, "P-IN-2 读卡器故障")
    qtbot.mouseClick(equipment.buttons["fail"], Qt.MouseButton.LeftButton)
    for status in shift_page.view.checklist:
        if status.item.code != "equipment":
            qtbot.mouseClick(
                shift_page.rows[status.item.code].buttons["pass"], Qt.MouseButton.LeftButton
            )
    qtbot.waitUntil(lambda: all(s.result is not None for s in shift_page.view.checklist))
    qtbot.waitUntil(equipment.override.isVisible)
    assert "不能开班" in equipment.state.text()
    qtbot.mouseClick(shift_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(shift_page.open_error.isVisible)
    assert "不合格" in shift_page.open_error.text() and shift_page.view.open is None

    qtbot.mouseClick(equipment.override, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.dialog is not None and shift_page.dialog.isVisible())
    dialog = shift_page.dialog
    assert dialog.objectName() == "overrideDialog" and dialog.badge.text() == "1001"
    assert "读卡器故障" in dialog.summary.text()
    qtbot.keyClicks(dialog.pin, PIN)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reason yet
    qtbot.waitUntil(lambda: dialog.errors._labels["reason"].isVisible())
    type_text(qtbot, dialog.reason, "P-IN-1 读卡器正常")
    qtbot.keyClicks(dialog.pin, PIN)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dialog))
    qtbot.waitUntil(lambda: "P-IN-1 读卡器正常" in equipment.state.text())
    assert not shift_page.open_error.isVisible()  # the refusal is answered
    assert "何锐" in equipment.state.text() and not equipment.override.isVisible()
    activate(qtbot, window)
    qtbot.mouseClick(shift_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.view.open is not None)
    ui.idle()
    assert ui.guard.violations == [], "database work ran on the UI thread"
    with ui.desk.read() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.at))]
    assert "checklist.overridden" in actions and "checklist.override.sign" in actions
