"""Lanes, the live queue board and emergency passage (lanes.py, queue.py, emergencies.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import PIN
from sqlalchemy import select

from db.enums import EmergencyKind, LaneKind, Outcome, SubjectKind, TravellerCategory
from db.models import AuditEntry, Lane, LaneStateChange
from desktop_app import clearance, emergencies, lanes, queue, shifts
from desktop_app.errors import RuleViolation
from desktop_app.queue import Level
from tests.helpers.rules import assert_violation, row_counter

TABLES = ("lane_state_changes", "lane_assignments", "emergency_passages", "outbox", "audit_entries")


snapshot = row_counter(TABLES)


def lane_row(post, lane_id):
    with post.desk.read() as s:
        return s.get(Lane, lane_id)


def join(post, reference, minutes_ago, lane=None):
    return clearance.join_queue(
        post.desk,
        lane_id=(lane or post.lane).id,
        reference=reference,
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.FOREIGN_NATIONAL,
        by=post.officer.id,
        at=post.clock.at - timedelta(minutes=minutes_ago),
    )


def board_line(post, code):
    return next(x for x in queue.lane_board(post.desk) if x.code == code)


def close_shift(post):
    shifts.close_shift(
        post.desk, shift_id=post.shift.id, by=post.deputy.id, pin=PIN, handover_notes=""
    )


# -- open and close ------------------------------------------------------------------


def test_closing_a_lane_writes_history_and_audit(post):
    counts = snapshot(post)
    at = post.clock.at - timedelta(minutes=1)
    lane = lanes.set_open(
        post.desk, lane_id=post.lane.id, open_=False, by=post.deputy.id, reason="staff break", at=at
    )
    assert not lane.is_open
    assert not lane_row(post, post.lane.id).is_open
    assert post.count("lane_state_changes") == counts["lane_state_changes"] + 1
    with post.desk.read() as s:
        change = s.scalars(
            select(LaneStateChange)
            .where(LaneStateChange.lane_id == post.lane.id)
            .order_by(LaneStateChange.at.desc())
        ).first()
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "lane.closed")).one()
    assert (change.opened, change.at, change.officer_id, change.reason) == (
        False,
        at,
        post.deputy.id,
        "staff break",
    )
    assert entry.entity_id == post.lane.id
    assert entry.at == at
    assert entry.detail == {"lane": "P-IN-1", "reason": "staff break"}


def test_opening_a_lane_writes_history_and_audit(post):
    other = post.lane_by_code("P-IN-2")
    counts = snapshot(post)
    lanes.set_open(post.desk, lane_id=other.id, open_=True, by=post.officer.id)
    assert lane_row(post, other.id).is_open
    assert post.count("lane_state_changes") == counts["lane_state_changes"] + 1
    history = lanes.state_history(
        post.desk, post.clock.at - timedelta(days=1), post.clock.at + timedelta(seconds=1)
    )
    assert [(h.lane_id, h.opened) for h in history] == [
        (post.lane.id, True),  # the fixture's openings, at the shift start
        (post.vehicle_lane.id, True),
        (other.id, True),
    ]
    with post.desk.read() as s:
        assert (
            s.scalars(select(AuditEntry).where(AuditEntry.entity_id == other.id)).one().action
            == "lane.opened"
        )


def test_opening_an_open_lane_is_lane_open(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        lanes.set_open(post.desk, lane_id=post.lane.id, open_=True, by=post.officer.id)
    assert_violation(e, "lane_id", "lane_open")
    assert snapshot(post) == counts


def test_closing_a_closed_lane_is_lane_closed(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        lanes.set_open(
            post.desk, lane_id=post.lane_by_code("P-IN-2").id, open_=False, by=post.officer.id
        )
    assert_violation(e, "lane_id", "lane_closed")
    assert snapshot(post) == counts


def test_lane_with_someone_queued_cannot_close(post):
    join(post, "T-1", 5)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        lanes.set_open(post.desk, lane_id=post.lane.id, open_=False, by=post.deputy.id)
    assert_violation(e, "lane_id", "lane_not_empty")
    assert e.value.detail == {"lane": "P-IN-1", "waiting": 1}
    assert snapshot(post) == counts
    assert lane_row(post, post.lane.id).is_open


def test_lane_with_someone_in_service_cannot_close(post):
    joined = join(post, "T-1", 5)
    clearance.start_service(post.desk, clearance_id=joined.id, by=post.officer.id)
    with pytest.raises(RuleViolation) as e:
        lanes.set_open(post.desk, lane_id=post.lane.id, open_=False, by=post.deputy.id)
    assert_violation(e, "lane_id", "lane_not_empty")
    assert lane_row(post, post.lane.id).is_open


def test_lane_closes_once_its_queue_is_served(post):
    other = post.lane_by_code("P-IN-2")
    lanes.set_open(post.desk, lane_id=other.id, open_=True, by=post.officer.id)
    joined = join(post, "T-1", 5)
    join(post, "T-2", 4, lane=other)  # queued on another lane: does not keep P-IN-1 open
    clearance.start_service(post.desk, clearance_id=joined.id, by=post.officer.id)
    clearance.finish(post.desk, clearance_id=joined.id, outcome=Outcome.CLEARED, by=post.officer.id)
    lanes.set_open(post.desk, lane_id=post.lane.id, open_=False, by=post.deputy.id)
    assert not lane_row(post, post.lane.id).is_open
    assert lane_row(post, other.id).is_open


def test_lane_closes_once_the_only_join_is_undone(post):
    joined = join(post, "T-1", 5)
    clearance.undo(post.desk, clearance_id=joined.id, by=post.officer.id, reason="wrong lane")
    lanes.set_open(post.desk, lane_id=post.lane.id, open_=False, by=post.deputy.id)
    assert not lane_row(post, post.lane.id).is_open


def test_lane_open_at_a_future_time_is_in_future(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        lanes.set_open(
            post.desk,
            lane_id=post.lane_by_code("P-IN-2").id,
            open_=True,
            by=post.officer.id,
            at=post.clock.at + timedelta(minutes=5),
        )
    assert_violation(e, "at", "in_future")
    assert snapshot(post) == counts


# -- assignments -------------------------------------------------------------------------


def test_assign_to_a_lane_is_recorded_and_audited(post):
    counts = snapshot(post)
    a = lanes.assign(
        post.desk,
        lane_id=post.vehicle_lane.id,
        subject_ref="新A12345",
        subject_kind=SubjectKind.VEHICLE,
        by=post.officer.id,
    )
    assert (a.lane_id, a.shift_id, a.approval_id) == (post.vehicle_lane.id, post.shift.id, None)
    assert post.count("lane_assignments") == counts["lane_assignments"] + 1
    assert [x.id for x in lanes.assignments(post.desk, post.shift.id)] == [a.id]


@pytest.mark.parametrize(
    ("code", "kind", "field", "rule"),
    [
        ("P-IN-2", SubjectKind.PERSON, "lane_id", "lane_closed"),
        ("P-IN-1", SubjectKind.VEHICLE, "subject_kind", "lane_subjects"),
        ("V-IN-1", SubjectKind.PERSON, "subject_kind", "lane_subjects"),
    ],
)
def test_assign_rules(post, code, kind, field, rule):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        lanes.assign(
            post.desk,
            lane_id=post.lane_by_code(code).id,
            subject_ref="X-1",
            subject_kind=kind,
            by=post.officer.id,
        )
    assert_violation(e, field, rule)
    assert snapshot(post) == counts


def test_assign_without_open_shift_is_no_open_shift(post):
    close_shift(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        lanes.assign(
            post.desk,
            lane_id=post.vehicle_lane.id,
            subject_ref="新A12345",
            subject_kind=SubjectKind.VEHICLE,
            by=post.officer.id,
        )
    assert_violation(e, "shift", "no_open_shift")
    assert snapshot(post) == counts


# -- the lane board and queue levels ------------------------------------------------------


def test_lane_board_shows_waiting_count_and_longest_wait(post):
    first = join(post, "T-1", 12)
    join(post, "T-2", 7)
    join(post, "T-3", 3)
    clearance.start_service(post.desk, clearance_id=first.id, by=post.officer.id)

    line = board_line(post, "P-IN-1")
    assert line.is_open
    assert line.queue.waiting == 2  # the one in service no longer waits
    assert line.in_service == 1
    assert line.queue.longest == timedelta(minutes=7)
    assert line.queue.median == timedelta(minutes=5)
    assert line.queue.level == Level.OK

    empty = board_line(post, "V-IN-1")
    assert (empty.queue.waiting, empty.in_service, empty.queue.longest) == (0, 0, timedelta(0))
    assert empty.queue.level == Level.OK
    assert not board_line(post, "P-IN-2").is_open
    codes = [x.code for x in queue.lane_board(post.desk)]
    assert "EMERGENCY" in codes and "PRIORITY" in codes


def test_lane_board_waits_grow_with_the_clock(post, clock):
    join(post, "T-1", 0)
    assert board_line(post, "P-IN-1").queue.longest == timedelta(0)
    clock.advance(minutes=9)
    assert board_line(post, "P-IN-1").queue.longest == timedelta(minutes=9)


@pytest.mark.parametrize(
    ("waited", "level"),
    [
        (timedelta(minutes=14, seconds=59), Level.OK),
        (timedelta(minutes=15), Level.AMBER),
        (timedelta(minutes=24, seconds=59), Level.AMBER),
        (timedelta(minutes=25), Level.RED),
        (timedelta(minutes=45), Level.RED),
    ],
)
def test_queue_level_thresholds(post, waited, level):
    clearance.join_queue(
        post.desk,
        lane_id=post.lane.id,
        reference="T-1",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=post.officer.id,
        at=post.clock.at - waited,
    )
    line = board_line(post, "P-IN-1")
    assert line.queue.longest == waited
    assert line.queue.level == level
    assert queue.level_for(waited) == level


def test_queue_level_follows_the_clock(post, clock):
    join(post, "T-1", 0)
    clock.advance(minutes=14)
    assert board_line(post, "P-IN-1").queue.level == Level.OK
    clock.advance(minutes=1)
    assert board_line(post, "P-IN-1").queue.level == Level.AMBER
    clock.advance(minutes=10)
    assert board_line(post, "P-IN-1").queue.level == Level.RED


def test_queue_level_is_the_longest_waiter_not_the_median(post):
    join(post, "T-1", 26)
    for n in range(4):
        join(post, f"T-{n + 2}", 1)
    line = board_line(post, "P-IN-1")
    assert line.queue.waiting == 5
    assert line.queue.median == timedelta(minutes=1)
    assert line.queue.level == Level.RED


# -- emergency passage -----------------------------------------------------------------------


def test_emergency_without_lane_uses_the_ports_emergency_lane(post):
    emergency_lane = emergencies.emergency_lane(post.desk)
    assert emergency_lane.code == "EMERGENCY"
    assert emergency_lane.kind == LaneKind.EMERGENCY
    counts = snapshot(post)
    passage = emergencies.record(
        post.desk,
        kind=EmergencyKind.ALTITUDE_SICKNESS,
        by=post.officer.id,
        subject_ref="E7654321",
        action_taken="oxygen",
    )
    assert passage.lane_id == emergency_lane.id
    assert passage.shift_id == post.shift.id
    assert passage.at == post.clock.at
    assert post.count("emergency_passages") == counts["emergency_passages"] + 1
    with post.desk.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "emergency.recorded")).one()
    assert entry.entity_id == passage.id
    assert entry.detail == {"kind": "altitude_sickness"}
    assert [p.id for p in emergencies.for_shift(post.desk, post.shift.id)] == [passage.id]


def test_emergency_on_a_named_lane(post):
    passage = emergencies.record(
        post.desk, kind=EmergencyKind.SUDDEN_ILLNESS, by=post.officer.id, lane_id=post.lane.id
    )
    assert passage.lane_id == post.lane.id


def test_emergency_needs_an_open_shift(post):
    close_shift(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        emergencies.record(post.desk, kind=EmergencyKind.INJURY, by=post.officer.id)
    assert_violation(e, "shift", "no_open_shift")
    assert snapshot(post) == counts


def test_emergency_before_the_shift_started_is_before_shift(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        emergencies.record(
            post.desk,
            kind=EmergencyKind.INJURY,
            by=post.officer.id,
            at=post.shift.actual_start - timedelta(minutes=1),
        )
    assert_violation(e, "at", "before_shift")
    assert snapshot(post) == counts


def test_emergency_in_the_future_is_in_future(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        emergencies.record(
            post.desk,
            kind=EmergencyKind.INJURY,
            by=post.officer.id,
            at=post.clock.at + timedelta(minutes=3),
        )
    assert_violation(e, "at", "in_future")
    assert snapshot(post) == counts


def test_emergency_details_can_follow_while_the_shift_is_open(post):
    passage = emergencies.record(post.desk, kind=EmergencyKind.OTHER, by=post.officer.id)
    updated = emergencies.update(
        post.desk,
        passage_id=passage.id,
        by=post.deputy.id,
        subject_ref="E1",
        action_taken="oxygen, rest",
        outcome="recovered",
    )
    assert (updated.subject_ref, updated.action_taken, updated.outcome) == (
        "E1",
        "oxygen, rest",
        "recovered",
    )
    assert updated.version == passage.version + 1
    with post.desk.read() as s:
        assert (
            s.scalars(select(AuditEntry).where(AuditEntry.action == "emergency.updated"))
            .one()
            .entity_id
            == passage.id
        )


def test_emergency_update_after_close_is_shift_closed(post):
    passage = emergencies.record(post.desk, kind=EmergencyKind.OTHER, by=post.officer.id)
    close_shift(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        emergencies.update(post.desk, passage_id=passage.id, by=post.deputy.id, outcome="x")
    assert_violation(e, "shift", "shift_closed")
    assert snapshot(post) == counts


def test_emergency_update_with_a_bad_field_changes_nothing(post):
    passage = emergencies.record(
        post.desk, kind=EmergencyKind.OTHER, by=post.officer.id, action_taken="oxygen"
    )
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        emergencies.update(
            post.desk,
            passage_id=passage.id,
            by=post.deputy.id,
            action_taken="oxygen, then ambulance",
            outcome="x" * 2001,
        )
    assert_violation(e, "outcome", "too_long")
    assert snapshot(post) == counts
    [stored] = emergencies.for_shift(post.desk, post.shift.id)
    assert (stored.action_taken, stored.outcome, stored.version) == ("oxygen", "", 1)
