"""What encryption at rest costs: the same post, encrypted (SQLCipher) and plaintext, same run.

One post is made through the services (encrypted, as every post is), with a
roster, an open shift and an open lane; a plaintext copy of it is taken
(``db.cipher.export_plaintext``) and opened as a plain SQLite desk.  Then,
alternating between the two so that the machine's load falls on both alike:

* clearance steps (join → start → finish, one transaction each,
  ``synchronous=FULL``): service call to committed, per step;
* opening the post (``Desk.open``: what start-up does before the sign-in
  page is ready; the key file read and unwrapped, the schema checked);
* the day's report (ReportLab, every figure read from the file).

Goal (issue 17): clearance steps ≤ 1.3× plaintext, median.

    python bench/bench_encryption.py [--events 3000] [--opens 30] [--reports 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's packages, whatever is installed

from sqlalchemy import select  # noqa: E402

from db import cipher  # noqa: E402
from db.engine import sqlite_engine  # noqa: E402
from db.enums import Outcome, Role, SubjectKind, TravellerCategory  # noqa: E402
from db.migrate import prepare_database  # noqa: E402
from db.models import DutyTeam  # noqa: E402
from desktop_app import clearance, keys, lanes, officers  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.demo import open_ready_shift  # noqa: E402
from desktop_app.desk import Desk  # noqa: E402
from desktop_app.paths import database_path  # noqa: E402
from desktop_app.reports import build_daily_report  # noqa: E402

GOAL = 1.3


def ms(values: list[float]) -> str:
    median = statistics.median(values) * 1e3
    p99 = statistics.quantiles(values, n=100, method="inclusive")[98] * 1e3
    return f"median {median:8.2f} ms  p99 {p99:8.2f} ms  (n={len(values)})"


def prepare(directory: Path) -> None:
    desk = initialize(directory, "TRG")
    admin = officers.add_officer(
        desk, badge_no="B001", name="Bench", role=Role.ADMIN, pin="2468", by=None
    )
    with desk.read() as s:
        team = s.scalars(select(DutyTeam)).first()
    assert team is not None
    now = desk.now()
    open_ready_shift(
        desk, team_id=team.id, start=now - timedelta(hours=1), end=now + timedelta(hours=11),
        by=admin.id,
    )  # fmt: skip
    lanes.set_open(desk, lane_id=lanes.lane_by_code(desk, "P-IN-1").id, open_=True, by=admin.id)
    desk.close()


def open_plain(path: Path) -> Desk:
    engine = sqlite_engine(path)
    report = prepare_database(engine, path, None)
    return Desk(engine, upgrade=report)


def steps(desk: Desk, n: int, prefix: str) -> list[float]:
    admin = next(o for o in officers.roster(desk) if o.badge_no == "B001")
    lane = lanes.lane_by_code(desk, "P-IN-1")
    timings: list[float] = []
    clock = time.perf_counter
    for i in range(max(1, n // 3)):
        t = clock()
        event = clearance.join_queue(
            desk, lane_id=lane.id, reference=f"{prefix}{i:06d}", subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN, by=admin.id,
        )  # fmt: skip
        timings.append(clock() - t)
        t = clock()
        clearance.start_service(desk, clearance_id=event.clearance_id, by=admin.id)
        timings.append(clock() - t)
        t = clock()
        clearance.finish(
            desk, clearance_id=event.clearance_id, outcome=Outcome.CLEARED, by=admin.id
        )
        timings.append(clock() - t)
    return timings[:n]


def alternate(
    rounds: int, plain: Callable[[], float], encrypted: Callable[[], float]
) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        a.append(plain())
        b.append(encrypted())
    return a, b


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--opens", type=int, default=30)
    parser.add_argument("--reports", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault(keys.KEY_DIR_ENV, str(Path(tmp) / "machine-keys"))
        enc_dir = Path(tmp) / "encrypted"
        prepare(enc_dir)
        plain_path = Path(tmp) / "plain" / "desk.sqlite3"
        plain_path.parent.mkdir()
        cipher.export_plaintext(database_path(enc_dir), plain_path, keys.data_key(enc_dir) or b"")

        print(
            f"SQLCipher {cipher.sqlcipher_version()}, synchronous=FULL, WAL; same run, alternating"
        )
        enc_desk, plain_desk = Desk.open(enc_dir), open_plain(plain_path)
        plain_steps: list[float] = []
        enc_steps: list[float] = []
        # One clearance (three steps) on each in turn: a machine shared with other work
        # (fsync times vary by the second) weighs on both alike.
        for r in range(max(1, args.events // 3)):
            plain_steps += steps(plain_desk, 3, f"P{r:06d}-")
            enc_steps += steps(enc_desk, 3, f"E{r:06d}-")
        ratio = statistics.median(enc_steps) / statistics.median(plain_steps)
        print("clearance step, service call to committed")
        print(f"  plaintext  {ms(plain_steps)}")
        print(f"  encrypted  {ms(enc_steps)}")
        print(f"  encrypted / plaintext: {ratio:.2f}x   (goal <= {GOAL}x)")

        enc_desk.close()
        plain_desk.close()
        plain_open, enc_open = alternate(
            args.opens,
            lambda: timed(lambda: open_plain(plain_path).close()),
            lambda: timed(lambda: Desk.open(enc_dir).close()),
        )
        print("opening the post (Desk.open: before the sign-in page is ready)")
        print(f"  plaintext  {ms(plain_open)}")
        print(f"  encrypted  {ms(enc_open)}")

        # Today's report: the clearances recorded above (each desk its own half).
        enc_desk, plain_desk = Desk.open(enc_dir), open_plain(plain_path)
        day = enc_desk.local_time(enc_desk.now()).date()
        out = Path(tmp) / "r.pdf"
        plain_rep, enc_rep = alternate(
            args.reports,
            lambda: timed(lambda: build_daily_report(plain_desk, day, out, "en")),
            lambda: timed(lambda: build_daily_report(enc_desk, day, out, "en")),
        )
        print(f"daily report of {day} ({args.events // 3} clearances on each desk)")
        print(f"  plaintext  median {statistics.median(plain_rep) * 1e3:8.0f} ms")
        print(f"  encrypted  median {statistics.median(enc_rep) * 1e3:8.0f} ms")
        enc_desk.close()
        plain_desk.close()
    ok = ratio <= GOAL
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
