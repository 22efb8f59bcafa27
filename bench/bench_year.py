"""A year of history against a fresh post: every screen, keystroke and chore, side by side.

The year post comes from ``bench/gen_year.py`` (a year at a busy port, >= 3M
clearance events).  The fresh post is made here, in the same run: a new
database with one live day of the same traffic written through the services,
so both desks open on the same kind of live queue; only the history differs.
Each figure is measured on both and printed side by side with the ratio.

What is measured (the worker-side loads behind each screen; the widgets only
lay out what those return):

* screen loads: the live snapshot (header, clearance screen, lanes board),
  the alert view (header, queue watch), the sync state (header), the shift
  screen, the forecast board, the reports list, the roster, the sync page;
* the header's refresh after a commit (snapshot + alert view + sync state);
* keystrokes: joined / service started / finished, lane open and close;
* close-out (the summary it shows, then the close itself), stats for a day
  and a month, the daily report PDF, start-up to sign-in (a fresh process,
  as ``bench_ui.py``), backup and ``check``;
* bytes per clearance event, and where they go (``dbstat``).

Targets (issue #16): keystroke paths <= 2x fresh; every screen load <= 50 ms
median; daily report <= 3 s; start-up to sign-in <= 1.5 s; <= 300 bytes per
clearance event.

    python bench/gen_year.py --dir /tmp/year
    QT_QPA_PLATFORM=offscreen python bench/bench_year.py --year /tmp/year [--repeat 15]

The year directory is copied before use: the keystrokes and the close-out
change it.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_ui import APP, run_child  # type: ignore[import-not-found]  # noqa: E402

from db.backup import integrity, online_backup  # noqa: E402
from db.enums import (  # noqa: E402
    Outcome,
    Role,
    SubjectKind,
    TravellerCategory,
)
from db.models import Lane, Officer  # noqa: E402
from desktop_app import alerts, clearance, lanes, officers, shifts, stats  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.demo import DEMO_PIN  # noqa: E402
from desktop_app.demo_year import DEFAULT_PORT, DEFAULT_SCALE, ScaledGenerator  # noqa: E402
from desktop_app.desk import Desk  # noqa: E402
from desktop_app.forecasts import local_day_bounds  # noqa: E402


@dataclass
class Figure:
    name: str
    kind: str  # "screen", "key", "chore"
    year: list[float] = field(default_factory=list)
    fresh: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.year) / max(statistics.median(self.fresh), 1e-9)


def timed(run: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        out.append(time.perf_counter() - t)
    return out


class Post:
    """One post under test: its desk and the people and lanes the measurements use."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.desk = Desk.open(directory)
        roster = officers.roster(self.desk)
        self.officer: Officer = next(o for o in roster if o.role == Role.OFFICER)
        self.deputy: Officer = next(o for o in roster if o.role == Role.DEPUTY_CAPTAIN)
        board = {lane.code: lane for lane in lanes.lanes(self.desk)}
        # An open person lane for the keystrokes, a closed one to open and close.
        open_lanes = [
            lane for lane in board.values() if lane.is_open and lane.code.startswith("P-")
        ]
        self.lane: Lane = open_lanes[0] if open_lanes else board["P-IN-1"]
        if not self.lane.is_open:
            lanes.set_open(self.desk, lane_id=self.lane.id, open_=True, by=self.officer.id)
        closed = [
            lane
            for lane in board.values()
            if not lane.is_open and lane.id != self.lane.id and not lane.code.startswith("R-")
        ]
        self.spare: Lane = closed[0]
        self.tickets = 0

    def screens(self) -> dict[str, Callable[[], Any]]:
        from desktop_app.sync import read_state
        from ui.live import load_snapshot
        from ui.models.conflict_model import load_conflicts
        from ui.models.forecast_model import load_board
        from ui.models.held_model import load_held
        from ui.models.shift_list_model import load_shift_list
        from ui.widgets.reports import DAYS_SHOWN
        from ui.widgets.shift import load_shift_view

        desk = self.desk
        return {
            "live snapshot (header, clearance, lanes)": lambda: load_snapshot(desk),
            "alert view (header, queue watch)": lambda: alerts.alert_view(desk),
            "sync state (header)": lambda: read_state(desk),
            "shift screen": lambda: load_shift_view(desk),
            "forecast board": lambda: load_board(desk),
            "reports list": lambda: load_shift_list(desk, DAYS_SHOWN),
            "roster": lambda: officers.roster(desk, include_inactive=True),
            "sync page (conflicts, held)": lambda: (load_conflicts(desk), load_held(desk)),
            "header refresh (snapshot+alerts+sync)": lambda: (
                load_snapshot(desk),
                alerts.alert_view(desk),
                read_state(desk),
            ),
        }

    def clearance_steps(self, n: int) -> dict[str, list[float]]:
        steps: dict[str, list[float]] = {"joined": [], "service started": [], "finished": []}
        clock = time.perf_counter
        for _ in range(n):
            self.tickets += 1
            t = clock()
            event = clearance.join_queue(
                self.desk,
                lane_id=self.lane.id,
                reference=f"BENCH{self.tickets:06d}",
                subject_kind=SubjectKind.PERSON,
                traveller_category=TravellerCategory.CHINESE_CITIZEN,
                by=self.officer.id,
            )
            steps["joined"].append(clock() - t)
            t = clock()
            clearance.start_service(self.desk, clearance_id=event.clearance_id, by=self.officer.id)
            steps["service started"].append(clock() - t)
            t = clock()
            clearance.finish(
                self.desk,
                clearance_id=event.clearance_id,
                outcome=Outcome.CLEARED,
                by=self.officer.id,
            )
            steps["finished"].append(clock() - t)
        return steps

    def lane_open_close(self, n: int) -> tuple[list[float], list[float]]:
        opened: list[float] = []
        closed: list[float] = []
        for _ in range(n):
            for flag, out in ((True, opened), (False, closed)):
                t = time.perf_counter()
                lanes.set_open(self.desk, lane_id=self.spare.id, open_=flag, by=self.officer.id)
                out.append(time.perf_counter() - t)
        return opened, closed

    def stats_days(self, days: int) -> Callable[[], Any]:
        desk = self.desk
        today = desk.now().astimezone(desk.port_zone).date()
        first = today - timedelta(days=days)
        start, _ = local_day_bounds(desk, first)
        _, end = local_day_bounds(desk, today - timedelta(days=1))
        return lambda: stats.wait_stats(desk, start, end, as_of=desk.now())

    def daily_report(self, out: Path) -> Callable[[], Any]:
        from desktop_app import reports

        desk = self.desk
        yesterday = desk.now().astimezone(desk.port_zone).date() - timedelta(days=1)
        return lambda: reports.build_daily_report(desk, yesterday, out, "zh")

    def close_out(self) -> tuple[float, float]:
        from ui.shift_summary import shift_overview

        shift = shifts.current_shift(self.desk)
        assert shift is not None, "the post has no open shift to close"
        # Anyone still queued would block nothing, but keep the live queue as it is.
        t = time.perf_counter()
        shift_overview(self.desk, shift.id)
        summary = time.perf_counter() - t
        t = time.perf_counter()
        shifts.close_shift(
            self.desk, shift_id=shift.id, by=self.deputy.id, pin=DEMO_PIN, handover_notes="bench"
        )
        return summary, time.perf_counter() - t

    def check(self) -> None:
        conn = sqlite3.connect(f"file:{self.dir / 'desk.sqlite3'}?mode=ro", uri=True)
        try:
            assert integrity(conn) == ["ok"]
            assert not conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()

    def backup(self, target: Path) -> None:
        online_backup(self.dir / "desk.sqlite3", target)
        target.unlink()

    def close(self) -> None:
        self.desk.close()


