"""How long the shift and daily PDF reports take on a busy day, and how much memory.

Builds an Alashankou post (24x7) whose local day has three 8-hour shifts:
the first with ~5,000 clearance events, the whole day ~50,000 (join, start,
finish for ~16,700 travellers, vehicles and trains), written through the real
services with explicit times inside one unit (one transaction).  Then, each
in a fresh process so that the figures are the report's own, it builds the
first shift's report and the day's report and prints the seconds and the
process's peak resident memory (``resource.getrusage``), and in a second
run the peak of Python allocations (``tracemalloc``).

Targets (issue #5): shift ≤ 3 s, day ≤ 15 s, peak memory ≤ 300 MB.

    python bench/bench_reports.py [--dir DIR] [--seed 5]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's packages, also in the measuring child

from sqlalchemy import func, select  # noqa: E402

from db.enums import Direction, Outcome, Role, SubjectKind, TravellerCategory  # noqa: E402
from db.models import ClearanceEvent, DutyTeam, ShiftSignoff  # noqa: E402
from desktop_app import clearance, lanes, officers, reports, shifts  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.demo import open_ready_shift  # noqa: E402
from desktop_app.desk import Desk  # noqa: E402

PORT = "ALS"
DAY = date(2026, 11, 25)  # a local day at Alashankou (UTC+8)
SHIFT_CLEARANCES = (1_667, 7_500, 7_500)  # x3 events: ~5,000 in the first, ~50,000 in all
TARGETS = {"shift": 3.0, "daily": 15.0}
MEMORY_TARGET_MB = 300
PIN = "2468"


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def populate(directory: Path, seed: int) -> dict[str, Any]:
    """A busy local day; returns the first shift's id and the event count."""
    rng = random.Random(seed)
    zone_start = datetime(DAY.year, DAY.month, DAY.day, tzinfo=UTC) - timedelta(hours=8)
    clock = Clock(zone_start - timedelta(hours=2))
    desk = initialize(directory, PORT, clock=clock)
    admin = officers.add_officer(
        desk, badge_no="9001", name="管理员", role=Role.ADMIN, pin=PIN, by=None
    )
    deputy = officers.add_officer(
        desk, badge_no="1001", name="何锐", role=Role.DEPUTY_CAPTAIN, pin=PIN, by=admin.id
    )
    staff = officers.add_officer(
        desk, badge_no="2001", name="陈静", role=Role.OFFICER, pin=PIN, by=admin.id
    )
    with desk.read() as s:
        teams = list(s.scalars(select(DutyTeam).order_by(DutyTeam.name_zh)))
    person_lanes = {
        Direction.ENTRY: [lanes.lane_by_code(desk, c).id for c in ("P-IN-1", "P-IN-2")],
        Direction.EXIT: [lanes.lane_by_code(desk, c).id for c in ("P-OUT-1", "P-OUT-2")],
    }
    crew_lanes = {
        Direction.ENTRY: lanes.lane_by_code(desk, "C-IN").id,
        Direction.EXIT: lanes.lane_by_code(desk, "C-OUT").id,
    }
    vehicle_lanes = {
        Direction.ENTRY: lanes.lane_by_code(desk, "V-IN-1").id,
        Direction.EXIT: lanes.lane_by_code(desk, "V-OUT-1").id,
    }
    train_lanes = {
        Direction.ENTRY: lanes.lane_by_code(desk, "R-IN").id,
        Direction.EXIT: lanes.lane_by_code(desk, "R-OUT").id,
    }
    spare = lanes.lane_by_code(desk, "BR").id

    # Every step of the day as (time, order, action); run in time order.
    steps: list[tuple[datetime, int, int, Any]] = []
    counter = iter(range(10**9))

    def at(when: datetime, order: int, action: Any) -> None:
        steps.append((when, order, next(counter), action))

    shift_ids: list[uuid.UUID] = []
    ids: dict[int, uuid.UUID] = {}

    def shift_start(index: int, start: datetime, end: datetime) -> Any:
        def run() -> None:
            planned = open_ready_shift(
                desk, team_id=teams[index % 4].id, start=start, end=end, by=deputy.id
            )
            shift_ids.append(planned.id)

        return run

    closes: list[float] = []

    def shift_close() -> None:
        # The close-out stores the shift report's data (the sign-off): an officer waits on it.
        began = time.perf_counter()
        shifts.close_shift(
            desk, shift_id=shift_ids[-1], by=deputy.id, pin=PIN, handover_notes="正常 / normal"
        )
        closes.append(time.perf_counter() - began)

    def open_lanes() -> None:
        for lane_id in [
            *person_lanes[Direction.ENTRY],
            *person_lanes[Direction.EXIT],
            *crew_lanes.values(),
            *vehicle_lanes.values(),
            *train_lanes.values(),
        ]:
            lanes.set_open(desk, lane_id=lane_id, open_=True, by=staff.id)

    def toggle(open_: bool) -> Any:
        return lambda: lanes.set_open(desk, lane_id=spare, open_=open_, by=staff.id)

    at(zone_start - timedelta(minutes=1), 0, open_lanes)
    for index, count in enumerate(SHIFT_CLEARANCES):
        start = zone_start + timedelta(hours=8 * index)
        end = start + timedelta(hours=8)
        at(start, 0, shift_start(index, start, end))
        if index < 2:
            at(end, -1, shift_close)
        at(start + timedelta(hours=3), 1, toggle(True))
        at(start + timedelta(hours=4), 1, toggle(False))
        span = 8 * 3600 - 3600  # joins stop an hour before the change of shift
        for n in range(count):
            kind = rng.choices(["person", "crew", "vehicle", "train"], [88, 4, 7, 1])[0]
            direction = rng.choice([Direction.ENTRY, Direction.EXIT])
            joined = start + timedelta(seconds=60 + rng.uniform(0, span - 120))
            wait = rng.lognormvariate(5.9, 0.8)  # median ~6 min; a few over 30
            service = rng.uniform(15, 60) if kind in ("person", "crew") else rng.uniform(90, 600)
            key = index * 100_000 + n
            if kind == "person":
                lane_id = rng.choice(person_lanes[direction])
                category = rng.choice(
                    [TravellerCategory.CHINESE_CITIZEN, TravellerCategory.FOREIGN_NATIONAL]
                )
                subject = SubjectKind.PERSON
            elif kind == "crew":
                lane_id, category, subject = (
                    crew_lanes[direction],
                    TravellerCategory.CREW,
                    SubjectKind.PERSON,
                )
            elif kind == "vehicle":
                lane_id, category, subject = vehicle_lanes[direction], None, SubjectKind.VEHICLE
            else:
                lane_id, category, subject = train_lanes[direction], None, SubjectKind.TRAIN

            def join(key: int = key, lane_id: uuid.UUID = lane_id, **extra: Any) -> None:
                event = clearance.join_queue(
                    desk, lane_id=lane_id, reference=f"B{key:07d}", by=staff.id, **extra
                )
                ids[key] = event.clearance_id

            at(
                joined,
                2,
                lambda join=join, subject=subject, category=category, direction=direction: join(
                    subject_kind=subject, traveller_category=category, direction=direction
                ),
            )
            outcome = rng.choices(list(Outcome), [970, 22, 8])[0]
            at(
                joined + timedelta(seconds=wait),
                3,
                lambda key=key: clearance.start_service(desk, clearance_id=ids[key], by=staff.id),
            )
            at(
                joined + timedelta(seconds=wait + service),
                4,
                lambda key=key, outcome=outcome: clearance.finish(
                    desk, clearance_id=ids[key], outcome=outcome, by=staff.id
                ),
            )
    steps.sort(key=lambda step: step[:3])
    with desk.unit():
        for when, _, _, action in steps:
            clock.at = when
            action()
    clock.at = zone_start + timedelta(days=1, hours=1)
    with desk.read() as s:
        events = s.scalar(select(func.count()).select_from(ClearanceEvent))
        first_shift = s.scalar(
            select(func.count())
            .select_from(ClearanceEvent)
            .where(ClearanceEvent.shift_id == shift_ids[0])
        )
        stored = list(s.scalars(select(func.length(ShiftSignoff.snapshot))))
    desk.close()
    return {
        "shift_id": str(shift_ids[0]),
        "events": events,
        "shift_events": first_shift,
        "closes": closes,
        "signoff_bytes": stored,
    }


