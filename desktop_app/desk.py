"""The Desk: one post's database and the context every service works in.

Like Anki's Collection object, it is what the UI holds on to; services are
functions that take it.  A *unit* is one user action: one transaction that
commits whole or not at all.  Units nest: a service called inside another
unit joins it, so composite actions (the demo generator, a close-out) stay
atomic without each service knowing who called it.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from db import health
from db.base import utcnow
from db.engine import session_factory, sqlite_engine, writer
from db.hlc import HybridClock
from db.migrate import UpgradeReport, head_revision, prepare_database, refuse_if_too_new
from db.models import LocalState, OutboxEntry, Port
from db.outbox import WriteContext
from desktop_app import keys
from desktop_app.paths import backups_dir, database_path

ChangeListener = Callable[[frozenset[str]], None]


class NotInitialized(RuntimeError):
    """The data directory holds no post yet (run ``checkpoint-desk init``)."""


class Desk:
    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime] = utcnow,
        data_dir: Path | None = None,
        upgrade: UpgradeReport | None = None,
        key: bytes | None = None,
    ) -> None:
        self.engine = engine
        # The data key (None: a plaintext database, as in tests of the engine alone):
        # backups taken through the desk are encrypted with it.
        self.data_key = key
        self.clock = clock
        self.data_dir = data_dir
        self.upgrade_report = upgrade
        self._writes = session_factory(writer(engine))
        # One long-lived writer connection (and session) per thread: checking
        # one out of the pool for every keystroke costs more than the commit.
        self._writer_local = threading.local()
        self._writer_connections: dict[int, tuple[threading.Thread, Connection]] = {}
        self._writer_lock = threading.Lock()
        self._reads = session_factory(engine)
        self._current: ContextVar[Session | None] = ContextVar(f"desk-{id(self)}", default=None)
        self._listeners: list[ChangeListener] = []
        with self._reads() as s:
            state = {row.key: row.value for row in s.scalars(select(LocalState))}
            if "port_code" not in state:
                raise NotInitialized(
                    "no post in this database: run `checkpoint-desk init --port CODE`"
                )
            port = s.scalars(select(Port).where(Port.code == state["port_code"])).one()
            # The newest entry carries the highest stamp (stamps only grow); the
            # outbox is never pruned, so no max() over all of it at start-up.
            last_hlc = s.scalar(select(OutboxEntry.hlc).order_by(OutboxEntry.seq.desc()).limit(1))
        self.device_id: str = state["device_id"]
        self.port_code: str = port.code
        self.port_id: uuid.UUID = port.id
        self.port_zone = ZoneInfo(port.time_zone)
        self.hlc = HybridClock(self.device_id, wall=clock, last=last_hlc)

    @classmethod
    def open(cls, directory: Path, *, clock: Callable[[], datetime] = utcnow) -> Desk:
        """Open the post in ``directory``, upgrading its schema (after a backup) if needed.

        Never creates a database: a folder with none (or an SQLite file with no
        tables yet) is ``NotInitialized``; a file that is not a sound post
        database is ``DatabaseUnusable``, and left as it is.
        """
        path = database_path(directory)
        found = keys.opening_key(directory)
        revision = health.inspect(path, backups=backups_dir(directory), key=found)
        if revision is None:
            raise NotInitialized(f"no post in {path}: run `checkpoint-desk init --port CODE`")
        if keys.needs_encryption(directory):  # a newer schema is refused before a byte changes
            refuse_if_too_new(revision, head_revision())
        key = keys.post_key(directory)  # encrypts a post from before encryption, once
        engine = sqlite_engine(path, key=key)
        report = prepare_database(engine, path, backups_dir(directory), key=key)
        return cls(engine, clock=clock, data_dir=directory, upgrade=report, key=key)

    @property
    def database_file(self) -> Path | None:
        return database_path(self.data_dir) if self.data_dir else None

    def now(self) -> datetime:
        return self.clock()

    def local_time(self, at: datetime) -> datetime:
        """A UTC time as the port's clocks show it."""
        return at.astimezone(self.port_zone)

    @contextmanager
    def unit(self, *, remote: bool = False) -> Iterator[Session]:
        """One atomic write; joins the enclosing unit when there is one.

        ``remote=True`` is for the sync client applying rows received from HQ:
        they keep their stamps and are not queued for sending back.
        """
        outer = self._current.get()
        if outer is not None:
            if remote != bool(outer.info["write"].remote):
                raise RuntimeError("a remote unit cannot nest in a local one, nor the reverse")
            yield outer
            return
        conn, session = self._writer()
        ctx = WriteContext(device_id=self.device_id, clock=self.hlc, now=self.clock, remote=remote)
        try:
            with conn.begin():  # commits on success, rolls back on any exception
                session.info["write"] = ctx
                token = self._current.set(session)
                try:
                    yield session
                    session.flush()
                finally:
                    self._current.reset(token)
                    session.close()
        except BaseException:
            # A COMMIT SQLite refused (a deferred foreign key) leaves its transaction
            # open on the connection: end it, or the next unit could not begin.
            with contextlib.suppress(Exception):  # (the connection may be gone: fine)
                raw = conn.connection.driver_connection
                if raw is not None and raw.in_transaction:
                    raw.rollback()
            raise
        if ctx.changed_tables:
            self._announce(frozenset(ctx.changed_tables))

    def _writer(self) -> tuple[Connection, Session]:
        """This thread's writer connection and the session reused on it (closed after each unit)."""
        pair: tuple[Connection, Session] | None = getattr(self._writer_local, "pair", None)
        if pair is None or pair[0].closed:
            conn = writer(self.engine).connect()
            pair = (conn, self._writes(bind=conn))
            self._writer_local.pair = pair
            with self._writer_lock:
                # Threads come and go (a worker pool, a sync run): give back the
                # connections of threads that ended, or the pool runs dry.
                for ident, (thread, old) in list(self._writer_connections.items()):
                    if not thread.is_alive():
                        old.close()
                        del self._writer_connections[ident]
                self._writer_connections[threading.get_ident()] = (
                    threading.current_thread(),
                    conn,
                )
        return pair

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot; inside a unit, the unit's own session."""
        outer = self._current.get()
        if outer is not None:
            yield outer
            return
        # Closing (not rolling back) ends the read transaction without
        # expiring what was loaded: callers keep usable, detached rows.
        with self._reads() as session:
            yield session

    def add_listener(self, listener: ChangeListener) -> None:
        """Call ``listener(tables)`` after every commit that changed synced rows."""
        self._listeners.append(listener)

    def remove_listener(self, listener: ChangeListener) -> None:
        self._listeners.remove(listener)

    def _announce(self, tables: frozenset[str]) -> None:
        for listener in list(self._listeners):
            listener(tables)

    def close(self) -> None:
        with self._writer_lock:
            for _, conn in self._writer_connections.values():
                conn.close()
            self._writer_connections.clear()
        self.engine.dispose()
