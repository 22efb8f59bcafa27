"""Many syncs on one desk: nothing accumulates (connections), and a restored backup's new
records still reach HQ."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select
from test_sync_support import demo_post, record_clearances

from db.backup import online_backup
from db.models import ClearanceEvent
from desktop_app.desk import Desk
from desktop_app.paths import database_path
from desktop_app.sync import pending_count
from desktop_app.sync.client import SyncClient
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import ThreadedHQ
from tests.helpers.sync import enroll


@pytest.fixture
def scene(tmp_path):
    engine = hq_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    upgrade(engine)
    with ThreadedHQ(engine) as hq:
        post = demo_post(tmp_path / "trg", "TRG", days=1)
        enroll(engine, post, hq.url)
        yield engine, hq, post
        post.close()
    engine.dispose()


def hq_has(engine, ids) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(ClearanceEvent).where(ClearanceEvent.id.in_(ids))
        ).scalar_one()


def test_thirty_syncs_keep_the_connection_count_flat(scene):
    _engine, _hq, post = scene
    client = SyncClient(post)
    client.sync()
    baseline = post.engine.pool.checkedout()
    for _ in range(30):
        record_clearances(post, 2)
        client.sync()
    assert post.engine.pool.checkedout() <= baseline + 1
    assert pending_count(post) == 0


def test_a_post_restored_from_a_backup_still_sends_what_it_records_next(scene, tmp_path):
    engine, _hq, post = scene
    client = SyncClient(post)
    client.sync()
    backup = tmp_path / "backup.sqlite3"
    online_backup(database_path(post.data_dir), backup, key=post.data_key)
    record_clearances(post, 10)  # written and sent after the backup: HQ is ahead
    client.sync()
    post.close()

    # The disk dies; the post is restored from the backup and goes on recording.
    shutil.copy(backup, database_path(post.data_dir))
    restored = Desk.open(post.data_dir)
    try:
        record_clearances(restored, 3)
        with restored.read() as s:
            new = list(
                s.scalars(select(ClearanceEvent.id).order_by(ClearanceEvent.at.desc()).limit(9))
            )
        SyncClient(restored).sync()
        assert hq_has(engine, new) == 9
        assert pending_count(restored) == 0
    finally:
        restored.close()
