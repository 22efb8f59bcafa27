"""The Shift screen's duty roster, driven through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app import duty_roster
from ui.testing import PIN, Desktop


@pytest.fixture
def desktop(qtbot, post):
    ui = Desktop(post.desk, language="en", wait=lambda p: qtbot.waitUntil(p, timeout=10_000))
    qtbot.addWidget(ui.window)
    ui.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)
    yield ui
    ui.close()


def choose(combo, text_start: str) -> None:
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text_start))
    combo.setCurrentIndex(index)


def test_posting_and_moving_an_officer_from_the_shift_screen(qtbot, desktop, post):
    desktop.sign_in(post.deputy.badge_no, PIN)
    QTest.keyClick(desktop.window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    box = desktop.workspace.shift.duty
    qtbot.waitUntil(lambda: box.isVisible() and box.view is not None and box.lane.count() > 0)
    # nobody posted yet: both open lanes are flagged
    assert box.unstaffed.text() == "Open lanes with no officer: P-IN-1, V-IN-1"
    choose(box.officer, "2001")
    choose(box.lane, "P-IN-1")
    box.post.click()
    qtbot.waitUntil(lambda: box.list.count() == 1)
    assert box.list.item(0).text().startswith("2001 陈静: P-IN-1 since ")
    assert box.unstaffed.text() == "Open lanes with no officer: V-IN-1"
    choose(box.lane, "V-IN-1")
    box.post.click()  # a move: the lane held before is left in the same posting
    qtbot.waitUntil(
        lambda: (
            (box.list.count() == 1 and "V-IN-1" in box.list.item(0).text())
            or bool(box.error.text())
        )
    )
    assert not box.error.text()
    assert box.unstaffed.text() == "Open lanes with no officer: P-IN-1"
    history = duty_roster.roster(post.desk, post.shift.id).postings
    assert [(p.action.value, p.lane_code) for p in history] == [
        ("lane", "P-IN-1"),
        ("lane", "V-IN-1"),
    ]
    box.off_duty.click()
    qtbot.waitUntil(lambda: box.list.count() == 0)
