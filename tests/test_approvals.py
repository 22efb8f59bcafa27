"""Priority clearance (desktop_app/approvals.py) and its use on the PRIORITY lane."""

from __future__ import annotations

import pytest
from conftest import PIN
from sqlalchemy import select

from db.enums import ApprovalDecision, Direction, Outcome, SubjectKind
from db.models import AuditEntry, PinLockout, PriorityApproval
from desktop_app import approvals, clearance, lanes, queue, shifts
from desktop_app.errors import RuleViolation
from tests.helpers.rules import actions, assert_violation, row_counter

PLATE = "新A12345"
TABLES = ("priority_approvals", "lane_assignments", "clearance_events", "outbox", "audit_entries")


snapshot = row_counter(TABLES)


def approval_row(post, approval_id):
    with post.desk.read() as s:
        return s.get(PriorityApproval, approval_id)


def ask(post, subject=PLATE, by=None):
    return approvals.request(
        post.desk, subject_ref=subject, reason="livestock vaccine", by=by or post.officer.id
    )


def decide(post, approval, *, approve=True, by=None, pin=PIN, note=""):
    return approvals.decide(
        post.desk,
        approval_id=approval.id,
        approve=approve,
        by=by or post.deputy.id,
        pin=pin,
        note=note,
    )


@pytest.fixture
def priority(post):
    lane = post.lane_by_code("PRIORITY")
    return lanes.set_open(post.desk, lane_id=lane.id, open_=True, by=post.officer.id)


def assign(post, lane, approval_id, subject=PLATE):
    return lanes.assign(
        post.desk,
        lane_id=lane.id,
        subject_ref=subject,
        subject_kind=SubjectKind.VEHICLE,
        by=post.officer.id,
        approval_id=approval_id,
    )


# -- request and decide -----------------------------------------------------------


def test_request_is_pending_in_the_open_shift_and_audited(post):
    approval = ask(post)
    assert approval.decision == ApprovalDecision.PENDING
    assert approval.shift_id == post.shift.id
    assert approval.requested_by == post.officer.id
    assert approval.requested_at == post.clock.at
    assert [a.id for a in shifts.pending_approvals(post.desk, post.shift.id)] == [approval.id]
    assert actions(post)[-1] == "priority.requested"


def test_request_without_open_shift_is_no_open_shift(post):
    shifts.close_shift(
        post.desk, shift_id=post.shift.id, by=post.deputy.id, pin=PIN, handover_notes=""
    )
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        ask(post)
    assert_violation(e, "shift", "no_open_shift")
    assert snapshot(post) == counts


def test_deputy_captain_approves_with_pin(post):
    approval = ask(post)
    decided = decide(post, approval)
    assert decided.decision == ApprovalDecision.APPROVED
    assert decided.decided_by == post.deputy.id
    assert decided.decided_at == post.clock.at
    assert actions(post)[-2:] == ["priority.sign", "priority.approved"]


