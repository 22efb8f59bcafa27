"""What a deputy captain signs at close-out, and the amended report a later correction makes.

At close-out (``shifts.close_shift``, in the same unit as the close) the
shift report's whole input is taken as of the close and stored as a
``ShiftSignoff`` fact: the canonical JSON of the snapshot (compressed), its
SHA-256 and the as-of time.  It syncs like any fact, so HQ holds exactly what
was signed.  Why the whole snapshot and not only its hash: forecasts,
approvals and acknowledgements by HQ are records that change after the close,
and only the stored data can print the signed page again byte for byte and
say, field by field, what a later correction changed.

* ``signed(desk, shift_id)``: the signed snapshot (None for a shift closed
  before signoffs existed, or not closed); checked against its hash.
* ``amended(desk, signed)``: the shift's own clearance data as of the close,
  recomputed from today's events; if a correction recorded after the close
  changed it, the signed snapshot with those clearances (and lane finishes)
  replaced and an ``Amendment`` saying what changed, by whom, why.  Data about
  the shift's subjects timed after the close (a leftover served in the next
  shift) changes nothing: the snapshot is as of the close.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

import zstandard
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import outbox, queries
from db.enums import ClearanceStep
from db.models import ClearanceEvent, Officer, Shift, ShiftSignoff
from db.outbox import FactRow
from desktop_app.reports import snapshot
from desktop_app.reports.snapshot import (
    Amendment,
    Change,
    Correction,
    LaneCount,
    OfficerRef,
    Snapshot,
)

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk
    from desktop_app.port_reader import PortReader

FORMAT = 1  # of the stored snapshot: canonical JSON, zstd, base64
# A signoff holds one shift's data; nothing legitimate decompresses to more.
MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024
# What a reader sees of a clearance: a change to anything else (an event re-stated
# with the same values) is no amendment.
COMPARED = (
    "lane_code",
    "traveller_category",
    "reference",
    "joined_at",
    "started_at",
    "finished_at",
    "outcome",
)


class SignoffDamaged(ValueError):
    """A stored signoff whose data no longer matches its hash."""


@dataclass(frozen=True)
class Signed:
    snapshot: Snapshot
    data_hash: str  # full SHA-256 hex of the stored canonical JSON
    as_of: datetime
    signed_by: OfficerRef | None
    at: datetime

    @property
    def short_hash(self) -> str:
        return self.data_hash[:12]


def pack(data: bytes) -> str:
    """Canonical JSON as stored in ``ShiftSignoff.snapshot``."""
    return base64.b64encode(zstandard.ZstdCompressor(level=10).compress(data)).decode("ascii")


def unpack(text: str) -> bytes:
    """The canonical JSON back (HQ reads a synced sign-off the same way)."""
    packed = base64.b64decode(text.encode("ascii"), validate=True)
    return zstandard.ZstdDecompressor().decompress(packed, max_output_size=MAX_SNAPSHOT_BYTES)


def sign(desk: Desk, s: Session, shift: Shift, *, by: uuid.UUID, at: datetime) -> FactRow:
    """Store the closed shift's report data as of its close (inside the close-out's unit)."""
    s.flush()  # the snapshot reads the shift as closed, through this unit's session
    taken = snapshot.load_shift(desk, shift.id, as_of=at)
    assert taken.period.final, "sign a shift only once it is closed"
    data = snapshot.encode(taken)
    return outbox.append(
        s,
        ShiftSignoff,
        port_id=desk.port_id,
        shift_id=shift.id,
        as_of=taken.period.as_of,
        data_hash=hashlib.sha256(data).hexdigest(),
        format=FORMAT,
        snapshot=pack(data),
        signed_by=by,
        at=at,
    )


def _pick(rows: Sequence[ShiftSignoff], shift: Shift) -> ShiftSignoff | None:
    """The signoff of the close that stands (two desks may each have closed it offline)."""
    for row in rows:
        if row.as_of == shift.actual_end and row.signed_by == shift.closed_by:
            return row
    return rows[0] if rows else None


def signed(desk: PortReader, shift_id: uuid.UUID) -> Signed | None:
    with desk.read() as s:
        shift = s.get(Shift, shift_id)
        if shift is None or shift.port_id != desk.port_id:
            return None
        rows = list(
            s.scalars(
                select(ShiftSignoff)
                .where(ShiftSignoff.shift_id == shift_id, ~ShiftSignoff.deleted)
                .order_by(ShiftSignoff.at, ShiftSignoff.hlc)
            )
        )
        row = _pick(rows, shift)
        if row is None:
            return None
        signer = s.get(Officer, row.signed_by)
        if row.format != FORMAT:
            raise SignoffDamaged(f"signoff {row.id}: unknown format {row.format}")
        data = unpack(row.snapshot)
        if hashlib.sha256(data).hexdigest() != row.data_hash:
            raise SignoffDamaged(f"signoff {row.id}: the stored data does not match its hash")
        return Signed(
            snapshot=snapshot.decode(data),
            data_hash=row.data_hash,
            as_of=row.as_of,
            signed_by=OfficerRef(signer.badge_no, signer.name) if signer else None,
            at=row.at,
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(getattr(value, "value", value))


def changes(
    before: Sequence[queries.Clearance], after: Sequence[queries.Clearance]
) -> list[Change]:
    """Field by field, what differs between two versions of the same clearances."""
    old = {c.clearance_id: c for c in before}
    new = {c.clearance_id: c for c in after}
    out = []
    for c in before:
        if c.clearance_id not in new:
            out.append(Change(c.clearance_id, c.reference, "removed", c.reference, ""))
            continue
        now = new[c.clearance_id]
        for name in COMPARED:
            a, b = getattr(c, name), getattr(now, name)
            if a != b:
                out.append(Change(c.clearance_id, now.reference, name, _text(a), _text(b)))
    for c in after:
        if c.clearance_id not in old:
            out.append(Change(c.clearance_id, c.reference, "added", "", c.reference))
    return out


def _finish_changes(base: Snapshot, now: Sequence[LaneCount]) -> list[Change]:
    """Lanes whose count of subjects leaving the desk in the shift changed."""
    codes = {lane.id: lane.code for lane in base.lanes}
    before = {f.lane_id: f.count for f in base.finishes}
    after = {f.lane_id: f.count for f in now}
    return [
        Change(
            lane_id,
            codes.get(lane_id, "?"),
            "lane_finished",
            str(before.get(lane_id, 0)),
            str(after.get(lane_id, 0)),
        )
        for lane_id in sorted(set(before) | set(after), key=lambda i: codes.get(i, ""))
        if before.get(lane_id, 0) != after.get(lane_id, 0)
    ]


def _corrections(
    desk: PortReader,
    clearance_ids: set[uuid.UUID],
    since: datetime,
    references: dict[uuid.UUID, str],
) -> tuple[Correction, ...]:
    """Corrections and undos recorded after the signoff, of the clearances that changed."""
    if not clearance_ids:
        return ()
    e = ClearanceEvent
    out = []
    with desk.read() as s:
        people = {
            o.id: OfficerRef(o.badge_no, o.name)
            for o in s.scalars(select(Officer).where(Officer.port_id == desk.port_id))
        }
        ids = sorted(clearance_ids)
        for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
            for row in s.scalars(
                select(e)
                .where(
                    e.clearance_id.in_(ids[start : start + 500]),
                    e.supersedes_id.is_not(None),
                    e.updated_at > since,
                )
                .order_by(e.updated_at, e.hlc)
            ):
                step = "undone" if row.step == ClearanceStep.VOID else row.step.value
                out.append(
                    Correction(
                        recorded_at=row.updated_at,
                        reference=references.get(row.clearance_id, row.reference or ""),
                        step=step,
                        officer=people.get(row.officer_id),
                        reason=row.reason,
                    )
                )
    return tuple(sorted(out, key=lambda c: (c.recorded_at, c.reference)))


def amended(desk: PortReader, shift_id: uuid.UUID, sig: Signed) -> Snapshot | None:
    """The signed snapshot with today's view of the shift's own clearances, if they changed."""
    base = sig.snapshot
    clearances, finishes = snapshot.shift_work(desk, shift_id, as_of=sig.as_of)
    found = changes(base.clearances, clearances) + _finish_changes(base, finishes)
    if not found:
        return None
    references = {c.clearance_id: c.reference for c in (*base.clearances, *clearances)}
    touched = {c.clearance_id for c in found if c.field != "lane_finished"}
    return replace(
        base,
        clearances=clearances,
        finishes=finishes,
        amendment=Amendment(
            signed_hash=sig.short_hash,
            signed_as_of=sig.as_of,
            signed_by=sig.signed_by,
            changes=tuple(found),
            corrections=_corrections(desk, touched, sig.at, references),
        ),
    )
