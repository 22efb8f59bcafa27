"""Nothing a user waits on reads the whole history: query plans, not timings.

Every statement each screen load, keystroke and chore sends to SQLite is
caught and explained (``EXPLAIN QUERY PLAN``); none may scan a table that
grows with the post's history.  Without statistics (a post never runs
ANALYZE) SQLite plans the same for ten rows as for ten million, so a small
post shows the plan a year-old post gets (bench/bench_year.py measures that
year).  Each index migration 0013 added is named by the test that needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from db.enums import (
    CargoCategory,
    Direction,
    ForecastSource,
    Mode,
    Outcome,
    PreInspection,
    SubjectKind,
    TravellerCategory,
)
from desktop_app import alerts, clearance, forecasts, lanes, officers, reports, shifts, stats
from desktop_app.desk import Desk
from desktop_app.forecasts import local_day_bounds
from desktop_app.reports.snapshot import load_day, load_shift
from desktop_app.sync import read_state
from tests.conftest import PIN, Post
from tests.helpers import raw_db

# Tables that grow with every day at the post.
HISTORY = {
    "clearance_events",
    "outbox",
    "audit_entries",
    "lane_state_changes",
    "queue_alerts",
    "forecasts",
    "shifts",
    "shift_checklist_items",
    "shift_signoffs",
    "priority_approvals",
    "lane_assignments",
    "emergency_passages",
    "checklist_overrides",
}
# Partial indexes that hold only a bounded few rows: walking one whole is fine.
BOUNDED = {"ix_outbox_unacked", "ix_clearance_events_moves"}
SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?(?: USING (?:COVERING )?INDEX (\w+))?")


@contextmanager
def statements(desk: Desk) -> Iterator[list[tuple[str, Any]]]:
    caught: list[tuple[str, Any]] = []

    def catch(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            caught.append((statement, parameters))

    event.listen(desk.engine, "before_cursor_execute", catch)
    try:
        yield caught
    finally:
        event.remove(desk.engine, "before_cursor_execute", catch)


def history_scans(desk: Desk, run: Callable[[], Any]) -> list[str]:
    """The plan lines of ``run``'s statements that walk a history table whole."""
    with statements(desk) as caught:
        run()
    assert caught, "caught no statement: the test would prove nothing"
    assert desk.data_dir is not None
    explain = raw_db.connect(desk.data_dir / "desk.sqlite3")
    found = []
    try:
        for statement, parameters in caught:
            for row in explain.execute(f"EXPLAIN QUERY PLAN {statement}", parameters):
                match = SCAN.match(row[3])
                if match and match[1] in HISTORY and match[2] not in BOUNDED:
                    found.append(f"{row[3]}  <-  {' '.join(statement.split())[:160]}")
    finally:
        explain.close()
    return found


def traffic(post: Post) -> None:
    """A little of everything the history tables hold: forecasts, clearances, a move."""
    desk, by = post.desk, post.officer.id
    forecast = forecasts.add(
        desk,
        by=by,
        mode=Mode.ROAD,
        reference="新A·12345",
        direction=Direction.ENTRY,
        expected_at=post.clock.at + timedelta(minutes=30),
        expected_travellers=20,
        expected_vehicles=1,
        cargo=CargoCategory.NONE,
        source=ForecastSource.OVERSEAS,
    )
    forecasts.set_preinspection(desk, forecast_id=forecast.id, status=PreInspection.CLEARED, by=by)
    for n in range(3):
        joined = clearance.join_queue(
            desk,
            lane_id=post.lane.id,
            reference=f"T{n}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=by,
            forecast_id=forecast.id,
        )
        if n < 2:
            clearance.start_service(desk, clearance_id=joined.clearance_id, by=by)
            clearance.finish(desk, clearance_id=joined.clearance_id, outcome=Outcome.CLEARED, by=by)
    post.clock.advance(minutes=5)


@pytest.fixture
def busy(post: Post) -> Post:
    traffic(post)
    return post


def screens(desk: Desk) -> dict[str, Callable[[], Any]]:
    from ui.live import load_snapshot
    from ui.models.conflict_model import load_conflicts
    from ui.models.forecast_model import load_board
    from ui.models.held_model import load_held
    from ui.models.shift_list_model import load_shift_list
    from ui.shift_summary import shift_overview
    from ui.widgets.reports import DAYS_SHOWN
    from ui.widgets.shift import load_shift_view

    def closeout() -> Any:
        shift = shifts.current_shift(desk)
        assert shift is not None
        return shift_overview(desk, shift.id)

    return {
        "live snapshot": lambda: load_snapshot(desk),
        "alert view": lambda: alerts.alert_view(desk),
        "sync state": lambda: read_state(desk),
        "shift screen": lambda: load_shift_view(desk),
        "forecast board": lambda: load_board(desk),
        "reports list": lambda: load_shift_list(desk, DAYS_SHOWN),
        "roster": lambda: officers.roster(desk, include_inactive=True),
        "conflicts": lambda: load_conflicts(desk),
        "held": lambda: load_held(desk),
        "close-out summary": closeout,
    }


@pytest.mark.parametrize(
    "screen",
    [
        "live snapshot",
        "alert view",
        "sync state",
        "shift screen",
        "forecast board",
        "reports list",
        "roster",
        "conflicts",
        "held",
        "close-out summary",  # needs ix_clearance_events_forecast, _entity_id, outbox's
    ],
)
def test_no_screen_load_reads_the_history(busy: Post, screen: str) -> None:
    assert history_scans(busy.desk, screens(busy.desk)[screen]) == []


def test_no_clearance_keystroke_reads_the_history(busy: Post) -> None:
    desk, by = busy.desk, busy.officer.id

    def steps() -> None:
        joined = clearance.join_queue(
            desk,
            lane_id=busy.lane.id,
            reference="K1",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.FOREIGN_NATIONAL,
            by=by,
        )
        clearance.start_service(desk, clearance_id=joined.clearance_id, by=by)
        clearance.finish(desk, clearance_id=joined.clearance_id, outcome=Outcome.CLEARED, by=by)

    assert history_scans(desk, steps) == []


def test_opening_and_closing_a_lane_reads_no_history(busy: Post) -> None:
    desk, lane = busy.desk, busy.lane_by_code("P-OUT-1")

    def open_close() -> None:
        lanes.set_open(desk, lane_id=lane.id, open_=True, by=busy.officer.id)
        lanes.set_open(desk, lane_id=lane.id, open_=False, by=busy.officer.id)

    assert history_scans(desk, open_close) == []


def test_the_close_out_reads_no_history(busy: Post) -> None:
    """The close stores the shift report's data as of the close: the forecast and sync parts."""

    def close() -> None:
        shifts.close_shift(
            busy.desk, shift_id=busy.shift.id, by=busy.deputy.id, pin=PIN, handover_notes=""
        )

    assert history_scans(busy.desk, close) == []


def test_a_days_report_and_stats_read_no_history(busy: Post) -> None:
    desk = busy.desk
    today = desk.now().astimezone(desk.port_zone).date()
    start, end = local_day_bounds(desk, today)

    def day() -> None:
        load_day(desk, today, as_of=desk.now())
        load_shift(desk, busy.shift.id, as_of=desk.now())
        stats.wait_stats(desk, start, end, as_of=desk.now())

    assert history_scans(desk, day) == []
    assert reports  # (the PDF's data is this snapshot: tests/test_reports_* draw it)
