"""Alert episodes: the core watches each lane group's longest wait against 15 and 25 minutes.

Early-warning practice: when the queue reaches about 15 minutes, open more
lanes; when it may exceed 25, start the emergency plan; log who acted and
when.  An *episode* is one wave of long waits in one lane group
(``desktop_app.lane_groups``): it starts when the group's longest wait
reaches amber, changes level (red at 25 minutes; back to amber below 20; a
dip below amber), and ends once the wait has stayed below amber for
``QUIET``.  The hysteresis is what keeps one wave one episode: when the
subject at the head of the queue reaches the desk the longest wait drops to
the next one's, often just below 15 minutes, and it climbs back a minute
later; that is a dip within the episode, not a new one.

Between two recorded steps nobody joins or leaves a group's queue, so its
longest wait grows by exactly the time that passes: every crossing can be
dated to the second from the steps alone (``sweep``), however seldom the
queues are looked at.  ``follow`` does the looking: the clearance and lane
services call it after every step (it works at most once every
``FOLLOW_EVERY`` of the desk's clock), and the desk's window calls it while
nothing happens, so an episode is written whatever screen is open, and by
the demo.  It writes ``db.models.QueueAlert`` facts; ``episodes`` folds them
back, with the acknowledgements officers recorded (``acknowledge``) and the
first opening of a lane that serves the group.

Waits count from arrival, except that time while the port is closed (outside
its daily hours, out of season, suspended: ``desktop_app.port_calendar``)
does not raise an alert: a truck queueing at a day port's gate before it
opens counts from the opening (its wait is still measured from arrival and
reported apart: ``desktop_app.queue_figures``).
"""

from __future__ import annotations

import heapq
import uuid
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import outbox, queries
from db.base import new_id
from db.enums import AlertKind, LaneGroup, ShiftState, WaitLevel
from db.models import Lane, LaneStateChange, LocalState, Officer, QueueAlert, Shift
from db.outbox import FactRow
from desktop_app import checks, port_calendar
from desktop_app.errors import RuleViolation
from desktop_app.lane_groups import group_of, groups_served
from desktop_app.port_calendar import Calendar
from desktop_app.port_reader import PortReader
from desktop_app.queue import AMBER, HORIZON, RED

if TYPE_CHECKING:  # the desk is passed in; only its type is named here
    from desktop_app.desk import Desk

# Red falls back to amber only below this, so a head change near 25 minutes does
# not flap between the two.
RED_DOWN = timedelta(minutes=20)
# Below amber this long and the wave is over; a shorter dip is part of the episode.
QUIET = timedelta(minutes=10)
# How often ``follow`` really looks when a step calls it (desk clock): crossings are
# dated exactly however seldom it looks, so this only bounds how late an episode is
# written on a desk nobody watches (the desk's window looks every ``LIVE_EVERY``).
FOLLOW_EVERY = timedelta(minutes=5)
LIVE_EVERY = timedelta(seconds=30)
# A desk that never looked starts this far back.
FIRST_LOOK = timedelta(hours=1)
# No episode lasts longer (a waiting record older than ``queue.HORIZON`` no longer
# counts): how far back ``episodes`` looks for the start of one still running.
LONGEST_EPISODE = HORIZON + QUIET + timedelta(hours=1)

FOLLOWED_UNTIL = "alerts.followed_until"  # local_state: the moment ``follow`` looked last
_RANK = {WaitLevel.OK: 0, WaitLevel.AMBER: 1, WaitLevel.RED: 2}


# -- what counts as waiting ---------------------------------------------------------------


@dataclass(frozen=True)
class Waiter:
    """One subject as the sweep sees it: waiting from ``counted_from`` until ``until``."""

    counted_from: datetime
    until: datetime | None  # service started (or the record grew too old); None: waiting
    lane_id: uuid.UUID

    def waiting_at(self, at: datetime) -> bool:
        return self.counted_from <= at and (self.until is None or self.until > at)


