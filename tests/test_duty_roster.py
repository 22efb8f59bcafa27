"""The duty roster: who works which lane, moves over the shift, and its rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import Clock, make_post
from sqlalchemy import select
from test_sync_support import enrolled

from db.enums import DutyAction
from db.models import AuditEntry, DutyPosting, OutboxEntry
from desktop_app import duty_roster
from desktop_app.bootstrap import initialize
from desktop_app.errors import RuleViolation
from desktop_app.sync.client import SyncClient
from desktop_app.sync.state import pending_count

pytest_plugins = ["test_sync_support"]  # the hq and hq_db fixtures


def sync(desk, hq) -> None:
    with SyncClient(desk, hq.url) as client:
        client.sync()


def test_officers_take_lanes_move_and_the_roster_says_who_is_where(post) -> None:
    p = post
    t0 = p.clock.at - timedelta(hours=1)
    duty_roster.take_lane(
        p.desk, shift_id=p.shift.id, officer_id=p.officer.id, lane_id=p.lane.id, by=p.deputy.id,
        at=t0,
    )  # fmt: skip
    duty_roster.come_on_duty(
        p.desk, shift_id=p.shift.id, officer_id=p.deputy2.id, by=p.deputy.id, at=t0
    )
    before_move = duty_roster.roster(p.desk, p.shift.id, at=t0 + timedelta(minutes=5))
    assert [(o.badge_no, o.lane_code) for o in before_move.on_duty] == [
        ("2001", "P-IN-1"),
        ("1002", None),
    ]
    assert before_move.unstaffed == ["V-IN-1"]  # open, and nobody works it
    duty_roster.move(
        p.desk, shift_id=p.shift.id, officer_id=p.officer.id, lane_id=p.vehicle_lane.id,
        by=p.deputy.id, at=t0 + timedelta(minutes=30),
    )  # fmt: skip
    now = duty_roster.roster(p.desk, p.shift.id)
    assert [(o.badge_no, o.lane_code) for o in now.on_duty] == [("2001", "V-IN-1"), ("1002", None)]
    assert now.unstaffed == ["P-IN-1"]
    assert [(x.badge_no, x.action, x.lane_code) for x in now.postings] == [
        ("2001", DutyAction.LANE, "P-IN-1"),
        ("1002", DutyAction.ON_DUTY, None),
        ("2001", DutyAction.LANE, "V-IN-1"),
    ]
    with p.desk.read() as s:
        rows = s.scalars(select(DutyPosting)).all()
        queued = s.scalars(select(OutboxEntry).where(OutboxEntry.entity == "duty_postings")).all()
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action.like("duty.%"))).all()
    assert len(rows) == len(queued) == 3  # each with its outbox entry: it syncs
    assert len(audited) == 3


def test_an_officer_on_two_lanes_at_once_is_refused(post) -> None:
    p = post
    duty_roster.take_lane(
        p.desk, shift_id=p.shift.id, officer_id=p.officer.id, lane_id=p.lane.id, by=p.deputy.id
    )
    with pytest.raises(RuleViolation) as refused:
        duty_roster.take_lane(
            p.desk, shift_id=p.shift.id, officer_id=p.officer.id, lane_id=p.vehicle_lane.id,
            by=p.deputy.id,
        )  # fmt: skip
    assert refused.value.field == "lane_id" and refused.value.rule == "officer_on_two_lanes"
    assert "P-IN-1" in str(refused.value)
    assert p.count("duty_postings") == 1  # nothing half-written


def test_postings_go_forward_and_need_the_officer_on_duty(post) -> None:
    p = post
    now = p.clock.at
    duty_roster.take_lane(
        p.desk, shift_id=p.shift.id, officer_id=p.officer.id, lane_id=p.lane.id, by=p.deputy.id,
        at=now,
    )  # fmt: skip
    with pytest.raises(RuleViolation) as earlier:
        duty_roster.leave_lane(
            p.desk, shift_id=p.shift.id, officer_id=p.officer.id, by=p.deputy.id,
            at=now - timedelta(minutes=1),
        )  # fmt: skip
    assert earlier.value.rule == "posting_order"
    with pytest.raises(RuleViolation) as absent:
        duty_roster.go_off_duty(
            p.desk, shift_id=p.shift.id, officer_id=p.deputy2.id, by=p.deputy.id
        )
    assert absent.value.rule == "not_on_duty"
    duty_roster.go_off_duty(p.desk, shift_id=p.shift.id, officer_id=p.officer.id, by=p.deputy.id)
    assert duty_roster.roster(p.desk, p.shift.id).on_duty == []


def test_a_closed_shift_takes_no_postings(post) -> None:
    p = post
    with p.desk.unit() as s:
        shift = s.get_one(type(p.shift), p.shift.id)
        shift.state = "closed"
    with pytest.raises(RuleViolation) as closed:
        duty_roster.come_on_duty(
            p.desk, shift_id=p.shift.id, officer_id=p.officer.id, by=p.deputy.id
        )
    assert closed.value.rule == "shift_closed"


def test_the_roster_travels_to_another_desk_through_hq(hq, tmp_path) -> None:
    """Two desks post officers while apart; after a sync each sees the whole roster."""
    post = make_post(tmp_path / "a", Clock())
    a = enrolled(hq, post.desk)
    b = enrolled(hq, initialize(tmp_path / "b", "TRG", clock=post.clock))
    try:
        duty_roster.take_lane(
            a, shift_id=post.shift.id, officer_id=post.officer.id, lane_id=post.lane.id,
            by=post.deputy.id,
        )  # fmt: skip
        sync(a, hq)
        sync(b, hq)
        duty_roster.come_on_duty(
            b, shift_id=post.shift.id, officer_id=post.deputy2.id, by=post.deputy.id
        )
        # B knows A's posting: the same officer on a second lane is refused there too.
        with pytest.raises(RuleViolation) as refused:
            duty_roster.take_lane(
                b, shift_id=post.shift.id, officer_id=post.officer.id,
                lane_id=post.vehicle_lane.id, by=post.deputy.id,
            )  # fmt: skip
        assert refused.value.rule == "officer_on_two_lanes"
        sync(b, hq)
        sync(a, hq)
        seen_a = duty_roster.roster(a, post.shift.id)
        seen_b = duty_roster.roster(b, post.shift.id)
        assert [(o.badge_no, o.lane_code) for o in seen_a.on_duty] == [
            ("2001", "P-IN-1"),
            ("1002", None),
        ]
        assert seen_a.on_duty == seen_b.on_duty
        assert pending_count(a) == pending_count(b) == 0
    finally:
        a.close()
        b.close()
