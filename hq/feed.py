"""Pull: the changes a device may read after its cursor, one bounded page at a time.

A device reads its own port's rows and the reference rows every post shares
(``port_id`` NULL in the change log), never what it pushed itself.  Facts are
read from their tables (they never change); a mutable record is sent as of
the change (``hq_versions``), so every row a page carries refers only to rows
with lower change numbers, which the post has already applied.  Conflicts HQ
recorded for the port travel in the same feed.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict

from sqlalchemy import Connection, select, union_all, update

from desktop_app.sync.codec import codec, fact_tables, synced_tables
from desktop_app.sync.protocol import ConflictRecord, PullPage, Section
from hq.ingest import DeviceInfo
from hq.models import Change, Conflict, Device, Version
from hq.store import HQClock


def pull_page(
    conn: Connection, hq: HQClock, device: DeviceInfo, cursor: int, limit: int
) -> PullPage:
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
    records: dict[str, dict[uuid.UUID, str]] = defaultdict(dict)
    conflict_ids: list[uuid.UUID] = []
    for change in changes:
        if change.source_device == device.id:
            continue  # it has what it pushed
        if change.entity == "conflicts":
            conflict_ids.append(change.record_id)
        elif change.entity in fact_tables():
            facts[change.entity].append(change.record_id)
        elif change.payload is not None:
            records[change.entity].pop(change.record_id, None)  # keep change order
            records[change.entity][change.record_id] = change.payload
    sections = []
    for name in synced_tables():
        if name in facts:
            sections.append(_fact_section(conn, name, facts[name]))
        if name in records:
            sections.append(_record_section(name, records[name]))
    conflicts = _conflicts(conn, conflict_ids) if conflict_ids else []
    conn.execute(
        update(Device)
        .where(Device.id == device.id)
        .values(pull_cursor=cursor, last_pull_at=hq.now(), last_seen_at=hq.now())
    )
    return PullPage(
        cursor=cursor,
        next_cursor=changes[-1].change_no if changes else cursor,
        more=len(changes) == limit,
        hq_clock=hq.clock.last,
        sections=sections,
        conflicts=conflicts,
    )


def _fact_section(conn: Connection, name: str, ids: list[uuid.UUID]) -> Section:
    table = synced_tables()[name]
    table_codec = codec(name)
    found = {row.id: row._mapping for row in conn.execute(select(table).where(table.c.id.in_(ids)))}
    return Section(
        entity=name,
        columns=list(table_codec.columns),
        values=table_codec.encode_columns([found[i] for i in ids if i in found]),
    )


def _record_section(name: str, payloads: dict[uuid.UUID, str]) -> Section:
    table_codec = codec(name)
    return Section(
        entity=name,
        columns=list(table_codec.columns),
        values=table_codec.json_to_wire([json.loads(p) for p in payloads.values()]),
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
