"""Sign-in, lock-out, the inactivity lock, several officers at one desk, first run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db.models import AuditEntry
from desktop_app.desk import Desk
from desktop_app.officers import MAX_FAILURES
from ui.app import language_for
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.taskman import TaskManager
from ui.testing import PIN, Clock, Desktop, MainThreadSqlGuard, make_desk


@pytest.fixture
def clock():
    return Clock()


def open_desktop(qtbot, tmp_path, clock, **kwargs):
    desk, roster = make_desk(tmp_path / "post", clock)
    guard = MainThreadSqlGuard(desk)
    ui = Desktop(desk, wait=lambda p: qtbot.waitUntil(p, timeout=10_000), **kwargs)
    ui.guard, ui.desk, ui.roster = guard, desk, roster
    qtbot.addWidget(ui.window)
    return ui


def attempt(qtbot, login, badge, pin):
    login.badge.clear()
    login.pin.clear()
    qtbot.keyClicks(login.badge, badge)
    qtbot.keyClick(login.badge, Qt.Key.Key_Return)
    assert login.pin.hasFocus() or QApplication.focusWidget() in (login.pin, None)
    qtbot.keyClicks(login.pin, pin)
    qtbot.keyClick(login.pin, Qt.Key.Key_Return)


def test_wrong_pin_then_lock_out(qtbot, tmp_path, clock):
    ui = open_desktop(qtbot, tmp_path, clock)
    try:
        login = ui.window.login
        attempt(qtbot, login, "2001", "1111")
        qtbot.waitUntil(login.pin_error.isVisible)
        assert login.pin_error.text() == "警号或PIN码错误"
        assert login.pin.text() == ""  # the wrong PIN does not stay in the field
        for _ in range(MAX_FAILURES - 1):
            attempt(qtbot, login, "2001", "1111")
            ui.idle()
        attempt(qtbot, login, "2001", PIN)  # even the right PIN, while locked out
        ui.idle()
        qtbot.waitUntil(lambda: "已锁定至" in login.pin_error.text())
        until = ui.ctx.local_time(clock.at + timedelta(minutes=5))
        assert until in login.pin_error.text()  # in the port's time, not ISO UTC
        assert ui.ctx.officer is None
        clock.advance(minutes=6)
        attempt(qtbot, login, "2001", PIN)
        qtbot.waitUntil(lambda: ui.ctx.officer is not None)
        assert ui.guard.violations == []
    finally:
        ui.close()


def test_inactivity_locks_the_screen_and_another_officer_takes_over(qtbot, tmp_path, clock):
    ui = open_desktop(qtbot, tmp_path, clock, lock_after=timedelta(minutes=5))
    try:
        ui.sign_in("2001")
        window = ui.window
        assert window.stack.currentWidget() is window.workspace
        clock.advance(minutes=4, seconds=59)
        window.inactivity.check()  # what its timer does every few seconds
        assert window.stack.currentWidget() is window.workspace
        clock.advance(seconds=1)  # five minutes without a key or a click
        window.inactivity.check()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login)
        assert ui.ctx.officer is None
        assert window.login.lock_banner.isVisible()
        assert "陈静" in window.login.lock_banner.text()
        ui.sign_in("1001")
        assert window.workspace.header.officer.text().startswith("警员：何锐")
        assert not window.login.lock_banner.isVisible()
        ui.idle()
        ui.guard.stop()
        with ui.desk.read() as s:
            actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.at))]
        assert actions[-3:] == ["login", "screen.locked", "login"]
    finally:
        ui.close()


def test_activity_keeps_the_screen_unlocked(qtbot, tmp_path, clock):
    ui = open_desktop(qtbot, tmp_path, clock, lock_after=timedelta(minutes=5))
    try:
        ui.sign_in("2001")
        scan = ui.workspace.clearance.scan
        for _ in range(6):  # half an hour, never five minutes without a key
            clock.advance(minutes=4)
            ui.window.inactivity.check()
            qtbot.keyClick(scan, Qt.Key.Key_A)  # typing counts as activity
        assert ui.ctx.officer is not None
        clock.advance(minutes=5)
        ui.window.inactivity.check()
        qtbot.waitUntil(lambda: ui.ctx.officer is None)
    finally:
        ui.close()


def test_an_officer_may_not_open_or_close_shifts(qtbot, tmp_path, clock):
    ui = open_desktop(qtbot, tmp_path, clock)
    try:
        ui.sign_in("2001")
        shift = ui.workspace.shift
        ui.workspace.tabs.setCurrentWidget(shift)
        qtbot.waitUntil(lambda: shift.loaded)
        assert shift.command_note.isVisible()
        assert not shift.plan_button.isEnabled()
        assert "副队长" in shift.command_note.text()
    finally:
        ui.close()


def test_first_run_creates_the_post_and_its_admin(qtbot, qapp, tmp_path):
    ctx = AppContext(TaskManager(), language_for(qapp, "zh_CN"))
    data_dir = tmp_path / "new-post"
    window = MainWindow(ctx, data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.port.count() > 0)
        page = window.first_run
        page.port.setCurrentIndex(page.port.findText("TRG", Qt.MatchFlag.MatchStartsWith))
        qtbot.keyClicks(page.badge, "9001")
        qtbot.keyClicks(page.name, "Admin")
        qtbot.keyClicks(page.pin, "12")
        qtbot.keyClicks(page.pin_repeat, "13")
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        assert page.errors._labels["pin_repeat"].text() == "两次输入的PIN码不一致"
        page.pin_repeat.clear()
        qtbot.keyClicks(page.pin_repeat, "12")
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        pin_error = page.errors._labels["pin"]
        qtbot.waitUntil(pin_error.isVisible)
        assert pin_error.text() == "须为 4 至 8 位数字"
        assert not (data_dir / "desk.sqlite3").exists()  # nothing half-made
        page.pin.clear()
        page.pin_repeat.clear()
        qtbot.keyClicks(page.pin, "24681357")
        qtbot.keyClicks(page.pin_repeat, "24681357")
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login)
        assert ctx.desk.port_code == "TRG"
        qtbot.waitUntil(lambda: "吐尔尕特" in window.login.port.text())
        attempt(qtbot, window.login, "9001", "24681357")
        qtbot.waitUntil(lambda: ctx.officer is not None and ctx.officer.badge_no == "9001")
    finally:
        window.close()
        ctx.close()
    reopened = Desk.open(data_dir)
    assert reopened.port_code == "TRG"
    reopened.close()
