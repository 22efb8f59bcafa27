"""Every post at once: N enrolled posts push a shift's backlog to one HQ and pull.

HQ runs as in production (``checkpoint-hq serve --workers W``: uvicorn's
supervisor, W worker processes on one port, a connection pool each; see
docs/capacity.md) on a scratch PostgreSQL database on this machine.

Set-up (not timed): each post is a real desk (a copy of its port's freshly
initialised database with a device id of its own), with an officer, an open
shift, an open lane and clearances written through the services until its
outbox holds the backlog (``--records``, 2,000 by default); it enrols at HQ
over HTTP with a one-time code (Ed25519 key pair, as ``checkpoint-desk
enroll`` does), and its batches of 500 entries are built by the desk's own
sync code (``build_batch``, zstd) ahead of the run, so the run measures HQ.

The run (asyncio + httpx): every post at once sends its batches one after
the other, each request signed when sent (``authorization``), then pulls
(``--pull-pages`` pages of its port's changes).  Measured: the latency of
each push (p50, p99), errors, the aggregate rate (records stored / time from
the first push to the last acknowledgement), HQ's memory (VmRSS of every HQ
process, sampled), and afterwards HQ's database: every record each post
wrote is looked up by id (0 lost), and its size.

Targets (issue #16): p99 per 500-record push <= 1 s, 0 errors, 0 lost,
aggregate >= 10,000 records/s on this 2-core machine, HQ's memory bounded.

    python bench/load_hq.py [--posts 300] [--records 2000] [--workers 2] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's packages, whatever is installed

from db import cipher  # noqa: E402
from db.base import new_id, utcnow  # noqa: E402
from db.enums import LaneSubjects, Outcome, Role, SubjectKind, TravellerCategory  # noqa: E402
from desktop_app import clearance, keys, lanes, officers, shifts  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.demo import open_ready_shift  # noqa: E402
from desktop_app.desk import Desk  # noqa: E402
from desktop_app.protocol.codec import compress  # noqa: E402
from desktop_app.protocol.messages import (  # noqa: E402
    BATCH_MEDIA_TYPE,
    HEADER_CLOCK,
    ZSTD,
    PullPage,
    PullRequest,
    PushAck,
    version_headers,
)
from desktop_app.protocol.signing import authorization  # noqa: E402
from desktop_app.reference import ports  # noqa: E402
from desktop_app.sync import local  # noqa: E402
from desktop_app.sync.backoff import retry_after  # noqa: E402
from desktop_app.sync.batches import build_batch  # noqa: E402
from hq.admission import MEASURED_LIMIT  # noqa: E402
from hq.migrate import upgrade  # noqa: E402
from hq.store import hq_engine  # noqa: E402
from hq.testing import HQServer, scratch_postgres  # noqa: E402
from tests.helpers.sync import enroll  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://checkpoint:checkpoint@localhost:5432/postgres"
PUSH_ROWS = 500
TARGET_P99_S = 1.0
TARGET_RATE = 10_000


@dataclass
class Post:
    """What the run needs of one enrolled post: its key, device and ready-made batches."""

    number: int
    port: str
    device_id: str
    keys: list[Any]  # Ed25519PrivateKey, one per HQ it is enrolled at (one per arm)
    batches: list[tuple[int, int, bytes]]  # (rows, last_seq, zstd body)
    records: dict[str, set[str]]  # entity -> record ids (hex) it wrote
    pulled: int = 0


@dataclass
class Results:
    push_s: list[float] = field(default_factory=list)  # accepted pushes
    deferred_s: list[float] = field(default_factory=list)  # pushes answered 503 + Retry-After
    pull_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stored: int = 0
    pulled: int = 0
    first: float = 0.0
    last_push: float = 0.0
    last: float = 0.0


# -- set-up ------------------------------------------------------------------------------


def fill(desk: Desk, number: int, records: int) -> None:
    """An officer, an open shift and lane, then clearances until the outbox holds ``records``."""
    admin = officers.add_officer(
        desk, badge_no=f"L{number:05d}", name=f"Load {number}", role=Role.ADMIN, pin="2468", by=None
    )
    team = shifts.duty_teams(desk)[0]
    now = desk.now()
    open_ready_shift(
        desk, team_id=team.id, start=now - timedelta(hours=1), end=now + timedelta(hours=11),
        by=admin.id,
    )  # fmt: skip
    lane = next(lane for lane in lanes.lanes(desk) if lane.subjects != LaneSubjects.VEHICLES)
    lanes.set_open(desk, lane_id=lane.id, open_=True, by=admin.id)
    kind, category = SubjectKind.PERSON, TravellerCategory.CHINESE_CITIZEN
    n = 0
    while outbox_size(desk) < records:
        with desk.unit():  # a hundred travellers a transaction: the set-up, not the run
            for _ in range(100):
                n += 1
                event = clearance.join_queue(
                    desk, lane_id=lane.id, reference=f"L{number}-{n}", subject_kind=kind,
                    traveller_category=category, by=admin.id,
                )  # fmt: skip
                clearance.start_service(desk, clearance_id=event.clearance_id, by=admin.id)
                clearance.finish(
                    desk, clearance_id=event.clearance_id, outcome=Outcome.CLEARED, by=admin.id
                )


def outbox_size(desk: Desk) -> int:
    with desk.read() as s:
        return int(s.execute(text("SELECT count(*) FROM outbox")).scalar_one())


def prepare(
    work: Path, hqs: Sequence[tuple[str, Any]], number: int, port: str, records: int
) -> Post:
    """A post with its backlog, enrolled at every HQ of ``hqs`` ((url, engine) per arm)."""
    directory = work / f"post-{number:04d}"
    shutil.copytree(work / f"template-{port}", directory)
    key = keys.data_key(directory)  # the copy's key: the template's (this machine's secret)
    with cipher.connect(directory / "desk.sqlite3", key) as db:  # a device of its own
        db.execute(
            "UPDATE local_state SET value = json_quote(?) WHERE key = 'device_id'",
            (str(new_id()),),
        )
    desk = Desk.open(directory)
    try:
        fill(desk, number, records)
        enrolled: list[Any] = []
        for hq_url, engine in hqs:  # (enrolling again makes a new key: keep each)
            enroll(engine, desk, hq_url, label=f"load {number}")  # type: ignore[arg-type]
            enrolled.append(local.credential(desk).key)
        batches, after = [], 0
        while (batch := build_batch(desk, after, PUSH_ROWS)) is not None:
            body = compress(batch.model_dump_json().encode())
            batches.append((batch.row_count, batch.last_seq, body))
            after = batch.last_seq
        written: dict[str, set[str]] = {}
        with desk.read() as s:
            for entity, record_id in s.execute(text("SELECT entity, record_id FROM outbox")):
                written.setdefault(entity, set()).add(record_id)
        return Post(number, port, desk.device_id, enrolled, batches, written)
    finally:
        desk.close()


def prepare_all(work: Path, hqs: Sequence[tuple[str, Any]], count: int, records: int) -> list[Post]:
    codes = sorted(ports())
    for code in codes[: min(count, len(codes))]:
        initialize(work / f"template-{code}", code).close()
    posts = []
    started = time.perf_counter()
    for n in range(count):
        posts.append(prepare(work, hqs, n, codes[n % len(codes)], records))
        if (n + 1) % 25 == 0:
            print(f"  {n + 1} posts ready ({time.perf_counter() - started:.0f} s)", flush=True)
    return posts


# -- the run -----------------------------------------------------------------------------


def signed(post: Post, arm: int, method: str, path: str, body: bytes) -> dict[str, str]:
    now = time.time()
    clock = f"{now:.3f}"
    return {
        **version_headers(),
        HEADER_CLOCK: clock,
        "Authorization": authorization(
            post.keys[arm],  # type: ignore[arg-type]
            post.device_id,
            method,
            path,
            body,
            int(now),
            clock,
        ),
    }


async def run_post(
    http: httpx.AsyncClient,
    post: Post,
    arm: int,
    results: Results,
    pull_pages: int,
    start: asyncio.Event,
) -> None:
    post.pulled = 0
    await start.wait()
    for rows, last_seq, body in post.batches:
        while True:  # until HQ takes the batch: a deferred push waits at the post, as a desk's
            headers = signed(post, arm, "POST", "/v1/push", body)
            headers.update({"Content-Type": BATCH_MEDIA_TYPE, "Content-Encoding": ZSTD})
            t = time.perf_counter()
            try:
                response = await http.post("/v1/push", content=body, headers=headers)
            except httpx.HTTPError as error:
                results.errors.append(f"post {post.number}: push: {type(error).__name__}: {error}")
                return
            asked = retry_after(response) if response.status_code == 503 else None
            if asked is None:
                break
            results.deferred_s.append(time.perf_counter() - t)
            await asyncio.sleep(random.uniform(asked, 2 * asked))  # as the desk's client does
        results.push_s.append(time.perf_counter() - t)
        if response.status_code != 200:
            results.errors.append(f"post {post.number}: push {response.status_code}: "
                                  f"{response.text[:200]}")  # fmt: skip
            return
        ack = PushAck.model_validate_json(response.content)
        if ack.acked_through != last_seq:
            results.errors.append(f"post {post.number}: acked {ack.acked_through} of {last_seq}")
            return
        results.stored += rows
        results.last_push = max(results.last_push, time.perf_counter())
    cursor = 0
    for _ in range(pull_pages):
        body = PullRequest(cursor=cursor).model_dump_json().encode()
        headers = signed(post, arm, "POST", "/v1/pull", body)
        headers["Content-Type"] = "application/json"
        t = time.perf_counter()
        try:
            response = await http.post("/v1/pull", content=body, headers=headers)
        except httpx.HTTPError as error:
            results.errors.append(f"post {post.number}: pull: {type(error).__name__}: {error}")
            return
        results.pull_s.append(time.perf_counter() - t)
        if response.status_code != 200:
            results.errors.append(f"post {post.number}: pull {response.status_code}")
            return
        page = PullPage.model_validate_json(response.content)
        post.pulled += sum(s.count for s in page.sections)
        cursor = page.next_cursor
        if not page.more:
            break
    results.pulled += post.pulled
    results.last = max(results.last, time.perf_counter())


async def run_all(url: str, posts: list[Post], arm: int, pull_pages: int) -> Results:
    results = Results()
    limits = httpx.Limits(max_connections=len(posts), max_keepalive_connections=len(posts))
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120.0) as http:
        start = asyncio.Event()
        tasks = [
            asyncio.create_task(run_post(http, post, arm, results, pull_pages, start))
            for post in posts
        ]
        await asyncio.sleep(0)
        results.first = time.perf_counter()
        start.set()
        await asyncio.gather(*tasks)
    return results


# -- HQ's side ---------------------------------------------------------------------------


def hq_processes(root: int) -> list[int]:
    """HQ's supervisor and its workers."""
    found = [root]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().split()
            except OSError:
                continue
            if int(stat[3]) == root:
                found.append(int(entry.name))
    return found


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


