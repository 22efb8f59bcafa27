"""The UI-thread guard every Qt test gets (tests/conftest.py): it catches UI code doing
database work on the UI thread, and leaves alone the test's own reads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import text


def test_ui_code_reading_the_database_on_the_ui_thread_is_caught(qtbot, post, ui_thread_guard):
    button = QPushButton("count")
    qtbot.addWidget(button)
    counted: list[int] = []

    def on_click() -> None:  # what UI code must never do: the desk's worker does it
        with post.desk.read() as s:
            counted.append(s.execute(text("SELECT count(*) FROM lanes")).scalar_one())

    button.clicked.connect(on_click)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert counted and len(ui_thread_guard.violations) == 1
    assert "a database transaction" in ui_thread_guard.violations[0]
    ui_thread_guard.violations.clear()  # caught, as it should be: the test passes


def test_the_tests_own_reads_on_the_main_thread_are_not_counted(qtbot, post, ui_thread_guard):
    with post.desk.read() as s:
        assert s.execute(text("SELECT count(*) FROM lanes")).scalar_one() > 0
    assert ui_thread_guard.violations == []
