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

import functools
import json
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, Uuid, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db.base import UTCDateTime, utcnow
from db.engine import engine_for_url
from db.hlc import HybridClock
from desktop_app import keys
from desktop_app.protocol.codec import codec
from desktop_app.protocol.rules import HQ_NODE
from hq.models import Change, Counter, Setting

DEFAULT_DB_URL = "sqlite:///checkpoint-hq.sqlite3"


def hq_engine(url: str) -> Engine:
    """An engine for HQ's database URL (SQLite files get the post's durable settings).

    An SQLite file with a key file beside it (a post's hub: ``hq.hub.at_rest``)
    opens encrypted, with the key this machine holds for it.
    """
    if url.startswith("postgresql"):
        return engine_for_url(
            url,
            pool_size=8,
            max_overflow=8,
            connect_args={"application_name": "checkpoint-hq"},
        )
    where = keyed_place(url)
    key = keys.opening_key(where) if where is not None else None
    return engine_for_url(url, key=key) if key is not None else engine_for_url(url)


def keyed_place(url: str) -> keys.Place | None:
    """Where an SQLite database keeps its key file, if it has one (a post's hub:
    ``hq.hub.at_rest``); None for PostgreSQL or an in-memory database."""
    path = sqlite_file(url)
    if path is None:
        return None
    return keys.Place.of_database(path, "checkpoint-hq hub-key recover --db URL")


