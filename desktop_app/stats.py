"""Wait-time statistics as of a moment, never one average over everyone.

Every figure is computed *as of* an explicit time (the desk's clock, or the
close of a shift): what was known then.  A step recorded for a later time is
not yet there (``queries.Clearance.as_of``).

Definitions (the screens, ``stats``, the close-out and the reports use these
and only these):

* **wait**: joined the queue → service started; **total**: joined → left the desk.
* A subject **still waiting** at the as-of time has no wait yet, but a lower
  bound: as-of − joined.  Once that bound is over the target the subject is a
  breach already: it counts in ``count``, the percentiles, ``max``, the share
  within target and ``breaches`` with that bound, and in ``waiting_over_target``.
  A subject still waiting within the target is undecided: counted only in
  ``unserved`` (so a 5-minute-old arrival does not flatter the share).
* Percentiles: linear interpolation between closest ranks (Hyndman & Fan
  type 7: NumPy's, R's and Excel's PERCENTILE.INC default), by the standard
  library's ``statistics.quantiles(method="inclusive")``.  With still-waiting
  subjects among them they are lower bounds.
* A wait of exactly the target is within it.
* **Queued before opening**: a subject who joined a lane that was not open yet
  (``before_open``: the gate of a day port before its hours, a booth not yet
  staffed) is measured from arrival like anyone, but reported apart
  (``before_opening_summary``), never in a figure against a target: a truck
  queueing two hours for a gate that opens at 09:00 is not a breach of the
  30 minutes, and mixed in it would make one port's figure incomparable with
  another's.  ``Summary.before_opening`` counts those left out.
* Targets: travellers the national 30 minutes of waiting; vehicles and trains
  also against their own target from the reference data (``reference.targets``),
  which may be on the total time (minutes per train).
* Groups: per traveller category (vehicles and trains their own groups).  The
  headline groups are citizens and everyone else apart (``HEADLINE``); a figure
  pooled over every category exists only labelled as such (``WaitStats.pooled``).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from db import queries
from desktop_app import reference
from desktop_app.forecasts import local_day_bounds
from desktop_app.port_reader import PortReader
from desktop_app.queue import TARGET
from desktop_app.reference import Target

TARGET_S = TARGET.total_seconds()
# A clearance as the figures need it: the whole row, or its times alone (a week's trend).
Row = TypeVar("Row", queries.Clearance, queries.Timing)


@dataclass(frozen=True)
class Summary:
    """Count, percentiles and maximum in seconds, the share within target, the breaches."""

    count: int  # known waits, and still waiting past the target (a lower bound)
    p50: float | None
    p90: float | None
    p95: float | None
    max: float | None
    within_target: float | None  # share 0..1 of ``count`` at or under the target
    # in joined order (of a trend's time-only rows, those: counted, never listed)
    breaches: list[queries.Clearance] = field(default_factory=list)
    unserved: int = 0  # not started (wait) or not finished (total) at the as-of time
    waiting_over_target: int = 0  # of ``unserved``, already past the target
    target_s: float = TARGET_S
    measure: str = "wait"
    before_opening: int = 0  # joined before their lane opened: left out, reported apart


def percentiles(values: Sequence[float], points: Sequence[int]) -> list[float]:
    ordered = sorted(values)
    if len(ordered) == 1:
        return [ordered[0]] * len(points)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return [cuts[p - 1] for p in points]


def summarize(values: Sequence[float], target_s: float = TARGET_S) -> Summary:
    """Plain values (all known): count, percentiles, max and the share within ``target_s``."""
    if not values:
        return Summary(0, None, None, None, None, None, target_s=target_s)
    p50, p90, p95 = percentiles(values, (50, 90, 95))
    within = sum(1 for v in values if v <= target_s) / len(values)
    return Summary(len(values), p50, p90, p95, max(values), within, target_s=target_s)


def _ended(row: queries.Clearance, measure: str) -> datetime | None:
    return row.started_at if measure == "wait" else row.finished_at


def measure_summary(
    rows: Sequence[queries.Clearance],
    as_of: datetime,
    *,
    target_s: float = TARGET_S,
    measure: str = "wait",
    before_opening: bool = False,
) -> Summary:
    """Rows already as of ``as_of`` (see ``known_at``), summarised against one target.

    ``measure`` is ``wait`` (to service started) or ``total`` (to leaving the desk).
    The subjects who queued before their lane opened are left out (counted in
    ``Summary.before_opening``), or, with ``before_opening``, are the only ones.
    """
    counted: list[queries.Clearance] = []
    values: list[float] = []
    unserved = over = apart = 0
    for row in rows:
        if row.before_open != before_opening:
            apart += 1
            continue
        end = _ended(row, measure)
        value = ((end or as_of) - row.joined_at).total_seconds()
        if end is None:
            unserved += 1
            if value <= target_s:
                continue  # undecided: still within the target
            over += 1
        counted.append(row)
        values.append(value)
    base = summarize(values, target_s)
    breaches = [r for r, v in zip(counted, values, strict=True) if v > target_s]
    return Summary(
        base.count,
        base.p50,
        base.p90,
        base.p95,
        base.max,
        base.within_target,
        breaches=breaches,
        unserved=unserved,
        waiting_over_target=over,
        target_s=target_s,
        measure=measure,
        before_opening=0 if before_opening else apart,
    )


def wait_summary(rows: Sequence[queries.Clearance], as_of: datetime) -> Summary:
    """Waits against the 30-minute target (every category; the citizens' rule)."""
    return measure_summary(rows, as_of)


def before_opening_summary(rows: Sequence[queries.Clearance], as_of: datetime) -> Summary:
    """The waits of those who queued before their lane opened, apart from every target figure."""
    return measure_summary(rows, as_of, before_opening=True)


def target_summary(rows: Sequence[queries.Clearance], as_of: datetime, target: Target) -> Summary:
    return measure_summary(rows, as_of, target_s=target.seconds, measure=target.measure)


def known_at(rows: Iterable[Row], at: datetime) -> list[Row]:
    """The clearances as known at ``at``: later steps not yet there, later joins left out."""
    out = []
    for row in rows:
        seen = row.as_of(at)
        if seen is not None:
            out.append(seen)
    return out


def category(row: queries.Clearance) -> str:
    """A traveller's category; a vehicle or a train is its own group."""
    return row.traveller_category.value if row.traveller_category else row.subject_kind.value


def headline_group(row: queries.Clearance) -> str:
    """Citizens, other travellers, vehicles, trains: never one group over all of them."""
    key = category(row)
    if key in ("chinese_citizen", "vehicle", "train"):
        return key
    return "other_travellers"


# The groups the headline places show (key figures, the trend, ``stats --by day``).
HEADLINE = ("chinese_citizen", "other_travellers", "vehicle", "train")

GROUPINGS: dict[str, Callable[[queries.Clearance], str]] = {
    "traveller_category": category,
    "headline": headline_group,
    "lane_kind": lambda r: r.lane_kind.value,
    "direction": lambda r: r.direction.value,
    "subject_kind": lambda r: r.subject_kind.value,
}


def own_target(key: str, targets: dict[str, Target]) -> Target | None:
    """A vehicles' or trains' group's own target (travellers have the 30 minutes only)."""
    return targets.get(key) if key in ("vehicle", "train") else None


@dataclass(frozen=True)
class WaitStats:
    as_of: datetime
    groups: dict[str, Summary]  # waits against 30 minutes, per group
    own: dict[str, Summary]  # vehicles and trains against their own target
    targets: dict[str, Target]
    pooled: Summary  # every category together: not a target figure, labelled as such


def period_clearances(
    desk: PortReader, start: datetime, end: datetime, at: datetime
) -> list[queries.Clearance]:
    """Clearances that joined in [start, end), as known at ``at``."""
    with desk.read() as s:
        rows = queries.clearances(s, desk.port_id, start, end)
    return known_at(rows, at)


def grouped(
    rows: Sequence[queries.Clearance], key: Callable[[queries.Clearance], str]
) -> dict[str, list[queries.Clearance]]:
    groups: dict[str, list[queries.Clearance]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def summaries(
    rows: Sequence[queries.Clearance],
    at: datetime,
    targets: dict[str, Target],
    *,
    group_by: str = "traveller_category",
) -> WaitStats:
    groups = grouped(rows, GROUPINGS[group_by])
    own = {}
    for name, members in groups.items():
        target = own_target(name, targets)
        if target is not None:
            own[name] = target_summary(members, at, target)
    return WaitStats(
        as_of=at,
        groups={name: wait_summary(members, at) for name, members in sorted(groups.items())},
        own=dict(sorted(own.items())),
        targets=targets,
        pooled=wait_summary(rows, at),
    )


def port_targets(desk: PortReader) -> dict[str, Target]:
    return reference.targets(reference.port_spec(desk.port_code))


def wait_stats(
    desk: PortReader,
    start: datetime,
    end: datetime,
    *,
    as_of: datetime,
    group_by: str = "traveller_category",
) -> WaitStats:
    """Wait summaries for clearances that joined in [start, end), per group, as of ``as_of``."""
    rows = period_clearances(desk, start, end, as_of)
    return summaries(rows, as_of, port_targets(desk), group_by=group_by)


@dataclass(frozen=True)
class DayFigures:
    """One local day of the trend: the headline groups of the clearances that joined on it."""

    day: date
    groups: dict[str, Summary]  # HEADLINE groups with traffic, against 30 minutes
    own: dict[str, Summary]  # vehicles and trains against their own target


def day_figures(
    days: Sequence[tuple[date, datetime, datetime]],
    rows: Sequence[queries.Clearance],
    at: datetime,
    targets: dict[str, Target],
) -> list[DayFigures]:
    """Per day (date, UTC start, UTC end), the headline groups of ``rows`` joined on it."""
    out = []
    for day, start, end in days:
        members = [r for r in rows if start <= r.joined_at < end]
        figures = summaries(members, at, targets, group_by="headline")
        out.append(
            DayFigures(
                day,
                {k: figures.groups[k] for k in HEADLINE if k in figures.groups},
                figures.own,
            )
        )
    return out


def day_bounds(desk: PortReader, first: date, last: date) -> list[tuple[date, datetime, datetime]]:
    days = []
    day = first
    while day <= last:
        start, end = local_day_bounds(desk, day)
        days.append((day, start, end))
        day += timedelta(days=1)
    return days


def daily_trend(desk: PortReader, first: date, last: date, *, as_of: datetime) -> list[DayFigures]:
    """``stats --by day``: each local day from ``first`` to ``last``, as of ``as_of``."""
    days = day_bounds(desk, first, last)
    rows = period_clearances(desk, days[0][1], days[-1][2], as_of)
    return day_figures(days, rows, as_of, port_targets(desk))
