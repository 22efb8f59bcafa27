"""The backtest's score of alert episodes: advice counts for an episode only if it came
at least 15 minutes before the episode started, for the same lane group, about a wave
starting near the episode — checked on episodes recorded by the real alert services."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app import alerts
from desktop_app.planning.advice import Advice
from desktop_app.planning.backtest import AHEAD, NEAR, Backtest, _score_episodes
from desktop_app.planning.inputs import Queue
from tests.test_reports_queue_operations import an_episode_answered_after


def advice(group: Queue, wave_at: datetime) -> Advice:
    return Advice(
        key=f"{group.value}:open:P-IN-2:{wave_at.isoformat()}",
        action="open",
        group=group,
        lane_code="P-IN-2",
        lane_id=None,
        open_by=wave_at - timedelta(minutes=15),
        wave_at=wave_at,
        lead_s=0.0,
        p90_before_s=20 * 60.0,
        p90_after_s=5 * 60.0,
    )


def test_an_episode_counts_as_advised_only_with_advice_early_enough_for_its_group_and_wave(
    post,
) -> None:
    start = post.clock.at
    for minutes, reference in ((2, "E2000001"), (4, "E2000002"), (12, "E2000003")):
        an_episode_answered_after(post, minutes, reference)
        post.clock.advance(minutes=60)  # waves further apart than NEAR: each its own advice
    first, second, third = alerts.episodes(post.desk, start, post.clock.at)
    entry = Queue.TRAVELLERS_ENTRY
    in_time = first.started_at - AHEAD - timedelta(minutes=5)
    given = [
        # the first: advised 20 minutes ahead, its wave 5 minutes before it started
        (in_time, advice(entry, first.started_at - timedelta(minutes=5))),
        # the first again, later: the earliest advice is the one scored
        (in_time + timedelta(minutes=3), advice(entry, first.started_at)),
        # the second: advised only 10 minutes ahead
        (second.started_at - timedelta(minutes=10), advice(entry, second.started_at)),
        # the third: early enough, but about a wave over 45 minutes away, or another group
        (third.started_at - timedelta(minutes=30), advice(entry, third.started_at + NEAR * 2)),
        (third.started_at - timedelta(minutes=30), advice(Queue.VEHICLES_ENTRY, third.started_at)),
    ]
    day = post.desk.local_time(start).date()
    result = Backtest("TRG", day, day)
    _score_episodes(post.desk, start, post.clock.at, given, result)
    assert [(e.started, e.advised_at, e.red) for e in result.episodes] == [
        (first.started_at, in_time, False),
        (second.started_at, None, False),
        (third.started_at, None, True),
    ]
    assert result.advised_share == 1 / 3