def test_officer_cannot_decide_and_no_pin_is_asked(post):
    approval = ask(post, by=post.deputy.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        decide(post, approval, by=post.officer.id)
    assert_violation(e, "by", "role")
    assert snapshot(post) == counts
    assert post.count("pin_lockouts") == 0
    assert approval_row(post, approval.id).decision == ApprovalDecision.PENDING


def test_requester_cannot_approve_own_request(post):
    approval = ask(post, by=post.deputy.id)
    with pytest.raises(RuleViolation) as e:
        decide(post, approval, by=post.deputy.id)
    assert_violation(e, "by", "self_approval")
    row = approval_row(post, approval.id)
    assert row.decision == ApprovalDecision.PENDING
    assert row.decided_by is None
    assert "priority.approved" not in actions(post)
    # another deputy captain may
    assert decide(post, approval, by=post.deputy2.id).decision == ApprovalDecision.APPROVED


def test_rejection_needs_a_note(post):
    approval = ask(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        decide(post, approval, approve=False, note=" ")
    assert_violation(e, "note", "required")
    assert snapshot(post) == counts
    assert post.count("pin_lockouts") == 0
    assert approval_row(post, approval.id).decision == ApprovalDecision.PENDING


def test_rejection_with_a_note(post):
    approval = ask(post)
    decided = decide(post, approval, approve=False, note="no permit on file")
    assert decided.decision == ApprovalDecision.REJECTED
    assert decided.decision_note == "no permit on file"
    assert actions(post)[-1] == "priority.rejected"


def test_wrong_pin_is_refused_and_counted(post):
    approval = ask(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        decide(post, approval, pin="1111")
    assert_violation(e, "pin", "wrong_pin")
    assert approval_row(post, approval.id).decision == ApprovalDecision.PENDING
    with post.desk.read() as s:
        assert s.get(PinLockout, post.deputy.id).failures == 1
    assert actions(post)[-1] == "priority.sign.failed"
    assert post.count("priority_approvals") == counts["priority_approvals"]
    assert post.count("audit_entries") == counts["audit_entries"] + 1


def test_a_decided_approval_cannot_be_decided_again(post):
    approval = ask(post)
    decide(post, approval, approve=False, note="no")
    with pytest.raises(RuleViolation) as e:
        decide(post, approval, by=post.deputy2.id)
    assert_violation(e, "approval_id", "approval_state")
    assert approval_row(post, approval.id).decision == ApprovalDecision.REJECTED
    assert "priority.approved" not in actions(post)


# -- using an approval on the PRIORITY lane -------------------------------------------


def test_approved_approval_puts_the_subject_on_the_priority_lane(post, priority):
    approval = decide(post, ask(post))
    counts = snapshot(post)
    assignment = assign(post, priority, approval.id)
    assert assignment.approval_id == approval.id
    assert assignment.lane_id == priority.id
    assert assignment.shift_id == post.shift.id
    assert post.count("lane_assignments") == counts["lane_assignments"] + 1
    with post.desk.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "lane.assigned")).one()
    assert entry.detail["priority"] is True
    assert entry.detail["subject"] == PLATE


def test_an_approval_is_used_only_once(post, priority):
    approval = decide(post, ask(post))
    assign(post, priority, approval.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        assign(post, priority, approval.id)
    assert_violation(e, "approval_id", "approval_used")
    assert snapshot(post) == counts


def test_approval_for_another_subject_is_approval_subject(post, priority):
    approval = decide(post, ask(post))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        assign(post, priority, approval.id, subject="新B99999")
    assert_violation(e, "subject_ref", "approval_subject")
    assert snapshot(post) == counts
    assign(post, priority, approval.id)  # still unused


def test_pending_approval_is_approval_state(post, priority):
    approval = ask(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        assign(post, priority, approval.id)
    assert_violation(e, "approval_id", "approval_state")
    assert e.value.detail["decision"] == "pending"
    assert snapshot(post) == counts


def test_rejected_approval_is_approval_state(post, priority):
    approval = decide(post, ask(post), approve=False, note="no")
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        assign(post, priority, approval.id)
    assert_violation(e, "approval_id", "approval_state")
    assert e.value.detail["decision"] == "rejected"
    assert snapshot(post) == counts


def test_priority_lane_assignment_without_approval_is_approval_needed(post, priority):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        assign(post, priority, None)
    assert_violation(e, "approval_id", "approval_needed")
    assert snapshot(post) == counts


def test_assigned_subject_can_join_the_priority_lane_queue(post, priority):
    approval = decide(post, ask(post))
    assign(post, priority, approval.id)
    joined = clearance.join_queue(
        post.desk,
        lane_id=priority.id,
        reference=PLATE,
        subject_kind=SubjectKind.VEHICLE,
        direction=Direction.ENTRY,
        by=post.officer.id,
    )
    [line] = queue.current_queue(post.desk, lane_id=priority.id)
    assert line.clearance_id == joined.id
    assert line.lane_kind.value == "priority"


def test_another_subject_cannot_join_on_someone_elses_assignment(post, priority):
    approval = decide(post, ask(post))
    assign(post, priority, approval.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.join_queue(
            post.desk,
            lane_id=priority.id,
            reference="新B99999",
            subject_kind=SubjectKind.VEHICLE,
            direction=Direction.ENTRY,
            by=post.officer.id,
        )
    assert_violation(e, "lane_id", "approval_needed")
    assert snapshot(post) == counts


def test_one_approval_gives_one_priority_clearance(post, priority):
    # README: "a priority lane only with an approval ... used once".  After the
    # approved vehicle went through the priority lane, the same assignment must
    # not let it (or a vehicle with the same plate) through again.
    approval = decide(post, ask(post))
    assign(post, priority, approval.id)

    def join_priority():
        return clearance.join_queue(
            post.desk,
            lane_id=priority.id,
            reference=PLATE,
            subject_kind=SubjectKind.VEHICLE,
            direction=Direction.ENTRY,
            by=post.officer.id,
        )

    first = join_priority()
    clearance.start_service(post.desk, clearance_id=first.id, by=post.officer.id)
    clearance.finish(post.desk, clearance_id=first.id, outcome=Outcome.CLEARED, by=post.officer.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join_priority()
    assert e.value.field == "lane_id"
    assert e.value.rule in {"approval_needed", "approval_used"}
    assert snapshot(post) == counts