def sqlite_file(url: str) -> Path | None:
    """The SQLite file of ``url``; None for another engine or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database)).expanduser()


def begin_write(engine: Engine) -> Any:
    """A write transaction (BEGIN IMMEDIATE on SQLite, so writers queue instead of failing)."""
    return engine.execution_options(sqlite_immediate=True).begin()


def insert_ignore(conn: Connection, table: Table, *, key_only: bool = False) -> Any:
    """INSERT … ON CONFLICT DO NOTHING for the connection's dialect.

    ``key_only``: only a row with the same primary key is skipped; any other
    constraint the row breaks (a unique approval, say) still raises.
    """
    keys = [c.key for c in table.primary_key.columns] if key_only else None
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=keys)
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=keys)


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


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    skip_existing: bool = False,
) -> None:
    """Insert many rows, fast, in the connection's transaction.

    On PostgreSQL the rows go as one array per column into one statement
    (``INSERT … SELECT * FROM unnest(…)``): one parse, one round trip, the
    arrays adapted in C.  SQLAlchemy's default for many rows there is a
    multi-VALUES statement whose text psycopg re-parses on every batch, and
    ``executemany`` pays per row; either cost more than everything else in a
    500-row push (see bench/bench_sync.py).  On SQLite, executemany is cheap.
    """
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        statement = insert_ignore(conn, table) if skip_existing else table.insert()
        conn.execute(statement, list(rows))
        return
    sql, columns, adapters = _pg_unnest(table, skip_existing)
    arrays = tuple(
        [adapt(row.get(name)) for row in rows] if adapt else [row.get(name) for row in rows]
        for name, adapt in zip(columns, adapters, strict=True)
    )
    _execute_raw(conn, sql, arrays)


@functools.cache
def _pg_unnest(
    table: Table, skip_existing: bool
) -> tuple[str, tuple[str, ...], tuple[Callable[[Any], Any] | None, ...]]:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    columns = tuple(c.key for c in table.columns)
    # %b: arrays go in binary; as text, every element would be scanned for escaping.
    casts = []
    adapters: list[Callable[[Any], Any] | None] = []
    for column in table.columns:
        kind = column.type.dialect_impl(dialect)
        if isinstance(column.type, JSON):
            casts.append("%b::text[]::json[]")  # JSON travels as text, one value per row
            adapters.append(_json_text)
            continue
        name = kind.compile(dialect=dialect).split("(")[0]  # VARCHAR(36) → VARCHAR
        casts.append(f"%b::{name}[]")
        adapters.append(None)
    quoted = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{table.name}" ({quoted}) SELECT * FROM unnest({", ".join(casts)})'
    if skip_existing:
        sql += " ON CONFLICT DO NOTHING"
    return sql, columns, tuple(adapters)


def insert_wire(
    conn: Connection, table: Table, columns: Sequence[str], values: Sequence[Sequence[Any]]
) -> None:
    """Insert rows given as checked column-major *wire* values (``codec.check_columns``).

    PostgreSQL converts the wire forms itself (hex text to uuid, integer
    microseconds to timestamptz), so no Python object is made per value;
    elsewhere the values are converted to Python first.  Rows whose id
    exists already are skipped; a row breaking another constraint is an
    error (never skipped silently: the post sets it aside).
    """
    if not values or not values[0]:
        return
    if conn.dialect.name != "postgresql":
        rows = codec(table.name).decode_columns(columns, values)
        conn.execute(insert_ignore(conn, table, key_only=True), rows)
        return
    sql, adapters = _pg_wire_insert(table, tuple(columns))
    arrays = tuple(
        [adapt(v) for v in column] if adapt else list(column)
        for column, adapt in zip(values, adapters, strict=True)
    )
    _execute_raw(conn, sql, arrays)


@functools.cache
def _pg_wire_insert(
    table: Table, columns: tuple[str, ...]
) -> tuple[str, tuple[Callable[[Any], Any] | None, ...]]:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    params, selects, adapters = [], [], []
    for index, name in enumerate(columns):
        column = table.c[name]
        alias = f"c{index}"
        adapter: Callable[[Any], Any] | None = None
        if isinstance(column.type, Uuid):
            params.append("%b::text[]")
            selects.append(f"{alias}::uuid")
        elif isinstance(column.type, UTCDateTime):
            # Exact: the interval arithmetic is done in whole microseconds.
            params.append("%b::int8[]")
            selects.append(f"timestamptz 'epoch' + {alias} * interval '1 microsecond'")
        elif isinstance(column.type, JSON):
            params.append("%b::text[]")
            selects.append(f"{alias}::json")
            adapter = _json_text
        else:
            kind = column.type.dialect_impl(dialect).compile(dialect=dialect).split("(")[0]
            params.append(f"%b::{kind}[]")
            selects.append(alias)
        adapters.append(adapter)
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    quoted = ", ".join(f'"{c}"' for c in columns)
    sql = (
        f'INSERT INTO "{table.name}" ({quoted}) SELECT {", ".join(selects)} '
        f"FROM unnest({', '.join(params)}) AS rows({aliases}) ON CONFLICT (id) DO NOTHING"
    )
    return sql, tuple(adapters)


def existing_ids(conn: Connection, table: Table, ids: Sequence[str]) -> dict[str, str]:
    """Which of these ids (hex) ``table`` holds already: id → its port_id (hex)."""
    if not ids:
        return {}
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(
                f'SELECT id, port_id FROM "{table.name}" WHERE id = ANY(%b::text[]::uuid[])',
                (list(ids),),
            )
            return {row[0].hex: row[1].hex for row in cursor.fetchall()}
        finally:
            cursor.close()
    found = conn.execute(
        select(table.c.id, table.c.port_id).where(table.c.id.in_([uuid.UUID(i) for i in ids]))
    )
    return {record_id.hex: port_id.hex for record_id, port_id in found}


def _execute_raw(conn: Connection, sql: str, params: Any) -> None:
    """Run a statement on the driver's cursor; its errors as SQLAlchemy's, like any other."""
    import psycopg

    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
    except psycopg.Error as error:  # a constraint the row breaks: IntegrityError, and so on
        raise DBAPIError.instance(sql, params, error, psycopg.Error) from None
    finally:
        cursor.close()


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
    insert_rows(
        conn,
        Change.__table__,  # type: ignore[arg-type]
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
