"""Keystroke-to-committed cost of recording clearance events through the services.

Records N clearance events one per transaction (join → start → finish, as at
the desk) through ``desktop_app.clearance`` on a real SQLite file, then
replays exactly the rows that run stored (each event and its outbox entry)
with the raw SQLCipher DB-API module into a fresh database of the same schema,
pragmas and key, one transaction per event.  Raw is the floor: same rows, same
indexes, same fsyncs, no ORM and no validation.

Targets (issue #2): median ≤ 1 ms per event and ≤ 3× raw.

    python bench/bench_clearance_write.py [--events 10000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from db import cipher
from db.backup import online_backup
from db.engine import SQLITE_PRAGMAS
from db.enums import Outcome, Role, SubjectKind, TravellerCategory
from db.models import ClearanceEvent, DutyTeam, OutboxEntry
from desktop_app import clearance, lanes, officers
from desktop_app.bootstrap import initialize
from desktop_app.demo import open_ready_shift


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(name: str, seconds: list[float]) -> float:
    median = statistics.median(seconds) * 1e3
    p99 = percentile(seconds, 99) * 1e3
    print(f"{name:<28} n={len(seconds):>6}  median {median:7.3f} ms  p99 {p99:7.3f} ms")
    return median


def service_run(
    directory: Path, snapshot: Path, events: int
) -> tuple[list[float], Path, bytes | None]:
    desk = initialize(directory, "TRG")
    admin = officers.add_officer(
        desk, badge_no="B001", name="Bench", role=Role.ADMIN, pin="2468", by=None
    )
    with desk.read() as s:
        team = s.scalars(select(DutyTeam)).first()
    assert team is not None
    now = desk.now()
    open_ready_shift(
        desk,
        team_id=team.id,
        start=now - timedelta(hours=1),
        end=now + timedelta(hours=11),
        by=admin.id,
    )
    lane = lanes.lane_by_code(desk, "P-IN-1")
    lanes.set_open(desk, lane_id=lane.id, open_=True, by=admin.id)
    # The raw run starts from this very state: same officer, shift and lane rows.
    online_backup(directory / "desk.sqlite3", snapshot, key=desk.data_key)

    timings: list[float] = []
    clock = time.perf_counter
    for n in range(events // 3 + 1):
        t = clock()
        event = clearance.join_queue(
            desk,
            lane_id=lane.id,
            reference=f"Q{n:06d}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=admin.id,
        )
        timings.append(clock() - t)
        t = clock()
        clearance.start_service(desk, clearance_id=event.clearance_id, by=admin.id)
        timings.append(clock() - t)
        t = clock()
        clearance.finish(
            desk, clearance_id=event.clearance_id, outcome=Outcome.CLEARED, by=admin.id
        )
        timings.append(clock() - t)
    desk.close()
    return timings[:events], directory / "desk.sqlite3", desk.data_key


def _insert_sql(table: str, columns: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def raw_run(source: Path, target: Path, events: int, key: bytes | None) -> list[float]:
    """Replay the service run's stored rows on the bare driver into the pre-run snapshot
    (encrypted with the post's key, as the service run's file is)."""
    src = cipher.connect(source, key)
    event_cols = [c.name for c in ClearanceEvent.__table__.columns]
    outbox_cols = [c.name for c in OutboxEntry.__table__.columns if c.name != "seq"]
    selected = [f"e.{c}" for c in event_cols] + [f"o.{c}" for c in outbox_cols]
    rows = src.execute(
        f"SELECT {', '.join(selected)} FROM clearance_events e "
        "JOIN outbox o ON o.record_id = e.id ORDER BY o.seq"
    ).fetchall()[:events]
    src.close()
    db = cipher.connect(target, key, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        db.execute(pragma)
    insert_event = _insert_sql("clearance_events", event_cols)
    insert_outbox = _insert_sql("outbox", outbox_cols)
    split = len(event_cols)
    timings = []
    clock = time.perf_counter
    for row in rows:
        t = clock()
        db.execute("BEGIN IMMEDIATE")
        db.execute(insert_event, row[:split])
        db.execute(insert_outbox, row[split:])
        db.execute("COMMIT")
        timings.append(clock() - t)
    db.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument(
        "--dir", type=Path, default=None, help="where the databases go (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        snapshot = Path(tmp) / "raw.sqlite3"
        service, path, key = service_run(Path(tmp) / "service", snapshot, args.events)
        raw = raw_run(path, snapshot, args.events, key)
    print(f"clearance events, one transaction each, synchronous=FULL, WAL ({args.events} events)")
    raw_median = report("raw SQLCipher (floor)", raw)
    service_median = report("service layer", service)
    ratio = service_median / raw_median
    print(f"service / raw: {ratio:.2f}x   targets: median <= 1 ms, <= 3x raw")
    ok = service_median <= 1.0 and ratio <= 3.0
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
