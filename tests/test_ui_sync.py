"""The header's sync slot, the sync panel (Ctrl+6) and per-record sync state, against a real HQ.

HQ runs for real (``python -m hq serve`` on a loopback port, on SQLite and
on PostgreSQL for the enrolment test); the desk runs the SyncRunner the app
starts for an enrolled desk.  Officers act through the real widgets.  The
guard fails a test if database work, an HTTP request, a sync, enrolment or
a bundle ran on the UI thread.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
)
from sqlalchemy import func, select
from test_sync_support import HQ

from db.models import Forecast, SyncConflict
from desktop_app.sync import ConflictView, SyncProgress, SyncState
from hq.migrate import upgrade
from hq.records import create_forecasts, update_record
from hq.store import HQClock, hq_engine
from hq.testing import HQServer
from tests.helpers.sync import check_union, enroll
from ui.models.conflict_model import ConflictModel, ConflictRow, Winner, record_text, winner
from ui.sync_link import SyncLink
from ui.sync_slot import SyncKind, SyncView, headline, skew_text, sync_view_from
from ui.testing import Desktop, MainThreadSqlGuard, make_desk

pytest_plugins = ["test_sync_support"]  # the hq and hq_db fixtures (SQLite and PostgreSQL)

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
# Long intervals: the tests decide when a sync happens ("Sync now"), except after an outage,
# when the runner's probe (every 0.3 s) must find HQ again by itself.
RUNNER = {"interval": 3600.0, "soon": 3600.0, "initial_backoff": 1.0, "max_backoff": 30.0,
          "probe_every": 0.3}  # fmt: skip


@pytest.fixture(autouse=True)
def quick_runner(monkeypatch):
    monkeypatch.setattr(SyncLink, "runner_options", RUNNER)


@pytest.fixture
def hq_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    server = HQServer(url, log=tmp_path / "hq.log").start()
    yield HQ(server, engine, url)
    server.kill()
    engine.dispose()


def start(qtbot, desk, language="en"):
    guard = MainThreadSqlGuard(desk)
    ui = Desktop(desk, language=language, wait=lambda p: qtbot.waitUntil(p, timeout=40_000))
    ui.guard = guard
    qtbot.addWidget(ui.window)
    ui.window.resize(1366, 768)
    return ui


def finish(ui):
    ui.guard.stop()
    violations = list(ui.guard.violations)
    ui.close()
    assert violations == [], violations[0]


def slot_text(ui) -> str:
    return ui.workspace.header.sync_slot.text.text()


def kind(ui) -> SyncKind:
    return ui.workspace.header.sync_slot.view.kind


def wait_synced(ui, pending=0):
    ui.wait(
        lambda: (
            kind(ui) == SyncKind.SYNCED and ui.workspace.header.sync_slot.view.pending == pending
        )
    )


def key(qtbot, ui, key, modifier=CTRL):
    """A key anywhere in the window (made active again after a dialog closed)."""
    ui.window.activateWindow()
    ui.wait(lambda: QApplication.activeWindow() is ui.window)
    qtbot.keyClick(ui.window, key, modifier)


def open_sync(qtbot, ui):
    key(qtbot, ui, Qt.Key.Key_6)
    page = ui.workspace.sync
    assert ui.workspace.tabs.currentWidget() is page
    return page


def board_state(ui, reference: str) -> str | None:
    model = ui.workspace.forecasts.model
    row = next((r for r in model.rows if r.forecast.reference == reference), None)
    return row.sync if row is not None else None


def add_forecast(qtbot, ui, reference: str) -> None:
    """Through the board's dialog, as an officer does it."""
    key(qtbot, ui, Qt.Key.Key_3)
    page = ui.workspace.forecasts
    ui.wait(lambda: page.loaded)
    page.add()
    dialog = page.dialog
    ui.wait(dialog.isVisible)
    qtbot.keyClicks(dialog.reference, reference)
    qtbot.mouseClick(dialog.save_button, LEFT)
    ui.wait(lambda: closed(dialog) and board_state(ui, reference) is not None)


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def hq_enroll_code(hq: HQ, port: str = "TRG") -> str:
    """A code from `checkpoint-hq enroll` (the code alone on the last line it prints)."""
    done = subprocess.run(
        [sys.executable, "-m", "hq", "enroll", "--db", hq.db_url, "--port", port],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


# -- the words, without a window ----------------------------------------------------------


def state(**values) -> SyncState:
    base = {
        "enrolled": True,
        "hq_url": "http://hq",
        "pending": 0,
        "conflicts": 0,
        "last_success": None,
        "last_attempt": None,
        "last_error": None,
        "last_error_kind": None,
        "clock_skew_s": 0.0,
    }
    return SyncState(**{**base, **values})


def test_every_state_has_its_icon_and_words_in_both_languages(qapp):
    from ui.app import language_for

    language = language_for(qapp, "en")
    at = datetime(2026, 11, 26, 8, 5, tzinfo=UTC)
    when = lambda moment: moment.strftime("%H:%M") if moment else "–"  # noqa: E731
    cases = {
        SyncKind.NOT_ENROLLED: state(enrolled=False, pending=12),
        SyncKind.NEVER: state(pending=3),
        SyncKind.SYNCED: state(last_success=at, pending=2),
        SyncKind.SYNCING: state(running=True, progress=SyncProgress("push", 500, 1200)),
        SyncKind.OFFLINE: state(
            last_success=at,
            last_error="HQ did not answer",
            last_error_kind="offline",
            next_attempt=at + timedelta(minutes=3),
        ),
        SyncKind.UPDATE_REQUIRED: state(last_error="update", last_error_kind="update_required"),
        SyncKind.REFUSED: state(last_error="device revoked", last_error_kind="auth"),
        SyncKind.ERROR: state(last_error="disk full", last_error_kind="error"),
    }
    english = {
        SyncKind.NOT_ENROLLED: "Sync: not enrolled at HQ (12 not sent)",
        SyncKind.NEVER: "Sync: enrolled, not synced yet (3 pending)",
        SyncKind.SYNCED: "Synced 08:05 (2 pending)",
        SyncKind.SYNCING: "Syncing… sending 500/1200",
        SyncKind.OFFLINE: "Offline since 08:05, next try 08:08",
        SyncKind.UPDATE_REQUIRED: "Sync stopped: update required",
        SyncKind.REFUSED: "HQ refused: device revoked",
        SyncKind.ERROR: "Sync error: disk full",
    }
    icons = set()
    for expected, snapshot in cases.items():
        view = sync_view_from(snapshot)
        assert view.kind == expected
        assert headline(view, when, short=True) == english[expected]
        from ui.sync_slot import ICONS

        icons.add(ICONS[expected])
    # Six shapes for eight states: refused and failed share the "!", never-synced and syncing
    # the arrows; each says which in words.
    assert len(icons) == 6
    long = sync_view_from(state(last_error="x" * 200, last_error_kind="refused"))
    assert len(headline(long, when, short=True)) < 80 < len(headline(long, when, short=False))
    skewed = sync_view_from(state(last_success=at, clock_skew_s=-600))  # desk 10 min fast
    assert skew_text(skewed, short=True) == "Clock 10 min ahead of HQ"
    assert skew_text(sync_view_from(state(clock_skew_s=30))) == ""  # within two minutes
    assert "behind" in skew_text(sync_view_from(state(clock_skew_s=2 * 86400)))

    language.set("zh_CN")
    assert headline(sync_view_from(cases[SyncKind.SYNCED]), when, short=True) == (
        "已同步 08:05（待发送 2 条）"
    )
    for snapshot in cases.values():
        text = headline(sync_view_from(snapshot), when, short=True)
        assert re.search(r"[\u4e00-\u9fff]", text), text
    assert re.search(r"[\u4e00-\u9fff]", skew_text(skewed))
    language.set("en")


def conflict(**values) -> ConflictView:
    base = {
        "id": uuid.uuid4(),
        "detected_at": datetime(2026, 11, 26, 8, 5, tzinfo=UTC),
        "entity": "forecasts",
        "record_id": uuid.uuid4(),
        "rule": "last_writer",
        "fields": ["notes"],
        "lost": {"notes": "post"},
        "kept": {"notes": "hq"},
        "losing_writer": "desk-1",
        "winning_writer": "hq",
        "lost_here": True,
        "losing": {"reference": "KG-7", "notes": "post", "pin_hash": "x"},
        "winning": {
            "reference": "KG-7",
            "notes": "hq",
            "expected_at": "2026-11-26T06:00:00+00:00",
        },
    }
    return ConflictView(**{**base, **values})


def test_conflict_model_columns_sort_role_and_invariants(qtmodeltester, qapp):
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Urumqi")
    model = ConflictModel(lambda: zone, lambda zh, en: en, lambda: "desk-1")
    older = conflict(detected_at=datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    arrival = conflict(
        rule="owner_post",
        fields=["status"],
        lost={"status": "cancelled"},
        kept={"status": "arrived"},
        losing_writer="hq",
        winning_writer="hq",
        lost_here=False,
        won_here=True,
    )
    model.set_rows([ConflictRow(arrival), ConflictRow(older)])
    qtmodeltester.check(model)
    assert model.columnCount() == 7 and model.rowCount() == 2
    display = Qt.ItemDataRole.DisplayRole
    assert model.index(0, ConflictModel.COL_RECORD).data(display) == "Forecast KG-7"
    assert model.index(0, ConflictModel.COL_KEPT).data(display) == "Arrived"
    assert model.index(0, ConflictModel.COL_LOST).data(display) == "Cancelled"
    tip = model.index(0, ConflictModel.COL_LOST).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Status: Cancelled"
    assert model.index(0, ConflictModel.COL_WINNER).data(display) == "This desk"
    assert model.index(1, ConflictModel.COL_WINNER).data(display) == "HQ"
    assert model.index(1, ConflictModel.COL_RULE).data(display) == "Later edit wins"
    sort = ConflictModel.COL_WHEN
    assert model.index(0, sort).data(Qt.ItemDataRole.UserRole) > model.index(1, sort).data(
        Qt.ItemDataRole.UserRole
    )
    assert winner(older, "desk-1") == Winner.HQ
    assert winner(conflict(losing_writer="hq", lost_here=False), "desk-1") == Winner.POST
    assert winner(conflict(winning_writer="desk-2", lost_here=False), "desk-1") == (
        Winner.OTHER_DESK
    )
    lane = ConflictRow(conflict(entity="lanes", losing={"code": "P-IN-1"}, winning={}))
    assert record_text(lane, zone=zone, pick=lambda zh, en: en) == "Lane P-IN-1"


# -- against a real HQ -------------------------------------------------------------------------


def test_enrol_from_the_panel_record_sync_now_and_hq_holds_the_rows(qtbot, hq, tmp_path):
    desk, _roster = make_desk(tmp_path / "post")
    ui = start(qtbot, desk)
    try:
        ui.sign_in("1001")
        ui.wait(lambda: kind(ui) == SyncKind.NOT_ENROLLED)
        assert slot_text(ui).startswith("Sync: not enrolled at HQ")
        page = open_sync(qtbot, ui)
        assert page.enrol_box.isVisible() and not page.sync_button.isEnabled()

        # A wrong address and a wrong code, each said next to its field.
        qtbot.keyClicks(page.hq_url, "hq.example.cn")
        qtbot.mouseClick(page.enrol_button, LEFT)
        assert page.hq_url_error.isVisible() and "https://" in page.hq_url_error.text()
        page.hq_url.clear()
        qtbot.keyClicks(page.hq_url, hq.url)
        qtbot.keyClicks(page.code, "ABCD-EFGH-IJKL-MNOP")
        qtbot.mouseClick(page.enrol_button, LEFT)
        ui.wait(page.code_error.isVisible)
        assert "did not accept this code" in page.code_error.text()
        assert ui.ctx.sync.view.kind == SyncKind.NOT_ENROLLED

        # The code from `checkpoint-hq enroll`: enrolled, and the first sync follows.
        page.code.clear()
        qtbot.keyClicks(page.code, hq_enroll_code(hq))
        qtbot.keyClick(page.code, Qt.Key.Key_Return)
        wait_synced(ui)
        assert re.fullmatch(r"Synced \d\d:\d\d \(0 pending\)", slot_text(ui))
        assert not page.enrol_box.isVisible() and page.sync_button.isEnabled()
        assert page.facts["hq"].text() == hq.url

        # Something recorded: pending on the board and in the header…
        add_forecast(qtbot, ui, "KG-4471")
        assert board_state(ui, "KG-4471") == "pending"
        ui.wait(lambda: (ui.workspace.header.sync_slot.view.pending or 0) > 0)
        assert re.fullmatch(r"Synced \d\d:\d\d \([1-9]\d* pending\)", slot_text(ui))
        # …until "Sync now".
        page = open_sync(qtbot, ui)
        qtbot.mouseClick(page.sync_button, LEFT)
        wait_synced(ui)
        assert re.fullmatch(r"Synced \d\d:\d\d \(0 pending\)", slot_text(ui))
        key(qtbot, ui, Qt.Key.Key_3)
        ui.wait(lambda: board_state(ui, "KG-4471") == "sent")
        model = ui.workspace.forecasts.model
        row = model.row_of_key(next(r.forecast.id for r in model.rows))
        assert model.index(row, model.COL_SYNC).data(Qt.ItemDataRole.DecorationRole) is not None
        assert model.index(row, model.COL_SYNC).data() == "Sent"
    finally:
        finish(ui)
    with hq.engine.connect() as conn:
        held = conn.execute(
            select(func.count()).select_from(Forecast).where(Forecast.reference == "KG-4471")
        ).scalar()
    assert held == 1
    assert check_union(hq.engine, [desk]).ok
    desk.close()


def test_offline_with_the_next_try_then_back_without_anyone_asking(qtbot, hq_sqlite, tmp_path):
    desk, _roster = make_desk(tmp_path / "post")
    enroll(hq_sqlite.engine, desk, hq_sqlite.url)
    ui = start(qtbot, desk)
    try:
        ui.sign_in("1001")
        wait_synced(ui)
        hq_sqlite.server.kill()
        add_forecast(qtbot, ui, "KG-0001")
        page = open_sync(qtbot, ui)
        qtbot.mouseClick(page.sync_button, LEFT)
        ui.wait(lambda: kind(ui) == SyncKind.OFFLINE and "next try" in slot_text(ui))
        assert re.fullmatch(r"Offline since \d\d:\d\d, next try \d\d:\d\d", slot_text(ui))
        assert page.problem.isVisible() and "HQ did not answer" in page.problem.text()
        assert board_state(ui, "KG-0001") == "pending"

        hq_sqlite.server.start()  # the same port: the runner's probe finds it
        wait_synced(ui)
        key(qtbot, ui, Qt.Key.Key_3)
        ui.wait(lambda: board_state(ui, "KG-0001") == "sent")
    finally:
        finish(ui)
    assert check_union(hq_sqlite.engine, [desk]).ok
    desk.close()


def test_update_required_is_shown_in_words(qtbot, hq_sqlite, tmp_path, monkeypatch):
    from desktop_app.protocol.messages import HEADER_PROTOCOL, version_headers
    from desktop_app.sync import client as client_module

    desk, _roster = make_desk(tmp_path / "post")
    enroll(hq_sqlite.engine, desk, hq_sqlite.url)
    monkeypatch.setattr(
        client_module, "version_headers", lambda: {**version_headers(), HEADER_PROTOCOL: "99"}
    )
    ui = start(qtbot, desk, language="zh_CN")
    try:
        ui.sign_in("1001")
        ui.wait(lambda: kind(ui) == SyncKind.UPDATE_REQUIRED)
        assert slot_text(ui) == "同步已停止：需要更新"
        page = open_sync(qtbot, ui)
        assert page.problem.isVisible() and "HQ must be updated" in page.problem.text()
        ui.language.set("en")
        assert slot_text(ui) == "Sync stopped: update required"
    finally:
        finish(ui)
    desk.close()


def select_forecast(ui, reference: str) -> None:
    page = ui.workspace.forecasts
    forecast_id = next(r.forecast.id for r in page.model.rows if r.forecast.reference == reference)
    assert page.select(forecast_id)


def test_a_conflict_with_hq_is_listed_with_what_was_kept_and_lost(qtbot, hq_sqlite, tmp_path):
    engine = hq_sqlite.engine
    desk, _roster = make_desk(tmp_path / "post")
    [forecast_id] = create_forecasts(
        engine,
        HQClock(engine),
        "TRG",
        [
            {
                "mode": "road",
                "reference": "KG-7",
                "direction": "entry",
                "expected_at": datetime.now(UTC) + timedelta(hours=2),
                "expected_travellers": 40,
            }
        ],
    )
    enroll(engine, desk, hq_sqlite.url)
    ui = start(qtbot, desk)
    try:
        ui.sign_in("1001")
        wait_synced(ui)
        key(qtbot, ui, Qt.Key.Key_3)
        board = ui.workspace.forecasts
        ui.wait(lambda: board_state(ui, "KG-7") == "received")
        row = next(r for r in board.model.rows if r.forecast.reference == "KG-7")
        index = board.model.index(board.model.row_of_key(forecast_id), board.model.COL_SYNC)
        assert index.data() == "From HQ"
        expected_at = row.forecast.expected_at

        # HQ's forecast: its schedule is read-only here, with a note; the notes are ours.
        select_forecast(ui, "KG-7")
        board.edit()
        dialog = board.dialog
        ui.wait(dialog.isVisible)
        assert dialog.hq_note.isVisible() and "HQ created this forecast" in dialog.hq_note.text()
        for name, widget in dialog.field_widgets.items():
            assert widget.isEnabled() is (name == "notes"), name
        qtbot.keyClicks(dialog.reference, "EDITED")  # HQ's: nothing changes
        assert dialog.reference.text() == "KG-7"
        dialog.notes.setPlainText("bus 3 has a flat tyre")
        qtbot.mouseClick(dialog.save_button, LEFT)
        ui.wait(lambda: closed(dialog))
        select_forecast(ui, "KG-7")
        board.mark_arrived()
        arrival = board.dialog
        ui.wait(arrival.isVisible)
        qtbot.mouseClick(arrival.buttons.button(arrival.buttons.StandardButton.Ok), LEFT)
        ui.wait(lambda: closed(arrival))
        ui.wait(lambda: board_state(ui, "KG-7") == "pending")
        ui.wait(
            lambda: any(
                r.forecast.reference == "KG-7" and r.forecast.notes == "bus 3 has a flat tyre"
                for r in board.model.rows
            )
        )
        assert next(r for r in board.model.rows if r.forecast.reference == "KG-7").forecast.expected_at == expected_at  # fmt: skip  # noqa: E501

        # Meanwhile HQ edits the same forecast: its notes and a cancellation.
        update_record(
            engine,
            HQClock(engine),
            "forecasts",
            forecast_id,
            notes="HQ: convoy held at the border",
            status="cancelled",
        )
        page = open_sync(qtbot, ui)
        qtbot.mouseClick(page.sync_button, LEFT)
        ui.wait(lambda: page.model.rowCount() == 2)
        wait_synced(ui)
        display = Qt.ItemDataRole.DisplayRole
        rows = {
            page.model.index(i, ConflictModel.COL_FIELDS).data(display): i
            for i in range(page.model.rowCount())
        }
        assert set(rows) == {"Notes", "Status, Arrived at"}
        notes, arrival = rows["Notes"], rows["Status, Arrived at"]

        def cell(row: int, column: int) -> str:
            return page.model.index(row, column).data(display)

        # The notes: the later edit (HQ's) was kept, this desk's lost.
        assert cell(notes, ConflictModel.COL_RECORD) == "Forecast KG-7"
        assert cell(notes, ConflictModel.COL_KEPT) == "HQ: convoy held at the border"
        assert cell(notes, ConflictModel.COL_LOST) == "bus 3 has a flat tyre"
        assert cell(notes, ConflictModel.COL_WINNER) == "HQ"
        assert cell(notes, ConflictModel.COL_RULE) == "Later edit wins"
        # The arrival is the post's: HQ's cancellation lost.
        assert cell(arrival, ConflictModel.COL_KEPT).startswith("Arrived; ")  # status; time
        assert cell(arrival, ConflictModel.COL_LOST) == "Cancelled; –"
        assert cell(arrival, ConflictModel.COL_WINNER) == "This desk"
        assert cell(arrival, ConflictModel.COL_RULE) == "The post owns them"

        # Selecting a row shows the whole losing version beside the kept one.
        source = page.model.index(notes, 0)
        page.table.selectRow(page.proxy.mapFromSource(source).row())
        ui.wait(lambda: "this desk" in page.details_title.text())
        details = {
            page.details.item(i, 0).text(): (
                page.details.item(i, 1).text(),
                page.details.item(i, 2).text(),
            )
            for i in range(page.details.rowCount())
        }
        assert details["≠ Notes"] == ("bus 3 has a flat tyre", "HQ: convoy held at the border")
        assert details["Reference"] == ("KG-7", "KG-7")
        assert "Expected travellers" in details and "PIN" not in details

        # The post now holds HQ's merge: arrived (ours), HQ's notes; state: sent.
        key(qtbot, ui, Qt.Key.Key_3)
        ui.wait(
            lambda: any(
                r.forecast.reference == "KG-7"
                and r.forecast.notes == "HQ: convoy held at the border"
                and r.forecast.status.value == "arrived"
                for r in board.model.rows
            )
        )
        ui.wait(lambda: board_state(ui, "KG-7") in ("sent", "received"))
    finally:
        finish(ui)
    with desk.read() as s:
        assert s.scalar(select(func.count()).select_from(SyncConflict)) == 2
    desk.close()


def test_export_bundle_through_a_window_modal_file_dialog(qtbot, hq_sqlite, tmp_path):
    desk, _roster = make_desk(tmp_path / "post")
    enroll(hq_sqlite.engine, desk, hq_sqlite.url)
    hq_sqlite.server.kill()  # a post with no link
    ui = start(qtbot, desk)
    try:
        ui.sign_in("1001")
        add_forecast(qtbot, ui, "KG-0042")
        page = open_sync(qtbot, ui)
        ui.wait(lambda: page.export_button.isEnabled())
        qtbot.mouseClick(page.export_button, LEFT)
        dialog = page.file_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), never exec()
        target = tmp_path / "usb" / "bundle.ckpbundle"
        target.parent.mkdir()
        dialog.selectFile(str(target))
        dialog.accept()
        ui.wait(lambda: page.last_export is not None)
        assert page.export_note.isVisible() and "Bundle written" in page.export_note.text()
        assert page.last_export.path == target and page.last_export.rows > 0
    finally:
        finish(ui)
    # HQ takes it through `checkpoint-hq import-bundle`: it then holds every record.
    subprocess.run(
        [sys.executable, "-m", "hq", "import-bundle", str(target), "--db", hq_sqlite.db_url],
        check=True,
        capture_output=True,
    )
    assert check_union(hq_sqlite.engine, [desk]).ok
    desk.close()


def test_no_runner_for_a_desk_not_enrolled_and_the_runner_stops_on_close(
    qtbot, hq_sqlite, tmp_path
):
    def runner_threads() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name == "checkpoint-sync"}

    before = runner_threads()
    lone, _ = make_desk(tmp_path / "lone")
    ui = start(qtbot, lone)
    ui.wait(lambda: ui.ctx.sync.state is not None)
    assert ui.ctx.sync.runner is None and runner_threads() <= before
    assert ui.ctx.sync.view.kind == SyncKind.NOT_ENROLLED
    finish(ui)
    lone.close()

    desk, _ = make_desk(tmp_path / "post")
    enroll(hq_sqlite.engine, desk, hq_sqlite.url)
    ui = start(qtbot, desk)
    ui.wait(lambda: ui.ctx.sync.runner is not None)
    runner = ui.ctx.sync.runner
    assert runner._thread is not None and runner._thread.is_alive()
    finish(ui)
    assert runner._thread is None  # stopped with the desk
    desk.close()


def test_forecast_dialog_for_a_post_forecast_is_all_editable(qtbot, tmp_path):
    desk, _roster = make_desk(tmp_path / "post")
    ui = start(qtbot, desk)
    try:
        ui.sign_in("1001")
        add_forecast(qtbot, ui, "KG-9")
        select_forecast(ui, "KG-9")
        board = ui.workspace.forecasts
        board.edit()
        dialog = board.dialog
        ui.wait(dialog.isVisible)
        assert not dialog.hq_note.isVisible() and not dialog.hq_owned
        assert not dialog.reference.isReadOnly() and dialog.mode.isEnabled()
        dialog.reject()
    finally:
        finish(ui)
    desk.close()


def test_sync_view_defaults_before_the_state_is_read():
    view = SyncView()
    assert view.kind == SyncKind.UNKNOWN and not view.enrolled and not view.skew_warning
