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
    record(post, 20, FN, 0, 5, serve=False)  # still waiting: unserved, no invented wait
    start = post.clock.at - timedelta(hours=2)
    return stats.wait_stats(post.desk, start, post.clock.at)


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
    assert fn.unserved == 1


def test_overall_row_is_there_but_groups_are_never_averaged_away(period):
    assert period["all"].count == 7
    assert len(period["all"].breaches) == 2
    assert set(period) == {"chinese_citizen", "foreign_national", "all"}


def test_exactly_thirty_minutes_is_within_target_not_a_breach(post):
    record(post, 1, CN, 1800, 60)
    summary = stats.wait_stats(post.desk, post.clock.at - timedelta(hours=2), post.clock.at)["all"]
    assert summary.within_target == 1.0
    assert summary.breaches == []


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
    summary = stats.wait_stats(post.desk, post.clock.at - timedelta(hours=2), post.clock.at)["all"]
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
    by_kind = stats.wait_stats(
        post.desk, post.clock.at - timedelta(hours=1), post.clock.at, group_by="lane_kind"
    )
    assert by_kind["regular"].count == 1 and by_kind["regular"].unserved == 1


def test_live_queue_summary_levels(post):
    record(post, 1, CN, 0, 16, serve=False)
    record(post, 2, FN, 0, 4, serve=False)
    level = queue.summarize(queue.current_queue(post.desk), post.clock.at)
    assert level.waiting == 2
    assert level.longest == timedelta(minutes=16)
    assert level.median == timedelta(minutes=10)
    assert level.level == queue.Level.AMBER
