"""Small validators every service shares; each raises ``RuleViolation``."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Role, ShiftState
from db.models import Officer, Shift
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation

# How far ahead of this desk's clock a recorded time may be: scanners and
# neighbouring desks drift a little; more than this is a typing mistake.
CLOCK_TOLERANCE = timedelta(seconds=120)

T = TypeVar("T")


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
    session: Session, desk: Desk, officer_id: uuid.UUID, roles: Collection[Role] = ()
) -> Officer:
    found = in_port(session, desk, Officer, officer_id, "by")
    if not found.active:
        raise RuleViolation("by", "inactive", badge_no=found.badge_no)
    if roles and found.role not in roles:
        raise RuleViolation(
            "by",
            "role",
            roles=", ".join(sorted(r.value for r in roles)),
            officer=found.badge_no,
            role=found.role.value,
        )
    return found


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
