"""The duty roster of a shift: who is on duty, which lane each works, and every change.

Recorded as postings (facts, ``db.models.DutyPosting``): an officer comes on
duty, takes a lane, moves to another (one posting: the lane left is the one
held before), leaves the lane, goes off duty.  Rules:

* one lane at a time: a posting to a lane while the officer works another is
  refused (``officer_on_two_lanes``); ``move`` is the way to change lanes;
* only an officer on duty in the shift takes a lane (taking one puts them on
  duty if they were not);
* postings of one officer go forward in time (``posting_order``), and never
  into a closed shift;
* lanes open without an officer working them are flagged (``unstaffed``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import outbox
from db.enums import DutyAction
from db.models import DutyPosting, Lane, LaneStateChange, Officer, Shift
from desktop_app import audit, checks
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation
from desktop_app.port_reader import PortReader


@dataclass(frozen=True)
class Posting:
    officer_id: uuid.UUID
    badge_no: str
    name: str
    action: DutyAction
    lane_code: str | None
    at: datetime
    recorded_by: uuid.UUID


@dataclass(frozen=True)
class OnDuty:
    """An officer's place at a moment: on duty, and the lane they work (None: no lane)."""

    officer_id: uuid.UUID
    badge_no: str
    name: str
    lane_code: str | None
    since: datetime


@dataclass(frozen=True)
class Roster:
    shift_id: uuid.UUID
    at: datetime
    on_duty: list[OnDuty]
    unstaffed: list[str]  # codes of lanes open at ``at`` that nobody works
    postings: list[Posting]  # the shift's every posting, in time order


def _postings(s: Session, desk: PortReader, shift_id: uuid.UUID) -> list[DutyPosting]:
    return list(
        s.scalars(
            select(DutyPosting)
            .where(DutyPosting.port_id == desk.port_id, DutyPosting.shift_id == shift_id)
            .order_by(DutyPosting.at, DutyPosting.id)
        )
    )


def _places(rows: list[DutyPosting], at: datetime) -> dict[uuid.UUID, tuple[DutyPosting, bool]]:
    """Each officer's latest posting up to ``at``, and whether they are on duty then."""
    out: dict[uuid.UUID, tuple[DutyPosting, bool]] = {}
    for row in rows:
        if row.at > at:
            break
        out[row.officer_id] = (row, row.action != DutyAction.OFF_DUTY)
    return out


def _record(
    desk: Desk,
    *,
    shift_id: uuid.UUID,
    officer_id: uuid.UUID,
    action: DutyAction,
    lane_id: uuid.UUID | None,
    by: uuid.UUID,
    at: datetime | None,
    reason: str,
    moving: bool = False,
) -> DutyPosting:
    reason = checks.text("reason", reason, limit=500, required=False)
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        shift = checks.in_port(s, desk, Shift, shift_id, "shift_id")
        checks.not_closed(shift)
        who = checks.in_port(s, desk, Officer, officer_id, "officer_id")
        if not who.active:
            raise RuleViolation("officer_id", "inactive", badge_no=who.badge_no)
        lane = checks.in_port(s, desk, Lane, lane_id, "lane_id") if lane_id is not None else None
        rows = _postings(s, desk, shift_id)
        mine = [r for r in rows if r.officer_id == officer_id]
        if mine and mine[-1].at > at:
            raise RuleViolation(
                "at", "posting_order", officer=who.badge_no, last_at=mine[-1].at.isoformat()
            )
        last = mine[-1] if mine else None
        on_duty = last is not None and last.action != DutyAction.OFF_DUTY
        working = last.lane_id if last is not None and last.action == DutyAction.LANE else None
        if action == DutyAction.ON_DUTY and on_duty:
            raise RuleViolation("officer_id", "already_on_duty", officer=who.badge_no)
        if action in (DutyAction.OFF_LANE, DutyAction.OFF_DUTY) and not on_duty:
            raise RuleViolation("officer_id", "not_on_duty", officer=who.badge_no)
        if action == DutyAction.LANE:
            assert lane is not None
            if working is not None and not moving:
                held = s.get_one(Lane, working)
                raise RuleViolation(
                    "lane_id", "officer_on_two_lanes", officer=who.badge_no, lane=held.code
                )
            if working == lane.id:
                raise RuleViolation("lane_id", "same_lane", reference=who.badge_no, lane=lane.code)
        row = outbox.append(
            s,
            DutyPosting,
            port_id=desk.port_id,
            shift_id=shift_id,
            officer_id=officer_id,
            action=action,
            lane_id=lane.id if lane is not None else None,
            at=at,
            recorded_by=by,
            reason=reason,
        )
        audit.log(
            s,
            desk,
            action=f"duty.{action.value}",
            by=by,
            entity="duty_postings",
            entity_id=row.id,
            at=at,
            officer=who.badge_no,
            lane=lane.code if lane is not None else "",
            moved=moving,
        )
        return row


