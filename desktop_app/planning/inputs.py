"""What the post knew at a moment: the only door through which data reaches a plan.

``Record.load`` reads a period once (clearances, forecasts, lane openings);
``Record.known_at(t)`` keeps what was known at ``t`` and nothing else:

* a clearance that joined before ``t``, its later steps blanked
  (``queries.Clearance.as_of``);
* a forecast from the later of its announcement and its entry here (a
  forecast with neither, from before schema 0005, from its last update),
  its arrival and actual size only once it arrived;
* lane openings and closings recorded up to ``t``.

The backtest builds every plan from ``known_at`` of its moment, and a test
fails if a plan changes when data after that moment is added or removed.
Calendar and targets are reference data the post holds now (their history is
not kept): a backtest uses today's.
"""

from __future__ import annotations

import bisect
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db import queries
from db.enums import Direction, LaneDirection, LaneGroup, LaneKind, LaneSubjects, Mode, SubjectKind
from db.models import Forecast, Lane, LaneStateChange
from desktop_app import port_calendar, reference
from desktop_app.lane_groups import group_of, groups_served
from desktop_app.port_calendar import Calendar
from desktop_app.port_reader import PortReader
from desktop_app.reference import Target


class Queue(StrEnum):
    """A queue the planner models: a lane group, split by direction where lanes are.

    Traveller groups are by direction already; vehicle lanes and rail tracks
    are each for one direction, so their entry and exit queues are apart here
    (the alert watches all vehicles and all trains together: ``group``).
    """

    TRAVELLERS_ENTRY = "travellers_entry"
    TRAVELLERS_EXIT = "travellers_exit"
    VEHICLES_ENTRY = "vehicles_entry"
    VEHICLES_EXIT = "vehicles_exit"
    RAIL_ENTRY = "rail_entry"
    RAIL_EXIT = "rail_exit"

    @property
    def group(self) -> LaneGroup:
        for g in LaneGroup:
            if self.value.startswith(g.value):
                return g
        raise ValueError(self)

    @property
    def direction(self) -> Direction:
        return Direction.ENTRY if self.value.endswith("entry") else Direction.EXIT


def queue_of(group: LaneGroup, direction: Direction) -> Queue:
    if group in (LaneGroup.TRAVELLERS_ENTRY, LaneGroup.TRAVELLERS_EXIT):
        return Queue(group.value)
    return Queue(f"{group.value}_{direction.value}")


def queues_served(code: str, subjects: LaneSubjects, direction: LaneDirection) -> frozenset[Queue]:
    both = (Direction.ENTRY, Direction.EXIT)
    ways = both if direction == LaneDirection.BOTH else (Direction(direction.value),)
    return frozenset(
        queue_of(g, d)
        for g in groups_served(code, subjects, direction)
        for d in ways
        if queue_of(g, d).direction == d
    )


# Lane kinds the planner pools per group: the regular booths.  Special channels
# (green, senior, crew, fast, Belt and Road, priority, emergency) take only their
# own subjects, so counting them as capacity for a bus's travellers would flatter
# the prediction; their few subjects are left out of the model and its scoring.
PLANNED_KINDS = frozenset({LaneKind.REGULAR})
HISTORY = timedelta(weeks=6)
# What a plan reads joins by themselves for (the rest comes from ``history.Digest``):
# who is waiting now, a night's queue at a day port's closed gate included, and the
# recent quarter-hours shown beside the prediction.
RECENT = timedelta(hours=12)


def klass_of(row: queries.Clearance) -> str:
    """The planner's categories: citizens and other travellers apart, vehicles, trains."""
    if row.subject_kind == SubjectKind.PERSON:
        return "citizen" if row.traveller_category == "chinese_citizen" else "other"
    return row.subject_kind.value


@dataclass(frozen=True, slots=True)
class Join:
    """One clearance as the planner reads it."""

    joined_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    queue: Queue
    klass: str
    lane_kind: LaneKind
    forecast_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class ForecastFact:
    id: uuid.UUID
    mode: Mode
    direction: Direction
    reference: str
    expected_at: datetime
    expected_travellers: int
    expected_vehicles: int
    known_from: datetime
    arrived_at: datetime | None
    cancelled: bool

    @property
    def size(self) -> int:
        """What a group's share of subjects scales with: trains, else people or vehicles."""
        if self.mode == Mode.RAIL:
            return max(self.expected_vehicles, 1)
        return max(self.expected_travellers, self.expected_vehicles, 1)

    @property
    def kind(self) -> str:
        """What sort of group: its mode, and a convoy (vehicles) or not."""
        return f"{self.mode.value}:{'convoy' if self.expected_vehicles > 1 else 'group'}"


@dataclass(frozen=True, slots=True)
class PlanLane:
    id: uuid.UUID
    code: str
    kind: LaneKind
    queues: frozenset[Queue]
    position: int
    capacity_per_hour: int | None


@dataclass
class Known:
    """What was known at ``at``: the plan's whole input."""

    at: datetime
    port_code: str
    zone: ZoneInfo
    calendar: Calendar
    targets: dict[str, Target]
    lanes: list[PlanLane]
    joins: list[Join]  # joined before ``at``, oldest first, later steps blanked
    forecasts: list[ForecastFact]  # known by ``at``
    lane_changes: dict[uuid.UUID, list[tuple[datetime, bool]]]  # up to ``at``
    history_from: datetime  # the earliest moment the history covers

    def open_at(self, lane_id: uuid.UUID, when: datetime) -> bool:
        changes = self.lane_changes.get(lane_id, [])
        i = bisect.bisect_right(changes, (when, True))
        return changes[i - 1][1] if i else False


