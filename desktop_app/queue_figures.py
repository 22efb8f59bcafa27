"""Queue figures for the reports: waits before opening apart, and the alert episodes.

**Waits before opening.**  A subject may join the queue of a lane that is not
open yet (at a day port, the gate before opening time; at any port, a booth
not staffed yet); the join is marked (``before_open``) and the wait is
measured from arrival like any other.  Mixed into one figure, those waits
would make the 30-minute target meaningless (a truck queueing at 07:00 for a
gate that opens at 09:00 is not a breach), so every target figure leaves them
out (``desktop_app.stats``) and ``opening_split`` reports them apart.

**Alert episodes.**  ``desktop_app.alerts.episodes(desk, start, end)`` gives
the episodes of a period (lane group, start, level changes, peak, end, the
acknowledgements with the action taken, ``response_s()``: seconds until a
lane of the group opened or the wait fell back below amber); ``episode_figures``
sums them up.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from db import queries
from db.enums import LaneGroup, WaitLevel
from desktop_app.alerts import Episode
from desktop_app.stats import Summary, before_opening_summary, period_clearances, wait_summary

if TYPE_CHECKING:  # the desk is passed in; only its type is named here
    from desktop_app.desk import Desk


@dataclass(frozen=True)
class OpeningSplit:
    """The wait summaries of one period: subjects who joined before their lane opened, the rest."""

    before_opening: Summary
    in_opening_hours: Summary


def opening_split(rows: Sequence[queries.Clearance], as_of: datetime) -> OpeningSplit:
    """Split clearances (as known at ``as_of``) by ``before_open``: joined a lane not open yet."""
    return OpeningSplit(
        before_opening=before_opening_summary(rows, as_of),
        in_opening_hours=wait_summary(rows, as_of),
    )


def wait_split(desk: Desk, start: datetime, end: datetime, as_of: datetime) -> OpeningSplit:
    """``opening_split`` of the clearances that joined in [start, end), as of ``as_of``."""
    return opening_split(period_clearances(desk, start, end, as_of), as_of)


@dataclass(frozen=True)
class EpisodeFigures:
    """Alert episodes of a period, summed up: how many, how bad, how quickly answered."""

    count: int
    red: int  # episodes that reached red
    acknowledged: int
    open: int  # still running at the end of the period
    by_group: dict[LaneGroup, int] = field(default_factory=dict)
    longest_peak_s: int | None = None
    median_response_s: float | None = None  # until a lane opened or the wait fell back
    median_duration_s: float | None = None


def started_per_day(
    found: Sequence[Episode], local_day: Callable[[datetime], date]
) -> dict[date, list[Episode]]:
    """Episodes by the local day each started on (a day's count of alerts)."""
    days: dict[date, list[Episode]] = defaultdict(list)
    for episode in found:
        days[local_day(episode.started_at)].append(episode)
    return days


def episode_figures(found: Sequence[Episode], now: datetime) -> EpisodeFigures:
    responses = [r for r in (e.response_s() for e in found) if r is not None]
    return EpisodeFigures(
        count=len(found),
        red=sum(1 for e in found if e.top_level == WaitLevel.RED),
        acknowledged=sum(1 for e in found if e.acknowledged),
        open=sum(1 for e in found if e.open),
        by_group={g: n for g in LaneGroup if (n := sum(1 for e in found if e.lane_group == g))},
        longest_peak_s=max((e.peak_s for e in found), default=None),
        median_response_s=statistics.median(responses) if responses else None,
        median_duration_s=statistics.median(e.duration_s(now) for e in found) if found else None,
    )
