"""The 12367 screen (Ctrl+9), driven through the real widgets and checked in the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db.enums import ContactChannel, ContactKind
from db.models import ServiceContact, ServiceContactReply
from desktop_app import service_line
from ui.testing import PIN, Desktop
from ui.widgets.common import index_of


@pytest.fixture
def desktop(qtbot, post):
    ui = Desktop(post.desk, wait=lambda p: qtbot.waitUntil(p, timeout=10_000))
    qtbot.addWidget(ui.window)
    ui.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)
    yield ui
    ui.close()


def open_page(qtbot, desktop, badge):
    desktop.sign_in(badge, PIN)
    QTest.keyClick(desktop.window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    page = desktop.workspace.service_line
    qtbot.waitUntil(lambda: desktop.workspace.tabs.currentWidget() is page)
    qtbot.waitUntil(lambda: page.loaded)
    return page


def contacts(post):
    with post.desk.read() as s:
        return list(s.scalars(select(ServiceContact)))


def test_record_a_complaint_with_the_keyboard_and_answer_it(qtbot, desktop, post):
    page = open_page(qtbot, desktop, post.officer.badge_no)
    page.kind.setCurrentIndex(index_of(page.kind, ContactKind.COMPLAINT.value))
    # The form proposes the longest promise a complaint allows: 5 days.
    proposed = page._from_qt(page.reply_due.dateTime()) - page._from_qt(page.received.dateTime())
    assert proposed == timedelta(hours=120)
    # No summary: refused, the message next to the summary, nothing written.
    page.summary.setFocus()
    QTest.keyClick(page.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    label = page.errors._labels["summary"]
    qtbot.waitUntil(lambda: label.isVisible())
    assert contacts(post) == []
    page.summary.setPlainText("旅客投诉排队时间过长")
    page.topic.setCurrentIndex(index_of(page.topic, "waiting_time"))
    QTest.keyClick(page.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    (stored,) = contacts(post)
    assert (stored.kind, stored.channel, stored.topic_code) == (
        ContactKind.COMPLAINT,
        ContactChannel.PHONE_12367,
        "waiting_time",
    )
    assert stored.officer_id == post.officer.id
    assert page.summary.toPlainText() == ""  # the form is ready for the next call

    page.table.selectRow(0)
    page.outcome.setText("已致电说明情况")
    QTest.keyClick(page.outcome, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    with post.desk.read() as s:
        (reply,) = s.scalars(select(ServiceContactReply)).all()
    assert reply.contact_id == stored.id and reply.outcome == "已致电说明情况"


def test_an_open_contact_of_an_earlier_shift_shows_as_carried_over_and_overdue(
    qtbot, desktop, post
):
    service_line.record_contact(
        post.desk,
        channel=ContactChannel.ON_SITE,
        kind=ContactKind.CONSULTATION,
        language="ru",
        topic_code="documents",
        summary="签证问题",
        by=post.officer.id,
        received_at=post.shift.actual_start - timedelta(hours=30),
    )
    page = open_page(qtbot, desktop, post.deputy.badge_no)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    state = page.model.index(0, 4).data()
    assert "carried over" in state or "遗留" in state
    assert "Overdue" in state or "超期" in state


def test_the_close_out_says_how_many_12367_contacts_are_carried_over(qtbot, desktop, post):
    for kind in (ContactKind.COMPLAINT, ContactKind.CONSULTATION):
        service_line.record_contact(
            post.desk,
            channel=ContactChannel.PHONE_12367,
            kind=kind,
            language="zh",
            topic_code="waiting_time",
            summary="排队",
            by=post.officer.id,
            received_at=post.clock.at - timedelta(hours=25),
        )
    desktop.sign_in(post.deputy.badge_no, PIN)
    QTest.keyClick(desktop.window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    shift_page = desktop.workspace.shift
    qtbot.waitUntil(lambda: shift_page.closeout_button.isVisible())
    qtbot.mouseClick(shift_page.closeout_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.dialog is not None)
    closeout = shift_page.dialog
    qtbot.waitUntil(lambda: closeout.overview is not None)
    assert [c.kind for c in closeout.overview.open_contacts] == [
        ContactKind.COMPLAINT,
        ContactKind.CONSULTATION,
    ]
    text = closeout.contacts_caption.text()
    assert "2" in text and "1" in text  # two waiting, the consultation's 24 h are over
    closeout.reject()