def fresh_post(directory: Path, scale: int, seed: int) -> None:
    """A new post with yesterday and a live today of the same traffic, through the services.

    (Yesterday: the day the stats and the daily report read, on both posts.)
    """
    desk = initialize(directory, DEFAULT_PORT)
    try:
        ScaledGenerator(desk, seed=seed, end=desk.now(), scale=scale).run(2)
    finally:
        desk.close()


def where_bytes(path: Path) -> list[tuple[str, int, int]]:
    """(table or index, bytes, rows) from SQLite's dbstat, largest first."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        out = []
        for name, size in found:
            rows = (
                conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                if name in tables
                else 0
            )
            out.append((name, int(size), rows))
        return out
    finally:
        conn.close()


def startup_ready(directory: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds to the sign-in page taking input, and to every screen behind it built."""
    run_child(APP, str(directory))  # warm the disk cache
    marks = [run_child(APP, str(directory)) for _ in range(runs)]
    return [m["ready"] for m in marks], [m["workspace"] for m in marks]


def print_figures(figures: list[Figure]) -> bool:
    ok = True
    print(f"{'':44} {'fresh':>10} {'year':>10} {'year/fresh':>10}  target")
    for f in figures:
        fresh, year = statistics.median(f.fresh) * 1e3, statistics.median(f.year) * 1e3
        if f.kind == "screen":
            good = year <= 50
            target = "<= 50 ms"
        elif f.kind == "key":
            good = f.ratio <= 2
            target = "<= 2x fresh"
        elif f.kind == "report":
            good = year <= 3000
            target = "<= 3 s"
        elif f.kind == "startup":
            good = year <= 1500
            target = "<= 1.5 s"
        else:
            good, target = True, ""
        ok &= good
        mark = ("ok" if good else "MISS") if target else ""
        print(f"{f.name:<44} {fresh:8.2f}ms {year:8.2f}ms {f.ratio:9.2f}x  {target} {mark}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=Path, required=True, help="from bench/gen_year.py")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keys", type=int, default=200, help="travellers through the desk")
    parser.add_argument("--scale", type=int, default=DEFAULT_SCALE)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="where the working copies go (default: tmp)")
    args = parser.parse_args(argv)

    year_db = args.year / "desk.sqlite3"
    events = sqlite3.connect(year_db).execute("SELECT count(*) FROM clearance_events").fetchone()
    size = year_db.stat().st_size
    print(f"year post {args.year}: {events[0]:,} clearance events, {size / 1e6:,.0f} MB")
    print(f"  {size / events[0]:.0f} bytes per clearance event (target <= 300)")
    print("  where the bytes go (dbstat, largest first):")
    for name, nbytes, rows in where_bytes(year_db)[:14]:
        per = f"{nbytes / rows:6.0f} B/row" if rows else ""
        print(f"    {name:<44} {nbytes / 1e6:8.1f} MB  {per}")

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        shutil.copytree(args.year, work / "year", ignore=shutil.ignore_patterns("*.lock"))
        print(f"  (working copy made in {time.perf_counter() - t:.1f} s)")
        fresh_post(work / "fresh", args.scale, seed=8)

        sides = {"year": work / "year", "fresh": work / "fresh"}
        startup = {side: startup_ready(path, args.startup_runs) for side, path in sides.items()}
        figures.append(
            Figure(
                "start-up to sign-in (fresh process)",
                "startup",
                startup["year"][0],
                startup["fresh"][0],
            )
        )
        figures.append(  # the screens behind the sign-in, built while the badge is typed
            Figure("start-up to every screen built", "", startup["year"][1], startup["fresh"][1])
        )
        posts = {side: Post(path) for side, path in sides.items()}
        try:
            by_name: dict[str, Figure] = {}

            def add(name: str, kind: str, side: str, values: list[float]) -> None:
                fig = by_name.get(name)
                if fig is None:
                    fig = by_name[name] = Figure(name, kind)
                    figures.append(fig)
                getattr(fig, side).extend(values)

            for side, post in posts.items():
                for name, load in post.screens().items():
                    load()  # the first load warms the page cache, as the app's start does
                    add(name, "screen", side, timed(load, args.repeat))
            for side, post in posts.items():
                for name, values in post.clearance_steps(args.keys).items():
                    add(f"keystroke: {name}", "key", side, values)
                opened, closed = post.lane_open_close(args.repeat)
                add("lane open", "key", side, opened)
                add("lane close", "key", side, closed)
            for side, post in posts.items():
                add("stats, a day", "chore", side, timed(post.stats_days(1), args.repeat))
                add("stats, a month", "chore", side, timed(post.stats_days(30), 3))
                out = work / f"daily-{side}.pdf"
                add("daily report (PDF)", "report", side, timed(post.daily_report(out), 3))
                backup = functools.partial(post.backup, work / "backup.sqlite3")
                add("backup (online)", "chore", side, timed(backup, 1))
                add("check (integrity, keys)", "chore", side, timed(post.check, 1))
            for side, post in posts.items():
                summary, close = post.close_out()
                add("close-out: summary", "screen", side, [summary])
                add("close-out: close (signed)", "key", side, [close])
        finally:
            for post in posts.values():
                post.close()
    ok = print_figures(figures)
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
