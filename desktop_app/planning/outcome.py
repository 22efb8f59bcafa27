"""What happened after a line of advice: did its lane open, and how long did the wave wait?"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import queries
from db.models import Lane, LaneStateChange
from desktop_app import stats
from desktop_app.lane_groups import group_of
from desktop_app.planning.inputs import PLANNED_KINDS, queue_of
from desktop_app.port_reader import PortReader

WAVE = timedelta(hours=1)
BEFORE = timedelta(hours=1)  # a lane opened this long before the advice counts for it


def what_happened(
    s: Session,
    desk: PortReader,
    decision: Any,
    clearances: Sequence[queries.Clearance],
    as_of: datetime,
) -> tuple[datetime | None, float | None]:
    """(when the advised lane opened, the queue's actual P90 wait in the wave's hour)."""
    opened = None
    if decision.lane_code:
        lane_id = s.scalar(
            select(Lane.id).where(Lane.port_id == desk.port_id, Lane.code == decision.lane_code)
        )
        opened = s.scalar(
            select(LaneStateChange.at)
            .where(
                LaneStateChange.lane_id == lane_id,
                LaneStateChange.opened.is_(True),
                LaneStateChange.at >= decision.at - BEFORE,
                LaneStateChange.at < decision.wave_at + WAVE,
                LaneStateChange.at <= as_of,
            )
            .order_by(LaneStateChange.at)
            .limit(1)
        )
    waits = [
        c.wait(as_of)
        for c in clearances
        if decision.wave_at <= c.joined_at < decision.wave_at + WAVE
        and c.joined_at <= as_of
        and c.lane_kind in PLANNED_KINDS
        and queue_of(group_of(c.subject_kind, c.direction, c.lane_code), c.direction).value
        == decision.queue
    ]
    p90 = stats.percentiles(waits, [90])[0] if waits else None
    return opened, p90
