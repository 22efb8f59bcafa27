"""Lanes and special channels: open, close, and assign arrivals to them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import outbox
from db.enums import COMMAND_ROLES, ApprovalDecision, LaneKind, SubjectKind
from db.models import Forecast, Lane, LaneAssignment, LaneStateChange, Officer, PriorityApproval
from db.outbox import FactRow
from desktop_app import audit, checks, queue
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation


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
        return lane


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
