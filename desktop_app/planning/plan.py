"""A plan for the next hours: expected arrivals, predicted waits, advice, officers needed."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app import port_calendar, stats
from desktop_app.planning import arrivals as arrival_model
from desktop_app.planning import response, service
from desktop_app.planning.advice import Advice, advise, limit_for
from desktop_app.planning.arrivals import BIN, GROUPS, Arrivals
from desktop_app.planning.history import Digest, History, digest_of
from desktop_app.planning.inputs import PLANNED_KINDS, Join, Known, PlanLane, Queue
from desktop_app.planning.queueing import BinWait, Lanes, Reaction, predict
from desktop_app.port_reader import PortReader

HOURS = 12


RECENT_BINS = 12  # the three hours before the plan: actual waits beside the lanes open


@dataclass(frozen=True)
class RecentBin:
    """A past quarter-hour: the actual P90 wait of those who joined then, lanes open."""

    start: datetime
    joins: int
    p90_s: float | None
    lanes: int


@dataclass(frozen=True)
class GroupPlan:
    group: Queue
    limit_s: float
    lanes_open: tuple[str, ...]  # planned lanes open at the plan's moment
    lanes_total: int
    waiting: int  # subjects waiting at the plan's moment
    arrivals: list[tuple[float, float]]  # per bin: mean, standard deviation
    citizens: list[tuple[float, float]]
    current: list[BinWait]  # with the lanes open now
    advised: list[BinWait]  # had the advice been taken
    lanes_current: list[int]  # per bin
    lanes_advised: list[int]
    recent: list[RecentBin] = field(default_factory=list)  # the hours before, as they were
    # With the lanes the post will likely open (``response``): what to expect, where
    # ``current`` is what happens if nothing changes.
    likely: list[BinWait] = field(default_factory=list)
    lanes_likely: list[int] = field(default_factory=list)  # per bin, before any reaction


@dataclass(frozen=True)
class Plan:
    at: datetime
    start: datetime
    bins: int
    groups: dict[Queue, GroupPlan]
    advice: list[Advice]
    officers_needed: list[int]  # per bin: the advised lanes of every group
    elapsed_ms: float

    def bin_start(self, index: int) -> datetime:
        return self.start + index * BIN

    def longest_next_hour(self) -> tuple[Queue | None, float]:
        """The group with the longest predicted P90 in the next hour (lanes as they are)."""
        best: tuple[Queue | None, float] = (None, 0.0)
        for group, g in self.groups.items():
            for w in g.current[:4]:
                if w.arrivals > 0 and w.p90_s > best[1]:
                    best = (group, w.p90_s)
        return best


def plan_for(
    known: Known,
    *,
    hours: int = HOURS,
    advise_lanes: bool = True,
    lanes_given: dict[Queue, list[int]] | None = None,
    digest: Digest | None = None,
) -> Plan:
    """The plan from what was known; ``lanes_given``: lanes open per minute for a queue
    instead of the lanes open now (the backtest's what-if with the post's own decisions);
    ``digest``: the weeks before (``history``), else worked out from ``known``'s joins.
    """
    began = time.perf_counter()
    digest = digest or digest_of(known)
    arrivals = arrival_model.model(known, hours=hours, digest=digest)
    times = digest.service
    minutes = arrivals.minutes
    closed = _closed_minutes(known, arrivals)
    groups: dict[Queue, GroupPlan] = {}
    advice: list[Advice] = []
    officers = [0] * arrivals.bins
    train_target = known.targets.get("train")
    since = arrivals.start - RECENT_BINS * BIN
    queued: dict[Queue, int] = {}
    for j in known.joins:
        if j.started_at is None and j.lane_kind in PLANNED_KINDS:
            queued[j.queue] = queued.get(j.queue, 0) + 1
    tail = []
    for j in reversed(known.joins):  # oldest first: the recent ones are at the end
        if j.joined_at < since:
            break
        tail.append(j)
    for group in GROUPS:
        planned = [
            lane for lane in known.lanes if group in lane.queues and lane.kind in PLANNED_KINDS
        ]
        if not planned:
            continue
        scenarios = [arrivals.group_minutes(group, k) for k in range(len(arrivals.scenarios))]
        if not any(any(s) for s in scenarios):
            continue
        open_now = [lane for lane in planned if known.open_at(lane.id, known.at)]
        # A group with no lane open gets one when its first subject comes (the desk's practice).
        base = max(len(open_now), 1)
        st = service.service_for(times, group, planned[0])
        servers = [base] * minutes
        if lanes_given is not None and group in lanes_given:
            servers = [max(n, 1) for n in lanes_given[group]]
        lanes = Lanes(servers, 1.0 / (st.mean_s / 60), st.scv, closed)
        waiting = queued.get(group, 0)
        target_s = None
        if train_target is not None:
            extra = st.mean_s if train_target.measure == "total" else 0.0
            target_s = train_target.minutes * 60.0 - extra
        limit = limit_for(group, target_s, 0.0)
        closed_lanes = [(lane.id, lane.code) for lane in planned if lane not in open_now]
        if base > len(open_now):
            closed_lanes = closed_lanes[1:]  # the one the first subject gets
        if advise_lanes and lanes_given is None:
            found, current, advised, servers = advise(
                group=group,
                arrivals=arrivals,
                scenarios=scenarios,
                lanes=lanes,
                backlog=float(waiting),
                candidates=closed_lanes,
                limit_s=limit,
                random_rate=arrivals.walk_ins(group),
            )
        else:
            found, servers = [], lanes.servers
            current = advised = predict(
                scenarios,
                lanes,
                backlog=float(waiting),
                first_minute=arrivals.first_minute,
                random_rate=arrivals.walk_ins(group),
            )
        advice.extend(found)
        per_bin = [servers[b * 15] for b in range(arrivals.bins)]
        for b, n in enumerate(per_bin):
            officers[b] += n
        likely_servers = lanes.servers
        if lanes_given is None or group not in lanes_given:
            likely_servers = _likely_servers(
                lanes.servers, group, arrivals, st, len(planned), digest.readiness.get(group)
            )
        if lanes_given is not None and group in lanes_given:
            likely = current  # the lanes as they were: nothing left to guess
        elif likely_servers == lanes.servers and _never_past(current, response.CLEAR):
            likely = current  # the same lanes, and no queue the floor would answer
        else:
            likely = predict(
                scenarios,
                Lanes(likely_servers, lanes.per_lane, lanes.scv, lanes.closed),
                backlog=float(waiting),
                first_minute=arrivals.first_minute,
                random_rate=arrivals.walk_ins(group),
                react=Reaction(
                    after_min=response.CLEAR.total_seconds() / 60,
                    delay_min=int(response.REACT.total_seconds() // 60),
                    most=len(planned),
                    idle_min=int(response.IDLE.total_seconds() // 60),
                ),
            )
        groups[group] = GroupPlan(
            group=group,
            limit_s=limit,
            lanes_open=tuple(lane.code for lane in open_now),
            lanes_total=len(planned),
            waiting=waiting,
            arrivals=arrivals.expected(group),
            citizens=arrivals.expected(group, "citizen"),
            current=current,
            advised=advised,
            lanes_current=[base] * arrivals.bins,
            lanes_advised=per_bin,
            recent=_recent(known, tail, group, planned, arrivals.start),
            likely=likely,
            lanes_likely=[likely_servers[b * 15] for b in range(arrivals.bins)],
        )
    advice.sort(key=lambda a: (a.open_by, a.group.value))
    return Plan(
        at=known.at,
        start=arrivals.start,
        bins=arrivals.bins,
        groups=groups,
        advice=advice,
        officers_needed=officers,
        elapsed_ms=(time.perf_counter() - began) * 1000,
    )


def _never_past(waits: list[BinWait], limit: timedelta) -> bool:
    """No subject in any scenario waits behind a backlog longer than ``limit``."""
    bound = limit.total_seconds() / 60 - 0.1  # the terms' waits are rounded to 0.1 min
    return all(fluid <= bound for w in waits for fluid, _, _ in w.terms)


def _likely_servers(
    servers: list[int],
    group: Queue,
    arrivals: Arrivals,
    st: service.ServiceTime,
    lanes: int,
    readiness: response.Readiness | None,
) -> list[int]:
    """Lanes per minute had the post readied lanes for each pending wave, as it usually does."""
    out = list(servers)
    if readiness is None or not readiness.usual:
        return out
    hold = int(response.HOLD.total_seconds() // 60)
    runs = len(arrivals.scenarios)
    for c in arrivals.contributions.get(group, {}).values():
        if c.forecast.arrived_at is not None or not c.shows:
            continue  # one that came already: what the post did for it is in the lanes now
        needed = response.lanes_for(c.count * runs / c.shows, st, lanes)
        # Ready from its first subject in whichever scenario it comes soonest (the post
        # opens them as it comes) until ``HOLD`` after the latest.
        if c.earliest is None or c.latest is None:
            continue
        first, last = c.earliest, c.latest + hold
        for m in range(max(arrivals.first_minute, first - 1), min(len(out), last)):
            out[m] = max(out[m], needed)
    return out


def _recent(
    known: Known, tail: list[Join], queue: Queue, planned: list[PlanLane], start: datetime
) -> list[RecentBin]:
    out = []
    for b in range(RECENT_BINS, 0, -1):
        lo = start - b * BIN
        hi = lo + BIN
        waits = [
            ((j.started_at or known.at) - j.joined_at).total_seconds()
            for j in tail
            if j.queue == queue and j.lane_kind in PLANNED_KINDS and lo <= j.joined_at < hi
        ]
        lanes = sum(1 for lane in planned if known.open_at(lane.id, lo))
        p90 = stats.percentiles(waits, [90])[0] if waits else None
        out.append(RecentBin(lo, len(waits), p90, lanes))
    return out


def _closed_minutes(known: Known, arrivals: Arrivals) -> list[bool]:
    out = []
    for b in range(arrivals.bins):
        status = port_calendar.status_of(known.calendar, arrivals.bin_start(b))
        out.extend([not status.is_open] * 15)
    return out


def make_plan(
    desk: PortReader,
    *,
    hours: int = HOURS,
    at: datetime | None = None,
    history: History | None = None,
) -> Plan:
    """The plan for a desk at its clock's time; ``history``: the desk's cache between plans."""
    known, digest = (history or History(desk)).inputs(at or desk.now())
    return plan_for(known, hours=hours, digest=digest)


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def advice_json(a: Advice, zone: ZoneInfo) -> dict[str, Any]:
    from desktop_app.planning.wording import advice_text

    return {
        "key": a.key,
        "action": a.action,
        "queue": a.group.value,
        "lane": a.lane_code,
        "open_by": _utc(a.open_by),
        "until": _utc(a.until) if a.until else None,
        "wave_at": _utc(a.wave_at),
        "lead_min": round(a.lead_s / 60, 1),
        "p90_before_min": round(a.p90_before_s / 60, 1),
        "p90_after_min": round(a.p90_after_s / 60, 1),
        "causes": [
            {"kind": c.kind, "groups": c.groups, "subjects": c.subjects, "first": _utc(c.first_at)}
            for c in a.causes
        ],
        "text_en": advice_text(a, zone, "en"),
        "text_zh": advice_text(a, zone, "zh"),
    }


def plan_json(plan: Plan, zone: ZoneInfo) -> dict[str, Any]:
    """The plan as the CLI's ``--json`` prints it (times UTC, waits in minutes)."""
    return {
        "at": _utc(plan.at),
        "start": _utc(plan.start),
        "bin_minutes": 15,
        "elapsed_ms": round(plan.elapsed_ms, 1),
        "officers_needed": plan.officers_needed,
        "queues": {
            queue.value: {
                "limit_min": g.limit_s / 60,
                "lanes_open": list(g.lanes_open),
                "waiting": g.waiting,
                "bins": [
                    {
                        "start": _utc(plan.bin_start(b)),
                        "arrivals": round(g.arrivals[b][0], 2),
                        "arrivals_sd": round(g.arrivals[b][1], 2),
                        "citizens": round(g.citizens[b][0], 2),
                        "lanes": g.lanes_current[b],
                        "p50_min": round(g.current[b].p50_s / 60, 1),
                        "p90_min": round(g.current[b].p90_s / 60, 1),
                        "lanes_advised": g.lanes_advised[b],
                        "p90_advised_min": round(g.advised[b].p90_s / 60, 1),
                        "lanes_likely": g.lanes_likely[b],
                        "p90_likely_min": round(g.likely[b].p90_s / 60, 1),
                    }
                    for b in range(plan.bins)
                ],
            }
            for queue, g in plan.groups.items()
        },
        "advice": [advice_json(a, zone) for a in plan.advice],
    }
