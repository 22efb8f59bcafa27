"""Every synced write is stamped and queued in the outbox in the same transaction.

There are two kinds of synced rows and one way to write each:

* mutable records (forecasts, lanes, shifts…) go through the ORM; the flush
  hooks below stamp them and insert their outbox entries in the same flush;
* append-only facts (clearance events, audit entries…) go through
  ``append``: they never need the unit of work's change tracking, and the
  clearance hot path cannot afford it (the ORM flush costs more than the
  SQLite commit itself; see bench/bench_clearance_write.py).

Either way a write cannot commit without its outbox entry, nor the entry
without the write, and services never touch the outbox themselves.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, event, insert
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from db.base import Base, Synced, new_id, utcnow
from db.hlc import HybridClock
from db.models import OutboxEntry
from db.prepared import Prepared
from db.serialize import dumps, row_values


class AppendOnlyError(RuntimeError):
    """A fact (clearance event, audit entry…) was changed or deleted in place."""


@dataclass
class WriteContext:
    """Who is writing: stamped on every synced row this session flushes.

    ``now`` is the desk's clock: it dates the rows' stamps and the ids of new
    rows (UUIDv7 of that clock), so ids and times agree under an injected clock.
    """

    device_id: str
    clock: HybridClock
    now: Callable[[], datetime] = utcnow
    # True while applying rows received from elsewhere: keep their stamps and
    # do not queue them for sending back.
    remote: bool = False
    changed_tables: set[str] = field(default_factory=set)


# Parents before children, so that a receiver applying the outbox in order
# never meets a foreign key to a row it has not seen yet.
_TABLE_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


class SyncSession(Session):
    """A session that requires a ``WriteContext`` in ``info['write']`` to flush."""


@event.listens_for(SyncSession, "do_orm_execute")
def _refuse_bulk_writes(state: ORMExecuteState) -> None:
    """ORM bulk UPDATE/DELETE skip the flush hooks: no stamps, no outbox entry."""
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, Synced):
        kind = "UPDATE" if state.is_update else "DELETE"
        raise AppendOnlyError(
            f"bulk {kind} of {mapper.class_.__name__} would bypass the outbox; "
            "change records one by one (facts never)"
        )


@event.listens_for(SyncSession, "before_flush")
def _stamp(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    ctx: WriteContext | None = session.info.get("write")
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise AppendOnlyError(f"{type(obj).__name__} rows are never deleted; set a tombstone")
    touched = [o for o in session.new if isinstance(o, Synced)]
    for obj in session.new:
        if isinstance(obj, Synced) and obj.__append_only__ and not (ctx and ctx.remote):
            raise AppendOnlyError(f"{type(obj).__name__} is a fact: write it with db.outbox.append")
    for obj in session.dirty:
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            if obj.__append_only__:
                raise AppendOnlyError(
                    f"{type(obj).__name__} is append-only: record a correction instead"
                )
            touched.append(obj)
    if not touched:
        return
    if ctx is None:
        raise RuntimeError("a synced write needs a WriteContext in session.info['write']")
    touched.sort(key=lambda o: _TABLE_ORDER[o.__tablename__])  # type: ignore[attr-defined]
    session.info["_touched"] = touched
    if ctx.remote:
        return
    now = ctx.now()
    for obj in touched:
        if obj in session.new:
            if obj.id is None:  # an id of the desk's clock (``db.base.new_id``)
                obj.id = new_id(now)
            obj.version = 1
            if obj.origin_device is None:
                obj.origin_device = ctx.device_id
        else:
            obj.version += 1
        obj.hlc = ctx.clock.tick()
        obj.updated_at = now


@event.listens_for(SyncSession, "after_flush")
def _queue(session: Session, flush_context: UOWTransaction) -> None:
    touched: list[Synced] = session.info.pop("_touched", [])
    if not touched:
        return
    ctx: WriteContext = session.info["write"]
    ctx.changed_tables.update(o.__tablename__ for o in touched)  # type: ignore[attr-defined]
    if ctx.remote:
        return
    now = ctx.now()
    rows = [
        # Mapped models that are Synced: Base and Synced at once, which mypy cannot spell.
        _entry(obj.__tablename__, row_values(obj), now, fact=False)  # type: ignore[attr-defined, arg-type]
        for obj in touched
    ]
    # Core insert on the flush's own connection: no autoflush, same transaction.
    session.connection().execute(insert(OutboxEntry.__table__), rows)


def _entry(entity: str, values: dict[str, Any], now: datetime, *, fact: bool) -> dict[str, Any]:
    return {
        "entity": entity,
        "record_id": values["id"],
        "version": values["version"],
        "hlc": values["hlc"],
        "payload": None if fact else dumps(values),
        "created_at": now,
        "acked_at": None,
    }


# What ``append`` returns: a named tuple of the table's columns (typed loosely
# because its fields are made from the table at run time).
FactRow = Any


@functools.cache
def fact_row(table: Table) -> type[tuple[Any, ...]]:
    """A named tuple with the table's columns: what ``append`` hands back."""
    return namedtuple(f"{table.name}_row", [c.key for c in table.columns])  # type: ignore[misc]


def append(session: Session, model: type[Synced], **values: Any) -> FactRow:
    """Insert one append-only fact and its outbox entry in the session's transaction.

    Returns the stored values as a named tuple (``fact_row``): building an
    ORM instance for a row that can never change would cost more than the
    insert itself.
    """
    if not model.__append_only__:
        raise TypeError(f"{model.__name__} is mutable: add it to the session instead")
    ctx: WriteContext = session.info["write"]
    table: Table = model.__table__  # type: ignore[attr-defined]
    session.flush()  # rows this fact refers to must exist before it
    now = ctx.now()
    scalars, makers = _defaults(table)
    row = {**scalars, **values}
    if row.get("id") is None:
        row["id"] = new_id(now)  # of the desk's clock, like every synced id it writes
    for key, make in makers.items():
        if row.get(key) is None:
            row[key] = make()
    row.update(origin_device=ctx.device_id, version=1, hlc=ctx.clock.tick(), updated_at=now)
    conn = session.connection()
    _insert(table).execute(conn, row)
    _insert(OutboxEntry.__table__).execute(conn, _entry(table.name, row, now, fact=True))
    ctx.changed_tables.add(table.name)
    return fact_row(table)(**row)


@functools.cache
def _insert(table: Table) -> Prepared:
    # Every column named, so that one compiled statement fits every row.
    return Prepared(
        insert(table).values(
            {c.key: bindparam(c.key, type_=c.type) for c in table.columns if c.key != "seq"}
        )
    )


@functools.cache
def _defaults(table: Table) -> tuple[dict[str, Any], dict[str, Callable[[], Any]]]:
    """Column defaults split into plain values and callables (such as ``new_id``)."""
    scalars: dict[str, Any] = {}
    makers: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        default = column.default
        if default is not None and default.is_callable:
            makers[column.key] = functools.partial(default.arg, None)  # type: ignore[attr-defined]
        else:
            scalars[column.key] = default.arg if default is not None else None  # type: ignore[attr-defined]
    return scalars, makers
