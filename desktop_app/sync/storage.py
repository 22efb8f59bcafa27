"""Rows between SQLite's storage and the wire, for pushes and pulls, without per-row overhead.

SQLAlchemy on SQLite stores a UUID as 32 hex digits and a UTC time as
``YYYY-MM-DD HH:MM:SS.ffffff`` text; the wire form is the same hex digits
and integer microseconds.  Reading through SQLAlchemy would build a UUID and
a datetime object for every value only to take them apart again: for a
500-row batch that was most of the post's cost of a push
(bench/bench_sync.py).  This reads the rows on the driver's cursor, inside
the caller's transaction, and converts only what differs.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, time
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Table, Time, Uuid, bindparam
from sqlalchemy.dialects import sqlite

from db.base import UTCDateTime
from desktop_app.protocol.codec import EPOCH, MICROSECOND, synced_tables

_NAIVE_EPOCH = EPOCH.replace(tzinfo=None)
Converter = Callable[[Any], Any] | None


def _micros(stored: Any) -> Any:
    if stored is None:
        return None
    return (datetime.fromisoformat(stored) - _NAIVE_EPOCH) // MICROSECOND


def _time(stored: Any) -> Any:
    return None if stored is None else time.fromisoformat(stored).isoformat()


def _bool(stored: Any) -> Any:
    return None if stored is None else bool(stored)


def _json(stored: Any) -> Any:
    return None if stored is None else json.loads(stored)


def _converter(column: Any) -> Converter:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _micros
    if isinstance(kind, Time):
        return _time
    if isinstance(kind, Boolean):
        return _bool
    if isinstance(kind, JSON):
        return _json
    if isinstance(kind, Uuid):
        return None  # stored as the wire form already
    return None  # text, integers, enum values: stored as sent


@functools.cache
def _reader(name: str) -> tuple[str, int, tuple[Converter, ...]]:
    table: Table = synced_tables()[name]
    columns = ", ".join(f'"{c.key}"' for c in table.columns)
    id_at = [c.key for c in table.columns].index("id")
    converters = tuple(_converter(c) for c in table.columns)
    return f'SELECT {columns} FROM "{name}" WHERE id IN ', id_at, converters


def fact_columns(conn: Connection, name: str, ids: Sequence[str]) -> list[list[Any]]:
    """Rows ``ids`` (hex, in this order) of table ``name`` as wire-form value lists per column."""
    prefix, id_at, converters = _reader(name)
    raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
    found: dict[str, tuple[Any, ...]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        cursor = raw.execute(prefix + f"({', '.join('?' * len(chunk))})", chunk)
        for row in cursor:
            found[row[id_at]] = row
    missing = [i for i in ids if i not in found]
    if missing:  # an entry and its row commit together: this is a damaged database
        raise RuntimeError(f"outbox entries without their {name} rows: {missing[:3]}")
    rows = [found[i] for i in ids]
    return [
        [convert(row[index]) for row in rows] if convert else [row[index] for row in rows]
        for index, convert in enumerate(converters)
    ]


# -- writing pulled rows -----------------------------------------------------------


@functools.cache
def _writer(table: Table, replace: bool) -> tuple[str, tuple[str, ...], tuple[Converter, ...]]:
    """An INSERT … ON CONFLICT for ``table``, compiled once for SQLite.

    Values go through the columns' own bind processors (the storage formats
    SQLAlchemy reads back), but not through its per-row execution machinery,
    which cost more than SQLite's insert itself for a 1,000-row page.
    """
    statement = sqlite.insert(table).values(
        {c.key: bindparam(c.key, type_=c.type) for c in table.columns}
    )
    keys = [c.key for c in table.primary_key.columns]
    if replace:
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={c.key: statement.excluded[c.key] for c in table.columns if c.key not in keys},
        )
    else:
        statement = statement.on_conflict_do_nothing()
    dialect = sqlite.dialect()  # type: ignore[no-untyped-call]
    compiled = statement.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    binds = tuple(
        compiled.binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names
    )
    return str(compiled), names, binds


def write_rows(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, replace: bool
) -> None:
    """Insert rows (Python values, every column); ``replace`` overwrites rows with the same key."""
    if not rows:
        return
    sql, names, binds = _writer(table, replace)
    columns = [
        [bind(row[n]) for row in rows] if bind else [row[n] for row in rows]
        for n, bind in zip(names, binds, strict=True)
    ]
    raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
    raw.executemany(sql, list(zip(*columns, strict=True)))
