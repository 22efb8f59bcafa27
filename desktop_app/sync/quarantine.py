"""Entries set aside (quarantine): one refused record never stops the rest of the outbox.

When HQ refuses an entry for a rule (a value it cannot store, a reference
it does not hold, a constraint such as one approval used at two desks), it
names the entry and why (hq/PROTOCOL.md "Entries set aside").  The post
then:

* sets that entry aside (``sync_held``), and with it every later entry that
  refers to its record (``rules.dependents``, applied as batches are built),
  and keeps sending everything else: each batch declares the entries of its
  range it sets aside, so HQ's acknowledged prefix moves past them;
* shows them (the sync panel, ``checkpoint-desk sync --held``) with why and
  what to do;
* sends them again, as new entries at the end of the outbox, once something
  may have fixed them (``release_due``): the record they wait for reached
  HQ, or was merged into another one; an edit of a refused record is itself
  a new entry and needs nothing more.  An officer can send them all again
  at any time (``release``), or, with authority and a reason, discard one
  (``discard``: audited, and HQ stops counting it).

Nothing is ever dropped silently: an entry leaves the list only when a
later entry of its record reached HQ, or an officer discarded it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from db.enums import COMMAND_ROLES
from db.models import OutboxEntry, SyncAlias, SyncHeld
from db.serialize import dumps
from desktop_app import audit, checks, officers
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation
from desktop_app.protocol.codec import fact_tables, synced_tables, table_order
from desktop_app.protocol.messages import DEPENDS, DISCARD_ACTION, HeldEntry

HELD = "held"  # set aside, waiting
RESENT = "resent"  # queued again as entry ``resent_as``
ACCEPTED = "accepted"  # a later entry of its record reached HQ
DISCARDED = "discarded"  # an officer with authority gave it up, with a reason

# How many times an entry is sent again by itself (its blocker reached HQ, or was
# merged): a rule it still breaks needs an officer (an edit, "send again", discard).
AUTO_RELEASES = 3
# Who may discard an entry HQ never received: the post's command (as for a close-out).
DISCARD_ROLES = COMMAND_ROLES


@dataclass(frozen=True)
class HeldView:
    """One entry set aside, for the sync panel and the command line."""

    seq: int
    entity: str
    record_id: uuid.UUID
    error: str  # HQ's code (malformed, unknown_reference, constraint…) or depends_on_held
    detail: str  # HQ's words, or which record it waits for
    blocked_entity: str | None
    blocked_id: uuid.UUID | None
    held_at: datetime
    state: str
    resent_as: int | None
    reason: str  # why it was discarded

    @property
    def advice(self) -> str:
        """What to do, as a stable code the UI words: ``wait``, ``edit``, ``discard``."""
        if self.error == DEPENDS:
            return "wait"  # it goes by itself once the record it waits for reaches HQ
        if self.entity in fact_tables():
            return "discard"  # a fact cannot be edited: send again (HQ fixed) or discard
        return "edit"  # correct the record; the corrected version goes by itself


def _view(row: SyncHeld) -> HeldView:
    return HeldView(
        seq=row.seq,
        entity=row.entity,
        record_id=row.record_id,
        error=row.error,
        detail=row.detail,
        blocked_entity=row.blocked_entity,
        blocked_id=row.blocked_id,
        held_at=row.held_at,
        state=row.state,
        resent_as=row.resent_as,
        reason=row.reason,
    )


# -- reading ------------------------------------------------------------------------


def held_count(desk: Desk) -> int:
    with desk.read() as s:
        return count_in(s)


def count_in(s: Session) -> int:
    return int(
        s.scalar(select(func.count()).select_from(SyncHeld).where(SyncHeld.state == HELD)) or 0
    )


def entries(desk: Desk, *, everything: bool = False, limit: int = 500) -> list[HeldView]:
    """Entries set aside, oldest first; ``everything`` adds the resolved ones (their history)."""
    query = select(SyncHeld).order_by(SyncHeld.seq).limit(limit)
    if not everything:
        query = query.where(SyncHeld.state == HELD)
    with desk.read() as s:
        return [_view(row) for row in s.scalars(query)]


@dataclass(frozen=True)
class HeldState:
    """What a batch being built needs: entries set aside, and the records they hold back."""

    entries: dict[int, HeldEntry]  # seq → the entry, as declared in a batch
    records: set[tuple[str, str]]  # (table, id as hex) of records set aside

    def __bool__(self) -> bool:
        return bool(self.entries)


def held_state(s: Session, also: Mapping[int, HeldEntry] | None = None) -> HeldState:
    """Entries set aside now (and ``also``), and their records, minus records a later
    entry brought to HQ."""
    rows = list(s.scalars(select(SyncHeld).where(SyncHeld.state == HELD)))
    entries = {r.seq: _entry(r) for r in rows} | dict(also or {})
    if not entries:
        return HeldState({}, set())
    records = {
        (e.entity, e.record_id.hex)
        for e in entries.values()
        if not _reached_hq(s, e.record_id, e.seq)
    }
    return HeldState(entries, records)


def _entry(row: SyncHeld) -> HeldEntry:
    return HeldEntry(
        seq=row.seq,
        entity=row.entity,
        record_id=row.record_id,
        error=row.error,
        detail=row.detail[:500],
        blocked_entity=row.blocked_entity,
        blocked_id=row.blocked_id,
    )


def _set_aside_seqs(s: Session) -> Any:
    """Entries that never reached HQ themselves (whatever became of them since)."""
    return select(SyncHeld.seq)


def _reached_hq(s: Session, record_id: uuid.UUID, after: int) -> bool:
    """Did a later entry of this record (under any id it had) reach HQ?"""
    ids = {record_id, *_ids_of(s, record_id)}
    return (
        s.scalar(
            select(OutboxEntry.seq)
            .where(
                OutboxEntry.record_id.in_(ids),
                OutboxEntry.seq > after,
                OutboxEntry.acked_at.is_not(None),
                OutboxEntry.seq.not_in(_set_aside_seqs(s)),
            )
            .limit(1)
        )
        is not None
    )


def _ids_of(s: Session, record_id: uuid.UUID) -> set[uuid.UUID]:
    """The ids a record has had: itself, its survivor, and what was merged into either."""
    survivor = s.scalar(select(SyncAlias.survivor_id).where(SyncAlias.merged_id == record_id))
    current = survivor or record_id
    merged = set(s.scalars(select(SyncAlias.merged_id).where(SyncAlias.survivor_id == current)))
    return {current, *merged}


# -- recording ----------------------------------------------------------------------


def hold(desk: Desk, held: Iterable[HeldEntry]) -> int:
    """Set entries aside (HQ named them, or a batch declared them); returns how many are new."""
    rows = [
        {
            "seq": e.seq,
            "entity": e.entity,
            "record_id": e.record_id,
            "error": e.error,
            "detail": e.detail,
            "blocked_entity": e.blocked_entity,
            "blocked_id": e.blocked_id,
            "held_at": desk.now(),
            "state": HELD,
            "attempts": 0,
            "reason": "",
        }
        for e in held
    ]
    if not rows:
        return 0
    with desk.unit(remote=True) as s:
        known = set(
            s.scalars(select(SyncHeld.seq).where(SyncHeld.seq.in_([r["seq"] for r in rows])))
        )
        new = [r for r in rows if r["seq"] not in known]
        if new:
            s.connection().execute(sqlite.insert(SyncHeld.__table__).on_conflict_do_nothing(), new)
            # Earlier entries of the same record, sent again and set aside again: this one
            # carries them now.
            _carry_attempts(s, new)
            s.info["write"].changed_tables.add(SyncHeld.__tablename__)
        return len(new)


def _carry_attempts(s: Session, new: Sequence[dict[str, Any]]) -> None:
    for row in new:
        before = s.scalar(
            select(func.max(SyncHeld.attempts)).where(SyncHeld.resent_as == row["seq"])
        )
        if before:
            s.execute(update(SyncHeld).where(SyncHeld.seq == row["seq"]).values(attempts=before))


def settle(desk: Desk) -> int:
    """Entries whose record reached HQ since (sent again, or a corrected version): accepted."""
    with desk.unit(remote=True) as s:
        done = 0
        for row in list(s.scalars(select(SyncHeld).where(SyncHeld.state.in_((HELD, RESENT))))):
            if _reached_hq(s, row.record_id, row.seq):
                row.state, row.resolved_at = ACCEPTED, desk.now()
                done += 1
        if done:
            s.info["write"].changed_tables.add(SyncHeld.__tablename__)
        return done


def due(desk: Desk) -> list[int]:
    """Entries set aside that may go now: what they wait for reached HQ, was merged, or
    goes now too (it is queued first: a chain goes in one round)."""
    with desk.read() as s:
        rows = list(s.scalars(select(SyncHeld).where(SyncHeld.state == HELD)))
        if not rows:
            return []
        merged = set(s.scalars(select(SyncAlias.merged_id)))
        accepted = set(s.scalars(select(SyncHeld.record_id).where(SyncHeld.state == ACCEPTED)))
        still = held_state(s).records
    going: set[uuid.UUID] = set()
    out: list[int] = []
    while True:
        more = [
            row
            for row in rows
            if row.seq not in out
            and row.attempts < AUTO_RELEASES
            and _may_go(row, merged, accepted, going, still)
        ]
        if not more:
            return sorted(out)
        out += [row.seq for row in more]
        going |= {row.record_id for row in more}


def _may_go(
    row: SyncHeld,
    merged: set[uuid.UUID],
    accepted: set[uuid.UUID],
    going: set[uuid.UUID],
    still: set[tuple[str, str]],
) -> bool:
    if row.record_id in merged:  # its record was merged into another: it names the survivor now
        return True
    blocked = row.blocked_id
    if blocked is None:
        return False  # refused for itself: an edit or an officer decides
    if blocked in merged or blocked in going:  # (what goes now is queued before it)
        return True
    # What it waits for was set aside here too, and has reached HQ since.
    return blocked in accepted and ((row.blocked_entity or ""), blocked.hex) not in still


def release(desk: Desk, seqs: Sequence[int] | None = None, *, auto: bool = False) -> list[int]:
    """Send entries set aside again, as new entries at the end of the outbox.

    ``seqs`` None: every entry set aside (an officer's "send again").  Each
    record goes once, as it stands now (a mutable record's current row, a
    fact as recorded), parents before children; a record with a newer
    unsent entry already needs none.  Returns the new entries' seqs.
    """
    with desk.unit(remote=True) as s:
        query = select(SyncHeld).where(SyncHeld.state == HELD)
        if seqs is not None:
            query = query.where(SyncHeld.seq.in_(list(seqs)))
        rows = sorted(s.scalars(query), key=lambda r: (table_order(r.entity), r.seq))
        if not rows:
            return []
        conn = s.connection()
        now = desk.now()
        queued: dict[tuple[str, uuid.UUID], int] = {}
        for row in rows:
            record_id = _current(s, row.record_id)
            key = (row.entity, record_id)
            if key not in queued:
                seq = _queue(s, conn, row.entity, record_id, now)
                if seq is None:
                    continue  # nothing of it left to send: it stays set aside, shown
                queued[key] = seq
            row.state, row.resent_as = RESENT, queued[key]
            row.attempts += auto
        s.info["write"].changed_tables.add(SyncHeld.__tablename__)
        return sorted(set(queued.values()))


def _current(s: Session, record_id: uuid.UUID) -> uuid.UUID:
    survivor = s.scalar(select(SyncAlias.survivor_id).where(SyncAlias.merged_id == record_id))
    return survivor or record_id


def _queue(s: Session, conn: Any, entity: str, record_id: uuid.UUID, now: datetime) -> int | None:
    """A new outbox entry for the record as it stands (or the newer unsent one it has)."""
    newer = s.scalar(
        select(func.max(OutboxEntry.seq)).where(
            OutboxEntry.record_id == record_id,
            OutboxEntry.acked_at.is_(None),
            OutboxEntry.seq.not_in(_set_aside_seqs(s)),
        )
    )
    if newer is not None:
        return int(newer)
    table = synced_tables()[entity]
    row = conn.execute(select(table).where(table.c.id == record_id)).first()
    if row is None:
        return None
    values = dict(row._mapping)
    result = conn.execute(
        insert(OutboxEntry.__table__).returning(OutboxEntry.seq),
        {
            "entity": entity,
            "record_id": record_id,
            "version": values["version"],
            "hlc": values["hlc"],
            "payload": None if entity in fact_tables() else dumps(values),
            "created_at": now,
            "acked_at": None,
        },
    )
    return int(result.scalar_one())


def discard(desk: Desk, *, seq: int, by: uuid.UUID, pin: str, reason: str) -> HeldView:
    """Give up an entry set aside: an officer with authority, signed with the PIN, a reason.

    The entry's data stays on this desk; HQ never receives it.  The audit
    entry (``DISCARD_ACTION``) records who, why and what, and tells HQ to
    stop counting the entry.
    """
    reason = checks.text("reason", reason, limit=500)
    with desk.read() as s:
        checks.officer(s, desk, by, DISCARD_ROLES)
    officers.verify(desk, officer_id=by, pin=pin, purpose="sync.discard.sign")
    with desk.unit() as s:
        checks.officer(s, desk, by, DISCARD_ROLES)
        row = s.get(SyncHeld, seq)
        if row is None or row.state != HELD:
            raise RuleViolation("seq", "not_found")
        row.state, row.discarded_by, row.reason = DISCARDED, by, reason
        row.resolved_at = desk.now()
        audit.log(
            s,
            desk,
            action=DISCARD_ACTION,
            by=by,
            entity=row.entity,
            entity_id=row.record_id,
            seq=seq,
            error=row.error,
            reason=reason,
        )
        s.info["write"].changed_tables.add(SyncHeld.__tablename__)
        return _view(row)


def learn(desk: Desk, held: Sequence[HeldEntry], acked_through: int) -> int:
    """Entries HQ counts as set aside that this desk did not know of (HQ set them aside
    while importing a bundle, or its answer was lost): set aside here too."""
    return hold(desk, [e for e in held if e.seq <= acked_through])
