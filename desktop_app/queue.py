"""The live queue: who is waiting where, and for how long, against the 30-minute target."""

from __future__ import annotations

import statistics
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from db import queries
from db.enums import WaitLevel
from db.models import Lane
from desktop_app.port_reader import PortReader
from desktop_app.reference import CITIZEN_TARGET

# The national rule (desktop_app.reference, the one place it is written) as a duration.
TARGET = timedelta(seconds=CITIZEN_TARGET.seconds)
AMBER = timedelta(minutes=15)  # open more lanes
RED = timedelta(minutes=25)  # start the emergency plan
# Entries older than this are not "the queue" any more but forgotten
# records; the shift close-out lists them for correction.
HORIZON = timedelta(hours=24)


Level = WaitLevel  # stored with the alert episodes, so it lives in db.enums


def level_for(wait: timedelta) -> Level:
    if wait >= RED:
        return Level.RED
    return Level.AMBER if wait >= AMBER else Level.OK


def current_queue(desk: PortReader, *, lane_id: uuid.UUID | None = None) -> list[queries.Clearance]:
    """Clearances joined and not finished (waiting or in service), oldest first."""
    now = desk.now()
    with desk.read() as s:
        rows = queries.clearances(
            s, desk.port_id, now - HORIZON, now + HORIZON, unfinished_only=True
        )
    return [r for r in rows if lane_id is None or r.lane_id == lane_id]


@dataclass(frozen=True)
class QueueLevel:
    waiting: int
    longest: timedelta
    median: timedelta
    level: Level


def summarize(entries: list[queries.Clearance], now: datetime) -> QueueLevel:
    waits = [now - e.joined_at for e in entries if e.started_at is None]
    if not waits:
        return QueueLevel(0, timedelta(0), timedelta(0), Level.OK)
    longest = max(waits)
    # median() needs only + and / 2, which timedeltas have (typeshed asks for numbers).
    median: timedelta = statistics.median(waits)  # type: ignore[type-var]
    return QueueLevel(len(waits), longest, median, level_for(longest))


@dataclass(frozen=True)
class LaneStatus:
    lane_id: uuid.UUID
    code: str
    name_zh: str
    name_en: str
    kind: str
    direction: str
    subjects: str
    is_open: bool
    capacity_per_hour: int | None
    queue: QueueLevel
    in_service: int


def lane_board(desk: PortReader) -> list[LaneStatus]:
    now = desk.now()
    entries = current_queue(desk)
    with desk.read() as s:
        lanes = list(
            s.scalars(
                select(Lane)
                .where(Lane.port_id == desk.port_id, ~Lane.deleted)
                .order_by(Lane.position)
            )
        )
    board = []
    for lane in lanes:
        mine = [e for e in entries if e.lane_id == lane.id]
        board.append(
            LaneStatus(
                lane_id=lane.id,
                code=lane.code,
                name_zh=lane.name_zh,
                name_en=lane.name_en,
                kind=lane.kind.value,
                direction=lane.direction.value,
                subjects=lane.subjects.value,
                is_open=lane.is_open,
                capacity_per_hour=lane.capacity_per_hour,
                queue=summarize(mine, now),
                in_service=sum(1 for e in mine if e.started_at is not None),
            )
        )
    return board
