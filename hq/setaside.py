"""Setting aside a bad record HQ stored: find it, write it to a file, take it out of the feed.

Before HQ bounded every time and integer on the wire, one enrolled device
could store a record that the database holds but Python cannot read (a
clearance dated 1200 BC on PostgreSQL), and from then on every pull of its
port failed.  ``checkpoint-hq bad-records`` finds such records without
reading them into Python (the database compares and prints them itself), and
``checkpoint-hq set-aside ENTITY ID`` writes the record, as the database
prints it, to a JSON file beside a reason and removes it from its table and
from the change log, in one transaction.  The posts keep their copies;
nothing sends it again (its batch is applied, and a new push of such a value
is refused).  (Not the desk's "quarantine" of outbox entries HQ refused:
this is HQ's own store.)
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, Text, cast, delete, or_, select

from db.base import EARLIEST, LATEST, UTCDateTime
from desktop_app.protocol.codec import synced_tables
from desktop_app.reference import reference_id
from hq.models import Change, FieldStamps, Version
from hq.store import begin_write


class CannotSetAside(Exception):
    """The record is not there, or other records still refer to it."""


@dataclass(frozen=True)
class BadRecord:
    entity: str
    record_id: str
    column: str
    value: str  # as the database prints it


def bad_records(engine: Engine, port_code: str | None = None) -> list[BadRecord]:
    """Stored records with a time outside 2000–2100 (what HQ no longer accepts)."""
    found = []
    port_id = reference_id("port", port_code.upper()) if port_code else None
    with engine.connect() as conn:
        for name, table in synced_tables().items():
            for column in table.columns:
                if not isinstance(column.type, UTCDateTime):
                    continue
                # Compared as the database stores them, never read into Python.
                query = select(cast(table.c.id, Text), cast(column, Text)).where(
                    or_(column < EARLIEST, column > LATEST)
                )
                if port_id is not None and "port_id" in table.c:
                    query = query.where(table.c.port_id == port_id)
                found += [
                    BadRecord(name, str(i), column.key, str(v)) for i, v in conn.execute(query)
                ]
    return found


def set_aside(
    engine: Engine, entity: str, record_id: str, reason: str, out: Path, at: datetime
) -> Path:
    """Write the record to ``out`` (JSON) and remove it from HQ's store, in one transaction.

    Refused when another stored record refers to it: set that one aside first.
    """
    table = synced_tables().get(entity)
    if table is None:
        raise CannotSetAside(f"{entity!r} is not a table that syncs ({', '.join(synced_tables())})")
    try:
        key = uuid.UUID(record_id)
    except ValueError:
        raise CannotSetAside(f"{record_id!r} is not a record id (a UUID)") from None
    with begin_write(engine) as conn:
        row = conn.execute(
            select(*[cast(c, Text).label(c.key) for c in table.columns]).where(table.c.id == key)
        ).first()
        if row is None:
            raise CannotSetAside(f"no {entity} record {record_id} is stored at HQ")
        for name, other in synced_tables().items():
            for fk in other.foreign_keys:
                if fk.column.table is table:
                    refers = (
                        conn.execute(
                            select(cast(other.c.id, Text)).where(fk.parent == key).limit(3)
                        )
                        .scalars()
                        .all()
                    )
                    if refers:
                        raise CannotSetAside(
                            f"{name} {', '.join(refers)} refer to it: set those aside first"
                        )
        record = {
            "entity": entity,
            "record_id": str(key),
            "reason": reason,
            "set_aside_at": at.isoformat(),
            "row": dict(row._mapping),
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            with out.open("x", encoding="utf-8") as file:  # never over an earlier one
                file.write(json.dumps(record, indent=2, ensure_ascii=False))
        except FileExistsError:
            raise CannotSetAside(f"{out} exists already: choose another --out") from None
        try:
            conn.execute(delete(table).where(table.c.id == key))
            for log in (Change, Version, FieldStamps):
                conn.execute(delete(log).where(log.entity == entity, log.record_id == key))
        except BaseException:
            out.unlink()  # the transaction rolls back: the record stays where it was
            raise
    return out
