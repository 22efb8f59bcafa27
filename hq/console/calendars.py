"""Port status and daily hours, edited at the console (meaning: ``desktop_app.port_calendar``).

A change is a new version of the port's calendar record (``hq.records``),
audited in the same transaction, and reaches the port's posts at their next
sync: their header shows it, their statistics and planning use it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, select

from db.models import Port, PortCalendar
from desktop_app import port_calendar
from desktop_app.errors import RuleViolation
from desktop_app.port_calendar import Calendar, StatusAt
from hq import records
from hq.console import audit
from hq.console.forecast_entry import FieldError, Invalid
from hq.store import HQClock, begin_write


@dataclass(frozen=True)
class CalendarLine:
    code: str
    name_zh: str
    name_en: str
    calendar: Calendar
    now: StatusAt


@dataclass(frozen=True)
class PortHead:
    """What the console's lists show of a port."""

    id: uuid.UUID
    code: str
    name_zh: str
    name_en: str
    time_zone: str


def ports_with_calendars(engine: Engine) -> list[tuple[PortHead, Calendar]]:
    """Every port HQ holds with its calendar, by code (one query, no ORM objects)."""
    c = PortCalendar.__table__.c
    query = (
        select(
            Port.id,
            Port.code,
            Port.name_zh,
            Port.name_en,
            Port.time_zone,
            Port.opens_at,
            Port.closes_at,
            c.id.label("calendar"),
            c.status,
            c.first_day,
            c.last_day,
            c.opens_at.label("cal_opens"),
            c.closes_at.label("cal_closes"),
            c.note,
            c.version,
        )
        .outerjoin(PortCalendar, PortCalendar.port_id == Port.id)
        .order_by(Port.code)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        head = PortHead(r.id, r.code, r.name_zh, r.name_en, r.time_zone)
        record = (
            SimpleNamespace(
                status=r.status,
                first_day=r.first_day,
                last_day=r.last_day,
                opens_at=r.cal_opens,
                closes_at=r.cal_closes,
                note=r.note,
                version=r.version,
            )
            if r.calendar is not None
            else None
        )
        out.append((head, port_calendar.from_row(r, record)))
    return out


def listing(engine: Engine, now: datetime) -> list[CalendarLine]:
    out = []
    for port, cal in ports_with_calendars(engine):
        out.append(
            CalendarLine(
                port.code, port.name_zh, port.name_en, cal, port_calendar.status_of(cal, now)
            )
        )
    return out


def one(engine: Engine, code: str, now: datetime) -> CalendarLine | None:
    return next((line for line in listing(engine, now) if line.code == code.upper()), None)


def form_values(cal: Calendar) -> dict[str, str]:
    return {
        "status": cal.status.value,
        "first_day": cal.first_day.isoformat() if cal.first_day else "",
        "last_day": cal.last_day.isoformat() if cal.last_day else "",
        "opens_at": cal.opens_at.strftime("%H:%M") if cal.opens_at else "",
        "closes_at": cal.closes_at.strftime("%H:%M") if cal.closes_at else "",
        "note": cal.note,
    }


def parse(given: Mapping[str, Any]) -> dict[str, Any]:
    """The form's text as calendar columns; ``Invalid`` names every wrong field."""
    text = {k: str(given.get(k) or "").strip() for k in form_values_keys()}
    errors: list[FieldError] = []
    days: dict[str, date | None] = {}
    for name in ("first_day", "last_day"):
        try:
            days[name] = date.fromisoformat(text[name]) if text[name] else None
        except ValueError:
            errors.append(FieldError(name, "not_a_date"))
    hours: dict[str, time | None] = {}
    for name in ("opens_at", "closes_at"):
        try:
            hours[name] = time.fromisoformat(text[name]) if text[name] else None
        except ValueError:
            errors.append(FieldError(name, "not_a_clock"))
    if errors:
        raise Invalid(errors)
    try:
        return port_calendar.validated(
            status=text["status"],
            first_day=days["first_day"],
            last_day=days["last_day"],
            opens_at=hours["opens_at"],
            closes_at=hours["closes_at"],
            note=text["note"],
        )
    except RuleViolation as violation:
        raise Invalid(
            [FieldError(violation.field, violation.rule, dict(violation.detail))]
        ) from None


def form_values_keys() -> tuple[str, ...]:
    return ("status", "first_day", "last_day", "opens_at", "closes_at", "note")


def save(engine: Engine, hq: HQClock, code: str, values: dict[str, Any], who: audit.Who) -> bool:
    """Store a port's new calendar; False when nothing changed."""
    with begin_write(engine) as conn:
        row = conn.execute(
            select(PortCalendar.__table__)
            .join(Port, Port.id == PortCalendar.port_id)
            .where(Port.code == code.upper())
        ).first()
        if row is None:
            raise KeyError(code)
        changes = {k: v for k, v in values.items() if getattr(row, k) != v}
        if not changes:
            return False
        records.change_record(conn, hq, "port_calendars", row.id, **changes)
        audit.record(
            conn,
            who,
            "calendar.changed",
            at=hq.now(),
            target=code.upper(),
            **{k: str(v) if v is not None else None for k, v in changes.items()},
        )
    return True
