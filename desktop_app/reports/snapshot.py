"""Everything one report is built from, read in one consistent snapshot, *as of* a moment.

The loader reads the shift (or the port's local day) inside a single read
transaction, so every table is seen as of the same instant, and hands back
plain frozen dataclasses: the statistics and the PDF layout never touch the
database.  ``data_hash`` digests exactly this snapshot; the hash printed on
every page lets a paper copy be matched to the database it came from (build
the report again: the same data gives the same hash).

**As of.**  Every snapshot is taken as of an explicit time (``as_of``, the
desk's clock; never the wall clock in here): clearance steps, lane changes,
forecast arrivals, pre-inspection, acknowledgements by HQ timed later are not
there yet.  A closed shift is taken as of its close, a past day as of the
moment it became final (the day over and its last shift closed): later data
about their subjects (a leftover traveller served in the next shift) does not
change them.  What a deputy captain signed at close-out is stored whole
(``desktop_app.reports.signoff``); a later correction makes an amended report.

Periods (all times UTC; shown in the port's zone):

* a shift: its actual start to its actual end (planned times for a shift
  never opened; the planned end, or the as-of time if later, for a shift
  still open), and the clearances whose *joined* event belongs to it;
* a day: the port's local calendar day ``[00:00, 24:00)``, computed with the
  port's zone (so a night shift 20:00–08:00 counts towards two days, each
  with the clearances that joined on it); every shift overlapping the day is
  listed, with its checklist and handover notes.

The data of an open period runs to ``Period.until`` (the as-of time, within
the period); its forecasts to the period's end (those still to come are "not
yet due").

**Stored form.**  ``encode``/``decode`` turn a snapshot into canonical JSON and
back (pydantic), the form a signoff stores and the hash digests.  A field added
later needs a default, so that snapshots signed by older versions still load.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter
from sqlalchemy import and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from db import queries
from db.enums import ShiftState
from db.models import (
    AdviceDecision,
    AuditEntry,
    DutyPosting,
    DutyTeam,
    EmergencyPassage,
    Forecast,
    Lane,
    LaneAssignment,
    LaneStateChange,
    Officer,
    OutboxEntry,
    Port,
    PortCalendar,
    PriorityApproval,
    Shift,
)
from desktop_app import alerts, port_calendar, reference, service_line, shifts, stats
from desktop_app.forecasts import local_day_bounds
from desktop_app.planning import outcome
from desktop_app.port_reader import PortReader

# Corrections may move a clearance's joined time a little outside its shift;
# the shift's clearances are looked for this far either side (by shift id).
SHIFT_SLACK = timedelta(hours=24)


class ReportNotFound(LookupError):
    """No such shift at this port, or no closed shift yet for ``--latest``."""


@dataclass(frozen=True)
class OfficerRef:
    badge_no: str
    name: str


@dataclass(frozen=True)
class PortInfo:
    code: str
    name_zh: str
    name_en: str
    station_zh: str
    time_zone: str
    is_24x7: bool

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


@dataclass(frozen=True)
class ShiftInfo:
    id: uuid.UUID
    team_zh: str
    team_en: str
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    state: str
    opened_by: OfficerRef | None
    closed_by: OfficerRef | None
    handover_notes: str

    @property
    def start(self) -> datetime:
        return self.actual_start or self.planned_start

    @property
    def deputy(self) -> OfficerRef | None:
        """The deputy captain who answers for the shift: who closed it, else who opened it."""
        return self.closed_by or self.opened_by


@dataclass(frozen=True)
class LaneInfo:
    id: uuid.UUID
    code: str
    name_zh: str
    name_en: str
    kind: str
    capacity_per_hour: int | None
    position: int


@dataclass(frozen=True)
class LaneChange:
    id: uuid.UUID
    lane_id: uuid.UUID
    opened: bool
    at: datetime
    officer: OfficerRef | None
    reason: str


@dataclass(frozen=True)
class LaneCount:
    lane_id: uuid.UUID
    count: int


@dataclass(frozen=True)
class ForecastInfo:
    id: uuid.UUID
    mode: str
    reference: str
    carrier: str
    direction: str
    expected_at: datetime
    expected_travellers: int
    expected_vehicles: int
    status: str  # as of the snapshot: an arrival or cancellation later is not there yet
    arrived_at: datetime | None
    actual_persons: int  # effective clearances that name this forecast
    actual_vehicles: int  # vehicles and trains
    preinspection: str = "pending"  # db.enums.PreInspection, as of the snapshot
    preinspected_at: datetime | None = None  # first marked cleared or flagged (audit log)


@dataclass(frozen=True)
class ApprovalInfo:
    id: uuid.UUID
    requested_at: datetime
    subject_ref: str
    reason: str
    requester: OfficerRef | None
    decision: str
    approver: OfficerRef | None
    decided_at: datetime | None
    note: str
    used: bool


@dataclass(frozen=True)
class EmergencyInfo:
    id: uuid.UUID
    at: datetime
    kind: str
    subject_ref: str
    lane_code: str
    recorded_by: OfficerRef | None
    action_taken: str
    outcome: str


@dataclass(frozen=True)
class CheckInfo:
    shift_id: uuid.UUID
    item_code: str
    label_zh: str
    label_en: str
    required: bool
    result: str | None  # None: never recorded
    note: str
    at: datetime | None
    officer: OfficerRef | None
    # A deputy captain opened the shift over this failed required check.
    override_reason: str = ""
    override_by: OfficerRef | None = None
    override_at: datetime | None = None


@dataclass(frozen=True)
class AlertAck:
    at: datetime
    officer: OfficerRef | None
    action: str


@dataclass(frozen=True)
class AlertInfo:
    """One alert episode of the period (``desktop_app.alerts``), as recorded by the as-of time."""

    lane_group: str
    started_at: datetime
    ended_at: datetime | None  # None: still running at the as-of time
    top_level: str  # amber or red
    peak_s: int
    peak_at: datetime | None
    lane_code: str  # where the longest waiter stood when it started ("" unknown)
    lane_opened_at: datetime | None  # a lane serving the group opened during it
    response_s: float | None  # until a lane of the group opened or the wait fell back
    acknowledgements: tuple[AlertAck, ...] = ()


@dataclass(frozen=True)
class DayAlerts:
    """Alert episodes that started on one local day (the daily report's trend)."""

    day: date
    count: int
    red: int


@dataclass(frozen=True)
class DutyInfo:
    """One posting of the duty roster (``desktop_app.duty_roster``)."""

    at: datetime
    officer: OfficerRef | None
    action: str  # on_duty, lane, off_lane, off_duty
    lane_code: str  # the lane taken ("" for the others)


@dataclass(frozen=True)
class AdviceInfo:
    """A line of the plan's advice an officer took or dismissed, and what happened then."""

    at: datetime
    officer: OfficerRef | None
    choice: str  # taken, dismissed
    queue: str
    lane_code: str
    open_by: datetime
    wave_at: datetime
    p90_before_s: int
    p90_after_s: int
    text_zh: str
    text_en: str
    lane_opened_at: datetime | None  # that lane opened (from an hour before the advice) then
    actual_p90_s: float | None  # the queue's P90 wait of those who joined in the wave's hour


@dataclass(frozen=True)
class SyncCount:
    entity: str
    total: int
    acked: int  # acknowledged by HQ by the as-of time
    oldest_pending: datetime | None
    last_acked: datetime | None

    @property
    def pending(self) -> int:
        return self.total - self.acked


@dataclass(frozen=True)
class TrendRow:
    """One headline group on one local day (the daily report's 7-day trend)."""

    day: date
    group: str  # stats.HEADLINE
    measure: str  # wait or total
    target_minutes: int
    count: int
    p50: float | None
    p90: float | None
    within_target: float | None
    breaches: int
    waiting_over_target: int


@dataclass(frozen=True)
class Change:
    """One difference between the signed data and the amended data of a clearance."""

    clearance_id: uuid.UUID
    reference: str
    field: str  # joined_at, started_at, finished_at, outcome, ...; "added" or "removed"
    signed: str  # ISO time (UTC) for the time fields, the code otherwise; "" for none
    amended: str


@dataclass(frozen=True)
class Correction:
    """A correction recorded after the close that made the changes (who, when, why)."""

    recorded_at: datetime
    reference: str
    step: str
    officer: OfficerRef | None
    reason: str


@dataclass(frozen=True)
class Amendment:
    """What an amended report says about the signed one it replaces on paper."""

    signed_hash: str  # the 12 hex digits printed on the signed report
    signed_as_of: datetime
    signed_by: OfficerRef | None
    changes: tuple[Change, ...]
    corrections: tuple[Correction, ...]


@dataclass(frozen=True)
class Period:
    kind: Literal["shift", "day"]
    start: datetime
    end: datetime  # exclusive: a closed shift's close, an open one's planned end, midnight
    day: date | None
    final: bool  # closed shift, or a past day whose shifts are all closed
    as_of: datetime  # what the data is as of: a closed shift's close, a final day's last close

    @property
    def until(self) -> datetime:
        """Where the data ends: the as-of time, within the period."""
        return max(self.start, min(self.end, self.as_of))


@dataclass(frozen=True)
class Snapshot:
    port: PortInfo
    period: Period
    shifts: tuple[ShiftInfo, ...]
    lanes: tuple[LaneInfo, ...]
    open_at_start: tuple[uuid.UUID, ...]
    lane_changes: tuple[LaneChange, ...]
    clearances: tuple[queries.Clearance, ...]  # as of ``period.as_of``
    finishes: tuple[LaneCount, ...]  # left a desk in the period, per lane, whenever they joined
    forecasts: tuple[ForecastInfo, ...]
    approvals: tuple[ApprovalInfo, ...]
    emergencies: tuple[EmergencyInfo, ...]
    checks: tuple[CheckInfo, ...]
    sync: tuple[SyncCount, ...]
    targets: tuple[reference.Target, ...]  # the port's targets per subject kind
    trend: tuple[TrendRow, ...] = ()  # a day: the 7 days up to it
    # A day: the 12367 contacts received that day, with replies given by the as-of time.
    contacts: tuple[service_line.ContactLine, ...] = ()
    amendment: Amendment | None = None  # an amended shift report: what changed since signed
    alerts: tuple[AlertInfo, ...] = ()  # alert episodes overlapping the period
    trend_alerts: tuple[DayAlerts, ...] = ()  # a day: episodes per day of the 7
    # False in snapshots signed before alert episodes were part of them (they load so).
    alerts_recorded: bool = False
    duty: tuple[DutyInfo, ...] = ()  # the duty roster's postings of the period's shifts
    unstaffed: tuple[str, ...] = ()  # lanes open at the as-of time that no officer works
    advice: tuple[AdviceInfo, ...] = ()  # the plan's advice taken or dismissed in the period
    # False in snapshots signed before the roster and advice were part of them.
    planning_recorded: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return self.port.zone

    def target(self, kind: str) -> reference.Target:
        return next(t for t in self.targets if t.kind == kind)

    def latest_moment(self) -> datetime:
        """The latest moment recorded in this data (a final report's "generated at")."""
        moments: list[datetime] = [self.period.start]
        if self.period.final:
            moments.append(self.period.until)
        for s in self.shifts:
            moments += [t for t in (s.actual_start, s.actual_end) if t]
        for c in self.clearances:
            moments.append(c.finished_at or c.started_at or c.joined_at)
        moments += [c.at for c in self.lane_changes]
        moments += [f.arrived_at for f in self.forecasts if f.arrived_at]
        moments += [a.decided_at or a.requested_at for a in self.approvals]
        moments += [e.at for e in self.emergencies]
        moments += [c.answered_at or c.received_at for c in self.contacts]
        moments += [c.at for c in self.checks if c.at]
        moments += [s.last_acked for s in self.sync if s.last_acked]
        for a in self.alerts:
            moments += [t for t in (a.started_at, a.ended_at) if t and t <= self.period.until]
            moments += [k.at for k in a.acknowledgements]
        if self.amendment:
            moments += [c.recorded_at for c in self.amendment.corrections]
        return max(moments)


# -- resolving what to report on ------------------------------------------------


def shift_period(desk: PortReader, shift_id: uuid.UUID, as_of: datetime) -> Period:
    with desk.read() as s:
        shift = s.get(Shift, shift_id)
        if shift is None or shift.port_id != desk.port_id or shift.deleted:
            raise ReportNotFound(f"no shift {shift_id} at port {desk.port_code}")
        return _shift_period(shift, as_of)


def _shift_period(shift: Shift, as_of: datetime) -> Period:
    """A closed shift is always as of its close; an open or planned one as of ``as_of``."""
    if shift.state == ShiftState.CLOSED and shift.actual_start and shift.actual_end:
        end = shift.actual_end
        return Period("shift", shift.actual_start, end, None, True, end)
    if shift.state == ShiftState.OPEN and shift.actual_start:
        end = max(shift.planned_end, as_of)  # a shift running late goes on past its plan
        return Period("shift", shift.actual_start, end, None, False, as_of)
    return Period("shift", shift.planned_start, shift.planned_end, None, False, as_of)


def day_period(desk: PortReader, day: date, as_of: datetime) -> Period:
    """The port's local calendar day.

    It is final once it is over and every shift that overlaps it is closed;
    then it is taken as of that moment (the last close, or midnight), so
    data recorded later does not change it.
    """
    start, end = local_day_bounds(desk, day)
    with desk.read() as s:
        overlapping = list(
            s.execute(
                select(Shift.state, Shift.actual_end).where(
                    Shift.port_id == desk.port_id,
                    ~Shift.deleted,
                    Shift.actual_start < end,
                    or_(Shift.actual_end.is_(None), Shift.actual_end > start),
                )
            )
        )
    if any(state == ShiftState.OPEN for state, _ in overlapping):
        return Period("day", start, end, day, False, as_of)
    settled = max([end, *(closed for _, closed in overlapping if closed)])
    if as_of >= settled:
        return Period("day", start, end, day, True, settled)
    return Period("day", start, end, day, False, as_of)


def latest_closed_shift_id(desk: PortReader) -> uuid.UUID:
    found = shifts.latest_closed(desk)
    if found is None:
        raise ReportNotFound(f"no closed shift yet at port {desk.port_code}")
    return found.id


# -- loading --------------------------------------------------------------------


def load_shift(desk: PortReader, shift_id: uuid.UUID, *, as_of: datetime) -> Snapshot:
    """The shift as of ``as_of`` (a closed shift: as of its close, from today's data)."""
    with desk.read() as s:
        shift = _shift(s, desk, shift_id)
        period = _shift_period(shift, as_of)
        clearances = _shift_clearances(s, desk, shift, period)
        return _load(s, desk, period, [shift], clearances, shift_ids=[shift.id])


def shift_work(
    desk: PortReader, shift_id: uuid.UUID, *, as_of: datetime
) -> tuple[tuple[queries.Clearance, ...], tuple[LaneCount, ...]]:
    """Only the shift's own clearances and its lanes' finishes (what an amendment compares)."""
    with desk.read() as s:
        shift = _shift(s, desk, shift_id)
        period = _shift_period(shift, as_of)
        finished = queries.finishes_by_lane(s, desk.port_id, period.start, period.until)
        lanes = s.scalars(
            select(Lane.id).where(Lane.port_id == desk.port_id).order_by(Lane.position)
        )
        return (
            tuple(_shift_clearances(s, desk, shift, period)),
            tuple(LaneCount(lane, finished[lane]) for lane in lanes if lane in finished),
        )


def _shift(s: Session, desk: PortReader, shift_id: uuid.UUID) -> Shift:
    shift = s.get(Shift, shift_id)
    if shift is None or shift.port_id != desk.port_id or shift.deleted:
        raise ReportNotFound(f"no shift {shift_id} at port {desk.port_code}")
    return shift


def _shift_clearances(
    s: Session, desk: PortReader, shift: Shift, period: Period
) -> list[queries.Clearance]:
    rows = queries.clearances(
        s, desk.port_id, period.start - SHIFT_SLACK, period.end + SHIFT_SLACK, shift_id=shift.id
    )
    return stats.known_at(rows, period.as_of)


def load_day(desk: PortReader, day: date, *, as_of: datetime) -> Snapshot:
    period = day_period(desk, day, as_of)
    with desk.read() as s:
        began = func.coalesce(Shift.actual_start, Shift.planned_start)
        ended = func.coalesce(Shift.actual_end, Shift.planned_end)
        shifts = list(
            s.scalars(
                select(Shift)
                .where(
                    Shift.port_id == desk.port_id,
                    ~Shift.deleted,
                    began < period.end,
                    # an open shift running past its planned end still overlaps
                    or_(ended > period.start, Shift.state == ShiftState.OPEN),
                )
                .order_by(began, Shift.id)
            )
        )
        rows = queries.clearances(s, desk.port_id, period.start, period.until)
        clearances = stats.known_at(rows, period.as_of)
        snap = _load(s, desk, period, shifts, clearances, shift_ids=None)
        snap = replace(
            snap,
            trend=_trend(s, desk, period, snap.targets),
            trend_alerts=_trend_alerts(s, desk, period),
        )
    contacts = service_line.contacts(
        desk, received_from=period.start, received_until=period.until, as_of=period.as_of
    )
    return replace(snap, contacts=tuple(contacts))


def _load(
    s: Session,
    desk: PortReader,
    period: Period,
    shifts: list[Shift],
    clearances: list[queries.Clearance],
    *,
    shift_ids: list[uuid.UUID] | None,
) -> Snapshot:
    """The rest of the snapshot; ``shift_ids`` scopes shift-owned rows (None: by time)."""
    port_row = s.get_one(Port, desk.port_id)
    port = PortInfo(
        code=port_row.code,
        name_zh=port_row.name_zh,
        name_en=port_row.name_en,
        station_zh=port_row.station_zh,
        time_zone=port_row.time_zone,
        # the hours HQ's calendar sets, when it set any (``desktop_app.port_calendar``)
        is_24x7=port_calendar.from_row(port_row, _calendar_row(s, desk.port_id)).all_day,
    )
    people = {
        o.id: OfficerRef(o.badge_no, o.name)
        for o in s.scalars(select(Officer).where(Officer.port_id == desk.port_id))
    }
    teams = {t.id: t for t in s.scalars(select(DutyTeam).where(DutyTeam.port_id == desk.port_id))}
    lane_rows = list(
        s.scalars(select(Lane).where(Lane.port_id == desk.port_id).order_by(Lane.position))
    )
    lanes = tuple(
        LaneInfo(
            lane.id,
            lane.code,
            lane.name_zh,
            lane.name_en,
            lane.kind.value,
            lane.capacity_per_hour,
            lane.position,
        )
        for lane in lane_rows
    )
    start, until = period.start, period.until
    shift_infos = tuple(_shift_info(sh, teams, people) for sh in shifts)
    all_shift_ids = [sh.id for sh in shifts]
    finished = queries.finishes_by_lane(s, desk.port_id, start, until)
    duty = _duty(s, desk, period, all_shift_ids, lanes, people)

    return Snapshot(
        port=port,
        period=period,
        shifts=shift_infos,
        lanes=lanes,
        open_at_start=_open_at(s, [lane.id for lane in lane_rows], start),
        lane_changes=tuple(
            LaneChange(c.id, c.lane_id, c.opened, c.at, people.get(c.officer_id), c.reason)
            for c in s.scalars(
                select(LaneStateChange)
                .where(
                    LaneStateChange.port_id == desk.port_id,
                    LaneStateChange.at >= start,
                    LaneStateChange.at < until,
                )
                .order_by(LaneStateChange.at, LaneStateChange.hlc)
            )
        ),
        clearances=tuple(clearances),
        finishes=tuple(
            LaneCount(lane.id, finished[lane.id]) for lane in lanes if lane.id in finished
        ),
        forecasts=_forecasts(s, desk, period),
        approvals=_approvals(s, desk, period, shift_ids, people),
        emergencies=_emergencies(s, desk, period, shift_ids, people, lanes),
        checks=_checks(s, desk, all_shift_ids, people),
        sync=_sync(s, period),
        targets=tuple(reference.targets(reference.port_spec(desk.port_code)).values()),
        alerts=_alerts(s, desk, period, lanes, people),
        alerts_recorded=True,
        duty=duty,
        unstaffed=_unstaffed(s, desk, period, duty),
        advice=_advice(s, desk, period, people, clearances),
        planning_recorded=True,
    )


def _duty(
    s: Session,
    desk: PortReader,
    period: Period,
    shift_ids: list[uuid.UUID],
    lanes: tuple[LaneInfo, ...],
    people: dict[uuid.UUID, OfficerRef],
) -> tuple[DutyInfo, ...]:
    codes = {lane.id: lane.code for lane in lanes}
    rows = s.scalars(
        select(DutyPosting)
        .where(
            DutyPosting.port_id == desk.port_id,
            DutyPosting.shift_id.in_(shift_ids),
            DutyPosting.at <= period.as_of,
        )
        .order_by(DutyPosting.at, DutyPosting.id)
    )
    return tuple(
        DutyInfo(
            r.at,
            people.get(r.officer_id),
            r.action.value,
            codes.get(r.lane_id, "") if r.lane_id else "",
        )
        for r in rows
    )


def _unstaffed(
    s: Session, desk: PortReader, period: Period, duty: tuple[DutyInfo, ...]
) -> tuple[str, ...]:
    """Lanes open at the period's as-of time (or its end) that no officer on duty works."""
    at = min(period.as_of, period.until)
    working: dict[object, str] = {}
    for d in duty:
        if d.at <= at:
            working[d.officer.badge_no if d.officer else id(d)] = (
                d.lane_code if d.action == "lane" else ""
            )
    worked = set(working.values())
    opened: dict[uuid.UUID, bool] = {}
    for lane_id, is_open in s.execute(
        select(LaneStateChange.lane_id, LaneStateChange.opened)
        .where(LaneStateChange.port_id == desk.port_id, LaneStateChange.at <= at)
        .order_by(LaneStateChange.at, LaneStateChange.id)
    ):
        opened[lane_id] = is_open
    codes = {
        lane.id: lane.code for lane in s.scalars(select(Lane).where(Lane.port_id == desk.port_id))
    }
    return tuple(
        sorted(codes[i] for i, is_open in opened.items() if is_open and codes[i] not in worked)
    )


def _advice(
    s: Session,
    desk: PortReader,
    period: Period,
    people: dict[uuid.UUID, OfficerRef],
    clearances: Sequence[queries.Clearance],
) -> tuple[AdviceInfo, ...]:
    rows = s.scalars(
        select(AdviceDecision)
        .where(
            AdviceDecision.port_id == desk.port_id,
            AdviceDecision.at >= period.start,
            AdviceDecision.at < period.until,
            AdviceDecision.at <= period.as_of,
        )
        .order_by(AdviceDecision.at, AdviceDecision.id)
    ).all()
    out = []
    for r in rows:
        opened, p90 = outcome.what_happened(s, desk, r, clearances, period.as_of)
        out.append(
            AdviceInfo(
                at=r.at,
                officer=people.get(r.decided_by),
                choice=r.choice.value,
                queue=r.queue,
                lane_code=r.lane_code,
                open_by=r.open_by,
                wave_at=r.wave_at,
                p90_before_s=r.p90_before_s,
                p90_after_s=r.p90_after_s,
                text_zh=r.text_zh,
                text_en=r.text_en,
                lane_opened_at=opened,
                actual_p90_s=p90,
            )
        )
    return tuple(out)


def _calendar_row(s: Session, port_id: uuid.UUID) -> PortCalendar | None:
    return s.scalars(select(PortCalendar).where(PortCalendar.port_id == port_id)).first()


def _alerts(
    s: Session,
    desk: PortReader,
    period: Period,
    lanes: tuple[LaneInfo, ...],
    people: dict[uuid.UUID, OfficerRef],
) -> tuple[AlertInfo, ...]:
    codes = {lane.id: lane.code for lane in lanes}
    found = alerts.read_episodes(s, desk.port_id, period.start, period.until, period.as_of)
    return tuple(
        AlertInfo(
            lane_group=e.lane_group.value,
            started_at=e.started_at,
            ended_at=e.ended_at,
            top_level=e.top_level.value,
            peak_s=e.peak_s,
            peak_at=e.peak_at,
            lane_code=codes.get(e.lane_id, "") if e.lane_id else "",
            lane_opened_at=e.lane_opened_at,
            response_s=e.response_s(),
            acknowledgements=tuple(
                AlertAck(k.at, people.get(k.officer_id) if k.officer_id else None, k.action)
                for k in e.acknowledgements
            ),
        )
        for e in found
    )


def _shift_info(
    sh: Shift, teams: dict[uuid.UUID, DutyTeam], people: dict[uuid.UUID, OfficerRef]
) -> ShiftInfo:
    team = teams.get(sh.team_id)
    return ShiftInfo(
        id=sh.id,
        team_zh=team.name_zh if team else "",
        team_en=team.name_en if team else "",
        planned_start=sh.planned_start,
        planned_end=sh.planned_end,
        actual_start=sh.actual_start,
        actual_end=sh.actual_end,
        state=sh.state.value,
        opened_by=people.get(sh.opened_by) if sh.opened_by else None,
        closed_by=people.get(sh.closed_by) if sh.closed_by else None,
        handover_notes=sh.handover_notes,
    )


def _open_at(s: Session, lane_ids: list[uuid.UUID], at: datetime) -> tuple[uuid.UUID, ...]:
    """Lanes whose latest opening or closing before ``at`` was an opening (in lane order)."""
    is_open: list[uuid.UUID] = []
    for lane_id in lane_ids:
        last = s.scalar(
            select(LaneStateChange.opened)
            .where(LaneStateChange.lane_id == lane_id, LaneStateChange.at < at)
            .order_by(LaneStateChange.at.desc(), LaneStateChange.hlc.desc())
            .limit(1)
        )
        if last:
            is_open.append(lane_id)
    return tuple(is_open)


def _forecasts(s: Session, desk: PortReader, period: Period) -> tuple[ForecastInfo, ...]:
    """Forecasts expected in the period (those still to come too) or arrived in it by the
    as-of time, with the clearances that name them and their pre-inspection."""
    start, end, until, as_of = period.start, period.end, period.until, period.as_of
    rows = list(
        s.scalars(
            select(Forecast)
            .where(
                Forecast.port_id == desk.port_id,
                ~Forecast.deleted,
                or_(
                    and_(Forecast.expected_at >= start, Forecast.expected_at < end),
                    and_(Forecast.arrived_at >= start, Forecast.arrived_at < until),
                ),
            )
            .order_by(Forecast.expected_at, Forecast.id)
        )
    )
    ids = [f.id for f in rows]
    counts = queries.arrivals_by_forecast(s, ids, as_of)
    history = _forecast_history(s, ids, as_of)
    out = []
    for f in rows:
        arrived = f.arrived_at if f.arrived_at and f.arrived_at <= as_of else None
        status = f.status.value
        if status == "arrived" and arrived is None:
            status = "expected"  # arrived after the as-of time
        if status == "cancelled" and history.cancelled_at.get(f.id, as_of) > as_of:
            status = "expected"  # cancelled after it
        preinspection, when = history.preinspection.get(f.id, (f.preinspection.value, None))
        out.append(
            ForecastInfo(
                id=f.id,
                mode=f.mode.value,
                reference=f.reference,
                carrier=f.carrier,
                direction=f.direction.value,
                expected_at=f.expected_at,
                expected_travellers=f.expected_travellers,
                expected_vehicles=f.expected_vehicles,
                status=status,
                arrived_at=arrived,
                actual_persons=counts.get((f.id, True), 0),
                actual_vehicles=counts.get((f.id, False), 0),
                preinspection=preinspection,
                preinspected_at=when,
            )
        )
    return tuple(out)


@dataclass
class _History:
    preinspection: dict[uuid.UUID, tuple[str, datetime | None]]
    cancelled_at: dict[uuid.UUID, datetime]


def _forecast_history(s: Session, ids: list[uuid.UUID], as_of: datetime) -> _History:
    """Pre-inspection status and cancellation as of ``as_of``, from the audit log.

    A forecast whose pre-inspection was never set at this post (HQ sent it so)
    keeps its current status, with no time.
    """
    history = _History({}, {})
    steps: dict[uuid.UUID, list[tuple[datetime, str]]] = defaultdict(list)
    for chunk in _chunks(ids):
        for entry in s.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.entity == "forecasts",
                AuditEntry.entity_id.in_(chunk),
                AuditEntry.action.in_(("forecast.preinspection", "forecast.cancelled")),
            )
            .order_by(AuditEntry.at, AuditEntry.hlc)
        ):
            assert entry.entity_id is not None
            if entry.action == "forecast.cancelled":
                history.cancelled_at.setdefault(entry.entity_id, entry.at)
            else:
                steps[entry.entity_id].append((entry.at, str(entry.detail.get("status", ""))))
    for forecast_id, changes in steps.items():
        known = [(at, status) for at, status in changes if at <= as_of]
        first_done = next((at for at, st in known if st in ("cleared", "flagged")), None)
        history.preinspection[forecast_id] = (known[-1][1] if known else "pending", first_done)
    return history


