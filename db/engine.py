"""Engines and sessions: one factory for the post's SQLite file, one for any URL.

SQLite settings follow SQLAlchemy's own advice for the pysqlite driver: the
pragmas are set on every new connection, and we emit BEGIN ourselves because
the driver's legacy transaction handling defers it and mishandles SAVEPOINT.
Writers use BEGIN IMMEDIATE so that two writers (the UI's worker and the sync
client) queue on the busy timeout instead of failing when a read transaction
tries to become a write transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

from db import cipher
from db.outbox import SyncSession

BUSY_TIMEOUT_MS = 10_000

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    # FULL: a commit reported to the officer survives a power cut, not just a crash.
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def apply_pragmas(dbapi_connection: sqlite3.Connection) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def sqlite_engine(path: Path, *, key: bytes | None = None, **kwargs: Any) -> Engine:
    """An engine for the SQLite file ``path``; with ``key``, encrypted with SQLCipher.

    An encrypted file is opened through the pysqlite dialect with SQLCipher's
    DB-API module (the same API, so SQLAlchemy, Alembic and the prepared hot
    path see no difference) and a creator that sets the key before the
    dialect's first query reads the file.
    """
    if key is not None:
        kwargs.setdefault("module", cipher.DBAPI)
        kwargs.setdefault("creator", lambda: cipher.connect(path, key, check_same_thread=False))
    engine = create_engine(f"sqlite:///{path}", **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        apply_pragmas(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        # Straight to the driver: this runs before every write on the hot path.
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def engine_for_url(url: str, **kwargs: Any) -> Engine:
    """An engine for a URL: SQLite files get the post's settings, others as they are."""
    if url.startswith("sqlite:///"):
        return sqlite_engine(Path(url.removeprefix("sqlite:///")), **kwargs)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def writer(engine: Engine) -> Engine:
    """The same engine, but transactions start as writers (BEGIN IMMEDIATE on SQLite)."""
    return engine.execution_options(sqlite_immediate=True)


def session_factory(engine: Engine) -> sessionmaker[SyncSession]:
    # expire_on_commit=False: services hand rows back to callers after commit
    # (often to another thread); they must not reload lazily there.
    return sessionmaker(bind=engine, class_=SyncSession, expire_on_commit=False)