def waiters(rows: Iterable[queries.Clearance], cal: Calendar) -> dict[LaneGroup, list[Waiter]]:
    """The rows as the sweep sees them, by lane group.

    A record still waiting after ``queue.HORIZON`` is a forgotten one (the
    close-out lists it for correction), not the queue: it stops counting then,
    as it leaves the live queue, so it cannot hold an episode open for ever.
    """
    out: dict[LaneGroup, list[Waiter]] = defaultdict(list)
    for row in rows:
        group = group_of(row.subject_kind, row.direction, row.lane_code)
        counted = port_calendar.next_open(cal, row.joined_at)
        if counted is None:
            continue  # the port does not open again: no alert for its queue
        forgotten = row.joined_at + HORIZON
        until = forgotten if row.started_at is None else min(row.started_at, forgotten)
        if until <= counted:
            continue  # served (or forgotten) before its wait counted at all
        out[group].append(Waiter(counted, until, row.lane_id))
    return out


# -- the sweep: exact crossings from the steps --------------------------------------------


@dataclass(frozen=True)
class Change:
    """A crossing the sweep found: an episode started, changed level or ended."""

    kind: AlertKind
    at: datetime
    level: WaitLevel  # the new level (started, level); the highest reached (ended)
    wait_s: int  # the longest wait then; the peak (ended)
    lane_id: uuid.UUID | None = None
    peak_at: datetime | None = None  # ended


def _level_up(wait: timedelta) -> WaitLevel:
    return WaitLevel.RED if wait >= RED else WaitLevel.AMBER


@dataclass
class _State:
    open: bool = False
    level: WaitLevel = WaitLevel.OK
    top: WaitLevel = WaitLevel.OK
    dip_since: datetime | None = None
    peak: timedelta = timedelta(0)
    peak_at: datetime | None = None
    changes: list[Change] = field(default_factory=list)

    def emit(
        self, kind: AlertKind, at: datetime, level: WaitLevel, wait: timedelta, lane: Any
    ) -> None:
        self.changes.append(Change(kind, at, level, int(wait.total_seconds()), lane))

    def start(self, at: datetime, wait: timedelta, lane: Any) -> None:
        level = _level_up(wait)
        self.open, self.level, self.top, self.dip_since = True, level, level, None
        self.peak, self.peak_at = wait, at
        self.emit(AlertKind.STARTED, at, level, wait, lane)

    def change(self, at: datetime, level: WaitLevel, wait: timedelta, lane: Any) -> None:
        self.level = level
        self.dip_since = at if level == WaitLevel.OK else None
        if _RANK[level] > _RANK[self.top]:
            self.top = level
        self.emit(AlertKind.LEVEL, at, level, wait, lane)

    def end(self) -> None:
        assert self.dip_since is not None
        self.changes.append(
            Change(
                AlertKind.ENDED,
                self.dip_since,
                self.top,
                int(self.peak.total_seconds()),
                None,
                self.peak_at,
            )
        )
        self.open, self.level, self.dip_since = False, WaitLevel.OK, None

    def see_peak(self, wait: timedelta, at: datetime) -> None:
        if self.open and self.level != WaitLevel.OK and wait > self.peak:
            self.peak, self.peak_at = wait, at


