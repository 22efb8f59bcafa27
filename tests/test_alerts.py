"""Alert episodes per lane group (desktop_app/alerts.py): constructed queues, then real desks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from conftest import Clock, make_post
from sqlalchemy import func, select

from db import outbox
from db.enums import AlertKind, LaneGroup, Outcome, SubjectKind, TravellerCategory, WaitLevel
from db.models import QueueAlert
from desktop_app import alerts, clearance, lanes, queue, queue_figures
from desktop_app.alerts import Waiter, sweep
from desktop_app.errors import RuleViolation
from tests.helpers.rules import assert_violation

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
LANE = uuid.UUID(int=1)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def waiter(joined: float, started: float | None) -> Waiter:
    return Waiter(at(joined), at(started) if started is not None else None, LANE)


def kinds(changes):
    return [
        (c.kind.value, round((c.at - T0).total_seconds() / 60, 2), c.level.value) for c in changes
    ]


# -- the sweep: constructed queues ------------------------------------------------------


def test_a_wave_with_head_changes_is_one_episode_not_one_per_head():
    # A busload arrives 50 s apart and the desk serves one every 50 s, each after
    # 15.5 minutes: every service drops the longest wait below 15 minutes for 20 s,
    # then the next head crosses 15 again.  That is one wave, one episode (the issue
    # counted 141 crossings in 87 episodes when every head change started one).
    step = 50 / 60
    members = [waiter(n * step, 15.5 + n * step) for n in range(20)]
    changes = sweep(members, at(0), at(60))
    assert [c.kind for c in changes].count(AlertKind.STARTED) == 1
    assert kinds(changes)[0] == ("started", 15.0, "amber")
    dips = [c for c in changes if c.level == WaitLevel.OK]
    assert len(dips) == 20  # each head change is a dip within the episode
    [ended] = [c for c in changes if c.kind == AlertKind.ENDED]
    last_start = at(15.5 + 19 * step)
    assert ended.at == last_start  # when the wait fell below amber for good
    assert (ended.wait_s, ended.level) == (15 * 60 + 30, WaitLevel.AMBER)  # the peak


def test_red_and_its_hysteresis():
    members = [waiter(0, 27), waiter(4, 29), waiter(9, 40)]
    changes = sweep(members, at(0), at(60))
    assert kinds(changes) == [
        ("started", 15.0, "amber"),
        ("level", 25.0, "red"),
        # minute 27: the head leaves, the next has waited 23 minutes: still red
        # (red falls back only below 20); minute 29: 20 minutes, still red
        ("level", 40.0, "ok"),  # minute 40: nobody waits any more
        ("ended", 40.0, "red"),
    ]
    assert changes[-1].wait_s == 31 * 60 and changes[-1].peak_at == at(40)


def test_red_falls_back_to_amber_below_20_minutes():
    members = [waiter(0, 26), waiter(8, 34)]
    changes = sweep(members, at(0), at(60))
    assert kinds(changes) == [
        ("started", 15.0, "amber"),
        ("level", 25.0, "red"),
        ("level", 26.0, "amber"),  # 18 minutes after the head change
        ("level", 33.0, "red"),
        ("level", 34.0, "ok"),
        ("ended", 34.0, "red"),
    ]


def test_a_dip_shorter_than_the_quiet_time_keeps_the_episode_a_longer_one_ends_it():
    short_dip = [waiter(0, 16), waiter(6, 30)]  # below at 16 (10 min), back over at 21
    changes = sweep(short_dip, at(0), at(60))
    assert kinds(changes) == [
        ("started", 15.0, "amber"),
        ("level", 16.0, "ok"),
        ("level", 21.0, "amber"),
        ("level", 30.0, "ok"),
        ("ended", 30.0, "amber"),
    ]
    long_dip = [waiter(0, 16), waiter(13, 40)]  # below at 16 (3 min), over again at 28
    changes = sweep(long_dip, at(0), at(60))
    assert [c.kind for c in changes].count(AlertKind.STARTED) == 2
    assert kinds(changes)[:3] == [
        ("started", 15.0, "amber"),
        ("level", 16.0, "ok"),
        ("ended", 16.0, "amber"),
    ]
    assert kinds(changes)[3] == ("started", 28.0, "amber")


def test_nobody_waits_long_nothing_happens():
    assert sweep([waiter(n, n + 10) for n in range(30)], at(0), at(60)) == []
    assert sweep([], at(0), at(60)) == []


def test_an_episode_still_running_has_no_end_and_one_that_cannot_come_back_ends_at_once():
    running = sweep([waiter(0, None)], at(0), at(20))
    assert kinds(running) == [("started", 15.0, "amber")]
    # served at 17, nobody else: the wait cannot reach amber again within the quiet time
    over = sweep([waiter(0, 17), waiter(16, None)], at(0), at(18))
    assert kinds(over)[-1] == ("ended", 17.0, "amber")


def test_a_wait_already_long_at_the_first_look_is_dated_back():
    changes = sweep([waiter(0, None)], at(30), at(31))
    assert kinds(changes) == [("started", 15.0, "amber"), ("level", 25.0, "red")]
    limited = sweep([waiter(0, None)], at(30), at(31), not_before=at(20))
    assert kinds(limited) == [("started", 20.0, "amber"), ("level", 25.0, "red")]


# -- real desks: follow, fold, acknowledge ------------------------------------------------


def join(post, reference, lane, kind=SubjectKind.PERSON, at=None):
    return clearance.join_queue(
        post.desk,
        lane_id=lane.id,
        reference=reference,
        subject_kind=kind,
        traveller_category=TravellerCategory.CHINESE_CITIZEN
        if kind == SubjectKind.PERSON
        else None,
        by=post.officer.id,
        at=at,
    )


def serve(post, event):
    clearance.start_service(post.desk, clearance_id=event.clearance_id, by=post.officer.id)
    clearance.finish(
        post.desk, clearance_id=event.clearance_id, outcome=Outcome.CLEARED, by=post.officer.id
    )


def facts(post):
    with post.desk.read() as s:
        return list(s.scalars(select(QueueAlert).order_by(QueueAlert.at, QueueAlert.kind)))


def test_the_core_dates_crossings_exactly_however_late_it_looks(post):
    joined = post.clock.at
    first = join(post, "W1", post.lane)
    post.clock.advance(minutes=40)  # nothing happened meanwhile: nobody looked
    alerts.follow(post.desk, force=True)
    [started, red] = facts(post)
    assert (started.kind, started.at, started.level, started.wait_s) == (
        AlertKind.STARTED,
        joined + timedelta(minutes=15),
        WaitLevel.AMBER,
        900,
    )
    assert started.episode_id == started.id and started.lane_group == LaneGroup.TRAVELLERS_ENTRY
    assert started.lane_id == post.lane.id and started.shift_id == post.shift.id
    assert (red.at, red.level, red.episode_id) == (
        joined + timedelta(minutes=25),
        WaitLevel.RED,
        started.id,
    )
    alerts.follow(post.desk, force=True)  # looking again writes nothing twice
    assert len(facts(post)) == 2
    [episode] = alerts.current(post.desk)
    assert episode.open and episode.level == WaitLevel.RED and not episode.acknowledged
    serve(post, first)  # the clearance service looks by itself after its steps
    alerts.follow(post.desk, force=True)
    [ended] = [f for f in facts(post) if f.kind == AlertKind.ENDED]
    assert (ended.episode_id, ended.at, ended.wait_s, ended.peak_at) == (
        started.id,
        post.clock.at,
        40 * 60,
        post.clock.at,
    )
    assert alerts.current(post.desk) == []


def test_a_forgotten_record_does_not_hold_an_episode_open_for_ever(post):
    joined = post.clock.at
    join(post, "F1", post.lane)  # nobody records its service: a forgotten record
    post.clock.advance(minutes=30)
    alerts.follow(post.desk, force=True)
    assert [e.level for e in alerts.current(post.desk)] == [WaitLevel.RED]
    post.clock.advance(hours=25)
    alerts.follow(post.desk, force=True)
    assert alerts.current(post.desk) == []
    [episode] = alerts.episodes(post.desk, joined, post.clock.at)
    assert episode.ended_at == joined + timedelta(hours=24)  # when it left the live queue


def test_steps_write_the_episodes_whatever_screen_is_open(post):
    events = [join(post, f"S{n}", post.lane) for n in range(3)]
    for _ in range(8):  # one step every 3 minutes, nobody calls follow
        post.clock.advance(minutes=3)
        join(post, f"X{_}", post.vehicle_lane, kind=SubjectKind.VEHICLE)
    kinds_written = [f.kind for f in facts(post) if f.lane_group == LaneGroup.TRAVELLERS_ENTRY]
    assert kinds_written[:1] == [AlertKind.STARTED]
    for event in events:
        serve(post, event)
    post.clock.advance(minutes=alerts.FOLLOW_EVERY.total_seconds() / 60)
    join(post, "LAST", post.lane)  # a step after the interval: it looks again
    groups = {(f.lane_group, f.kind) for f in facts(post)}
    assert (LaneGroup.TRAVELLERS_ENTRY, AlertKind.ENDED) in groups


def test_each_lane_group_has_its_own_episodes(tmp_path):
    post = make_post(tmp_path / "als", Clock(), port="ALS")
    try:
        rail = post.lane_by_code("R-IN")
        lanes.set_open(post.desk, lane_id=rail.id, open_=True, by=post.officer.id)
        join(post, "X8017", rail, kind=SubjectKind.TRAIN)
        for n in range(3):
            join(post, f"新A-{n}", post.vehicle_lane, kind=SubjectKind.VEHICLE)
        traveller = join(post, "P1", post.lane)
        post.clock.advance(minutes=10)
        serve(post, traveller)
        post.clock.advance(minutes=10)  # trains and trucks have waited 20 minutes
        alerts.follow(post.desk, force=True)
        found = alerts.current(post.desk)
        assert {e.lane_group for e in found} == {LaneGroup.RAIL, LaneGroup.VEHICLES}
        assert all(e.started_at == found[0].started_at for e in found)
    finally:
        post.desk.close()


def test_time_before_the_port_opens_raises_no_alert(tmp_path):
    # Torugart opens 09:00 Beijing time (01:00 UTC); the shift opened at 06:45.
    post = make_post(tmp_path / "trg", Clock(datetime(2026, 11, 20, 0, 45, tzinfo=UTC)))
    try:
        join(post, "新A-1", post.vehicle_lane, kind=SubjectKind.VEHICLE)  # 08:45, at the gate
        post.clock.advance(minutes=35)  # 09:20: waited 35 minutes, 20 of them in hours
        alerts.follow(post.desk, force=True)
        [episode] = alerts.current(post.desk)
        assert episode.started_at == datetime(2026, 11, 20, 1, 15, tzinfo=UTC)  # 09:15
        assert episode.level == WaitLevel.AMBER
    finally:
        post.desk.close()


def test_acknowledging_an_episode_with_the_action_taken(post):
    join(post, "A1", post.lane)
    post.clock.advance(minutes=16)
    alerts.follow(post.desk, force=True)
    [episode] = alerts.current(post.desk)
    for bad, rule in (("  ", "required"), ("x" * 501, "too_long")):
        with pytest.raises(RuleViolation) as e:
            alerts.acknowledge(
                post.desk, episode_id=episode.episode_id, by=post.officer.id, action=bad
            )
        assert_violation(e, "action", rule)
    with pytest.raises(RuleViolation) as e:
        alerts.acknowledge(
            post.desk, episode_id=post.shift.id, by=post.officer.id, action="opened P-IN-2"
        )
    assert_violation(e, "episode_id", "not_found")
    with pytest.raises(RuleViolation) as e:
        alerts.acknowledge(post.desk, episode_id=episode.episode_id, by=None, action="x")
    assert_violation(e, "by", "required")
    post.clock.advance(minutes=1)
    lanes.set_open(
        post.desk, lane_id=post.lane_by_code("P-IN-2").id, open_=True, by=post.officer.id
    )
    alerts.acknowledge(
        post.desk, episode_id=episode.episode_id, by=post.officer.id, action="opened P-IN-2"
    )
    [episode] = alerts.current(post.desk)
    [ack] = episode.acknowledgements
    assert (ack.badge_no, ack.action, ack.at) == (
        post.officer.badge_no,
        "opened P-IN-2",
        post.clock.at,
    )
    assert episode.lane_opened_at == post.clock.at
    assert episode.response_s() == 2 * 60  # from 15 minutes to the opening at 17
    figures = queue_figures.episode_figures([episode], post.clock.at)
    assert (figures.count, figures.acknowledged, figures.open) == (1, 1, 1)
    assert figures.by_group == {LaneGroup.TRAVELLERS_ENTRY: 1}


def test_two_starts_of_one_wave_fold_into_one_episode(post):
    """Two desks that both saw a wave begin before they synced: one episode, both ends."""
    join(post, "D1", post.lane)
    post.clock.advance(minutes=16)
    alerts.follow(post.desk, force=True)
    [ours] = alerts.current(post.desk)
    other = uuid.uuid4()
    with post.desk.unit() as s:  # as another desk's start, a minute later, would arrive
        outbox.append(
            s,
            QueueAlert,
            id=other,
            episode_id=other,
            port_id=post.desk.port_id,
            lane_group=LaneGroup.TRAVELLERS_ENTRY,
            kind=AlertKind.STARTED,
            at=ours.started_at + timedelta(seconds=50),
            level=WaitLevel.AMBER,
            wait_s=900,
        )
    [joined] = alerts.current(post.desk)
    assert joined.started_at == ours.started_at
    assert set(joined.episode_ids) == {ours.episode_id, other}
    post.clock.advance(minutes=1)
    for event in clearance_queue(post):
        serve(post, event)
    alerts.follow(post.desk, force=True)
    with post.desk.read() as s:
        ends = s.scalar(select(func.count()).where(QueueAlert.kind == AlertKind.ENDED))
    assert ends == 2  # each recorded start got its end
    assert alerts.current(post.desk) == []
    [episode] = alerts.episodes(post.desk, ours.started_at, post.clock.at)
    assert episode.ended_at == post.clock.at


def clearance_queue(post):
    return queue.current_queue(post.desk)


def test_ids_take_their_time_from_the_desks_clock(tmp_path):
    long_ago = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    post = make_post(tmp_path / "old", Clock(long_ago))
    try:
        event = join(post, "ID1", post.lane)
        assert event.id.version == 7
        assert event.id.int >> 80 == int(long_ago.timestamp() * 1000)
        post.clock.advance(seconds=1)
        later = join(post, "ID2", post.lane)
        assert later.id > event.id
        shift_id_ms = post.shift.id.int >> 80  # made by the fixture, on the same clock
        assert abs(shift_id_ms - int(long_ago.timestamp() * 1000)) < 3 * 3600 * 1000
    finally:
        post.desk.close()


def test_a_queue_while_the_port_is_closed_counts_from_its_next_opening():
    from datetime import date, time

    from db.enums import PortStatus
    from desktop_app.port_calendar import Calendar, next_open

    def calendar(status, first=None, last=None):
        return Calendar("TRG", "Asia/Shanghai", status, first, last, time(9), time(21), "", 1)

    at_gate = datetime(2026, 11, 20, 0, 40, tzinfo=UTC)  # 08:40 in Beijing
    assert next_open(calendar(PortStatus.OPEN), at_gate) == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    in_hours = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    assert next_open(calendar(PortStatus.OPEN), in_hours) == in_hours
    suspended = calendar(PortStatus.SUSPENDED, date(2026, 11, 20), date(2026, 11, 21))
    assert next_open(suspended, in_hours) == datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
    for_good = calendar(PortStatus.SUSPENDED, date(2026, 11, 20), None)
    assert next_open(for_good, in_hours) is None
