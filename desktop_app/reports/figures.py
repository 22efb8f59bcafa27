"""The statistics of a shift or a day, computed from a ``Snapshot`` (no Qt, no ReportLab).

Every figure is plain data that the PDF layout prints and the UI may show.
Definitions, so that paper and screen agree:

* **volume**: clearances that *joined* a queue in the period (a shift's are
  those whose joined event belongs to it), with how each ended: cleared,
  referred, refused, or not finished when the data was read;
* **wait**: joined → service started; **total**: joined → left the desk.
  Each is summarised per traveller category (vehicles and trains are their
  own groups) by ``desktop_app.stats.summarize``: count, P50/P90/P95
  (linear interpolation, Hyndman & Fan type 7, via ``statistics.quantiles``),
  max and the share within 30 minutes.  There is deliberately no row over
  everyone: averaging citizens and foreigners hides the queue that matters;
* **breach**: a wait over 30 minutes (the published target), listed one by one;
* **lanes open**: from the lane open/close history (``lane_state_changes``)
  and the state at the period's start; **throughput** of a lane: subjects
  finished on it in the period per hour it was open;
* **hourly series**: hours on the port's local clock, from the hour the period
  starts in; a clearance counts in the hour it joined;
* **forecasts**: the arrival status of ``desktop_app.forecasts.arrival_status``
  (on time within ±15 min, early, late, no-show when overdue and never
  arrived), with the clearances that name the forecast (``forecast_id``);
* **sync**: the period's outbox entries, acknowledged by HQ or still pending.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from db import queries
from db.enums import LaneKind, Outcome
from desktop_app.forecasts import Arrival, arrival_status
from desktop_app.queue import TARGET
from desktop_app.reports.snapshot import (
    ApprovalInfo,
    CheckInfo,
    EmergencyInfo,
    ForecastInfo,
    LaneChange,
    LaneInfo,
    ShiftInfo,
    Snapshot,
    SyncCount,
)
from desktop_app.stats import GROUPINGS, Summary, summarize, wait_summary

TARGET_S = TARGET.total_seconds()
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
    wait: Summary
    total: Summary
    total_over_target: int  # joined → left the desk over 30 minutes


@dataclass(frozen=True)
class Breach:
    clearance: queries.Clearance
    category: str
    wait_s: float
    total_s: float | None


@dataclass(frozen=True)
class HourBin:
    start: datetime  # UTC
    arrivals: int  # joined in this hour
    finished: int  # left a desk in this hour
    lanes_open: float  # lane-hours open in this hour (= average number of lanes open)
    wait_p90: dict[str, float | None]  # per category, seconds, of those who joined this hour


@dataclass(frozen=True)
class LaneThroughput:
    lane: LaneInfo
    open_hours: float
    finished: int

    @property
    def per_open_hour(self) -> float | None:
        return self.finished / self.open_hours if self.open_hours > 0 else None


@dataclass(frozen=True)
class ForecastRow:
    forecast: ForecastInfo
    status: str  # on_time, early, late, no_show, expected, cancelled
    delay_s: float | None


@dataclass(frozen=True)
class ForecastSummary:
    total: int
    by_status: dict[str, int]
    matched: int  # period's clearances that name a forecast
    unforecast: dict[str, int]  # period's clearances naming none, per subject kind


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
    breaches: int
    citizen_p90_s: float | None
    citizen_within: float | None
    referred: int
    refused: int
    unfinished: int


@dataclass(frozen=True)
class Figures:
    snapshot: Snapshot
    key: KeyFigures
    volumes: dict[str, list[VolumeRow]]  # by direction, category, subject kind, lane kind
    times: list[TimeRow]
    breaches: list[Breach]
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

    @property
    def categories(self) -> list[str]:
        return [row.key for row in self.times]


def category(c: queries.Clearance) -> str:
    """The group a clearance is summarised in: traveller category, else vehicle/train."""
    return GROUPINGS["traveller_category"](c)


def category_order(keys: Iterable[str]) -> list[str]:
    present = set(keys)
    known = [k for k in CATEGORY_ORDER if k in present]
    return known + sorted(present - set(CATEGORY_ORDER))


def compute(snapshot: Snapshot) -> Figures:
    rows = snapshot.clearances
    times = time_rows(rows)
    breaches = breach_list(rows)
    citizens = next((t for t in times if t.key == "chinese_citizen"), None)
    outcomes = Counter(c.outcome for c in rows)
    subjects = Counter(c.subject_kind.value for c in rows)
    return Figures(
        snapshot=snapshot,
        key=KeyFigures(
            subjects=len(rows),
            persons=subjects["person"],
            vehicles=subjects["vehicle"],
            trains=subjects["train"],
            breaches=len(breaches),
            citizen_p90_s=citizens.wait.p90 if citizens else None,
            citizen_within=citizens.wait.within_target if citizens else None,
            referred=outcomes[Outcome.REFERRED],
            refused=outcomes[Outcome.REFUSED],
            unfinished=outcomes[None],
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
        hours=hourly(snapshot),
        histogram=histogram(rows),
        lanes=lane_throughput(snapshot),
        lane_history=snapshot.lane_changes,
        forecasts=forecast_rows(snapshot),
        forecast_summary=forecast_summary(snapshot),
        channels=channel_rows(rows),
        emergencies=snapshot.emergencies,
        approvals=snapshot.approvals,
        checks=snapshot.checks,
        shifts=snapshot.shifts,
        sync=snapshot.sync,
    )


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
    groups: dict[str, list[queries.Clearance]] = defaultdict(list)
    for c in rows:
        groups[key(c)].append(c)
    ordered = [k for k in order if k in groups] + sorted(set(groups) - set(order))
    return [volume(k, groups[k]) for k in ordered]


def wait_s(c: queries.Clearance) -> float | None:
    return (c.started_at - c.joined_at).total_seconds() if c.started_at else None


def time_rows(rows: Sequence[queries.Clearance]) -> list[TimeRow]:
    groups: dict[str, list[queries.Clearance]] = defaultdict(list)
    for c in rows:
        groups[category(c)].append(c)
    out = []
    for key in category_order(groups):
        members = groups[key]
        totals = [t for t in (c.total() for c in members) if t is not None]
        out.append(
            TimeRow(
                key=key,
                wait=wait_summary(members),  # the very function the screens use
                total=summarize(totals),
                total_over_target=sum(1 for t in totals if t > TARGET_S),
            )
        )
    return out


def breach_list(rows: Sequence[queries.Clearance]) -> list[Breach]:
    """Every wait over 30 minutes, in the order they joined the queue."""
    out = []
    for c in rows:
        w = wait_s(c)
        if w is not None and w > TARGET_S:
            out.append(Breach(c, category(c), w, c.total()))
    return out


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


def channel_rows(rows: Sequence[queries.Clearance]) -> list[ChannelRow]:
    """Volume and wait on each special channel that saw traffic."""
    groups: dict[str, list[queries.Clearance]] = defaultdict(list)
    for c in rows:
        if c.lane_kind.value in SPECIAL_KINDS:
            groups[c.lane_kind.value].append(c)
    return [
        ChannelRow(
            kind,
            volume(kind, groups[kind]),
            summarize([w for w in map(wait_s, groups[kind]) if w is not None]),
        )
        for kind in SPECIAL_KINDS
        if kind in groups
    ]


# -- lanes and hours -------------------------------------------------------------


def open_intervals(snapshot: Snapshot) -> dict[uuid.UUID, list[tuple[datetime, datetime]]]:
    """Per lane, the stretches of the period it was open."""
    start, end = snapshot.period.start, snapshot.period.end
    since: dict[uuid.UUID, datetime] = dict.fromkeys(snapshot.open_at_start, start)
    out: dict[uuid.UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    for change in snapshot.lane_changes:
        if change.opened:
            since.setdefault(change.lane_id, change.at)
        elif change.lane_id in since:
            out[change.lane_id].append((since.pop(change.lane_id), change.at))
    for lane_id, opened in since.items():
        if opened < end:
            out[lane_id].append((opened, end))
    return out


def _overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> float:
    return max(0.0, (min(a[1], b[1]) - max(a[0], b[0])).total_seconds())


def lane_throughput(snapshot: Snapshot) -> list[LaneThroughput]:
    """Open hours and finished subjects per lane, for lanes open or used in the period."""
    start, end = snapshot.period.start, snapshot.period.end
    intervals = open_intervals(snapshot)
    finished = Counter(
        c.lane_id
        for c in snapshot.clearances
        if c.finished_at is not None and start <= c.finished_at < end
    )
    out = []
    for lane in snapshot.lanes:
        seconds = sum(_overlap(i, (start, end)) for i in intervals.get(lane.id, []))
        if seconds or finished[lane.id]:
            out.append(LaneThroughput(lane, seconds / 3600, finished[lane.id]))
    return out


def hour_starts(snapshot: Snapshot) -> list[datetime]:
    """The UTC starts of the local clock hours covering the period."""
    zone = snapshot.zone
    local = snapshot.period.start.astimezone(zone)
    first = local.replace(minute=0, second=0, microsecond=0)
    # Step in UTC (absolute time): adding an hour to a time in a zone with DST
    # is wall-clock arithmetic in Python, and a DST day has 23 or 25 hours.
    at = first.astimezone(UTC)
    end = snapshot.period.end.astimezone(UTC)
    out = []
    while at < end:
        out.append(at)
        at += HOUR
    return out


def hourly(snapshot: Snapshot) -> list[HourBin]:
    starts = hour_starts(snapshot)
    if not starts:
        return []
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
    lane_seconds = [0.0] * len(starts)
    period = (snapshot.period.start, snapshot.period.end)
    for stretches in open_intervals(snapshot).values():
        for stretch in stretches:
            for i, at in enumerate(starts):
                window = (max(at, period[0]), min(at + HOUR, period[1]))
                lane_seconds[i] += _overlap(stretch, window)
    categories = category_order(k for w in waits for k in w)
    return [
        HourBin(
            start=at,
            arrivals=arrivals[i],
            finished=finished[i],
            lanes_open=lane_seconds[i] / 3600,
            wait_p90={
                k: summarize(waits[i][k]).p90 if waits[i].get(k) else None for k in categories
            },
        )
        for i, at in enumerate(starts)
    ]


# -- forecasts --------------------------------------------------------------------


def forecast_status(f: ForecastInfo, as_of: datetime) -> str:
    """``forecasts.arrival_status``, with "overdue and never came" called a no-show."""
    status = arrival_status(f, as_of)
    return "no_show" if status == Arrival.OVERDUE else status.value


def forecast_rows(snapshot: Snapshot) -> list[ForecastRow]:
    as_of = snapshot.period.end
    return [
        ForecastRow(
            f,
            forecast_status(f, as_of),
            (f.arrived_at - f.expected_at).total_seconds() if f.arrived_at else None,
        )
        for f in snapshot.forecasts
    ]


def forecast_summary(snapshot: Snapshot) -> ForecastSummary:
    rows = forecast_rows(snapshot)
    statuses = Counter(r.status for r in rows)
    unforecast = Counter(c.subject_kind.value for c in snapshot.clearances if c.forecast_id is None)
    order = ("on_time", "early", "late", "no_show", "expected", "cancelled")
    return ForecastSummary(
        total=len(rows),
        by_status={k: statuses[k] for k in order},
        matched=sum(1 for c in snapshot.clearances if c.forecast_id is not None),
        unforecast={k: unforecast[k] for k in ("person", "vehicle", "train") if unforecast[k]},
    )