def _chunks(ids: list[uuid.UUID], size: int = 500) -> list[list[uuid.UUID]]:
    """Bound-parameter lists SQLite accepts."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _approvals(
    s: Session,
    desk: PortReader,
    period: Period,
    shift_ids: list[uuid.UUID] | None,
    people: dict[uuid.UUID, OfficerRef],
) -> tuple[ApprovalInfo, ...]:
    as_of = period.as_of
    query = select(PriorityApproval).where(
        PriorityApproval.port_id == desk.port_id,
        ~PriorityApproval.deleted,
        PriorityApproval.requested_at <= as_of,
    )
    if shift_ids is not None:
        query = query.where(PriorityApproval.shift_id.in_(shift_ids))
    else:
        query = query.where(
            PriorityApproval.requested_at >= period.start,
            PriorityApproval.requested_at < period.until,
        )
    rows = list(s.scalars(query.order_by(PriorityApproval.requested_at, PriorityApproval.id)))
    used = set(
        s.scalars(
            select(LaneAssignment.approval_id).where(
                LaneAssignment.approval_id.in_([a.id for a in rows]), LaneAssignment.at <= as_of
            )
        )
    )
    out = []
    for a in rows:
        decided = a.decided_at is not None and a.decided_at <= as_of
        out.append(
            ApprovalInfo(
                id=a.id,
                requested_at=a.requested_at,
                subject_ref=a.subject_ref,
                reason=a.reason,
                requester=people.get(a.requested_by),
                decision=a.decision.value if decided else "pending",
                approver=people.get(a.decided_by) if decided and a.decided_by else None,
                decided_at=a.decided_at if decided else None,
                note=a.decision_note if decided else "",
                used=a.id in used,
            )
        )
    return tuple(out)


def _emergencies(
    s: Session,
    desk: PortReader,
    period: Period,
    shift_ids: list[uuid.UUID] | None,
    people: dict[uuid.UUID, OfficerRef],
    lanes: tuple[LaneInfo, ...],
) -> tuple[EmergencyInfo, ...]:
    codes = {lane.id: lane.code for lane in lanes}
    query = select(EmergencyPassage).where(
        EmergencyPassage.port_id == desk.port_id,
        ~EmergencyPassage.deleted,
        EmergencyPassage.at <= period.as_of,
    )
    if shift_ids is not None:
        query = query.where(EmergencyPassage.shift_id.in_(shift_ids))
    else:
        query = query.where(EmergencyPassage.at >= period.start, EmergencyPassage.at < period.until)
    return tuple(
        EmergencyInfo(
            id=p.id,
            at=p.at,
            kind=p.kind.value,
            subject_ref=p.subject_ref,
            lane_code=codes.get(p.lane_id, "") if p.lane_id else "",
            recorded_by=people.get(p.recorded_by),
            action_taken=p.action_taken,
            outcome=p.outcome,
        )
        for p in s.scalars(query.order_by(EmergencyPassage.at, EmergencyPassage.id))
    )


def _checks(
    s: Session, desk: PortReader, shift_ids: list[uuid.UUID], people: dict[uuid.UUID, OfficerRef]
) -> tuple[CheckInfo, ...]:
    """Each checklist item's latest result per shift (as ``shifts.checklist_status`` shows),
    with the deputy captain's override of a failed required check."""
    items = reference.checklist(reference.port_spec(desk.port_code))
    out: list[CheckInfo] = []
    for shift_id in shift_ids:
        latest = shifts.latest_checks(s, shift_id)
        overridden = shifts.overrides(s, shift_id)
        for item in items:
            row = latest.get(item.code)
            override = overridden.get(row.id) if row else None
            out.append(
                CheckInfo(
                    shift_id=shift_id,
                    item_code=item.code,
                    label_zh=item.label_zh,
                    label_en=item.label_en,
                    required=item.required,
                    result=row.result.value if row else None,
                    note=row.note if row else "",
                    at=row.at if row else None,
                    officer=people.get(row.officer_id) if row else None,
                    override_reason=override.reason if override else "",
                    override_by=people.get(override.officer_id) if override else None,
                    override_at=override.at if override else None,
                )
            )
    return tuple(out)