@contextmanager
def sampling_rss(pids: list[int], every: float = 0.25) -> Iterator[list[float]]:
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(rss_mb(pids))
            stop.wait(every)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield samples
    finally:
        stop.set()
        thread.join()


def stop(server: HQServer) -> None:
    """SIGTERM: the supervisor ends its workers (they finish what they serve first)."""
    process = server.process
    if process is not None and process.poll() is None:
        workers = hq_processes(process.pid)[1:]
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(120)
        except subprocess.TimeoutExpired:
            for pid in workers:  # by their ids: a killed supervisor leaves them running
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            server.kill()
    server.process = None


def lost_records(engine: object, posts: list[Post]) -> int:
    """Records the posts wrote that HQ does not hold, looked up by id per table."""
    lost = 0
    with engine.connect() as conn:  # type: ignore[attr-defined]
        for entity in sorted({e for post in posts for e in post.records}):
            wanted = {uuid.UUID(r) for post in posts for r in post.records.get(entity, ())}
            held = set()
            ids = list(wanted)
            for i in range(0, len(ids), 10_000):
                held |= set(
                    conn.execute(
                        text(f'SELECT id FROM "{entity}" WHERE id = ANY(:ids)'),
                        {"ids": ids[i : i + 10_000]},
                    ).scalars()
                )
            lost += len(wanted - held)
    return lost


