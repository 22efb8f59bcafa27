"""Wait statistics against hand-computed values (type-7 percentiles, the 30-minute line)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.enums import ClearanceStep, Outcome, SubjectKind, TravellerCategory
from db.queries import effective_steps
from desktop_app import clearance, queue, stats

CN = TravellerCategory.CHINESE_CITIZEN
FN = TravellerCategory.FOREIGN_NATIONAL


def record(post, n: int, category, wait_s: float, joined_minutes_ago: float, *, serve=True):
    at = post.clock.at - timedelta(minutes=joined_minutes_ago)
    event = clearance.join_queue(
        post.desk,
        lane_id=post.lane.id,
        reference=f"S{n:04d}",
        subject_kind=SubjectKind.PERSON,
        traveller_category=category,
        by=post.officer.id,
        at=at,
    )
    if serve:
        started = at + timedelta(seconds=wait_s)
        clearance.start_service(
            post.desk, clearance_id=event.clearance_id, by=post.officer.id, at=started
        )
        clearance.finish(
            post.desk,
            clearance_id=event.clearance_id,
            outcome=Outcome.CLEARED,
            by=post.officer.id,
            at=started + timedelta(seconds=20),
        )
    return event


@pytest.fixture
def period(post):
    # Waits in seconds, joined 100 minutes ago so every start is in the past.
    for n, wait in enumerate([60, 120, 180, 240, 2400]):
        record(post, n, CN, wait, 100)
    for n, wait in enumerate([600, 1900], start=10):
        record(post, n, FN, wait, 100)
    record(post, 20, FN, 0, 5, serve=False)  # still waiting 5 min: unserved, no invented wait
    start = post.clock.at - timedelta(hours=2)
    return stats.wait_stats(post.desk, start, post.clock.at, as_of=post.clock.at).groups


def window(post, *, group_by="traveller_category"):
    at = post.clock.at
    return stats.wait_stats(post.desk, at - timedelta(hours=2), at, as_of=at, group_by=group_by)


def test_percentiles_per_category_match_hand_computation(period):
    cn = period["chinese_citizen"]
    # Type 7: rank h = (n-1)p; P90 of five values: 240 + 0.6 * (2400 - 240) = 1536.
    assert (cn.count, cn.p50, cn.p90, cn.p95, cn.max) == (5, 180, 1536, 1968, 2400)
    assert cn.within_target == pytest.approx(0.8)
    assert [b.reference for b in cn.breaches] == ["S0004"]

    fn = period["foreign_national"]
    assert (fn.count, fn.p50, fn.p90, fn.p95, fn.max) == (2, 1250, 1770, 1835, 1900)
    assert fn.within_target == pytest.approx(0.5)
    assert [b.reference for b in fn.breaches] == ["S0011"]
    assert (fn.unserved, fn.waiting_over_target) == (1, 0)


def test_pooled_row_is_apart_and_labelled_groups_are_never_averaged_away(post, period):
    result = window(post)
    assert result.pooled.count == 7
    assert len(result.pooled.breaches) == 2
    assert set(result.groups) == {"chinese_citizen", "foreign_national"}


def test_exactly_thirty_minutes_is_within_target_not_a_breach(post):
    record(post, 1, CN, 1800, 60)
    summary = window(post).groups["chinese_citizen"]
    assert summary.within_target == 1.0
    assert summary.breaches == []


def test_someone_still_waiting_past_the_target_is_a_breach(post):
    """The defect: a citizen queued 42 minutes and still waiting showed as 100% within."""
    record(post, 1, CN, 600, 90)  # served after 10 minutes
    record(post, 2, CN, 0, 42, serve=False)  # joined 42 minutes ago, still in the queue
    record(post, 3, CN, 0, 12, serve=False)  # 12 minutes so far: undecided, not counted
    cn = window(post).groups["chinese_citizen"]
    assert (cn.count, cn.unserved, cn.waiting_over_target) == (2, 2, 1)
    assert [b.reference for b in cn.breaches] == ["S0002"]
    assert cn.max == 42 * 60  # the wait so far: a lower bound
    assert cn.within_target == pytest.approx(0.5)
    # Type 7 over (600, 2520): P50 = 600 + 0.5 * 1920.
    assert cn.p50 == pytest.approx(1560)


def test_as_of_is_an_input_not_the_clock(post):
    """The same data as of an earlier time: steps after it are not there yet."""
    event = record(post, 1, CN, 2400, 60)  # joined 60 min ago, served 40 min after
    at = post.clock.at
    earlier = at - timedelta(minutes=30)  # 30 minutes after joining: still waiting then
    then = stats.wait_stats(post.desk, at - timedelta(hours=2), at, as_of=earlier)
    cn = then.groups["chinese_citizen"]
    assert (cn.count, cn.unserved, cn.waiting_over_target, cn.breaches) == (0, 1, 0, [])
    later = at - timedelta(minutes=25)  # 35 minutes: past the target, still waiting
    cn = stats.wait_stats(post.desk, at - timedelta(hours=2), at, as_of=later).groups[
        "chinese_citizen"
    ]
    assert (cn.count, cn.max, cn.waiting_over_target) == (1, 35 * 60, 1)
    assert cn.breaches[0].clearance_id == event.clearance_id
    now = window(post).groups["chinese_citizen"]
    assert (now.count, now.max, now.unserved) == (1, 2400, 0)


def test_vehicles_are_held_to_their_own_target(post):
    """Torugart's vehicles: 45 minutes of waiting (reference data), not the citizens' 30."""
    at = post.clock.at
    for n, wait in enumerate((20, 40, 50)):
        joined = at - timedelta(minutes=100)
        event = clearance.join_queue(
            post.desk,
            lane_id=post.vehicle_lane.id,
            reference=f"新A·{n}",
            subject_kind=SubjectKind.VEHICLE,
            by=post.officer.id,
            at=joined,
        )
        clearance.start_service(
            post.desk,
            clearance_id=event.clearance_id,
            by=post.officer.id,
            at=joined + timedelta(minutes=wait),
        )
    result = window(post)
    assert result.targets["vehicle"].minutes == 45
    thirty, own = result.groups["vehicle"], result.own["vehicle"]
    assert (len(thirty.breaches), thirty.within_target) == (2, pytest.approx(1 / 3))
    assert (len(own.breaches), own.within_target) == (1, pytest.approx(2 / 3))
    assert own.target_s == 45 * 60 and "chinese_citizen" not in result.own


def test_corrected_start_time_is_what_counts(post):
    event = record(post, 1, CN, 2400, 60)
    with post.desk.read() as s:
        start_event = effective_steps(s, event.clearance_id)[ClearanceStep.STARTED]
    clearance.correct(
        post.desk,
        event_id=start_event.id,
        by=post.deputy.id,
        reason="wrong key at the desk",
        at=event.at + timedelta(minutes=10),
    )
    summary = window(post).groups["chinese_citizen"]
    assert summary.max == 600
    assert summary.breaches == []


def test_grouping_by_lane_kind(post):
    record(post, 1, CN, 60, 30)
    clearance.join_queue(
        post.desk,
        lane_id=post.vehicle_lane.id,
        reference="新A·12345",
        subject_kind=SubjectKind.VEHICLE,
        by=post.officer.id,
        at=post.clock.at - timedelta(minutes=3),
    )
    by_kind = window(post, group_by="lane_kind").groups
    assert by_kind["regular"].count == 1 and by_kind["regular"].unserved == 1


def test_live_queue_summary_levels(post):
    record(post, 1, CN, 0, 16, serve=False)
    record(post, 2, FN, 0, 4, serve=False)
    level = queue.summarize(queue.current_queue(post.desk), post.clock.at)
    assert level.waiting == 2
    assert level.longest == timedelta(minutes=16)
    assert level.median == timedelta(minutes=10)
    assert level.level == queue.Level.AMBER


def test_one_thirty_minutes():
    """The citizens' rule is stated twice (the live queue, the reference targets): the same."""
    from desktop_app import reference

    assert reference.CITIZEN_TARGET.seconds == queue.TARGET.total_seconds() == stats.TARGET_S
