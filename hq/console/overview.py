"""What the overview and a port's page show: plain data, the same for the HTML and the JSON.

The overview reads a handful of small queries whatever the history's size:
ports with their calendars, devices, lanes, recent conflicts, today's row of
``hq_day_figures`` per port (``hq.console.rollup``), and each port's latest
clearance through the (port, time) index.  Nothing here scans a port's events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, func, select

from db.enums import ShiftState
from db.models import ClearanceEvent, DutyTeam, Lane, Officer, Port, Shift
from desktop_app import port_calendar, stats
from desktop_app.forecasts import local_day_bounds
from desktop_app.port_calendar import StatusAt
from hq import devices, status
from hq.console import calendars, rollup
from hq.console.models import DayFigures
from hq.console.portview import PortView
from hq.models import Conflict, Device, RefusedBatch

# A port open by its calendar that has not been in touch for this long is marked.
QUIET_AFTER = timedelta(hours=1)
CONFLICT_WINDOW = timedelta(days=7)
TREND_DAYS = 30


@dataclass(frozen=True)
class DayLine:
    """A port's figures for one day (``hq_day_figures``), times in seconds."""

    day: date
    subjects: int
    citizens: int
    citizen_p90_s: float | None
    citizen_within: float | None
    citizen_breaches: int
    breaches: int
    longest_wait_s: float | None
    unserved: int
    alerts: int
    computed_at: datetime


def _day_line(row: Any) -> DayLine:
    return DayLine(
        row.day,
        row.subjects,
        row.citizens,
        row.citizen_p90_s,
        row.citizen_within,
        row.citizen_breaches,
        row.breaches,
        row.longest_wait_s,
        row.unserved,
        row.alerts,
        row.computed_at,
    )


@dataclass(frozen=True)
class PortLine:
    code: str
    name_zh: str
    name_en: str
    time_zone: str
    calendar: StatusAt
    devices: int  # active enrolled devices
    last_contact: datetime | None
    data_as_of: datetime | None  # the latest clearance HQ holds
    today: DayLine | None
    lanes_open: int
    lanes: int
    conflicts: int  # losing versions kept in the last 7 days
    refused_batches: int
    quiet: bool  # open by its calendar, enrolled, and silent for over QUIET_AFTER


@dataclass(frozen=True)
class Overview:
    generated_at: datetime
    figures_as_of: datetime | None
    ports: list[PortLine]
    quiet: int


def overview(engine: Engine, now: datetime) -> Overview:
    """Every port as one line, ordered by code."""
    ports = calendars.ports_with_calendars(engine)
    with engine.connect() as conn:
        device_rows = {
            r.port_id: r
            for r in conn.execute(
                select(
                    Device.port_id,
                    func.count().filter(Device.revoked_at.is_(None)).label("active"),
                    func.max(Device.last_seen_at).label("last_seen"),
                ).group_by(Device.port_id)
            )
        }
        lanes = {
            r.port_id: r
            for r in conn.execute(
                select(
                    Lane.port_id,
                    func.count().filter(Lane.is_open).label("open"),
                    func.count().label("total"),
                )
                .where(~Lane.deleted)
                .group_by(Lane.port_id)
            )
        }
        conflicts = dict(
            conn.execute(
                select(Conflict.port_id, func.count())
                .where(Conflict.detected_at >= now - CONFLICT_WINDOW)
                .group_by(Conflict.port_id)
            ).all()
        )
        refused = dict(
            conn.execute(
                select(Device.port_id, func.count())
                .join(RefusedBatch, RefusedBatch.device_id == Device.id)
                .group_by(Device.port_id)
            ).all()
        )
        # Each port's latest clearance: one probe of the (port, at) index per port.
        latest_event = (
            select(func.max(ClearanceEvent.at))
            .where(ClearanceEvent.port_id == Port.id)
            .scalar_subquery()
        )
        latest = dict(conn.execute(select(Port.id, latest_event)).all())
        todays = {port.id: _local_day(now, port.time_zone) for port, _ in ports}
        figures = {
            (r.port_id, r.day): _day_line(r)
            for r in conn.execute(
                select(DayFigures.__table__).where(DayFigures.day.in_(sorted(set(todays.values()))))
            )
        }
        as_of = rollup.refreshed_at(conn)
    lines = []
    for port, calendar in ports:
        cal = port_calendar.status_of(calendar, now)
        dev = device_rows.get(port.id)
        active = dev.active if dev else 0
        last_contact = _utc(dev.last_seen) if dev else None
        lane = lanes.get(port.id)
        quiet = bool(
            active and cal.is_open and (last_contact is None or now - last_contact > QUIET_AFTER)
        )
        lines.append(
            PortLine(
                code=port.code,
                name_zh=port.name_zh,
                name_en=port.name_en,
                time_zone=port.time_zone,
                calendar=cal,
                devices=active,
                last_contact=last_contact,
                data_as_of=_utc(latest.get(port.id)),
                today=figures.get((port.id, todays[port.id])),
                lanes_open=lane.open if lane else 0,
                lanes=lane.total if lane else 0,
                conflicts=conflicts.get(port.id, 0),
                refused_batches=refused.get(port.id, 0),
                quiet=quiet,
            )
        )
    return Overview(now, as_of, lines, sum(line.quiet for line in lines))