def percentile(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else (values[0] if values else 0.0)
    )


@dataclass
class LoadReport:
    posts: int
    records: int
    max_pushes: int
    results: Results
    lost: int
    processes: int  # HQ's supervisor, its workers (and multiprocessing's helper), measured together
    rss_start_mb: float
    rss_peak_mb: float
    rss_end_mb: float
    db_mb: float
    tables: list[tuple[str, int, int]]  # the largest: (name, bytes with indexes, rows)

    @property
    def rate(self) -> float:
        return self.results.stored / max(self.results.last_push - self.results.first, 1e-9)

    @property
    def ok(self) -> bool:
        r = self.results
        return (
            not r.errors
            and self.lost == 0
            and percentile(r.push_s, 99) <= TARGET_P99_S
            and self.rate >= TARGET_RATE
        )

    def print(self) -> None:
        r = self.results
        p50, p99 = percentile(r.push_s, 50), percentile(r.push_s, 99)
        print(f"{self.posts} posts x {self.records} records, pushed at once, then pulled")
        print(f"  HQ stores at most {self.max_pushes or 'any number of'} pushes at a time"
              " per worker")  # fmt: skip
        print(f"  accepted pushes: {len(r.push_s)}  p50 {p50 * 1e3:.0f} ms  p99 {p99 * 1e3:.0f} ms"
              f"  max {max(r.push_s, default=0) * 1e3:.0f} ms   target p99 <= 1000 ms")  # fmt: skip
        tries = len(r.push_s) + len(r.deferred_s)
        print(f"  deferred (503 + Retry-After): {len(r.deferred_s):,} of {tries:,} requests"
              f" ({len(r.deferred_s) / max(tries, 1):.0%}), answered in p99"
              f" {percentile(r.deferred_s, 99) * 1e3:.0f} ms")  # fmt: skip
        print(f"  stored {r.stored:,} records in {r.last_push - r.first:.1f} s:"
              f" {self.rate:,.0f} records/s   target >= {TARGET_RATE:,}")  # fmt: skip
        if r.pull_s:
            print(f"  pulls: {len(r.pull_s)}  p50 {percentile(r.pull_s, 50) * 1e3:.0f} ms"
                  f"  p99 {percentile(r.pull_s, 99) * 1e3:.0f} ms, {r.pulled:,} rows,"
                  f" everything done in {r.last - r.first:.1f} s")  # fmt: skip
        print(f"  errors {len(r.errors)}  lost {self.lost}")
        for error in r.errors[:5]:
            print(f"    {error}")
        print(f"  HQ memory ({self.processes} processes, VmRSS): {self.rss_start_mb:.0f} MB idle,"
              f" peak {self.rss_peak_mb:.0f} MB, {self.rss_end_mb:.0f} MB after")  # fmt: skip
        print(f"  PostgreSQL database after: {self.db_mb:.0f} MB; largest tables (with indexes):")
        for name, nbytes, rows in self.tables:
            per = f"{nbytes / rows:6.0f} B/row" if rows > 0 else ""
            print(f"    {name:<28} {nbytes / 1e6:8.1f} MB {rows:>10,} rows {per}")
        print("PASS" if self.ok else "MISS")


