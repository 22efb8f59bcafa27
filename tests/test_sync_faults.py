"""Sync under faults: a proxy that cuts, delays and duplicates; HQ killed mid-batch; a partition;
post clocks a day fast and a day slow.  After the faults heal HQ holds exactly the union of
what the posts wrote (Jepsen's set check: nothing lost, nothing twice), a third device reads
all of its port's records, and every mutable record is the same at the post and at HQ."""

from __future__ import annotations

import contextlib
import functools
import random
import threading
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text
from test_sync_support import Background, an_officer, demo_post, record_clearances

from db.base import utcnow
from db.enums import PreInspection
from db.models import Forecast
from desktop_app import forecasts
from desktop_app.bootstrap import initialize
from desktop_app.errors import RuleViolation
from desktop_app.sync.client import SyncClient, SyncError
from desktop_app.sync.state import pending_count
from hq.records import create_forecasts
from hq.store import HQClock
from hq.testing import FaultProxy, Faults
from tests.helpers.sync import check_identity, check_union, enroll
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]

DAY = timedelta(days=1)


def skewed(offset: timedelta):
    return lambda: utcnow() + offset


class Syncer(Background):
    """Syncs a desk through the proxy until told to stop, counting what fails."""

    def __init__(self, desk, url: str) -> None:
        self.stop = threading.Event()
        self.ok = 0
        self.failed = 0
        super().__init__(self._loop, desk, url)

    def _loop(self, desk, url) -> None:
        with SyncClient(desk, url, push_rows=100, pull_rows=200, attempts=2, timeout=10) as client:
            while not self.stop.is_set():
                try:
                    client.sync()
                    self.ok += 1
                except SyncError:
                    self.failed += 1
                self.stop.wait(0.05)


def work(desk, rounds: int, seed: int) -> None:
    """Clearances, and edits of the port's forecasts (HQ's and the post's own)."""
    rng = random.Random(seed)
    officer = an_officer(desk).id
    for _ in range(rounds):
        record_clearances(desk, 8, prefix=desk.port_code[:1])
        with desk.read() as s:
            ids = list(s.scalars(select(Forecast.id).where(Forecast.port_id == desk.port_id)))
        for forecast_id in rng.sample(ids, min(3, len(ids))):
            try:
                if rng.random() < 0.5:
                    status = rng.choice(list(PreInspection))
                    forecasts.set_preinspection(
                        desk, forecast_id=forecast_id, status=status, by=officer
                    )
                else:
                    forecasts.update(
                        desk, forecast_id=forecast_id, by=officer, notes=f"n{rng.random():.4f}"
                    )
            except RuleViolation:
                pass  # cancelled or otherwise closed to edits: fine


def hq_transaction_open(admin) -> bool:
    with admin.connect() as conn:
        return bool(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'checkpoint-hq'"
                    " AND xact_start IS NOT NULL AND state <> 'idle'"
                )
            ).scalar()
        )


def applied_batches(hq) -> int:
    with hq.engine.connect() as conn:
        return int(conn.execute(text("select count(*) from hq_applied_batches")).scalar_one())


def reached(hq, count: int) -> bool:
    return applied_batches(hq) >= count


def crash_hq(hq, kills: int, rng: random.Random) -> int:
    """SIGKILL HQ mid-batch (on PostgreSQL: while it holds a transaction open), restart it.

    Each kill waits for a condition, never for a length of time: a few more batches
    applied since the last restart, then (on PostgreSQL) a transaction of HQ's open.
    """
    admin = None
    if hq.db_url.startswith("postgresql"):
        admin = create_engine(hq.db_url, isolation_level="AUTOCOMMIT")
    mid_transaction = 0
    for _ in range(kills):
        more = functools.partial(reached, hq, applied_batches(hq) + rng.randint(1, 3))
        wait_until(more, what="HQ applies batches again")
        if admin is not None:
            with contextlib.suppress(AssertionError):  # a quiet moment: kill it all the same
                wait_until(lambda: hq_transaction_open(admin), timeout=10)
                mid_transaction += 1
        hq.server.kill()  # SIGKILL: no shutdown, no cleanup
        hq.server.start()
    if admin is not None:
        admin.dispose()
    return mid_transaction


