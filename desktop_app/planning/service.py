"""Service times measured from the post's own history, per lane group and lane kind.

A service time is started → finished of a clearance served at a lane of that
kind.  Below ``MIN_SAMPLES`` measured services the lane's recorded capacity
(``capacity_per_hour``) stands in, and failing that the rule of thumb of
``DEFAULT_S`` (a staffed booth clears about 100 travellers an hour).
"""

from __future__ import annotations

from dataclasses import dataclass

from db.enums import LaneGroup, LaneKind
from desktop_app.planning.inputs import Known, PlanLane, Queue

MIN_SAMPLES = 30
DEFAULT_S = {
    LaneGroup.TRAVELLERS_ENTRY: 36.0,
    LaneGroup.TRAVELLERS_EXIT: 36.0,
    LaneGroup.VEHICLES: 150.0,
    LaneGroup.RAIL: 20 * 60.0,
}
# The spread of service times where nothing is measured: an exponential's.
DEFAULT_SCV = 1.0


@dataclass(frozen=True)
class ServiceTime:
    mean_s: float
    scv: float  # squared coefficient of variation (1 for exponential)
    samples: int


def measured(known: Known) -> dict[tuple[Queue, LaneKind], ServiceTime]:
    """Mean and spread of service per (group, lane kind), from what was known then."""
    found: dict[tuple[Queue, LaneKind], list[float]] = {}
    for j in known.joins:
        if j.started_at is None or j.finished_at is None:
            continue
        found.setdefault((j.queue, j.lane_kind), []).append(
            (j.finished_at - j.started_at).total_seconds()
        )
    out = {}
    for key, values in found.items():
        if len(values) < MIN_SAMPLES:
            continue
        # (by hand: statistics.pvariance works in exact fractions, 100x slower here)
        mean = sum(values) / len(values)
        variance = sum((v - mean) ** 2 for v in values) / len(values)
        scv = variance / (mean * mean) if mean > 0 else DEFAULT_SCV
        out[key] = ServiceTime(mean, scv, len(values))
    return out


def service_for(
    times: dict[tuple[Queue, LaneKind], ServiceTime], group: Queue, lane: PlanLane
) -> ServiceTime:
    found = times.get((group, lane.kind))
    if found is not None:
        return found
    if lane.capacity_per_hour:
        return ServiceTime(3600.0 / lane.capacity_per_hour, DEFAULT_SCV, 0)
    return ServiceTime(DEFAULT_S[group.group], DEFAULT_SCV, 0)
