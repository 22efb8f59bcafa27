"""Entries a device set aside, as HQ counts them: recorded, resolved, listed.

A post that cannot send an entry (HQ refused it for a rule, or it refers
to a record that was refused) declares it in the batch that covers its
seq (``PushBatch.held``); HQ records it here in the batch's transaction, so
the device's acknowledged prefix moves past it and ``checkpoint-hq
status`` counts it.  An entry is resolved when a later entry of the same
record is applied (sent again, or a corrected version), when a later held
entry of the same record replaces it, or when an officer at the post
discards it (an audit entry with ``DISCARD_ACTION`` says which).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from desktop_app.protocol.messages import DISCARD_ACTION, STATUS_HELD, HeldEntry, PushBatch
from hq.models import Alias, Held
from hq.store import insert_ignore


def record(
    conn: Connection, device_id: str, port_id: uuid.UUID, batch: PushBatch, now: datetime
) -> None:
    record_entries(conn, device_id, port_id, batch.held, now)


def record_entries(
    conn: Connection,
    device_id: str,
    port_id: uuid.UUID,
    entries: Sequence[HeldEntry],
    now: datetime,
) -> None:
    """Count ``entries`` as set aside (an entry counted already stays as it is)."""
    if not entries:
        return
    conn.execute(
        insert_ignore(conn, Held.__table__),  # type: ignore[arg-type]
        [
            {
                "device_id": device_id,
                "seq": entry.seq,
                "port_id": port_id,
                "entity": entry.entity,
                "record_id": entry.record_id,
                "error": entry.error,
                "detail": entry.detail,
                "blocked_entity": entry.blocked_entity,
                "blocked_id": entry.blocked_id,
                "held_at": now,
                "resolution": "",
            }
            for entry in entries
        ],
    )


def resolve(conn: Connection, device_id: str, batch: PushBatch, now: datetime) -> None:
    """Settle the device's older held entries this batch answers for."""
    open_entries = conn.execute(
        select(Held.seq, Held.entity, Held.record_id).where(
            Held.device_id == device_id, Held.resolved_at.is_(None)
        )
    ).all()
    if not open_entries:
        return
    sent: dict[tuple[str, uuid.UUID], int] = {}
    discarded: dict[int, str] = {}
    for section in batch.sections:
        for seq, record_id in zip(section.seqs or [], section.column("id"), strict=True):
            sent[(section.entity, uuid.UUID(record_id))] = seq
        if section.entity == "audit_entries":
            discarded.update(_discards(section.column("action"), section.column("detail")))
    held_again = {(e.entity, e.record_id): e.seq for e in batch.held}
    # A record set aside may since have been merged into another: its entry is
    # answered by the survivor's.
    merged = dict(
        conn.execute(
            select(Alias.merged_id, Alias.survivor_id).where(
                Alias.merged_id.in_({record_id for _, _, record_id in open_entries})
            )
        ).all()
    )
    for seq, entity, record_id in open_entries:
        key = (entity, record_id)
        if key not in sent and record_id in merged:
            key = (entity, merged[record_id])
        if seq in discarded:
            _settle(conn, device_id, seq, now, f"discarded at the post: {discarded[seq]}")
        elif key in sent and sent[key] > seq:
            _settle(conn, device_id, seq, now, f"accepted as entry {sent[key]}")
        elif key in held_again and held_again[key] > seq:
            _settle(conn, device_id, seq, now, f"set aside again as entry {held_again[key]}")


def _discards(actions: Iterable[str], details: Iterable[object]) -> dict[int, str]:
    found = {}
    for action, detail in zip(actions, details, strict=True):
        if action == DISCARD_ACTION and isinstance(detail, dict):
            seq = detail.get("seq")
            if isinstance(seq, int):
                found[seq] = str(detail.get("reason", ""))[:400]
    return found


def _settle(conn: Connection, device_id: str, seq: int, now: datetime, resolution: str) -> None:
    conn.execute(
        update(Held)
        .where(Held.device_id == device_id, Held.seq == seq)
        .values(resolved_at=now, resolution=resolution)
    )


def unresolved(conn: Connection, device_id: str) -> tuple[list[HeldEntry], int]:
    """The device's entries HQ counts as set aside (the first ``STATUS_HELD``) and how many."""
    rows = conn.execute(
        select(Held.__table__)
        .where(Held.device_id == device_id, Held.resolved_at.is_(None))
        .order_by(Held.seq)
        .limit(STATUS_HELD)
    )
    entries = [_entry(r) for r in rows]
    total = conn.execute(
        select(func.count())
        .select_from(Held)
        .where(Held.device_id == device_id, Held.resolved_at.is_(None))
    ).scalar_one()
    return entries, int(total)


def set_aside_by_hq(conn: Connection, device_id: str, batch: PushBatch) -> list[HeldEntry]:
    """Entries of ``batch`` counted as set aside that the batch did not declare: HQ set
    them aside itself (a relayed batch, whose post is not there to answer for it)."""
    declared = {entry.seq for entry in batch.held}
    rows = conn.execute(
        select(Held.__table__)
        .where(
            Held.device_id == device_id,
            Held.seq.between(batch.first_seq, batch.last_seq),
            Held.resolved_at.is_(None),
        )
        .order_by(Held.seq)
    )
    return [_entry(r) for r in rows if r.seq not in declared]


def _entry(row: Any) -> HeldEntry:
    return HeldEntry(
        seq=row.seq,
        entity=row.entity,
        record_id=row.record_id,
        error=row.error,
        detail=row.detail,
        blocked_entity=row.blocked_entity,
        blocked_id=row.blocked_id,
    )


def per_port(conn: Connection) -> dict[uuid.UUID, int]:
    """Unresolved held entries per port (``checkpoint-hq status``)."""
    return dict(
        conn.execute(
            select(Held.port_id, func.count())
            .where(Held.resolved_at.is_(None))
            .group_by(Held.port_id)
        ).all()
    )
