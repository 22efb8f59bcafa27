"""Expected arrivals per 15 minutes, by lane group and category, with their uncertainty.

Two sources, kept apart so that nothing counts twice:

* **Forecast groups** (buses, convoys, trains, flights; HQ's and overseas
  notices alike).  Each pending forecast is played as a *past group of the
  same kind* (mode, convoy or not) drawn from the post's history: how late
  it came (or that it never came), how its people or vehicles trickled in,
  and what share were citizens, rescaled to this forecast's size.  A group
  not yet arrived at the plan's moment can only come later, so a draw that
  would have come already is drawn again (or counts as a no-show).  With
  fewer than ``MIN_GROUPS`` past groups of that kind, a plain default
  stands in (on time, over ten minutes).
* **Everyone else** (walk-ins, cars nobody forecast): the joins not linked
  to a forecast at the same weekday and quarter-hour over the last
  ``WEEKS`` weeks (fewer weeks: the same quarter-hour of the last days of
  any weekday), holidays only from holidays (else ordinary days times the
  reference factor), nothing on a day the port's calendar keeps it closed.

A plan draws ``SCENARIOS`` scenarios (seeded by the plan's moment: the
same moment gives the same plan); the expected arrivals are their mean
and the uncertainty their spread, plus the history's week-to-week spread
and Poisson noise.  Only joins at the regular booths count
(``inputs.PLANNED_KINDS``).
"""

from __future__ import annotations

import math
import random
import statistics
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from db.enums import Direction, LaneGroup
from desktop_app import port_calendar, reference
from desktop_app.planning.inputs import PLANNED_KINDS, ForecastFact, Known, Queue, queue_of

if TYPE_CHECKING:
    from desktop_app.planning.history import Digest

BIN = timedelta(minutes=15)
BIN_S = int(BIN.total_seconds())
WEEKS = 4
SCENARIOS = 16
MIN_GROUPS = 3
LOOK_BACK = timedelta(hours=3)  # a forecast this overdue may still come
SETTLED = timedelta(hours=6)  # a past group is complete once this far past its time
KLASSES = ("citizen", "other", "vehicle", "train")
GROUPS = tuple(Queue)


def group_for(klass: str, direction: Direction) -> Queue:
    """The queue a forecast group's subject of this category joins."""
    if klass == "train":
        return queue_of(LaneGroup.RAIL, direction)
    if klass == "vehicle":
        return queue_of(LaneGroup.VEHICLES, direction)
    group = (
        LaneGroup.TRAVELLERS_ENTRY if direction == Direction.ENTRY else LaneGroup.TRAVELLERS_EXIT
    )
    return queue_of(group, direction)


def floor_bin(at: datetime) -> datetime:
    stamp = int(at.timestamp())
    return at - timedelta(seconds=stamp % BIN_S, microseconds=at.microsecond)


@dataclass(frozen=True)
class PastGroup:
    """How one past forecast group really came: minutes late (None: never), and who."""

    offset_min: float | None
    joins: tuple[tuple[float, str], ...]  # (minutes after the first, klass) at regular booths
    size: int


@dataclass
class Contribution:
    """What one forecast adds to a lane group's queue, averaged over the scenarios."""

    forecast: ForecastFact
    count: float = 0.0
    minute_sum: float = 0.0  # count-weighted arrival minute (from the plan's start)
    first_sum: float = 0.0  # its first subject's minute, summed over the scenarios it came in
    shows: int = 0  # scenarios it came in
    earliest: int | None = None  # its first subject's minute in the scenario it came soonest
    latest: int | None = None  # and in the one it came last

    @property
    def mean_minute(self) -> float:
        return self.minute_sum / self.count if self.count else 0.0

    @property
    def first_minute(self) -> float:
        """When its first subject comes, over the scenarios it comes in."""
        return self.first_sum / self.shows if self.shows else 0.0


