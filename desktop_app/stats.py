"""Wait-time statistics, never one average over everyone.

Percentiles use linear interpolation between closest ranks (Hyndman & Fan
type 7: the default of NumPy, R and Excel's PERCENTILE.INC), computed by the
standard library's ``statistics.quantiles(method="inclusive")``.  Wait is
joined queue → service started; a subject still waiting at the end of the
period is counted as unserved, not given an invented wait.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from db import queries
from desktop_app.desk import Desk
from desktop_app.queue import TARGET


@dataclass(frozen=True)
class Summary:
    """Count, percentiles and maximum in seconds, the share within target, the breaches."""

    count: int
    p50: float | None
    p90: float | None
    p95: float | None
    max: float | None
    within_target: float | None  # share 0..1 of counted waits ≤ 30 minutes
    breaches: list[queries.Clearance] = field(default_factory=list)
    unserved: int = 0


def percentiles(values: Sequence[float], points: Sequence[int]) -> list[float]:
    ordered = sorted(values)
    if len(ordered) == 1:
        return [ordered[0]] * len(points)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return [cuts[p - 1] for p in points]


def summarize(values: Sequence[float], target_s: float = TARGET.total_seconds()) -> Summary:
    if not values:
        return Summary(0, None, None, None, None, None)
    p50, p90, p95 = percentiles(values, (50, 90, 95))
    within = sum(1 for v in values if v <= target_s) / len(values)
    return Summary(len(values), p50, p90, p95, max(values), within)


def wait_summary(rows: Sequence[queries.Clearance]) -> Summary:
    served = [r for r in rows if r.started_at is not None]
    base = summarize([r.wait(r.started_at) for r in served if r.started_at])  # type: ignore[arg-type]
    breaches = [r for r in served if r.started_at and r.wait(r.started_at) > TARGET.total_seconds()]
    return Summary(
        base.count,
        base.p50,
        base.p90,
        base.p95,
        base.max,
        base.within_target,
        breaches=breaches,
        unserved=len(rows) - len(served),
    )


GROUPINGS: dict[str, Callable[[queries.Clearance], str]] = {
    "traveller_category": lambda r: (
        r.traveller_category.value if r.traveller_category else r.subject_kind.value
    ),
    "lane_kind": lambda r: r.lane_kind.value,
    "direction": lambda r: r.direction.value,
    "subject_kind": lambda r: r.subject_kind.value,
}


def period_clearances(desk: Desk, start: datetime, end: datetime) -> list[queries.Clearance]:
    with desk.read() as s:
        return queries.clearances(s, desk.port_id, start, end)


def wait_stats(
    desk: Desk, start: datetime, end: datetime, *, group_by: str = "traveller_category"
) -> dict[str, Summary]:
    """Wait summaries for clearances that joined in [start, end), per group, plus ``all``."""
    key = GROUPINGS[group_by]
    rows = period_clearances(desk, start, end)
    groups: dict[str, list[queries.Clearance]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    result = {name: wait_summary(members) for name, members in sorted(groups.items())}
    result["all"] = wait_summary(rows)
    return result
