"""Moves and alert episodes travel between two desks of one post through a real HQ."""

from __future__ import annotations

from datetime import timedelta

from conftest import Clock, make_post
from sqlalchemy import func, select, text
from test_sync_support import enrolled

from db.enums import AlertKind, LaneGroup, SubjectKind, TravellerCategory, WaitLevel
from db.models import ClearanceEvent, QueueAlert
from desktop_app import alerts, clearance, lanes, queue
from desktop_app.bootstrap import initialize
from desktop_app.sync.client import SyncClient
from desktop_app.sync.state import pending_count

pytest_plugins = ["test_sync_support"]  # the hq and hq_db fixtures


def sync(desk, hq) -> None:
    with SyncClient(desk, hq.url) as client:
        client.sync()


def lanes_of(desk) -> dict[str, str]:
    return {c.reference: c.lane_code for c in queue.current_queue(desk)}


def test_moves_and_episodes_reach_the_other_desk_and_its_acknowledgement_comes_back(hq, tmp_path):
    post = make_post(tmp_path / "a", Clock())
    a = enrolled(hq, post.desk)
    b = enrolled(hq, initialize(tmp_path / "b", "TRG", clock=post.clock))
    try:
        # Desk A: a queue that has waited 20 minutes; a lane opens and takes its tail.
        joined = post.clock.at - timedelta(minutes=20)
        events = [
            clearance.join_queue(
                a,
                lane_id=post.lane.id,
                reference=f"S{n}",
                subject_kind=SubjectKind.PERSON,
                traveller_category=TravellerCategory.CHINESE_CITIZEN,
                by=post.officer.id,
                at=joined + timedelta(seconds=30 * n),
            )
            for n in range(6)
        ]
        p2 = lanes.set_open(
            a, lane_id=post.lane_by_code("P-IN-2").id, open_=True, by=post.officer.id
        )
        suggestion = lanes.suggest_move(a, p2.id)
        assert suggestion is not None and suggestion.count == 3
        moves = clearance.move(
            a, clearance_ids=list(suggestion.clearance_ids), lane_id=p2.id, by=post.officer.id
        )
        alerts.follow(a, force=True)
        [episode] = alerts.current(a)
        assert episode.lane_group == LaneGroup.TRAVELLERS_ENTRY
        assert episode.started_at == joined + timedelta(minutes=15)
        sync(a, hq)
        assert pending_count(a) == 0

        # Desk B: the same queues, the same episode, recorded nowhere twice.
        sync(b, hq)
        expected = {f"S{n}": "P-IN-1" if n < 3 else "P-IN-2" for n in range(6)}
        assert lanes_of(b) == expected == lanes_of(a)
        alerts.follow(b, force=True)  # B looks too: it finds the episode A recorded
        [seen] = alerts.current(b)
        assert (seen.episode_id, seen.started_at, seen.level) == (
            episode.episode_id,
            episode.started_at,
            WaitLevel.AMBER,
        )
        with b.read() as s:
            starts = s.scalar(select(func.count()).where(QueueAlert.kind == AlertKind.STARTED))
        assert starts == 1
        # B acknowledges it and takes one move back; both travel to A.
        alerts.acknowledge(
            b, episode_id=seen.episode_id, by=post.officer.id, action="增开 P-IN-2，分流 3 人"
        )
        clearance.undo_moves(b, move_ids=[moves[0].id], by=post.officer.id, reason="走错")
        sync(b, hq)
        sync(a, hq)
        [acknowledged] = alerts.current(a)
        [ack] = acknowledged.acknowledgements
        assert (ack.badge_no, ack.action) == (post.officer.badge_no, "增开 P-IN-2，分流 3 人")
        moved_back = next(
            r for r in queue.current_queue(a) if r.clearance_id == moves[0].clearance_id
        )
        assert moved_back.lane_code == "P-IN-1" and moved_back.joined_at == events[5].at
        assert lanes_of(a) == lanes_of(b)
        assert acknowledged.lane_opened_at == post.clock.at  # P-IN-2 opened for it
    finally:
        a.close()
        b.close()
    # HQ holds each of them once.
    with hq.engine.connect() as conn:
        moves_at_hq = conn.execute(
            select(func.count()).where(ClearanceEvent.step == "moved")
        ).scalar()
        alerts_at_hq = conn.execute(text("select kind, count(*) from queue_alerts group by kind"))
        counted = dict(alerts_at_hq.all())
    assert moves_at_hq == 3
    assert counted == {"started": 1, "acknowledged": 1}