def sweep(
    members: Sequence[Waiter],
    start: datetime,
    end: datetime,
    *,
    not_before: datetime | None = None,
) -> list[Change]:
    """The crossings of one lane group's longest wait in [start, end], to the second.

    ``members``: everyone in the group who waited at any time in the window.
    The group is taken as having no episode open at ``start``; a wait already
    past amber then started its episode when it crossed, back to ``not_before``
    at the earliest.  An episode still open at ``end`` has no ``ended`` change.
    """
    state = _State()
    active: list[tuple[datetime, int, Waiter]] = []  # heap by counted_from
    gone: set[int] = set()
    moments: list[tuple[datetime, int, int]] = []  # (time, 0 leaves / 1 arrives, index)
    for i, w in enumerate(members):
        if w.waiting_at(start):
            heapq.heappush(active, (w.counted_from, i, w))
        elif start < w.counted_from <= end and (w.until is None or w.until > w.counted_from):
            moments.append((w.counted_from, 1, i))
            if w.until is not None and w.until <= end:
                moments.append((w.until, 0, i))
            continue
        else:
            continue
        if w.until is not None and w.until <= end:
            moments.append((w.until, 0, i))
    moments.sort()

    def head() -> tuple[datetime, Waiter] | None:
        while active and active[0][1] in gone:
            heapq.heappop(active)
        return (active[0][0], active[0][2]) if active else None

    def advance(a: datetime, b: datetime) -> None:
        """The head stays; the longest wait grows from ``a`` to ``b``."""
        found = head()
        while True:
            if found is None:  # nobody waits: the wave may be over
                if state.open and state.dip_since is not None and state.dip_since + QUIET <= b:
                    state.end()
                return
            h, waiter = found
            if not state.open:
                cross = h + AMBER
                if cross > b:
                    return
                state.start(max(a, cross), max(a, cross) - h, waiter.lane_id)
                continue
            if state.level == WaitLevel.AMBER:
                cross = h + RED
                if cross <= b:
                    state.change(max(a, cross), WaitLevel.RED, max(a, cross) - h, waiter.lane_id)
                    continue
                state.see_peak(b - h, b)
                return
            if state.level == WaitLevel.RED:
                state.see_peak(b - h, b)
                return
            # A dip below amber: back above it, or over for good after QUIET.
            assert state.dip_since is not None
            back, over = h + AMBER, state.dip_since + QUIET
            if back <= b and back < over:
                at = max(a, back)
                state.change(at, _level_up(at - h), at - h, waiter.lane_id)
                continue
            if over <= b:
                state.end()
                a = max(a, over)
                continue
            return

    def jump(t: datetime) -> None:
        """Someone left or arrived at ``t``: the longest wait may jump."""
        found = head()
        wait = t - found[0] if found else timedelta(0)
        lane = found[1].lane_id if found else None
        if not state.open:
            if wait >= AMBER:
                state.start(t, wait, lane)
            return
        if state.level == WaitLevel.OK:
            if wait >= AMBER:
                state.change(t, _level_up(wait), wait, lane)
        elif wait < AMBER:
            state.change(t, WaitLevel.OK, wait, lane)
        elif state.level == WaitLevel.RED and wait < RED_DOWN:
            state.change(t, WaitLevel.AMBER, wait, lane)
        elif state.level == WaitLevel.AMBER and wait >= RED:
            state.change(t, WaitLevel.RED, wait, lane)
        state.see_peak(wait, t)

    # A wait already past amber at the start crossed before it: date it back.
    first = head()
    begin = start
    if first is not None and start - first[0] >= AMBER:
        begin = first[0] + AMBER
        if not_before is not None:
            begin = min(start, max(begin, not_before))
    if begin < start:
        advance(begin, start)
    jump(start)
    previous = start
    i = 0
    while i < len(moments):
        t = moments[i][0]
        advance(previous, t)
        while i < len(moments) and moments[i][0] == t:
            _, arrives, index = moments[i]
            if arrives:
                gone.discard(index)
                heapq.heappush(active, (members[index].counted_from, index, members[index]))
            else:
                gone.add(index)
            i += 1
        jump(t)
        previous = t
    advance(previous, end)
    # Nobody can reach amber again before the quiet time is over: the wave is over now.
    if state.open and state.dip_since is not None:
        found = head()
        now_wait = end - found[0] if found else timedelta(0)
        if now_wait + (state.dip_since + QUIET - end) < AMBER:
            state.end()
    return state.changes


# -- episodes: the stored facts, folded ---------------------------------------------------


@dataclass(frozen=True)
class LevelChange:
    at: datetime
    level: WaitLevel
    wait_s: int


@dataclass(frozen=True)
class Acknowledgement:
    at: datetime
    officer_id: uuid.UUID | None
    badge_no: str
    name: str
    action: str


