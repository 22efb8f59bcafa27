"""What a plan draws from weeks of history, worked out once an hour and kept between plans.

Reading six weeks of clearances takes a second or two at a busy post, and
going through them for service times, past groups and walk-ins takes most
of a plan's time; yet none of it changes much within an hour.  So a plan
has two inputs:

* ``Known`` of its own moment, over the last ``inputs.RECENT`` hours only
  (who waits now, the recent quarter-hours, forecasts, lanes open);
* a ``Digest`` of the weeks before, as of the start of the hour on the
  desk's clock (``hour_of``): service times, past forecast groups, walk-in
  counts, and how the post answers its waves.

Both are cut at or before the plan's moment, so the no-look-ahead rule of
``inputs`` holds.  ``Digests`` keeps a record's digests by hour (the
backtest replays many moments of one record); ``History`` is a desk's cache
between refreshes: the weeks read again once an hour, the recent hours on
every plan.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.enums import LaneKind
from desktop_app.planning import arrivals, response, service
from desktop_app.planning.arrivals import PastGroup
from desktop_app.planning.inputs import HISTORY, RECENT, Known, Queue, Record
from desktop_app.planning.response import Readiness
from desktop_app.planning.service import ServiceTime
from desktop_app.port_reader import PortReader


@dataclass(frozen=True)
class Digest:
    """The slow part of a plan's input, as of ``at``."""

    at: datetime
    history_from: datetime
    service: dict[tuple[Queue, LaneKind], ServiceTime]
    past_groups: dict[str, list[PastGroup]]
    walk_ins: Counter[tuple[Queue, str, int]]  # per (queue, klass, quarter-hour index)
    readiness: dict[Queue, Readiness]


def digest_of(known: Known) -> Digest:
    """The digest of everything ``known`` holds (its joins over the weeks)."""
    times = service.measured(known)
    groups = arrivals.past_groups(known)
    return Digest(
        at=known.at,
        history_from=known.history_from,
        service=times,
        past_groups=groups,
        walk_ins=arrivals.walk_in_counts(known),
        readiness=response.readiness(known, times),
    )


def hour_of(at: datetime) -> datetime:
    return at - timedelta(minutes=at.minute, seconds=at.second, microseconds=at.microsecond)


class Digests:
    """A record's digests, one per hour of the clock (for moments replayed from one record)."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self._by_hour: dict[datetime, Digest] = {}

    def at(self, at: datetime) -> Digest:
        hour = max(hour_of(at), self.record.start)
        found = self._by_hour.get(hour)
        if found is None:
            found = self._by_hour[hour] = digest_of(self.record.known_at(hour))
        return found

    def known(self, at: datetime) -> Known:
        return self.record.known_at(at, history=RECENT)


class History:
    """A desk's planning input between refreshes: the weeks once an hour, the recent hours fresh.

    A clearance that joined before the recent window and got a step since is
    seen with it at the next hour's reading.  Plans run one at a time on the
    slow pool; the lock keeps two callers from reading the weeks twice.
    """

    def __init__(self, desk: PortReader) -> None:
        self.desk = desk
        self._lock = threading.Lock()
        self._digest: Digest | None = None
        self._changes: list[tuple[uuid.UUID, datetime, bool]] = []  # lanes, before the hour
        self.reads = 0  # readings of the weeks (for tests and the benchmark)

    def inputs(self, at: datetime) -> tuple[Known, Digest]:
        hour = hour_of(at)
        with self._lock:
            if self._digest is None or self._digest.at != hour:
                weeks = Record.load(self.desk, hour - HISTORY, hour)
                self._digest = digest_of(weeks.known_at(hour))
                self._changes = weeks.lane_changes
                self.reads += 1
            recent = Record.load(self.desk, at - RECENT, at, changes_from=hour)
            recent.lane_changes = [*self._changes, *recent.lane_changes]
            return recent.known_at(at, history=RECENT), self._digest
