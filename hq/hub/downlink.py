"""HQ's changes for the port, brought into the hub's store so its desks pull them from it.

One page of HQ's feed is applied in one transaction together with the
cursor that follows it.  HQ decides; the hub's own merges (made when two
of its desks met while HQ was out of reach) are provisional, and HQ's
outcome replaces them.  Rules, as a desk applies a page (PROTOCOL.md,
"Hubs"):

* facts are inserted unless present;
* a mutable record one of the hub's desks changed in a batch HQ has not
  acknowledged yet is left alone: HQ merges it when the relay brings it and
  sends the outcome back;
* a version older than the hub's (a lower version number) is skipped, and
  so is one the hub holds already;
* anything else replaces the hub's row, is kept as a version (the base a
  desk's next edit names) and enters the hub's change log, so every desk
  pulls it;
* an alias HQ made (two records of one real thing) retires the merged row
  at the hub as HQ retired it, unless the hub merged the two itself already
  (the same rule picks the same survivor), and goes to the desks;
* conflict records HQ kept go to the desks as they are.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from desktop_app.protocol import rules
from desktop_app.protocol.codec import codec, fact_tables, synced_tables
from desktop_app.protocol.messages import PullPage, PushBatch
from hq import identity
from hq.hub import state
from hq.models import Alias, Conflict, FieldStamps, RelayEntry, Version
from hq.store import ChangeEntry, HQClock, begin_write, insert_ignore, record_changes, upsert

UPSTREAM = "upstream"  # the source the hub's change log names for what came from HQ


@dataclass
class Applied:
    rows: int = 0
    deferred: int = 0
    stale: int = 0
    conflicts: int = 0
    aliases: int = 0


def apply_page(engine: Engine, clock: HQClock, port_id: uuid.UUID, page: PullPage) -> Applied:
    done = Applied()
    with begin_write(engine) as conn:
        changes: list[ChangeEntry] = []
        merged = _aliases(conn, clock, port_id, page, changes, done)
        waiting = _unrelayed(conn)
        for section in sorted(page.sections, key=lambda s: list(synced_tables()).index(s.entity)):
            table = synced_tables()[section.entity]
            table_codec = codec(section.entity)
            rows = [
                identity.translate(table_codec.json_dict(r), section.entity, merged)
                for r in table_codec.decode_columns(section.columns, section.values)
            ]
            if section.entity in fact_tables():
                fresh = _missing(conn, section.entity, rows)
                if fresh:
                    conn.execute(
                        insert_ignore(conn, table),
                        [table_codec.from_json_dict(r) for r in fresh],
                    )
                changes += [_change(section.entity, r) for r in fresh]
                done.rows += len(fresh)
                continue
            take = _records(conn, section.entity, rows, waiting, done)
            for row in take:
                _store(conn, section.entity, row, clock.now())
            changes += [_change(section.entity, r) for r in take]
            done.rows += len(take)
        for conflict in page.conflicts:
            values = conflict.model_dump()
            if conn.execute(select(Conflict.id).where(Conflict.id == conflict.id)).first():
                continue
            conn.execute(
                Conflict.__table__.insert(),
                {**values, "port_id": port_id, "source": UPSTREAM},
            )
            changes.append(
                ChangeEntry("conflicts", conflict.id, port_id, rules.HQ_NODE, clock.clock.last)
            )
            done.conflicts += 1
        record_changes(conn, changes)
        clock.observe([page.hq_clock])
        clock.save(conn)
        state.write(conn, {state.CURSOR: page.next_cursor})
    return done


def _change(entity: str, row: dict[str, Any]) -> ChangeEntry:
    port = row.get("port_id")
    return ChangeEntry(
        entity, uuid.UUID(row["id"]), uuid.UUID(port) if port else None, UPSTREAM, row["hlc"]
    )


def _missing(conn: Connection, entity: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    table = synced_tables()[entity]
    ids = [uuid.UUID(r["id"]) for r in rows]
    held: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        held.update(
            conn.execute(select(table.c.id).where(table.c.id.in_(ids[start : start + 500])))
            .scalars()
            .all()
        )
    return [r for r in rows if uuid.UUID(r["id"]) not in held]


def _unrelayed(conn: Connection) -> set[uuid.UUID]:
    """Records in batches of the hub's desks that HQ has not acknowledged yet."""
    through = state.number(state.read_all(conn), state.RELAYED_THROUGH)
    ids: set[uuid.UUID] = set()
    for (body,) in conn.execute(select(RelayEntry.body).where(RelayEntry.id > through)):
        batch = PushBatch.model_validate_json(body)
        for section in batch.sections:
            if section.entity not in fact_tables():
                ids.update(uuid.UUID(hex=v) for v in section.column("id"))
    return ids


