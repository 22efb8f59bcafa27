"""Moving waiting subjects to another lane, and queues before a lane opens (clearance.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import PIN

from db import queries
from db.enums import ClearanceStep, Direction, Outcome, SubjectKind, TravellerCategory
from desktop_app import clearance, lanes, queue, queue_figures, shifts
from desktop_app.errors import RuleViolation
from tests.helpers.rules import actions, assert_violation, row_counter

snapshot = row_counter(("clearance_events", "outbox", "audit_entries"))


def join(post, reference, *, lane=None, kind=SubjectKind.PERSON, **kw):
    category = TravellerCategory.CHINESE_CITIZEN if kind == SubjectKind.PERSON else None
    return clearance.join_queue(
        post.desk,
        lane_id=(lane or post.lane).id,
        reference=reference,
        subject_kind=kind,
        traveller_category=category,
        by=post.officer.id,
        **kw,
    )


def open_lane(post, code):
    lane = post.lane_by_code(code)
    lanes.set_open(post.desk, lane_id=lane.id, open_=True, by=post.officer.id)
    return post.lane_by_code(code)


def move(post, events, lane, **kw):
    return clearance.move(
        post.desk,
        clearance_ids=[e.clearance_id for e in events],
        lane_id=lane.id,
        by=post.officer.id,
        **kw,
    )


def row(post, event):
    [found] = [c for c in queue.current_queue(post.desk) if c.clearance_id == event.clearance_id]
    return found


def test_a_moved_subject_keeps_its_wait_and_is_served_at_its_new_lane(post):
    first = join(post, "M1")
    post.clock.advance(minutes=18)
    waited = row(post, first).wait(post.clock.at)
    p2 = open_lane(post, "P-IN-2")
    [moved] = move(post, [first], p2, reason="lane opened")
    assert moved.step == ClearanceStep.MOVED
    assert (moved.from_lane_id, moved.lane_id) == (post.lane.id, p2.id)
    assert moved.officer_id == post.officer.id and moved.at == post.clock.at
    now = row(post, first)
    assert (now.lane_code, now.joined_lane_id, now.moved_at) == (
        "P-IN-2",
        post.lane.id,
        post.clock.at,
    )
    assert now.joined_at == first.at and now.wait(post.clock.at) == waited  # the wait runs on
    assert [e.reference for e in queue.current_queue(post.desk, lane_id=p2.id)] == ["M1"]
    assert queue.current_queue(post.desk, lane_id=post.lane.id) == []
    post.clock.advance(minutes=1)
    started = clearance.start_service(
        post.desk, clearance_id=first.clearance_id, by=post.officer.id
    )
    assert started.lane_id == p2.id
    clearance.finish(
        post.desk, clearance_id=first.clearance_id, outcome=Outcome.CLEARED, by=post.officer.id
    )
    with post.desk.read() as s:
        [done] = queries.clearances(s, post.desk.port_id, first.at, post.clock.at)
    assert done.lane_code == "P-IN-2" and done.wait(done.started_at) == 19 * 60
    # The lane it left is empty: it can close.
    lanes.set_open(post.desk, lane_id=post.lane.id, open_=False, by=post.officer.id)
    assert "clearance.moved" in actions(post)


def test_moving_many_keeps_their_order_and_shows_in_both_queues(post):
    events = [join(post, f"Q{n}") for n in range(6)]
    for _ in events:
        post.clock.advance(seconds=30)
    p2 = open_lane(post, "P-IN-2")
    moves = move(post, events[3:], p2)
    assert len(moves) == 3
    by_lane = {
        code: [
            c.reference for c in queue.current_queue(post.desk, lane_id=post.lane_by_code(code).id)
        ]
        for code in ("P-IN-1", "P-IN-2")
    }
    assert by_lane == {"P-IN-1": ["Q0", "Q1", "Q2"], "P-IN-2": ["Q3", "Q4", "Q5"]}


def test_moving_back_and_forth_and_undo_of_a_move(post):
    event = join(post, "U1")
    p2 = open_lane(post, "P-IN-2")
    post.clock.advance(minutes=1)
    move(post, [event], p2)
    post.clock.advance(minutes=1)
    move(post, [event], post.lane)
    assert row(post, event).lane_code == "P-IN-1"
    void = clearance.undo(
        post.desk, clearance_id=event.clearance_id, by=post.officer.id, reason="wrong lane"
    )
    assert void.step == ClearanceStep.VOID
    assert row(post, event).lane_code == "P-IN-2"  # the earlier move stands again
    clearance.undo(post.desk, clearance_id=event.clearance_id, by=post.officer.id, reason="no")
    assert row(post, event).lane_code == "P-IN-1" and row(post, event).moved_at is None
    assert actions(post).count("clearance.undone") == 2


def test_a_subject_already_in_service_cannot_move(post):
    event = join(post, "S1")
    clearance.start_service(post.desk, clearance_id=event.clearance_id, by=post.officer.id)
    p2 = open_lane(post, "P-IN-2")
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        move(post, [event], p2)
    assert_violation(e, "clearance_id", "clearance_state")
    assert e.value.detail["state"] == "in service"
    assert snapshot(post) == counts


def test_a_finished_subject_cannot_move(post):
    event = join(post, "F1")
    clearance.start_service(post.desk, clearance_id=event.clearance_id, by=post.officer.id)
    clearance.finish(
        post.desk, clearance_id=event.clearance_id, outcome=Outcome.CLEARED, by=post.officer.id
    )
    p2 = open_lane(post, "P-IN-2")
    with pytest.raises(RuleViolation) as e:
        move(post, [event], p2)
    assert_violation(e, "clearance_id", "clearance_state")


def test_moving_into_a_closed_lane_is_lane_closed(post):
    event = join(post, "C1")
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        move(post, [event], post.lane_by_code("P-IN-2"))
    assert_violation(e, "lane_id", "lane_closed")
    assert snapshot(post) == counts


def test_moving_into_a_lane_that_does_not_take_the_subject(post):
    traveller = join(post, "K1")
    with pytest.raises(RuleViolation) as e:
        move(post, [traveller], post.vehicle_lane)  # vehicles only
    assert_violation(e, "subject_kind", "lane_subjects")
    exit_lane = open_lane(post, "P-OUT-1")
    with pytest.raises(RuleViolation) as e:
        move(post, [traveller], exit_lane)  # exit travellers only
    assert_violation(e, "direction", "lane_direction")
    truck = join(post, "新A-1", lane=post.vehicle_lane, kind=SubjectKind.VEHICLE)
    with pytest.raises(RuleViolation) as e:
        move(post, [truck], post.lane)
    assert_violation(e, "subject_kind", "lane_subjects")


def test_moving_to_the_lane_it_is_on_is_same_lane(post):
    event = join(post, "L1")
    with pytest.raises(RuleViolation) as e:
        move(post, [event], post.lane)
    assert_violation(e, "lane_id", "same_lane")


def test_moving_in_a_closed_shift_is_no_open_shift(post):
    event = join(post, "Z1")
    p2 = open_lane(post, "P-IN-2")
    shifts.close_shift(
        post.desk, shift_id=post.shift.id, by=post.deputy.id, pin=PIN, handover_notes="end"
    )
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        move(post, [event], p2)
    assert_violation(e, "shift", "no_open_shift")
    assert snapshot(post) == counts


def test_one_refused_subject_refuses_the_whole_move(post):
    waiting = join(post, "A1")
    served = join(post, "A2")
    clearance.start_service(post.desk, clearance_id=served.clearance_id, by=post.officer.id)
    p2 = open_lane(post, "P-IN-2")
    counts = snapshot(post)
    with pytest.raises(RuleViolation):
        move(post, [waiting, served], p2)
    assert snapshot(post) == counts
    assert row(post, waiting).lane_code == "P-IN-1"


def test_a_move_needs_a_subject_and_an_officer(post):
    p2 = open_lane(post, "P-IN-2")
    with pytest.raises(RuleViolation) as e:
        clearance.move(post.desk, clearance_ids=[], lane_id=p2.id, by=post.officer.id)
    assert_violation(e, "clearance_ids", "required")
    event = join(post, "N1")
    with pytest.raises(RuleViolation) as e:
        clearance.move(post.desk, clearance_ids=[event.clearance_id], lane_id=p2.id, by=None)
    assert_violation(e, "by", "required")


def test_the_lanes_board_suggests_moving_the_tail_of_the_longest_queue(post):
    events = [join(post, f"T{n}") for n in range(9)]
    for _ in events:
        post.clock.advance(seconds=20)
    join(post, "新A-9", lane=post.vehicle_lane, kind=SubjectKind.VEHICLE)  # not for P-IN-2
    clearance.start_service(post.desk, clearance_id=events[0].clearance_id, by=post.officer.id)
    p2 = open_lane(post, "P-IN-2")
    suggestion = lanes.suggest_move(post.desk, p2.id)
    assert suggestion is not None
    assert (suggestion.from_code, suggestion.to_code, suggestion.count) == ("P-IN-1", "P-IN-2", 4)
    # the last to join first: nobody who waited longer is passed by a later one
    tail = [e.clearance_id for e in reversed(events[5:])]
    assert list(suggestion.clearance_ids) == tail
    move(post, [e for e in events if e.clearance_id in suggestion.clearance_ids], p2)
    assert lanes.suggest_move(post.desk, p2.id) is None  # 4 and 4 now: nothing to even out


def test_a_queue_before_opening_is_marked_measured_from_arrival_and_reported_apart(post):
    gate = post.lane_by_code("P-IN-2")  # not open yet
    early = join(post, "E1", lane=gate)
    assert early.before_open
    post.clock.advance(minutes=40)
    with pytest.raises(RuleViolation) as e:
        clearance.start_service(post.desk, clearance_id=early.clearance_id, by=post.officer.id)
    assert_violation(e, "lane_id", "lane_closed")
    assert [c.reference for c in queue.current_queue(post.desk, lane_id=gate.id)] == ["E1"]
    open_lane(post, "P-IN-2")
    clearance.start_service(post.desk, clearance_id=early.clearance_id, by=post.officer.id)
    later = join(post, "L1")
    post.clock.advance(minutes=2)
    clearance.start_service(post.desk, clearance_id=later.clearance_id, by=post.officer.id)
    split = queue_figures.wait_split(
        post.desk, post.shift.actual_start, post.clock.at + timedelta(seconds=1), post.clock.at
    )
    assert (split.before_opening.count, split.before_opening.max) == (1, 40 * 60)
    assert (split.in_opening_hours.count, split.in_opening_hours.max) == (1, 2 * 60)
    assert split.before_opening.breaches and not split.in_opening_hours.breaches


def test_a_subject_queued_before_opening_may_move_to_an_open_lane(post):
    early = join(post, "G1", lane=post.lane_by_code("P-IN-2"))
    post.clock.advance(minutes=5)
    [moved] = move(post, [early], post.lane)
    assert moved.from_lane_id == post.lane_by_code("P-IN-2").id
    assert row(post, early).before_open  # it did queue before opening
    clearance.start_service(post.desk, clearance_id=early.clearance_id, by=post.officer.id)


def test_a_lane_with_a_queue_before_opening_still_cannot_close_on_it(post):
    p2 = open_lane(post, "P-IN-2")
    event = join(post, "H1", lane=p2)
    with pytest.raises(RuleViolation) as e:
        lanes.set_open(post.desk, lane_id=p2.id, open_=False, by=post.officer.id)
    assert_violation(e, "lane_id", "lane_not_empty")
    move(post, [event], post.lane)
    lanes.set_open(post.desk, lane_id=p2.id, open_=False, by=post.officer.id)


def test_a_double_scan_names_the_lane_the_subject_was_moved_to(post):
    event = join(post, "D1")
    p2 = open_lane(post, "P-IN-2")
    move(post, [event], p2)
    with pytest.raises(RuleViolation) as e:
        join(post, "D1")
    assert_violation(e, "reference", "already_in_queue")
    assert e.value.detail["lane"] == "P-IN-2"


def test_a_direction_both_lane_takes_a_moved_subject_of_either_direction(post):
    green = open_lane(post, "GREEN")
    event = join(post, "B1")
    [moved] = move(post, [event], green)
    assert row(post, event).lane_code == "GREEN"
    assert row(post, event).direction == Direction.ENTRY and moved.lane_id == green.id


def test_a_batch_of_moves_is_undone_together_unless_one_was_served_since(post):
    events = [join(post, f"B{n}") for n in range(3)]
    p2 = open_lane(post, "P-IN-2")
    moves = move(post, events, p2)
    clearance.start_service(post.desk, clearance_id=events[0].clearance_id, by=post.officer.id)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        clearance.undo_moves(
            post.desk, move_ids=[m.id for m in moves], by=post.officer.id, reason="wrong lane"
        )
    assert_violation(e, "move_ids", "clearance_state")
    assert snapshot(post) == counts
    clearance.undo_moves(
        post.desk, move_ids=[m.id for m in moves[1:]], by=post.officer.id, reason="wrong lane"
    )
    assert [row(post, e).lane_code for e in events] == ["P-IN-2", "P-IN-1", "P-IN-1"]
    with pytest.raises(RuleViolation) as e:  # undone already
        clearance.undo_moves(post.desk, move_ids=[moves[1].id], by=post.officer.id, reason="again")
    assert_violation(e, "move_ids", "clearance_state")
