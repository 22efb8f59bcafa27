"""Sync throughput over TLS against plain HTTP, same run: one post's push to a fresh HQ each way.

A post records N clearance events through the services (``bench_sync``'s
set-up); its data folder is copied, and each copy pushes everything to an
HQ of its own (``python -m hq serve`` in a subprocess on loopback, on
PostgreSQL with ``--pg``, else SQLite): one over plain HTTP, one over TLS
with HQ's self-signed certificate pinned at enrolment (``--tls-dir``).  The
two runs alternate ``--rounds`` times; the figure is events per second of
the push (status, batches, acknowledgements), median of the rounds.

    python bench/bench_sync_tls.py [--events 30000] [--rounds 3] [--pg URL]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's packages, whatever is installed

from bench.bench_sync import record_events  # noqa: E402
from db.base import utcnow  # noqa: E402
from desktop_app import keys  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.desk import Desk  # noqa: E402
from desktop_app.protocol import pinning  # noqa: E402
from desktop_app.sync.client import SyncClient, enroll  # noqa: E402
from hq import devices, tls  # noqa: E402
from hq.migrate import upgrade  # noqa: E402
from hq.store import hq_engine  # noqa: E402
from hq.testing import HQServer, scratch_postgres  # noqa: E402


@contextlib.contextmanager
def hq_database(folder: Path, pg: str | None) -> Iterator[str]:
    if pg:
        with scratch_postgres(pg) as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'hq.sqlite3'}"


def push_once(post: Path, folder: Path, pg: str | None, use_tls: bool) -> tuple[float, int]:
    folder.mkdir()
    with hq_database(folder, pg) as db_url:
        engine = hq_engine(db_url)
        upgrade(engine)
        server = HQServer(
            db_url, log=folder / "hq.log", tls_dir=folder / "tls" if use_tls else None
        ).start()
        try:
            code = devices.create_code(engine, "TRG", utcnow())
            if use_tls:
                code = pinning.join_code(
                    code, tls.certificate_fingerprint(tls.paths(folder / "tls")[0])
                )
            desk = Desk.open(post)
            try:
                enroll(desk, server.url, code)
                with SyncClient(desk) as client:
                    started = time.perf_counter()
                    report = client.sync()
                    elapsed = time.perf_counter() - started
            finally:
                desk.close()
        finally:
            server.kill()
            engine.dispose()
    return elapsed, report.pushed_rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("CHECKPOINT_TEST_PG_URL"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ.setdefault(keys.KEY_DIR_ENV, str(work / "machine-keys"))
        template = work / "template"
        desk = initialize(template, "TRG")
        record_events(desk, args.events)
        desk.close()
        rates: dict[bool, list[float]] = {False: [], True: []}
        rows = 0
        for n in range(args.rounds):
            for use_tls in (False, True):
                post = work / f"post-{n}-{use_tls}"
                shutil.copytree(template, post)
                elapsed, rows = push_once(post, work / f"hq-{n}-{use_tls}", args.pg, use_tls)
                rates[use_tls].append(rows / elapsed)
                shutil.rmtree(post)
    where = "PostgreSQL" if args.pg else "SQLite"
    print(f"push of {rows} rows ({args.events} clearance events and the rest) to HQ on {where}")
    plain, secure = statistics.median(rates[False]), statistics.median(rates[True])
    for name, kind in (("plain HTTP (loopback)", False), ("TLS, certificate pinned", True)):
        rounds = ", ".join(f"{r:.0f}" for r in rates[kind])
        print(f"  {name:<24} {statistics.median(rates[kind]):9.0f} rows/s  (rounds: {rounds})")
    print(f"  TLS / plain: {secure / plain:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
