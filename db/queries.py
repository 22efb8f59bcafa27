"""Read models over the append-only clearance events.

Every figure on the screens and in the reports comes from this fold:
the *effective* events are those that are not ``void`` and that no later
event supersedes; a clearance is its effective joined event, joined (left)
with its effective started and finished events.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, select
from sqlalchemy.orm import Session, aliased

from db.enums import ClearanceStep, Direction, LaneKind, Outcome, SubjectKind, TravellerCategory
from db.models import ClearanceEvent, Lane
from db.prepared import Prepared


@dataclass(frozen=True, slots=True)
class Clearance:
    clearance_id: uuid.UUID
    lane_id: uuid.UUID
    lane_code: str
    lane_kind: LaneKind
    shift_id: uuid.UUID
    direction: Direction
    subject_kind: SubjectKind
    traveller_category: TravellerCategory | None
    reference: str
    forecast_id: uuid.UUID | None
    joined_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    outcome: Outcome | None
    joined_event_id: uuid.UUID
    started_event_id: uuid.UUID | None
    finished_event_id: uuid.UUID | None

    def wait(self, now: datetime) -> float:
        """Seconds queued: until service started, or until ``now`` if still waiting."""
        return ((self.started_at or now) - self.joined_at).total_seconds()

    def total(self) -> float | None:
        """Seconds from joining the queue to leaving the desk."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.joined_at).total_seconds()


def clearances_query(
    port_id: uuid.UUID,
    joined_from: datetime,
    joined_until: datetime,
    *,
    unfinished_only: bool = False,
    shift_id: uuid.UUID | None = None,
) -> Select[tuple[object, ...]]:
    e = ClearanceEvent.__table__
    later = e.alias("later")
    candidates = select(e.c.clearance_id).where(
        e.c.port_id == port_id,
        e.c.step == ClearanceStep.JOINED,
        e.c.at >= joined_from,
        e.c.at < joined_until,
    )
    effective = (
        select(e)
        .where(
            e.c.clearance_id.in_(candidates),
            e.c.step != ClearanceStep.VOID,
            ~exists().where(later.c.supersedes_id == e.c.id),
        )
        .cte("effective")
    )
    j = aliased(effective, name="j")
    s = aliased(effective, name="s")
    f = aliased(effective, name="f")
    query = (
        select(
            j.c.clearance_id,
            j.c.lane_id,
            Lane.code,
            Lane.kind,
            j.c.shift_id,
            j.c.direction,
            j.c.subject_kind,
            j.c.traveller_category,
            j.c.reference,
            j.c.forecast_id,
            j.c.at,
            s.c.at,
            f.c.at,
            f.c.outcome,
            j.c.id,
            s.c.id,
            f.c.id,
        )
        .join(Lane, Lane.id == j.c.lane_id)
        .outerjoin(s, and_(s.c.clearance_id == j.c.clearance_id, s.c.step == ClearanceStep.STARTED))
        .outerjoin(
            f, and_(f.c.clearance_id == j.c.clearance_id, f.c.step == ClearanceStep.FINISHED)
        )
        .where(
            j.c.step == ClearanceStep.JOINED,
            j.c.at >= joined_from,
            j.c.at < joined_until,
        )
        .order_by(j.c.at, j.c.clearance_id)
    )
    if unfinished_only:
        query = query.where(f.c.id.is_(None))
    if shift_id is not None:
        query = query.where(j.c.shift_id == shift_id)
    return query


def clearances(
    session: Session,
    port_id: uuid.UUID,
    joined_from: datetime,
    joined_until: datetime,
    *,
    unfinished_only: bool = False,
    shift_id: uuid.UUID | None = None,
) -> list[Clearance]:
    query = clearances_query(
        port_id, joined_from, joined_until, unfinished_only=unfinished_only, shift_id=shift_id
    )
    return [Clearance(*row) for row in session.execute(query)]


def _effective_steps_query() -> Select[Any]:
    e = ClearanceEvent.__table__
    return select(
        e.c.id,
        e.c.clearance_id,
        e.c.port_id,
        e.c.lane_id,
        e.c.step,
        e.c.at,
        e.c.outcome,
        e.c.supersedes_id,
    ).where(e.c.clearance_id == bindparam("clearance_id"))


def _queued_with_reference_query() -> Select[Any]:
    e = ClearanceEvent.__table__
    x, f, y = e.alias("x"), e.alias("f"), e.alias("y")
    lanes = Lane.__table__
    return (
        select(lanes.c.code)
        .select_from(e.join(lanes, lanes.c.id == e.c.lane_id))
        .where(
            e.c.port_id == bindparam("port_id"),
            e.c.reference == bindparam("reference"),
            e.c.step == ClearanceStep.JOINED,
            e.c.at >= bindparam("since", type_=e.c.at.type),
            ~exists().where(x.c.supersedes_id == e.c.id),
            ~exists().where(
                f.c.clearance_id == e.c.clearance_id,
                f.c.step == ClearanceStep.FINISHED,
                ~exists().where(y.c.supersedes_id == f.c.id),
            ),
        )
        .limit(1)
    )


# Built once: constructing these per call costs more than running them.
_EFFECTIVE_STEPS = Prepared(_effective_steps_query())
_QUEUED_WITH_REFERENCE = Prepared(_queued_with_reference_query())


def effective_steps(session: Session, clearance_id: uuid.UUID) -> dict[ClearanceStep, Any]:
    """The effective event of each step of one clearance (a handful of rows).

    Only the columns the timing rules need; load the event itself to copy it.
    """
    return effective(_EFFECTIVE_STEPS.rows(session.connection(), {"clearance_id": clearance_id}))


def effective(events: Sequence[Any]) -> dict[ClearanceStep, Any]:
    """Of one clearance's events, the one per step that nothing supersedes and is not void."""
    superseded = {ev.supersedes_id for ev in events if ev.supersedes_id is not None}
    return {
        ev.step: ev for ev in events if ev.id not in superseded and ev.step != ClearanceStep.VOID
    }


def queued_with_reference(
    session: Session, port_id: uuid.UUID, reference: str, since: datetime
) -> str | None:
    """The lane code where ``reference`` is still queued (joined, not finished), if anywhere."""
    params = {"port_id": port_id, "reference": reference, "since": since}
    found = _QUEUED_WITH_REFERENCE.rows(session.connection(), params)
    return found[0].code if found else None