def _sync(s: Session, period: Period) -> tuple[SyncCount, ...]:
    """The period's outbox entries per table: how many HQ had acknowledged by the as-of time."""
    o = OutboxEntry
    utc = OutboxEntry.__table__.c.created_at.type  # aggregates keep the UTC column type
    acked = and_(o.acked_at.is_not(None), o.acked_at <= period.as_of)
    query = (
        select(
            o.entity,
            func.count(),
            func.count().filter(acked),
            type_coerce(func.min(o.created_at).filter(~acked), utc),
            type_coerce(func.max(o.acked_at).filter(acked), utc),
        )
        .where(o.created_at >= period.start, o.created_at < period.until)
        .group_by(o.entity)
        .order_by(o.entity)
    )
    return tuple(SyncCount(*row) for row in s.execute(query))


TREND_DAYS = 7


def _trend(
    s: Session, desk: PortReader, period: Period, targets: tuple[reference.Target, ...]
) -> tuple[TrendRow, ...]:
    """The headline groups of the 7 local days up to the report's, as of its as-of time."""
    assert period.day is not None
    first = period.day - timedelta(days=TREND_DAYS - 1)
    days = stats.day_bounds(desk, first, period.day)
    # Timings stand in for clearances: the day's figures read only who and when.
    rows: Any = queries.timings(s, desk.port_id, days[0][1], period.until)
    by_kind = {t.kind: t for t in targets}
    out = []
    for day in stats.day_figures(days, stats.known_at(rows, period.as_of), period.as_of, by_kind):
        for group, summary in day.groups.items():
            own = day.own.get(group)
            target = by_kind.get(group) if own else by_kind["person"]
            shown = own or summary
            assert target is not None
            out.append(
                TrendRow(
                    day=day.day,
                    group=group,
                    measure=target.measure,
                    target_minutes=target.minutes,
                    count=shown.count,
                    p50=shown.p50,
                    p90=shown.p90,
                    within_target=shown.within_target,
                    breaches=len(shown.breaches),
                    waiting_over_target=shown.waiting_over_target,
                )
            )
    return tuple(out)