@dataclass
class Arrivals:
    """Expected arrivals from ``start`` per minute, per scenario, per (group, klass)."""

    at: datetime
    start: datetime  # the first bin's start (``at`` floored to 15 minutes)
    minutes: int
    first_minute: int  # minutes before this (already past at ``at``) hold nothing
    scenarios: list[dict[tuple[Queue, str], list[float]]]
    baseline: dict[tuple[Queue, str], list[float]]  # per minute, every scenario
    baseline_var: dict[tuple[Queue, str], list[float]]  # per bin
    contributions: dict[Queue, dict[uuid.UUID, Contribution]] = field(default_factory=dict)
    _walk_ins: dict[Queue, list[float]] = field(default_factory=dict, repr=False)

    @property
    def bins(self) -> int:
        return self.minutes // 15

    def bin_start(self, index: int) -> datetime:
        return self.start + index * BIN

    def group_minutes(self, group: Queue, scenario: int) -> list[float]:
        """Per-minute arrivals of a group in one scenario, forecast groups and walk-ins."""
        total = [0.0] * self.minutes
        for (g, _k), values in self.scenarios[scenario].items():
            if g == group:
                total = [a + b for a, b in zip(total, values, strict=True)]
        for (g, _k), values in self.baseline.items():
            if g == group:
                total = [a + b for a, b in zip(total, values, strict=True)]
        return total

    def walk_ins(self, group: Queue) -> list[float]:
        """Per-minute arrivals of a group that nobody forecast (they come at random)."""
        found = self._walk_ins.get(group)
        if found is None:
            found = [0.0] * self.minutes
            for (g, _k), values in self.baseline.items():
                if g == group:
                    found = [a + b for a, b in zip(found, values, strict=True)]
            self._walk_ins[group] = found
        return found

    def expected(self, group: Queue, klass: str | None = None) -> list[tuple[float, float]]:
        """(mean, standard deviation) of arrivals per bin."""
        keys = [(group, k) for k in KLASSES if klass is None or k == klass]
        out = []
        for b in range(self.bins):
            lo, hi = b * 15, b * 15 + 15
            per = [
                sum(sum(sc.get(key, ())[lo:hi]) for key in keys if key in sc)
                for sc in self.scenarios
            ]
            base = sum(sum(self.baseline[key][lo:hi]) for key in keys if key in self.baseline)
            var = sum(self.baseline_var[key][b] for key in keys if key in self.baseline_var)
            drawn = sum(per) / len(per) if per else 0.0
            spread = sum((x - drawn) ** 2 for x in per) / len(per) if per else 0.0
            mean = drawn + base
            out.append((mean, math.sqrt(spread + var + mean)))
        return out


def past_groups(known: Known) -> dict[str, list[PastGroup]]:
    """Every settled forecast group of the history, by kind."""
    linked: dict[uuid.UUID, list[tuple[datetime, str, bool]]] = {}
    for j in known.joins:
        if j.forecast_id is not None:
            linked.setdefault(j.forecast_id, []).append(
                (j.joined_at, j.klass, j.lane_kind in PLANNED_KINDS)
            )
    out: dict[str, list[PastGroup]] = {}
    for f in known.forecasts:
        if f.cancelled or f.expected_at < known.history_from:
            continue
        if f.expected_at > known.at - SETTLED:
            continue
        found = linked.get(f.id)
        if not found:
            out.setdefault(f.kind, []).append(PastGroup(None, (), f.size))
            continue
        first = min(t for t, _, _ in found)
        joins = tuple(
            sorted(((t - first).total_seconds() / 60, k) for t, k, planned in found if planned)
        )
        offset = (first - f.expected_at).total_seconds() / 60
        out.setdefault(f.kind, []).append(PastGroup(offset, joins, f.size))
    return out


def default_group(f: ForecastFact) -> PastGroup:
    """A group of a kind the history has too few of: on time, over ten minutes."""
    if f.mode.value == "rail":
        return PastGroup(0.0, ((0.0, "train"),), 1)
    if f.expected_vehicles > 1:
        n = f.expected_vehicles
        return PastGroup(0.0, tuple((10 * i / n, "vehicle") for i in range(n)), n)
    n = max(f.expected_travellers, 1)
    people = tuple((10 * i / n, "citizen" if i % 2 else "other") for i in range(n))
    return PastGroup(0.0, people, n)


def _is_holiday(day: date) -> bool:
    return day in reference.holidays().days


