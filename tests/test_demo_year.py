"""The year generator's bulk copies are the services' own rows, only older.

A small year (a two-day template copied back twice, then a live day) is
checked against what the services wrote: every copied row is its template
row with ids, references, times and stamps moved back, the figures of a
copied day are the template day's, the database passes ``check``, and the
desk keeps working on top of it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db.enums import Role, SubjectKind, TravellerCategory
from db.hlc import parse_stamp
from desktop_app import clearance, lanes, officers, stats
from desktop_app.demo_year import UNSENT, generate_year
from desktop_app.desk import Desk
from desktop_app.forecasts import local_day_bounds
from tests.helpers import raw_db

TEMPLATE_DAYS = 2
ZONE = ZoneInfo("Asia/Shanghai")  # Torugart's
COPIES = 2


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, datetime]:
    directory = tmp_path_factory.mktemp("year")
    # Noon at the port (the last one past): the live day has an open shift and lanes.
    real = datetime.now(ZONE)
    noon = real.replace(hour=12, minute=0, second=0, microsecond=0)
    now = noon if noon <= real else noon - timedelta(days=1)
    summary = generate_year(
        directory, days=1 + TEMPLATE_DAYS * (COPIES + 1), scale=1, template_days=TEMPLATE_DAYS,
        now=now,
    )  # fmt: skip
    assert summary.copies == COPIES
    return directory, now


def rows(path: Path, sql: str, *args: object) -> list[tuple]:
    with raw_db.connect(path) as db:
        return db.execute(sql, args).fetchall()


def test_the_copies_pass_the_checks(year: tuple[Path, datetime]) -> None:
    path = year[0] / "desk.sqlite3"
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(path, "PRAGMA foreign_key_check") == []


def shift_hex(value: str, days: int) -> str:
    return f"{int(value[:12], 16) - days * 86_400_000:012x}{value[12:]}"


def shift_time(value: str, days: int) -> str:
    at = datetime.fromisoformat(value) - timedelta(days=days)
    return at.isoformat(sep=" ", timespec="microseconds")


def test_each_copied_event_is_its_template_event_moved_back(year: tuple[Path, datetime]) -> None:
    path = year[0] / "desk.sqlite3"
    cols = "id, clearance_id, shift_id, lane_id, step, at, hlc, reference, supersedes_id"
    events = {r[0]: r for r in rows(path, f"SELECT {cols} FROM clearance_events")}
    midnight = year[1].replace(hour=0, minute=0, second=0, microsecond=0)
    first = midnight - timedelta(days=TEMPLATE_DAYS)
    utc = {
        at: at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ") for at in (first, midnight)
    }
    template = [r for r in events.values() if utc[first] <= r[5] < utc[midnight]]
    assert template
    checked = 0
    for event in template:
        for n in range(1, COPIES + 1):
            days = n * TEMPLATE_DAYS
            copy = events.get(shift_hex(event[0], days))
            if copy is None:
                continue  # an event of an older copy, or of the live day
            checked += 1
            assert copy[1] == shift_hex(event[1], days)  # its clearance, moved alike
            assert copy[2] == shift_hex(event[2], days)  # its shift, moved alike
            assert copy[3] == event[3]  # the lane is the same lane
            assert copy[4] == event[4] and copy[7] == event[7]
            assert copy[5] == shift_time(event[5], days)
            millis, counter, node = parse_stamp(copy[6])
            assert (millis + days * 86_400_000, counter, node) == parse_stamp(event[6])
    assert checked > 100


def _figures_only(result: stats.WaitStats) -> stats.WaitStats:
    """The figures, with each breach list as its count: a copy's breaches are other records
    (ids and dates moved), the same number of them with the same waits."""

    def counted(summary: stats.Summary) -> stats.Summary:
        waits = sorted(round(b.wait(b.started_at or b.joined_at)) for b in summary.breaches)
        return replace(summary, breaches=waits)  # type: ignore[arg-type]

    return replace(
        result,
        groups={k: counted(v) for k, v in result.groups.items()},
        own={k: counted(v) for k, v in result.own.items()},
        pooled=counted(result.pooled),
    )


def test_a_copied_day_has_the_template_days_figures(year: tuple[Path, datetime]) -> None:
    directory, now = year
    desk = Desk.open(directory)
    try:
        today = now.astimezone(desk.port_zone).date()
        for back in range(1, TEMPLATE_DAYS + 1):
            template_day = today - timedelta(days=back)
            figures = []
            for n in range(COPIES + 1):
                day = template_day - timedelta(days=n * TEMPLATE_DAYS)
                start, end = local_day_bounds(desk, day)
                result = stats.wait_stats(desk, start, end, as_of=end + timedelta(hours=6))
                figures.append(_figures_only(replace(result, as_of=now)))
            assert figures[0] == figures[1] == figures[2]
            assert figures[0].groups  # (a day with traffic)
    finally:
        desk.close()


def test_the_outbox_is_in_commit_order_and_acknowledged_but_the_last_hour(
    year: tuple[Path, datetime],
) -> None:
    directory, now = year
    path = directory / "desk.sqlite3"
    entries = rows(path, "SELECT seq, created_at, acked_at, hlc, entity, payload FROM outbox")
    seqs = [e[0] for e in entries]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    # Oldest copy first, then the template, then the live day.  A copy's first
    # forecasts were entered the day before its first day, while the older copy
    # was still running: only they go back, and by less than a day.
    created = [datetime.fromisoformat(e[1]) for e in entries]
    latest = created[0]
    for at in created:
        assert at > latest - timedelta(days=1)
        latest = max(latest, at)
    # The newest entry carries the highest stamp: the desk's clock starts from it.
    assert entries[-1][3] == max(e[3] for e in entries)
    cutoff = (now - UNSENT).astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    assert all((e[2] is None) == (e[1] >= cutoff) for e in entries)
    # Every copied row has its entry, and a mutable record's snapshot moved with it.
    (missing,) = rows(
        path,
        "SELECT count(*) FROM clearance_events e WHERE NOT EXISTS "
        "(SELECT 1 FROM outbox o WHERE o.record_id = e.id)",
    )[0]
    assert missing == 0
    for _seq, _, _, _, entity, payload in entries:
        if entity == "shifts" and payload:
            record = json.loads(payload)
            (stored,) = rows(path, "SELECT planned_start FROM shifts WHERE id = ?",
                             record["id"].replace("-", ""))  # fmt: skip
            assert datetime.fromisoformat(record["planned_start"]).replace(
                tzinfo=None
            ) == datetime.fromisoformat(stored[0])


def test_the_desk_keeps_working_on_the_year(year: tuple[Path, datetime]) -> None:
    directory, _ = year
    desk = Desk.open(directory)
    try:
        officer = next(o for o in officers.roster(desk) if o.role == Role.OFFICER)
        lane = lanes.lane_by_code(desk, "P-IN-1")
        if not lane.is_open:
            lanes.set_open(desk, lane_id=lane.id, open_=True, by=officer.id)
        ((before,),) = rows(directory / "desk.sqlite3", "SELECT max(hlc) FROM outbox")
        event = clearance.join_queue(
            desk,
            lane_id=lane.id,
            reference="AFTER-YEAR",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=officer.id,
        )
        assert event.hlc > before  # the clock went on from the newest stamp
    finally:
        desk.close()