def come_on_duty(
    desk: Desk, *, shift_id: uuid.UUID, officer_id: uuid.UUID, by: uuid.UUID,
    at: datetime | None = None,
) -> DutyPosting:  # fmt: skip
    return _record(desk, shift_id=shift_id, officer_id=officer_id, action=DutyAction.ON_DUTY,
                   lane_id=None, by=by, at=at, reason="")  # fmt: skip


def take_lane(
    desk: Desk, *, shift_id: uuid.UUID, officer_id: uuid.UUID, lane_id: uuid.UUID,
    by: uuid.UUID, at: datetime | None = None, reason: str = "",
) -> DutyPosting:  # fmt: skip
    """The officer works this lane from ``at``; refused while they work another one."""
    return _record(desk, shift_id=shift_id, officer_id=officer_id, action=DutyAction.LANE,
                   lane_id=lane_id, by=by, at=at, reason=reason)  # fmt: skip


def move(
    desk: Desk, *, shift_id: uuid.UUID, officer_id: uuid.UUID, lane_id: uuid.UUID,
    by: uuid.UUID, at: datetime | None = None,
) -> DutyPosting:  # fmt: skip
    """The officer leaves the lane they work for this one (who moved where, when)."""
    return _record(desk, shift_id=shift_id, officer_id=officer_id, action=DutyAction.LANE,
                   lane_id=lane_id, by=by, at=at, reason="", moving=True)  # fmt: skip


def leave_lane(
    desk: Desk, *, shift_id: uuid.UUID, officer_id: uuid.UUID, by: uuid.UUID,
    at: datetime | None = None,
) -> DutyPosting:  # fmt: skip
    return _record(desk, shift_id=shift_id, officer_id=officer_id, action=DutyAction.OFF_LANE,
                   lane_id=None, by=by, at=at, reason="")  # fmt: skip


def go_off_duty(
    desk: Desk, *, shift_id: uuid.UUID, officer_id: uuid.UUID, by: uuid.UUID,
    at: datetime | None = None,
) -> DutyPosting:  # fmt: skip
    return _record(desk, shift_id=shift_id, officer_id=officer_id, action=DutyAction.OFF_DUTY,
                   lane_id=None, by=by, at=at, reason="")  # fmt: skip


def roster(desk: PortReader, shift_id: uuid.UUID, at: datetime | None = None) -> Roster:
    """Who is on duty at ``at`` (default now), where, the open lanes nobody works, the history."""
    at = at or desk.now()
    with desk.read() as s:
        rows = _postings(s, desk, shift_id)
        people = {
            o.id: o for o in s.scalars(select(Officer).where(Officer.port_id == desk.port_id))
        }
        lanes = {
            lane.id: lane for lane in s.scalars(select(Lane).where(Lane.port_id == desk.port_id))
        }
        places = _places(rows, at)
        on_duty = []
        worked: set[uuid.UUID] = set()
        for officer_id, (row, present) in places.items():
            if not present:
                continue
            lane = lanes[row.lane_id] if row.action == DutyAction.LANE and row.lane_id else None
            if lane is not None:
                worked.add(lane.id)
            who = people[officer_id]
            on_duty.append(
                OnDuty(officer_id, who.badge_no, who.name, lane.code if lane else None, row.at)
            )
        opened: dict[uuid.UUID, bool] = {}
        for lane_id, is_open in s.execute(
            select(LaneStateChange.lane_id, LaneStateChange.opened)
            .where(LaneStateChange.port_id == desk.port_id, LaneStateChange.at <= at)
            .order_by(LaneStateChange.at, LaneStateChange.id)
        ):
            opened[lane_id] = is_open
        unstaffed = sorted(
            lanes[lane_id].code
            for lane_id, is_open in opened.items()
            if is_open and lane_id not in worked and lane_id in lanes
        )
        postings = [
            Posting(
                r.officer_id,
                people[r.officer_id].badge_no,
                people[r.officer_id].name,
                r.action,
                lanes[r.lane_id].code if r.lane_id else None,
                r.at,
                r.recorded_by,
            )
            for r in rows
        ]
    on_duty.sort(key=lambda o: (o.lane_code is None, o.lane_code or "", o.badge_no))
    return Roster(shift_id, at, on_duty, unstaffed, postings)
