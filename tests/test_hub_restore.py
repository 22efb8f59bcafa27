"""HQ restored from an older backup: the hub notices it lacks batches it acknowledged, and
sends them again.

A desk at TRG syncs through the hub, which relays to HQ; HQ's database is
copied (the backup); more records are relayed; then HQ is restored from the
copy, so it has lost batches it acknowledged.  At its next exchange the hub
sees that HQ holds less of the desk than it said, moves its relay position
back to the first batch HQ lacks and relays from there: every record at
HQ, each once.  HQ on SQLite: its backup is a file copy (a PostgreSQL
restore is the same to the hub: HQ's answer about the desk).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from test_hub import events, sync, upstream
from test_sync_support import HQ, demo_post, joined_hub, record_clearances

from db.models import ClearanceEvent
from hq.models import Device
from tests.helpers.sync import check_union, enroll
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]


def copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy, whatever the write-ahead log holds."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


@pytest.mark.parametrize("hq_db", ["sqlite"], indirect=True)
def test_the_hub_relays_again_what_a_restored_hq_lacks(hq: HQ, tmp_path: Path):
    hq_file = Path(hq.db_url.removeprefix("sqlite:///"))
    with joined_hub(hq, tmp_path / "hub") as hub:
        desk = demo_post(tmp_path / "a", "TRG", days=1, seed=1)
        enroll(hub.engine, desk, hub.url, "platform A")

        def relayed() -> bool:
            link = upstream(desk, hub.url)
            return link is not None and link.offline_since is None and link.pending == 0

        record_clearances(desk, 5, prefix="R")
        sync(desk, hub.url)
        wait_until(relayed, what="the first records relayed")
        copy_database(hq_file, tmp_path / "backup.sqlite3")  # last night's backup
        before = events(hq.engine, desk.device_id)

        record_clearances(desk, 20, prefix="S")
        sync(desk, hub.url)
        wait_until(relayed, what="the later records relayed")
        written = events(desk, desk.device_id)
        assert events(hq.engine, desk.device_id) == written

        hq.server.kill()  # HQ's disk fails; it is restored from the backup
        hq.engine.dispose()
        for stale in hq_file.parent.glob(hq_file.name + "-*"):  # its -wal and -shm
            stale.unlink()
        copy_database(tmp_path / "backup.sqlite3", hq_file)
        assert events(hq.engine, desk.device_id) == before < written
        hq.server.start()

        wait_until(
            lambda: events(hq.engine, desk.device_id) == written,
            what="the hub relayed again what HQ lost",
        )
        wait_until(relayed, what="the hub's queue empty again")
        check = check_union(hq.engine, [desk])
        assert check.ok and check.lost == 0 and check.duplicated == 0, check.line()
        with hq.engine.connect() as conn:
            acked = conn.execute(
                select(Device.acked_through).where(Device.id == desk.device_id)
            ).scalar_one()
            origins = set(conn.execute(select(ClearanceEvent.origin_device).distinct()))
        sync(desk, hub.url)
        assert acked == desk_last_seq(desk)
        assert (desk.device_id,) in origins
        desk.close()


def desk_last_seq(desk) -> int:
    from sqlalchemy import func

    from db.models import OutboxEntry

    with desk.read() as s:
        return int(s.scalar(select(func.max(OutboxEntry.seq))) or 0)
