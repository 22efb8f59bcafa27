"""The post's data at rest: the database and every backup encrypted, no key no data.

Real files throughout: a post made through the services, its bytes read back
raw and searched for the references and names it holds, in the encodings a
plain reader (``strings``, a hex editor, SQLite itself) would try.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import cipher
from db.enums import Outcome, SubjectKind, TravellerCategory
from desktop_app import clearance, cli, keys
from desktop_app.desk import Desk
from desktop_app.paths import backups_dir, database_path
from tests.conftest import Clock, Post, make_post
from tests.helpers import raw_db

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = [f"E482{n:05d}70" for n in range(40)]  # passport-like, unique in the file


def record_travellers(post: Post, references: list[str]) -> None:
    for reference in references:
        event = clearance.join_queue(
            post.desk,
            lane_id=post.lane.id,
            reference=reference,
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.FOREIGN_NATIONAL,
            by=post.officer.id,
        )
        post.clock.advance(seconds=30)
        clearance.start_service(post.desk, clearance_id=event.clearance_id, by=post.officer.id)
        clearance.finish(
            post.desk, clearance_id=event.clearance_id, outcome=Outcome.CLEARED, by=post.officer.id
        )


def secrets_of(post: Post) -> list[str]:
    names = [post.officer.name, post.deputy.name, post.admin.name]
    return [*REFERENCES[:5], post.officer.badge_no + post.officer.name, *names]


def readable_forms(text: str) -> list[bytes]:
    """The bytes a plain reader would find ``text`` as."""
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def plain_hits(data: bytes, texts: list[str]) -> list[str]:
    return [t for t in texts for form in readable_forms(t) if form in data]


def every_file(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file() and "logs" not in p.parts]


def counts(path: Path) -> dict[str, int]:
    conn = raw_db.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.fixture
def busy_post(tmp_path: Path) -> Post:
    post = make_post(tmp_path / "post", Clock())
    record_travellers(post, REFERENCES)
    return post


def test_database_backups_and_keys_hold_no_reference_or_name_a_plain_reader_recovers(busy_post):
    post = busy_post
    assert cli.main(["--data-dir", str(post.path), "backup"]) == 0
    # While the desk is open (the -wal holds the newest pages) and after it closed.
    for moment in ("open", "closed"):
        files = every_file(post.path)
        assert any(p.name.endswith("-wal") for p in files) or moment == "closed"
        for path in files:
            assert plain_hits(path.read_bytes(), secrets_of(post)) == [], (moment, path)
        post.desk.close()
    backups = list(backups_dir(post.path).glob("desk-*.sqlite3"))
    assert backups
    # The searched texts are there: the same search finds them in a decrypted copy.
    plain = post.path.parent / "decrypted.sqlite3"
    raw_db.decrypt_copy(database_path(post.path), plain)
    assert set(plain_hits(plain.read_bytes(), secrets_of(post))) >= set(REFERENCES[:5])
    for copy in [database_path(post.path), *backups]:
        assert not cipher.is_plaintext(copy)
        assert counts(copy)["clearance_events"] == 3 * len(REFERENCES)


def test_no_key_or_another_key_opens_nothing(busy_post, tmp_path: Path):
    post = busy_post
    post.desk.close()
    path = database_path(post.path)
    # No key: SQLite (and SQLCipher without a key) sees no database.
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    with pytest.raises(cipher.WrongKey):
        bare = cipher.DBAPI.connect(str(path))
        cipher.check_key(bare)
    # Another post's key, and a random one.
    other = make_post(tmp_path / "other", Clock())
    other.desk.close()
    for wrong in (keys.data_key(other.path), os.urandom(32)):
        assert wrong is not None
        with pytest.raises(cipher.WrongKey):
            cipher.connect(path, wrong)
    # The data folder on a machine without its machine secret: refused, nothing changed.
    before = path.read_bytes()
    machine = keys.key_dir() / f"{keys.KeyFile.read(post.path).key_id}.key"  # type: ignore[union-attr]
    secret = machine.read_bytes()
    machine.unlink()
    try:
        with pytest.raises(keys.KeyUnavailable, match="recovery code"):
            Desk.open(post.path)
        assert cli.main(["--data-dir", str(post.path), "stats"]) == 2
    finally:
        machine.write_bytes(secret)
    assert path.read_bytes() == before


def test_a_recovery_code_opens_the_post_on_another_machine(busy_post, tmp_path, monkeypatch):
    post = busy_post
    post.desk.close()
    code = keys.new_recovery_code(post.path)
    monkeypatch.setenv(keys.KEY_DIR_ENV, str(tmp_path / "another-machine"))
    with pytest.raises(keys.KeyUnavailable):
        Desk.open(post.path)
    with pytest.raises(keys.KeyUnavailable, match="does not open"):
        keys.recover(post.path, "AAAA-" + code[5:])
    keys.recover(post.path, code.lower())  # read off paper: case and dashes do not matter
    desk = Desk.open(post.path)
    try:
        assert desk.data_key == keys.data_key(post.path)
    finally:
        desk.close()


def plaintext_post(post: Post, directory: Path) -> dict[str, int]:
    """``directory``: ``post`` as a desk from before encryption left it, with a plaintext
    backup and committed rows still in the write-ahead log.  Returns its row counts."""
    post.desk.close()
    directory.mkdir()
    plain = database_path(directory)
    raw_db.decrypt_copy(database_path(post.path), plain)
    backups_dir(directory).mkdir()
    raw_db.decrypt_copy(
        database_path(post.path), backups_dir(directory) / "desk-20261101-000000.sqlite3"
    )
    conn = sqlite3.connect(plain, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    for i in range(30):
        conn.execute("INSERT INTO local_state (key, value) VALUES (?, ?)", (f"test.wal{i}", "1"))
    holder = sqlite3.connect(plain)  # keeps the -wal from being folded in at close
    holder.execute("SELECT count(*) FROM local_state").fetchone()
    conn.close()
    wal = plain.with_name(plain.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    counted = counts(plain)
    holder.close()
    return counted


def assert_nothing_plain_left(directory: Path, texts: list[str]) -> None:
    for path in every_file(directory):
        data = path.read_bytes()
        assert not data.startswith(cipher.SQLITE_MAGIC), path
        assert plain_hits(data, texts) == [], path
        assert not path.name.endswith((keys.ENCRYPTED, keys.ENCRYPTING, "-journal")), path


def test_a_plaintext_post_is_encrypted_on_open_and_keeps_every_record(busy_post, tmp_path):
    post = busy_post
    texts = secrets_of(post)
    directory = tmp_path / "old-post"
    before = plaintext_post(post, directory)
    assert before["clearance_events"] == 3 * len(REFERENCES)
    assert keys.data_key(directory) is None

    desk = Desk.open(directory)
    try:
        with desk.read() as s:
            from sqlalchemy import text

            events = s.execute(text("SELECT count(*) FROM clearance_events")).scalar_one()
        assert events == before["clearance_events"]
    finally:
        desk.close()
    assert counts(database_path(directory)) == before
    assert_nothing_plain_left(directory, texts)
    copies = sorted(backups_dir(directory).glob("desk-*.sqlite3"))
    assert len(copies) == 2  # the old one, encrypted, and the one taken before the upgrade
    assert any("pre-upgrade" in p.name for p in copies)
    pre = next(p for p in copies if "pre-upgrade" in p.name)
    assert counts(pre)["clearance_events"] == before["clearance_events"]


@pytest.mark.slow
@pytest.mark.parametrize("point", ["exporting", "copied", "backed-up", "scrubbed", "replaced"])
def test_sigkill_during_the_encryption_loses_nothing(busy_post, tmp_path, point):
    post = busy_post
    texts = secrets_of(post)
    directory = tmp_path / "old-post"
    before = plaintext_post(post, directory)
    child = subprocess.run(
        [sys.executable, "-m", "tests.helpers.encrypt_then_die", str(directory), point],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    # The next start finishes the job.
    desk = Desk.open(directory)
    desk.close()
    after = counts(database_path(directory))
    missing = {t: before[t] - after.get(t, 0) for t in before if after.get(t, 0) != before[t]}
    print(f"{point}: rows before {sum(before.values())}, after {sum(after.values())}")
    assert missing == {}
    assert_nothing_plain_left(directory, texts)
    assert cli.main(["--data-dir", str(directory), "check"]) == 0
