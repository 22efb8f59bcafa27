"""Sync throughput and wire size: 100,000 clearance events up, 100,000 forecasts down.

A real HQ (``python -m hq serve``, uvicorn) on PostgreSQL, reached over
loopback through a byte-counting TCP proxy (``hq.testing.CountingProxy``, in
a process of its own), so the bytes counted are everything on the wire: HTTP
headers, signatures, bodies and answers.

* push: a post records N clearance events (through the services, 1,000 to a
  transaction to keep the set-up short), then one push sends them all;
* pull: HQ adds N forecasts for another port, and a freshly enrolled post
  pulls them all.

The floor is the same rows compressed as one blob (the wire's JSON form of
every row in one document, zstd at level 19, best of row-wise and
column-wise), measured in the same run.  Targets (issue #4): at least 5,000
events/s each way (PouchDB does ~3,250 docs/s here at ~410 bytes/doc on the
wire) and wire bytes at most 1.5x the floor.

    python bench/bench_sync.py [--events 100000] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import zstandard
from sqlalchemy import select

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's packages, whatever is installed

from db.enums import Outcome, Role, SubjectKind, TravellerCategory  # noqa: E402
from db.models import ClearanceEvent, DutyTeam, Forecast  # noqa: E402
from desktop_app import clearance, lanes, officers  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.demo import open_ready_shift  # noqa: E402
from desktop_app.desk import Desk  # noqa: E402
from desktop_app.protocol.codec import codec  # noqa: E402
from desktop_app.sync.client import SyncClient, SyncReport  # noqa: E402
from hq.migrate import upgrade  # noqa: E402
from hq.records import create_forecasts  # noqa: E402
from hq.store import HQClock, hq_engine  # noqa: E402
from hq.testing import CountingProxy, HQServer, scratch_postgres  # noqa: E402
from tests.helpers.sync import enroll  # noqa: E402

POUCHDB_DOCS_PER_S = 3250
POUCHDB_BYTES_PER_DOC = 410
TARGET_RATE = 5000
TARGET_RATIO = 1.5


def record_events(desk: Desk, events: int) -> None:
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
        start=now - timedelta(hours=2),
        end=now + timedelta(hours=10),
        by=admin.id,
        opened_at=now - timedelta(hours=2),
    )
    lane = lanes.lane_by_code(desk, "P-IN-1")
    lanes.set_open(desk, lane_id=lane.id, open_=True, by=admin.id, at=now - timedelta(hours=2))
    start = now - timedelta(hours=1, minutes=50)
    step = timedelta(hours=1, minutes=45) / (events // 3 + 1)
    n = 0
    while n * 3 < events:
        with desk.unit():  # units nest: 1,000 events to a transaction, set-up speed only
            for _ in range(min(334, events // 3 + 1 - n)):
                at = start + step * n
                event = clearance.join_queue(
                    desk,
                    lane_id=lane.id,
                    reference=f"Q{n:07d}",
                    subject_kind=SubjectKind.PERSON,
                    traveller_category=TravellerCategory.CHINESE_CITIZEN,
                    by=admin.id,
                    at=at,
                )
                clearance.start_service(
                    desk, clearance_id=event.clearance_id, by=admin.id, at=at + step * 0.3
                )
                clearance.finish(
                    desk,
                    clearance_id=event.clearance_id,
                    outcome=Outcome.CLEARED,
                    by=admin.id,
                    at=at + step * 0.6,
                )
                n += 1


def floor_bytes(rows: list[list[Any]], columns: list[str]) -> tuple[int, int]:
    """(raw JSON bytes, the smallest zstd-19 blob of the rows, row-wise or column-wise)."""
    by_rows = json.dumps({"columns": columns, "rows": rows}, separators=(",", ":")).encode()
    by_columns = json.dumps(
        {c: [r[i] for r in rows] for i, c in enumerate(columns)}, separators=(",", ":")
    ).encode()
    best = min(
        len(zstandard.ZstdCompressor(level=19).compress(blob)) for blob in (by_rows, by_columns)
    )
    return len(by_rows), best


def table_rows(desk: Desk, model: Any, where: Any = None) -> tuple[list[str], list[list[Any]]]:
    table = model.__table__
    table_codec = codec(table.name)
    query = select(table).order_by(table.c.id)
    if where is not None:
        query = query.where(where)
    with desk.read() as s:
        mappings = [r._mapping for r in s.execute(query)]
    values = table_codec.encode_columns(mappings)  # the wire form, as the floor's input
    return list(table_codec.columns), [list(row) for row in zip(*values, strict=True)]


def report(
    direction: str, rows: int, seconds: float, wire: int, raw: int, floor: int, sync: SyncReport
) -> tuple[float, float]:
    rate = rows / seconds
    ratio = wire / floor
    print(f"{direction}: {rows} rows in {seconds:.2f} s = {rate:,.0f} rows/s")
    print(
        f"  wire {wire:,} bytes = {wire / rows:.1f} bytes/row "
        f"(HTTP headers and answers included; {sync.pushed_batches or sync.pulled_pages} requests)"
    )
    print(
        f"  floor (same rows as one zstd-19 blob) {floor:,} bytes = {floor / rows:.1f} bytes/row; "
        f"uncompressed JSON {raw / rows:.0f} bytes/row"
    )
    print(
        f"  wire / floor = {ratio:.2f}x (target <= {TARGET_RATIO}x); "
        f"vs PouchDB: {rate / POUCHDB_DOCS_PER_S:.1f}x the rate, "
        f"{POUCHDB_BYTES_PER_DOC / (wire / rows):.1f}x fewer bytes"
    )
    return rate, ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get("CHECKPOINT_TEST_PG_URL"))
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    if not args.pg:
        parser.error("a PostgreSQL server URL is needed: --pg URL or $CHECKPOINT_TEST_PG_URL")
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-sync-"))
    print(f"{args.events} events/forecasts each way; HQ on PostgreSQL; work dir {work}")
    with scratch_postgres(args.pg) as url:
        engine = hq_engine(url)
        upgrade(engine)
        with HQServer(url, log=work / "hq.log") as hq, CountingProxy(hq.port) as proxy:
            # -- push --------------------------------------------------------------
            t = time.perf_counter()
            post = initialize(work / "trg", "TRG")
            record_events(post, args.events)
            print(f"set-up: {args.events} events recorded in {time.perf_counter() - t:.0f} s")
            enroll(engine, post, proxy.url)
            with post.read() as s:
                pushed = s.scalar(select(ClearanceEvent.id).limit(1))
            assert pushed is not None
            client = SyncClient(post, proxy.url)
            status = client.status()
            before = sum(proxy.bytes())
            push = SyncReport()
            t = time.perf_counter()
            client.push(status.acked_through, push)
            seconds = time.perf_counter() - t
            wire = sum(proxy.bytes()) - before
            client.close()
            columns, rows = table_rows(post, ClearanceEvent)
            raw, floor = floor_bytes(rows, columns)
            print(f"(push also carried {push.pushed_rows - len(rows)} set-up rows)")
            push_rate, push_ratio = report(
                "push (clearance events, post -> HQ)",
                push.pushed_rows,
                seconds,
                wire,
                raw * push.pushed_rows // len(rows),
                floor * push.pushed_rows // len(rows),
                push,
            )
            post.close()

            # -- pull --------------------------------------------------------------
            clock = HQClock(engine)
            t = time.perf_counter()
            base = post.now() + timedelta(hours=1)
            for chunk in range(0, args.events, 10_000):
                create_forecasts(
                    engine,
                    clock,
                    "ALS",
                    [
                        {
                            "mode": "rail" if n % 3 == 0 else "road",
                            "reference": f"X{n:06d}",
                            "carrier": "KTZ" if n % 3 == 0 else "Yutong coach",
                            "direction": "entry" if n % 2 else "exit",
                            "expected_at": base + timedelta(minutes=n % 20_000),
                            "expected_travellers": 20 + n % 300,
                            "expected_vehicles": n % 7,
                            "cargo": "none",
                        }
                        for n in range(chunk, min(chunk + 10_000, args.events))
                    ],
                )
            print(f"set-up: {args.events} forecasts added at HQ in {time.perf_counter() - t:.0f} s")
            fresh = initialize(work / "als", "ALS")
            enroll(engine, fresh, proxy.url)
            client = SyncClient(fresh, proxy.url)
            before = sum(proxy.bytes())
            pull = SyncReport()
            t = time.perf_counter()
            client.pull(pull)
            seconds = time.perf_counter() - t
            wire = sum(proxy.bytes()) - before
            client.close()
            columns, rows = table_rows(fresh, Forecast, Forecast.origin_device == "hq")
            assert len(rows) == args.events, len(rows)
            raw, floor = floor_bytes(rows, columns)
            print(f"(pull also carried {pull.pulled_rows - len(rows)} reference rows)")
            pull_rate, pull_ratio = report(
                "pull (forecasts, HQ -> fresh post)",
                pull.pulled_rows,
                seconds,
                wire,
                raw * pull.pulled_rows // len(rows),
                floor * pull.pulled_rows // len(rows),
                pull,
            )
            fresh.close()
        engine.dispose()
    ok = min(push_rate, pull_rate) >= TARGET_RATE and max(push_ratio, pull_ratio) <= TARGET_RATIO
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