@dataclass(frozen=True)
class Episode:
    """One wave of long waits in one lane group, as the desks recorded it.

    ``changes`` starts with the level at the start (amber, or red) and lists
    every change after it (``ok``: a dip below amber that did not last).
    ``peak_s`` is the longest wait of the episode (for one still open: the
    longest recorded so far).  ``lane_opened_at``: the first opening of a
    lane that serves the group during the episode.
    """

    episode_id: uuid.UUID
    lane_group: LaneGroup
    started_at: datetime
    ended_at: datetime | None
    changes: tuple[LevelChange, ...]
    peak_s: int
    peak_at: datetime | None
    top_level: WaitLevel
    lane_id: uuid.UUID | None  # where the longest waiter stood when it started
    acknowledgements: tuple[Acknowledgement, ...] = ()
    lane_opened_at: datetime | None = None
    # Every recorded start this episode joins (two desks may each have seen it begin).
    episode_ids: tuple[uuid.UUID, ...] = ()

    @property
    def open(self) -> bool:
        return self.ended_at is None

    @property
    def level(self) -> WaitLevel:
        """The level now (an ended episode: ok)."""
        return WaitLevel.OK if self.ended_at is not None else self.changes[-1].level

    @property
    def acknowledged(self) -> bool:
        return bool(self.acknowledgements)

    @property
    def fell_back_at(self) -> datetime | None:
        """When the wait first fell back below amber (a dip, or the end)."""
        dip = next((c.at for c in self.changes if c.level == WaitLevel.OK), None)
        return dip or self.ended_at

    def response_s(self) -> float | None:
        """Seconds from the start until a lane of the group opened or the wait fell back."""
        moments = [m for m in (self.lane_opened_at, self.fell_back_at) if m is not None]
        return (min(moments) - self.started_at).total_seconds() if moments else None

    def duration_s(self, now: datetime) -> float:
        return ((self.ended_at or now) - self.started_at).total_seconds()


def _fold(facts: Sequence[Any], people: dict[uuid.UUID, Officer]) -> list[Episode]:
    """Facts to episodes; episodes of one group that overlap (two desks saw one wave) join."""
    by_episode: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for fact in facts:
        by_episode[fact.episode_id].append(fact)
    single: list[Episode] = []
    for episode_id, rows in by_episode.items():
        rows.sort(key=lambda r: (r.at, r.id))
        started = next((r for r in rows if r.kind == AlertKind.STARTED), None)
        if started is None:
            continue  # its start is outside what was loaded
        ends = [r for r in rows if r.kind == AlertKind.ENDED]
        ended = min(ends, key=lambda r: r.at) if ends else None
        changes = [
            LevelChange(r.at, r.level, r.wait_s or 0)
            for r in rows
            if r.kind in (AlertKind.STARTED, AlertKind.LEVEL)
            and r.level is not None
            and (ended is None or r.at <= ended.at)
        ]
        acks = tuple(
            Acknowledgement(
                r.at,
                r.officer_id,
                people[r.officer_id].badge_no if r.officer_id in people else "",
                people[r.officer_id].name if r.officer_id in people else "",
                r.action,
            )
            for r in rows
            if r.kind == AlertKind.ACKNOWLEDGED
        )
        recorded = [r for r in rows if r.wait_s is not None and r.kind != AlertKind.ACKNOWLEDGED]
        top = max((r for r in recorded), key=lambda r: (r.wait_s, -r.at.timestamp()))
        levels = [c.level for c in changes] + ([ended.level] if ended and ended.level else [])
        single.append(
            Episode(
                episode_id=episode_id,
                lane_group=started.lane_group,
                started_at=started.at,
                ended_at=ended.at if ended else None,
                changes=tuple(changes),
                peak_s=top.wait_s or 0,
                peak_at=top.peak_at or top.at,
                top_level=max(levels, key=_RANK.__getitem__),
                lane_id=started.lane_id,
                acknowledgements=acks,
                episode_ids=(episode_id,),
            )
        )
    merged: list[Episode] = []
    for group in LaneGroup:
        current: Episode | None = None
        for ep in sorted((e for e in single if e.lane_group == group), key=lambda e: e.started_at):
            if current is not None and (
                current.ended_at is None or ep.started_at <= current.ended_at
            ):
                current = _join(current, ep)
            else:
                if current is not None:
                    merged.append(current)
                current = ep
        if current is not None:
            merged.append(current)
    merged.sort(key=lambda e: (e.started_at, e.episode_id))
    return merged