def _local_day(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def _utc(at: datetime | None) -> datetime | None:
    """Aggregates over UTCDateTime columns come back naive on SQLite: they are UTC."""
    if at is None:
        return None
    if isinstance(at, str):  # SQLite's max() of a text column
        at = datetime.fromisoformat(at)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


# -- one port ------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupLine:
    key: str  # traveller category (or vehicle/train), or "all"
    count: int
    p50_s: float | None
    p90_s: float | None
    p95_s: float | None
    max_s: float | None
    within: float | None
    breaches: int
    unserved: int


@dataclass(frozen=True)
class HourLine:
    start: datetime
    arrivals: int
    citizen_p90_s: float | None


@dataclass(frozen=True)
class ShiftLine:
    team_zh: str
    team_en: str
    start: datetime
    end: datetime | None
    state: str
    deputy: str  # who closed it, else who opened it


@dataclass(frozen=True)
class PortPage:
    line: PortLine
    day: date
    groups: list[GroupLine]
    hours: list[HourLine]
    trend: list[DayLine]  # the last 30 days with data, oldest first
    shifts: list[ShiftLine]
    conflicts: list[status.ConflictLine]
    devices: list[devices.DeviceLine] = field(default_factory=list)


def port_page(engine: Engine, code: str, now: datetime) -> PortPage | None:
    """A port's page: today's figures live (the desk's statistics), 30 days from the roll-up."""
    code = code.upper()
    line = next((p for p in overview(engine, now).ports if p.code == code), None)
    if line is None:
        return None
    view = PortView(engine, code, now=lambda: now)
    today = view.local_time(now).date()
    start, end = local_day_bounds(view, today)
    result = stats.wait_stats(view, start, end, as_of=now)
    groups = [
        GroupLine(
            key,
            s.count,
            s.p50,
            s.p90,
            s.p95,
            s.max,
            s.within_target,
            len(s.breaches),
            s.unserved,
        )
        for key, s in [*result.groups.items(), ("all", result.pooled)]
    ]
    return PortPage(
        line=line,
        day=today,
        groups=groups,
        hours=_hours(view, start, min(end, now), now),
        trend=[
            _day_line(r)
            for r in rollup.days_of(
                engine, view.port_id, today - timedelta(days=TREND_DAYS - 1), today
            )
        ],
        shifts=_shifts(engine, view.port_id, now),
        conflicts=status.conflicts(engine, code, limit=20),
        devices=[d for d in devices.devices(engine) if d.port_code == code],
    )


def _hours(view: PortView, start: datetime, end: datetime, now: datetime) -> list[HourLine]:
    """Today's hours so far: arrivals and the citizens' P90 wait of those who joined in each."""
    rows = stats.period_clearances(view, start, end, now)
    out = []
    at = start
    while at < end:
        hour = [r for r in rows if at <= r.joined_at < at + timedelta(hours=1)]
        citizens = stats.wait_summary(
            [r for r in hour if stats.category(r) == rollup.CITIZENS], now
        )
        out.append(HourLine(at, len(hour), citizens.p90))
        at += timedelta(hours=1)
    return out


def _shifts(engine: Engine, port_id: uuid.UUID, now: datetime) -> list[ShiftLine]:
    """The port's shifts of the last three days, newest first, with their close-out state."""
    began = func.coalesce(Shift.actual_start, Shift.planned_start)
    with engine.connect() as conn:
        teams = {
            t.id: t
            for t in conn.execute(select(DutyTeam.__table__).where(DutyTeam.port_id == port_id))
        }
        people = dict(
            conn.execute(select(Officer.id, Officer.name).where(Officer.port_id == port_id)).all()
        )
        rows = conn.execute(
            select(Shift.__table__)
            .where(
                Shift.port_id == port_id,
                ~Shift.deleted,
                and_(began >= now - timedelta(days=3), began <= now + timedelta(days=1)),
            )
            .order_by(began.desc())
        ).all()
    out = []
    for s in rows:
        team = teams.get(s.team_id)
        deputy = s.closed_by or s.opened_by
        out.append(
            ShiftLine(
                team_zh=team.name_zh if team else "",
                team_en=team.name_en if team else "",
                start=s.actual_start or s.planned_start,
                end=s.actual_end if s.state == ShiftState.CLOSED else None,
                state=str(s.state),
                deputy=people.get(deputy, "") if deputy else "",
            )
        )
    return out
