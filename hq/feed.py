"""Pull: the changes a device may read after its cursor, one bounded page at a time.

A device reads its own port's rows and the reference rows every post shares
(``port_id`` NULL in the change log), never what it pushed itself.  Facts are
read from their tables (they never change); a mutable record is sent as of
the change (``hq_versions``), so every row a page carries refers only to rows
with lower change numbers, which the post has already applied.  Conflicts HQ
recorded for the port travel in the same feed, and so do aliases: a record
HQ merged into another of the same natural key (the same officer entered
at two desks), which every post then retires in favour of the survivor.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, select, union_all, update

from desktop_app.protocol.codec import codec, fact_tables, synced_tables
from desktop_app.protocol.messages import AliasRecord, ConflictRecord, PullPage, Section
from hq.identity import ALIAS_CHANGE, port_aliases, translate
from hq.ingest import DeviceInfo
from hq.models import Alias, Change, Conflict, Device, Version
from hq.store import HQClock


def pull_page(
    conn: Connection,
    hq: HQClock,
    device: DeviceInfo,
    cursor: int,
    limit: int,
    relayed: Collection[str] = (),
) -> PullPage:
    """The page after ``cursor``; ``relayed``: devices whose rows the reader (a hub) relayed."""
    # The port's changes and the shared ones (port_id NULL), each read in
    # index order: with one "port = p OR port IS NULL" condition the
    # database would collect and sort every match before taking a page.
    wanted = Change.__table__.c
    scans = [
        select(wanted.change_no)
        .where(where, wanted.change_no > cursor)
        .order_by(wanted.change_no)
        .limit(limit)
        for where in (wanted.port_id == device.port_id, wanted.port_id.is_(None))
    ]
    page = union_all(*(scan.subquery().select() for scan in scans)).subquery()
    # The version each change names, for a mutable record (facts have none:
    # they are read from their tables below).
    changes = conn.execute(
        select(
            Change.change_no,
            Change.entity,
            Change.record_id,
            Change.source_device,
            Version.payload,
        )
        .join(page, page.c.change_no == Change.change_no)
        .outerjoin(
            Version,
            (Version.entity == Change.entity)
            & (Version.record_id == Change.record_id)
            & (Version.hlc == Change.hlc),
        )
        .order_by(Change.change_no)
        .limit(limit)
    ).all()
    facts: dict[str, list[uuid.UUID]] = defaultdict(list)
    # A record changed twice in one page goes once, as of its later change.
    records: dict[str, dict[uuid.UUID, dict[str, Any]]] = defaultdict(dict)
    # Records merged into another go under the survivor's id, and every version says
    # the survivor where it named a merged record: at the merged record's own places
    # in the log, so whatever refers to it still comes after it.
    merged = port_aliases(conn, device.port_id)
    conflict_ids: list[uuid.UUID] = []
    alias_ids: list[uuid.UUID] = []
    for change in changes:
        if change.entity == ALIAS_CHANGE:
            alias_ids.append(change.record_id)  # every desk, the one that caused it too
            continue
        if change.source_device == device.id or change.source_device in relayed:
            continue  # it has what it pushed (a hub: what its desks pushed)
        if change.entity == "conflicts":
            conflict_ids.append(change.record_id)
        elif change.entity in fact_tables():
            facts[change.entity].append(change.record_id)
        elif change.payload is not None:
            values = translate(json.loads(change.payload), change.entity, merged)
            record_id = uuid.UUID(values["id"])
            records[change.entity].pop(record_id, None)  # keep change order
            records[change.entity][record_id] = values
    sections = []
    for name in synced_tables():
        if name in facts:
            sections.append(_fact_section(conn, name, facts[name]))
        if name in records:
            sections.append(_record_section(name, records[name]))
    conflicts = _conflicts(conn, conflict_ids) if conflict_ids else []
    aliases = _aliases(conn, alias_ids) if alias_ids else []
    return PullPage(
        cursor=cursor,
        next_cursor=changes[-1].change_no if changes else cursor,
        more=len(changes) == limit,
        hq_clock=hq.clock.last,
        sections=sections,
        conflicts=conflicts,
        aliases=aliases,
    )


def note_pull(conn: Connection, hq: HQClock, device: DeviceInfo, cursor: int) -> None:
    """Where the device is reading (``checkpoint-hq devices``), in a transaction of its own."""
    conn.execute(
        update(Device)
        .where(Device.id == device.id)
        .values(pull_cursor=cursor, last_pull_at=hq.now(), last_seen_at=hq.now())
    )


def _aliases(conn: Connection, ids: list[uuid.UUID]) -> list[AliasRecord]:
    return [
        AliasRecord(
            entity=a.entity,
            merged_id=a.merged_id,
            survivor_id=a.survivor_id,
            merged_at=a.merged_at,
        )
        for a in conn.execute(
            select(Alias.__table__).where(Alias.merged_id.in_(ids)).order_by(Alias.merged_at)
        )
    ]


def _fact_section(conn: Connection, name: str, ids: list[uuid.UUID]) -> Section:
    table = synced_tables()[name]
    table_codec = codec(name)
    found = {row.id: row._mapping for row in conn.execute(select(table).where(table.c.id.in_(ids)))}
    return Section(
        entity=name,
        columns=list(table_codec.columns),
        values=table_codec.encode_columns([found[i] for i in ids if i in found]),
    )


def _record_section(name: str, versions: dict[uuid.UUID, dict[str, Any]]) -> Section:
    table_codec = codec(name)
    return Section(
        entity=name,
        columns=list(table_codec.columns),
        values=table_codec.json_to_wire(list(versions.values())),
    )


def _conflicts(conn: Connection, ids: list[uuid.UUID]) -> list[ConflictRecord]:
    return [
        ConflictRecord(
            id=c.id,
            entity=c.entity,
            record_id=c.record_id,
            detected_at=c.detected_at,
            rule=c.rule,
            fields=c.fields,
            losing=c.losing,
            winning=c.winning,
            losing_writer=c.losing_writer,
            winning_writer=c.winning_writer,
        )
        for c in conn.execute(select(Conflict.__table__).where(Conflict.id.in_(ids)))
    ]