@pytest.mark.slow
def test_after_faults_heal_hq_holds_exactly_the_union(hq, tmp_path, capsys):
    trg = enrolled_demo(hq, tmp_path / "trg", "TRG", DAY)  # a day fast
    als = enrolled_demo(hq, tmp_path / "als", "ALS", -DAY)  # a day slow
    reader = initialize(tmp_path / "reader", "TRG")  # another desk at TRG: only reads
    enroll(hq.engine, reader, hq.url)
    clock = HQClock(hq.engine)
    for port in ("TRG", "ALS"):  # forecasts HQ sends down, which the posts then edit
        create_forecasts(
            hq.engine,
            clock,
            port,
            [
                {
                    "mode": "road",
                    "reference": f"{port}-{n}",
                    "direction": "entry",
                    "expected_at": utcnow() + timedelta(hours=n),
                }
                for n in range(10)
            ],
        )
    faults = Faults(cut_request=0.2, cut_response=0.2, cut_within=8_000, delay=0.002, duplicate=0.2)
    rng = random.Random(4)
    with FaultProxy(hq.server.port, faults, seed=11) as proxy:
        # 0. every answer cut early: HQ applies what it got, the post never hears it (the
        # lost acknowledgement); certain, not left to the random cuts below.
        proxy.set_faults(Faults(cut_response=1.0, cut_within=100))
        with SyncClient(trg, proxy.url) as client, contextlib.suppress(SyncError):
            client.sync()
        proxy.set_faults(faults)
        syncers = [Syncer(desk, proxy.url) for desk in (trg, als, reader)]
        for syncer in syncers:
            syncer.start()
        # 1. a bad link: cuts in both directions, latency, duplicated requests
        writers = [Background(work, trg, 10, 1), Background(work, als, 10, 2)]
        for w in writers:
            w.start()
        for w in writers:
            w.join()
        # 2. HQ killed and restarted, mid-batch, while the posts keep writing
        writers = [Background(work, trg, 10, 3), Background(work, als, 10, 4)]
        for w in writers:
            w.start()
        mid_transaction = crash_hq(hq, 3, rng)
        for w in writers:
            w.join()
        # 3. no link at all for a while
        with proxy.partition():
            refused = proxy.stats.refused
            work(trg, 2, 5)
            work(als, 2, 6)
            # every desk's syncer ran into the partition
            wait_until(lambda: proxy.stats.refused >= refused + 3, what="syncs refused")
        for syncer in syncers:
            syncer.stop.set()
        for syncer in syncers:
            syncer.join()
        stats = proxy.stats
    # The faults heal: each desk syncs straight to HQ until a sync completes.
    for desk in (trg, als, trg, als, reader):
        with SyncClient(desk, hq.url) as client:
            for _ in range(20):
                try:
                    client.sync()
                    break
                except SyncError:
                    continue  # an HQ still catching up (an out-of-order batch): again
    assert pending_count(trg) == pending_count(als) == 0
    check = check_union(hq.engine, [trg, als], readers=[reader])
    backend = hq.db_url.split(":")[0].split("+")[0]
    with capsys.disabled():
        print(
            f"\n[{backend}] faults: {stats.connections} connections, "
            f"{stats.cut_requests} cut requests, {stats.cut_responses} cut answers, "
            f"{stats.duplicated} duplicated streams, {stats.refused} refused in the partition; "
            f"HQ killed 3 times ({mid_transaction} inside a transaction); "
            f"syncs ok {sum(s.ok for s in syncers)}, failed {sum(s.failed for s in syncers)}"
        )
        print(f"[{backend}] {check.line()}")
    assert check.ok, check.line()
    assert check.written > 2000 and check.read > 1000
    assert stats.cut_requests and stats.cut_responses and stats.duplicated and stats.refused
    if backend == "postgresql":
        assert mid_transaction >= 1
    with hq.engine.connect() as conn:
        assert conn.execute(text("select count(*) from hq_refused_batches")).scalar() == 0
    for desk in (trg, als, reader):
        desk.close()


def enrolled_demo(hq, directory, port: str, offset: timedelta):
    desk = demo_post(directory, port, days=2, seed=len(port), clock=skewed(offset))
    enroll(hq.engine, desk, hq.url)
    return desk


