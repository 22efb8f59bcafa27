"""Per port and local day figures (``hq_day_figures``), kept up to date from the change log.

The overview shows every port's figures for today, and a port's page the
last 30 days; reading a day of clearance events per port on every request
would not scale to 300 ports.  So the figures are computed here, off the
request path, and the pages read one row per port and day.

``refresh`` reads the change log after its watermark (``hq_settings``
``figures_through``): the clearance events and queue warnings that arrived
since, the port and local day each belongs to (a clearance counts on the day
it *joined*, whichever event of it came in), and recomputes those days only
— with ``desktop_app.stats``' own functions over HQ's copy of the rows, so a
synced day's figures are the post's ``stats --json --as-of`` the same moment,
to the digit.  Figures are as of when they were computed (``computed_at``):
a subject still waiting counts with the wait so far once past the target
(``desktop_app.stats``), so a day's row is recomputed whenever its port sends
something new.  A day's
row and the watermark commit together: a crash between two refreshes
recomputes, never skips.  ``Refresher`` runs it every few seconds in the HQ
process (and at once when a page asks it to).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, and_, select

from db.enums import AlertKind, ClearanceStep, TravellerCategory
from db.models import ClearanceEvent, Port, QueueAlert
from desktop_app import alerts, queue_figures, stats
from desktop_app.forecasts import local_day_bounds
from hq.console.models import DayFigures
from hq.console.portview import PortView
from hq.models import Change, Counter, Setting
from hq.store import begin_write, upsert

log = logging.getLogger("checkpoint.hq.console")

WATERMARK = "figures_through"
REFRESHED_AT = "figures_refreshed_at"
# The 15- and 25-minute warnings a desk writes to its audit log (ui/queue_watch.py).
CHANGES_PER_STEP = 20_000  # changes read per transaction while catching up
DAYS_PER_READ = 31  # a port's clearances are read a month at a time at most
CITIZENS = TravellerCategory.CHINESE_CITIZEN.value


def citizens_of(rows: list[Any]) -> list[Any]:
    """The Chinese citizens among clearances: the group the 30-minute target is published for."""
    return [r for r in rows if stats.category(r) == CITIZENS]


def watermark(conn: Connection) -> int:
    value = conn.execute(select(Setting.value).where(Setting.key == WATERMARK)).scalar()
    return int(value or 0)


def refresh(engine: Engine, now: Callable[[], datetime]) -> int:
    """Recompute every port-day with changes since the last refresh; returns how many."""
    done = 0
    while True:
        with engine.connect() as conn:
            low = watermark(conn)
            top = conn.execute(select(Counter.value).where(Counter.name == "change")).scalar()
            if top is None or top <= low:
                return done
            high = min(top, low + CHANGES_PER_STEP)
            touched = _touched_days(conn, low, high)
        rows = [
            row for port_id, days in touched.items() for row in _compute(engine, port_id, days, now)
        ]
        with begin_write(engine) as conn:
            if watermark(conn) != low:
                continue  # another refresher got here first: read again from its mark
            upsert(conn, DayFigures.__table__, rows, ["day", "port_id"])  # type: ignore[arg-type]
            _mark(conn, {WATERMARK: str(high), REFRESHED_AT: now().isoformat()})
        done += len(rows)


def backfill(
    engine: Engine, port_id: uuid.UUID, first: date, last: date, now: Callable[[], datetime]
) -> int:
    """Compute and store a port's figures for every day from ``first`` to ``last``.

    For a history that arrived without the change log (an import, a benchmark);
    ``refresh`` keeps them current afterwards.
    """
    days = {first + timedelta(days=n) for n in range((last - first).days + 1)}
    rows = _compute(engine, port_id, days, now)
    with begin_write(engine) as conn:
        upsert(conn, DayFigures.__table__, rows, ["day", "port_id"])  # type: ignore[arg-type]
        _mark(conn, {REFRESHED_AT: now().isoformat()})
    return len(rows)


def _mark(conn: Connection, values: dict[str, str]) -> None:
    rows = [{"key": key, "value": value} for key, value in values.items()]
    upsert(conn, Setting.__table__, rows, ["key"])  # type: ignore[arg-type]


def _touched_days(conn: Connection, low: int, high: int) -> dict[uuid.UUID, set[date]]:
    """The local days (per port) of the clearances and alert episodes in changes (low, high]."""
    zones = {p.id: p.time_zone for p in conn.execute(select(Port.id, Port.time_zone))}
    changes = Change.__table__.c
    window = and_(changes.change_no > low, changes.change_no <= high)
    event = ClearanceEvent.__table__.alias("event")
    joined = ClearanceEvent.__table__.alias("joined")
    moments = list(
        conn.execute(
            select(joined.c.port_id, joined.c.at)
            .select_from(Change.__table__)
            .join(event, event.c.id == changes.record_id)
            .join(
                joined,
                and_(
                    joined.c.clearance_id == event.c.clearance_id,
                    joined.c.step == ClearanceStep.JOINED,
                ),
            )
            .where(window, changes.entity == ClearanceEvent.__tablename__)
            .distinct()
        ).all()
    )
    alert = QueueAlert.__table__.c  # a day's alert count changes with its episodes' starts
    moments += conn.execute(
        select(alert.port_id, alert.at)
        .select_from(Change.__table__)
        .join(QueueAlert.__table__, alert.id == changes.record_id)
        .where(
            window,
            changes.entity == QueueAlert.__tablename__,
            alert.kind == AlertKind.STARTED,
        )
    ).all()
    out: dict[uuid.UUID, set[date]] = defaultdict(set)
    for port_id, at in moments:
        out[port_id].add(at.astimezone(ZoneInfo(zones[port_id])).date())
    return out


def _spans(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days as [first, last] spans of at most ``DAYS_PER_READ`` days."""
    spans: list[tuple[date, date]] = []
    for day in sorted(days):
        if spans and (day - spans[-1][0]).days < DAYS_PER_READ:
            spans[-1] = (spans[-1][0], day)
        else:
            spans.append((day, day))
    return spans


