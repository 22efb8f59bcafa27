"""Everything one report is built from, read in one consistent snapshot.

The loader reads the shift (or the port's local day) inside a single read
transaction, so every table is seen as of the same instant, and hands back
plain frozen dataclasses: the statistics and the PDF layout never touch the
database.  ``data_hash`` digests exactly this snapshot; the hash printed on
every page lets a paper copy be matched to the database it came from (build
the report again: the same data gives the same hash).

Periods (all times UTC; shown in the port's zone):

* a shift: its actual start to its actual end (planned times for a shift
  never opened; "now" for a shift still open), and the clearances whose
  *joined* event belongs to it;
* a day: the port's local calendar day ``[00:00, 24:00)``, computed with the
  port's zone (so a night shift 20:00–08:00 counts towards two days, each
  with the clearances that joined on it); every shift overlapping the day is
  listed, with its checklist and handover notes.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from db import queries
from db.enums import ClearanceStep, ShiftState
from db.models import (
    ClearanceEvent,
    DutyTeam,
    EmergencyPassage,
    Forecast,
    Lane,
    LaneAssignment,
    LaneStateChange,
    Officer,
    OutboxEntry,
    Port,
    PriorityApproval,
    Shift,
)
from desktop_app import reference, shifts
from desktop_app.desk import Desk
from desktop_app.forecasts import local_day_bounds

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
    version: int
    hlc: str

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
class ForecastInfo:
    id: uuid.UUID
    mode: str
    reference: str
    carrier: str
    direction: str
    expected_at: datetime
    expected_travellers: int
    expected_vehicles: int
    status: str
    arrived_at: datetime | None
    version: int
    actual_persons: int  # effective clearances that name this forecast
    actual_vehicles: int  # vehicles and trains


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
    version: int


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
    version: int


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


@dataclass(frozen=True)
class SyncCount:
    entity: str
    total: int
    acked: int
    oldest_pending: datetime | None
    last_acked: datetime | None

    @property
    def pending(self) -> int:
        return self.total - self.acked


@dataclass(frozen=True)
class Period:
    kind: Literal["shift", "day"]
    start: datetime
    end: datetime  # exclusive; for an open period, the time the data was read
    day: date | None
    final: bool  # closed shift, or a past day whose shifts are all closed


@dataclass(frozen=True)
class Snapshot:
    port: PortInfo
    period: Period
    shifts: tuple[ShiftInfo, ...]
    lanes: tuple[LaneInfo, ...]
    open_at_start: frozenset[uuid.UUID]
    lane_changes: tuple[LaneChange, ...]
    clearances: tuple[queries.Clearance, ...]
    forecasts: tuple[ForecastInfo, ...]
    approvals: tuple[ApprovalInfo, ...]
    emergencies: tuple[EmergencyInfo, ...]
    checks: tuple[CheckInfo, ...]
    sync: tuple[SyncCount, ...]

    @property
    def zone(self) -> ZoneInfo:
        return self.port.zone

    def as_of(self) -> datetime:
        """The latest moment recorded in this data (the default "generated at")."""
        moments: list[datetime] = [self.period.start]
        if self.period.final:
            moments.append(self.period.end)
        for s in self.shifts:
            moments += [t for t in (s.actual_start, s.actual_end) if t]
        for c in self.clearances:
            moments.append(c.finished_at or c.started_at or c.joined_at)
        moments += [c.at for c in self.lane_changes]
        moments += [f.arrived_at for f in self.forecasts if f.arrived_at]
        moments += [a.decided_at or a.requested_at for a in self.approvals]
        moments += [e.at for e in self.emergencies]
        moments += [c.at for c in self.checks if c.at]
        moments += [s.last_acked for s in self.sync if s.last_acked]
        return max(moments)


# -- resolving what to report on ------------------------------------------------


def shift_period(desk: Desk, shift_id: uuid.UUID) -> Period:
    with desk.read() as s:
        shift = s.get(Shift, shift_id)
        if shift is None or shift.port_id != desk.port_id or shift.deleted:
            raise ReportNotFound(f"no shift {shift_id} at port {desk.port_code}")
        return _shift_period(desk, shift)


def _shift_period(desk: Desk, shift: Shift) -> Period:
    if shift.state == ShiftState.CLOSED and shift.actual_start and shift.actual_end:
        return Period("shift", shift.actual_start, shift.actual_end, None, True)
    if shift.state == ShiftState.OPEN and shift.actual_start:
        end = max(desk.now(), shift.actual_start)
        return Period("shift", shift.actual_start, end, None, False)
    return Period("shift", shift.planned_start, shift.planned_end, None, False)


def day_period(desk: Desk, day: date) -> Period:
    """The port's local calendar day; final once it is over and its shifts are closed."""
    start, end = local_day_bounds(desk, day)
    now = desk.now()
    with desk.read() as s:
        unclosed = s.scalar(
            select(func.count())
            .select_from(Shift)
            .where(
                Shift.port_id == desk.port_id,
                ~Shift.deleted,
                Shift.state == ShiftState.OPEN,
                Shift.actual_start < end,
            )
        )
    final = now >= end and not unclosed
    return Period("day", start, end if now >= end else max(now, start), day, final)


