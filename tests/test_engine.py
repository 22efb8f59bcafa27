"""SQLite engine settings (db/engine.py) and the desk's writer transactions."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, event, func, select, text
from sqlalchemy.exc import IntegrityError

from db import cipher
from db.base import Base
from db.engine import BUSY_TIMEOUT_MS, sqlite_engine
from db.models import AuditEntry
from desktop_app import audit, keys
from desktop_app.desk import Desk
from tests.helpers import raw_db
from tests.helpers.waiting import blocked_in, wait_until

EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": 10_000,
}


def pragmas(driver_connection: sqlite3.Connection) -> dict[str, Any]:
    return {
        name: driver_connection.execute(f"PRAGMA {name}").fetchone()[0] for name in EXPECTED_PRAGMAS
    }


def driver(conn: Connection) -> sqlite3.Connection:
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection | cipher.DBAPI.Connection)
    return raw  # type: ignore[return-value]  # (SQLCipher's has the same API)


def test_busy_timeout_constant_is_ten_seconds():
    assert BUSY_TIMEOUT_MS == 10_000


def test_every_new_pooled_connection_gets_the_post_pragmas(tmp_path: Path):
    engine = sqlite_engine(tmp_path / "pool.sqlite3")
    try:
        # Several connections checked out at once: each is its own new DBAPI connection.
        conns = [engine.connect() for _ in range(4)]
        raws = [driver(c) for c in conns]
        assert len({id(r) for r in raws}) == 4
        for raw in raws:
            assert pragmas(raw) == EXPECTED_PRAGMAS
        for c in conns:
            c.close()
        # After the pool is thrown away, fresh connections are set up the same way.
        engine.dispose()
        with engine.connect() as c:
            assert pragmas(driver(c)) == EXPECTED_PRAGMAS
    finally:
        engine.dispose()


def test_pragmas_hold_on_a_connection_opened_in_another_thread(tmp_path: Path):
    engine = sqlite_engine(tmp_path / "threads.sqlite3")
    found: list[dict[str, Any]] = []

    def work() -> None:
        with engine.connect() as c:
            found.append(pragmas(driver(c)))

    try:
        with engine.connect() as held:  # keeps the first connection busy
            t = threading.Thread(target=work)
            t.start()
            t.join()
            assert pragmas(driver(held)) == EXPECTED_PRAGMAS
        assert found == [EXPECTED_PRAGMAS]
    finally:
        engine.dispose()


def test_desk_writer_and_reader_connections_have_the_pragmas(post):
    desk = post.desk
    with desk.unit() as s:
        assert pragmas(driver(s.connection())) == EXPECTED_PRAGMAS
    with desk.read() as s:
        assert pragmas(driver(s.connection())) == EXPECTED_PRAGMAS

    # another thread gets its own writer connection, set up the same way
    found: list[dict[str, Any]] = []
    writer_ids: list[int] = []

    def work() -> None:
        with desk.unit() as s:
            raw = driver(s.connection())
            writer_ids.append(id(raw))
            found.append(pragmas(raw))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    with desk.unit() as s:
        main_writer = id(driver(s.connection()))
    assert found == [EXPECTED_PRAGMAS]
    assert writer_ids and writer_ids[0] != main_writer


def _traced_desk(path: Path, clock: Any) -> tuple[Desk, list[str]]:
    """A desk on ``path`` whose every connection logs the SQL it runs, BEGINs included."""
    statements: list[str] = []
    key = keys.data_key(path.parent)
    engine = sqlite_engine(path, key=key)

    @event.listens_for(engine, "connect")
    def _trace(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    return Desk(engine, clock=clock, data_dir=path.parent, key=key), statements


def test_units_begin_immediate_and_reads_begin_deferred(post):
    post.desk.close()
    desk, statements = _traced_desk(post.path / "desk.sqlite3", post.clock)
    try:
        statements.clear()
        audit.record(desk, action="test.write", by=post.officer.id)
        begins = [s for s in statements if s.upper().startswith("BEGIN")]
        assert begins == ["BEGIN IMMEDIATE"], statements
        assert statements.index("BEGIN IMMEDIATE") < next(
            i for i, s in enumerate(statements) if "INSERT INTO audit_entries" in s
        )
        assert statements[-1] == "COMMIT"

        statements.clear()
        with desk.read() as s:
            s.scalar(select(func.count()).select_from(AuditEntry))
        begins = [s for s in statements if s.upper().startswith("BEGIN")]
        assert begins == ["BEGIN"], statements  # readers never take the write lock
    finally:
        desk.close()


def test_a_second_writer_waits_for_the_first_instead_of_failing(post):
    desk = post.desk
    holding = threading.Event()
    release = threading.Event()
    timeline: list[str] = []  # what happened, in order
    errors: list[BaseException] = []
    seen_by_second: list[int] = []

    def first() -> None:
        try:
            with desk.unit() as s:
                audit.log(s, desk, action="test.first", by=post.officer.id)
                s.flush()
                holding.set()
                assert release.wait(60)
                timeline.append("first_commits")
        except BaseException as error:  # surfaced in the main thread
            errors.append(error)
            holding.set()

    def second() -> None:
        try:
            timeline.append("second_asks")
            with desk.unit() as s:
                timeline.append("second_enters")
                # read, then write: a deferred BEGIN would hold a stale snapshot here
                seen_by_second.append(
                    s.scalar(
                        select(func.count())
                        .select_from(AuditEntry)
                        .where(AuditEntry.action == "test.first")
                    )
                )
                audit.log(s, desk, action="test.second", by=post.officer.id)
            timeline.append("second_done")
        except BaseException as error:
            errors.append(error)

    a = threading.Thread(target=first)
    a.start()
    assert holding.wait(60)
    b = threading.Thread(target=second)
    b.start()
    # The second writer is inside its BEGIN IMMEDIATE, which SQLite holds until the
    # first commits: that it is waiting there is the condition, not a length of time.
    wait_until(lambda: blocked_in(b, "_on_begin"), what="the second writer waits for the lock")
    assert "second_enters" not in timeline, "the second writer did not wait for the first"
    release.set()
    a.join(60)
    b.join(60)
    assert not errors, errors
    assert timeline == ["second_asks", "first_commits", "second_enters", "second_done"]
    # the second unit saw the first one's committed row and both rows are stored
    assert seen_by_second == [1]
    with desk.read() as s:
        actions = set(
            s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("test.%"))).all()
        )
    assert actions == {"test.first", "test.second"}


def test_a_raw_writer_holding_the_lock_makes_a_unit_wait_not_fail(post):
    """Another process (or the sync client) holds the write lock for a moment."""
    other = raw_db.connect(post.path / "desk.sqlite3", isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO local_state (key, value) VALUES ('test.lock', '1')")
        done: list[str] = []
        errors: list[BaseException] = []

        def unit() -> None:
            try:
                audit.record(post.desk, action="test.waited", by=post.officer.id)
                done.append("unit committed")
            except BaseException as error:
                errors.append(error)

        t = threading.Thread(target=unit)
        t.start()
        wait_until(lambda: blocked_in(t, "_on_begin"), what="the unit waits for the lock")
        assert not done and not errors, errors
        done.append("other released")
        other.execute("COMMIT")
        t.join(60)
        assert not errors, errors
        assert done == ["other released", "unit committed"]
    finally:
        other.close()
    assert post.count("audit_entries WHERE action = 'test.waited'") == 1


def test_readers_are_not_blocked_by_an_open_write_transaction(post):
    desk = post.desk
    holding = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with desk.unit() as s:
            audit.log(s, desk, action="test.uncommitted", by=post.officer.id)
            s.flush()
            holding.set()
            release.wait(60)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert holding.wait(60)
        # The writer keeps its transaction open until this read is done: were readers
        # blocked by it, the read would fail with "database is locked" after the busy
        # timeout instead of answering.
        with desk.read() as s:
            n = s.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "test.uncommitted")
            )
        assert n == 0  # not visible before commit
        assert t.is_alive() and not release.is_set()
    finally:
        release.set()
        t.join(15)
    assert post.count("audit_entries WHERE action = 'test.uncommitted'") == 1


def test_foreign_keys_are_enforced_on_the_desk_connection(post):
    with pytest.raises(IntegrityError), post.desk.unit() as s:
        s.execute(
            text("UPDATE lanes SET port_id = :p WHERE code = 'P-IN-1'"),
            {"p": "0" * 32},
        )
    assert post.lane_by_code("P-IN-1").port_id == post.desk.port_id


def test_metadata_creates_on_a_fresh_engine_file(tmp_path: Path):
    engine = sqlite_engine(tmp_path / "fresh.sqlite3")
    try:
        Base.metadata.create_all(engine)
        with engine.connect() as c:
            names = {
                r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            }
        assert set(Base.metadata.tables) <= names
    finally:
        engine.dispose()
