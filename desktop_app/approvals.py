"""Priority clearance: requested by an officer, decided by a command role with a PIN.

"Strictly manage the approval authority of priority clearance": only deputy
captains and above decide, never on their own request, and every request and
decision is in the audit log.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import COMMAND_ROLES, ApprovalDecision
from db.models import Forecast, PriorityApproval
from desktop_app import audit, checks, officers
from desktop_app.errors import RuleViolation

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk


@checks.validated
def request(
    desk: Desk,
    *,
    subject_ref: str,
    reason: str,
    by: uuid.UUID,
    forecast_id: uuid.UUID | None = None,
) -> PriorityApproval:
    subject_ref = checks.text("subject_ref", subject_ref, limit=40)
    reason = checks.text("reason", reason, limit=500)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        now = desk.now()
        shift = checks.open_shift(s, desk, now)
        if forecast_id is not None:
            checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        approval = PriorityApproval(
            port_id=desk.port_id,
            shift_id=shift.id,
            subject_ref=subject_ref,
            forecast_id=forecast_id,
            reason=reason,
            requested_by=by,
            requested_at=now,
            decision=ApprovalDecision.PENDING,
        )
        s.add(approval)
        s.flush()
        audit.log(
            s,
            desk,
            action="priority.requested",
            by=by,
            entity="priority_approvals",
            entity_id=approval.id,
            subject=subject_ref,
            reason=reason,
        )
        return approval


@checks.validated
def decide(
    desk: Desk,
    *,
    approval_id: uuid.UUID,
    approve: bool,
    by: uuid.UUID,
    pin: str,
    note: str = "",
) -> PriorityApproval:
    """Approve or reject, signed with the deciding officer's PIN."""
    note = checks.text("note", note, limit=500, required=not approve)
    # Everything that can refuse the decision comes before the PIN: a signature in
    # the audit log must not stand for a decision that never happened.
    with desk.read() as s:
        _decidable(s, desk, approval_id, by)
    officers.verify(desk, officer_id=by, pin=pin, purpose="priority.sign")
    with desk.unit() as s:
        approval = _decidable(s, desk, approval_id, by)
        approval.decision = ApprovalDecision.APPROVED if approve else ApprovalDecision.REJECTED
        approval.decided_by, approval.decided_at, approval.decision_note = by, desk.now(), note
        audit.log(
            s,
            desk,
            action=f"priority.{approval.decision.value}",
            by=by,
            entity="priority_approvals",
            entity_id=approval.id,
            subject=approval.subject_ref,
            note=note,
        )
        return approval


def _decidable(s: Session, desk: Desk, approval_id: uuid.UUID, by: uuid.UUID) -> PriorityApproval:
    checks.officer(s, desk, by, COMMAND_ROLES)
    approval = checks.in_port(s, desk, PriorityApproval, approval_id, "approval_id")
    if approval.decision != ApprovalDecision.PENDING:
        raise RuleViolation("approval_id", "approval_state", decision=approval.decision.value)
    if approval.requested_by == by:
        raise RuleViolation("by", "self_approval")
    checks.open_shift(s, desk)
    return approval


def for_shift(desk: Desk, shift_id: uuid.UUID) -> list[PriorityApproval]:
    with desk.read() as s:
        return list(
            s.scalars(
                select(PriorityApproval)
                .where(PriorityApproval.shift_id == shift_id)
                .order_by(PriorityApproval.requested_at)
            )
        )
