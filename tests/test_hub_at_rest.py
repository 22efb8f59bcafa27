"""The post hub's database at rest: encrypted as a desk's is, no key no data, a plaintext hub
encrypted in place without losing a row.

A real HQ and a real hub (``serve --hub``) as subprocesses on loopback, a
real desk syncing with the hub; the hub's files are read back raw and
searched for the travellers' references and officers' names they hold, in
the encodings a plain reader would try (test_encryption.py's search).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_encryption import REFERENCES, every_file, plain_hits, record_travellers, secrets_of
from test_sync_support import HQ, joined_hub, joined_hub_database

from db import cipher
from desktop_app import keys
from desktop_app.sync.client import SyncClient
from hq.cli import main as hq_main
from hq.hub.at_rest import hub_engine, place
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import HQServer, hub_server
from tests.conftest import Clock, Post, make_post
from tests.helpers.sync import check_union, enroll
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HQ]:
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    with HQServer(url, log=tmp_path / "hq.log") as server:
        yield HQ(server, engine, url)
    engine.dispose()


@pytest.fixture
def busy_post(tmp_path: Path) -> Iterator[Post]:
    post = make_post(tmp_path / "post", Clock())
    record_travellers(post, REFERENCES)
    yield post
    post.desk.close()


def hub_files(directory: Path) -> list[Path]:
    """The hub's database, its side files and its key file (its log is looked at apart)."""
    return [p for p in every_file(directory) if p.suffix != ".log"]


def table_counts(url: str) -> dict[str, int]:
    engine = hq_engine(url)
    try:
        with engine.connect() as conn:
            names = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).scalars()
            return {
                t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one()
                for t in list(names)
            }
    finally:
        engine.dispose()


def all_at_hq(hq: HQ, post: Post) -> bool:
    check = check_union(hq.engine, [post.desk])
    assert check.duplicated == 0 and check.unexpected == 0, check.line()
    return check.lost == 0


def test_the_hubs_files_hold_no_reference_or_name_and_no_key_opens_nothing(
    hq: HQ, busy_post: Post, tmp_path: Path, capsys
):
    post = busy_post
    folder = tmp_path / "hub"
    with joined_hub(hq, folder) as hub:
        enroll(hub.engine, post.desk, hub.url)
        with SyncClient(post.desk) as client:
            client.sync()
        # While the hub runs (its -wal holds the newest pages) and after it stopped.
        for moment in ("running", "stopped"):
            files = hub_files(folder)
            assert any(p.name.endswith("-wal") for p in files) or moment == "stopped"
            for path in files:
                assert plain_hits(path.read_bytes(), secrets_of(post)) == [], (moment, path)
            hub.server.kill()
        hub.engine.dispose()
    # Nor does what the hub logged.
    for log in folder.rglob("*.log"):
        assert plain_hits(log.read_bytes(), secrets_of(post)) == [], log
    database = folder / "hub.sqlite3"
    assert not cipher.is_plaintext(database)
    where = place(f"sqlite:///{database}")
    assert where is not None and where.key_file.exists()
    # The searched texts are there: the same search finds them once decrypted.
    key = keys.data_key(where)
    assert key is not None
    plain = tmp_path / "decrypted.sqlite3"
    cipher.export_plaintext(database, plain, key)
    assert set(plain_hits(plain.read_bytes(), secrets_of(post))) >= set(REFERENCES[:5])

    # No key: SQLite sees no database; another key opens nothing.
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(database).execute("SELECT count(*) FROM sqlite_master").fetchone()
    for wrong in (keys.data_key(post.path), bytes(32)):
        with pytest.raises(cipher.WrongKey):
            cipher.connect(database, wrong)
    # The key file alone opens nothing: without this machine's secret, every command says so.
    key_file = keys.KeyFile.read(where)
    assert key_file is not None
    secret = keys.key_dir() / f"{key_file.key_id}.key"
    moved = tmp_path / "secret-elsewhere"
    shutil.move(secret, moved)
    try:
        with pytest.raises(keys.KeyUnavailable, match="does not hold its key"):
            hq_engine(f"sqlite:///{database}")
        assert hq_main(["devices", "--db", f"sqlite:///{database}"]) == 2
        assert "does not hold its key" in capsys.readouterr().err
    finally:
        shutil.move(moved, secret)


def test_a_plaintext_hub_is_encrypted_in_place_keeping_every_row(
    hq: HQ, busy_post: Post, tmp_path: Path
):
    post = busy_post
    folder = tmp_path / "hub"
    url = joined_hub_database(hq, folder)
    server = hub_server(url, log=folder / "hub.log").start()
    try:
        enroll(hq_engine(url), post.desk, server.url)
        with SyncClient(post.desk) as client:
            client.sync()
        wait_until(lambda: all_at_hq(hq, post), what="the hub relayed everything to HQ")
    finally:
        server.kill()
    # The hub as an earlier version left it: the same rows, in a plaintext file, no key file.
    where = place(url)
    assert where is not None
    key = keys.data_key(where)
    assert key is not None
    database = where.database
    plain = tmp_path / "plain.sqlite3"
    cipher.export_plaintext(database, plain, key)
    for side in ("-wal", "-shm"):
        database.with_name(database.name + side).unlink(missing_ok=True)
    plain.replace(database)
    where.key_file.unlink()
    assert cipher.is_plaintext(database)
    before = table_counts(url)
    assert before["clearance_events"] == 3 * len(REFERENCES) and plain_hits(
        database.read_bytes(), REFERENCES[:5]
    )

    # It starts as a hub again (same address): encrypted in place before it serves, every
    # row kept.
    server.start()
    try:
        assert not cipher.is_plaintext(database) and where.key_file.exists()
        assert table_counts(url) == before
        for path in hub_files(folder):
            assert not path.name.endswith((keys.ENCRYPTED, keys.ENCRYPTING)), path
            assert plain_hits(path.read_bytes(), secrets_of(post)) == [], path
        # And it goes on: a desk's new records reach HQ through it, once each.
        record_travellers(post, [f"G{n:08d}" for n in range(5)])
        with SyncClient(post.desk) as client:
            client.sync()
        wait_until(lambda: all_at_hq(hq, post), what="the new records at HQ, once each")
        assert table_counts(url)["clearance_events"] == 3 * (len(REFERENCES) + 5)
    finally:
        server.kill()


def test_the_hubs_recovery_code_opens_it_on_another_machine(tmp_path: Path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}"
    engine = hub_engine(url)  # as hub-join makes it: encrypted from its first page
    upgrade(engine)
    engine.dispose()
    before = table_counts(url)
    assert before["ports"] > 0
    assert hq_main(["hub-key", "status", "--db", url]) == 0
    status = capsys.readouterr().out
    assert "encrypted: True" in status and "recovery_code: False" in status
    assert hq_main(["hub-key", "recovery-code", "--db", url]) == 0
    code = capsys.readouterr().out.splitlines()[1].strip()
    # Another machine: no secret for this key there; the message names the way in.
    monkeypatch.setenv(keys.KEY_DIR_ENV, str(tmp_path / "another-machine"))
    with pytest.raises(keys.KeyUnavailable, match="checkpoint-hq hub-key recover"):
        hq_engine(url)
    assert hq_main(["hub-key", "recover", "--db", url, "--code", "AAAA-" + code[5:]]) == 2
    assert "does not open" in capsys.readouterr().err
    assert hq_main(["hub-key", "recover", "--db", url, "--code", code]) == 0
    assert table_counts(url) == before
