"""The HQ console at scale: the overview for 300 ports with a year of data, and the station report.

Builds an HQ database (SQLite by default, ``--pg URL`` for PostgreSQL) with
300 ports (the 15 real ones and 285 more), each with a year of clearances
(``--per-day`` a day, three events each, joined within the port's hours),
written straight into the tables as a sync would have left them, and the
per-day figures rolled up once (``rollup.backfill``; timed and printed).  Then:

* **overview**: the console's overview page, rendered through the real app
  in-process, ``--repeat`` times; the server time is its ``Server-Timing``.
  Beside it, from the same run: a page that reads nothing (the sign-in
  form), and the overview computed the naive way, today's events of every
  port through ``desktop_app.stats``.  Target: ≤ 500 ms.
* **station report**: 16 ports each get a busy day (``--busy`` clearances);
  the station daily report is built (figures from ``desktop_app.stats`` per
  port, then the PDF) in a fresh process.  Beside it: one port's own daily
  report (the desk's PDF) of the same day.  Target: ≤ 15 s.

    python bench/bench_console.py [--dir DIR] [--pg URL] [--per-day 20] [--busy 3000] [--reuse]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import Engine, func, insert, select  # noqa: E402

from db.enums import PortStatus  # noqa: E402
from db.models import ClearanceEvent, Lane, Officer, Port, PortCalendar, Shift  # noqa: E402
from desktop_app.reference import NAMESPACE, SEED_STAMP, SEED_TIME  # noqa: E402
from hq.migrate import upgrade  # noqa: E402
from hq.store import hq_engine  # noqa: E402

PORTS = 300
STATION = 16
ZONE_OFFSET = timedelta(hours=8)  # every port here keeps Beijing time
TARGETS = {"overview": 0.5, "station": 15.0}
NOW = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # 14:00 in Beijing: the busy day is under way


def synthetic_ports(engine: Engine) -> None:
    """Ports P016…P300 with a lane, a calendar, an officer and a shift each (the real 15 exist)."""
    with engine.begin() as conn:
        have = conn.execute(select(func.count()).select_from(Port)).scalar_one()
        stamps = {
            "origin_device": "reference",
            "version": 1,
            "hlc": SEED_STAMP,
            "updated_at": SEED_TIME,
            "deleted": False,
        }
        for n in range(have + 1, PORTS + 1):
            code = f"P{n:03d}"
            port_id = uuid.uuid5(NAMESPACE, f"port:{code}")
            conn.execute(
                insert(Port),
                {
                    "id": port_id,
                    "code": code,
                    "name_en": f"Port {n}",
                    "name_zh": f"口岸{n}",
                    "station_zh": "",
                    "modes": "road",
                    "neighbour": "",
                    "time_zone": "Asia/Shanghai",
                    "plateau": False,
                    "opens_at": None,
                    "closes_at": None,
                    "notes": "",
                    **stamps,
                },
            )
            conn.execute(
                insert(PortCalendar),
                {
                    "id": uuid.uuid5(NAMESPACE, f"port_calendar:{code}"),
                    "port_id": port_id,
                    "status": PortStatus.OPEN,
                    "note": "",
                    **stamps,
                },
            )
            conn.execute(
                insert(Lane),
                {
                    "id": uuid.uuid5(NAMESPACE, f"lane:{code}:P-IN-1"),
                    "port_id": port_id,
                    "code": "P-IN-1",
                    "name_en": "Entry 1",
                    "name_zh": "入境1",
                    "kind": "regular",
                    "direction": "entry",
                    "subjects": "persons",
                    "is_open": True,
                    "position": 0,
                    "capacity_per_hour": 100,
                    **stamps,
                },
            )


def staff(engine: Engine) -> dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID, uuid.UUID]]:
    """Per port: (an entry lane, an officer, a shift spanning the year), made where missing."""
    out = {}
    with engine.begin() as conn:
        ports = conn.execute(select(Port.id, Port.code).order_by(Port.code)).all()
        for port_id, code in ports:
            lane = conn.execute(
                select(Lane.id).where(Lane.port_id == port_id).order_by(Lane.position).limit(1)
            ).scalar_one()
            officer = uuid.uuid5(NAMESPACE, f"bench-officer:{code}")
            shift = uuid.uuid5(NAMESPACE, f"bench-shift:{code}")
            stamps = {
                "origin_device": "bench",
                "version": 1,
                "hlc": f"1700000000000-000000-bench-{code}",
                "updated_at": NOW,
                "deleted": False,
            }
            conn.execute(
                insert(Officer),
                {
                    "id": officer,
                    "port_id": port_id,
                    "badge_no": "1001",
                    "name": "Bench",
                    "role": "officer",
                    "pin_hash": "x",
                    "active": True,
                    **stamps,
                },
            )
            conn.execute(
                insert(Shift),
                {
                    "id": shift,
                    "port_id": port_id,
                    "team_id": _team(conn, port_id, code),
                    "planned_start": NOW - timedelta(days=366),
                    "planned_end": NOW + timedelta(days=1),
                    "actual_start": NOW - timedelta(days=366),
                    "actual_end": None,
                    "opened_by": officer,
                    "closed_by": None,
                    "state": "open",
                    "handover_notes": "",
                    **stamps,
                },
            )
            out[port_id] = (lane, officer, shift)
    return out


def _team(conn: Any, port_id: uuid.UUID, code: str) -> uuid.UUID:
    from db.models import DutyTeam

    found = conn.execute(select(DutyTeam.id).where(DutyTeam.port_id == port_id)).first()
    if found:
        return found[0]
    team = uuid.uuid5(NAMESPACE, f"team:{code}:bench")
    conn.execute(
        insert(DutyTeam),
        {
            "id": team,
            "port_id": port_id,
            "name_zh": "执勤一队",
            "name_en": "Team 1",
            "origin_device": "reference",
            "version": 1,
            "hlc": SEED_STAMP,
            "updated_at": SEED_TIME,
            "deleted": False,
        },
    )
    return team


CATEGORIES = ("chinese_citizen", "chinese_citizen", "foreign_national", "hk_macao_taiwan")


def events_for(
    rng: random.Random,
    port: uuid.UUID,
    lane: uuid.UUID,
    officer: uuid.UUID,
    shift: uuid.UUID,
    day: date,
    count: int,
    until: datetime,
) -> list[tuple[Any, ...]]:
    """Three events (joined, started, finished) for ``count`` travellers who joined on ``day``."""
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - ZONE_OFFSET + timedelta(hours=9)
    rows = []
    for _ in range(count):
        joined = start + timedelta(seconds=rng.uniform(0, 12 * 3600))
        if joined >= until:
            continue
        wait = rng.expovariate(1 / 420) + (1800 if rng.random() < 0.01 else 0)
        started = joined + timedelta(seconds=wait)
        finished = started + timedelta(seconds=rng.uniform(15, 120))
        clearance = uuid.uuid4()
        category = rng.choice(CATEGORIES)
        for step, at, outcome in (
            ("joined", joined, None),
            ("started", started, None),
            ("finished", finished, "cleared"),
        ):
            if at >= until:
                break
            event = clearance if step == "joined" else uuid.uuid4()
            rows.append(
                (event, port, shift, lane, clearance, step, at, outcome, officer)
                + (
                    ("entry", "person", category, f"R{rng.randrange(10**7):07d}")
                    if step == "joined"
                    else (None,) * 4
                )
            )
    return rows


COLUMNS = [
    "id",
    "port_id",
    "shift_id",
    "lane_id",
    "clearance_id",
    "step",
    "at",
    "outcome",
    "officer_id",
    "direction",
    "subject_kind",
    "traveller_category",
    "reference",
]
STAMP = "1700000000000-000000-bench"


def write_events(engine: Engine, url: str, batch: list[tuple[Any, ...]]) -> None:
    """Insert events as a sync would have stored them (the facts' own columns and stamps)."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        conn = sqlite3.connect(path)
        try:
            names = ", ".join(COLUMNS)
            marks = ", ".join("?" * len(COLUMNS))
            conn.executemany(
                f"INSERT INTO clearance_events ({names}, forecast_id, supersedes_id, reason, "
                "origin_device, version, hlc, updated_at, deleted) "
                f"VALUES ({marks}, NULL, NULL, '', 'bench', 1, '{STAMP}', ?, 0)",
                [
                    (
                        r[0].hex, r[1].hex, r[2].hex, r[3].hex, r[4].hex, r[5],
                        r[6].strftime("%Y-%m-%d %H:%M:%S.%f"), r[7], r[8].hex, *r[9:],
                        r[6].strftime("%Y-%m-%d %H:%M:%S.%f"),
                    )
                    for r in batch
                ],
            )  # fmt: skip
            conn.commit()
        finally:
            conn.close()
        return
    from hq.store import insert_rows

    with engine.begin() as pg:
        insert_rows(
            pg,
            ClearanceEvent.__table__,  # type: ignore[arg-type]
            [
                {
                    **dict(zip(COLUMNS, r, strict=True)),
                    "forecast_id": None,
                    "supersedes_id": None,
                    "reason": "",
                    "origin_device": "bench",
                    "version": 1,
                    "hlc": STAMP,
                    "updated_at": r[6],
                    "deleted": False,
                }
                for r in batch
            ],
        )


def build(url: str, per_day: int, busy: int, seed: int) -> tuple[Engine, list[str]]:
    engine = hq_engine(url)
    upgrade(engine)
    synthetic_ports(engine)
    who = staff(engine)
    rng = random.Random(seed)
    today = (NOW + ZONE_OFFSET).date()
    with engine.connect() as conn:
        codes = dict(conn.execute(select(Port.id, Port.code)).all())
    station = sorted(codes.values())[:STATION]  # the 15 real ports and P016
    started = time.perf_counter()
    total = 0
    for port_id, (lane, officer, shift) in who.items():
        batch: list[tuple[Any, ...]] = []
        for back in range(365, -1, -1):
            day = today - timedelta(days=back)
            count = busy if (day == today and codes[port_id] in station) else per_day
            batch += events_for(rng, port_id, lane, officer, shift, day, count, NOW)
        write_events(engine, url, batch)
        total += len(batch)
    print(
        f"data: {len(who)} ports, {total:,} clearance events over 366 days "
        f"(written in {time.perf_counter() - started:.0f} s)"
    )
    return engine, station


def roll_up(engine: Engine) -> None:
    from hq.console import rollup

    today = (NOW + ZONE_OFFSET).date()
    with engine.connect() as conn:
        ports = conn.execute(select(Port.id)).scalars().all()
    started = time.perf_counter()
    rows = sum(
        rollup.backfill(engine, p, today - timedelta(days=365), today, lambda: NOW) for p in ports
    )
    print(f"roll-up: {rows:,} port-days computed once in {time.perf_counter() - started:.0f} s")


def measure_overview(engine: Engine, repeat: int) -> None:
    from helpers.console import add_users, console  # type: ignore[import-not-found]

    from desktop_app import stats
    from desktop_app.forecasts import local_day_bounds
    from hq.console import accounts
    from hq.console.portview import PortView
    from hq.store import HQClock

    if not accounts.users(engine):
        add_users(engine)
    clock = HQClock(engine, wall=lambda: NOW)
    with ExitStack() as stack:
        browser = stack.enter_context(console(engine, clock))
        browser.sign_in("analyst")

        def server_ms(path: str) -> float:
            answer = browser.get(path)
            assert answer.status_code == 200, (path, answer.status_code)
            return float(answer.headers["server-timing"].split("dur=")[1])

        server_ms("/console/")  # warm: templates compiled, connections open
        overview = [server_ms("/console/") for _ in range(repeat)]
        sign_in = [server_ms("/console/login") for _ in range(repeat)]
    with engine.connect() as conn:
        codes = conn.execute(select(Port.code)).scalars().all()
    naive = []
    for _ in range(max(1, repeat // 10)):
        started = time.perf_counter()
        for code in codes:
            view = PortView(engine, code, now=lambda: NOW)
            start, end = local_day_bounds(view, view.local_time(NOW).date())
            stats.summaries(stats.period_clearances(view, start, end, NOW), NOW, {})
        naive.append((time.perf_counter() - started) * 1000)
    target = TARGETS["overview"] * 1000
    median = statistics.median(overview)
    p95 = (
        statistics.quantiles(overview, n=20, method="inclusive")[18]
        if len(overview) > 1
        else median
    )
    print(
        f"overview, {len(codes)} ports:   median {median:7.1f} ms  p95 {p95:7.1f} ms server time "
        f"(target ≤ {target:.0f} ms)  {'ok' if p95 <= target else 'MISSED'}"
    )
    print(
        f"  baseline, sign-in page (reads nothing):   median {statistics.median(sign_in):7.1f} ms"
    )
    print(
        f"  baseline, today's events of every port through desktop_app.stats (no roll-up): "
        f"median {statistics.median(naive):7.1f} ms"
    )


def measure_station(url: str, station: list[str]) -> None:
    """The station report in a fresh process (its own figures), with one port's report beside it."""
    out = subprocess.run(
        [sys.executable, __file__, "--child-station", url, *station],
        check=True,
        capture_output=True,
        text=True,
    )
    ports, joined, built, total, pages, single, single_pages = out.stdout.split()
    target = TARGETS["station"]
    verdict = "ok" if float(total) <= target else "MISSED"
    print(
        f"station daily report, {ports} ports, {int(joined):,} clearances that day: "
        f"{float(total):5.2f} s (figures {float(built):.2f} s, {pages} page) "
        f"(target ≤ {target:.0f} s)  {verdict}"
    )
    print(
        f"  baseline, ALS's own daily report (the desk's PDF, {single_pages} pages): "
        f"{float(single):5.2f} s"
    )


def station_child(url: str, station: list[str]) -> None:
    from desktop_app import reports
    from hq.console import station_report
    from hq.console.portview import PortView

    engine = hq_engine(url)
    day = (NOW + ZONE_OFFSET).date()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        report = station_report.build(engine, "daily", day, NOW, ports=station)
        built = time.perf_counter() - started
        pages = station_report.write_pdf(report, Path(folder) / "station.pdf", "zh")
        total = time.perf_counter() - started
        started = time.perf_counter()
        view = PortView(engine, "ALS", now=lambda: NOW)
        one = reports.build_daily_report(view, day, Path(folder) / "als.pdf", "zh")
        single = time.perf_counter() - started
    joined = sum(line.subjects for line in report.lines)
    print(
        len(report.lines), joined, f"{built:.2f}", f"{total:.2f}", pages, f"{single:.2f}", one.pages
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", help="keep the database here (default: a temporary folder)")
    parser.add_argument("--pg", help="a PostgreSQL database URL to fill instead of SQLite")
    parser.add_argument("--per-day", type=int, default=20, help="clearances per port and day")
    parser.add_argument("--busy", type=int, default=3000, help="clearances on the report day")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="measure an earlier run's database")
    parser.add_argument("--child-station", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_station:
        station_child(args.child_station[0], args.child_station[1:])
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.dir or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        url = args.pg or f"sqlite:///{folder / 'hq-bench.sqlite3'}"
        if args.reuse:  # measure again over a database an earlier run built (--dir or --pg)
            engine = hq_engine(url)
            with engine.connect() as conn:
                station = sorted(conn.execute(select(Port.code)).scalars())[:STATION]
        else:
            engine, station = build(url, args.per_day, args.busy, args.seed)
            roll_up(engine)
        measure_overview(engine, args.repeat)
        measure_station(url, station)
        engine.dispose()


if __name__ == "__main__":
    main()
