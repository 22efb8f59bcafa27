"""The post's likely lanes: readiness learned from constructed waves, the floor's reaction."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from desktop_app.planning import response
from desktop_app.planning.history import digest_of
from desktop_app.planning.inputs import Known, Queue
from desktop_app.planning.plan import plan_for
from desktop_app.planning.queueing import Lanes, Reaction, predict
from tests.test_planning import AT, LANES, ZONE, bus, known, walk_in

# -- the floor's reaction inside the queue model ------------------------------------------


def ramp(minutes: int, bursts: list[int]) -> list[float]:
    """4 a minute for 45 minutes from each of ``bursts``: twice what one lane clears."""
    out = [0.0] * minutes
    for first in bursts:
        for m in range(first, first + 45):
            out[m] = 4.0
    return out


REACT = Reaction(after_min=15, delay_min=5, most=2, idle_min=40)


def test_a_queue_past_15_minutes_gets_a_lane_after_the_reaction_delay() -> None:
    minutes = 240
    arrivals = ramp(minutes, [0])
    lanes = Lanes([1] * minutes, 2.0, 0.0, [False] * minutes)
    held = predict([arrivals], lanes, random_rate=[0.0] * minutes)
    reacted = predict([arrivals], lanes, random_rate=[0.0] * minutes, react=REACT)
    # One lane: the backlog grows by 2 a minute, who comes at minute m waits m minutes.
    assert held[1].p90_s / 60 == pytest.approx(28.5, abs=1)
    assert held[2].p90_s / 60 == pytest.approx(43.5, abs=1)
    # The wait passes 15 minutes at minute 15; a second lane opens at 20 and holds the
    # backlog (4 come, 4 served a minute): 40 waiting, 10 minutes, from then on.
    assert reacted[1].p90_s / 60 == pytest.approx(19.5, abs=1)
    assert reacted[2].p90_s / 60 == pytest.approx(10.4, abs=1)
    # No lane left to open: the same as holding the lanes.
    none_left = Reaction(after_min=15, delay_min=5, most=1, idle_min=40)
    same = predict([arrivals], lanes, random_rate=[0.0] * minutes, react=none_left)
    assert [w.p90_s for w in same] == [w.p90_s for w in held]


def test_a_lane_opened_for_a_queue_closes_after_it_stays_idle() -> None:
    minutes = 300
    lanes = Lanes([1] * minutes, 2.0, 0.0, [False] * minutes)
    once = predict([ramp(minutes, [0])], lanes, random_rate=[0.0] * minutes, react=REACT)
    # A second wave two hours later finds one lane again and meets the same queue.
    twice = predict([ramp(minutes, [0, 150])], lanes, random_rate=[0.0] * minutes, react=REACT)
    assert [w.p90_s for w in twice[10:13]] == [w.p90_s for w in once[0:3]]


# -- readiness learned from the post's own waves ------------------------------------------


def waves_history(ready: int, missed: int, *, size: int = 40) -> Known:
    """Past buses of ``size`` at 14:00 on the days before AT, one lane open before each;
    for ``ready`` of them the post opened a second by the first arrival, not for the rest."""
    facts, joins = [], []
    changes: dict = {LANES[0].id: [(AT - timedelta(days=60), True)]}
    second: list[tuple[datetime, bool]] = []
    for d in range(1, ready + missed + 1):
        expected = datetime.combine(AT.astimezone(ZONE).date() - timedelta(days=d), time(14), ZONE)
        f = bus(expected, size)
        facts.append(f)
        joins += [
            walk_in(expected + timedelta(seconds=300 * i / size), forecast=f.id)
            for i in range(size)
        ]
        if d <= ready:
            second += [
                (expected - timedelta(minutes=1), True),
                (expected + timedelta(hours=1), False),
            ]
    changes[LANES[1].id] = sorted(second)
    base = known(AT, joins, facts)
    base.lane_changes = changes
    return base


def test_readiness_counts_the_waves_the_post_had_lanes_enough_for() -> None:
    history = waves_history(ready=5, missed=2)
    # 40 travellers of 36 seconds are 24 minutes of work: two lanes clear them in 15.
    found = digest_of(history).readiness[Queue.TRAVELLERS_ENTRY]
    assert (found.waves, found.ready) == (7, 5) and found.usual
    rarely = digest_of(waves_history(ready=2, missed=5)).readiness[Queue.TRAVELLERS_ENTRY]
    assert (rarely.waves, rarely.ready) == (7, 2) and not rarely.usual
    # Small groups one lane clears in time ask nothing of the post: not counted.
    small = digest_of(waves_history(ready=0, missed=7, size=20)).readiness
    assert Queue.TRAVELLERS_ENTRY not in small


def test_lanes_enough_for_a_wave_are_its_work_over_15_minutes() -> None:
    st = response.ServiceTime(36.0, 1.0, 100)
    assert response.lanes_for(25, st, 3) == 1  # 15 minutes of work exactly
    assert response.lanes_for(40, st, 3) == 2
    assert response.lanes_for(200, st, 3) == 3  # no more lanes than there are


def coming(history: Known, size: int) -> Known:
    wave = datetime.combine(AT.astimezone(ZONE).date(), time(14), ZONE)
    history.forecasts = [*history.forecasts, bus(wave, size)]
    return history


def test_a_post_that_readies_lanes_is_expected_to_ready_them_again() -> None:
    plan = plan_for(coming(waves_history(ready=6, missed=1), 40), hours=12)
    g = plan.groups[Queue.TRAVELLERS_ENTRY]
    wave = max(range(plan.bins), key=lambda b: g.arrivals[b][0])
    assert g.lanes_current[wave] == 1 and g.lanes_likely[wave] == 2
    # One lane: 40 in five minutes wait up to ~20 minutes; two clear them in ~12.
    assert g.current[wave].p90_s > 15 * 60
    assert g.likely[wave].p90_s < g.current[wave].p90_s - 5 * 60
    # The lanes are held a while, then the plan is back to the lanes open now.
    assert g.lanes_likely[wave + 2] == 2 and g.lanes_likely[-1] == 1


def test_a_post_that_rarely_readies_lanes_is_expected_to_answer_the_queue_instead() -> None:
    plan = plan_for(coming(waves_history(ready=1, missed=6), 40), hours=12)
    g = plan.groups[Queue.TRAVELLERS_ENTRY]
    assert g.lanes_likely == g.lanes_current
    wave = max(range(plan.bins), key=lambda b: g.arrivals[b][0])
    # Its reaction opens the second lane once the wait passes 15 minutes: the wave's P90
    # is shorter than with one lane held, but not as short as with lanes readied.
    ready = plan_for(coming(waves_history(ready=6, missed=1), 40), hours=12)
    readied = ready.groups[Queue.TRAVELLERS_ENTRY].likely[wave].p90_s
    assert readied < g.likely[wave].p90_s <= g.current[wave].p90_s
