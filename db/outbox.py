"""Flush hooks: stamp every synced write and queue it in the outbox, atomically.

Services never write outbox rows themselves.  Any session of ``SyncSession``
that flushes a new or changed ``Synced`` record also inserts its outbox entry
in the same flush, hence in the same transaction: a write cannot commit
without its entry, nor the entry without the write.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session, UOWTransaction

from db.base import Base, Synced, utcnow
from db.hlc import HybridClock
from db.models import OutboxEntry
from db.serialize import row_payload


class AppendOnlyError(RuntimeError):
    """A fact (clearance event, audit entry…) was changed or deleted in place."""


@dataclass
class WriteContext:
    """Who is writing: stamped on every synced row this session flushes."""

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


@event.listens_for(SyncSession, "before_flush")
def _stamp(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    ctx: WriteContext | None = session.info.get("write")
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise AppendOnlyError(f"{type(obj).__name__} rows are never deleted; set a tombstone")
    touched = [o for o in session.new if isinstance(o, Synced)]
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
        {
            "entity": obj.__tablename__,  # type: ignore[attr-defined]
            "record_id": obj.id,
            "version": obj.version,
            "hlc": obj.hlc,
            "payload": json.dumps(row_payload(obj), ensure_ascii=False, separators=(",", ":")),
            "created_at": now,
        }
        for obj in touched
    ]
    # Core insert on the flush's own connection: no autoflush, same transaction.
    session.connection().execute(insert(OutboxEntry.__table__), rows)
