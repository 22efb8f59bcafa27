"""Clearance capture by keyboard: double scans, undo and correction as events, live waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db import queries
from db.enums import ClearanceStep, LaneGroup, Outcome, SubjectKind, TravellerCategory
from db.models import AuditEntry, ClearanceEvent, QueueAlert
from ui.testing import PIN, Desktop, MainThreadSqlGuard


@pytest.fixture
def desk_ui(qtbot, post):
    guard = MainThreadSqlGuard(post.desk)
    ui = Desktop(post.desk, wait=lambda p: qtbot.waitUntil(p, timeout=10_000))
    ui.guard = post.guard = guard
    qtbot.addWidget(ui.window)
    ui.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)
    ui.sign_in(post.officer.badge_no, PIN)
    page = ui.workspace.clearance
    qtbot.waitUntil(lambda: page.lane.count() >= 2)
    page.select_lane("P-IN-1")
    try:
        yield ui
    finally:
        ui.close()
        guard.stop()
    assert guard.violations == []


def scan(qtbot, page, reference):
    qtbot.keyClicks(page.scan, reference)
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)


def clearances(post):
    with post.guard.paused(), post.desk.read() as s:
        return queries.clearances(
            s, post.desk.port_id, post.shift.actual_start, post.clock.at.replace(year=2100)
        )


def test_double_scan_is_refused_with_a_message(qtbot, desk_ui, post):
    page = desk_ui.workspace.clearance
    scan(qtbot, page, "G1234567")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.scan.text() == ""  # ready for the next scan at once
    scan(qtbot, page, "G1234567")
    qtbot.waitUntil(page.scan_error.isVisible)
    assert page.scan_error.text() == "G1234567 已在通道 P-IN-1 排队"
    assert len(clearances(post)) == 1


def test_keys_for_each_step_and_up_down(qtbot, desk_ui, post):
    page = desk_ui.workspace.clearance
    for reference in ("R1", "R2", "R3"):
        scan(qtbot, page, reference)
        post.clock.advance(seconds=5)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.selected_entry().reference == "R1"
    qtbot.keyClick(page.scan, Qt.Key.Key_Down)
    assert page.selected_entry().reference == "R2"
    qtbot.keyClick(page.scan, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.selected_entry().started_at is not None)
    qtbot.keyClick(page.scan, Qt.Key.Key_F7)  # referred
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.selected_entry().reference == "R1"  # back to the oldest waiting
    qtbot.keyClick(page.scan, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.selected_entry().started_at is not None)
    qtbot.keyClick(page.scan, Qt.Key.Key_F8)  # refused
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    outcomes = {c.reference: c.outcome for c in clearances(post)}
    assert outcomes == {"R1": Outcome.REFUSED, "R2": Outcome.REFERRED, "R3": None}


def test_a_finish_before_the_start_is_refused(qtbot, desk_ui):
    page = desk_ui.workspace.clearance
    scan(qtbot, page, "S1")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.keyClick(page.scan, Qt.Key.Key_F6)
    qtbot.waitUntil(page.scan_error.isVisible)
    assert page.scan_error.text() == "S1: 该记录状态为“等候中”，不能完成查验"


def test_undo_is_a_correction_event(qtbot, desk_ui, post):
    page = desk_ui.workspace.clearance
    scan(qtbot, page, "U1")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.keyClick(page.scan, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.selected_entry().started_at is not None)
    qtbot.keyClick(page.scan, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    # Ctrl+Z from the scan field: the desk's undo, not the field's text undo.
    qtbot.keyClick(page.scan, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(page, "undo_dialog", None) is not None)
    dialog = page.undo_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "放行" in dialog.question.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the first reason is preset: Enter confirms
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)  # back in service
    assert page.selected_entry().started_at is not None
    assert "（已撤销）" in page.recent_list.item(0).text()
    desk_ui.idle()
    with post.guard.paused(), post.desk.read() as s:
        events = list(s.scalars(select(ClearanceEvent).order_by(ClearanceEvent.hlc)))
        actions = [a.action for a in s.scalars(select(AuditEntry))]
    assert [e.step for e in events] == [
        ClearanceStep.JOINED,
        ClearanceStep.STARTED,
        ClearanceStep.FINISHED,
        ClearanceStep.VOID,
    ]
    assert events[-1].supersedes_id == events[2].id and events[-1].reason == "按错键"
    assert "clearance.undone" in actions
    [entry] = clearances(post)
    assert entry.outcome is None and entry.started_at is not None


def test_correct_the_category(qtbot, desk_ui, post):
    page = desk_ui.workspace.clearance
    scan(qtbot, page, "C1")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    dialog = page.correct_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.category.setCurrentIndex(list(TravellerCategory).index(TravellerCategory.CREW))
    qtbot.keyClicks(dialog.reason, "wrong key")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    qtbot.waitUntil(
        lambda: (
            page.model.rowCount() == 1
            and page.selected_entry().traveller_category == TravellerCategory.CREW
        )
    )
    [entry] = clearances(post)
    assert entry.traveller_category == TravellerCategory.CREW


def test_waiting_times_tick(qtbot, desk_ui, post):
    page = desk_ui.workspace.clearance
    scan(qtbot, page, "T1")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    wait_cell = page.proxy.index(0, page.model.COL_WAIT)
    assert wait_cell.data() == "0:00"
    post.clock.advance(minutes=3, seconds=7)
    desk_ui.ctx.tick.emit()  # the 1-second timer's signal; no reload needed
    assert wait_cell.data() == "3:07"
    assert "3:07" in page.selected.text()


def test_vehicle_lane_offers_vehicle_or_train(qtbot, desk_ui, post):
    page = desk_ui.workspace.clearance
    page.select_lane("V-IN-1")
    assert page.subject_kind.isVisible()
    assert not page.category_buttons[TravellerCategory.CHINESE_CITIZEN].isEnabled()
    qtbot.keyClicks(page.scan, "AB12345")
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.selected_entry().subject_kind == SubjectKind.VEHICLE
    assert page.selected_entry().traveller_category is None


def test_the_core_records_the_episode_and_the_prompt_shows_it_until_the_wave_is_over(
    qtbot, desk_ui, post
):
    ws = desk_ui.workspace
    page = ws.clearance
    scan(qtbot, page, "W1")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    joined = post.clock.at
    post.clock.advance(minutes=15)
    emit_tick = desk_ui.ctx.tick.emit
    emit_tick()  # the watch asks the core to look (nothing else happens meanwhile)
    qtbot.waitUntil(ws.banner.isVisible)
    assert ws.header.queue_box.level_text.text() == "黄色预警：请增开通道"
    [(_episode, text, detail, _ack)] = ws.banner.rows
    assert text.text().startswith("入境旅客：")
    assert "未确认" in detail.text()
    post.clock.advance(minutes=10)
    emit_tick()
    qtbot.waitUntil(lambda: ws.banner.level.value == "red")
    assert "25" in ws.banner.rows[0][1].text()
    assert ws.header.queue_box.property("level") == "red"
    emit_tick()  # still red: nothing new recorded
    # An officer acknowledges the episode with the action taken.
    qtbot.mouseClick(ws.banner.rows[0][3], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.dialog is not None and ws.dialog.isVisible())
    dialog = ws.dialog
    dialog.action.setEditText("增开 P-IN-2")
    qtbot.keyClick(dialog.action, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    qtbot.waitUntil(lambda: "增开 P-IN-2" in ws.banner.rows[0][2].text())
    desk_ui.window.activateWindow()  # back from the dialog: the desk's keys work again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk_ui.window)
    qtbot.keyClick(page.scan, Qt.Key.Key_F5)  # served: nobody waits any more
    qtbot.waitUntil(lambda: not ws.banner.isVisible())  # the wave is over: the episode ended
    assert ws.header.queue_box.longest.text() == "0:00"
    desk_ui.idle()
    with post.guard.paused(), post.desk.read() as s:
        facts = list(s.scalars(select(QueueAlert).order_by(QueueAlert.at, QueueAlert.hlc)))
        audit = [a.action for a in s.scalars(select(AuditEntry))]
    assert [(f.kind.value, f.level and f.level.value) for f in facts] == [
        ("started", "amber"),
        ("level", "red"),
        ("acknowledged", None),
        ("level", "ok"),
        ("ended", "red"),
    ]
    assert facts[0].at == joined + timedelta(minutes=15)
    assert facts[1].at == joined + timedelta(minutes=25)
    assert facts[0].lane_group == LaneGroup.TRAVELLERS_ENTRY and facts[0].lane_id == post.lane.id
    assert (facts[2].officer_id, facts[2].action) == (post.officer.id, "增开 P-IN-2")
    assert facts[4].wait_s == 25 * 60
    assert not [a for a in audit if a.startswith("queue.")]  # the UI writes no crossing
