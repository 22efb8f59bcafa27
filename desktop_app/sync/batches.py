"""Push batches from the outbox: entries ``after+1 ..`` of this device, bounded.

A batch is fully determined by where it starts and how many rows it may
hold: facts are read from their tables (they never change) and mutable
records from their outbox snapshots, so a batch built again after a lost
acknowledgement is byte-identical and HQ answers "duplicate".

Each mutable version also names its *base*: the version it was edited from,
which is this device's previous version of the record, or the version a
pull brought in after that (``sync_bases``), or the seeded reference row.
HQ's three-way merge needs it to tell what this post changed.

Entries set aside (``quarantine``) are not sent: the batch declares them,
and the entries that refer to a record set aside (``rules.dependents``),
so HQ's acknowledged prefix moves past them while they wait.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from db.models import OutboxEntry, SyncBase, SyncHeld
from desktop_app.desk import Desk
from desktop_app.protocol import rules
from desktop_app.protocol.codec import WireError, codec, fact_tables, synced_tables
from desktop_app.protocol.messages import DEPENDS, PUSH_ROWS, HeldEntry, PushBatch, Section
from desktop_app.reference import SEED_DEVICE, SEED_STAMP
from desktop_app.sync import quarantine
from desktop_app.sync.storage import fact_columns


def pending_after(session: Session, after: int) -> int:
    return int(
        session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.seq > after))
        or 0
    )


def build_batch(desk: Desk, after: int, max_rows: int = PUSH_ROWS) -> PushBatch | None:
    """The next batch after outbox entry ``after``, or None when there is nothing to send."""
    with desk.read() as s:
        return build_batch_in(s, desk.device_id, after, max_rows)


class _Unreadable(Exception):
    """A snapshot this desk cannot put on the wire (a value breaking the schema)."""

    def __init__(self, entry: HeldEntry) -> None:
        super().__init__(entry.detail)
        self.entry = entry


def build_batch_in(session: Session, device_id: str, after: int, max_rows: int) -> PushBatch | None:
    # A snapshot that does not encode is set aside like an entry HQ refused: found
    # while building (rare), the batch is built again without it.
    unreadable: dict[int, HeldEntry] = {}
    while True:
        try:
            return _build(session, device_id, after, max_rows, unreadable)
        except _Unreadable as bad:
            unreadable[bad.entry.seq] = bad.entry


def _build(
    session: Session, device_id: str, after: int, max_rows: int, unreadable: dict[int, HeldEntry]
) -> PushBatch | None:
    conn = session.connection()
    raw = conn.connection.driver_connection
    assert raw is not None
    # The driver's cursor: record ids stay in SQLite's storage form (hex), the wire form.
    entries = raw.execute(
        "SELECT seq, entity, record_id, hlc, payload FROM outbox WHERE seq > ? "
        "ORDER BY seq LIMIT ?",
        (after, max_rows),
    ).fetchall()
    if not entries:
        return None
    held: list[HeldEntry] = []
    state = quarantine.held_state(session, also=unreadable)
    if state:
        entries, held = _set_aside(conn, entries, state)
    facts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    records: dict[str, list[tuple[int, uuid.UUID, str, str]]] = defaultdict(list)
    for seq, entity, record_id, hlc, payload in entries:
        if entity in fact_tables():
            facts[entity].append((seq, record_id))
        else:
            records[entity].append((seq, uuid.UUID(record_id), hlc, payload))
    sections = []
    for name in synced_tables():
        if name in facts:
            sections.append(
                Section(
                    entity=name,
                    columns=list(codec(name).columns),
                    values=fact_columns(conn, name, [i for _, i in facts[name]]),
                    seqs=[seq for seq, _ in facts[name]],
                )
            )
        if name in records:
            sections.append(_record_section(session, name, after, records[name]))
    last_seq = max([e[0] for e in entries] + [e.seq for e in held])
    return PushBatch(
        device_id=device_id,
        first_seq=after + 1,
        last_seq=last_seq,
        sections=sections,
        held=held,
    )


def _set_aside(
    conn: Connection, entries: list[Any], state: quarantine.HeldState
) -> tuple[list[Any], list[HeldEntry]]:
    """Split the entries into those to send and those set aside (declared in the batch)."""
    refs: dict[int, list[tuple[str, str]]] = {}
    by_entity: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for seq, entity, record_id, _, payload in entries:
        if seq in state.entries:
            continue
        if entity in fact_tables():
            by_entity[entity].append((seq, record_id))
        else:
            refs[seq] = rules.row_refs(entity, json.loads(payload).get)
    for entity, rows in by_entity.items():
        columns = list(codec(entity).columns)
        values = fact_columns(conn, entity, [record_id for _, record_id in rows])
        for index, (seq, _) in enumerate(rows):
            row = {name: values[c][index] for c, name in enumerate(columns)}
            refs[seq] = rules.row_refs(entity, row.get)
    waiting = rules.dependents(
        [
            (seq, entity, record_id, refs[seq])
            for seq, entity, record_id, _, _ in entries
            if seq in refs
        ],
        set(state.records),
    )
    held = [state.entries[seq] for seq, *_ in entries if seq in state.entries]
    for seq, entity, record_id, _, _ in entries:
        if seq in waiting:
            target, blocked = waiting[seq]
            held.append(
                HeldEntry(
                    seq=seq,
                    entity=entity,
                    record_id=uuid.UUID(record_id),
                    error=DEPENDS,
                    detail=f"refers to {target} {uuid.UUID(blocked)}, which is set aside",
                    blocked_entity=target,
                    blocked_id=uuid.UUID(blocked),
                )
            )
    kept = [e for e in entries if e[0] not in state.entries and e[0] not in waiting]
    return kept, sorted(held, key=lambda e: e.seq)


def _record_section(
    session: Session, name: str, after: int, entries: list[tuple[int, uuid.UUID, str, str]]
) -> Section:
    table_codec = codec(name)
    ids = list({record_id for _, record_id, _, _ in entries})
    # This device's latest version of each record before the batch that HQ got (an
    # entry set aside never reached it)…
    previous: dict[uuid.UUID, tuple[int, str]] = {
        row.record_id: (row.seq, row.hlc)
        for row in session.execute(
            select(OutboxEntry.record_id, func.max(OutboxEntry.seq).label("seq"), OutboxEntry.hlc)
            .where(
                OutboxEntry.record_id.in_(ids),
                OutboxEntry.seq <= after,
                OutboxEntry.seq.not_in(select(SyncHeld.seq)),
            )
            .group_by(OutboxEntry.record_id)  # SQLite returns the hlc of the max(seq) row
        )
    }
    # …and the version a pull brought in, if that came later.
    pulled = {
        row.record_id: (row.after_seq, row.hlc)
        for row in session.execute(
            select(SyncBase.record_id, SyncBase.after_seq, SyncBase.hlc).where(
                SyncBase.entity == name, SyncBase.record_id.in_(ids)
            )
        )
    }
    rows: list[dict[str, Any]] = []
    bases: list[str | None] = []
    for seq, record_id, hlc, payload in entries:
        snapshot = json.loads(payload)
        try:
            rows.append(table_codec.from_json_dict(snapshot))
        except WireError as error:
            raise _Unreadable(
                HeldEntry(
                    seq=seq,
                    entity=name,
                    record_id=record_id,
                    error="malformed",
                    detail=str(error).replace(" row 0:", ":")[:500],
                )
            ) from None
        bases.append(_base(snapshot, previous.get(record_id), pulled.get(record_id)))
        previous[record_id] = (seq, hlc)
    return Section(
        entity=name,
        columns=list(table_codec.columns),
        values=table_codec.encode_columns(rows),
        seqs=[seq for seq, _, _, _ in entries],
        bases=bases,
    )


def _base(
    values: dict[str, Any], previous: tuple[int, str] | None, pulled: tuple[int, str] | None
) -> str | None:
    if pulled is not None and (previous is None or pulled[0] >= previous[0]):
        return pulled[1]
    if previous is not None:
        return previous[1]
    if values.get("origin_device") == SEED_DEVICE:
        return SEED_STAMP  # the first local edit of a seeded reference row
    return None  # a record this device created: there is no base