def load(
    pg: str,
    posts: int,
    records: int,
    workers: int,
    pull_pages: int,
    work: Path,
    limits: Sequence[int] = (0,),
) -> list[LoadReport]:
    """One arm per ``serve --max-pushes`` of ``limits``, the same posts and batches in each.

    Every arm has an HQ and a scratch database of its own, all started before
    the posts are set up (each post enrols at every one); the arms then run
    one after the other on the same machine, so they are compared in one run.
    """
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(scratch_postgres(pg)) for _ in limits]
        engines = [hq_engine(url) for url in urls]
        servers: list[HQServer] = []
        try:
            for url, engine, limit in zip(urls, engines, limits, strict=True):
                upgrade(engine)
                server = HQServer(
                    url,
                    workers=workers,
                    log=work / f"hq-{len(servers)}.log",
                    extra=("--max-pushes", str(limit)),
                )
                servers.append(server.start(timeout=120))
            print(f"HQ: {len(servers)} x {workers} workers; setting up {posts} posts", flush=True)
            hqs = [(server.url, engine) for server, engine in zip(servers, engines, strict=True)]
            everyone = prepare_all(work, hqs, posts + 2 * workers, records)
            # A few posts first, untimed: every worker has served a push and a pull
            # (imports, codecs, pooled connections), as at an HQ that has been up.
            warm, ready = everyone[: 2 * workers], everyone[2 * workers :]
            reports = []
            for arm, (server, engine, limit) in enumerate(
                zip(servers, engines, limits, strict=True)
            ):
                asyncio.run(run_all(server.url, warm, arm, pull_pages))
                pids = hq_processes(server.process.pid)  # type: ignore[union-attr]
                idle = rss_mb(pids)
                print(f"{len(ready)} posts push at once (--max-pushes {limit})", flush=True)
                with sampling_rss(pids) as samples:
                    results = asyncio.run(run_all(server.url, ready, arm, pull_pages))
                after = rss_mb(pids)
                stop(server)
                reports.append(
                    LoadReport(
                        posts=posts,
                        max_pushes=limit,
                        records=sum(sum(b[0] for b in p.batches) for p in ready) // max(posts, 1),
                        results=results,
                        lost=lost_records(engine, ready),
                        processes=len(pids),
                        rss_start_mb=idle,
                        rss_peak_mb=max(samples, default=idle),
                        rss_end_mb=after,
                        **database_size(engine),
                    )
                )
        finally:
            for server in servers:
                stop(server)
            for engine in engines:
                engine.dispose()
    return reports


