"""Advice: the fewest lanes that keep a group's predicted P90 under its limit, with lead time.

Per lane group, starting from the lanes open now (a group with none gets one
when its first subject comes, as the desk does), the first quarter-hour
whose predicted P90 passes the limit calls for one more lane, opened a
quarter-hour before its queue starts to build; the plan is predicted again
and the next breach looked at, until none is left or every lane is open
("short": nothing left to open).  A lane opened for a wave is advised closed
again once the plan without it stays within the limit.

The limit keeps a margin under every target: travellers and vehicles 15
minutes (the amber line of the early-warning practice, half the citizens'
30), trains their own target less a train's measured service.  Advice is
shown, never applied by itself; taking or dismissing it is the officer's
(``planning.decisions``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from db.enums import LaneGroup
from desktop_app.planning.arrivals import Arrivals, Contribution
from desktop_app.planning.inputs import Queue
from desktop_app.planning.queueing import BinWait, Lanes, predict

AMBER_S = 15 * 60.0
MIN_LIMIT_S = 5 * 60.0
# A quarter-hour whose queue starts to build: its P90 passes this share of the limit.
BUILDS = 1 / 3
CLOSE_AFTER_BINS = 2  # try closing a wave's lane half an hour after its wave


@dataclass(frozen=True)
class Cause:
    """Forecast groups of one kind behind a wave: how many, how many subjects, the first."""

    kind: str  # ForecastFact.kind: "road:group" (buses), "road:convoy", "rail:group", "air:group"
    groups: int
    subjects: int
    first_at: datetime


@dataclass(frozen=True)
class Advice:
    key: str  # stable across recomputations of the same plan (what an officer takes or dismisses)
    action: str  # "open", or "short": every lane of the group is open already
    group: Queue
    lane_code: str | None
    lane_id: uuid.UUID | None
    open_by: datetime
    wave_at: datetime  # when the queue would start to build
    lead_s: float  # open_by - the plan's moment
    p90_before_s: float
    p90_after_s: float
    until: datetime | None = None  # may close again then
    causes: tuple[Cause, ...] = field(default_factory=tuple)


def limit_for(group: Queue, train_target_s: float | None, train_service_s: float) -> float:
    if group.group == LaneGroup.RAIL and train_target_s is not None:
        return max(MIN_LIMIT_S, min(AMBER_S, train_target_s - train_service_s))
    return AMBER_S


def causes(
    contributions: Mapping[uuid.UUID, Contribution],
    start: datetime,
    lo_minute: int,
    hi_minute: int,
) -> tuple[Cause, ...]:
    kinds: dict[str, list[Contribution]] = {}
    for c in contributions.values():
        if lo_minute <= c.mean_minute < hi_minute and c.count >= 0.5:
            kinds.setdefault(c.forecast.kind, []).append(c)
    out = []
    for kind, found in kinds.items():
        first = min(c.forecast.arrived_at or c.forecast.expected_at for c in found)
        out.append(Cause(kind, len(found), round(sum(c.count for c in found)), first))
    return tuple(sorted(out, key=lambda c: -c.subjects))


def _run(preds: list[BinWait], b: int, limit: float) -> tuple[int, int]:
    """The quarter-hours of the wave around breach ``b``: where it builds, where it ends."""
    s = b
    while s > 0 and preds[s - 1].p90_s > limit * BUILDS:
        s -= 1
    e = b
    while e + 1 < len(preds) and preds[e + 1].p90_s > limit:
        e += 1
    return s, e


def advise(
    *,
    group: Queue,
    arrivals: Arrivals,
    scenarios: list[list[float]],
    lanes: Lanes,
    backlog: float,
    candidates: list[tuple[uuid.UUID, str]],  # closed lanes that could open: (id, code), in order
    limit_s: float,
    random_rate: list[float] | None = None,
) -> tuple[list[Advice], list[BinWait], list[BinWait], list[int]]:
    """Advice for one group; the predictions before and after it, and the lanes per minute."""
    first = arrivals.first_minute
    start = arrivals.start
    servers = list(lanes.servers)

    def run(servers: list[int]) -> list[BinWait]:
        plan = Lanes(servers, lanes.per_lane, lanes.scv, lanes.closed)
        return predict(
            scenarios, plan, backlog=backlog, first_minute=first, random_rate=random_rate
        )

    current = run(servers)
    preds = current
    out: list[Advice] = []
    left = list(candidates)
    contributions = arrivals.contributions.get(group, {})
    while True:
        over = [b for b, w in enumerate(preds) if w.p90_s > limit_s and w.arrivals >= 0.5]
        if not over:
            break
        b = over[0]
        s, e = _run(preds, b, limit_s)
        why = causes(contributions, start, (s - 2) * 15, (e + 1) * 15)
        before = max(w.p90_s for w in preds[s : e + 1])
        if not left:
            out.append(
                Advice(
                    key=f"{group.value}:short:{(start + timedelta(minutes=s * 15)).isoformat()}",
                    action="short",
                    group=group,
                    lane_code=None,
                    lane_id=None,
                    open_by=start + timedelta(minutes=max(first, s * 15)),
                    wave_at=start + timedelta(minutes=s * 15),
                    lead_s=max(
                        0.0, (start + timedelta(minutes=s * 15) - arrivals.at).total_seconds()
                    ),
                    p90_before_s=before,
                    p90_after_s=before,
                    causes=why,
                )
            )
            break
        lane_id, code = left.pop(0)
        open_minute = max(first, (s - 1) * 15)
        trial = list(servers)
        for m in range(open_minute, len(trial)):
            trial[m] += 1
        after_preds = run(trial)
        until = None
        close_minute = (e + 1 + CLOSE_AFTER_BINS) * 15
        if close_minute < len(trial):
            shorter = list(trial)
            for m in range(close_minute, len(shorter)):
                shorter[m] -= 1
            check = run(shorter)
            if all(w.p90_s <= limit_s for w in check[e + 1 + CLOSE_AFTER_BINS :]):
                trial, after_preds = shorter, check
                until = start + timedelta(minutes=close_minute)
        open_by = start + timedelta(minutes=open_minute)
        out.append(
            Advice(
                key=f"{group.value}:open:{code}:{open_by.isoformat()}",
                action="open",
                group=group,
                lane_code=code,
                lane_id=lane_id,
                open_by=open_by,
                wave_at=start + timedelta(minutes=s * 15),
                lead_s=max(0.0, (open_by - arrivals.at).total_seconds()),
                p90_before_s=before,
                p90_after_s=max(w.p90_s for w in after_preds[s : e + 1]),
                until=until,
                causes=why,
            )
        )
        servers, preds = trial, after_preds
    return out, current, preds, servers
