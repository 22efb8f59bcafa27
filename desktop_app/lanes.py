"""Lanes and special channels: open, close, and assign arrivals to them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import outbox, queries
from db.enums import COMMAND_ROLES, ApprovalDecision, LaneDirection, LaneKind, SubjectKind
from db.models import Forecast, Lane, LaneAssignment, LaneStateChange, Officer, PriorityApproval
from db.outbox import FactRow
from desktop_app import alerts, audit, checks, queue
from desktop_app.errors import RuleViolation

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk


def lanes(desk: Desk) -> list[Lane]:
    with desk.read() as s:
        return list(
            s.scalars(
                select(Lane)
                .where(Lane.port_id == desk.port_id, ~Lane.deleted)
                .order_by(Lane.position)
            )
        )


def lane_by_code(desk: Desk, code: str) -> Lane:
    with desk.read() as s:
        lane = s.scalars(
            select(Lane).where(Lane.port_id == desk.port_id, Lane.code == code.upper())
        ).one_or_none()
    if lane is None:
        raise RuleViolation("lane", "not_found")
    return lane


@checks.validated
def set_open(
    desk: Desk,
    *,
    lane_id: uuid.UUID,
    open_: bool,
    by: uuid.UUID,
    reason: str = "",
    at: datetime | None = None,
) -> Lane:
    """Open or close a lane; a lane with people still queued cannot close."""
    reason = checks.text("reason", reason, limit=500, required=False)
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        lane = checks.in_port(s, desk, Lane, lane_id, "lane_id")
        if lane.is_open == open_:
            raise RuleViolation("lane_id", "lane_open" if open_ else "lane_closed", lane=lane.code)
        # Counted inside the unit (desk.read joins it): nobody can join in between.
        waiting = 0 if open_ else len(queue.current_queue(desk, lane_id=lane_id))
        if waiting:
            raise RuleViolation("lane_id", "lane_not_empty", lane=lane.code, waiting=waiting)
        lane.is_open = open_
        outbox.append(
            s,
            LaneStateChange,
            port_id=desk.port_id,
            lane_id=lane.id,
            opened=open_,
            at=at,
            officer_id=by,
            reason=reason,
        )
        audit.log(
            s,
            desk,
            action="lane.opened" if open_ else "lane.closed",
            by=by,
            entity="lanes",
            entity_id=lane.id,
            at=at,
            lane=lane.code,
            reason=reason,
        )
        alerts.follow(desk)
        return lane


def takes(lane: Lane, entry: queries.Clearance) -> bool:
    """Whether ``lane`` takes this waiting subject (its kind and direction)."""
    try:
        checks.lane_takes(lane.code, lane.subjects, entry.subject_kind)
    except RuleViolation:
        return False
    return lane.direction in (LaneDirection.BOTH, entry.direction.value)


@dataclass(frozen=True)
class MoveSuggestion:
    """Send the tail of a long queue to a lane just opened (``clearance.move``)."""

    from_lane_id: uuid.UUID
    from_code: str
    to_lane_id: uuid.UUID
    to_code: str
    waiting: tuple[uuid.UUID, ...]  # who may go, in the order they joined
    references: tuple[str, ...]  # theirs, in the same order
    count: int  # how many to send: the last ``count`` of ``waiting``

    def last(self, count: int) -> tuple[uuid.UUID, ...]:
        """The last ``count`` to join, the latest first."""
        return tuple(reversed(self.waiting[len(self.waiting) - count :])) if count > 0 else ()

    @property
    def clearance_ids(self) -> tuple[uuid.UUID, ...]:
        return self.last(self.count)


def suggest_move(desk: Desk, lane_id: uuid.UUID) -> MoveSuggestion | None:
    """Whom to send to ``lane_id`` (open): the tail of the longest queue it can take.

    From an open lane, as many as even the two queues out, the last to join (so
    nobody who waited longer is passed by a later one); from a closed lane, all,
    as it cannot serve them.  None when nobody should move.
    """
    entries = queue.current_queue(desk)
    with desk.read() as s:
        target = checks.in_port(s, desk, Lane, lane_id, "lane_id")
        others = {
            lane.id: lane
            for lane in s.scalars(select(Lane).where(Lane.port_id == desk.port_id, ~Lane.deleted))
        }
    if not target.is_open:
        return None
    waiting: dict[uuid.UUID, list[queries.Clearance]] = {}
    already = 0
    for entry in entries:
        if entry.started_at is not None:
            continue
        if entry.lane_id == target.id:
            already += 1
        elif takes(target, entry):
            waiting.setdefault(entry.lane_id, []).append(entry)
    if not waiting:
        return None
    source_id = max(waiting, key=lambda lid: (len(waiting[lid]), -others[lid].position))
    source = others[source_id]
    queued = sorted(waiting[source_id], key=lambda e: (e.joined_at, e.clearance_id))
    count = len(queued) if not source.is_open else (len(queued) - already) // 2
    if count <= 0:
        return None
    return MoveSuggestion(
        source.id,
        source.code,
        target.id,
        target.code,
        tuple(e.clearance_id for e in queued),
        tuple(e.reference for e in queued),
        count,
    )


@checks.validated
def assign(
    desk: Desk,
    *,
    lane_id: uuid.UUID,
    subject_ref: str,
    subject_kind: SubjectKind,
    by: uuid.UUID,
    forecast_id: uuid.UUID | None = None,
    reason: str = "",
    approval_id: uuid.UUID | None = None,
    at: datetime | None = None,
) -> FactRow:
    """Send an arrival to a lane; a priority lane needs an approved, unused approval."""
    subject_ref = checks.text("subject_ref", subject_ref, limit=40)
    reason = checks.text("reason", reason, limit=500, required=False)
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        lane = checks.in_port(s, desk, Lane, lane_id, "lane_id")
        if not lane.is_open:
            raise RuleViolation("lane_id", "lane_closed", lane=lane.code)
        checks.lane_takes(lane.code, lane.subjects, subject_kind)
        shift = checks.open_shift(s, desk, at)
        if forecast_id is not None:
            checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        if lane.kind == LaneKind.PRIORITY and approval_id is None:
            raise RuleViolation("approval_id", "approval_needed")
        if approval_id is not None:
            _check_approval(s, desk, approval_id, subject_ref)
        assignment = outbox.append(
            s,
            LaneAssignment,
            port_id=desk.port_id,
            shift_id=shift.id,
            lane_id=lane.id,
            forecast_id=forecast_id,
            subject_ref=subject_ref,
            subject_kind=subject_kind,
            assigned_by=by,
            at=at,
            reason=reason,
            approval_id=approval_id,
        )
        audit.log(
            s,
            desk,
            action="lane.assigned",
            by=by,
            entity="lane_assignments",
            entity_id=assignment.id,
            at=at,
            lane=lane.code,
            subject=subject_ref,
            priority=approval_id is not None,
        )
        return assignment


def _check_approval(s: Session, desk: Desk, approval_id: uuid.UUID, subject_ref: str) -> None:
    approval = checks.in_port(s, desk, PriorityApproval, approval_id, "approval_id")
    if approval.decision != ApprovalDecision.APPROVED:
        raise RuleViolation("approval_id", "approval_state", decision=approval.decision.value)
    # The authority is checked again here, not only when deciding: a decision
    # that arrived by sync from a device with a different roster must hold too.
    decider = s.get(Officer, approval.decided_by) if approval.decided_by else None
    if decider is None or decider.role not in COMMAND_ROLES:
        raise RuleViolation(
            "approval_id", "approval_state", decision="not decided by an authorised role"
        )
    if approval.decided_by == approval.requested_by:  # may have come by sync
        raise RuleViolation("approval_id", "self_approval")
    if approval.subject_ref != subject_ref:
        raise RuleViolation(
            "subject_ref",
            "approval_subject",
            approved=approval.subject_ref,
            subject_ref=subject_ref,
        )
    used = s.scalar(select(LaneAssignment.id).where(LaneAssignment.approval_id == approval.id))
    if used is not None:
        raise RuleViolation("approval_id", "approval_used")


def assignments(desk: Desk, shift_id: uuid.UUID) -> list[LaneAssignment]:
    with desk.read() as s:
        return list(
            s.scalars(
                select(LaneAssignment)
                .where(LaneAssignment.shift_id == shift_id)
                .order_by(LaneAssignment.at)
            )
        )


def state_history(desk: Desk, start: datetime, end: datetime) -> list[LaneStateChange]:
    with desk.read() as s:
        return list(
            s.scalars(
                select(LaneStateChange)
                .where(
                    LaneStateChange.port_id == desk.port_id,
                    LaneStateChange.at >= start,
                    LaneStateChange.at < end,
                )
                .order_by(LaneStateChange.at)
            )
        )