def _records(
    conn: Connection,
    entity: str,
    rows: list[dict[str, Any]],
    waiting: set[uuid.UUID],
    done: Applied,
) -> list[dict[str, Any]]:
    table = synced_tables()[entity]
    ids = [uuid.UUID(r["id"]) for r in rows]
    held = {
        record_id: (version, hlc)
        for record_id, version, hlc in conn.execute(
            select(table.c.id, table.c.version, table.c.hlc).where(table.c.id.in_(ids))
        )
    }
    take = []
    for row in rows:
        record_id = uuid.UUID(row["id"])
        mine = held.get(record_id)
        if record_id in waiting:
            done.deferred += 1
        elif mine is not None and (row["version"] < mine[0] or row["hlc"] == mine[1]):
            done.stale += 1
        else:
            take.append(row)
    return take


def _store(conn: Connection, entity: str, row: dict[str, Any], now: datetime) -> None:
    """Take HQ's version: the row, the version (a desk's next base), each changed group's stamp."""
    table = synced_tables()[entity]
    table_codec = codec(entity)
    record_id = uuid.UUID(row["id"])
    before = conn.execute(select(table).where(table.c.id == record_id)).first()
    upsert(conn, table, [table_codec.from_json_dict(row)], ["id"])
    conn.execute(
        insert_ignore(conn, Version.__table__),  # type: ignore[arg-type]
        {
            "entity": entity,
            "record_id": record_id,
            "hlc": row["hlc"],
            "payload": json.dumps(row, ensure_ascii=False, separators=(",", ":")),
            "device_id": UPSTREAM,
            "received_at": now,
        },
    )
    old = table_codec.json_dict(before._mapping) if before is not None else {}
    stamps = dict(
        conn.execute(
            select(FieldStamps.stamps).where(
                FieldStamps.entity == entity, FieldStamps.record_id == record_id
            )
        ).scalar()
        or {}
    )
    stamp = rules.Stamp.unbounded(row["hlc"]).as_json()
    for group in rules.groups(entity):
        if before is None or any(old.get(f) != row.get(f) for f in group.fields):
            stamps[group.name] = stamp
    upsert(
        conn,
        FieldStamps.__table__,  # type: ignore[arg-type]
        [{"entity": entity, "record_id": record_id, "stamps": stamps}],
        ["entity", "record_id"],
    )


def _aliases(
    conn: Connection,
    clock: HQClock,
    port_id: uuid.UUID,
    page: PullPage,
    changes: list[ChangeEntry],
    done: Applied,
) -> dict[str, str]:
    """Apply HQ's merges the hub has not made itself; every merged id of the port (hex)."""
    for alias in page.aliases:
        if conn.execute(select(Alias.merged_id).where(Alias.merged_id == alias.merged_id)).first():
            continue  # the hub met the two itself: same rule, same survivor
        table = synced_tables()[alias.entity]
        merged_row = conn.execute(select(table).where(table.c.id == alias.merged_id)).first()
        if merged_row is not None:
            survivor_held = conn.execute(
                select(table.c.id).where(table.c.id == alias.survivor_id)
            ).first()
            if survivor_held is None:
                # The merged row becomes the survivor until HQ's version of it arrives.
                values = {**merged_row._mapping, "id": alias.survivor_id}
                identity.take_over(conn, alias.entity, alias.merged_id, values)
            identity.retire(conn, alias.entity, {alias.merged_id: alias.survivor_id}, port_id)
        identity.record_alias(
            conn,
            entity=alias.entity,
            merged=alias.merged_id,
            survivor=alias.survivor_id,
            port_id=port_id,
            natural_key="(from HQ)",
            device_id=UPSTREAM,
            at=alias.merged_at,
        )
        changes.append(
            ChangeEntry(identity.ALIAS_CHANGE, alias.merged_id, port_id, UPSTREAM, clock.tick())
        )
        done.aliases += 1
    return identity.port_aliases(conn, port_id)
