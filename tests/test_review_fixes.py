"""Rules a reviewer found open: decisions refused before any signature is logged, a
self-approval arriving by sync, shifts found by when they really ran."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.enums import ApprovalDecision, SubjectKind
from db.models import AuditEntry, PriorityApproval
from desktop_app import approvals, lanes, shifts
from desktop_app.errors import RuleViolation
from tests.conftest import PIN


def signatures(post) -> int:
    with post.desk.read() as s:
        return len(s.scalars(select(AuditEntry).where(AuditEntry.action == "priority.sign")).all())


def test_a_refused_decision_leaves_no_signature(post):
    request = approvals.request(
        post.desk, subject_ref="新A·11111", reason="medicine", by=post.officer.id
    )
    approvals.decide(post.desk, approval_id=request.id, approve=True, by=post.deputy.id, pin=PIN)
    before = signatures(post)
    with pytest.raises(RuleViolation) as refused:
        approvals.decide(
            post.desk, approval_id=request.id, approve=True, by=post.deputy2.id, pin=PIN
        )
    assert (refused.value.field, refused.value.rule) == ("approval_id", "approval_state")
    assert signatures(post) == before


def test_a_self_approval_that_arrived_by_sync_cannot_be_used(post):
    request = approvals.request(
        post.desk, subject_ref="新A·22222", reason="medicine", by=post.deputy.id
    )
    with post.desk.unit(remote=True) as s:  # as a pulled row would be applied
        approval = s.get(PriorityApproval, request.id)
        approval.decision = ApprovalDecision.APPROVED
        approval.decided_by, approval.decided_at = post.deputy.id, post.clock.at
    lane = post.lane_by_code("PRIORITY")
    lanes.set_open(post.desk, lane_id=lane.id, open_=True, by=post.officer.id)
    with pytest.raises(RuleViolation) as refused:
        lanes.assign(
            post.desk,
            lane_id=lane.id,
            subject_ref="新A·22222",
            subject_kind=SubjectKind.VEHICLE,
            by=post.officer.id,
            approval_id=request.id,
        )
    assert (refused.value.field, refused.value.rule) == ("approval_id", "self_approval")


def test_shifts_are_found_by_when_they_really_ran(post):
    # The fixture's shift was planned for 12 hours from two hours ago and is still open;
    # close it late, after its planned end.
    planned_end = post.shift.planned_end
    post.clock.at = planned_end + timedelta(hours=3)
    shifts.close_shift(
        post.desk, shift_id=post.shift.id, by=post.deputy.id, pin=PIN, handover_notes=""
    )
    after_plan = shifts.shifts_between(
        post.desk, planned_end + timedelta(hours=1), planned_end + timedelta(hours=2)
    )
    assert [s.id for s in after_plan] == [post.shift.id]
    assert (
        shifts.shifts_between(
            post.desk, planned_end + timedelta(hours=4), planned_end + timedelta(hours=5)
        )
        == []
    )
