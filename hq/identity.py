"""One identity for one real thing at HQ: aliases, ids translated on the way in, re-pointing.

Two desks of a port may enter the same officer (or lane, duty team, shift)
offline, each under its own id.  When HQ meets the second, the ingest
merges the two (``rules.merge_identities``) into the one created first and
this module does the rest, in the batch's transaction:

* ``retire``: the merged row leaves its table (its versions stay in
  ``hq_versions``), every row that referred to it is re-pointed to the
  survivor, and the alias (merged id → survivor) is recorded;
* the change log is left as it is: the feed (``translate``) delivers every
  entry of a merged record, and every version that names one, under the
  survivor's id, so a post pulling from any cursor still meets every row
  after the rows it refers to (the survivor arrives where the merged
  record first did);
* ``Aliases`` translates ids of rows that arrive later still naming the
  merged record: a fact a desk recorded before it heard of the merge, a
  later version of the merged record itself.

Merges of one port are serialised with a transaction-level advisory lock
(``port_lock``): a batch that may merge takes it exclusively, every other
batch of the port shares it, so a batch never inserts a reference to a row
another transaction is retiring.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, case, delete, insert, select, text, update

from desktop_app.protocol import rules
from desktop_app.protocol.codec import codec, synced_tables
from hq.models import Alias, FieldStamps

ALIAS_CHANGE = "aliases"  # the change-log entity that carries an alias to the posts


def port_lock(conn: Connection, port_id: uuid.UUID, *, exclusive: bool) -> None:
    """Serialise merges of one port (PostgreSQL; SQLite has one writer anyway)."""
    if conn.dialect.name != "postgresql":
        return
    key = int.from_bytes(port_id.bytes[:8], "big", signed=True)
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    conn.execute(text(f"SELECT {function}(:key)"), {"key": key})


class Aliases:
    """Merged ids HQ knows, looked up as a batch needs them (hex → hex)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.known: dict[str, str] = {}
        self._asked: set[str] = set()

    def load(self, ids: Iterable[str]) -> None:
        wanted = [i for i in set(ids) if i and i not in self._asked]
        self._asked.update(wanted)
        for start in range(0, len(wanted), 500):
            chunk = [uuid.UUID(i) for i in wanted[start : start + 500]]
            for merged, survivor in self.conn.execute(
                select(Alias.merged_id, Alias.survivor_id).where(Alias.merged_id.in_(chunk))
            ):
                self.known[merged.hex] = survivor.hex

    def add(self, merged: str, survivor: str) -> None:
        self.known[merged] = survivor
        self._asked.add(merged)
        for key, value in list(self.known.items()):  # chains stay flat: A → B → C is A → C
            if value == merged:
                self.known[key] = survivor


def mergeable_columns(entity: str) -> tuple[str, ...]:
    """Columns of ``entity`` that may hold ids of records HQ merges (its own id included)."""
    return rules.id_columns(entity)


def same_thing(conn: Connection, entity: str, values: Mapping[str, Any]) -> dict[str, Any] | None:
    """The stored record with the natural key of ``values`` and another id (JSON form)."""
    table = synced_tables()[entity]
    key = rules.NATURAL_KEYS[entity]
    row = conn.execute(
        select(table)
        .where(*(table.c[c] == values[c] for c in key), table.c.id != values["id"])
        .with_for_update()
    ).first()
    return None if row is None else codec(entity).json_dict(row._mapping)


def take_over(conn: Connection, entity: str, merged: uuid.UUID, values: dict[str, Any]) -> None:
    """Insert the survivor ``values`` beside stored record ``merged``, which parks its key.

    The merged row stays (rows still refer to it) until ``retire`` re-points
    them and removes it, once per block of merges.
    """
    table = synced_tables()[entity]
    parking = rules.parked(entity, merged.hex)
    if parking:
        conn.execute(update(table).where(table.c.id == merged).values(parking))
    conn.execute(table.insert(), values)


def retire(
    conn: Connection,
    entity: str,
    mapping: Mapping[uuid.UUID, uuid.UUID],
    port_id: uuid.UUID,
) -> None:
    """Stored records ``mapping`` (merged → survivor) leave, every reference re-pointed.

    One statement per referring column for all the merges of a block, each
    limited to the port.  Their versions stay in ``hq_versions`` and their
    change-log entries stay where they are: the feed delivers them under the
    survivor's id (``translate``), so every row a post pulls still comes
    after the rows it refers to.
    """
    if not mapping:
        return
    repoint(conn, entity, mapping, port_id)
    table = synced_tables()[entity]
    merged = list(mapping)
    conn.execute(delete(table).where(table.c.id.in_(merged)))
    conn.execute(
        delete(FieldStamps).where(FieldStamps.entity == entity, FieldStamps.record_id.in_(merged))
    )


def repoint(
    conn: Connection,
    entity: str,
    mapping: Mapping[uuid.UUID, uuid.UUID],
    port_id: uuid.UUID,
) -> None:
    """Every row of the port that refers to a merged id now refers to its survivor.

    In place, facts too: an identity correction, not an edit (the fact still
    says who did what, under the one id that person has now).  Versions HQ
    keeps are left as received; the feed translates them on the way out.
    """
    merged = list(mapping)

    def moved(column: Any) -> Any:
        return case(*((column == m, s) for m, s in mapping.items()), else_=column)

    refs = list(rules.references(entity))
    audit_table, kind_column, id_column = rules.SOFT_REFERENCE
    for name, column in refs:
        table = synced_tables()[name]
        conn.execute(
            update(table)
            .where(table.c.port_id == port_id, table.c[column].in_(merged))
            .values({column: moved(table.c[column])})
        )
    audit = synced_tables()[audit_table]
    conn.execute(
        update(audit)
        .where(
            audit.c.port_id == port_id,
            audit.c[kind_column] == entity,
            audit.c[id_column].in_(merged),
        )
        .values({id_column: moved(audit.c[id_column])})
    )


def translate(values: dict[str, Any], entity: str, aliases: Mapping[str, str]) -> dict[str, Any]:
    """A record in its JSON form with every merged id replaced by its survivor's (hex keys)."""
    if not aliases:
        return values
    out = dict(values)
    for column in rules.id_columns(entity):
        value = out.get(column)
        if isinstance(value, str):
            survivor = aliases.get(value.replace("-", ""))
            if survivor is not None:
                out[column] = str(uuid.UUID(survivor))
    return out


def port_aliases(conn: Connection, port_id: uuid.UUID) -> dict[str, str]:
    """Every merged id of the port → its survivor, as hex (a port has few)."""
    return {
        m.hex: s.hex
        for m, s in conn.execute(
            select(Alias.merged_id, Alias.survivor_id).where(Alias.port_id == port_id)
        )
    }


def record_alias(
    conn: Connection,
    *,
    entity: str,
    merged: uuid.UUID,
    survivor: uuid.UUID,
    port_id: uuid.UUID,
    natural_key: str,
    device_id: str,
    at: Any,
) -> None:
    """Store merged → survivor, and point every older alias of ``merged`` at the survivor."""
    conn.execute(
        insert(Alias),
        {
            "merged_id": merged,
            "entity": entity,
            "survivor_id": survivor,
            "port_id": port_id,
            "natural_key": natural_key[:200],
            "merged_at": at,
            "device_id": device_id,
        },
    )
    conn.execute(update(Alias).where(Alias.survivor_id == merged).values(survivor_id=survivor))
