"""Shift rules (desktop_app/shifts.py): plan, checklist, open, close out, read-only after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import PIN
from sqlalchemy import select

from db.enums import CheckResult, EmergencyKind, ShiftState, SubjectKind, TravellerCategory
from db.models import AuditEntry, PinLockout, Shift
from desktop_app import approvals, clearance, emergencies, shifts
from desktop_app.errors import RuleViolation
from tests.helpers.rules import actions, assert_violation, row_counter

TABLES = ("shifts", "shift_checklist_items", "outbox", "audit_entries", "clearance_events")
REQUIRED_AT_TRG = {"equipment", "mock_inspection", "link_power", "oxygen_kit"}


snapshot = row_counter(TABLES)


def shift_row(post, shift_id):
    with post.desk.read() as s:
        return s.get(Shift, shift_id)


def close(post, *, by=None, pin=PIN, at=None, notes=""):
    return shifts.close_shift(
        post.desk,
        shift_id=post.shift.id,
        by=by or post.deputy.id,
        pin=pin,
        handover_notes=notes,
        at=at or post.clock.at,
    )


def plan(post, *, by=None, start=None, hours=12):
    start = start or post.clock.at
    return shifts.plan_shift(
        post.desk,
        team_id=post.team.id,
        planned_start=start,
        planned_end=start + timedelta(hours=hours),
        by=by or post.deputy.id,
    )


def check_all(post, shift_id, codes=REQUIRED_AT_TRG, result=CheckResult.PASS):
    for code in sorted(codes):
        shifts.record_check(
            post.desk,
            shift_id=shift_id,
            item_code=code,
            result=result,
            by=post.officer.id,
            note="noted" if result == CheckResult.FAIL else "",
        )


# -- plan ------------------------------------------------------------------------


def test_plan_shift_creates_a_planned_shift_and_audits_it(post):
    counts = snapshot(post)
    shift = plan(post)
    assert shift.state == ShiftState.PLANNED
    assert shift.actual_start is None
    assert post.count("shifts") == counts["shifts"] + 1
    assert actions(post)[-1] == "shift.planned"


def test_officer_cannot_plan_a_shift(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        plan(post, by=post.officer.id)
    assert_violation(e, "by", "role")
    assert snapshot(post) == counts


@pytest.mark.parametrize("who", ["deputy", "admin"])
def test_command_roles_may_plan_a_shift(post, who):
    assert plan(post, by=getattr(post, who).id).state == ShiftState.PLANNED


def test_plan_ending_before_it_starts_is_time_order(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        plan(post, hours=-1)
    assert_violation(e, "planned_end", "time_order")
    assert snapshot(post) == counts


def test_plan_longer_than_24_hours_is_out_of_range(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        plan(post, hours=25)
    assert_violation(e, "planned_end", "out_of_range")
    assert snapshot(post) == counts


# -- checklist -------------------------------------------------------------------


def test_checklist_status_lists_every_item_with_its_latest_result(post):
    shift = plan(post)
    shifts.record_check(
        post.desk,
        shift_id=shift.id,
        item_code="equipment",
        result=CheckResult.FAIL,
        by=post.officer.id,
        note="reader 2 dead",
        at=post.clock.at - timedelta(minutes=10),
    )
    shifts.record_check(
        post.desk,
        shift_id=shift.id,
        item_code="equipment",
        result=CheckResult.PASS,
        by=post.officer.id,
        at=post.clock.at - timedelta(minutes=5),
    )
    status = {c.item.code: c for c in shifts.checklist_status(post.desk, shift.id)}
    assert set(status) == REQUIRED_AT_TRG | {"briefing"}  # plateau port: oxygen kit too
    assert status["equipment"].result == CheckResult.PASS
    assert status["mock_inspection"].result is None
    assert not status["briefing"].item.required


def test_failed_check_without_a_note_is_refused(post):
    shift = plan(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        shifts.record_check(
            post.desk,
            shift_id=shift.id,
            item_code="equipment",
            result=CheckResult.FAIL,
            by=post.officer.id,
            note="  ",
        )
    assert_violation(e, "note", "note_for_failure")
    assert snapshot(post) == counts


def test_failed_check_with_a_note_is_recorded(post):
    shift = plan(post)
    row = shifts.record_check(
        post.desk,
        shift_id=shift.id,
        item_code="equipment",
        result=CheckResult.FAIL,
        by=post.officer.id,
        note="camera 3 offline",
    )
    assert row.note == "camera 3 offline"
    assert row.result == CheckResult.FAIL


def test_unknown_checklist_item_is_choice(post):
    shift = plan(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        shifts.record_check(
            post.desk,
            shift_id=shift.id,
            item_code="coffee",
            result=CheckResult.PASS,
            by=post.officer.id,
        )
    assert_violation(e, "item_code", "choice")
    assert snapshot(post) == counts


# -- open ------------------------------------------------------------------------


def test_open_needs_every_required_checklist_item(post):
    close(post)
    shift = plan(post)
    check_all(post, shift.id, {"equipment", "mock_inspection"})
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        shifts.open_shift(post.desk, shift_id=shift.id, by=post.deputy.id)
    assert_violation(e, "checklist", "checklist_incomplete")
    missing = set(e.value.detail["missing"].split(", "))
    assert missing == {"link_power", "oxygen_kit"}
    assert snapshot(post) == counts
    assert shift_row(post, shift.id).state == ShiftState.PLANNED


def test_open_with_required_items_done_opens_even_without_optional_ones(post):
    close(post)
    shift = plan(post)
    check_all(post, shift.id)  # no "briefing": it is optional
    opened = shifts.open_shift(post.desk, shift_id=shift.id, by=post.deputy.id)
    assert opened.state == ShiftState.OPEN
    assert opened.actual_start == post.clock.at
    assert opened.opened_by == post.deputy.id
    assert shifts.current_shift(post.desk).id == shift.id
    assert actions(post)[-1] == "shift.opened"


def test_officer_cannot_open_a_shift(post):
    close(post)
    shift = plan(post)
    check_all(post, shift.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        shifts.open_shift(post.desk, shift_id=shift.id, by=post.officer.id)
    assert_violation(e, "by", "role")
    assert snapshot(post) == counts
    assert shift_row(post, shift.id).state == ShiftState.PLANNED


def test_only_one_open_shift_per_port(post):
    shift = plan(post)
    check_all(post, shift.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        shifts.open_shift(post.desk, shift_id=shift.id, by=post.deputy.id)
    assert_violation(e, "shift", "shift_open")
    assert snapshot(post) == counts
    assert shift_row(post, shift.id).state == ShiftState.PLANNED
    assert shifts.current_shift(post.desk).id == post.shift.id


def test_opening_an_open_shift_is_shift_state(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        shifts.open_shift(post.desk, shift_id=post.shift.id, by=post.deputy.id)
    assert_violation(e, "shift", "shift_state")
    assert snapshot(post) == counts


# -- close -----------------------------------------------------------------------


def test_close_makes_the_shift_closed_and_audits_it(post):
    closed = close(post, notes="lane P-IN-2 reader replaced")
    assert closed.state == ShiftState.CLOSED
    assert closed.actual_end == post.clock.at
    assert closed.closed_by == post.deputy.id
    assert closed.handover_notes == "lane P-IN-2 reader replaced"
    assert shifts.current_shift(post.desk) is None
    assert shifts.latest_closed(post.desk).id == post.shift.id
    assert actions(post)[-2:] == ["shift.close.sign", "shift.closed"]


def test_close_reports_who_is_still_in_the_queue(post):
    clearance.join_queue(
        post.desk,
        lane_id=post.lane.id,
        reference="T-1",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=post.officer.id,
    )
    close(post)
    with post.desk.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "shift.closed")).one()
    assert entry.detail == {"carried_over_in_queue": 1}


def test_officer_cannot_close_a_shift_and_no_pin_is_asked(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        close(post, by=post.officer.id)
    assert_violation(e, "by", "role")
    assert snapshot(post) == counts
    assert post.count("pin_lockouts") == 0
    assert shift_row(post, post.shift.id).state == ShiftState.OPEN


def test_close_with_wrong_pin_is_refused_but_counted_and_audited(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        close(post, pin="0000")
    assert_violation(e, "pin", "wrong_pin")
    assert shift_row(post, post.shift.id).state == ShiftState.OPEN
    with post.desk.read() as s:
        lock = s.get(PinLockout, post.deputy.id)
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "shift.close.sign.failed")
        ).one()
    assert lock.failures == 1
    assert lock.locked_until is None
    assert entry.officer_id == post.deputy.id
    assert entry.detail == {"failures": 1}
    # the failed attempt is the only thing written; no close-out
    assert post.count("audit_entries") == counts["audit_entries"] + 1
    assert "shift.closed" not in actions(post)
    assert post.count("shifts") == counts["shifts"]


def test_close_refused_while_priority_requests_are_pending(post):
    approvals.request(post.desk, subject_ref="新A12345", reason="medicine", by=post.officer.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        close(post)
    assert_violation(e, "shift", "pending_approvals")
    assert e.value.detail == {"count": 1}
    assert shift_row(post, post.shift.id).state == ShiftState.OPEN
    assert "shift.closed" not in actions(post)
    # only the signature check is logged (verify commits on its own, by design)
    assert post.count("audit_entries") == counts["audit_entries"] + 1
    assert post.count("outbox") == counts["outbox"] + 1


def test_close_before_the_shift_started_is_time_order(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        close(post, at=post.shift.actual_start - timedelta(minutes=1))
    assert_violation(e, "at", "time_order")
    assert shift_row(post, post.shift.id).state == ShiftState.OPEN
    assert "shift.closed" not in actions(post)
    assert post.count("shifts") == counts["shifts"]


def test_closing_a_closed_shift_is_shift_state(post):
    close(post)
    with pytest.raises(RuleViolation) as e:
        close(post)
    assert_violation(e, "shift", "shift_state")
    assert actions(post).count("shift.closed") == 1


# -- a closed shift is read-only --------------------------------------------------


def test_record_check_on_closed_shift_is_shift_closed(post):
    close(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        shifts.record_check(
            post.desk,
            shift_id=post.shift.id,
            item_code="equipment",
            result=CheckResult.PASS,
            by=post.deputy.id,
        )
    assert_violation(e, "shift", "shift_closed")
    assert snapshot(post) == counts


def test_handover_notes_on_closed_shift_is_shift_closed(post):
    close(post, notes="as handed over")
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        shifts.set_handover_notes(
            post.desk, shift_id=post.shift.id, notes="rewritten", by=post.deputy.id
        )
    assert_violation(e, "shift", "shift_closed")
    assert snapshot(post) == counts
    assert shift_row(post, post.shift.id).handover_notes == "as handed over"


def test_handover_notes_while_open_are_saved(post):
    shifts.set_handover_notes(post.desk, shift_id=post.shift.id, notes="fog", by=post.officer.id)
    assert shift_row(post, post.shift.id).handover_notes == "fog"


def test_emergency_update_on_closed_shift_is_shift_closed(post):
    passage = emergencies.record(
        post.desk, kind=EmergencyKind.ALTITUDE_SICKNESS, by=post.officer.id, subject_ref="E1"
    )
    close(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        emergencies.update(
            post.desk, passage_id=passage.id, by=post.officer.id, outcome="to hospital"
        )
    assert_violation(e, "shift", "shift_closed")
    assert snapshot(post) == counts
    assert emergencies.for_shift(post.desk, post.shift.id)[0].outcome == ""


def test_join_queue_after_close_is_no_open_shift(post):
    close(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.join_queue(
            post.desk,
            lane_id=post.lane.id,
            reference="T-1",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=post.officer.id,
        )
    assert_violation(e, "shift", "no_open_shift")
    assert snapshot(post) == counts