def measure(directory: Path, kind: str, shift_id: str, trace: bool) -> dict[str, float]:
    """One report in this (fresh) process: seconds, peak RSS, peak traced allocations."""
    desk = Desk.open(directory)
    out = directory / f"{kind}.pdf"
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    if kind == "shift":
        result = reports.build_shift_report(desk, uuid.UUID(shift_id), out)
    else:
        result = reports.build_daily_report(desk, DAY, out)
    seconds = time.perf_counter() - start
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    desk.close()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "seconds": seconds,
        "rss_mb": rss_kb / 1024,
        "traced_mb": traced,
        "pages": result.pages,
        "bytes": out.stat().st_size,
    }


def child(directory: Path, kind: str, shift_id: str, trace: bool) -> dict[str, float]:
    args = [sys.executable, __file__, "--dir", str(directory), "--measure", kind]
    args += ["--shift-id", shift_id] + (["--trace"] if trace else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--measure", choices=["shift", "daily"], help=argparse.SUPPRESS)
    parser.add_argument("--shift-id", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.dir, args.measure, args.shift_id, args.trace)))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as temp:
        directory = args.dir or Path(temp)
        directory.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        made = populate(directory, args.seed)
        print(
            f"data: {made['events']:,} clearance events in the day, "
            f"{made['shift_events']:,} in the first shift "
            f"(written through the services in {time.perf_counter() - t:.1f} s)"
        )
        print(
            "close-out with its sign-off (the report's data stored as of the close): "
            + ", ".join(f"{c:.2f} s" for c in made["closes"])
            + "; stored "
            + ", ".join(f"{b / 1024:.0f} KiB" for b in made["signoff_bytes"])
        )
        ok = True
        for kind in ("shift", "daily"):
            timed = child(directory, kind, made["shift_id"], trace=False)
            traced = child(directory, kind, made["shift_id"], trace=True)
            within = timed["seconds"] <= TARGETS[kind] and timed["rss_mb"] <= MEMORY_TARGET_MB
            ok &= within
            print(
                f"{kind:<6} report: {timed['seconds']:6.2f} s (target ≤ {TARGETS[kind]:.0f} s)  "
                f"peak RSS {timed['rss_mb']:6.1f} MB (target ≤ {MEMORY_TARGET_MB} MB)  "
                f"peak Python allocations {traced['traced_mb']:6.1f} MB  "
                f"{int(timed['pages'])} pages, {timed['bytes'] / 1024:.0f} KiB  "
                f"{'ok' if within else 'OVER TARGET'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
