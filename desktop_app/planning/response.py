"""How the post answers its queues, from its own history: the lanes it will likely open.

A prediction that holds the lanes open now fixed is what the advice needs
("if nothing changes"), but it is not what will happen: a post opens lanes
for a wave it knows is coming, and for a queue that passes the amber line.
The *likely* lanes of a plan play the post's own practice forward:

* **readying for a wave**: a post that usually had lanes enough for a past
  forecast group by its first arrival (``Readiness.usual``) is expected to
  do so again: from a pending group's first arrival, lanes enough to clear
  its work within ``CLEAR`` (the amber 15 minutes), kept ``HOLD``;
* **answering a queue**: once a subject would wait past ``CLEAR``, one more
  lane opens ``REACT`` later (while a lane is left), and the lanes so
  opened close again after ``IDLE`` without a queue (``queueing.Reaction``).

"Lanes enough" for a wave is its subjects times the measured service over
``CLEAR``, no more lanes than the queue has.  A past wave the post had
lanes enough for already, ``LEAD`` before it came, asked nothing of it and
is not counted either way.  ``REACT``, ``HOLD`` and ``IDLE`` were set on
seed 11 of the demo, never on the days the benchmark scores.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.enums import LaneKind
from desktop_app.planning.inputs import PLANNED_KINDS, Known, Queue
from desktop_app.planning.service import ServiceTime, service_for

CLEAR = timedelta(minutes=15)
LEAD = timedelta(minutes=10)  # lanes open this long before a wave: ready already
GRACE = timedelta(minutes=5)  # lanes opened by this long after its first arrival: ready
REACT = timedelta(minutes=5)
HOLD = timedelta(minutes=45)
IDLE = timedelta(minutes=40)
SETTLED = timedelta(hours=6)
MIN_WAVES = 5


@dataclass(frozen=True)
class Readiness:
    """Past forecast waves of a queue that asked for lanes, and those the post had ready."""

    waves: int
    ready: int

    @property
    def share(self) -> float | None:
        return self.ready / self.waves if self.waves else None

    @property
    def usual(self) -> bool:
        return self.waves >= MIN_WAVES and 2 * self.ready >= self.waves


def lanes_for(subjects: float, st: ServiceTime, lanes: int) -> int:
    """Lanes enough to clear ``subjects`` within ``CLEAR``, no more than there are."""
    needed = math.ceil(subjects * st.mean_s / CLEAR.total_seconds() - 1e-9)
    return max(1, min(lanes, needed))


def readiness(
    known: Known, times: dict[tuple[Queue, LaneKind], ServiceTime]
) -> dict[Queue, Readiness]:
    """Per queue: of the settled past waves that asked for more lanes, those ready in time."""
    linked: dict[uuid.UUID, list[tuple[datetime, Queue]]] = {}
    for j in known.joins:
        if j.forecast_id is not None and j.lane_kind in PLANNED_KINDS:
            linked.setdefault(j.forecast_id, []).append((j.joined_at, j.queue))
    planned = [lane for lane in known.lanes if lane.kind in PLANNED_KINDS]
    counts: dict[Queue, list[int]] = {}
    for f in known.forecasts:
        found = linked.get(f.id)
        if f.cancelled or not found or f.expected_at < known.history_from:
            continue
        if f.expected_at > known.at - SETTLED:
            continue
        per_queue: dict[Queue, list[datetime]] = {}
        for joined, queue in found:
            per_queue.setdefault(queue, []).append(joined)
        queue, stamps = max(per_queue.items(), key=lambda item: len(item[1]))
        lanes = [lane for lane in planned if queue in lane.queues]
        if not lanes:
            continue
        first_at = min(stamps)
        needed = lanes_for(len(stamps), service_for(times, queue, lanes[0]), len(lanes))
        before = sum(1 for lane in lanes if known.open_at(lane.id, first_at - LEAD))
        if before >= needed:
            continue
        after = sum(1 for lane in lanes if known.open_at(lane.id, first_at + GRACE))
        tally = counts.setdefault(queue, [0, 0])
        tally[0] += 1
        tally[1] += after >= needed
    return {queue: Readiness(waves, ready) for queue, (waves, ready) in counts.items()}
