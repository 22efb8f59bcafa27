"""The sync panel's entries set aside, and the first run that joins a post, through real widgets.

HQ runs for real (``python -m hq serve`` on a loopback port).  The guard
fails a test if database work, an HTTP request, a sync or an enrolment ran
on the UI thread.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from sqlalchemy import select
from test_sync_quarantine import a_bad_forecast
from test_ui_sync import RUNNER, finish, hq_enroll_code, open_sync, start

from db.models import AuditEntry
from desktop_app import forecasts
from desktop_app.desk import Desk
from desktop_app.protocol.messages import DISCARD_ACTION
from tests.helpers.sync import enroll
from ui.app import language_for
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.models.held_model import HeldModel
from ui.sync_link import SyncLink
from ui.taskman import TaskManager
from ui.testing import PIN, make_desk

pytest_plugins = ["test_sync_support", "test_ui_sync"]  # hq fixtures, hq_sqlite, quick runner

LEFT = Qt.MouseButton.LeftButton


def off_the_ui_thread(work) -> None:
    """What another desk worker would do meanwhile (the UI thread does no database work)."""
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def cell(page, row: int, column: int) -> str:
    return page.held_proxy.index(row, column).data()


def test_the_sync_panel_lists_entries_set_aside_and_their_fix_and_discard(
    qtbot, hq_sqlite, tmp_path, qtmodeltester
):
    desk, roster = make_desk(tmp_path / "post")
    wrong = a_bad_forecast(desk)
    other = a_bad_forecast(desk)
    enroll(hq_sqlite.engine, desk, hq_sqlite.url)
    ui = start(qtbot, desk)
    try:
        ui.sign_in("2001")  # an officer: sees the list, may not discard
        page = open_sync(qtbot, ui)
        assert not page.held_shown()
        qtbot.mouseClick(page.sync_button, LEFT)
        ui.wait(lambda: page.held_shown() and page.held_model.rowCount() == 2)
        qtmodeltester.check(page.held_model)
        assert cell(page, 0, HeldModel.COL_WHY) == "A value HQ cannot store"
        assert cell(page, 0, HeldModel.COL_TODO) == "Correct the record"
        assert "the corrected version goes by itself" in page.held_detail.text()
        assert cell(page, 0, HeldModel.COL_RECORD).startswith("Forecast")
        assert "reference" in page.held_detail.text()  # HQ's (here: the desk's) own words
        ui.window.toggle_language()  # the detail follows the language, like every label
        assert page.held_detail.text().startswith("条目") and "处理方法" in page.held_detail.text()
        ui.window.toggle_language()
        assert page.held_detail.text().startswith("Entry")
        ui.wait(lambda: "2 set aside" in ui.workspace.header.sync_slot.text.text())
        assert page.facts["held"].text() == "2"
        assert page.lists.tabText(page.held_tab) == "Set aside (2)"
        assert page.send_again_button.isEnabled() and not page.discard_button.isEnabled()

        ui.window.sign_out()
        ui.sign_in("1001")  # a deputy captain: may discard, with a reason and the PIN
        page = open_sync(qtbot, ui)
        ui.wait(lambda: page.discard_button.isEnabled())
        first = page.selected_held()
        qtbot.mouseClick(page.discard_button, LEFT)
        assert page.discard_box.isVisible()
        qtbot.mouseClick(page.discard_confirm, LEFT)  # no reason
        ui.wait(lambda: page.discard_errors._labels["reason"].isVisible())
        qtbot.keyClicks(page.discard_reason, "entered twice by mistake")
        qtbot.keyClicks(page.discard_pin, "0000")  # the wrong PIN
        qtbot.mouseClick(page.discard_confirm, LEFT)
        ui.wait(lambda: page.discard_errors._labels["pin"].isVisible())
        qtbot.keyClicks(page.discard_pin, PIN)
        qtbot.mouseClick(page.discard_confirm, LEFT)
        ui.wait(lambda: page.held_model.rowCount() == 1)
        assert page.selected_held().seq != first.seq

        # The other one is corrected at the desk: its new version goes, the list empties.
        remaining = page.selected_held().record_id
        assert remaining in (wrong, other)
        off_the_ui_thread(
            lambda: forecasts.update(
                desk, forecast_id=remaining, by=roster.deputy.id, reference="KG-1"
            )
        )
        qtbot.mouseClick(page.sync_button, LEFT)
        ui.wait(lambda: not page.held_shown() and page.held_model.rowCount() == 0)
        ui.wait(lambda: "set aside" not in ui.workspace.header.sync_slot.text.text())
    finally:
        finish(ui)
    with hq_sqlite.engine.connect() as conn:
        discarded = conn.execute(
            select(AuditEntry.officer_id).where(AuditEntry.action == DISCARD_ACTION)
        ).all()
    assert [tuple(r) for r in discarded] == [(roster.deputy.id,)]


def test_first_run_joins_a_post_that_has_desks_and_signs_in_with_an_existing_badge(
    qtbot, qapp, hq_sqlite, tmp_path, monkeypatch
):
    monkeypatch.setattr(SyncLink, "runner_options", RUNNER)
    first, _roster = make_desk(tmp_path / "first")
    enroll(hq_sqlite.engine, first, hq_sqlite.url)
    from desktop_app.sync.client import SyncClient

    with SyncClient(first, hq_sqlite.url) as client:
        client.sync()
    first.close()

    ctx = AppContext(TaskManager(), language_for(qapp, "en"))
    data_dir = tmp_path / "second"
    window = MainWindow(ctx, data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.port.count() > 0)
        page = window.first_run
        assert page.badge.isVisible() and not page.hq_url.isVisible()
        qtbot.mouseClick(page.mode_join, LEFT)
        assert page.hq_url.isVisible() and not page.badge.isVisible()
        assert "roster from HQ" in page.intro.text()
        page.port.setCurrentIndex(page.port.findText("TRG", Qt.MatchFlag.MatchStartsWith))
        qtbot.keyClicks(page.hq_url, hq_sqlite.url)
        qtbot.keyClicks(page.code, "AAAA-BBBB-CCCC-DDDD")  # not a code HQ made
        qtbot.mouseClick(page.join_button, LEFT)
        code_error = page.errors._labels["code"]
        qtbot.waitUntil(code_error.isVisible, timeout=30_000)
        assert "did not accept this code" in code_error.text()
        assert not (data_dir / "desk.sqlite3").exists()  # nothing half-made
        page.code.clear()
        qtbot.keyClicks(page.code, hq_enroll_code(hq_sqlite))
        qtbot.mouseClick(page.join_button, LEFT)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=30_000)
        assert "4 officers came from HQ" in window.status.currentMessage()
        # An officer of the post signs in with the badge and PIN entered at the first desk.
        window.login.badge.setText("1001")
        qtbot.keyClick(window.login.badge, Qt.Key.Key_Return)
        qtbot.keyClicks(window.login.pin, PIN)
        qtbot.keyClick(window.login.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: ctx.officer is not None and ctx.officer.badge_no == "1001")
    finally:
        window.close()
        ctx.close()
    joined = Desk.open(data_dir)
    try:
        with joined.read() as s:
            assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "login"))
    finally:
        joined.close()
