"""Sync state for the UI, as plain Python: the header's sync slot, the sync panel, per record.

Everything here reads the post's database (no network) and is cheap enough
to call after every change; the runner (``runner.py``) adds what only it
knows (a sync running now, its progress, the next attempt).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import OutboxEntry, SyncConflict, SyncHeld
from desktop_app.desk import Desk
from desktop_app.protocol import transport
from desktop_app.protocol.transport import LinkSecurity
from desktop_app.sync import local, quarantine
from desktop_app.sync.client import SyncProgress
from desktop_app.sync.quarantine import HELD


@dataclass(frozen=True)
class SyncState:
    """What the header's sync slot shows; every field is safe to read from any thread."""

    enrolled: bool
    hq_url: str | None
    pending: int  # local changes HQ has not acknowledged (entries set aside apart)
    conflicts: int  # losing versions HQ reported for this port
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str | None  # None after a successful sync
    last_error_kind: str | None  # offline, update_required, auth, refused, error
    clock_skew_s: float | None  # HQ's clock minus this desk's (warn when large)
    running: bool = False
    progress: SyncProgress | None = None
    next_attempt: datetime | None = None
    held: int = 0  # entries set aside (quarantine): HQ refused them, or they wait for one
    # How the link to HQ is protected (pinned TLS, plain HTTP on loopback…); None: not enrolled.
    link: LinkSecurity | None = None
    # Syncing with the post's hub: its own link to HQ, as it last said.
    via_hub: bool = False
    hub_hq_reached: datetime | None = None
    hub_hq_offline_since: datetime | None = None

    def with_run(
        self,
        *,
        running: bool,
        progress: SyncProgress | None = None,
        next_attempt: datetime | None = None,
    ) -> SyncState:
        return replace(self, running=running, progress=progress, next_attempt=next_attempt)


def pending_count(desk: Desk) -> int:
    """Entries still to send (those set aside are counted by ``quarantine.held_count``)."""
    with desk.read() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(
                    OutboxEntry.acked_at.is_(None),
                    OutboxEntry.seq.not_in(select(SyncHeld.seq).where(SyncHeld.state == HELD)),
                )
            )
            or 0
        )


def conflict_count(desk: Desk) -> int:
    with desk.read() as s:
        return int(s.scalar(select(func.count()).select_from(SyncConflict)) or 0)


def read_state(desk: Desk) -> SyncState:
    values = local.read_values(
        desk,
        local.HQ_URL,
        local.PRIVATE_KEY,
        local.LAST_SUCCESS,
        local.LAST_ATTEMPT,
        local.LAST_ERROR,
        local.LAST_ERROR_KIND,
        local.HQ_OFFSET,
        local.HQ_CERTIFICATE,
        local.ALLOW_PLAIN_HTTP,
        local.VIA_HUB,
        local.HUB_HQ_REACHED,
        local.HUB_HQ_OFFLINE,
    )
    offset = values.get(local.HQ_OFFSET)
    url = values.get(local.HQ_URL)
    return SyncState(
        enrolled=bool(values.get(local.PRIVATE_KEY)),
        hq_url=values.get(local.HQ_URL),
        pending=pending_count(desk),
        conflicts=conflict_count(desk),
        last_success=local.as_time(values.get(local.LAST_SUCCESS)),
        last_attempt=local.as_time(values.get(local.LAST_ATTEMPT)),
        last_error=values.get(local.LAST_ERROR),
        last_error_kind=values.get(local.LAST_ERROR_KIND),
        clock_skew_s=float(offset) if offset is not None else None,
        held=quarantine.held_count(desk),
        link=transport.security(
            url, values.get(local.HQ_CERTIFICATE), bool(values.get(local.ALLOW_PLAIN_HTTP))
        )
        if url
        else None,
        via_hub=bool(values.get(local.VIA_HUB)),
        hub_hq_reached=local.as_time(values.get(local.HUB_HQ_REACHED)),
        hub_hq_offline_since=local.as_time(values.get(local.HUB_HQ_OFFLINE)),
    )


# -- per record ------------------------------------------------------------------


