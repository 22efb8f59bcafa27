"""What a port discloses to the public: its delay per lane type, as measured, aggregates only.

The delay is the desk header's figure (``queue.summarize``: the median and
the longest wait of those waiting now, service not started) over the lanes
of one public lane type; the port's own line is the header's figure itself.
Nothing here carries a reference, a name, a badge or an officer: only
counts, durations and lane counts leave this module.

Public lane types follow what a traveller sees at the gate: regular,
green channel, fast (energy vehicles, livelihood materials), Belt and Road,
vehicles, rail.  Emergency, priority and crew lanes are not queues a
member of the public joins: they count in the port's line (as in the
header) and in no lane type.  Khunjerab's senior travellers' lane is a
regular lane for the public.

The predicted delay (``predicted_waits``) is the desk's own plan
(``desktop_app.planning``) read per public lane type and clock hour: the
median and P90 wait of those the plan expects to arrive in that hour, with
the lanes open at the plan's moment (advice not taken: the public is told
what happens if nothing changes).  Only regular lanes, vehicles and rail are
planned; the other lane types have no prediction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from db import queries
from db.enums import LaneKind, LaneSubjects
from desktop_app import queue
from desktop_app.lane_groups import is_rail_track
from desktop_app.planning.inputs import Queue
from desktop_app.planning.plan import Plan
from desktop_app.planning.queueing import BinWait, merged


class PublicLaneType(StrEnum):
    REGULAR = "regular"
    GREEN = "green"
    FAST = "fast"
    BELT_ROAD = "belt_road"
    VEHICLES = "vehicles"
    RAIL = "rail"


NOT_PUBLIC = frozenset({LaneKind.EMERGENCY, LaneKind.PRIORITY, LaneKind.CREW})


def lane_type(code: str, kind: LaneKind, subjects: LaneSubjects) -> PublicLaneType | None:
    """The public lane type of a lane, or None for a lane the public does not queue at."""
    if is_rail_track(code):
        return PublicLaneType.RAIL
    if kind in NOT_PUBLIC:
        return None
    if kind == LaneKind.GREEN:
        return PublicLaneType.GREEN
    if kind == LaneKind.FAST:
        return PublicLaneType.FAST
    if kind == LaneKind.BELT_ROAD:
        return PublicLaneType.BELT_ROAD
    if subjects == LaneSubjects.VEHICLES:
        return PublicLaneType.VEHICLES
    return PublicLaneType.REGULAR


@dataclass(frozen=True)
class LaneHead:
    """What the public figures need of a lane (no officer, no history)."""

    id: uuid.UUID
    code: str
    kind: LaneKind
    subjects: LaneSubjects
    is_open: bool


@dataclass(frozen=True)
class Delay:
    """The header's figure over some lanes: waiting now, median and longest wait, seconds."""

    waiting: int
    median_s: int
    longest_s: int

    @classmethod
    def of(cls, level: queue.QueueLevel) -> Delay:
        # Whole seconds: the header shows minutes, the feed a little more, never less.
        return cls(
            level.waiting, int(level.median.total_seconds()), int(level.longest.total_seconds())
        )


@dataclass(frozen=True)
class LaneTypeFigures:
    lane_type: PublicLaneType
    lanes_open: int
    lanes: int
    delay: Delay


@dataclass(frozen=True)
class PortDelay:
    as_of: datetime
    port: Delay  # the header's figure: every lane of the port
    lane_types: list[LaneTypeFigures]  # only types the port has lanes of, in enum order


def port_delay(
    lanes: Sequence[LaneHead], entries: Iterable[queries.Clearance], as_of: datetime
) -> PortDelay:
    """The public figures of one port from its lanes and its current queue, as of a moment."""
    # What had joined by then: a port's figures as of its last contact leave out a
    # join stamped later by a desk whose clock runs ahead.
    entries = [e for e in entries if e.joined_at <= as_of]
    types = {lane.id: lane_type(lane.code, lane.kind, lane.subjects) for lane in lanes}
    out = []
    for kind in PublicLaneType:
        mine = [lane for lane in lanes if types[lane.id] == kind]
        if not mine:
            continue
        ids = {lane.id for lane in mine}
        level = queue.summarize([e for e in entries if e.lane_id in ids], as_of)
        out.append(
            LaneTypeFigures(
                lane_type=kind,
                lanes_open=sum(1 for lane in mine if lane.is_open),
                lanes=len(mine),
                delay=Delay.of(level),
            )
        )
    return PortDelay(as_of, Delay.of(queue.summarize(entries, as_of)), out)


# The planner's queues as the public's lane types (both directions in one line, as the
# measured delay is: a lane type's figure covers every lane of that type).
PLANNED_TYPES = {
    Queue.TRAVELLERS_ENTRY: PublicLaneType.REGULAR,
    Queue.TRAVELLERS_EXIT: PublicLaneType.REGULAR,
    Queue.VEHICLES_ENTRY: PublicLaneType.VEHICLES,
    Queue.VEHICLES_EXIT: PublicLaneType.VEHICLES,
    Queue.RAIL_ENTRY: PublicLaneType.RAIL,
    Queue.RAIL_EXIT: PublicLaneType.RAIL,
}
PREDICTED_HOURS = 6
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class HourWait:
    """A predicted hour: the median and P90 wait of those expected to arrive in it, seconds.

    Both null when nobody is expected that hour: no figure rather than a 0 that
    a traveller would read as "no queue" while one may still be draining.
    """

    start: datetime  # the plan's first quarter-hour, or the top of the hour
    end: datetime
    median_s: int | None
    p90_s: int | None


def predicted_waits(
    plan: Plan, is_open: Callable[[datetime], bool], hours: int = PREDICTED_HOURS
) -> dict[PublicLaneType, list[HourWait]]:
    """The plan's waits per public lane type and clock hour, the next ``hours`` hours.

    An hour the port is closed throughout is left out (nobody is served, nobody
    is told a wait); an hour nobody is expected in has null waits.
    """
    tops = [_top(plan.bin_start(0)) + i * HOUR for i in range(hours)]
    by_type: dict[PublicLaneType, list[list[BinWait]]] = {}
    for queue_, group in plan.groups.items():
        kind = PLANNED_TYPES[queue_]
        hours_bins = by_type.setdefault(kind, [[] for _ in tops])
        for b, wait in enumerate(group.likely or group.current):
            index = (_top(plan.bin_start(b)) - tops[0]) // HOUR
            if index < len(tops) and wait.arrivals > 0:
                hours_bins[index].append(wait)
    out: dict[PublicLaneType, list[HourWait]] = {}
    for kind, hours_bins in by_type.items():
        lines = []
        for top, bins in zip(tops, hours_bins, strict=True):
            start = max(top, plan.bin_start(0))
            quarters = [start + timedelta(minutes=m) for m in range(0, 60, 15)]
            if not any(is_open(q) for q in quarters if q < top + HOUR):
                continue
            if not bins:
                lines.append(HourWait(start, top + HOUR, None, None))
                continue
            lines.append(
                HourWait(start, top + HOUR, round(merged(bins, 0.5)), round(merged(bins, 0.9)))
            )
        out[kind] = lines
    return out


def _top(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)
