"""Small validators every service shares; each raises ``RuleViolation``.

``validated`` checks a service's arguments against its type hints before it
runs, ``text`` what a text field may hold: a caller passing a number for a
reference, a code that is not a member of its vocabulary or a reference with
a NUL or a right-to-left override in it gets a violation naming the field,
never a ``LookupError`` from the driver or a row that prints backwards.
"""

from __future__ import annotations

import enum
import functools
import inspect
import sys
import types
import typing
import unicodedata
import uuid
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, bindparam, select
from sqlalchemy.orm import Session

from db import queries
from db.base import EARLIEST, LATEST, in_range
from db.enums import ClearanceStep, LaneSubjects, Role, ShiftState, SubjectKind
from db.models import ClearanceEvent, Lane, Officer, Shift
from db.prepared import Prepared
from desktop_app.errors import RuleViolation

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk
    from desktop_app.port_reader import PortReader

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


# Free text that may run over several lines (typed into a multi-line box); every
# other text field is one line.
MULTILINE = frozenset({"handover_notes", "notes", "note", "action_taken", "outcome"})
# Characters that change how the text around them is shown without being seen:
# the bidirectional controls (U+202E makes "ABC-123" print as "321-CBA"), and the
# invisible format characters that make two equal-looking references differ.
# Unicode categories: Cc control, Cf format, Cs surrogate, Zl/Zp line/paragraph separator.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_LINE_BREAKS = frozenset("\n\t")


def text(field: str, value: str | None, *, limit: int, required: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        raise RuleViolation(field, "wrong_type", expected="text")
    value = (value or "").strip()
    if required and not value:
        raise RuleViolation(field, "required")
    if len(value) > limit:
        raise RuleViolation(field, "too_long", limit=limit)
    allowed = _LINE_BREAKS if field in MULTILINE else frozenset()
    for char in value:
        if char not in allowed and unicodedata.category(char) in _HIDDEN:
            raise RuleViolation(field, "bad_character", char=f"U+{ord(char):04X}")
    return value


def count(field: str, value: int, *, low: int = 0, high: int = 100_000) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise RuleViolation(field, "out_of_range", low=low, high=high)
    return value


def aware(field: str, at: datetime) -> datetime:
    """A point in time: a datetime with its zone (a naive one would be a guess), in the
    range every stored time is in (``db.base.EARLIEST``..``LATEST``)."""
    if not isinstance(at, datetime):
        raise RuleViolation(field, "wrong_type", expected="a time")
    if at.tzinfo is None:
        raise RuleViolation(field, "required")
    if not in_range(at):
        raise RuleViolation(field, "out_of_range", low=EARLIEST.date(), high=LATEST.date())
    return at


def when(desk: PortReader, field: str, at: datetime | None) -> datetime:
    """The time of an action: now if not given; never later than now plus tolerance."""
    now = desk.now()
    if at is None:
        return now
    aware(field, at)
    if at > now + CLOCK_TOLERANCE:
        raise RuleViolation(field, "in_future", tolerance_s=int(CLOCK_TOLERANCE.total_seconds()))
    return at


# -- arguments against their type hints -------------------------------------------------

S = TypeVar("S", bound=Callable[..., Any])
Check = Callable[[str, Any], Any]  # (field, value) → the value to use, or RuleViolation


def validated(service: S) -> S:
    """Check a service's keyword arguments against its type hints before it runs.

    Text, whole numbers, true/false, ids and times must be of their type, and
    a vocabulary (an enum) one of its members (not its code: ``"person"`` is
    refused where ``SubjectKind.PERSON`` is meant, so that there is one way to
    call a service).  ``None`` only where the hint allows it.  The checks are
    worked out from the hints once, at the first call.
    """
    plan: list[tuple[str, Check]] | None = None

    @functools.wraps(service)
    def run(*args: Any, **kwargs: Any) -> Any:
        nonlocal plan
        if plan is None:
            plan = _plan(service)
        for name, check in plan:
            if name in kwargs:
                kwargs[name] = check(name, kwargs[name])
        return service(*args, **kwargs)

    return run  # type: ignore[return-value]


def service_hints(service: Callable[..., Any]) -> dict[str, Any]:
    """The service's type hints; those naming what its module does not import are skipped."""
    try:
        return typing.get_type_hints(service)
    except NameError:
        module = vars(sys.modules[service.__module__])
        hints = {}
        for name, hint in service.__annotations__.items():
            try:
                hints[name] = eval(hint, module) if isinstance(hint, str) else hint
            except NameError:
                continue  # imported for type checkers only
        return hints


def _plan(service: Callable[..., Any]) -> list[tuple[str, Check]]:
    hints = service_hints(service)
    plan = []
    for name, parameter in inspect.signature(service).parameters.items():
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY or name not in hints:
            continue
        check = _check_for(hints[name])
        if check is not None:
            plan.append((name, check))
    return plan


def _check_for(hint: Any) -> Check | None:
    """A check for values of type ``hint``, or None for a type it does not check."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    optional = type(None) in options
    kinds = [kind for kind in options if kind is not type(None)]
    if len(kinds) != 1:
        return None
    kind = kinds[0]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        inner = _member_of(kind)
    elif kind in _SIMPLE:
        inner = _SIMPLE[kind]
    else:
        return None

    def check(field: str, value: Any) -> Any:
        if value is None:
            if optional:
                return None
            raise RuleViolation(field, "required")
        return inner(field, value)

    return check


def _instance_of(kind: type, expected: str) -> Check:
    def check(field: str, value: Any) -> Any:
        # bool is an int to Python, never to a person counting travellers
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise RuleViolation(field, "wrong_type", expected=expected)
        return value

    return check


_SIMPLE: dict[Any, Check] = {
    str: _instance_of(str, "text"),
    int: _instance_of(int, "a whole number"),
    bool: _instance_of(bool, "true or false"),
    uuid.UUID: _instance_of(uuid.UUID, "an id"),
    datetime: _instance_of(datetime, "a time"),
}


def _member_of(kind: type[enum.Enum]) -> Check:
    choices = ", ".join(str(member.value) for member in kind)

    def check(field: str, value: Any) -> Any:
        if not isinstance(value, kind):
            raise RuleViolation(field, "choice", choices=choices)
        return value

    return check


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
    columns: list[ColumnElement[Any]] = [
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
        # Whether each event's lane is open now: a subject can only be served at an
        # open lane, and it may have queued at one before it opened.
        event_lane = ln.alias("event_lane")
        columns += [
            event_lane.c.is_open.label("lane_open"),
            event_lane.c.code.label("event_lane_code"),
        ]
        # Joined on the clearance id alone: with the port as well, SQLite's
        # planner walks the (port, at) index instead.  The port is checked
        # on the rows by the caller.
        joined = joined.outerjoin(
            ev, ev.c.clearance_id == bindparam("clearance_id", type_=ev.c.clearance_id.type)
        ).outerjoin(event_lane, event_lane.c.id == ev.c.lane_id)
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
