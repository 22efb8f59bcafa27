"""Database plumbing HQ's services share: engines, upserts, the change log, HQ's clock.

Change numbers must become visible in order, or a post could read change 11,
move its cursor past 10, and never see 10 when that transaction commits
later.  So numbers are taken from one counter row *at the end* of a
transaction, just before commit: the row lock makes the next writer wait
until this one has committed, and numbers commit in order (on SQLite the
single writer gives the same).  Everything else in the transaction runs
before, in parallel with other writers.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from db.base import utcnow
from db.engine import engine_for_url
from db.hlc import HybridClock
from desktop_app.sync.rules import HQ_NODE
from hq.models import Change, Counter, Setting

DEFAULT_DB_URL = "sqlite:///checkpoint-hq.sqlite3"


def hq_engine(url: str) -> Engine:
    """An engine for HQ's database URL (SQLite files get the post's durable settings)."""
    if url.startswith("postgresql"):
        return engine_for_url(
            url,
            pool_size=8,
            max_overflow=8,
            connect_args={"application_name": "checkpoint-hq"},
        )
    return engine_for_url(url)


def begin_write(engine: Engine) -> Any:
    """A write transaction (BEGIN IMMEDIATE on SQLite, so writers queue instead of failing)."""
    return engine.execution_options(sqlite_immediate=True).begin()


def insert_ignore(conn: Connection, table: Table) -> Any:
    """INSERT … ON CONFLICT DO NOTHING for the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def upsert(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], keys: Sequence[str]
) -> None:
    """Insert rows, or update every other column where the key exists."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    others = {c: statement.excluded[c] for c in rows[0] if c not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=others), rows)


# -- change log -----------------------------------------------------------------


@dataclass(frozen=True)
class ChangeEntry:
    entity: str
    record_id: uuid.UUID
    port_id: uuid.UUID | None
    source_device: str
    hlc: str


def record_changes(conn: Connection, entries: Sequence[ChangeEntry]) -> int:
    """Number and store change entries; call last in the transaction.  Returns the last number."""
    if not entries:
        return 0
    end: int = conn.execute(
        update(Counter)
        .where(Counter.name == "change")
        .values(value=Counter.value + len(entries))
        .returning(Counter.value)
    ).scalar_one()
    first = end - len(entries) + 1
    conn.execute(
        insert(Change),
        [
            {
                "change_no": first + i,
                "entity": e.entity,
                "record_id": e.record_id,
                "port_id": e.port_id,
                "source_device": e.source_device,
                "hlc": e.hlc,
            }
            for i, e in enumerate(entries)
        ],
    )
    return end


def last_change(conn: Connection) -> int:
    return int(conn.execute(select(Counter.value).where(Counter.name == "change")).scalar_one())


# -- HQ's clock -----------------------------------------------------------------


class HQClock:
    """HQ's hybrid logical clock, kept across restarts in ``hq_settings``."""

    KEY = "hlc"

    def __init__(self, engine: Engine, wall: Callable[[], datetime] = utcnow) -> None:
        with engine.connect() as conn:
            last = conn.execute(select(Setting.value).where(Setting.key == self.KEY)).scalar()
        self.clock = HybridClock(HQ_NODE, wall=wall, last=last)
        self.wall = wall
        self._lock = threading.Lock()

    def tick(self) -> str:
        return self.clock.tick()

    def observe(self, stamps: Iterable[str]) -> None:
        for stamp in stamps:
            self.clock.observe(stamp)

    def now(self) -> datetime:
        return self.wall()

    def now_ms(self) -> int:
        return int(self.wall().timestamp() * 1000)

    def save(self, conn: Connection) -> None:
        """Persist the clock's position in the caller's transaction."""
        upsert(conn, Setting.__table__, [{"key": self.KEY, "value": self.clock.last}], ["key"])  # type: ignore[arg-type]
