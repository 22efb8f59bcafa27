"""The statistics of a shift or a day, computed from a ``Snapshot`` (no Qt, no ReportLab).

Every figure is plain data that the PDF layout prints and the UI may show.
The definitions are ``desktop_app.stats``' (the screens and ``stats`` use the
same functions), applied as of the snapshot's as-of time:

* **volume**: clearances that *joined* a queue in the period (a shift's are
  those whose joined event belongs to it), with how each ended: cleared,
  referred, refused, or not finished at the as-of time;
* **wait**: joined → service started; **total**: joined → left the desk.
  Each is summarised per traveller category (vehicles and trains are their
  own groups): count, P50/P90/P95, max, the share within 30 minutes.  A
  subject still waiting past the target at the as-of time counts with its
  wait so far (a lower bound) and is listed as "still waiting".  There is
  deliberately no row over everyone;
* **targets**: travellers against 30 minutes of waiting (the citizens' rule);
  vehicles and trains against their own target from the reference data as
  well (which may be the total time, minutes per train): reports show both;
* **breach**: a subject over its group's target (travellers: a wait over 30
  minutes), listed one by one in an appendix, summarised up front;
* **headline**: citizens, other travellers, vehicles, trains apart;
* **lanes open**: from the lane open/close history and the state at the
  period's start, within the period up to the as-of time; **throughput** of a
  lane: subjects that left its desk in the period, whenever they joined, per
  hour it was open;
* **hourly series**: hours on the port's local clock, from the hour the period
  starts in; a clearance counts in the hour it joined; lanes open averaged over
  the part of the hour inside the period;
* **forecasts**: the arrival status of ``desktop_app.forecasts.arrival_status``
  (on time within ±15 min, early, late; overdue while the period is open, a
  no-show once it is closed; not yet due), with the clearances that name the
  forecast (``forecast_id``) and pre-inspection before arrival;
* **sync**: the period's outbox entries, acknowledged by HQ or still pending.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from db import queries
from db.enums import LaneKind, Outcome, PreInspection
from desktop_app import stats
from desktop_app.forecasts import Arrival, arrival_status
from desktop_app.reference import Target
from desktop_app.reports.snapshot import (
    TREND_DAYS,
    AdviceInfo,
    AlertInfo,
    Amendment,
    ApprovalInfo,
    CheckInfo,
    DayAlerts,
    DutyInfo,
    EmergencyInfo,
    ForecastInfo,
    LaneChange,
    LaneInfo,
    ShiftInfo,
    Snapshot,
    SyncCount,
    TrendRow,
)
from desktop_app.stats import Summary, summarize

TARGET_S = stats.TARGET_S
HOUR = timedelta(hours=1)
# The histogram's bins, in minutes; the last one is open-ended (60 and over).
HISTOGRAM_EDGES: tuple[int, ...] = tuple(range(0, 65, 5))
# Categories in the order the tables list them (others follow, sorted).
CATEGORY_ORDER = (
    "chinese_citizen",
    "foreign_national",
    "hk_macao_taiwan",
    "crew",
    "vehicle",
    "train",
)
# Lane kinds that are special channels (everything but a regular lane).
SPECIAL_KINDS = tuple(k.value for k in LaneKind if k != LaneKind.REGULAR)
# The longest waits shown in the breach summary; the whole list is in the appendix.
LONGEST_SHOWN = 10


@dataclass(frozen=True)
class VolumeRow:
    key: str
    joined: int
    cleared: int
    referred: int
    refused: int
    unfinished: int


@dataclass(frozen=True)
class TimeRow:
    """Wait and total time of one category, in seconds."""

    key: str
    wait: Summary  # against 30 minutes of waiting
    total: Summary  # joined → left the desk, finished ones
    total_over_target: int  # joined → left the desk over 30 minutes
    own: Summary | None = None  # vehicles and trains: against their own target
    target: Target | None = None


@dataclass(frozen=True)
class Headline:
    """One headline group (citizens, other travellers, vehicles, trains) against its target."""

    group: str
    target: Target
    joined: int
    figures: Summary  # against ``target``


@dataclass(frozen=True)
class Breach:
    clearance: queries.Clearance
    category: str
    target: Target
    value_s: float  # the measure the target is on (wait, or total); so far if not ended
    wait_s: float  # so far, for a subject still waiting at the as-of time
    total_s: float | None
    still_waiting: bool  # not served (wait) or not finished (total) at the as-of time


@dataclass(frozen=True)
class BreachSummary:
    by_group: dict[str, tuple[int, int]]  # group → (over target, of which still waiting)
    by_lane: dict[str, int]  # lane code → over target
    longest: list[Breach]  # the longest, longest first


@dataclass(frozen=True)
class HourBin:
    start: datetime  # UTC
    arrivals: int  # joined in this hour
    finished: int  # left a desk in this hour
    lanes_open: float  # average number of lanes open over the part of the hour in the period
    wait_p90: dict[str, float | None]  # per category, seconds, of those who joined this hour


@dataclass(frozen=True)
class LaneThroughput:
    lane: LaneInfo
    open_hours: float
    finished: int  # left this lane's desk in the period, whenever they joined

    @property
    def per_open_hour(self) -> float | None:
        return self.finished / self.open_hours if self.open_hours > 0 else None


@dataclass(frozen=True)
class ForecastRow:
    forecast: ForecastInfo
    status: str  # on_time, early, late, overdue, no_show, expected, cancelled
    delay_s: float | None
    preinspected_before_arrival: bool | None  # None: not arrived


@dataclass(frozen=True)
class ForecastSummary:
    total: int
    by_status: dict[str, int]
    matched: int  # period's clearances that name a forecast
    unforecast: dict[str, int]  # period's clearances naming none, per subject kind
    preinspection: dict[str, int]  # forecasts per pre-inspection status, as of the as-of time
    arrived: int
    preinspected_before_arrival: int  # of the arrived: cleared or flagged before they came


@dataclass(frozen=True)
class ChannelRow:
    kind: str
    volume: VolumeRow
    wait: Summary


@dataclass(frozen=True)
class Histogram:
    edges: tuple[int, ...]  # minutes; bin i is [edges[i], edges[i+1]), the last is edges[-1]+
    counts: dict[str, list[int]]  # per category


@dataclass(frozen=True)
class KeyFigures:
    subjects: int
    persons: int
    vehicles: int
    trains: int
    referred: int
    refused: int
    unfinished: int
    headline: list[Headline]  # citizens first; never one figure pooled over all groups

    def group(self, name: str) -> Headline | None:
        return next((h for h in self.headline if h.group == name), None)


@dataclass(frozen=True)
class TrendDay:
    day: date
    groups: dict[str, TrendRow]
    alerts: DayAlerts | None = None  # None: not recorded (a snapshot from before them)


@dataclass(frozen=True)
class Figures:
    snapshot: Snapshot
    key: KeyFigures
    volumes: dict[str, list[VolumeRow]]  # by direction, category, subject kind, lane kind
    times: list[TimeRow]
    breaches: list[Breach]
    breach_summary: BreachSummary
    hours: list[HourBin]
    histogram: Histogram
    lanes: list[LaneThroughput]
    lane_history: tuple[LaneChange, ...]
    forecasts: list[ForecastRow]
    forecast_summary: ForecastSummary
    channels: list[ChannelRow]
    emergencies: tuple[EmergencyInfo, ...]
    approvals: tuple[ApprovalInfo, ...]
    checks: tuple[CheckInfo, ...]
    shifts: tuple[ShiftInfo, ...]
    sync: tuple[SyncCount, ...]
    trend: list[TrendDay]
    amendment: Amendment | None
    # Per category, the waits of those who joined a lane before it opened (apart from targets).
    before_opening: list[tuple[str, Summary]] = field(default_factory=list)
    alerts: tuple[AlertInfo, ...] = ()
    alerts_recorded: bool = True  # False: a signed snapshot from before alerts were recorded
    duty: tuple[DutyInfo, ...] = ()
    unstaffed: tuple[str, ...] = ()
    advice: tuple[AdviceInfo, ...] = ()
    planning_recorded: bool = True  # False: signed before the roster and advice were recorded

    @property
    def categories(self) -> list[str]:
        return [row.key for row in self.times]

    @property
    def as_of(self) -> datetime:
        return self.snapshot.period.as_of


def category(c: queries.Clearance) -> str:
    """The group a clearance is summarised in: traveller category, else vehicle/train."""
    return stats.category(c)


def category_order(keys: Iterable[str]) -> list[str]:
    present = set(keys)
    known = [k for k in CATEGORY_ORDER if k in present]
    return known + sorted(present - set(CATEGORY_ORDER))


def compute(snapshot: Snapshot) -> Figures:
    rows = snapshot.clearances
    as_of = snapshot.period.as_of
    targets = {t.kind: t for t in snapshot.targets}
    times = time_rows(rows, as_of, targets)
    breaches = breach_list(rows, as_of, targets)
    outcomes = Counter(c.outcome for c in rows)
    subjects = Counter(c.subject_kind.value for c in rows)
    return Figures(
        snapshot=snapshot,
        key=KeyFigures(
            subjects=len(rows),
            persons=subjects["person"],
            vehicles=subjects["vehicle"],
            trains=subjects["train"],
            referred=outcomes[Outcome.REFERRED],
            refused=outcomes[Outcome.REFUSED],
            unfinished=outcomes[None],
            headline=headline(rows, as_of, targets),
        ),
        volumes={
            "direction": volume_rows(rows, lambda c: c.direction.value, ("entry", "exit")),
            "category": volume_rows(rows, category, category_order(map(category, rows))),
            "subject": volume_rows(
                rows, lambda c: c.subject_kind.value, ("person", "vehicle", "train")
            ),
            "lane_kind": volume_rows(
                rows, lambda c: c.lane_kind.value, [k.value for k in LaneKind]
            ),
        },
        times=times,
        breaches=breaches,
        breach_summary=breach_summary(breaches),
        hours=hourly(snapshot),
        histogram=histogram(rows),
        lanes=lane_throughput(snapshot),
        lane_history=snapshot.lane_changes,
        forecasts=forecast_rows(snapshot),
        forecast_summary=forecast_summary(snapshot),
        channels=channel_rows(rows, as_of),
        emergencies=snapshot.emergencies,
        approvals=snapshot.approvals,
        checks=snapshot.checks,
        shifts=snapshot.shifts,
        sync=snapshot.sync,
        trend=trend(snapshot),
        amendment=snapshot.amendment,
        before_opening=before_opening(rows, as_of),
        alerts=snapshot.alerts,
        alerts_recorded=snapshot.alerts_recorded,
        duty=snapshot.duty,
        unstaffed=snapshot.unstaffed,
        advice=snapshot.advice,
        planning_recorded=snapshot.planning_recorded,
    )


def before_opening(rows: Sequence[queries.Clearance], as_of: datetime) -> list[tuple[str, Summary]]:
    """Per category with any, the waits of subjects who joined a lane before it opened."""
    early = [c for c in rows if c.before_open]
    groups = stats.grouped(early, category)
    return [
        (key, stats.before_opening_summary(groups[key], as_of)) for key in category_order(groups)
    ]


# -- volumes and times ----------------------------------------------------------


def volume(key: str, rows: Sequence[queries.Clearance]) -> VolumeRow:
    outcomes = Counter(c.outcome for c in rows)
    return VolumeRow(
        key=key,
        joined=len(rows),
        cleared=outcomes[Outcome.CLEARED],
        referred=outcomes[Outcome.REFERRED],
        refused=outcomes[Outcome.REFUSED],
        unfinished=outcomes[None],
    )


def volume_rows(
    rows: Sequence[queries.Clearance],
    key: Callable[[queries.Clearance], str],
    order: Sequence[str],
) -> list[VolumeRow]:
    """One row per group with at least one clearance, in ``order`` (unknown keys last)."""
    groups = stats.grouped(rows, key)
    ordered = [k for k in order if k in groups] + sorted(set(groups) - set(order))
    return [volume(k, groups[k]) for k in ordered]


def wait_s(c: queries.Clearance) -> float | None:
    """A served subject's wait for the charts; none for one who queued before the lane opened
    (reported apart, as in every target figure: ``desktop_app.stats``)."""
    if c.before_open or c.started_at is None:
        return None
    return (c.started_at - c.joined_at).total_seconds()


def group_target(key: str, targets: dict[str, Target]) -> Target:
    """What a group is held to: its own target (vehicles, trains), else 30 minutes' wait."""
    return stats.own_target(key, targets) or targets["person"]