def _join(a: Episode, b: Episode) -> Episode:
    changes: list[LevelChange] = []
    for c in sorted([*a.changes, *b.changes], key=lambda c: c.at):
        if not changes or changes[-1].level != c.level:
            changes.append(c)
    peak = a if (a.peak_s, b.started_at) >= (b.peak_s, a.started_at) else b
    ended = None if a.ended_at is None or b.ended_at is None else max(a.ended_at, b.ended_at)
    return replace(
        a,
        ended_at=ended,
        changes=tuple(changes),
        peak_s=peak.peak_s,
        peak_at=peak.peak_at,
        top_level=max(a.top_level, b.top_level, key=_RANK.__getitem__),
        acknowledgements=tuple(
            sorted({*a.acknowledgements, *b.acknowledgements}, key=lambda k: k.at)
        ),
        episode_ids=(*a.episode_ids, *b.episode_ids),
    )


def _load(
    s: Session, port_id: uuid.UUID, start: datetime, end: datetime, as_of: datetime | None = None
) -> list[Episode]:
    """Episodes that overlap [start, end), from the facts (those dated by ``as_of``, if given)."""
    starts = select(QueueAlert.episode_id).where(
        QueueAlert.port_id == port_id,
        QueueAlert.kind == AlertKind.STARTED,
        QueueAlert.at >= start - LONGEST_EPISODE,
        QueueAlert.at < end,
    )
    alerts_table = QueueAlert.__table__
    query = select(alerts_table).where(alerts_table.c.episode_id.in_(starts))
    if as_of is not None:
        query = query.where(alerts_table.c.at <= as_of)
    facts = s.execute(query).all()
    officer_ids = {f.officer_id for f in facts if f.officer_id is not None}
    people = (
        {o.id: o for o in s.scalars(select(Officer).where(Officer.id.in_(officer_ids)))}
        if officer_ids
        else {}
    )
    return [
        e
        for e in _fold(facts, people)
        if e.started_at < end and (e.ended_at is None or e.ended_at >= start)
    ]


def _with_lane_openings(
    s: Session, port_id: uuid.UUID, found: list[Episode], now: datetime
) -> list[Episode]:
    if not found:
        return found
    first = min(e.started_at for e in found)
    last = max(e.ended_at or now for e in found)
    openings = s.execute(
        select(LaneStateChange.at, Lane.code, Lane.subjects, Lane.direction)
        .join(Lane, Lane.id == LaneStateChange.lane_id)
        .where(
            LaneStateChange.port_id == port_id,
            LaneStateChange.opened.is_(True),
            LaneStateChange.at >= first,
            LaneStateChange.at <= last,
        )
        .order_by(LaneStateChange.at)
    ).all()
    out = []
    for ep in found:
        until = ep.ended_at or now
        opened = next(
            (
                at
                for at, code, subjects, direction in openings
                if ep.started_at <= at <= until
                and ep.lane_group in groups_served(code, subjects, direction)
            ),
            None,
        )
        out.append(replace(ep, lane_opened_at=opened))
    return out


def episodes(
    desk: PortReader, start: datetime, end: datetime, *, as_of: datetime | None = None
) -> list[Episode]:
    """The alert episodes that overlap [start, end), oldest first, for screens and reports.

    Each has its lane group, start, level changes (amber, red, dips below amber),
    peak, end (None while open), the acknowledgements with the action taken, and
    ``lane_opened_at``; ``Episode.response_s()`` gives the time until a lane of the
    group opened or the wait fell back below amber.  As recorded by ``as_of``
    (default: now): an episode that ended later is still open then.
    """
    at = as_of or desk.now()
    with desk.read() as s:
        return read_episodes(s, desk.port_id, start, end, at)