def walk_in_counts(known: Known) -> Counter[tuple[Queue, str, int]]:
    """Joins nobody forecast, per (queue, klass, quarter-hour since the epoch)."""
    counts: Counter[tuple[Queue, str, int]] = Counter()
    for j in known.joins:
        if j.forecast_id is None and j.lane_kind in PLANNED_KINDS:
            counts[(j.queue, j.klass, int(j.joined_at.timestamp()) // BIN_S)] += 1
    return counts


def _baseline(
    known: Known,
    counts: Counter[tuple[Queue, str, int]],
    history_from: datetime,
    start: datetime,
    minutes: int,
) -> tuple[dict[tuple[Queue, str], list[float]], dict[tuple[Queue, str], list[float]]]:
    keys = sorted({(g, k) for g, k, _ in counts})
    rate = {key: [0.0] * minutes for key in keys}
    var = {key: [0.0] * (minutes // 15) for key in keys}
    if not keys:
        return rate, var
    cal = known.calendar
    holidays = reference.holidays()
    first_bin = int(history_from.timestamp()) // BIN_S
    day_bins = 86400 // BIN_S
    for b in range(minutes // 15):
        when = start + b * BIN
        status = port_calendar.status_of(cal, when)
        if not status.day_open:
            continue  # a day the port is closed (suspended, out of season): nobody comes
        now_bin = int(when.timestamp()) // BIN_S
        holiday = _is_holiday(when.astimezone(known.zone).date())
        same_weekday = [now_bin - w * 7 * day_bins for w in range(1, WEEKS + 1)]
        any_day = [now_bin - d * day_bins for d in range(1, 8)]
        factor = 1.0
        for candidates in (same_weekday, any_day):
            usable = [c for c in candidates if c >= first_bin]
            alike = [c for c in usable if _is_holiday(_local_day(known, c)) == holiday]
            if len(alike) >= 2 or (alike and candidates is any_day):
                chosen = alike
                break
            if holiday and len(usable) >= 2:
                chosen, factor = usable, holidays.factor
                break
        else:
            continue
        for key in keys:
            samples = [counts.get((key[0], key[1], c), 0) * factor for c in chosen]
            mean = statistics.fmean(samples)
            if mean <= 0:
                continue
            var[key][b] = statistics.variance(samples) if len(samples) > 1 else mean
            for m in range(b * 15, b * 15 + 15):
                rate[key][m] = mean / 15
    return rate, var


def _local_day(known: Known, bin_index: int) -> date:
    return datetime.fromtimestamp(bin_index * BIN_S, known.zone).date()


def model(
    known: Known, *, hours: int = 12, scenarios: int = SCENARIOS, digest: Digest | None = None
) -> Arrivals:
    """Expected arrivals for the ``hours`` from ``known.at`` (its quarter-hour).

    ``digest``: the history's past groups and walk-ins (``history``); without
    one, ``known``'s own joins are gone through.
    """
    start = floor_bin(known.at)
    minutes = hours * 60
    first_minute = min(minutes, math.ceil((known.at - start).total_seconds() / 60))
    if digest is None:
        counts, history_from = walk_in_counts(known), known.history_from
        history = past_groups(known)
    else:
        counts, history_from = digest.walk_ins, digest.history_from
        history = digest.past_groups
    base, base_var = _baseline(known, counts, history_from, start, minutes)
    for values in base.values():
        for m in range(first_minute):
            values[m] = 0.0
    pending = [
        f
        for f in known.forecasts
        if not f.cancelled
        and start - LOOK_BACK
        <= (f.arrived_at or f.expected_at)
        < start + timedelta(minutes=minutes)
    ]
    rng = random.Random(int(known.at.timestamp()))
    runs: list[dict[tuple[Queue, str], list[float]]] = []
    contributions: dict[Queue, dict[uuid.UUID, Contribution]] = {}
    for _ in range(scenarios):
        run: dict[tuple[Queue, str], list[float]] = {}
        for f in pending:
            _play(f, history, known, start, minutes, first_minute, rng, run, contributions)
        runs.append(run)
    for per_group in contributions.values():
        for c in per_group.values():
            c.count /= scenarios
            c.minute_sum /= scenarios
    return Arrivals(
        at=known.at,
        start=start,
        minutes=minutes,
        first_minute=first_minute,
        scenarios=runs,
        baseline=base,
        baseline_var=base_var,
        contributions=contributions,
    )


def _play(
    f: ForecastFact,
    history: dict[str, list[PastGroup]],
    known: Known,
    start: datetime,
    minutes: int,
    first_minute: int,
    rng: random.Random,
    run: dict[tuple[Queue, str], list[float]],
    contributions: dict[Queue, dict[uuid.UUID, Contribution]],
) -> None:
    past = history.get(f.kind, [])
    if len(past) < MIN_GROUPS:
        past = [default_group(f)]
    base_min = (f.expected_at - start).total_seconds() / 60
    drawn = None
    for _ in range(8):
        pick = rng.choice(past)
        if pick.offset_min is None:
            if f.arrived_at is None:
                return  # a no-show (one that arrived already did show)
            continue
        if f.arrived_at is not None:  # it came: only its timing is known, not the trickle
            offset = (f.arrived_at - f.expected_at).total_seconds() / 60
            drawn = (pick, offset)
            break
        if base_min + pick.offset_min >= first_minute:  # not yet come: it can only come later
            drawn = (pick, pick.offset_min)
            break
    if drawn is None:
        return
    pick, offset = drawn
    scale = f.size / pick.size if pick.size else 1.0
    start_min = base_min + offset
    counts: dict[str, list[int]] = {}  # klass -> minutes its subjects arrive
    for rel, klass in pick.joins:
        minute = int(start_min + rel)
        if first_minute <= minute < minutes:
            counts.setdefault(klass, []).append(minute)
    firsts: dict[Queue, int] = {}
    for klass, found in counts.items():
        group = group_for(klass, f.direction)
        values = run.get((group, klass))
        if values is None:
            values = run[(group, klass)] = [0.0] * minutes
        for minute in found:
            values[minute] += scale
        c = contributions.setdefault(group, {}).get(f.id)
        if c is None:
            c = contributions[group][f.id] = Contribution(f)
        c.count += scale * len(found)
        c.minute_sum += scale * sum(found)
        firsts[group] = min(firsts.get(group, minutes), min(found))
    for group, first in firsts.items():
        c = contributions[group][f.id]
        c.first_sum += first
        c.shows += 1
        c.earliest = first if c.earliest is None else min(c.earliest, first)
        c.latest = first if c.latest is None else max(c.latest, first)