def latest_closed_shift_id(desk: Desk) -> uuid.UUID:
    found = shifts.latest_closed(desk)
    if found is None:
        raise ReportNotFound(f"no closed shift yet at port {desk.port_code}")
    return found.id


# -- loading --------------------------------------------------------------------


def load_shift(desk: Desk, shift_id: uuid.UUID) -> Snapshot:
    with desk.read() as s:
        shift = s.get(Shift, shift_id)
        if shift is None or shift.port_id != desk.port_id or shift.deleted:
            raise ReportNotFound(f"no shift {shift_id} at port {desk.port_code}")
        period = _shift_period(desk, shift)
        clearances = queries.clearances(
            s,
            desk.port_id,
            period.start - SHIFT_SLACK,
            period.end + SHIFT_SLACK,
            shift_id=shift.id,
        )
        return _load(s, desk, period, [shift], clearances, shift_ids=[shift.id])


def load_day(desk: Desk, day: date) -> Snapshot:
    period = day_period(desk, day)
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
        clearances = queries.clearances(s, desk.port_id, period.start, period.end)
        return _load(s, desk, period, shifts, clearances, shift_ids=None)


def _load(
    s: Session,
    desk: Desk,
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
        is_24x7=port_row.opens_at is None,
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
    start, end = period.start, period.end
    shift_infos = tuple(_shift_info(sh, teams, people) for sh in shifts)
    all_shift_ids = [sh.id for sh in shifts]

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
                    LaneStateChange.at < end,
                )
                .order_by(LaneStateChange.at, LaneStateChange.hlc)
            )
        ),
        clearances=tuple(clearances),
        forecasts=_forecasts(s, desk, start, end),
        approvals=_approvals(s, desk, start, end, shift_ids, people),
        emergencies=_emergencies(s, desk, start, end, shift_ids, people, lanes),
        checks=_checks(s, desk, all_shift_ids, people),
        sync=_sync(s, start, end),
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
        version=sh.version,
        hlc=sh.hlc,
    )


def _open_at(s: Session, lane_ids: list[uuid.UUID], at: datetime) -> frozenset[uuid.UUID]:
    """Lanes whose latest opening or closing before ``at`` was an opening."""
    is_open: set[uuid.UUID] = set()
    for lane_id in lane_ids:
        last = s.scalar(
            select(LaneStateChange.opened)
            .where(LaneStateChange.lane_id == lane_id, LaneStateChange.at < at)
            .order_by(LaneStateChange.at.desc(), LaneStateChange.hlc.desc())
            .limit(1)
        )
        if last:
            is_open.add(lane_id)
    return frozenset(is_open)


def _forecasts(s: Session, desk: Desk, start: datetime, end: datetime) -> tuple[ForecastInfo, ...]:
    """Forecasts expected or arrived in the period, with the clearances that name them."""
    rows = list(
        s.scalars(
            select(Forecast)
            .where(
                Forecast.port_id == desk.port_id,
                ~Forecast.deleted,
                or_(
                    and_(Forecast.expected_at >= start, Forecast.expected_at < end),
                    and_(Forecast.arrived_at >= start, Forecast.arrived_at < end),
                ),
            )
            .order_by(Forecast.expected_at, Forecast.id)
        )
    )
    counts = _arrivals_by_forecast(s, [f.id for f in rows])
    return tuple(
        ForecastInfo(
            id=f.id,
            mode=f.mode.value,
            reference=f.reference,
            carrier=f.carrier,
            direction=f.direction.value,
            expected_at=f.expected_at,
            expected_travellers=f.expected_travellers,
            expected_vehicles=f.expected_vehicles,
            status=f.status.value,
            arrived_at=f.arrived_at,
            version=f.version,
            actual_persons=counts.get((f.id, True), 0),
            actual_vehicles=counts.get((f.id, False), 0),
        )
        for f in rows
    )


def _arrivals_by_forecast(
    s: Session, forecast_ids: list[uuid.UUID]
) -> dict[tuple[uuid.UUID, bool], int]:
    """Effective clearances per (forecast, is a person), whenever they joined.

    A clearance's effective joined event is a ``joined`` row that no later
    row supersedes (a correction re-states it, a void cancels it).
    """
    if not forecast_ids:
        return {}
    e = ClearanceEvent.__table__
    later = e.alias("later")
    is_person = e.c.subject_kind == "person"
    out: dict[tuple[uuid.UUID, bool], int] = {}
    for chunk_start in range(0, len(forecast_ids), 500):  # SQLite's bound-parameter limit
        chunk = forecast_ids[chunk_start : chunk_start + 500]
        query = (
            select(e.c.forecast_id, is_person, func.count())
            .where(
                e.c.forecast_id.in_(chunk),
                e.c.step == ClearanceStep.JOINED,
                ~exists().where(later.c.supersedes_id == e.c.id),
            )
            .group_by(e.c.forecast_id, is_person)
        )
        for forecast_id, person, n in s.execute(query):
            out[(forecast_id, bool(person))] = n
    return out