def _trend_alerts(s: Session, desk: PortReader, period: Period) -> tuple[DayAlerts, ...]:
    """Alert episodes per local day of the trend, by the day each started, as of its as-of."""
    assert period.day is not None
    days = stats.day_bounds(desk, period.day - timedelta(days=TREND_DAYS - 1), period.day)
    found = alerts.read_episodes(s, desk.port_id, days[0][1], period.until, period.as_of)
    return tuple(DayAlerts(*row) for row in alerts.started_per_day(found, days))


# -- stored form and the data hash ------------------------------------------------


@cache
def _adapter() -> TypeAdapter[Snapshot]:
    return TypeAdapter(Snapshot)


def encode(snapshot: Snapshot) -> bytes:
    """The snapshot as canonical JSON (fields in declaration order, times in UTC)."""
    return _adapter().dump_json(snapshot)


def decode(data: bytes | str) -> Snapshot:
    return _adapter().validate_json(data)


def full_hash(snapshot: Snapshot) -> str:
    """SHA-256 of the snapshot's canonical form.

    The clock is not data: for an open period the as-of time (and an open
    shift's moving end) is left out, so unchanged data keeps its hash while
    the time the report was made moves on (it is printed on the page).
    """
    period = snapshot.period
    if not period.final:
        snapshot = replace(snapshot, period=replace(period, end=period.start, as_of=period.start))
    return hashlib.sha256(encode(snapshot)).hexdigest()


def data_hash(snapshot: Snapshot) -> str:
    """The 12 hex digits printed on every page."""
    return full_hash(snapshot)[:12]