def time_rows(
    rows: Sequence[queries.Clearance], as_of: datetime, targets: dict[str, Target]
) -> list[TimeRow]:
    groups = stats.grouped(rows, category)
    out = []
    for key in category_order(groups):
        members = groups[key]
        in_hours = [c for c in members if not c.before_open]  # the others are reported apart
        totals = [t for t in (c.total() for c in in_hours) if t is not None]
        own = stats.own_target(key, targets)
        out.append(
            TimeRow(
                key=key,
                wait=stats.wait_summary(members, as_of),  # the very function the screens use
                total=summarize(totals),
                total_over_target=sum(1 for t in totals if t > TARGET_S),
                own=stats.target_summary(members, as_of, own) if own else None,
                target=own,
            )
        )
    return out


def headline(
    rows: Sequence[queries.Clearance], as_of: datetime, targets: dict[str, Target]
) -> list[Headline]:
    """Citizens (always, even with no traffic), then the other groups that had traffic."""
    groups = stats.grouped(rows, stats.headline_group)
    out = []
    for key in stats.HEADLINE:
        if key not in groups and key != "chinese_citizen":
            continue
        members = groups.get(key, [])
        target = group_target(key, targets)
        out.append(
            Headline(key, target, len(members), stats.target_summary(members, as_of, target))
        )
    return out