def _approvals(
    s: Session,
    desk: Desk,
    start: datetime,
    end: datetime,
    shift_ids: list[uuid.UUID] | None,
    people: dict[uuid.UUID, OfficerRef],
) -> tuple[ApprovalInfo, ...]:
    query = select(PriorityApproval).where(
        PriorityApproval.port_id == desk.port_id, ~PriorityApproval.deleted
    )
    if shift_ids is not None:
        query = query.where(PriorityApproval.shift_id.in_(shift_ids))
    else:
        query = query.where(
            PriorityApproval.requested_at >= start, PriorityApproval.requested_at < end
        )
    rows = list(s.scalars(query.order_by(PriorityApproval.requested_at, PriorityApproval.id)))
    used = set(
        s.scalars(
            select(LaneAssignment.approval_id).where(
                LaneAssignment.approval_id.in_([a.id for a in rows])
            )
        )
    )
    return tuple(
        ApprovalInfo(
            id=a.id,
            requested_at=a.requested_at,
            subject_ref=a.subject_ref,
            reason=a.reason,
            requester=people.get(a.requested_by),
            decision=a.decision.value,
            approver=people.get(a.decided_by) if a.decided_by else None,
            decided_at=a.decided_at,
            note=a.decision_note,
            used=a.id in used,
            version=a.version,
        )
        for a in rows
    )


def _emergencies(
    s: Session,
    desk: Desk,
    start: datetime,
    end: datetime,
    shift_ids: list[uuid.UUID] | None,
    people: dict[uuid.UUID, OfficerRef],
    lanes: tuple[LaneInfo, ...],
) -> tuple[EmergencyInfo, ...]:
    codes = {lane.id: lane.code for lane in lanes}
    query = select(EmergencyPassage).where(
        EmergencyPassage.port_id == desk.port_id, ~EmergencyPassage.deleted
    )
    if shift_ids is not None:
        query = query.where(EmergencyPassage.shift_id.in_(shift_ids))
    else:
        query = query.where(EmergencyPassage.at >= start, EmergencyPassage.at < end)
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
            version=p.version,
        )
        for p in s.scalars(query.order_by(EmergencyPassage.at, EmergencyPassage.id))
    )


def _checks(
    s: Session, desk: Desk, shift_ids: list[uuid.UUID], people: dict[uuid.UUID, OfficerRef]
) -> tuple[CheckInfo, ...]:
    """Each checklist item's latest result per shift (as ``shifts.checklist_status`` shows)."""
    items = reference.checklist(reference.port_spec(desk.port_code))
    out: list[CheckInfo] = []
    for shift_id in shift_ids:
        latest = shifts.latest_checks(s, shift_id)
        for item in items:
            row = latest.get(item.code)
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
                )
            )
    return tuple(out)


def _sync(s: Session, start: datetime, end: datetime) -> tuple[SyncCount, ...]:
    """The period's outbox entries per table: how many HQ has acknowledged (``acked_at``)."""
    o = OutboxEntry
    utc = OutboxEntry.__table__.c.created_at.type  # aggregates keep the UTC column type
    query = (
        select(
            o.entity,
            func.count(),
            func.count(o.acked_at),
            type_coerce(func.min(o.created_at).filter(o.acked_at.is_(None)), utc),
            type_coerce(func.max(o.acked_at), utc),
        )
        .where(o.created_at >= start, o.created_at < end)
        .group_by(o.entity)
        .order_by(o.entity)
    )
    return tuple(SyncCount(*row) for row in s.execute(query))


# -- the data hash --------------------------------------------------------------


def _canonical(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return [_canonical(getattr(value, f.name)) for f in fields(value)]
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, Enum):
        return value.value
    return value


_CLEARANCE_FIELDS = tuple(f.name for f in fields(queries.Clearance))


def _clearance_line(c: queries.Clearance) -> str:
    # The hot loop of the hash (one line per clearance): no generic recursion here.
    values = (getattr(c, name) for name in _CLEARANCE_FIELDS)
    return "|".join("" if v is None else str(v) for v in values)


def data_hash(snapshot: Snapshot) -> str:
    """SHA-256 of the snapshot's canonical form, shown as its first 12 hex digits."""
    digest = hashlib.sha256()
    head = {f.name: _canonical(getattr(snapshot, f.name)) for f in fields(snapshot)}
    head.pop("clearances")
    digest.update(json.dumps(head, sort_keys=True, ensure_ascii=False).encode())
    for c in snapshot.clearances:
        digest.update(_clearance_line(c).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:12]
