"""One identity for one real thing, at the post: aliases applied, references re-pointed.

HQ merges two records of the same natural key (the same officer entered
at two desks) into the one created first and tells every post, in the
pull feed, that the other id is now an alias (``rules.merge_identities``,
hq/PROTOCOL.md "Identity").  Applying an alias here:

* the merged row leaves its table; if this desk does not hold the survivor
  yet, the merged row *becomes* it (its id changes, its values stay until
  HQ's version of the survivor arrives, so an unsent local change is never
  overwritten);
* every row that referred to the merged id refers to the survivor (facts
  too: an identity correction, not an edit), and so do the PIN lock-outs
  and merge bases this desk keeps;
* the alias is remembered (``sync_aliases``): pulled rows that still name
  the merged id are translated, and this desk's unsent entries that name it
  are translated by HQ on the way in.

A desk can also meet the two itself before HQ has: a pulled record with
the natural key of a local record HQ has not seen yet.  It then applies
the very rule HQ will apply (the smaller id survives), so both end where
HQ ends.  SQLite checks foreign keys at commit (``defer_foreign_keys``)
while an id changes under the rows that refer to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, case, delete, select, update
from sqlalchemy.dialects import sqlite

from db.models import PinLockout, SyncAlias, SyncBase
from desktop_app.protocol import rules
from desktop_app.protocol.codec import synced_tables

Alias = tuple[str, uuid.UUID, uuid.UUID]  # entity, merged id, survivor id


def alias_map(conn: Connection) -> dict[uuid.UUID, uuid.UUID]:
    """Every merged id this desk knows → its survivor (a small table)."""
    return dict(conn.execute(select(SyncAlias.merged_id, SyncAlias.survivor_id)).all())


def current(conn: Connection, record_id: uuid.UUID) -> uuid.UUID:
    """The id a record has now (itself, or the survivor it was merged into)."""
    survivor = conn.execute(
        select(SyncAlias.survivor_id).where(SyncAlias.merged_id == record_id)
    ).scalar()
    return survivor or record_id


def translate(
    entity: str, rows: Sequence[dict[str, Any]], aliases: Mapping[uuid.UUID, Any]
) -> None:
    """Replace merged ids in pulled rows (Python values) by their survivors, in place."""
    if not aliases:
        return
    for column in rules.id_columns(entity):
        for row in rows:
            value = row.get(column)
            if value is not None and value in aliases:
                row[column] = aliases[value]


def retire(conn: Connection, aliases: Iterable[Alias], *, source: str, at: datetime) -> int:
    """Apply aliases: merged rows go (or become their survivor), references follow.

    Returns how many local rows were retired.  Idempotent: an alias known
    already, or of a record this desk never held, only records the alias.
    """
    todo = [(e, m, s) for e, m, s in aliases if m != s]
    if not todo:
        return 0
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # until this transaction commits
    retired = 0
    moves: dict[str, dict[uuid.UUID, uuid.UUID]] = {}
    for entity, merged, survivor in todo:
        table = synced_tables()[entity]
        if conn.execute(select(table.c.id).where(table.c.id == merged)).first() is None:
            continue
        retired += 1
        if conn.execute(select(table.c.id).where(table.c.id == survivor)).first() is None:
            conn.execute(update(table).where(table.c.id == merged).values(id=survivor))
        else:
            conn.execute(delete(table).where(table.c.id == merged))
        moves.setdefault(entity, {})[merged] = survivor
    for entity, mapping in moves.items():
        _repoint(conn, entity, mapping)
    for entity, merged, survivor in todo:
        _remember(conn, entity, merged, survivor, source=source, at=at)
    return retired


def _repoint(conn: Connection, entity: str, mapping: Mapping[uuid.UUID, uuid.UUID]) -> None:
    """Every reference to a merged id, one statement per referring column."""
    merged = list(mapping)

    def moved(column: Any) -> Any:
        return case(*((column == m, s) for m, s in mapping.items()), else_=column)

    for name, column_name in rules.references(entity):
        column = synced_tables()[name].c[column_name]
        conn.execute(
            update(synced_tables()[name])
            .where(column.in_(merged))
            .values({column_name: moved(column)})
        )
    audit_name, kind, id_name = rules.SOFT_REFERENCE
    audit = synced_tables()[audit_name]
    conn.execute(
        update(audit)
        .where(and_(audit.c[kind] == entity, audit.c[id_name].in_(merged)))
        .values({id_name: moved(audit.c[id_name])})
    )
    for merged_id, survivor in mapping.items():
        if entity == "officers":  # a lock-out is the person's, whatever the id
            if conn.execute(
                select(PinLockout.officer_id).where(PinLockout.officer_id == survivor)
            ).first():
                conn.execute(delete(PinLockout).where(PinLockout.officer_id == merged_id))
            else:
                conn.execute(
                    update(PinLockout)
                    .where(PinLockout.officer_id == merged_id)
                    .values(officer_id=survivor)
                )
        has_base = conn.execute(
            select(SyncBase.record_id).where(
                SyncBase.entity == entity, SyncBase.record_id == survivor
            )
        ).first()
        if has_base:
            conn.execute(
                delete(SyncBase).where(SyncBase.entity == entity, SyncBase.record_id == merged_id)
            )
        else:
            conn.execute(
                update(SyncBase)
                .where(SyncBase.entity == entity, SyncBase.record_id == merged_id)
                .values(record_id=survivor)
            )


def _remember(
    conn: Connection,
    entity: str,
    merged: uuid.UUID,
    survivor: uuid.UUID,
    *,
    source: str,
    at: datetime,
) -> None:
    statement = sqlite.insert(SyncAlias.__table__)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=["merged_id"],
            set_={"survivor_id": survivor, "source": source},
        ),
        {
            "merged_id": merged,
            "entity": entity,
            "survivor_id": survivor,
            "merged_at": at,
            "source": source,
        },
    )
    # Chains stay flat: what was merged into ``merged`` is now merged into the survivor.
    conn.execute(
        update(SyncAlias).where(SyncAlias.survivor_id == merged).values(survivor_id=survivor)
    )


def same_thing(conn: Connection, entity: str, row: Mapping[str, Any]) -> uuid.UUID | None:
    """A local record with the natural key of ``row`` and another id, if there is one."""
    table = synced_tables()[entity]
    key = rules.NATURAL_KEYS[entity]
    return conn.execute(
        select(table.c.id).where(*(table.c[c] == row[c] for c in key), table.c.id != row["id"])
    ).scalar()