def breach_list(
    rows: Sequence[queries.Clearance], as_of: datetime, targets: dict[str, Target]
) -> list[Breach]:
    """Every subject over its group's target, in the order they joined the queue."""
    out = []
    for c in rows:
        if c.before_open:
            continue  # queued before the lane opened: not against a target (reported apart)
        key = category(c)
        target = group_target(key, targets)
        end = c.started_at if target.measure == "wait" else c.finished_at
        value = ((end or as_of) - c.joined_at).total_seconds()
        if value > target.seconds:
            out.append(
                Breach(
                    clearance=c,
                    category=key,
                    target=target,
                    value_s=value,
                    wait_s=c.wait(as_of),
                    total_s=c.total(),
                    still_waiting=end is None,
                )
            )
    return out


def breach_summary(breaches: Sequence[Breach]) -> BreachSummary:
    groups: dict[str, list[Breach]] = defaultdict(list)
    for b in breaches:
        groups[stats.headline_group(b.clearance)].append(b)
    lanes = Counter(b.clearance.lane_code for b in breaches)
    longest = sorted(breaches, key=lambda b: (-b.value_s, b.clearance.joined_at))
    return BreachSummary(
        by_group={
            k: (len(groups[k]), sum(1 for b in groups[k] if b.still_waiting))
            for k in stats.HEADLINE
            if k in groups
        },
        by_lane=dict(sorted(lanes.items(), key=lambda kv: (-kv[1], kv[0]))),
        longest=longest[:LONGEST_SHOWN],
    )