def database_size(engine: Any) -> dict[str, Any]:
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))  # (row counts below are the planner's estimates)
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        tables = conn.execute(
            text(
                "SELECT c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint"
                " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'r' AND n.nspname = 'public'"
                " ORDER BY 2 DESC LIMIT 8"
            )
        ).all()
    return {
        "db_mb": size / 1e6,
        "tables": [(str(name), int(nbytes), int(count)) for name, nbytes, count in tables],
    }


def profile(pg: str, posts: int, records: int, work: Path, top: int = 25) -> None:
    """Where a push's time goes inside HQ: cProfile over decode + ingest, in this process.

    The same batches the run sends, handed to ``HQService`` directly (no HTTP,
    no threads, so one profile sees all of it).
    """
    import cProfile
    import pstats

    from hq.devices import device_info
    from hq.service import HQService

    with scratch_postgres(pg) as url:
        engine = hq_engine(url)
        upgrade(engine)
        server = HQServer(url, log=work / "hq.log").start(timeout=120)
        try:
            ready = prepare_all(work, [(server.url, engine)], posts, records)
        finally:
            stop(server)
        service = HQService(engine)
        found = [device_info(engine, post.device_id) for post in ready]
        devices = [info[0] for info in found if info is not None]
        profiler = cProfile.Profile()
        started = time.perf_counter()
        rows = 0
        profiler.enable()
        for device, post in zip(devices, ready, strict=True):
            for count, _, body in post.batches:
                service.push(device, service.decode_push(body))
                rows += count
        profiler.disable()
        elapsed = time.perf_counter() - started
        engine.dispose()
    print(f"{rows:,} records pushed in-process, one at a time: {rows / elapsed:,.0f} records/s"
          " (under the profiler)")  # fmt: skip
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--records", type=int, default=2000, help="each post's backlog")
    parser.add_argument("--workers", type=int, default=2, help="HQ worker processes")
    parser.add_argument(
        "--max-pushes",
        type=int,
        nargs="+",
        default=[0, MEASURED_LIMIT],
        help="HQ's serve --max-pushes, one arm each, same posts, same run (default: 0, no "
        f"limit, HQ's default; then {MEASURED_LIMIT})",
    )
    parser.add_argument("--pull-pages", type=int, default=1, help="pages each post pulls")
    parser.add_argument("--pg", default=os.environ.get("CHECKPOINT_TEST_PG_URL", DEFAULT_PG))
    parser.add_argument("--dir", type=Path, help="where the posts go (default: a temp dir)")
    parser.add_argument(
        "--profile", action="store_true", help="instead: cProfile of HQ ingesting the batches"
    )
    args = parser.parse_args(argv)
    if args.profile:
        with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
            profile(args.pg, args.posts, args.records, Path(tmp))
        return 0
    started = utcnow()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        reports = load(
            args.pg,
            args.posts,
            args.records,
            args.workers,
            args.pull_pages,
            Path(tmp),
            args.max_pushes,
        )
    for report in reports:
        report.print()
    print(f"(whole run {(utcnow() - started).total_seconds():.0f} s)")
    return 0 if reports[-1].ok else 1


if __name__ == "__main__":
    sys.exit(main())