@pytest.mark.slow
def test_desks_of_one_port_set_up_apart_sync_through_faults_to_one_identity(hq, tmp_path, capsys):
    """Two desks at Torugart set up on their own (the same roster entered twice, a day of work
    each, one clock ten minutes fast), a third that joined the post, all syncing through cuts,
    duplicated requests, an HQ killed mid-batch and a partition: afterwards nothing is lost,
    nothing is twice, nothing is stuck (pending and set aside 0), one officer per badge, and
    every desk holds what HQ holds."""
    from desktop_app.sync import quarantine
    from desktop_app.sync.join import join_post
    from hq import devices

    # (Ten minutes fast, not a day: a desk a day ahead would plan tomorrow's shifts, and
    # its port would have two shifts open at once.)
    east = enrolled_demo(hq, tmp_path / "east", "TRG", timedelta(minutes=10))
    # West keeps the machine's clock, as the desk joining later does: three desks of one
    # port minutes apart, not the tests' clock from the last 11:00, hours behind the others.
    west = demo_post(tmp_path / "west", "TRG", days=1, seed=8, clock=skewed(timedelta(0)))
    enroll(hq.engine, west, hq.url)
    faults = Faults(cut_request=0.2, cut_response=0.2, cut_within=4_000, delay=0.002, duplicate=0.2)
    rng = random.Random(9)
    with FaultProxy(hq.server.port, faults, seed=13) as proxy:
        # Every answer cut early, once: the merges are applied, the desks never hear it…
        proxy.set_faults(Faults(cut_response=1.0, cut_within=100))
        for desk in (east, west):
            with SyncClient(desk, proxy.url) as client, contextlib.suppress(SyncError):
                client.sync()
        for desk in (east, west):  # …until they sync again (the roster is at HQ, merged)
            with SyncClient(desk, hq.url) as client:
                client.sync()
        code = devices.create_code(hq.engine, "TRG", utcnow())
        joined = join_post(tmp_path / "joined", "TRG", hq.url, code).desk
        proxy.set_faults(faults)
        syncers = [Syncer(desk, proxy.url) for desk in (east, west, joined)]
        for syncer in syncers:
            syncer.start()
        writers = [Background(work, east, 8, 1), Background(work, west, 8, 2)]
        for w in writers:
            w.start()
        mid_transaction = crash_hq(hq, 2, rng)
        for w in writers:
            w.join()
        with proxy.partition():
            refused = proxy.stats.refused
            work(joined, 2, 3)
            wait_until(lambda: proxy.stats.refused >= refused + 3, what="syncs refused")
        for syncer in syncers:
            syncer.stop.set()
        for syncer in syncers:
            syncer.join()
        stats = proxy.stats
    desks = [east, west, joined]
    for desk in desks * 2:  # healed: straight to HQ until a sync completes
        with SyncClient(desk, hq.url) as client:
            for _ in range(20):
                try:
                    client.sync()
                    break
                except SyncError:
                    continue  # an HQ still catching up (an out-of-order batch): again
    union = check_union(hq.engine, desks)
    identity = check_identity(hq.engine, desks)
    stuck = sum(pending_count(d) + quarantine.held_count(d) for d in desks)
    with hq.engine.connect() as conn:
        badges = conn.execute(text("SELECT count(*), count(DISTINCT badge_no) FROM officers")).one()
    backend = hq.db_url.split(":")[0].split("+")[0]
    with capsys.disabled():
        print(
            f"\n[{backend}] one port, three desks: {stats.cut_requests} cut requests, "
            f"{stats.cut_responses} cut answers, {stats.duplicated} duplicated streams, "
            f"HQ killed twice ({mid_transaction} inside a transaction); syncs ok "
            f"{sum(s.ok for s in syncers)}, failed {sum(s.failed for s in syncers)}; stuck {stuck}"
        )
        print(f"[{backend}] {union.line()}\n[{backend}] {identity.line()}")
    assert union.ok, union.line()
    assert identity.ok, identity.line()
    assert stuck == 0 and identity.aliases > 0
    assert badges[0] == badges[1] == 18  # one officer per badge
    assert stats.cut_requests and stats.cut_responses and stats.duplicated
    for desk in desks:
        desk.close()