def histogram(rows: Sequence[queries.Clearance]) -> Histogram:
    edges = HISTOGRAM_EDGES
    width = edges[1] - edges[0]
    counts: dict[str, list[int]] = {}
    for c in rows:
        w = wait_s(c)
        if w is None:
            continue
        index = min(int(w // 60 // width), len(edges) - 1)
        counts.setdefault(category(c), [0] * len(edges))[index] += 1
    return Histogram(edges, {k: counts[k] for k in category_order(counts)})


def channel_rows(rows: Sequence[queries.Clearance], as_of: datetime) -> list[ChannelRow]:
    """Volume and wait on each special channel that saw traffic."""
    groups: dict[str, list[queries.Clearance]] = defaultdict(list)
    for c in rows:
        if c.lane_kind.value in SPECIAL_KINDS:
            groups[c.lane_kind.value].append(c)
    return [
        ChannelRow(kind, volume(kind, groups[kind]), stats.wait_summary(groups[kind], as_of))
        for kind in SPECIAL_KINDS
        if kind in groups
    ]


# -- lanes and hours -------------------------------------------------------------


def open_intervals(snapshot: Snapshot) -> dict[uuid.UUID, list[tuple[datetime, datetime]]]:
    """Per lane, the stretches of the period (up to the as-of time) it was open."""
    start, until = snapshot.period.start, snapshot.period.until
    since: dict[uuid.UUID, datetime] = dict.fromkeys(snapshot.open_at_start, start)
    out: dict[uuid.UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    for change in snapshot.lane_changes:
        if change.opened:
            since.setdefault(change.lane_id, change.at)
        elif change.lane_id in since:
            out[change.lane_id].append((since.pop(change.lane_id), change.at))
    for lane_id, opened in since.items():
        if opened < until:
            out[lane_id].append((opened, until))
    return out


def _overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> float:
    return max(0.0, (min(a[1], b[1]) - max(a[0], b[0])).total_seconds())


def lane_throughput(snapshot: Snapshot) -> list[LaneThroughput]:
    """Open hours and finished subjects per lane, for lanes open or used in the period."""
    period = (snapshot.period.start, snapshot.period.until)
    intervals = open_intervals(snapshot)
    finished = {f.lane_id: f.count for f in snapshot.finishes}
    out = []
    for lane in snapshot.lanes:
        seconds = sum(_overlap(i, period) for i in intervals.get(lane.id, []))
        if seconds or finished.get(lane.id):
            out.append(LaneThroughput(lane, seconds / 3600, finished.get(lane.id, 0)))
    return out


def hour_starts(snapshot: Snapshot) -> list[datetime]:
    """The UTC starts of the local clock hours covering the period up to the as-of time."""
    zone = snapshot.zone
    local = snapshot.period.start.astimezone(zone)
    first = local.replace(minute=0, second=0, microsecond=0)
    # Step in UTC (absolute time): adding an hour to a time in a zone with DST
    # is wall-clock arithmetic in Python, and a DST day has 23 or 25 hours.
    at = first.astimezone(UTC)
    end = snapshot.period.until.astimezone(UTC)
    out: list[datetime] = []
    while at < end or not out:
        out.append(at)
        at += HOUR
    return out


def hourly(snapshot: Snapshot) -> list[HourBin]:
    starts = hour_starts(snapshot)
    first = starts[0]

    def index(at: datetime) -> int | None:
        i = int((at - first).total_seconds() // 3600)
        return i if 0 <= i < len(starts) else None

    arrivals = [0] * len(starts)
    finished = [0] * len(starts)
    waits: list[dict[str, list[float]]] = [defaultdict(list) for _ in starts]
    for c in snapshot.clearances:
        i = index(c.joined_at)
        if i is not None:
            arrivals[i] += 1
            w = wait_s(c)
            if w is not None:
                waits[i][category(c)].append(w)
        if c.finished_at is not None:
            j = index(c.finished_at)
            if j is not None:
                finished[j] += 1
    period = (snapshot.period.start, snapshot.period.until)
    windows = [(max(at, period[0]), min(at + HOUR, period[1])) for at in starts]
    lane_seconds = [0.0] * len(starts)
    for stretches in open_intervals(snapshot).values():
        for stretch in stretches:
            for i, window in enumerate(windows):
                lane_seconds[i] += _overlap(stretch, window)
    categories = category_order(k for w in waits for k in w)
    out = []
    for i, at in enumerate(starts):
        covered = (windows[i][1] - windows[i][0]).total_seconds()
        out.append(
            HourBin(
                start=at,
                arrivals=arrivals[i],
                finished=finished[i],
                # Averaged over the hour's part in the period: a shift that opens
                # at 20:30 with two lanes shows two lanes at 20h, not one.
                lanes_open=lane_seconds[i] / covered if covered > 0 else 0.0,
                wait_p90={
                    k: summarize(waits[i][k]).p90 if waits[i].get(k) else None for k in categories
                },
            )
        )
    return out


# -- forecasts --------------------------------------------------------------------


def forecast_status(f: ForecastInfo, as_of: datetime, *, final: bool) -> str:
    """``forecasts.arrival_status`` as of ``as_of``: overdue while the period runs, a
    no-show once it is closed; a forecast not due yet is "expected" (not yet due)."""
    status = arrival_status(f, as_of)
    if status == Arrival.OVERDUE:
        return "no_show" if final else "overdue"
    return status.value


def _preinspected_before(f: ForecastInfo) -> bool | None:
    if f.arrived_at is None:
        return None
    return f.preinspected_at is not None and f.preinspected_at <= f.arrived_at


def forecast_rows(snapshot: Snapshot) -> list[ForecastRow]:
    period = snapshot.period
    return [
        ForecastRow(
            f,
            forecast_status(f, period.as_of, final=period.final),
            (f.arrived_at - f.expected_at).total_seconds() if f.arrived_at else None,
            _preinspected_before(f),
        )
        for f in snapshot.forecasts
    ]


FORECAST_STATUSES = ("on_time", "early", "late", "overdue", "no_show", "expected", "cancelled")


def forecast_summary(snapshot: Snapshot) -> ForecastSummary:
    rows = forecast_rows(snapshot)
    statuses = Counter(r.status for r in rows)
    unforecast = Counter(c.subject_kind.value for c in snapshot.clearances if c.forecast_id is None)
    pre = Counter(r.forecast.preinspection for r in rows)
    arrived = [r for r in rows if r.preinspected_before_arrival is not None]
    return ForecastSummary(
        total=len(rows),
        by_status={k: statuses[k] for k in FORECAST_STATUSES},
        matched=sum(1 for c in snapshot.clearances if c.forecast_id is not None),
        unforecast={k: unforecast[k] for k in ("person", "vehicle", "train") if unforecast[k]},
        preinspection={k.value: pre[k.value] for k in PreInspection},
        arrived=len(arrived),
        preinspected_before_arrival=sum(1 for r in arrived if r.preinspected_before_arrival),
    )


# -- the trend --------------------------------------------------------------------


def trend(snapshot: Snapshot) -> list[TrendDay]:
    """The daily report's 7 days, oldest first, each with its headline groups (a day
    with no traffic has none); a shift report has no trend."""
    last = snapshot.period.day
    if last is None:
        return []
    days: dict[date, dict[str, TrendRow]] = defaultdict(dict)
    for row in snapshot.trend:
        days[row.day][row.group] = row
    alerts = {a.day: a for a in snapshot.trend_alerts}
    first = last - timedelta(days=TREND_DAYS - 1)
    return [
        TrendDay(day, dict(days.get(day, {})), alerts.get(day))
        for day in (first + timedelta(days=i) for i in range(TREND_DAYS))
    ]
