"""Replaying past days as if live: predicted against actual waits, advice against alerts.

Every plan is made from ``Record.known_at`` of its moment (forecasts by the
time they were announced, history before that moment) every ``STEP``;
nothing in the model is fitted to the days scored (its few constants were
set on other seeds and days: see README "Planning").

Figures:

* per hour and queue with traffic (at least ``MIN_JOINS`` subjects joined
  at its regular booths, the port open at the hour's start; those who queued
  before their lane opened are left out, as from every target figure): the
  P90 wait predicted at the hour's start with the lanes the post will likely
  open (``response``), against the actual P90 of those who joined in the
  hour; beside it the prediction that holds the lanes open then (the
  model before ``response``, and what the advice works from);
  the mean absolute error and the share within ±5 minutes (also over the
  hours whose actual P90 reached 5 minutes: the hours with a real queue);
* alert episodes (``alerts.episodes``) preceded by advice for their lane
  group at least 15 minutes earlier, for a wave starting near the
  episode's start;
* lane openings the post made that an advice had called for earlier: how
  much sooner, and the predicted P90 of those waves without and with it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from db.enums import LaneGroup, WaitLevel
from desktop_app import alerts, port_calendar, stats
from desktop_app.desk import Desk
from desktop_app.forecasts import local_day_bounds
from desktop_app.lane_groups import group_of
from desktop_app.planning.advice import Advice
from desktop_app.planning.history import Digests
from desktop_app.planning.inputs import HISTORY, PLANNED_KINDS, Queue, Record, queue_of
from desktop_app.planning.plan import Plan, plan_for
from desktop_app.planning.queueing import merged

STEP = timedelta(minutes=30)
HORIZON_H = 3
MIN_JOINS = 5
WITHIN_S = 5 * 60.0
AHEAD = timedelta(minutes=15)
# Advice counts for an episode when its wave starts this close to the episode's start.
NEAR = timedelta(minutes=45)


@dataclass(frozen=True)
class HourScore:
    start: datetime
    queue: Queue
    joins: int
    predicted_p90_s: float
    actual_p90_s: float
    # With the lanes the post really had open in the hour: checks the arrival and queue
    # models alone (the post's lane decisions of that hour are after the moment).
    as_opened_p90_s: float = 0.0
    # With the lanes open at the hour's start held all hour (the model before ``response``).
    held_p90_s: float = 0.0

    @property
    def error_s(self) -> float:
        return self.predicted_p90_s - self.actual_p90_s

    @property
    def held_error_s(self) -> float:
        return self.held_p90_s - self.actual_p90_s

    @property
    def as_opened_error_s(self) -> float:
        return self.as_opened_p90_s - self.actual_p90_s


@dataclass(frozen=True)
class EpisodeScore:
    group: LaneGroup
    started: datetime
    advised_at: datetime | None  # the earliest plan moment that advised it ≥ 15 min ahead
    red: bool


@dataclass(frozen=True)
class OpeningScore:
    lane_code: str
    opened: datetime
    advised_by: datetime  # the advice's open-by time
    advised_at: datetime  # the plan moment that gave it
    p90_before_s: float
    p90_after_s: float

    @property
    def sooner_s(self) -> float:
        return (self.opened - max(self.advised_by, self.advised_at)).total_seconds()


@dataclass
class Backtest:
    port_code: str
    first: date
    last: date
    hours: list[HourScore] = field(default_factory=list)
    episodes: list[EpisodeScore] = field(default_factory=list)
    openings: list[OpeningScore] = field(default_factory=list)
    plans: int = 0
    plan_ms: list[float] = field(default_factory=list)
    advice_given: int = 0  # distinct advice lines over the period (by key)

    @property
    def mae_s(self) -> float | None:
        return statistics.fmean(abs(h.error_s) for h in self.hours) if self.hours else None

    @property
    def held_mae_s(self) -> float | None:
        return statistics.fmean(abs(h.held_error_s) for h in self.hours) if self.hours else None

    def within(
        self, *, queued_only: bool = False, as_opened: bool = False, held: bool = False
    ) -> float | None:
        rows = [h for h in self.hours if not queued_only or h.actual_p90_s >= WITHIN_S]
        if not rows:
            return None
        errors = [
            h.as_opened_error_s if as_opened else h.held_error_s if held else h.error_s
            for h in rows
        ]
        return sum(1 for e in errors if abs(e) <= WITHIN_S) / len(rows)

    @property
    def as_opened_mae_s(self) -> float | None:
        if not self.hours:
            return None
        return statistics.fmean(abs(h.as_opened_error_s) for h in self.hours)

    @property
    def advised_share(self) -> float | None:
        if not self.episodes:
            return None
        return sum(1 for e in self.episodes if e.advised_at is not None) / len(self.episodes)

    @property
    def mean_before_s(self) -> float | None:
        return statistics.fmean(o.p90_before_s for o in self.openings) if self.openings else None

    @property
    def mean_after_s(self) -> float | None:
        return statistics.fmean(o.p90_after_s for o in self.openings) if self.openings else None

    @property
    def median_sooner_s(self) -> float | None:
        found = [o.sooner_s for o in self.openings if o.sooner_s > 0]
        return statistics.median(found) if found else None


def run(desk: Desk, first: date, last: date) -> Backtest:
    start, _ = local_day_bounds(desk, first)
    _, end = local_day_bounds(desk, last)
    record = Record.load(desk, start - HISTORY, end + timedelta(hours=HORIZON_H + 2))
    # As a desk plans: its moment's recent hours, and the weeks before as of the hour.
    history = Digests(record)
    result = Backtest(desk.port_code, first, last)
    given: list[tuple[datetime, Advice]] = []
    moment = start
    while moment < end:
        known, digest = history.known(moment), history.at(moment)
        plan = plan_for(known, hours=HORIZON_H, digest=digest)
        result.plans += 1
        result.plan_ms.append(plan.elapsed_ms)
        given.extend((moment, a) for a in plan.advice)
        if moment.minute == 0 and (moment - start).total_seconds() % 3600 == 0:
            as_opened = plan_for(
                known,
                hours=1,
                advise_lanes=False,
                lanes_given=_as_opened(record, moment),
                digest=digest,
            )
            _score_hour(record, plan, as_opened, moment, result)
        moment += STEP
    result.advice_given = len({a.key for _, a in given})
    _score_episodes(desk, start, end, given, result)
    _score_openings(record, start, end, given, result)
    return result


def _as_opened(record: Record, moment: datetime) -> dict[Queue, list[int]]:
    """Planned lanes open per minute of the hour from ``moment``, per queue, as they were."""
    state: dict[object, bool] = {}
    changes: list[tuple[int, object, bool]] = []
    for lane_id, when, opened in record.lane_changes:
        if when <= moment:
            state[lane_id] = opened
        elif when < moment + timedelta(hours=1):
            changes.append((int((when - moment).total_seconds() // 60), lane_id, opened))
    out: dict[Queue, list[int]] = {}
    planned = [lane for lane in record.lanes if lane.kind in PLANNED_KINDS]
    minute_state = dict(state)
    per_minute: list[dict[object, bool]] = []
    pending = sorted(changes, key=lambda c: c[0])
    i = 0
    for m in range(60):
        while i < len(pending) and pending[i][0] <= m:
            minute_state[pending[i][1]] = pending[i][2]
            i += 1
        per_minute.append(dict(minute_state))
    for queue in Queue:
        lanes = [lane.id for lane in planned if queue in lane.queues]
        out[queue] = [sum(1 for lane in lanes if s.get(lane)) for s in per_minute]
    return out


def _score_hour(
    record: Record, plan: Plan, as_opened: Plan, moment: datetime, result: Backtest
) -> None:
    if not port_calendar.status_of(record.calendar, moment).is_open:
        return  # a queue at the closed gate is reported apart from every target figure
    actual: dict[Queue, list[float]] = {}
    for row in record.actual(moment, moment + timedelta(hours=1)):
        if row.lane_kind not in PLANNED_KINDS or row.before_open:
            continue
        queue = queue_of(group_of(row.subject_kind, row.direction, row.lane_code), row.direction)
        actual.setdefault(queue, []).append(row.wait(record.end))
    for queue, waits in actual.items():
        if len(waits) < MIN_JOINS:
            continue
        g = plan.groups.get(queue)
        predicted = merged(g.likely[:4], 0.9) if g is not None else 0.0
        held = merged(g.current[:4], 0.9) if g is not None else 0.0
        seen = as_opened.groups.get(queue)
        with_lanes = merged(seen.current[:4], 0.9) if seen is not None else 0.0
        result.hours.append(
            HourScore(
                start=moment,
                queue=queue,
                joins=len(waits),
                predicted_p90_s=predicted,
                actual_p90_s=stats.percentiles(waits, [90])[0],
                as_opened_p90_s=with_lanes,
                held_p90_s=held,
            )
        )


def _score_episodes(
    desk: Desk,
    start: datetime,
    end: datetime,
    given: list[tuple[datetime, Advice]],
    result: Backtest,
) -> None:
    for e in alerts.episodes(desk, start, end):
        advised = [
            at
            for at, a in given
            if a.group.group == e.lane_group
            and at <= e.started_at - AHEAD
            and abs(a.wave_at - e.started_at) <= NEAR
        ]
        result.episodes.append(
            EpisodeScore(
                e.lane_group,
                e.started_at,
                min(advised) if advised else None,
                e.top_level == WaitLevel.RED,
            )
        )


def _score_openings(
    record: Record,
    start: datetime,
    end: datetime,
    given: list[tuple[datetime, Advice]],
    result: Backtest,
) -> None:
    lanes = {lane.id: lane for lane in record.lanes}
    for lane_id, when, opened in record.lane_changes:
        lane = lanes.get(lane_id)
        if not opened or lane is None or lane.kind not in PLANNED_KINDS or not start <= when < end:
            continue
        earlier = [
            (at, a)
            for at, a in given
            if a.action == "open"
            and a.group in lane.queues
            and at <= when
            and a.open_by <= when
            and when - a.wave_at <= timedelta(hours=1)
        ]
        if not earlier:
            continue
        at, a = min(earlier, key=lambda pair: max(pair[0], pair[1].open_by))
        result.openings.append(
            OpeningScore(lane.code, when, a.open_by, at, a.p90_before_s, a.p90_after_s)
        )


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def _min(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.1f}"


def summary_lines(result: Backtest, zone: ZoneInfo) -> list[str]:
    lines = [
        f"backtest {result.port_code} {result.first} - {result.last}: {result.plans} plans made "
        f"as if live every {int(STEP.total_seconds() // 60)} min from what was known then "
        f"(median {_median(result.plan_ms):.0f} ms each)",
        "hour              queue              joins  predicted P90  actual P90  (min)",
    ]
    for h in result.hours:
        mark = "" if abs(h.error_s) <= WITHIN_S else "  *"
        lines.append(
            f"{h.start.astimezone(zone):%Y-%m-%d %H:%M}  {h.queue.value:<18} {h.joins:>5}"
            f"  {h.predicted_p90_s / 60:>13.1f}  {h.actual_p90_s / 60:>10.1f}{mark}"
        )
    lines += [
        f"hours with traffic (>= {MIN_JOINS} joined): {len(result.hours)}; mean absolute error "
        f"{_min(result.mae_s)} min; within ±5 min {_pct(result.within())} (target 80%); "
        f"of hours whose actual P90 reached 5 min: {_pct(result.within(queued_only=True))}",
        f"  holding the lanes open at each hour's start (the model before the post's likely "
        f"lanes): mean absolute error {_min(result.held_mae_s)} min; within ±5 min "
        f"{_pct(result.within(held=True))}",
        f"  the same with the lanes the post really opened in each hour (checks the arrival and "
        f"queue models; uses the hour's lane decisions): mean absolute error "
        f"{_min(result.as_opened_mae_s)} min; within ±5 min {_pct(result.within(as_opened=True))}",
        f"alert episodes: {len(result.episodes)}; preceded by advice >= 15 min earlier: "
        f"{_pct(result.advised_share)} (target 80%); advice lines given: {result.advice_given}",
        f"lane openings an advice had called for: {len(result.openings)}; median "
        f"{_min(result.median_sooner_s)} min sooner had it been taken; predicted P90 of those "
        f"waves {_min(result.mean_before_s)} min with the lanes as they were -> "
        f"{_min(result.mean_after_s)} min with the advice (simulated)",
    ]
    return lines


def summary_json(result: Backtest, zone: ZoneInfo) -> dict[str, Any]:
    def utc(at: datetime) -> str:
        return at.astimezone(UTC).isoformat().replace("+00:00", "Z")

    return {
        "port": result.port_code,
        "from": str(result.first),
        "to": str(result.last),
        "plans": result.plans,
        "plan_ms_median": round(_median(result.plan_ms), 1),
        "hours": [
            {
                "start": utc(h.start),
                "queue": h.queue.value,
                "joins": h.joins,
                "predicted_p90_min": round(h.predicted_p90_s / 60, 2),
                "actual_p90_min": round(h.actual_p90_s / 60, 2),
                "as_opened_p90_min": round(h.as_opened_p90_s / 60, 2),
                "held_p90_min": round(h.held_p90_s / 60, 2),
            }
            for h in result.hours
        ],
        "mae_min": None if result.mae_s is None else round(result.mae_s / 60, 2),
        "within_5_min": result.within(),
        "within_5_min_queued_hours": result.within(queued_only=True),
        "held_mae_min": None if result.held_mae_s is None else round(result.held_mae_s / 60, 2),
        "held_within_5_min": result.within(held=True),
        "as_opened_mae_min": None
        if result.as_opened_mae_s is None
        else round(result.as_opened_mae_s / 60, 2),
        "as_opened_within_5_min": result.within(as_opened=True),
        "episodes": len(result.episodes),
        "episodes_advised_15_min_ahead": result.advised_share,
        "advice_given": result.advice_given,
        "openings_advised": len(result.openings),
        "median_minutes_sooner": None
        if result.median_sooner_s is None
        else round(result.median_sooner_s / 60, 1),
        "p90_of_advised_waves_as_were_min": None
        if result.mean_before_s is None
        else round(result.mean_before_s / 60, 1),
        "p90_of_advised_waves_with_advice_min": None
        if result.mean_after_s is None
        else round(result.mean_after_s / 60, 1),
    }


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
