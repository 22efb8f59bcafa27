"""Small validators every service shares; each raises ``RuleViolation``."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.orm import Session

from db import queries
from db.enums import ClearanceStep, LaneSubjects, Role, ShiftState, SubjectKind
from db.models import ClearanceEvent, Lane, Officer, Shift
from db.prepared import Prepared
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation

# How far ahead of this desk's clock a recorded time may be: scanners and
# neighbouring desks drift a little; more than this is a typing mistake.
CLOCK_TOLERANCE = timedelta(seconds=120)

T = TypeVar("T")


_LANE_TAKES = {
    LaneSubjects.PERSONS: {SubjectKind.PERSON},
    LaneSubjects.VEHICLES: {SubjectKind.VEHICLE, SubjectKind.TRAIN},
    LaneSubjects.BOTH: set(SubjectKind),
}


def lane_takes(lane_code: str, subjects: LaneSubjects, subject_kind: SubjectKind) -> None:
    """A persons lane takes persons; a vehicles lane takes vehicles and trains."""
    if subject_kind not in _LANE_TAKES[subjects]:
        raise RuleViolation(
            "subject_kind",
            "lane_subjects",
            lane=lane_code,
            subjects=subjects.value,
            subject_kind=subject_kind.value,
        )


def text(field: str, value: str | None, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise RuleViolation(field, "required")
    if len(value) > limit:
        raise RuleViolation(field, "too_long", limit=limit)
    return value


def count(field: str, value: int, *, low: int = 0, high: int = 100_000) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise RuleViolation(field, "out_of_range", low=low, high=high)
    return value


def when(desk: Desk, field: str, at: datetime | None) -> datetime:
    """The time of an action: now if not given; never later than now plus tolerance."""
    now = desk.now()
    if at is None:
        return now
    if at.tzinfo is None:
        raise RuleViolation(field, "required")  # a time without a zone is not a time
    if at > now + CLOCK_TOLERANCE:
        raise RuleViolation(field, "in_future", tolerance_s=int(CLOCK_TOLERANCE.total_seconds()))
    return at


def order(field: str, at: datetime, *, after: str, after_at: datetime) -> None:
    if at < after_at:
        raise RuleViolation(field, "time_order", after=after, after_at=after_at.isoformat())


def in_port(session: Session, desk: Desk, model: type[T], record_id: uuid.UUID, field: str) -> T:
    """A row of this post's port by id, or a not_found violation naming ``field``."""
    row = session.get(model, record_id)
    if (
        row is None
        or getattr(row, "port_id", None) != desk.port_id
        or getattr(row, "deleted", False)
    ):
        raise RuleViolation(field, "not_found")
    return row


def officer(
    session: Session, desk: Desk, officer_id: uuid.UUID | None, roles: Collection[Role] = ()
) -> Officer:
    if officer_id is None:  # nobody signed in
        raise RuleViolation("by", "required")
    found = in_port(session, desk, Officer, officer_id, "by")
    _authorised(found.active, found.badge_no, found.role, roles)
    return found


def _authorised(active: bool, badge_no: str, role: Role, roles: Collection[Role]) -> None:
    if not active:
        raise RuleViolation("by", "inactive", badge_no=badge_no)
    if roles and role not in roles:
        raise RuleViolation(
            "by",
            "role",
            roles=", ".join(sorted(r.value for r in roles)),
            officer=badge_no,
            role=role.value,
        )


def open_shift(session: Session, desk: Desk, at: datetime | None = None) -> Shift:
    """The port's open shift; ``at`` (if given) must not be before it started."""
    shift = session.scalars(
        select(Shift).where(Shift.port_id == desk.port_id, Shift.state == ShiftState.OPEN)
    ).first()
    if shift is None:
        raise RuleViolation("shift", "no_open_shift")
    if at is not None and shift.actual_start is not None and at < shift.actual_start:
        raise RuleViolation("at", "before_shift", shift_start=shift.actual_start.isoformat())
    return shift


def not_closed(shift: Shift) -> None:
    if shift.state == ShiftState.CLOSED:
        raise RuleViolation("shift", "shift_closed")