class RecordSync(StrEnum):
    PENDING = "pending"  # changed here; HQ has not acknowledged the change yet
    SENT = "sent"  # every change made here is stored at HQ
    RECEIVED = "received"  # never changed here (seeded, or came from HQ)
    HELD = "held"  # a change made here is set aside: HQ refused it, or it waits for one


def record_states(desk: Desk, record_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, RecordSync]:
    """The sync state of many records at once (for a table view's column)."""
    ids = list(record_ids)
    states = dict.fromkeys(ids, RecordSync.RECEIVED)
    with desk.read() as s:
        for start in range(0, len(ids), 500):
            rows = s.execute(
                select(
                    OutboxEntry.record_id,
                    func.count(),
                    func.count(OutboxEntry.acked_at),  # counts the acknowledged ones
                )
                .where(OutboxEntry.record_id.in_(ids[start : start + 500]))
                .group_by(OutboxEntry.record_id)
            )
            for record_id, entries, acked in rows:
                states[record_id] = RecordSync.SENT if acked == entries else RecordSync.PENDING
            held = s.scalars(
                select(SyncHeld.record_id).where(
                    SyncHeld.record_id.in_(ids[start : start + 500]), SyncHeld.state == HELD
                )
            )
            for record_id in held:
                states[record_id] = RecordSync.HELD
    return states


def record_state(desk: Desk, record_id: uuid.UUID) -> RecordSync:
    return record_states(desk, [record_id])[record_id]


# -- conflicts ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictView:
    """One losing version, for the sync panel's conflict list."""

    id: uuid.UUID
    detected_at: datetime
    entity: str
    record_id: uuid.UUID
    rule: str  # owner_hq, owner_post, last_writer, closed_shift (comma-joined if several)
    fields: list[str]
    lost: dict[str, Any]  # the losing values of ``fields``
    kept: dict[str, Any]  # the values HQ kept
    losing_writer: str
    winning_writer: str
    lost_here: bool  # this desk wrote the losing version
    losing: dict[str, Any]  # the whole losing version
    winning: dict[str, Any]
    # This desk wrote the values that were kept: the winning version is its own, or HQ
    # merged them from a version this desk sent (HQ then stamps the merge as its own).
    won_here: bool = False


def conflicts(
    desk: Desk, *, limit: int = 200, record_id: uuid.UUID | None = None
) -> list[ConflictView]:
    """Conflicts HQ resolved for this port, newest first (optionally for one record)."""
    query = select(SyncConflict).order_by(SyncConflict.detected_at.desc()).limit(limit)
    if record_id is not None:
        query = query.where(SyncConflict.record_id == record_id)
    views = []
    with desk.read() as s:
        for c in s.scalars(query):
            kept = {f: c.winning.get(f) for f in c.fields}
            lost_here = c.losing_writer == desk.device_id
            won_here = c.winning_writer == desk.device_id or (
                not lost_here and _sent_here(s, c.entity, c.record_id, kept)
            )
            views.append(
                ConflictView(
                    id=c.id,
                    detected_at=c.detected_at,
                    entity=c.entity,
                    record_id=c.record_id,
                    rule=c.rule,
                    fields=list(c.fields),
                    lost={f: c.losing.get(f) for f in c.fields},
                    kept=kept,
                    losing_writer=c.losing_writer,
                    winning_writer=c.winning_writer,
                    lost_here=lost_here,
                    losing=dict(c.losing),
                    winning=dict(c.winning),
                    won_here=won_here,
                )
            )
    return views


def _sent_here(s: Session, entity: str, record_id: uuid.UUID, kept: dict[str, Any]) -> bool:
    """Did a version this desk wrote carry the kept values (its outbox snapshots say)?"""
    payloads = s.scalars(
        select(OutboxEntry.payload).where(
            OutboxEntry.entity == entity,
            OutboxEntry.record_id == record_id,
            OutboxEntry.payload.is_not(None),
        )
    )
    for payload in payloads:  # not None: the query asks for snapshots only
        snapshot = json.loads(payload or "{}")
        if all(snapshot.get(name) == value for name, value in kept.items()):
            return True
    return False
