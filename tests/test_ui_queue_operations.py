"""Queue operations on the real screens: moves by keyboard, the lanes board's offer, queues
before opening, and what a forecast knew (announced, actual size on arrival)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db import queries
from db.enums import ClearanceStep, Direction, ForecastStatus, Mode, SizeMethod
from db.models import ClearanceEvent, Forecast
from desktop_app import forecasts
from ui.testing import PIN, Desktop, MainThreadSqlGuard


@pytest.fixture
def desk_ui(qtbot, post):
    guard = MainThreadSqlGuard(post.desk)
    ui = Desktop(post.desk, wait=lambda p: qtbot.waitUntil(p, timeout=10_000))
    ui.guard = post.guard = guard
    qtbot.addWidget(ui.window)
    activate(qtbot, ui)
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


def activate(qtbot, ui):
    ui.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)


def gone(dialog):
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def scan(qtbot, page, reference):
    qtbot.keyClicks(page.scan, reference)
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)


def queue_on(post, code):
    with post.guard.paused(), post.desk.read() as s:
        rows = queries.clearances(
            s, post.desk.port_id, post.shift.actual_start, post.clock.at + timedelta(hours=1)
        )
    return [r.reference for r in rows if r.lane_code == code and r.started_at is None]


def open_lane_on_board(qtbot, ui, code):
    ws = ui.workspace
    ws.tabs.setCurrentWidget(ws.lanes)
    qtbot.waitUntil(lambda: ws.lanes.model.rowCount() > 0)
    ws.lanes.select_lane(code)
    qtbot.mouseClick(ws.lanes.open_button, Qt.MouseButton.LeftButton)


def test_move_the_selected_by_keyboard_then_undo_the_move(qtbot, desk_ui, post):
    ws = desk_ui.workspace
    page = ws.clearance
    for reference in ("M1", "M2", "M3", "M4"):
        scan(qtbot, page, reference)
        post.clock.advance(seconds=20)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    open_lane_on_board(qtbot, desk_ui, "P-IN-2")
    qtbot.waitUntil(lambda: ws.lanes.move_dialog is not None and ws.lanes.move_dialog.isVisible())
    offer = ws.lanes.move_dialog
    offer.reject()  # the board's offer: not now
    qtbot.waitUntil(lambda: gone(offer))
    ws.tabs.setCurrentWidget(page)
    activate(qtbot, desk_ui)
    page.select_lane("P-IN-1")
    qtbot.waitUntil(lambda: page.selected_entry() is not None)
    # Down, then Shift+Down: M2 and M3 selected, from the scan field.
    qtbot.keyClick(page.scan, Qt.Key.Key_Down)
    qtbot.keyClick(page.scan, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert [e.reference for e in page.selected_entries()] == ["M2", "M3"]
    qtbot.keyClick(page.scan, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: getattr(page, "move_dialog", None) is not None)
    dialog = page.move_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.pick_selected.isChecked() and "M2, M3" in dialog.pick_selected.text()
    assert dialog.target.currentText().startswith("P-IN-2")
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)  # Enter moves
    qtbot.waitUntil(lambda: gone(dialog))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)  # M1, M4 left here
    assert queue_on(post, "P-IN-2") == ["M2", "M3"]
    assert queue_on(post, "P-IN-1") == ["M1", "M4"]
    assert "→ P-IN-2" in page.recent_list.item(0).text()
    # Ctrl+Z takes both back: one correction event each.
    activate(qtbot, desk_ui)
    qtbot.keyClick(page.scan, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(page, "undo_dialog", None) is not None)
    undo = page.undo_dialog
    qtbot.waitUntil(undo.isVisible)
    qtbot.keyClick(undo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert queue_on(post, "P-IN-2") == []
    desk_ui.idle()
    with post.guard.paused(), post.desk.read() as s:
        steps = [e.step for e in s.scalars(select(ClearanceEvent).order_by(ClearanceEvent.hlc))]
    assert steps.count(ClearanceStep.MOVED) == 2 and steps.count(ClearanceStep.VOID) == 2


def test_opening_a_lane_offers_to_move_the_last_of_the_long_queue(qtbot, desk_ui, post):
    ws = desk_ui.workspace
    page = ws.clearance
    for n in range(8):
        scan(qtbot, page, f"L{n}")
        post.clock.advance(seconds=30)
    qtbot.waitUntil(lambda: page.model.rowCount() == 8)
    open_lane_on_board(qtbot, desk_ui, "P-IN-2")
    qtbot.waitUntil(lambda: ws.lanes.move_dialog is not None and ws.lanes.move_dialog.isVisible())
    dialog = ws.lanes.move_dialog
    assert dialog.windowTitle() == "通道 P-IN-2 已开放。是否将 P-IN-1 队尾 4 人分流过来？"
    assert dialog.pick_last.isChecked() and dialog.count.value() == 4
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: gone(dialog))
    qtbot.waitUntil(lambda: queue_on(post, "P-IN-2") == ["L4", "L5", "L6", "L7"])
    assert queue_on(post, "P-IN-1") == ["L0", "L1", "L2", "L3"]
    # Both queues show it at once on the board.
    qtbot.waitUntil(
        lambda: (
            [ws.lanes.model.queue_level(lane).waiting for lane in ws.lanes.model.rows][:2] == [4, 4]
        )
    )


def test_a_closed_lane_takes_a_queue_before_opening_marked_as_such(qtbot, desk_ui, post):
    page = desk_ui.workspace.clearance
    page.select_lane("P-OUT-1")  # closed
    qtbot.waitUntil(page.no_lane.isVisible)
    assert "未开放" in page.no_lane.text() and "开放前排队" in page.no_lane.text()
    assert "（未开放）" in page.lane.currentText()
    scan(qtbot, page, "X1")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    state = page.proxy.index(0, page.model.COL_STATE).data()
    assert state == "○ 等候中（开放前排队）"
    qtbot.keyClick(page.scan, Qt.Key.Key_F5)  # not open yet: refused, with the reason
    qtbot.waitUntil(page.scan_error.isVisible)
    assert "P-OUT-1" in page.scan_error.text() and "关闭" in page.scan_error.text()


@pytest.fixture
def arriving(post):
    return forecasts.add(
        post.desk,
        mode=Mode.ROAD,
        reference="新A-30001",
        direction=Direction.ENTRY,
        expected_at=post.clock.at + timedelta(minutes=20),
        expected_travellers=40,
        expected_vehicles=1,
        announced_at=post.clock.at - timedelta(hours=5),
        announced_by="吉方边防",
        by=post.officer.id,
    )


def test_arrival_with_the_groups_size_and_the_board_shows_what_was_known(
    arriving, qtbot, desk_ui, post
):
    ws = desk_ui.workspace
    board = ws.forecasts
    ws.tabs.setCurrentWidget(board)
    qtbot.waitUntil(lambda: board.loaded and board.select(arriving.id))
    announced = board.proxy.index(0, board.model.COL_ANNOUNCED).data()
    assert "本台录入" in announced  # the source's label
    tip = board.proxy.index(0, board.model.COL_ANNOUNCED).data(Qt.ItemDataRole.ToolTipRole)
    assert "吉方边防" in tip and "本台录入" in tip
    activate(qtbot, desk_ui)
    qtbot.keyClick(board.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.dialog is not None and board.dialog.isVisible())
    dialog = board.dialog
    assert dialog.travellers.text() == "暂不清楚"
    dialog.travellers.setValue(38)
    dialog.vehicles.setValue(1)
    dialog.method.setCurrentIndex(list(SizeMethod).index(SizeMethod.COUNTED))
    qtbot.keyClick(dialog.travellers, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(dialog))
    qtbot.waitUntil(
        lambda: (
            board.selected_row() is not None
            and board.selected_row().forecast.status == ForecastStatus.ARRIVED
        )
    )
    assert board.proxy.index(0, board.model.COL_SIZE).data() == "38 / 1 清点"
    with post.guard.paused(), post.desk.read() as s:
        stored = s.get(Forecast, arriving.id)
    assert (stored.actual_travellers, stored.actual_method) == (38, SizeMethod.COUNTED)
    assert stored.arrived_at == post.clock.at


def test_the_forecast_dialog_keeps_announced_apart_from_entered(qtbot, desk_ui, post):
    ws = desk_ui.workspace
    board = ws.forecasts
    ws.tabs.setCurrentWidget(board)
    qtbot.waitUntil(lambda: board.loaded)
    board.add()
    qtbot.waitUntil(lambda: board.dialog is not None and board.dialog.isVisible())
    dialog = board.dialog
    qtbot.keyClicks(dialog.reference, "X8801")
    dialog.announced_at.setDateTime(dialog.announced_at.dateTime().addSecs(-3 * 3600))
    dialog.announced_by.setText("总站指挥中心")  # (QTest cannot type Chinese)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dialog))
    with post.guard.paused(), post.desk.read() as s:
        stored = s.scalars(select(Forecast).where(Forecast.reference == "X8801")).one()
    assert stored.entered_at == post.clock.at
    assert stored.entered_at - stored.announced_at >= timedelta(hours=2, minutes=59)
    assert stored.announced_by == "总站指挥中心"
