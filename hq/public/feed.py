"""The public feed's content: every port whose data this database holds, aggregates only.

One answer for everyone, built at most once per ``REFRESH`` (``FeedCache``)
and served from memory in between, as JSON, as XML and as the pages.  The
same code serves HQ (every port) and a post's hub (its own port): a port is
published once one of its desks has enrolled with this server, and its
figures are those of the rows the server holds.

A port is *stale* when none of its desks has been in touch for
``STALE_AFTER``: its figures are then those as of its last contact, marked
stale with that time, never presented as current.  A port never heard from
has no figures (null), only its calendar.

The predicted delay comes from the ports' plans, made in the background
(``hq.public.predictions``): a build asks for the fresh ports' plans and
publishes the latest made; a new plan renews the cached answer.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from db.models import Lane
from desktop_app import port_calendar, queue
from desktop_app.port_calendar import Closed, StatusAt
from desktop_app.public_delay import HourWait, LaneHead, PortDelay, port_delay
from hq.console import calendars
from hq.console.portview import PortView
from hq.models import Device
from hq.public.predictions import Due, PortPrediction, Predictions

SCHEMA = "checkpoint-public/1"
REFRESH = timedelta(seconds=15)  # the desks sync every minute; the board refreshes every 30 s
STALE_AFTER = timedelta(minutes=10)
SERVICE_LINE = "12367"  # the National Immigration Administration's service line


@dataclass(frozen=True)
class LaneTypeLine:
    lane_type: str
    lanes_open: int
    lanes: int
    waiting: int | None
    median_wait_s: int | None
    longest_wait_s: int | None
    # Per clock hour ahead (``public_delay.predicted_waits``); null: no plan for this
    # lane type (not planned, no fresh plan yet, or the port is stale).
    predicted_wait: list[HourWait] | None


@dataclass(frozen=True)
class PortLine:
    code: str
    name_zh: str
    name_en: str
    time_zone: str
    status: str  # open | closed (outside today's hours) | suspended | seasonal (out of season)
    calendar_status: str  # open | suspended | seasonal: the calendar's record
    open_now: bool
    today_open: bool
    today_opens: str | None  # local HH:MM; both null and today_open: open 24 hours
    today_closes: str | None
    stale: bool
    updated_at: datetime | None  # the moment the figures are of (null: never heard from)
    waiting: int | None
    median_wait_s: int | None
    longest_wait_s: int | None
    predicted_at: datetime | None  # the moment the predictions were made from (null: none)
    lane_types: list[LaneTypeLine]


@dataclass(frozen=True)
class Feed:
    schema: str
    generated_at: datetime
    refresh_s: int
    stale_after_s: int
    service_line: str
    ports: list[PortLine]


def status_word(at: StatusAt) -> str:
    if at.is_open:
        return "open"
    return {
        Closed.SUSPENDED: "suspended",
        Closed.SEASON: "seasonal",
    }.get(at.reason, "closed")


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _utc(at: Any) -> datetime | None:
    """Aggregates over UTCDateTime columns come back naive (or as text) on SQLite."""
    if at is None:
        return None
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def build(engine: Engine, now: datetime, predictions: Predictions | None = None) -> Feed:
    """The whole feed as of ``now`` (a few small queries, and each published port's queue).

    ``predictions``: the ports' plans; the fresh ports' are asked for (in the
    background) and the latest made are published.
    """
    with engine.connect() as conn:
        contact = {
            r.port_id: _utc(r.last_seen)
            for r in conn.execute(
                select(Device.port_id, func.max(Device.last_seen_at).label("last_seen")).group_by(
                    Device.port_id
                )
            )
        }
        lanes: dict[uuid.UUID, list[LaneHead]] = {}
        for r in conn.execute(
            select(Lane.port_id, Lane.id, Lane.code, Lane.kind, Lane.subjects, Lane.is_open)
            .where(~Lane.deleted)
            .order_by(Lane.position)
        ):
            lanes.setdefault(r.port_id, []).append(
                LaneHead(r.id, r.code, r.kind, r.subjects, bool(r.is_open))
            )
    ports = []
    due = []
    for head, cal in calendars.ports_with_calendars(engine):
        if head.id not in contact:
            continue  # no desk of it has enrolled here: this server holds no data of it
        at = port_calendar.status_of(cal, now)
        last = contact[head.id]
        stale = last is None or now - last > STALE_AFTER
        figures: PortDelay | None = None
        if last is not None:
            as_of = last if stale else now
            view = PortView(engine, head.code, now=_fixed(as_of))
            figures = port_delay(lanes.get(head.id, []), queue.current_queue(view), as_of)
        predicted = None
        if predictions is not None and not stale:  # a quiet port's queue is not predicted
            due.append(Due(head.id, head.code, cal))
            predicted = predictions.get(head.id, now)
        ports.append(_port_line(head, cal, at, stale, figures, predicted))
    if predictions is not None:
        predictions.want(due, now)
    return Feed(
        SCHEMA,
        now,
        int(REFRESH.total_seconds()),
        int(STALE_AFTER.total_seconds()),
        SERVICE_LINE,
        ports,
    )


def _fixed(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def _port_line(
    head: Any,
    cal: port_calendar.Calendar,
    at: StatusAt,
    stale: bool,
    figures: PortDelay | None,
    predicted: PortPrediction | None,
) -> PortLine:
    today_open = at.day_open  # the port opens at some time on today's local date
    types = []
    if figures is not None:
        for line in figures.lane_types:
            types.append(
                LaneTypeLine(
                    line.lane_type.value,
                    line.lanes_open,
                    line.lanes,
                    line.delay.waiting,
                    line.delay.median_s,
                    line.delay.longest_s,
                    predicted.waits.get(line.lane_type) if predicted else None,
                )
            )
    return PortLine(
        code=head.code,
        name_zh=head.name_zh,
        name_en=head.name_en,
        time_zone=head.time_zone,
        status=status_word(at),
        calendar_status=cal.status.value,
        open_now=at.is_open,
        today_open=today_open,
        today_opens=_hhmm(cal.opens_at) if today_open else None,
        today_closes=_hhmm(cal.closes_at) if today_open else None,
        stale=stale,
        updated_at=figures.as_of if figures else None,
        waiting=figures.port.waiting if figures else None,
        median_wait_s=figures.port.median_s if figures else None,
        longest_wait_s=figures.port.longest_s if figures else None,
        predicted_at=predicted.at if predicted else None,
        lane_types=types,
    )


class FeedCache:
    """The feed built at most once per ``REFRESH``; readers never wait for a rebuild but the first.

    A rebuild runs on the caller's thread (FastAPI's pool) under a lock; the
    others keep serving the answer they have meanwhile.  ``render`` turns a
    feed into the bytes served (JSON, XML, pages), once per build.
    """

    def __init__(
        self,
        engine: Engine,
        now: Callable[[], datetime],
        render: Callable[[Feed], dict[str, bytes]],
        refresh: timedelta = REFRESH,
    ) -> None:
        self.engine = engine
        self.now = now
        self.render = render
        self.refresh = refresh
        self._lock = threading.Lock()
        self._built: tuple[datetime, Feed, dict[str, bytes]] | None = None
        self.predictions = Predictions(engine, now, self.expire)

    def current(self) -> tuple[Feed, dict[str, bytes]]:
        built = self._built
        now = self.now()
        if built is not None and now - built[0] < self.refresh:
            return built[1], built[2]
        if built is not None and not self._lock.acquire(blocking=False):
            return built[1], built[2]  # someone is rebuilding: the last answer is still good
        if built is None:
            self._lock.acquire()
        try:
            again = self._built
            if again is not None and again is not built and self.now() - again[0] < self.refresh:
                return again[1], again[2]
            at = self.now()
            feed = build(self.engine, at, self.predictions)
            self._built = (at, feed, self.render(feed))
            return feed, self._built[2]
        finally:
            self._lock.release()

    def expire(self) -> None:
        """Rebuild at the next request (new predictions are in); readers keep the last meanwhile."""
        built = self._built
        if built is not None:
            self._built = (built[0] - self.refresh, built[1], built[2])

    def peek(self) -> tuple[Feed, dict[str, bytes]] | None:
        """The answer in memory if it is still fresh, else None (never rebuilds: no I/O)."""
        built = self._built
        if built is not None and self.now() - built[0] < self.refresh:
            return built[1], built[2]
        return None
