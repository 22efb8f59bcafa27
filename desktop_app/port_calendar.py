"""Is the port open? Its status on HQ's calendar and its daily hours, at any moment.

HQ sets each port's calendar (``db.models.PortCalendar``: open, suspended or
seasonal with dates, and the daily hours) and the posts pull it.  This is
the one place that answers "open at this moment, and why not": the desk's
header, statistics and planning call ``status_at(desk, when)``; HQ calls
``status_of`` on the record it holds.

* **open**: open every day, within the daily hours (none: 24 hours);
* **seasonal**: open within the hours from the first to the last day of the
  season (inclusive), closed before and after;
* **suspended**: closed from the first to the last day (inclusive; no first
  day: closed already; no last day: until further notice), otherwise as open.

Days are the port's calendar days, in its time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.enums import PortStatus
from db.models import Port, PortCalendar
from desktop_app.errors import RuleViolation

NOTE_LIMIT = 500


class Closed(StrEnum):
    """Why a port is closed at a moment (``StatusAt.reason``); ``OPEN`` when it is not."""

    OPEN = "open"
    HOURS = "outside_hours"
    SUSPENDED = "suspended"
    SEASON = "out_of_season"


@dataclass(frozen=True)
class Calendar:
    """A port's calendar, detached from the database (safe to hand to any thread)."""

    port_code: str
    time_zone: str
    status: PortStatus
    first_day: date | None
    last_day: date | None
    opens_at: time | None
    closes_at: time | None
    note: str
    version: int

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def all_day(self) -> bool:
        return self.opens_at is None


@dataclass(frozen=True)
class StatusAt:
    is_open: bool
    reason: Closed
    calendar: Calendar
    day_open: bool  # the port opens at some time on that local day

    @property
    def status(self) -> PortStatus:
        return self.calendar.status


class Reads(Protocol):
    """What ``calendar`` needs: a desk, or HQ's read-only view of one port."""

    port_id: Any

    def read(self) -> Any: ...


def calendar(desk: Reads) -> Calendar:
    """The port's calendar as this database holds it."""
    with desk.read() as s:
        port = s.get_one(Port, desk.port_id)
        row = s.scalars(select(PortCalendar).where(PortCalendar.port_id == desk.port_id)).first()
        return from_row(port, row)


def from_row(port: Any, row: Any | None) -> Calendar:
    """A ``Calendar`` from a ports row and its calendar row (none: open at the port's hours)."""
    if row is None:
        return Calendar(
            port.code, port.time_zone, PortStatus.OPEN, None, None, port.opens_at,
            port.closes_at, "", 0,
        )  # fmt: skip
    return Calendar(
        port_code=port.code,
        time_zone=port.time_zone,
        status=PortStatus(row.status),
        first_day=_day(row.first_day),
        last_day=_day(row.last_day),
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        note=row.note,
        version=row.version,
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def status_at(desk: Reads, when: datetime) -> StatusAt:
    """Whether the port is open at ``when`` (UTC), by its calendar and daily hours."""
    return status_of(calendar(desk), when)


def status_of(cal: Calendar, when: datetime) -> StatusAt:
    local = when.astimezone(cal.zone)
    today = local.date()
    if cal.opens_at is None or cal.closes_at is None:
        in_hours, hours_day = True, today
    else:
        in_hours, hours_day = _within_hours(local, cal.opens_at, cal.closes_at)
    # A night that runs past midnight belongs to the day it began on.
    reason = _day_closed(cal, hours_day) or (Closed.OPEN if in_hours else Closed.HOURS)
    return StatusAt(reason == Closed.OPEN, reason, cal, _day_closed(cal, today) is None)


def _within_hours(local: datetime, opens: time, closes: time) -> tuple[bool, date]:
    now = local.time()
    if opens < closes:
        return opens <= now < closes, local.date()
    # Past midnight (e.g. 20:00–02:00): after opening today, or before closing
    # on the morning after yesterday's opening.
    if now >= opens:
        return True, local.date()
    return now < closes, local.date() - timedelta(days=1)


def _day_closed(cal: Calendar, day: date) -> Closed | None:
    """Why the port is closed all of ``day``, or None if it opens that day."""
    if cal.status == PortStatus.SEASONAL:
        assert cal.first_day and cal.last_day
        return None if cal.first_day <= day <= cal.last_day else Closed.SEASON
    if cal.status == PortStatus.SUSPENDED:
        began = cal.first_day is None or cal.first_day <= day
        ended = cal.last_day is not None and day > cal.last_day
        return Closed.SUSPENDED if began and not ended else None
    return None


def next_open(cal: Calendar, when: datetime, *, within: int = 400) -> datetime | None:
    """The first moment at or after ``when`` (UTC) the port is open; None within ``within`` days.

    A subject queueing while the port is closed (before the gate opens, out of
    season) has waited, for the alerts, only from this moment on.
    """
    if status_of(cal, when).is_open:
        return when
    local = when.astimezone(cal.zone)
    for offset in range(within + 1):
        day = local.date() + timedelta(days=offset)
        start = datetime.combine(day, cal.opens_at or time(0), tzinfo=cal.zone)
        if start >= when and status_of(cal, start).is_open:
            return start
    return None


def open_days(cal: Calendar, first: date, last: date) -> list[date]:
    """The days from ``first`` to ``last`` (inclusive) on which the port opens."""
    out = []
    day = first
    while day <= last:
        if _day_closed(cal, day) is None:
            out.append(day)
        day += timedelta(days=1)
    return out


# -- what HQ may set --------------------------------------------------------------


def validated(
    *,
    status: PortStatus | str,
    first_day: date | None,
    last_day: date | None,
    opens_at: time | None,
    closes_at: time | None,
    note: str = "",
) -> dict[str, Any]:
    """A calendar's columns from what an editor entered; ``RuleViolation`` naming the field."""
    try:
        status = PortStatus(status)
    except ValueError:
        raise RuleViolation(
            "status", "choice", choices=", ".join(s.value for s in PortStatus)
        ) from None
    if (opens_at is None) != (closes_at is None):
        raise RuleViolation("closes_at" if closes_at is None else "opens_at", "required")
    if opens_at is not None and opens_at == closes_at:  # 24 hours is no hours at all
        raise RuleViolation("closes_at", "duplicate", value=opens_at.strftime("%H:%M"))
    if status == PortStatus.OPEN:
        first_day = last_day = None  # an open port has no dates
    if status == PortStatus.SEASONAL:
        if first_day is None:
            raise RuleViolation("first_day", "required")
        if last_day is None:
            raise RuleViolation("last_day", "required")
    if first_day and last_day and last_day < first_day:
        raise RuleViolation("last_day", "time_order", after="first_day", after_at=first_day)
    return {
        "status": status,
        "first_day": first_day.isoformat() if first_day else None,
        "last_day": last_day.isoformat() if last_day else None,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "note": _note(note),
    }


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise RuleViolation("note", "too_long", limit=NOTE_LIMIT)
    return note
