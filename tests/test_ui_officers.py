"""The roster screen (Ctrl+7), driven through the real widgets and checked in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from db.enums import Role
from db.models import AuditEntry, Officer
from desktop_app import officers
from desktop_app.errors import RuleViolation
from ui.dialogs.officer_dialog import OfficerDialog
from ui.dialogs.pin_dialog import PinDialog
from ui.models.officer_model import OfficerModel
from ui.testing import PIN, Desktop


@pytest.fixture
def desktop(qtbot, post):
    ui = Desktop(post.desk, wait=lambda p: qtbot.waitUntil(p, timeout=10_000))
    qtbot.addWidget(ui.window)
    ui.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)
    yield ui
    ui.close()


def roster_page(qtbot, desktop, badge):
    desktop.sign_in(badge, PIN)
    QTest.keyClick(desktop.window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = desktop.workspace.officers
    qtbot.waitUntil(lambda: desktop.workspace.tabs.currentWidget() is page)
    qtbot.waitUntil(lambda: page.loaded and page.model.rowCount() > 0)
    return page


def shown_badges(page):
    return sorted(o.badge_no for o in page.model.rows)


def cell(page, badge, column):
    row = next(i for i, o in enumerate(page.model.rows) if o.badge_no == badge)
    return page.model.index(row, column).data()


def type_into(widget, text):
    widget.clear()
    if text.isascii():
        QTest.keyClicks(widget, text)
    else:  # Chinese comes from the input method as committed text, not key by key
        widget.insert(text)


def stored(post, badge):
    with post.desk.read() as s:
        return s.scalars(select(Officer).where(Officer.badge_no == badge)).one_or_none()


def field_error(dialog, field):
    """The message line under ``field`` in a dialog."""
    labels = [w for w in dialog.findChildren(QLabel) if w.property("errorFor") == field]
    assert len(labels) == 1, field
    return labels[0]


def open_dialog(qtbot, page, button, kind):
    button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, kind) and page.dialog.isVisible())
    return page.dialog


def test_admin_adds_an_officer_who_can_then_sign_in(qtbot, desktop, post):
    page = roster_page(qtbot, desktop, post.admin.badge_no)
    assert shown_badges(page) == sorted(
        o.badge_no for o in (post.admin, post.deputy, post.deputy2, post.officer)
    )
    assert all(b.isVisible() for b in page.admin_buttons)
    assert not page.note.isVisible()

    dialog = open_dialog(qtbot, page, page.add_button, OfficerDialog)
    type_into(dialog.badge, "3107")
    type_into(dialog.name, "阿依古丽")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.OFFICER))
    type_into(dialog.pin, "97531")
    type_into(dialog.pin_repeat, "97532")
    dialog.save_button.click()
    repeat_error = field_error(dialog, "pin_repeat")
    assert repeat_error.isVisible() and repeat_error.text() == "两次输入的PIN码不一致"
    assert stored(post, "3107") is None

    type_into(dialog.pin_repeat, "97531")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(lambda: "3107" in shown_badges(page))
    assert cell(page, "3107", OfficerModel.COL_NAME) == "阿依古丽"
    assert cell(page, "3107", OfficerModel.COL_ROLE) == "民警"
    assert cell(page, "3107", OfficerModel.COL_STATE) == "在岗"
    new = stored(post, "3107")
    assert new.role == Role.OFFICER and new.active

    desktop.window.sign_out()
    desktop.sign_in("3107", "97531")
    assert desktop.ctx.officer.id == new.id


def test_a_duplicate_badge_is_shown_under_the_badge_field(qtbot, desktop, post):
    page = roster_page(qtbot, desktop, post.admin.badge_no)
    dialog = open_dialog(qtbot, page, page.add_button, OfficerDialog)
    type_into(dialog.badge, post.officer.badge_no)
    type_into(dialog.name, "重复")
    type_into(dialog.pin, "97531")
    type_into(dialog.pin_repeat, "97531")
    before = post.count("officers")
    dialog.save_button.click()
    badge_error = field_error(dialog, "badge_no")
    qtbot.waitUntil(badge_error.isVisible)
    assert post.officer.badge_no in badge_error.text()
    assert dialog.isVisible()
    assert post.count("officers") == before
    dialog.reject()


def test_admin_promotes_an_officer_to_deputy_captain(qtbot, desktop, post):
    page = roster_page(qtbot, desktop, post.admin.badge_no)
    assert page.select(post.officer.badge_no)
    dialog = open_dialog(qtbot, page, page.edit_button, OfficerDialog)
    assert dialog.badge.isReadOnly() and dialog.badge.text() == post.officer.badge_no
    assert dialog.pin.parent() is None or not dialog.pin.isVisible()
    dialog.role.setCurrentIndex(dialog.role.findData(Role.DEPUTY_CAPTAIN))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is None)
    qtbot.waitUntil(lambda: cell(page, post.officer.badge_no, OfficerModel.COL_ROLE) == "副队长")
    assert stored(post, post.officer.badge_no).role == Role.DEPUTY_CAPTAIN


def test_taking_an_officer_off_the_roster_stops_their_sign_in(qtbot, desktop, post):
    page = roster_page(qtbot, desktop, post.admin.badge_no)
    badge = post.officer.badge_no
    assert page.select(badge)
    assert page.active_button.text() == "停用"
    page.active_button.click()
    qtbot.waitUntil(lambda: badge not in shown_badges(page))
    assert not stored(post, badge).active
    with pytest.raises(RuleViolation) as e:
        officers.authenticate(post.desk, badge_no=badge, pin=PIN)
    assert (e.value.field, e.value.rule) == ("badge_no", "inactive")

    page.show_inactive.setChecked(True)
    qtbot.waitUntil(lambda: badge in shown_badges(page))
    assert cell(page, badge, OfficerModel.COL_STATE) == "已停用"
    assert page.select(badge)
    assert page.active_button.text() == "恢复在岗"
    page.active_button.click()
    qtbot.waitUntil(lambda: cell(page, badge, OfficerModel.COL_STATE) == "在岗")
    assert stored(post, badge).active


def test_the_last_admin_is_not_taken_off_and_the_screen_says_why(qtbot, desktop, post):
    page = roster_page(qtbot, desktop, post.admin.badge_no)
    assert page.select(post.admin.badge_no)
    page.active_button.click()
    qtbot.waitUntil(page.error.isVisible)
    assert post.admin.badge_no in page.error.text()
    assert "管理员" in page.error.text()
    assert stored(post, post.admin.badge_no).active


def test_admin_resets_a_locked_out_officers_pin(qtbot, desktop, post):
    for _ in range(officers.MAX_FAILURES):
        with pytest.raises(RuleViolation):
            officers.authenticate(post.desk, badge_no=post.officer.badge_no, pin="00000")
    page = roster_page(qtbot, desktop, post.admin.badge_no)
    assert page.select(post.officer.badge_no)
    dialog = open_dialog(qtbot, page, page.reset_button, PinDialog)
    assert not dialog.own and post.officer.name in dialog.intro.text()
    type_into(dialog.pin, "864200")
    type_into(dialog.pin_repeat, "864200")
    QTest.keyClick(dialog.pin_repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert officers.authenticate(post.desk, badge_no=post.officer.badge_no, pin="864200")
    with post.desk.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.hlc.desc()).limit(2)).all()
    assert "officer.pin_reset" in [e.action for e in last]


def test_an_officer_sees_the_roster_and_changes_only_their_own_pin(qtbot, desktop, post):
    page = roster_page(qtbot, desktop, post.officer.badge_no)
    assert not any(b.isVisible() for b in page.admin_buttons)
    assert page.note.isVisible()
    assert page.own_pin_button.isVisible()

    dialog = open_dialog(qtbot, page, page.own_pin_button, PinDialog)
    assert dialog.own
    type_into(dialog.current, "99999")
    type_into(dialog.pin, "246802")
    type_into(dialog.pin_repeat, "246802")
    dialog.save_button.click()
    current_error = field_error(dialog, "current_pin")
    qtbot.waitUntil(current_error.isVisible)
    assert dialog.current.text() == ""  # typed again, never left in the field
    assert officers.authenticate(post.desk, badge_no=post.officer.badge_no, pin=PIN)

    type_into(dialog.current, PIN)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is None)
    assert officers.authenticate(post.desk, badge_no=post.officer.badge_no, pin="246802")


def test_the_roster_screen_follows_the_language(qtbot, desktop, post):
    page = roster_page(qtbot, desktop, post.admin.badge_no)
    tabs = desktop.workspace.tabs
    assert tabs.tabText(tabs.indexOf(page)).startswith("人员")
    desktop.window.toggle_language()
    qtbot.waitUntil(lambda: tabs.tabText(tabs.indexOf(page)) == "Roster  Ctrl+7")
    assert page.add_button.text() == "Add officer…"
    assert cell(page, post.deputy.badge_no, OfficerModel.COL_ROLE) == "Deputy captain"
    assert cell(page, post.deputy.badge_no, OfficerModel.COL_STATE) == "Active"