def started_in(
    desk: PortReader, start: datetime, end: datetime, *, as_of: datetime
) -> list[Episode]:
    """The episodes that started in [start, end), as recorded by ``as_of``: a period's alerts."""
    return [e for e in episodes(desk, start, end, as_of=as_of) if e.started_at >= start]


def started_per_day(
    found: Iterable[Episode], days: Sequence[tuple[date, datetime, datetime]]
) -> list[tuple[date, int, int]]:
    """Per local day (``stats.day_bounds``): episodes that started in it, and how many went red.

    The daily report's trend and ``stats --by day`` count alerts by this one rule.
    """
    found = list(found)
    out = []
    for day, start, end in days:
        started = [e for e in found if start <= e.started_at < end]
        out.append((day, len(started), sum(1 for e in started if e.top_level == WaitLevel.RED)))
    return out


def read_episodes(
    s: Session, port_id: uuid.UUID, start: datetime, end: datetime, as_of: datetime
) -> list[Episode]:
    """``episodes`` inside a read the caller holds (a report's one snapshot)."""
    return _with_lane_openings(s, port_id, _load(s, port_id, start, end, as_of), as_of)


def current(desk: Desk) -> list[Episode]:
    """Episodes open now, one per lane group at most."""
    now = desk.now()
    return [e for e in episodes(desk, now, now + timedelta(seconds=1)) if e.open]


@dataclass(frozen=True)
class AlertView:
    """What the desk's header shows: the open episodes, and the calendar to read live waits by."""

    episodes: list[Episode]
    calendar: Calendar


def alert_view(desk: Desk) -> AlertView:
    return AlertView(current(desk), port_calendar.calendar(desk))


def live_level(longest: timedelta | None, recorded: WaitLevel | None) -> WaitLevel:
    """The level a group's longest wait means now, given the level on record (hysteresis)."""
    wait = longest or timedelta(0)
    if wait >= RED or (recorded == WaitLevel.RED and wait >= RED_DOWN):
        return WaitLevel.RED
    return WaitLevel.AMBER if wait >= AMBER else WaitLevel.OK


def longest_waits(
    entries: Iterable[queries.Clearance], now: datetime, cal: Calendar
) -> dict[LaneGroup, timedelta]:
    """Each lane group's longest wait now, as the alerts count it (the live queue's rows)."""
    out: dict[LaneGroup, timedelta] = {}
    for group, members in waiters(entries, cal).items():
        waits = [now - w.counted_from for w in members if w.waiting_at(now)]
        if waits:
            out[group] = max(waits)
    return out


# -- writing: follow the queues, acknowledge ---------------------------------------------

# When this process last looked for a desk, and in which unit (its WriteContext).
_looked: weakref.WeakKeyDictionary[Desk, tuple[datetime, weakref.ref[Any]]] = (
    weakref.WeakKeyDictionary()
)


def follow(desk: Desk, *, every: timedelta = FOLLOW_EVERY, force: bool = False) -> list[FactRow]:
    """Look at every lane group's queue and record the crossings since the last look.

    Cheap to call after every step: it looks at most once ``every`` (of the
    desk's clock) in this process, and once per unit (a demo or a bulk import
    writing an hour of steps in one transaction looks once, when it starts;
    the crossings are dated exactly all the same); ``force`` looks now.  Runs
    in the caller's unit when there is one.
    """
    now = desk.now()
    last = _looked.get(desk)
    if not force and last is not None and last[0] <= now < last[0] + every:
        return []
    with desk.unit() as s:
        unit = s.info["write"]
        if not force and last is not None and last[1]() is unit:
            return []
        _looked[desk] = (now, weakref.ref(unit))
        return _follow(s, desk, now)


