"""The Plan screen (Ctrl+8) and the header's predicted wait, through the real widgets."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db.enums import AdviceChoice, Direction, Mode
from db.models import AdviceDecision, AuditEntry
from desktop_app import forecasts
from ui import plan_watch
from ui.testing import PIN, Desktop


@pytest.fixture
def waves(post):
    """Two buses forecast for this afternoon, one each way: more than one lane can clear."""
    for direction, minutes in ((Direction.ENTRY, 90), (Direction.EXIT, 150)):
        forecasts.add(
            post.desk,
            mode=Mode.ROAD,
            reference=f"新A·{minutes}",
            direction=direction,
            expected_at=post.clock.at + timedelta(minutes=minutes),
            expected_travellers=70,
            expected_vehicles=1,
            by=post.officer.id,
        )
    return post


@pytest.fixture
def desktop(qtbot, waves, monkeypatch):
    threads: list[str] = []
    real = plan_watch.make_plan

    def watched(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(plan_watch, "make_plan", watched)
    ui = Desktop(waves.desk, language="en", wait=lambda p: qtbot.waitUntil(p, timeout=20_000))
    ui.threads = threads
    qtbot.addWidget(ui.window)
    ui.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)
    yield ui
    ui.close()


def plan_page(qtbot, desktop, badge):
    desktop.sign_in(badge, PIN)
    QTest.keyClick(desktop.window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = desktop.workspace.plan
    qtbot.waitUntil(lambda: desktop.workspace.tabs.currentWidget() is page)
    qtbot.waitUntil(lambda: page.plan is not None and page.advice.count() > 0)
    return page


def test_the_plan_screen_shows_the_wave_and_advice_taken_with_one_key(qtbot, desktop, waves):
    page = plan_page(qtbot, desktop, waves.deputy.badge_no)
    tabs = desktop.workspace.tabs
    assert tabs.tabText(tabs.indexOf(page)) == "Plan  Ctrl+8"
    # computed on the slow pool, never on the UI thread or the desk's worker
    assert desktop.threads and all(name.startswith("desk-slow") for name in desktop.threads)
    texts = [page.advice.item(i).text() for i in range(page.advice.count())]
    assert any(t.startswith("open P-IN-2 by ") and "1 bus (≈70 travellers)" in t for t in texts)
    assert page.queue.count() >= 2 and page.queue.currentText() == "Entry travellers"
    assert page.chart.group is not None and any(m > 0 for m, _ in page.chart.group.arrivals)
    header = desktop.workspace.header.predicted.text()
    assert header.startswith("Next hour")
    # Enter takes the selected line: recorded, audited, and gone from the list
    first = page.lines()[0]
    page.advice.setFocus()
    QTest.keyClick(page.advice, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: first.key in page.decided)
    with waves.desk.read() as s:
        [row] = s.scalars(select(AdviceDecision)).all()
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "advice.taken")).all()
    assert row.choice == AdviceChoice.TAKEN and row.advice_key == first.key
    assert row.decided_by == waves.deputy.id and len(audited) == 1
    assert all(a.key != first.key for a in page.lines())
    # Delete dismisses the next one
    if page.lines():
        second = page.lines()[0]
        QTest.keyClick(page.advice, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda: page.decided.get(second.key) == AdviceChoice.DISMISSED)


def test_the_plan_screen_speaks_chinese_too(qtbot, desktop, waves):
    page = plan_page(qtbot, desktop, waves.deputy.badge_no)
    desktop.workspace.header.language.click()
    qtbot.waitUntil(lambda: page.title.text() == "排队预判")
    texts = [page.advice.item(i).text() for i in range(page.advice.count())]
    assert any("开放P-IN-2" in t and "1辆大巴" in t for t in texts)
    assert page.queue.currentText() == "入境旅客"
    assert desktop.workspace.header.predicted.text().startswith("未来一小时")