@dataclass
class Record:
    """A period read once; ``known_at`` cuts it at any moment inside."""

    port_code: str
    zone: ZoneInfo
    calendar: Calendar
    targets: dict[str, Target]
    lanes: list[PlanLane]
    rows: list[queries.Clearance]  # joined in [start, end), oldest first
    forecasts: list[Forecast]
    lane_changes: list[tuple[uuid.UUID, datetime, bool]]
    start: datetime
    end: datetime
    _joined: list[datetime] = field(default_factory=list)
    # Each row as a Join once it has every step it will get, and the latest step time
    # of rows[0..i]: ``known_at`` copies the settled prefix instead of redoing it.
    _final: list[Join] = field(default_factory=list)
    _settled_by: list[datetime] = field(default_factory=list)

    @classmethod
    def load(
        cls,
        desk: PortReader,
        start: datetime,
        end: datetime,
        *,
        changes_from: datetime | None = None,
    ) -> Record:
        """The period [start, end); ``changes_from``: lane openings and closings from then
        only (the caller holds the earlier ones), else all of them."""
        cal = port_calendar.calendar(desk)
        with desk.read() as s:
            rows = queries.clearances(s, desk.port_id, start, end)
            found = s.scalars(
                select(Forecast).where(
                    Forecast.port_id == desk.port_id,
                    Forecast.expected_at >= start - timedelta(days=1),
                    Forecast.expected_at < end + timedelta(days=2),
                    Forecast.deleted.is_(False),
                )
            ).all()
            for f in found:
                s.expunge(f)
            lanes = [
                PlanLane(
                    id=lane.id,
                    code=lane.code,
                    kind=lane.kind,
                    queues=queues_served(lane.code, lane.subjects, lane.direction),
                    position=lane.position,
                    capacity_per_hour=lane.capacity_per_hour,
                )
                for lane in s.scalars(
                    select(Lane).where(Lane.port_id == desk.port_id, Lane.deleted.is_(False))
                )
            ]
            since = [] if changes_from is None else [LaneStateChange.at >= changes_from]
            changes = [
                (c.lane_id, c.at, c.opened)
                for c in s.execute(
                    select(LaneStateChange.lane_id, LaneStateChange.at, LaneStateChange.opened)
                    .where(
                        LaneStateChange.port_id == desk.port_id, LaneStateChange.at < end, *since
                    )
                    .order_by(LaneStateChange.at, LaneStateChange.id)
                )
            ]
        rows.sort(key=lambda r: r.joined_at)
        record = cls(
            port_code=desk.port_code,
            zone=desk.port_zone,
            calendar=cal,
            targets=reference.targets(reference.port_spec(desk.port_code)),
            lanes=sorted(lanes, key=lambda lane: (lane.position, lane.code)),
            rows=rows,
            forecasts=list(found),
            lane_changes=changes,
            start=start,
            end=end,
        )
        record._joined = [r.joined_at for r in rows]
        record._final = [_join(r) for r in rows]
        latest = None
        for r in rows:
            last = max(t for t in (r.joined_at, r.started_at, r.finished_at) if t is not None)
            latest = last if latest is None or last > latest else latest
            record._settled_by.append(latest)
        return record

    def known_at(self, at: datetime, *, history: timedelta = HISTORY) -> Known:
        since = max(self.start, at - history)
        lo = bisect.bisect_left(self._joined, since)
        hi = bisect.bisect_left(self._joined, at)
        # Rows all of whose steps were known by ``at`` (most of the weeks) as they are;
        # the last few as they stood then.
        settled = min(hi, max(lo, bisect.bisect_right(self._settled_by, at)))
        joins = self._final[lo:settled]
        for row in self.rows[settled:hi]:
            seen = row.as_of(at)
            if seen is not None:
                joins.append(_join(seen))
        facts = []
        for f in self.forecasts:
            known_from = max(
                (t for t in (f.announced_at, f.entered_at) if t is not None),
                default=f.updated_at,
            )
            if known_from > at:
                continue
            arrived = f.arrived_at if f.arrived_at is not None and f.arrived_at <= at else None
            facts.append(
                ForecastFact(
                    id=f.id,
                    mode=f.mode,
                    direction=f.direction,
                    reference=f.reference,
                    expected_at=f.expected_at,
                    expected_travellers=f.expected_travellers,
                    expected_vehicles=f.expected_vehicles,
                    known_from=known_from,
                    arrived_at=arrived,
                    # When a cancellation was made is not kept: only one already
                    # past its time counts as known (a later one could leak).
                    cancelled=f.status == "cancelled" and f.expected_at <= at,
                )
            )
        changes: dict[uuid.UUID, list[tuple[datetime, bool]]] = {}
        for lane_id, when, opened in self.lane_changes:
            if when <= at:
                changes.setdefault(lane_id, []).append((when, opened))
        return Known(
            at=at,
            port_code=self.port_code,
            zone=self.zone,
            calendar=self.calendar,
            targets=self.targets,
            lanes=self.lanes,
            joins=joins,
            forecasts=facts,
            lane_changes=changes,
            history_from=since,
        )

    def actual(self, start: datetime, end: datetime) -> list[queries.Clearance]:
        """Clearances that joined in [start, end), as finally known (for scoring only)."""
        lo = bisect.bisect_left(self._joined, start)
        hi = bisect.bisect_left(self._joined, end)
        return self.rows[lo:hi]


def _join(row: queries.Clearance) -> Join:
    return Join(
        joined_at=row.joined_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        queue=queue_of(group_of(row.subject_kind, row.direction, row.lane_code), row.direction),
        klass=klass_of(row),
        lane_kind=row.lane_kind,
        forecast_id=row.forecast_id,
    )
