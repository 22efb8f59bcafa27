"""Clearance timing rules (desktop_app/clearance.py) on a real post database."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import PIN
from sqlalchemy import func, select

from db import queries
from db.enums import (
    ClearanceStep,
    Direction,
    Outcome,
    SubjectKind,
    TravellerCategory,
)
from db.models import AuditEntry, ClearanceEvent, OutboxEntry
from desktop_app import clearance, lanes, queue, shifts
from desktop_app.errors import RuleViolation
from tests.helpers.rules import assert_violation, row_counter

TABLES = ("clearance_events", "outbox", "audit_entries")


snapshot = row_counter(TABLES)


def join(
    post,
    reference="T-0001",
    *,
    at=None,
    lane=None,
    kind=SubjectKind.PERSON,
    category=TravellerCategory.CHINESE_CITIZEN,
    **kw,
):
    return clearance.join_queue(
        post.desk,
        lane_id=(lane or post.lane).id,
        reference=reference,
        subject_kind=kind,
        traveller_category=category,
        by=post.officer.id,
        at=at,
        **kw,
    )


def start(post, event, at):
    return clearance.start_service(
        post.desk, clearance_id=event.clearance_id, by=post.officer.id, at=at
    )


def finish(post, event, at, outcome=Outcome.CLEARED):
    return clearance.finish(
        post.desk, clearance_id=event.clearance_id, outcome=outcome, by=post.officer.id, at=at
    )


def folded(post):
    now = post.clock.at
    with post.desk.read() as s:
        return queries.clearances(s, post.desk.port_id, now - timedelta(days=1), now)


def close_shift(post):
    return shifts.close_shift(
        post.desk,
        shift_id=post.shift.id,
        by=post.deputy.id,
        pin=PIN,
        handover_notes="",
        at=post.clock.at,
    )


def minutes_ago(post, minutes):
    return post.clock.at - timedelta(minutes=minutes)


# -- happy path and the fold ---------------------------------------------------


def test_join_start_finish_fold_into_one_clearance(post):
    before = post.count("clearance_events")
    joined = join(post, at=minutes_ago(post, 20))
    started = start(post, joined, minutes_ago(post, 5))
    done = finish(post, joined, minutes_ago(post, 1), Outcome.REFERRED)

    assert post.count("clearance_events") == before + 3
    assert joined.clearance_id == joined.id
    assert started.clearance_id == done.clearance_id == joined.id
    [line] = folded(post)
    assert line.clearance_id == joined.id
    assert line.lane_code == "P-IN-1"
    assert line.shift_id == post.shift.id
    assert line.direction == Direction.ENTRY  # taken from the lane
    assert line.traveller_category == TravellerCategory.CHINESE_CITIZEN
    assert line.joined_at == minutes_ago(post, 20)
    assert line.started_at == minutes_ago(post, 5)
    assert line.finished_at == minutes_ago(post, 1)
    assert line.outcome == Outcome.REFERRED
    assert line.wait(post.clock.at) == 15 * 60
    assert line.total() == 19 * 60
    assert (line.joined_event_id, line.started_event_id, line.finished_event_id) == (
        joined.id,
        started.id,
        done.id,
    )


def test_current_queue_holds_waiting_and_in_service_until_finished(post):
    first = join(post, "T-1", at=minutes_ago(post, 10))
    second = join(post, "T-2", at=minutes_ago(post, 8))
    start(post, first, minutes_ago(post, 3))

    waiting = queue.current_queue(post.desk)
    assert [c.clearance_id for c in waiting] == [first.id, second.id]  # oldest first
    assert waiting[0].started_at == minutes_ago(post, 3)
    assert waiting[1].started_at is None

    finish(post, first, minutes_ago(post, 1))
    assert [c.clearance_id for c in queue.current_queue(post.desk)] == [second.id]
    assert queue.current_queue(post.desk, lane_id=post.vehicle_lane.id) == []


def test_join_without_time_uses_desk_clock(post):
    joined = join(post)
    assert joined.at == post.clock.at
    assert joined.officer_id == post.officer.id


# -- times ---------------------------------------------------------------------


def test_start_before_joined_is_time_order(post):
    joined = join(post, at=minutes_ago(post, 10))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        start(post, joined, minutes_ago(post, 11))
    assert_violation(e, "at", "time_order")
    assert snapshot(post) == counts
    assert folded(post)[0].started_at is None


def test_finish_before_start_is_time_order(post):
    joined = join(post, at=minutes_ago(post, 10))
    start(post, joined, minutes_ago(post, 5))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        finish(post, joined, minutes_ago(post, 6))
    assert_violation(e, "at", "time_order")
    assert snapshot(post) == counts
    assert folded(post)[0].finished_at is None


def test_start_at_the_joined_time_is_allowed(post):
    joined = join(post, at=minutes_ago(post, 10))
    start(post, joined, minutes_ago(post, 10))
    assert folded(post)[0].wait(post.clock.at) == 0


def test_join_more_than_two_minutes_ahead_is_in_future(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, at=post.clock.at + timedelta(minutes=2, seconds=1))
    assert_violation(e, "at", "in_future")
    assert snapshot(post) == counts


def test_join_two_minutes_ahead_is_within_tolerance(post):
    joined = join(post, at=post.clock.at + timedelta(minutes=2))
    assert joined.at == post.clock.at + timedelta(minutes=2)


def test_finish_more_than_two_minutes_ahead_is_in_future(post):
    joined = join(post, at=minutes_ago(post, 10))
    start(post, joined, minutes_ago(post, 5))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        finish(post, joined, post.clock.at + timedelta(minutes=3))
    assert_violation(e, "at", "in_future")
    assert snapshot(post) == counts


def test_naive_time_is_refused(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, at=post.clock.at.replace(tzinfo=None))
    assert_violation(e, "at", "required")
    assert snapshot(post) == counts


# -- lane, shift and subject rules on join -------------------------------------


def test_join_on_closed_lane_queues_before_opening_and_service_waits_for_it(post):
    closed = post.lane_by_code("P-IN-2")
    assert not closed.is_open
    event = join(post, lane=closed, at=post.clock.at)
    assert event.before_open  # marked: it queued before the lane opened
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        start(post, event, post.clock.at)
    assert_violation(e, "lane_id", "lane_closed")
    assert snapshot(post) == counts


def test_join_on_unknown_lane_is_not_found(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.join_queue(
            post.desk,
            lane_id=post.shift.id,  # an id, but not a lane's
            reference="T-1",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=post.officer.id,
        )
    assert_violation(e, "lane_id", "not_found")
    assert snapshot(post) == counts


def test_join_without_open_shift_is_no_open_shift(post):
    close_shift(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post)
    assert_violation(e, "shift", "no_open_shift")
    assert snapshot(post) == counts


def test_join_before_the_open_shift_started_is_before_shift(post):
    shift_start = post.shift.actual_start
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, at=shift_start - timedelta(minutes=1))
    assert_violation(e, "at", "before_shift")
    assert snapshot(post) == counts
    assert join(post, at=shift_start).at == shift_start


def test_double_scan_of_queued_reference_is_already_in_queue(post):
    join(post, "E12345678", at=minutes_ago(post, 5))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, "E12345678", at=minutes_ago(post, 4))
    assert_violation(e, "reference", "already_in_queue")
    assert e.value.detail["lane"] == "P-IN-1"
    assert snapshot(post) == counts


def test_double_scan_is_refused_on_another_lane_too(post):
    other = post.lane_by_code("P-IN-2")
    lanes.set_open(post.desk, lane_id=other.id, open_=True, by=post.officer.id)
    join(post, "E12345678", at=minutes_ago(post, 5))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, "E12345678", lane=other, at=minutes_ago(post, 4))
    assert_violation(e, "reference", "already_in_queue")
    assert snapshot(post) == counts


def test_double_scan_is_refused_while_in_service(post):
    first = join(post, "E12345678", at=minutes_ago(post, 5))
    start(post, first, minutes_ago(post, 4))
    with pytest.raises(RuleViolation) as e:
        join(post, "E12345678", at=minutes_ago(post, 3))
    assert_violation(e, "reference", "already_in_queue")


def test_same_reference_may_join_again_once_finished(post):
    first = join(post, "E12345678", at=minutes_ago(post, 10))
    start(post, first, minutes_ago(post, 8))
    finish(post, first, minutes_ago(post, 7))
    again = join(post, "E12345678", at=minutes_ago(post, 2))
    assert again.clearance_id != first.clearance_id
    assert [c.clearance_id for c in queue.current_queue(post.desk)] == [again.id]


def test_person_without_traveller_category_is_required(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, category=None)
    assert_violation(e, "traveller_category", "required")
    assert snapshot(post) == counts


def test_vehicle_needs_no_traveller_category(post):
    joined = join(post, "新A12345", lane=post.vehicle_lane, kind=SubjectKind.VEHICLE, category=None)
    assert joined.subject_kind == SubjectKind.VEHICLE
    assert joined.traveller_category is None


def test_empty_reference_is_required(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, "   ")
    assert_violation(e, "reference", "required")
    assert snapshot(post) == counts


def test_vehicle_on_persons_lane_is_lane_subjects(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, "新A12345", kind=SubjectKind.VEHICLE, category=None)
    assert_violation(e, "subject_kind", "lane_subjects")
    assert snapshot(post) == counts


def test_person_on_vehicle_lane_is_lane_subjects(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, lane=post.vehicle_lane)
    assert_violation(e, "subject_kind", "lane_subjects")
    assert snapshot(post) == counts


def test_wrong_direction_is_lane_direction(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, direction=Direction.EXIT)
    assert_violation(e, "direction", "lane_direction")
    assert snapshot(post) == counts


def test_lane_for_both_directions_needs_a_direction(post):
    green = post.lane_by_code("GREEN")
    lanes.set_open(post.desk, lane_id=green.id, open_=True, by=post.officer.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(post, lane=green)
    assert_violation(e, "direction", "required")
    assert snapshot(post) == counts
    assert join(post, lane=green, direction=Direction.EXIT).direction == Direction.EXIT


def test_priority_lane_without_approved_assignment_is_approval_needed(post):
    priority = post.lane_by_code("PRIORITY")
    lanes.set_open(post.desk, lane_id=priority.id, open_=True, by=post.officer.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        join(
            post,
            "新A12345",
            lane=priority,
            kind=SubjectKind.VEHICLE,
            category=None,
            direction=Direction.ENTRY,
        )
    assert_violation(e, "lane_id", "approval_needed")
    assert snapshot(post) == counts


# -- step order ------------------------------------------------------------------


def test_start_twice_is_clearance_state(post):
    joined = join(post, at=minutes_ago(post, 10))
    start(post, joined, minutes_ago(post, 5))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        start(post, joined, minutes_ago(post, 4))
    assert_violation(e, "clearance_id", "clearance_state")
    assert snapshot(post) == counts


def test_start_after_finish_is_clearance_state(post):
    joined = join(post, at=minutes_ago(post, 10))
    start(post, joined, minutes_ago(post, 5))
    finish(post, joined, minutes_ago(post, 4))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        start(post, joined, minutes_ago(post, 3))
    assert_violation(e, "clearance_id", "clearance_state")
    assert snapshot(post) == counts


def test_finish_without_start_is_clearance_state(post):
    joined = join(post, at=minutes_ago(post, 10))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        finish(post, joined, minutes_ago(post, 4))
    assert_violation(e, "clearance_id", "clearance_state")
    assert snapshot(post) == counts


def test_finish_twice_is_clearance_state(post):
    joined = join(post, at=minutes_ago(post, 10))
    start(post, joined, minutes_ago(post, 5))
    finish(post, joined, minutes_ago(post, 4))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        finish(post, joined, minutes_ago(post, 3), Outcome.REFUSED)
    assert_violation(e, "clearance_id", "clearance_state")
    assert snapshot(post) == counts
    assert folded(post)[0].outcome == Outcome.CLEARED


def test_start_of_unknown_clearance_is_not_found(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.start_service(post.desk, clearance_id=post.shift.id, by=post.officer.id)
    assert_violation(e, "clearance_id", "not_found")
    assert snapshot(post) == counts


# -- corrections -----------------------------------------------------------------


def test_correct_creates_a_new_event_that_supersedes_the_old(post):
    joined = join(post, at=minutes_ago(post, 20))
    counts = snapshot(post)
    new = clearance.correct(
        post.desk,
        event_id=joined.id,
        by=post.deputy.id,
        reason="wrong category keyed",
        at=minutes_ago(post, 25),
        traveller_category=TravellerCategory.FOREIGN_NATIONAL,
    )
    assert post.count("clearance_events") == counts["clearance_events"] + 1
    assert new.id != joined.id
    assert new.supersedes_id == joined.id
    assert new.clearance_id == joined.clearance_id
    assert new.step == ClearanceStep.JOINED
    assert new.reason == "wrong category keyed"
    with post.desk.read() as s:
        old = s.get(ClearanceEvent, joined.id)
        assert old.at == minutes_ago(post, 20)  # the original is kept as it was
        assert old.traveller_category == TravellerCategory.CHINESE_CITIZEN
        assert old.supersedes_id is None

    [line] = folded(post)
    assert line.joined_event_id == new.id
    assert line.joined_at == minutes_ago(post, 25)
    assert line.traveller_category == TravellerCategory.FOREIGN_NATIONAL
    assert line.reference == "T-0001"


def test_correct_finished_outcome_changes_the_fold(post):
    joined = join(post, at=minutes_ago(post, 20))
    start(post, joined, minutes_ago(post, 10))
    done = finish(post, joined, minutes_ago(post, 5), Outcome.CLEARED)
    new = clearance.correct(
        post.desk,
        event_id=done.id,
        by=post.officer.id,
        reason="was referred",
        outcome=Outcome.REFERRED,
    )
    [line] = folded(post)
    assert line.outcome == Outcome.REFERRED
    assert line.finished_event_id == new.id
    assert line.finished_at == minutes_ago(post, 5)


def test_correct_is_audited_with_its_reason(post):
    joined = join(post, at=minutes_ago(post, 20))
    clearance.correct(
        post.desk,
        event_id=joined.id,
        by=post.deputy.id,
        reason="typo",
        reference="T-0002",
    )
    with post.desk.read() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "clearance.corrected")
        ).one()
    assert entry.officer_id == post.deputy.id
    assert entry.entity == "clearance_events"
    assert entry.entity_id == joined.id
    assert entry.detail == {"reason": "typo", "after_close": False}
    assert folded(post)[0].reference == "T-0002"


def test_correct_needs_a_reason(post):
    joined = join(post, at=minutes_ago(post, 20))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.correct(
            post.desk, event_id=joined.id, by=post.deputy.id, reason=" ", at=minutes_ago(post, 21)
        )
    assert_violation(e, "reason", "required")
    assert snapshot(post) == counts


def test_correcting_a_superseded_event_is_clearance_state(post):
    joined = join(post, at=minutes_ago(post, 20))
    clearance.correct(
        post.desk, event_id=joined.id, by=post.deputy.id, reason="first", at=minutes_ago(post, 21)
    )
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.correct(
            post.desk,
            event_id=joined.id,
            by=post.deputy.id,
            reason="second",
            at=minutes_ago(post, 22),
        )
    assert_violation(e, "event_id", "clearance_state")
    assert snapshot(post) == counts
    assert folded(post)[0].joined_at == minutes_ago(post, 21)


def test_correct_outcome_of_a_non_finished_event_is_clearance_state(post):
    joined = join(post, at=minutes_ago(post, 20))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.correct(
            post.desk,
            event_id=joined.id,
            by=post.deputy.id,
            reason="x",
            outcome=Outcome.REFUSED,
        )
    assert_violation(e, "outcome", "clearance_state")
    assert snapshot(post) == counts


def test_correct_that_breaks_the_time_order_is_time_order(post):
    joined = join(post, at=minutes_ago(post, 20))
    start(post, joined, minutes_ago(post, 10))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.correct(
            post.desk,
            event_id=joined.id,
            by=post.deputy.id,
            reason="late scan",
            at=minutes_ago(post, 9),
        )
    assert_violation(e, "at", "time_order")
    assert snapshot(post) == counts


def test_correct_to_a_future_time_is_in_future(post):
    joined = join(post, at=minutes_ago(post, 20))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.correct(
            post.desk,
            event_id=joined.id,
            by=post.deputy.id,
            reason="x",
            at=post.clock.at + timedelta(minutes=5),
        )
    assert_violation(e, "at", "in_future")
    assert snapshot(post) == counts


def test_correct_after_the_shift_closed_is_accepted_and_audited_as_after_close(post):
    joined = join(post, at=minutes_ago(post, 20))
    start(post, joined, minutes_ago(post, 10))
    done = finish(post, joined, minutes_ago(post, 5))
    close_shift(post)
    post.clock.advance(minutes=30)

    new = clearance.correct(
        post.desk,
        event_id=done.id,
        by=post.deputy.id,
        reason="refused, not cleared",
        outcome=Outcome.REFUSED,
    )
    assert new.supersedes_id == done.id
    assert folded(post)[0].outcome == Outcome.REFUSED
    with post.desk.read() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "clearance.corrected")
        ).one()
    assert entry.detail["after_close"] is True
    assert entry.detail["reason"] == "refused, not cleared"


# -- undo ------------------------------------------------------------------------


def test_undo_of_a_join_removes_the_clearance_from_the_queue(post):
    joined = join(post, at=minutes_ago(post, 5))
    counts = snapshot(post)
    void = clearance.undo(
        post.desk, clearance_id=joined.clearance_id, by=post.officer.id, reason="double key"
    )
    assert void.step == ClearanceStep.VOID
    assert void.supersedes_id == joined.id
    assert post.count("clearance_events") == counts["clearance_events"] + 1
    assert queue.current_queue(post.desk) == []
    assert folded(post) == []
    # the reference is free again
    join(post, at=minutes_ago(post, 1))
    with post.desk.read() as s:
        assert s.scalars(
            select(AuditEntry).where(AuditEntry.action == "clearance.undone")
        ).one().detail == {"reason": "double key", "after_close": False}


def test_undo_voids_only_the_latest_step(post):
    joined = join(post, at=minutes_ago(post, 20))
    start(post, joined, minutes_ago(post, 10))
    done = finish(post, joined, minutes_ago(post, 5))
    void = clearance.undo(
        post.desk, clearance_id=joined.clearance_id, by=post.officer.id, reason="wrong key"
    )
    assert void.supersedes_id == done.id
    [line] = queue.current_queue(post.desk)  # back in service
    assert line.started_at == minutes_ago(post, 10)
    assert line.finished_at is None
    assert line.outcome is None
    # and it can be finished again
    finish(post, joined, minutes_ago(post, 1), Outcome.REFUSED)
    assert folded(post)[0].outcome == Outcome.REFUSED


def test_undo_needs_a_reason(post):
    joined = join(post, at=minutes_ago(post, 5))
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.undo(post.desk, clearance_id=joined.clearance_id, by=post.officer.id, reason="")
    assert_violation(e, "reason", "required")
    assert snapshot(post) == counts
    assert len(queue.current_queue(post.desk)) == 1


# -- outbox ----------------------------------------------------------------------


def test_each_recorded_event_has_exactly_one_outbox_entry(post):
    joined = join(post, at=minutes_ago(post, 20))
    started = start(post, joined, minutes_ago(post, 10))
    done = finish(post, joined, minutes_ago(post, 5))
    corrected = clearance.correct(
        post.desk, event_id=done.id, by=post.deputy.id, reason="x", outcome=Outcome.REFUSED
    )
    void = clearance.undo(post.desk, clearance_id=joined.id, by=post.officer.id, reason="y")
    events = [joined, started, done, corrected, void]
    with post.desk.read() as s:
        total = s.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.entity == "clearance_events")
        )
        assert total == len(events) == post.count("clearance_events")
        for event in events:
            [entry] = s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == event.id))
            assert entry.entity == "clearance_events"
            assert entry.hlc == event.hlc
            assert entry.version == 1


def test_undo_after_the_shift_closed_is_accepted_and_audited_as_after_close(post):
    joined = join(post, at=minutes_ago(post, 20))
    close_shift(post)
    clearance.undo(post.desk, clearance_id=joined.id, by=post.deputy.id, reason="test scan")
    assert folded(post) == []
    with post.desk.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "clearance.undone")).one()
    assert entry.detail == {"reason": "test scan", "after_close": True}


def test_times_in_the_ports_zone_are_stored_as_utc(post):
    shanghai = ZoneInfo("Asia/Shanghai")
    joined = join(post, at=minutes_ago(post, 10).astimezone(shanghai))
    with post.desk.read() as s:
        stored = s.get(ClearanceEvent, joined.id).at
    assert stored == minutes_ago(post, 10)
    assert stored.utcoffset() == timedelta(0)
    assert folded(post)[0].joined_at == minutes_ago(post, 10)


def test_listeners_hear_of_committed_changes_only(post):
    heard = []
    post.desk.add_listener(heard.append)
    join(post, at=minutes_ago(post, 5))
    assert heard == [frozenset({"clearance_events"})]
    with pytest.raises(RuleViolation):
        join(post, at=minutes_ago(post, 4))  # double scan, rolled back
    assert len(heard) == 1