def _compute(
    engine: Engine, port_id: uuid.UUID, days: set[date], now: Callable[[], datetime]
) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        code = conn.execute(select(Port.code).where(Port.id == port_id)).scalar_one()
    view = PortView(engine, code, now=now)
    computed_at = now()
    out = []
    for first, last in _spans(days):
        start, _ = local_day_bounds(view, first)
        _, end = local_day_bounds(view, last)
        by_day: dict[date, list[Any]] = defaultdict(list)
        for row in stats.period_clearances(view, start, end, computed_at):
            by_day[view.local_time(row.joined_at).date()].append(row)
        alert_counts = _alerts(view, start, end, computed_at)
        for day in days:
            if first <= day <= last:
                out.append(
                    day_row(view, day, by_day.get(day, []), alert_counts.get(day, 0), computed_at)
                )
    return out


def _alerts(view: PortView, start: datetime, end: datetime, as_of: datetime) -> dict[date, int]:
    """Alert episodes (``desktop_app.alerts``) per local day they started on, as of ``as_of``."""
    found = alerts.started_in(view, start, end, as_of=as_of)
    days = queue_figures.started_per_day(found, lambda at: view.local_time(at).date())
    return {day: len(episodes) for day, episodes in days.items()}


def day_row(
    view: PortView, day: date, rows: list[Any], alerts: int, computed_at: datetime
) -> dict[str, Any]:
    """A day's figures as of ``computed_at``: what ``stats.wait_stats`` gives for the day
    (its citizens' group, and every category pooled), from the same functions."""
    citizens = stats.wait_summary(citizens_of(rows), computed_at)
    everyone = stats.wait_summary(rows, computed_at)
    moments = [m for r in rows for m in (r.joined_at, r.started_at, r.finished_at) if m]
    return {
        "port_id": view.port_id,
        "day": day,
        "computed_at": computed_at,
        "subjects": len(rows),
        "citizens": citizens.count,
        "citizen_p50_s": citizens.p50,
        "citizen_p90_s": citizens.p90,
        "citizen_p95_s": citizens.p95,
        "citizen_max_s": citizens.max,
        "citizen_within": citizens.within_target,
        "citizen_breaches": len(citizens.breaches),
        "breaches": len(everyone.breaches),
        "longest_wait_s": everyone.max,
        "unserved": everyone.unserved,
        "alerts": alerts,
        "last_event_at": max(moments) if moments else None,
    }


def days_of(engine: Engine, port_id: uuid.UUID, first: date, last: date) -> list[DayFigures]:
    """A port's stored figures from ``first`` to ``last`` (days without data are absent)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(DayFigures.__table__)
            .where(DayFigures.port_id == port_id, DayFigures.day >= first, DayFigures.day <= last)
            .order_by(DayFigures.day)
        ).all()
    return rows  # type: ignore[return-value]


def refreshed_at(conn: Connection) -> datetime | None:
    """When the figures were last brought up to date (one row, not a scan of the figures)."""
    value = conn.execute(select(Setting.value).where(Setting.key == REFRESHED_AT)).scalar()
    return datetime.fromisoformat(value) if value else None


class Refresher:
    """Runs ``refresh`` every ``every`` seconds on a thread of its own, and when nudged."""

    def __init__(self, engine: Engine, now: Callable[[], datetime], every: float) -> None:
        self.engine = engine
        self.now = now
        self.every = every
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None and self.every > 0:
            self._thread = threading.Thread(target=self._run, name="figures", daemon=True)
            self._thread.start()

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(30)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                refresh(self.engine, self.now)
            except Exception:  # a failed round is retried at the next; never kill the thread
                log.exception("refreshing the port figures failed")
            self._wake.wait(self.every)
            self._wake.clear()
