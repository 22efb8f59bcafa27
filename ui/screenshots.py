"""Render every main screen, in Chinese and in English, to PNG from a demo database.

    QT_QPA_PLATFORM=offscreen python -m ui.screenshots OUTDIR [--port ALS] [--days 3]

The demo post is generated into a temporary directory (``desktop_app.demo``:
a simulated few days that end now, so the queue is live and a shift is
open); the real main window is then driven as an officer would, and each
screen and dialog is grabbed at 1366×768, the common desk monitor.

The post is enrolled at a real HQ (HQ's app on uvicorn in a thread of this
process, on a temporary SQLite file) and synced before the window opens,
so the header shows a live sync state; HQ sends three forecasts down, HQ
and the post then edit them concurrently, and the sync panel lists the
three conflicts that follow (HQ's schedule, the post's arrival, the later
note), and the entries set aside: a forecast an older desk wrote with a
value HQ cannot store, and the clearance that names it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from db.enums import (
    ContactChannel,
    ContactKind,
    Direction,
    Mode,
    Role,
    SubjectKind,
    TravellerCategory,
)
from desktop_app import (
    approvals,
    clearance,
    demo,
    forecasts,
    lanes,
    officers,
    service_line,
    shifts,
)
from desktop_app.bootstrap import initialize
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation
from ui.i18n import EN, ZH
from ui.testing import Desktop, wait_until

SIZE = (1366, 768)


def _save(widget: QWidget, path: Path) -> Path:
    QTest.qWait(50)  # let layouts settle and pending paints run
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _first_run(out: Path, language: str, *, join: bool = False) -> Path:
    from ui.app import create_application, language_for
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.taskman import TaskManager

    app = create_application()
    ctx = AppContext(TaskManager(), language_for(app, language))
    with tempfile.TemporaryDirectory() as empty:
        window = MainWindow(ctx, data_dir=Path(empty) / "new-post")
        window.resize(*SIZE)
        window.show()
        window.start()
        wait_until(lambda: window.first_run is not None and window.first_run.port.count() > 0)
        name = "first-run"
        if join:  # a further desk of a post: it joins instead of creating an administrator
            page = window.first_run
            assert page is not None
            page.mode_join.setChecked(True)
            page.port.setCurrentIndex(page.port.findData("TRG"))
            page.hq_url.setText("https://hq.example.cn:8470")
            page.code.setText("K7QM-2XPA-9RTF-WD3H")
            name = "first-run-join"
        path = _save(window, out / f"{language}-00-{name}.png")
        window.close()
        ctx.close()
    return path


def render(out: Path, *, port: str = "ALS", days: int = 3, seed: int = 7) -> list[Path]:
    from ui.sync_link import SyncLink

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        desk = initialize(Path(tmp) / "demo", port)
        summary = demo.generate(desk, days=days, seed=seed)
        deputy = next(badge for badge, _name, role in summary.officers if role == "deputy_captain")
        admin = next(badge for badge, _name, role in summary.officers if role == "admin")
        _liven(desk)
        with _hq_with_conflicts(desk, Path(tmp)) as hq_forecast:
            # Background sync as in the app, but no sync in the middle of a picture.
            before = SyncLink.runner_options
            SyncLink.runner_options = {"interval": 3600.0, "soon": 3600.0}
            started = desk.now()
            ui = Desktop(desk, language=ZH)
            ui.window.resize(*SIZE)
            try:
                # The runner syncs once as it starts: after that sync, nothing goes up
                # by itself during the pictures.
                wait_until(lambda: _synced_since(ui, started), timeout=60)
                # Entered once the desk has synced: "not sent" on the board, pending above.
                ui.ctx.op(None, lambda: _local_forecast(desk)).run()
                # re-read 1.5 s after the change, or after the runner's first sync if one runs
                wait_until(lambda: (ui.ctx.sync.view.pending or 0) > 0, timeout=60)
                for language in (ZH, EN):
                    ui.language.set(language)
                    written += _render_language(ui, out, language, deputy, admin, hq_forecast)
            finally:
                ui.close()
                SyncLink.runner_options = before
    for language in (ZH, EN):
        written.append(_first_run(out, language))
        written.append(_first_run(out, language, join=True))
    return written


def _synced_since(ui: Desktop, since: datetime) -> bool:
    state = ui.ctx.sync.state
    return (
        state is not None
        and not state.running
        and state.last_success is not None
        and state.last_success >= since
        and ui.ctx.sync.view.kind.value == "synced"
    )


def _liven(desk: Desk) -> None:
    """A live queue for the pictures: the demo's last day ends now, often with nobody waiting.

    Eight travellers joined over the last 18 minutes on the first entry lane (so the
    header shows the amber warning), one at the desk, the priority lane open and a
    priority request waiting for the deputy captain.
    """
    shift = shifts.current_shift(desk)
    if shift is None or shift.actual_start is None:
        return
    by = next(o.id for o in officers.roster(desk) if o.role == Role.OFFICER)
    now = desk.now()
    for code in ("P-IN-1", "PRIORITY"):
        try:
            lane = lanes.lane_by_code(desk, code)
        except RuleViolation:
            continue
        if not lane.is_open:
            lanes.set_open(desk, lane_id=lane.id, open_=True, by=by, at=now - timedelta(minutes=20))
    lane = lanes.lane_by_code(desk, "P-IN-1")
    categories = [TravellerCategory.CHINESE_CITIZEN] * 3 + [TravellerCategory.FOREIGN_NATIONAL]
    joined = []
    for n, minutes in enumerate([18, 15, 12, 9, 7, 4, 2, 1]):
        at = now - timedelta(minutes=minutes, seconds=n * 7)
        if at < shift.actual_start:
            continue
        joined.append(
            clearance.join_queue(
                desk,
                lane_id=lane.id,
                reference=f"E{48213570 + n * 37}",
                subject_kind=SubjectKind.PERSON,
                traveller_category=categories[n % len(categories)],
                by=by,
                at=at,
            )
        )
    if len(joined) > 1:
        clearance.start_service(
            desk, clearance_id=joined[1].clearance_id, by=by, at=now - timedelta(minutes=1)
        )
    approvals.request(desk, subject_ref="新A-77231", reason="抢险救灾物资", by=by)
    _service_line_contacts(desk, by, shift.actual_start)


def _service_line_contacts(desk: Desk, by: uuid.UUID, shift_start: datetime) -> None:
    """Two 12367 contacts still open: a complaint now, a consultation from before the shift."""
    now = desk.now()
    service_line.record_contact(
        desk,
        channel=ContactChannel.PHONE_12367,
        kind=ContactKind.COMPLAINT,
        language="zh",
        topic_code="waiting_time",
        summary="旅客来电反映入境大厅排队近20分钟，询问为何只开一个通道",
        by=by,
        received_at=now - timedelta(minutes=6),
        clearance_reference="E48213570",
    )
    service_line.record_contact(
        desk,
        channel=ContactChannel.ONLINE,
        kind=ContactKind.CONSULTATION,
        language="ru",
        topic_code="documents",
        summary="哈萨克斯坦籍司机咨询临时入境车辆牌照办理材料",
        by=by,
        received_at=shift_start - timedelta(hours=26),
    )


def _local_forecast(desk: Desk) -> None:
    """Runs on the worker: a forecast typed in at the post."""
    forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="新A-60418",
        direction=Direction.ENTRY,
        expected_at=desk.now() + timedelta(minutes=50),
        expected_travellers=2,
        expected_vehicles=1,
        by=next(o.id for o in officers.roster(desk) if o.role == Role.OFFICER),
    )


@contextmanager
def _hq_with_conflicts(desk: Desk, tmp: Path) -> Iterator[uuid.UUID]:
    """A real HQ for the post, three concurrent edits, synced: yields HQ's forecast's id."""
    from db.base import utcnow
    from desktop_app.sync import SyncClient
    from hq.devices import create_code
    from hq.migrate import upgrade
    from hq.records import create_forecasts, update_record
    from hq.store import HQClock, hq_engine
    from hq.testing import ThreadedHQ

    engine = hq_engine(f"sqlite:///{tmp / 'hq.sqlite3'}")
    upgrade(engine)
    try:
        with ThreadedHQ(engine) as hq:
            with SyncClient(desk, hq.url) as client:
                client.enroll(create_code(engine, desk.port_code, utcnow()), "screenshots")
            now = desk.now()
            notes, arrival, schedule = create_forecasts(
                engine,
                HQClock(engine),
                desk.port_code,
                [
                    {"mode": "rail", "reference": "X9401", "direction": "entry",
                     "expected_at": now + timedelta(minutes=40), "expected_travellers": 6,
                     "expected_vehicles": 1, "cargo": "energy", "carrier": "中铁快运"},
                    {"mode": "road", "reference": "新A-35817", "direction": "entry",
                     "expected_at": now - timedelta(minutes=10), "expected_travellers": 3,
                     "expected_vehicles": 1, "cargo": "livelihood"},
                    {"mode": "road", "reference": "车队 702", "direction": "exit",
                     "expected_at": now + timedelta(hours=2), "expected_travellers": 12,
                     "expected_vehicles": 6, "cargo": "belt_road", "carrier": "中亚物流"},
                ],
            )  # fmt: skip
            create_forecasts(
                engine,
                HQClock(engine),
                desk.port_code,
                [
                    {
                        "mode": "rail",
                        "reference": "X9405",
                        "direction": "exit",
                        "expected_at": now + timedelta(minutes=90),
                        "expected_travellers": 4,
                        "expected_vehicles": 1,
                        "cargo": "general",
                        "carrier": "中欧班列",
                    }
                ],
            )  # left alone at the post: "from HQ" on the board
            with SyncClient(desk) as client:
                client.sync()  # the demo's days go up, HQ's forecasts come down
                by = next(o.id for o in officers.roster(desk) if o.role == Role.OFFICER)
                forecasts.update(desk, forecast_id=notes, by=by, notes="列车晚点，约 20 分钟")
                forecasts.mark_arrived(desk, forecast_id=arrival, by=by)
                # An older desk (or the command line) changed HQ's schedule: HQ's stands.
                forecasts.update(
                    desk, forecast_id=schedule, by=by, expected_at=now + timedelta(hours=3)
                )
                update_record(
                    engine, HQClock(engine), "forecasts", notes, notes="X9401 改停 2 号站台"
                )
                update_record(engine, HQClock(engine), "forecasts", arrival, status="cancelled")
                _refused_forecast(desk, by)  # set aside at the next sync, with what refers to it
                update_record(
                    engine,
                    HQClock(engine),
                    "forecasts",
                    schedule,
                    expected_at=now + timedelta(hours=2, minutes=30),
                )
                client.sync()
            yield schedule
    finally:
        engine.dispose()


def _refused_forecast(desk: Desk, by: uuid.UUID) -> None:
    """A forecast with a reference longer than the schema allows (as an older desk wrote
    it), and a clearance that names it: the sync sets both aside, the rest goes."""
    from db.enums import CargoCategory, ForecastSource, ForecastStatus, PreInspection
    from db.models import Forecast

    with desk.unit() as s:
        forecast = Forecast(
            port_id=desk.port_id,
            mode=Mode.ROAD,
            reference="新A-" + "0" * 50,
            direction=Direction.ENTRY,
            expected_at=desk.now() + timedelta(minutes=30),
            cargo=CargoCategory.NONE,
            source=ForecastSource.MANUAL,
            preinspection=PreInspection.PENDING,
            status=ForecastStatus.EXPECTED,
        )
        s.add(forecast)
        s.flush()
        forecast_id = forecast.id
    lane = next((x for x in lanes.lanes(desk) if x.is_open and x.code.startswith("P-")), None)
    if lane is not None:
        clearance.join_queue(
            desk,
            lane_id=lane.id,
            reference="E48219901",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=by,
            forecast_id=forecast_id,
        )


def _render_language(
    ui: Desktop, out: Path, language: str, deputy: str, admin: str, hq_forecast: uuid.UUID
) -> list[Path]:
    window, ws = ui.window, ui.workspace
    shots: list[Path] = []

    def shot(name: str, widget: QWidget | None = None) -> None:
        ui.idle()
        shots.append(_save(widget or window, out / f"{language}-{len(shots) + 1:02d}-{name}.png"))

    if ui.ctx.officer is not None:
        window.sign_out()
    ui.idle()
    shot("login")
    ui.sign_in(deputy, demo.DEMO_PIN)

    # The clearance screen on the lane with the longest queue.
    ws.tabs.setCurrentWidget(ws.clearance)
    wait_until(lambda: ws.live.loaded)
    snapshot = ws.live.snapshot
    busiest = max(
        (lane for lane in snapshot.lanes if lane.is_open),
        key=lambda lane: len(snapshot.entries_on(lane.id)),
        default=None,
    )
    if busiest is not None:
        ws.clearance.select_lane(busiest.code)
    wait_until(lambda: ws.banner.isVisible() or not ws.live.snapshot.entries)
    shot("clearance")
    ws.tabs.setCurrentWidget(ws.lanes)
    shot("lanes")
    ws.tabs.setCurrentWidget(ws.forecasts)
    wait_until(lambda: ws.forecasts.loaded)
    shot("forecasts")
    ws.tabs.setCurrentWidget(ws.shift)
    wait_until(lambda: ws.shift.loaded)
    shot("shift")

    # The reports screen with the newest closed shift's report made, in the screen's language.
    ws.tabs.setCurrentWidget(ws.reports)
    wait_until(lambda: ws.reports.loaded)
    ws.reports.set_language("zh" if language == ZH else "en")
    ws.reports.generate()
    wait_until(lambda: not ws.reports.panel.busy, timeout=60)
    shot("reports")

    def dialog_shot(name: str, opened: Callable[[], QWidget | None]) -> None:
        wait_until(lambda: opened() is not None and opened().isVisible())  # type: ignore[union-attr]
        dialog = opened()
        assert dialog is not None
        shot(name, dialog)
        dialog.close()

    if ws.shift.view.open is not None:  # a port outside its opening hours has none
        ws.shift.close_out()
        wait_until(lambda: getattr(ws.shift.dialog, "overview", None) is not None)
        dialog_shot("close-out", lambda: ws.shift.dialog)
    else:
        print("no open shift at this port now: no close-out picture", file=sys.stderr)

    ws.tabs.setCurrentWidget(ws.forecasts)
    ws.forecasts.add()
    wait_until(lambda: ws.forecasts.dialog is not None and ws.forecasts.dialog.isVisible())
    forecast_dialog = ws.forecasts.dialog
    assert forecast_dialog is not None
    forecast_dialog.save()  # empty reference: the rule appears under the field
    wait_until(lambda: forecast_dialog.errors._labels["reference"].isVisible())
    dialog_shot("forecast-dialog", lambda: forecast_dialog)

    ws.tabs.setCurrentWidget(ws.lanes)
    priority = next(
        (lane for lane in ws.live.snapshot.lanes if lane.kind.value == "priority"), None
    )
    window.assign_to_lane(priority if priority is not None and priority.is_open else None)
    dialog_shot("assign-dialog", lambda: window.dialog)

    window.emergency()
    dialog_shot("emergency", lambda: window.dialog)

    # The sync panel: the link to HQ and the conflicts, this desk's lost note selected
    # (the entries set aside, on their own tab, come last).
    ws.tabs.setCurrentWidget(ws.sync)
    wait_until(lambda: ws.sync.loaded and ws.sync.model.rowCount() >= 3)
    wait_until(lambda: ws.sync.held_model.rowCount() > 0)
    ws.sync.lists.setCurrentIndex(0)
    lost_here = next(r for r in ws.sync.model.rows if r.conflict.fields == ["notes"])
    ws.sync.select(lost_here.conflict.id)
    shot("sync")

    # HQ's forecast in the dialog: its schedule read-only, with the note saying why.
    ws.tabs.setCurrentWidget(ws.forecasts)
    wait_until(lambda: ws.forecasts.loaded and ws.forecasts.select(hq_forecast))
    ws.forecasts.edit()
    dialog_shot("forecast-hq", lambda: ws.forecasts.dialog)

    # The roster as the admin sees it, and the dialog that adds an officer.
    window.sign_out()
    ui.sign_in(admin, demo.DEMO_PIN)
    ws.tabs.setCurrentWidget(ws.officers)
    wait_until(lambda: ws.officers.loaded)
    ws.officers.select(deputy)
    shot("roster")
    ws.officers.add_button.click()
    dialog_shot("officer-dialog", lambda: ws.officers.dialog)
    window.sign_out()
    ui.sign_in(deputy, demo.DEMO_PIN)

    # The entries set aside, with what to do about the selected one; a deputy captain
    # may discard one (the form for the reason and the PIN opened).
    ws.tabs.setCurrentWidget(ws.sync)
    wait_until(lambda: ws.sync.held_model.rowCount() > 0 and ws.sync.discard_button.isEnabled())
    ws.sync.lists.setCurrentIndex(ws.sync.held_tab)
    ws.sync.discard_button.click()
    shot("sync-held")
    ws.sync.discard_box.hide()
    # Queue operations: the lanes board's offer right after a lane opens, an alert
    # episode acknowledged with the action taken, a group's size on arrival.
    ws.tabs.setCurrentWidget(ws.lanes)
    spare = next(
        (lane for lane in ws.live.snapshot.lanes if lane.code == "P-IN-2" and not lane.is_open),
        None,
    )
    if spare is not None:
        ws.lanes.select_lane(spare.code)
        ws.lanes.move_dialog = None  # the other language's, closed: the offer comes anew
        ws.lanes.set_open(True)
        dialog_shot("move-offer", lambda: ws.lanes.move_dialog)
        wait_until(lambda: bool(ws.live.snapshot.lane(spare.id).is_open))  # type: ignore[union-attr]
        ws.lanes.select_lane(spare.code)
        ws.lanes.set_open(False)  # as it was: the other language's pictures start alike
        wait_until(lambda: not ws.live.snapshot.lane(spare.id).is_open)  # type: ignore[union-attr]
    wait_until(lambda: ws.watch.view is not None and bool(ws.watch.view.episodes))
    assert ws.watch.view is not None
    ws.acknowledge(ws.watch.view.episodes[0])
    dialog_shot("acknowledge", lambda: ws.dialog)
    ws.tabs.setCurrentWidget(ws.forecasts)
    wait_until(lambda: ws.forecasts.loaded)
    expected = next(
        (r for r in ws.forecasts.model.rows if r.forecast.status.value == "expected"), None
    )
    if expected is not None and ws.forecasts.select(expected.forecast.id):
        ws.forecasts.mark_arrived()
        dialog_shot("arrival", lambda: ws.forecasts.dialog)
    # The Plan screen: expected arrivals, predicted against actual waits, the advice.
    ws.tabs.setCurrentWidget(ws.plan)
    ws.plan_watch.request()
    wait_until(lambda: ws.plan.plan is not None and not ws.plan_watch.busy)
    shot("plan")
    # The 12367 screen: a complaint taken now, a consultation carried over and overdue.
    ws.tabs.setCurrentWidget(ws.service_line)
    wait_until(lambda: ws.service_line.loaded and ws.service_line.model.rowCount() >= 2)
    shot("service-line")
    ws.tabs.setCurrentWidget(ws.clearance)
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--port", default="ALS")
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    for path in render(args.outdir, port=args.port, days=args.days, seed=args.seed):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
