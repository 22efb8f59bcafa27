"""Faults on both tiers: desks ⇄ (proxy) ⇄ hub ⇄ (proxy) ⇄ HQ, on SQLite and PostgreSQL at HQ.

Two TRG desks sync with the post's hub through a fault proxy (cuts both
ways, duplicated requests), one of them with its clock a day fast; an ALS
desk syncs with HQ directly.  HQ is down for the whole of the desks' work,
the hub is SIGKILLed mid-batch (while a desk's push crosses the proxy) and
again mid-relay once HQ is up, and the hub reaches HQ through a second
fault proxy.  Then the faults heal and Jepsen's set checker counts:
written = stored at HQ, lost 0, duplicated 0, each under the desk that
wrote it.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from sqlalchemy import select
from test_sync_faults import DAY, Syncer, work
from test_sync_support import Background, demo_post, enrolled, joined_hub

from db.models import ClearanceEvent
from desktop_app.sync.client import SyncClient, SyncError
from desktop_app.sync.state import pending_count
from hq.testing import FaultProxy, Faults
from tests.helpers.sync import check_union, enroll
from tests.helpers.waiting import wait_until
from ui.testing import RunningClock

pytest_plugins = ["test_sync_support"]

FAULTS = Faults(cut_request=0.2, cut_response=0.2, cut_within=8_000, delay=0.001, duplicate=0.2)


def sync_through(desk, url: str, rounds: int = 30) -> None:
    """Sync until one completes (a hub or HQ still catching up answers 503 meanwhile)."""
    with SyncClient(desk, url, attempts=2, timeout=10) as client:
        for _ in range(rounds):
            try:
                client.sync()
                return
            except SyncError:
                continue
    raise AssertionError(f"desk {desk.device_id} never completed a sync with {url}")


def hub_pending(desk, url: str) -> int | None:
    with SyncClient(desk, url, attempts=1) as client:
        link = client.status().upstream
    return None if link is None else link.pending


def test_faults_on_both_tiers_lose_nothing_and_duplicate_nothing(hq, tmp_path, capsys):
    with (
        FaultProxy(hq.server.port, FAULTS, seed=5) as hq_proxy,
        joined_hub(hq, tmp_path / "hub", upstream=hq_proxy.url) as hub,
    ):
        posts = RunningClock()  # the others' clock: from the last 11:00 at the posts
        fast = demo_post(tmp_path / "a", "TRG", days=1, seed=1, clock=lambda: posts() + DAY)
        enroll(hub.engine, fast, hub.url, "platform A")  # its clock a day fast
        sync_through(fast, hub.url)
        slow = demo_post(tmp_path / "b", "TRG", days=1, seed=2, clock=posts)
        enroll(hub.engine, slow, hub.url, "platform B")
        als = enrolled(hq, demo_post(tmp_path / "c", "ALS", days=1, seed=3, clock=posts))

        hq.server.kill()  # HQ is down for the whole of the desks' work
        with FaultProxy(hub.server.port, FAULTS, seed=9) as desk_proxy:
            syncers = [Syncer(desk, desk_proxy.url) for desk in (fast, slow)]
            for syncer in syncers:
                syncer.start()
            writers = [Background(work, fast, 8, 1), Background(work, slow, 8, 2)]
            for writer in writers:
                writer.start()
            # The hub SIGKILLed while a desk's push crosses the proxy, then back.
            for _ in range(2):
                sent = desk_proxy.stats.bytes_up
                wait_until(
                    lambda sent=sent: desk_proxy.stats.bytes_up > sent + 20_000,
                    what="a desk's push under way",
                )
                hub.server.restart()
            for writer in writers:
                writer.join()
            for syncer in syncers:
                syncer.stop.set()
            for syncer in syncers:
                syncer.join()
            desk_stats = desk_proxy.stats
        for desk in (fast, slow, fast):
            sync_through(desk, hub.url)
        queued = hub_pending(slow, hub.url)
        assert queued  # everything waits at the hub for HQ

        hq.server.start()  # HQ back: the hub relays through a bad link…
        relayed = hq_proxy.stats.bytes_up
        wait_until(lambda: hq_proxy.stats.bytes_up > relayed + 20_000, what="the relay under way")
        hub.server.restart()  # …and is SIGKILLed mid-relay once
        wait_until(lambda: hub_pending(slow, hub.url) == 0, timeout=180, what="all relayed")
        hq_stats = hq_proxy.stats
        with contextlib.suppress(SyncError):
            sync_through(als, hq.url)
        for desk in (fast, slow):
            sync_through(desk, hub.url)
            assert pending_count(desk) == 0
        check = check_union(hq.engine, [fast, slow, als], readers=[fast, slow])
        backend = hq.db_url.split(":")[0].split("+")[0]
        with capsys.disabled():
            print(
                f"\nhub faults, HQ on {backend}: {check.line()}\n"
                f"  desks→hub: {desk_stats.cut_requests} requests and "
                f"{desk_stats.cut_responses} answers cut, {desk_stats.duplicated} duplicated;"
                f" hub→HQ: {hq_stats.cut_requests} cut, {hq_stats.cut_responses} answers cut,"
                f" {hq_stats.duplicated} duplicated; hub killed 3 times"
            )
        assert check.ok, check.line()
        assert check.written == check.stored and check.lost == 0 and check.duplicated == 0
        assert check.written > 500
        assert desk_stats.cut_requests + desk_stats.cut_responses > 0
        # Each desk's rows at HQ under its own name, the day-fast desk's too.
        with hq.engine.connect() as conn:
            origins = set(conn.execute(select(ClearanceEvent.origin_device).distinct()).scalars())
        assert {fast.device_id, slow.device_id, als.device_id} <= origins
        assert fast.now() - slow.now() > timedelta(hours=23)
        for desk in (fast, slow, als):
            desk.close()