def _context_query(*, lane: bool, events: bool) -> Select[Any]:
    o, sh, ln = Officer.__table__, Shift.__table__, Lane.__table__
    ev = ClearanceEvent.__table__
    columns = [
        o.c.badge_no.label("officer_badge"),
        o.c.role.label("officer_role"),
        o.c.active.label("officer_active"),
        sh.c.id.label("shift_id"),
        sh.c.actual_start.label("shift_start"),
    ]
    joined = o.outerjoin(sh, and_(sh.c.port_id == o.c.port_id, sh.c.state == ShiftState.OPEN))
    if lane:
        columns += [
            ln.c.id.label("lane_id"),
            ln.c.code.label("lane_code"),
            ln.c.kind.label("lane_kind"),
            ln.c.subjects.label("lane_subjects"),
            ln.c.direction.label("lane_direction"),
            ln.c.is_open.label("lane_open"),
        ]
        joined = joined.outerjoin(
            ln,
            and_(
                ln.c.id == bindparam("lane_id", type_=ln.c.id.type),
                ln.c.port_id == o.c.port_id,
                ~ln.c.deleted,
            ),
        )
    if events:  # one row per event of the clearance, named as queries.effective expects
        columns += [
            ev.c.id,
            ev.c.clearance_id,
            ev.c.port_id,
            ev.c.lane_id,
            ev.c.step,
            ev.c.at,
            ev.c.outcome,
            ev.c.supersedes_id,
        ]
        # Joined on the clearance id alone: with the port as well, SQLite's
        # planner walks the (port, at) index instead.  The port is checked
        # on the rows by the caller.
        joined = joined.outerjoin(
            ev, ev.c.clearance_id == bindparam("clearance_id", type_=ev.c.clearance_id.type)
        )
    query = select(*columns).select_from(joined)
    query = query.where(o.c.id == bindparam("by"), o.c.port_id == bindparam("port_id"))
    return query if events else query.limit(1)


# Compiled once: the clearance hot path runs these on every key.
_CONTEXT = Prepared(_context_query(lane=True, events=False))
_CONTEXT_WITH_EVENTS = Prepared(_context_query(lane=False, events=True))


def context(
    s: Session,
    desk: Desk,
    by: uuid.UUID,
    *,
    roles: Collection[Role] = (),
    lane_id: uuid.UUID | None = None,
) -> Any:
    """The acting officer, the port's open shift and a lane, in one round trip.

    For the clearance hot path: a row with ``officer_*``, ``shift_*`` (None
    when no shift is open) and ``lane_*`` (None when no lane was asked for
    or it is not this port's) columns; the officer is checked here.
    """
    params = {"by": by, "port_id": desk.port_id, "lane_id": lane_id}
    found = _CONTEXT.rows(s.connection(), params)
    return _checked(found[0] if found else None, roles)


def context_and_steps(
    s: Session, desk: Desk, by: uuid.UUID, clearance_id: uuid.UUID
) -> tuple[Any, dict[ClearanceStep, Any]]:
    """``context`` (without a lane) and the clearance's effective steps, in one round trip."""
    params = {"by": by, "port_id": desk.port_id, "clearance_id": clearance_id}
    found = _CONTEXT_WITH_EVENTS.rows(s.connection(), params)
    row = _checked(found[0] if found else None, ())
    return row, queries.effective([r for r in found if r.id is not None])


def _checked(row: Any, roles: Collection[Role]) -> Any:
    if row is None:
        raise RuleViolation("by", "not_found")
    _authorised(row.officer_active, row.officer_badge, row.officer_role, roles)
    return row


def shift_open_at(row: Any, at: datetime | None) -> uuid.UUID:
    """The open shift's id from a ``context`` row; ``at`` must not precede its start."""
    if row.shift_id is None:
        raise RuleViolation("shift", "no_open_shift")
    if at is not None and row.shift_start is not None and at < row.shift_start:
        raise RuleViolation("at", "before_shift", shift_start=row.shift_start.isoformat())
    return row.shift_id