def _follow(s: Session, desk: Desk, now: datetime) -> list[FactRow]:
    state = s.get(LocalState, FOLLOWED_UNTIL)
    since = datetime.fromisoformat(state.value) if state is not None else now - FIRST_LOOK
    if state is None:
        state = LocalState(key=FOLLOWED_UNTIL, value=now.isoformat())
        s.add(state)
    else:
        state.value = now.isoformat()
    if now < since:  # the clock was set back: nothing to look at
        return []
    known = _load(s, desk.port_id, since, now + timedelta(seconds=1))
    open_now = {e.lane_group: e for e in known if e.open}
    last_end = {e.lane_group: e.ended_at for e in known if e.ended_at is not None}
    window = min([since, *(e.started_at for e in open_now.values())])
    rows = queries.clearances(
        s,
        desk.port_id,
        window - HORIZON,
        now + checks.CLOCK_TOLERANCE,
        waiting_at=window,
    )
    members = waiters(rows, port_calendar.calendar(desk))
    shift = s.scalars(
        select(Shift.id).where(Shift.port_id == desk.port_id, Shift.state == ShiftState.OPEN)
    ).first()
    written: list[FactRow] = []
    for group in LaneGroup:
        episode = open_now.get(group)
        start = episode.started_at if episode else since
        changes = sweep(members.get(group, []), start, now, not_before=last_end.get(group))
        written += _record(s, desk, group, episode, changes, shift)
    return written


def _record(
    s: Session,
    desk: Desk,
    group: LaneGroup,
    episode: Episode | None,
    changes: list[Change],
    shift_id: uuid.UUID | None,
) -> list[FactRow]:
    """Append what is new: the sweep of an open episode re-finds what was recorded."""
    written: list[FactRow] = []
    ids: tuple[uuid.UUID, ...] = episode.episode_ids if episode else ()
    recorded = {(c.at, c.level) for c in episode.changes} if episode else set()
    recorded_until = max((c.at for c in episode.changes), default=None) if episode else None

    def add(change: Change, episode_id: uuid.UUID) -> FactRow:
        named = {"id": episode_id} if change.kind == AlertKind.STARTED else {}
        return outbox.append(
            s,
            QueueAlert,
            **named,
            episode_id=episode_id,
            port_id=desk.port_id,
            lane_group=group,
            kind=change.kind,
            at=change.at,
            level=change.level,
            wait_s=change.wait_s,
            peak_at=change.peak_at,
            lane_id=change.lane_id,
            shift_id=shift_id,
        )

    for change in changes:
        if change.kind == AlertKind.STARTED:
            if ids:
                continue  # the episode this sweep began with: recorded already
            new = new_id(desk.now())  # an episode is named by its start
            written.append(add(change, new))
            ids, recorded, recorded_until = (new,), {(change.at, change.level)}, change.at
        elif change.kind == AlertKind.LEVEL:
            if not ids or (change.at, change.level) in recorded:
                continue
            if recorded_until is not None and change.at < recorded_until:
                continue
            written.append(add(change, ids[0]))
            recorded.add((change.at, change.level))
            recorded_until = change.at
        else:  # ended: every start recorded for the episode gets its end
            for episode_id in ids:
                written.append(add(change, episode_id))
            ids, recorded, recorded_until = (), set(), None
    return written


def acknowledge(
    desk: Desk,
    *,
    episode_id: uuid.UUID,
    by: uuid.UUID,
    action: str,
    at: datetime | None = None,
) -> FactRow:
    """An officer saw the episode and says what was done (a lane opened, staff called…)."""
    action = checks.text("action", action, limit=500)
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        started = s.get(QueueAlert, episode_id)
        if started is None or started.port_id != desk.port_id or started.kind != AlertKind.STARTED:
            raise RuleViolation("episode_id", "not_found")
        shift = s.scalars(
            select(Shift.id).where(Shift.port_id == desk.port_id, Shift.state == ShiftState.OPEN)
        ).first()
        return outbox.append(
            s,
            QueueAlert,
            port_id=desk.port_id,
            episode_id=episode_id,
            lane_group=started.lane_group,
            kind=AlertKind.ACKNOWLEDGED,
            at=at,
            officer_id=by,
            shift_id=shift,
            action=action,
        )
