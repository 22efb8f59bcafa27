"""Conflicts: field ownership, last writer by bounded hybrid clock, closed shifts final,
losing versions kept at HQ and on the post, and a pull that never overwrites unsent changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from test_sync_support import an_officer, demo_post

from db.hlc import format_stamp
from db.models import Forecast
from desktop_app import forecasts
from desktop_app.desk import Desk
from desktop_app.protocol import rules
from desktop_app.sync.client import SyncClient
from desktop_app.sync.state import RecordSync, conflicts, record_state
from hq.migrate import upgrade
from hq.records import create_forecasts, update_record
from hq.status import conflicts as hq_conflicts
from hq.store import HQClock, hq_engine
from hq.testing import ThreadedHQ
from tests.helpers.sync import enroll
from ui.testing import Clock

DAY = timedelta(days=1)

# -- the rule itself ------------------------------------------------------------------


def stamp(millis: int, node: str, counter: int = 0) -> str:
    return format_stamp(millis, counter, node)


def forecast(**values) -> dict:
    base = {
        "id": "0190a0a0-0000-7000-8000-000000000001",
        "port_id": "8df45453-34c3-53d5-8df5-6657ca926746",
        "origin_device": "hq",
        "version": 1,
        "hlc": stamp(1_000, "hq"),
        "updated_at": "2026-11-26T10:00:00+00:00",
        "deleted": False,
        "mode": "road",
        "reference": "KG-1",
        "carrier": "",
        "direction": "entry",
        "expected_at": "2026-11-26T12:00:00+00:00",
        "expected_travellers": 40,
        "expected_vehicles": 1,
        "cargo": "none",
        "source": "hq",
        "preinspection": "pending",
        "status": "expected",
        "arrived_at": None,
        "notes": "",
    }
    return {**base, **values}


def merge(stored, incoming, base, *, stamps=None, now_ms=10_000, skew_ms=0):
    return rules.merge(
        "forecasts",
        stored,
        incoming,
        base,
        stamps or {},
        rules.bounded(incoming["hlc"], now_ms, skew_ms),
    )


def test_a_change_made_on_the_version_hq_holds_is_simply_taken():
    v1 = forecast()
    v2 = forecast(version=2, hlc=stamp(2_000, "post-a"), status="arrived", arrived_at="x")
    result = merge(v1, v2, v1)
    assert result.outcome == "incoming" and not result.losses


def test_edits_of_different_groups_merge_without_conflict():
    v1 = forecast()
    at_hq = forecast(version=2, hlc=stamp(2_000, "hq"), expected_at="2026-11-26T13:00:00+00:00")
    at_post = forecast(version=2, hlc=stamp(2_500, "post-a"), preinspection="cleared")
    result = merge(at_hq, at_post, v1)
    assert result.outcome == "merged" and not result.losses
    assert result.values["expected_at"] == "2026-11-26T13:00:00+00:00"
    assert result.values["preinspection"] == "cleared"


def test_the_owner_wins_its_group_whatever_the_clocks_say():
    v1 = forecast()  # created at HQ: HQ owns its schedule
    at_hq = forecast(version=2, hlc=stamp(2_000, "hq"), expected_at="2026-11-26T13:00:00+00:00")
    at_post = forecast(
        version=2, hlc=stamp(9_000, "post-a"), expected_at="2026-11-26T14:00:00+00:00"
    )
    result = merge(at_hq, at_post, v1)
    assert result.values["expected_at"] == "2026-11-26T13:00:00+00:00"
    [loss] = result.losses
    assert (loss.loser, loss.group, loss.fields, loss.rule) == (
        "incoming",
        "schedule",
        ("expected_at",),
        "owner_hq",
    )
    # The post owns the arrival: its version wins over an HQ edit of it, even a later one.
    at_hq = forecast(version=2, hlc=stamp(9_000, "hq"), status="cancelled")
    at_post = forecast(version=2, hlc=stamp(2_000, "post-a"), status="arrived", arrived_at="y")
    result = merge(at_hq, at_post, v1)
    assert result.values["status"] == "arrived"
    assert [(x.loser, x.rule) for x in result.losses] == [("stored", "owner_post")]


def test_without_an_owner_the_later_writer_wins():
    v1 = forecast()
    at_hq = forecast(version=2, hlc=stamp(2_000, "hq"), notes="from HQ")
    later = forecast(version=2, hlc=stamp(3_000, "post-a"), notes="from the post")
    assert merge(at_hq, later, v1).values["notes"] == "from the post"
    earlier = forecast(version=2, hlc=stamp(1_500, "post-a"), notes="from the post")
    result = merge(at_hq, earlier, v1)
    assert result.values["notes"] == "from HQ"
    assert [(x.loser, x.rule) for x in result.losses] == [("incoming", "last_writer")]


def test_a_clock_a_day_ahead_cannot_win_forever():
    v1 = forecast()
    now = 1_800_000_000_000
    hq_edit = forecast(version=2, hlc=stamp(now - 60_000, "hq"), notes="HQ, a minute ago")
    fast = forecast(version=2, hlc=stamp(now - 3_600_000 + DAY_MS, "post-a"), notes="fast post")
    # Its clock error unknown, the day-ahead stamp is capped at arrival + 5 minutes:
    capped = merge(hq_edit, fast, v1, now_ms=now)
    assert capped.values["notes"] == "fast post"  # HQ's edit was older than the cap…
    later = forecast(version=3, hlc=stamp(now + 6 * 60_000, "hq"), notes="HQ, later")
    assert merge(later, fast, v1, now_ms=now).values["notes"] == "HQ, later"  # …a later one wins
    # With its clock error known (a day ahead), the post's edit is judged an
    # hour ago, when it was made: HQ's edit of a minute ago is the later one.
    judged = merge(hq_edit, fast, v1, now_ms=now, skew_ms=DAY_MS)
    assert judged.values["notes"] == "HQ, a minute ago"
    assert rules.bounded(fast["hlc"], now, DAY_MS).eff_ms == now - 3_600_000


DAY_MS = int(DAY.total_seconds() * 1000)


def test_a_writers_own_older_version_arriving_late_is_no_conflict():
    v1 = forecast()
    v3 = forecast(version=3, hlc=stamp(3_000, "post-a"), notes="third")
    v2 = forecast(version=2, hlc=stamp(2_000, "post-a"), notes="second")
    stamps = {g.name: rules.Stamp.unbounded(v3["hlc"]) for g in rules.groups("forecasts")}
    result = merge(v3, v2, v1, stamps=stamps)
    assert result.outcome == "stored" and not result.losses


def test_a_closed_shift_is_final():
    shift = {
        "id": "0190a0a0-0000-7000-8000-0000000000aa",
        "port_id": "8df45453-34c3-53d5-8df5-6657ca926746",
        "origin_device": "post-a",
        "version": 3,
        "hlc": stamp(3_000, "post-a"),
        "updated_at": "x",
        "deleted": False,
        "team_id": "t",
        "planned_start": "a",
        "planned_end": "b",
        "actual_start": "a",
        "actual_end": "c",
        "opened_by": "o",
        "closed_by": "o",
        "state": "closed",
        "handover_notes": "all quiet",
    }
    edited = {**shift, "version": 3, "hlc": stamp(9_000, "post-b"), "handover_notes": "late edit"}
    base = {**shift, "version": 2, "state": "open", "actual_end": None, "closed_by": None}
    result = rules.merge("shifts", shift, edited, base, {}, rules.bounded(edited["hlc"], 10_000))
    assert result.values["handover_notes"] == "all quiet"
    assert [(x.loser, x.rule) for x in result.losses] == [("incoming", "closed_shift")]


def officer(**values) -> dict:
    base = {
        "id": "0190a0a0-0000-7000-8000-0000000000bb",
        "port_id": "8df45453-34c3-53d5-8df5-6657ca926746",
        "origin_device": "post-a",
        "version": 1,
        "hlc": stamp(1_000, "post-a"),
        "updated_at": "x",
        "deleted": False,
        "badge_no": "2001",
        "name": "陈静",
        "role": "officer",
        "pin_hash": "$argon2id$old",
        "active": True,
    }
    return {**base, **values}


def test_a_pin_reset_at_one_desk_and_a_promotion_at_another_both_stand():
    v1 = officer()
    reset = officer(version=2, hlc=stamp(2_000, "post-a"), pin_hash="$argon2id$new")
    promoted = officer(version=2, hlc=stamp(2_500, "post-b"), role="deputy_captain")
    result = rules.merge(
        "officers", reset, promoted, v1, {}, rules.bounded(promoted["hlc"], 10_000)
    )
    assert not result.losses
    assert (result.values["pin_hash"], result.values["role"]) == ("$argon2id$new", "deputy_captain")


def test_two_pin_resets_at_once_keep_the_later_and_report_the_other():
    v1 = officer()
    first = officer(version=2, hlc=stamp(2_000, "post-a"), pin_hash="$argon2id$a")
    later = officer(version=2, hlc=stamp(2_500, "post-b"), pin_hash="$argon2id$b")
    result = rules.merge("officers", first, later, v1, {}, rules.bounded(later["hlc"], 10_000))
    assert result.values["pin_hash"] == "$argon2id$b"
    assert [(x.loser, x.rule) for x in result.losses] == [("stored", "last_writer")]


# -- end to end, HQ's clock in the test's hands ---------------------------------------------


@dataclass
class Scene:
    engine: Engine
    clock: HQClock  # HQ's hybrid clock…
    hq_clock: Clock  # …and the wall time it reads
    post: Desk
    post_clock: Clock


@pytest.fixture
def scene(tmp_path):
    engine = hq_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    upgrade(engine)
    hq_clock = Clock()  # inside TRG's hours, whenever the suite runs
    clock = HQClock(engine, wall=hq_clock)
    with ThreadedHQ(engine, clock) as hq:
        post_clock = Clock(hq_clock.at)
        post = demo_post(tmp_path / "trg", "TRG", days=1, clock=post_clock)
        enroll(engine, post, hq.url)
        yield Scene(engine, clock, hq_clock, post, post_clock)
        post.close()
    engine.dispose()


def hq_forecast(engine, clock, post):
    [forecast_id] = create_forecasts(
        engine,
        clock,
        "TRG",
        [
            {
                "mode": "road",
                "reference": "KG-7",
                "direction": "entry",
                "expected_at": post.now() + timedelta(hours=2),
            }
        ],
    )
    return forecast_id


def test_hq_owns_the_schedule_of_its_forecast_and_both_sides_show_the_losing_version(scene):
    forecast_id = hq_forecast(scene.engine, scene.clock, scene.post)
    with SyncClient(scene.post) as client:
        client.sync()
        officer = an_officer(scene.post).id
        mine = scene.post.now() + timedelta(hours=3)
        forecasts.update(scene.post, forecast_id=forecast_id, by=officer, expected_at=mine)
        scene.hq_clock.at += timedelta(minutes=1)
        theirs = scene.post.now() + timedelta(hours=4)
        update_record(scene.engine, scene.clock, "forecasts", forecast_id, expected_at=theirs)
        client.sync()
    with scene.post.read() as s:
        here = s.get(Forecast, forecast_id)
    assert here.expected_at == theirs  # HQ's schedule stands, here too
    assert record_state(scene.post, forecast_id) == RecordSync.SENT
    [at_hq] = hq_conflicts(scene.engine)
    assert (at_hq.entity, at_hq.record_id, at_hq.rule, at_hq.fields) == (
        "forecasts",
        forecast_id,
        "owner_hq",
        ["expected_at"],
    )
    assert at_hq.losing_writer == scene.post.device_id and at_hq.port_code == "TRG"
    [on_post] = conflicts(scene.post)
    assert on_post.id == at_hq.id and on_post.lost_here
    assert on_post.lost["expected_at"] == mine.isoformat()
    assert on_post.kept["expected_at"] == theirs.isoformat()


def test_a_pull_never_overwrites_unsent_changes(scene):
    forecast_id = hq_forecast(scene.engine, scene.clock, scene.post)
    with SyncClient(scene.post) as client:
        client.sync()
        forecasts.update(
            scene.post, forecast_id=forecast_id, by=an_officer(scene.post).id, notes="scene.post"
        )
        scene.hq_clock.at += timedelta(minutes=1)
        scene.post_clock.at += timedelta(minutes=1)
        update_record(scene.engine, scene.clock, "forecasts", forecast_id, notes="hq, later")
        from desktop_app.sync.client import SyncReport

        report = SyncReport()
        client.pull(report)  # HQ's edit comes down while the scene.post's is unsent…
        assert report.deferred == 1
        with scene.post.read() as s:
            assert s.get(Forecast, forecast_id).notes == "scene.post"  # …and does not overwrite it
        assert record_state(scene.post, forecast_id) == RecordSync.PENDING
        client.sync()  # HQ merges the two by the rule (no owner: the later writer)
    with scene.post.read() as s:
        assert s.get(Forecast, forecast_id).notes == "hq, later"
    [lost] = conflicts(scene.post)
    assert lost.rule == "last_writer" and lost.lost == {"notes": "scene.post"} and lost.lost_here


def test_a_post_clock_a_day_fast_does_not_win_against_a_later_edit(scene):
    forecast_id = hq_forecast(scene.engine, scene.clock, scene.post)
    with SyncClient(scene.post) as client:
        client.sync()
    scene.post_clock.at = scene.hq_clock.at + DAY  # the desk's scene.clock jumps a day ahead
    forecasts.update(
        scene.post, forecast_id=forecast_id, by=an_officer(scene.post).id, notes="fast scene.post"
    )
    scene.hq_clock.at += timedelta(minutes=1)  # HQ edits after it, in real time
    scene.post_clock.at += timedelta(minutes=1)
    update_record(scene.engine, scene.clock, "forecasts", forecast_id, notes="hq")
    with SyncClient(scene.post) as client:
        report = client.sync()
    assert report.clock_skew_s is not None and report.clock_skew_s < -86_000
    with scene.engine.connect() as conn:
        notes = conn.execute(select(Forecast.notes).where(Forecast.id == forecast_id)).scalar()
        stamp_now = scene.clock.clock.last
    assert notes == "hq"
    # HQ's own scene.clock did not jump a day with the scene.post's stamps.
    assert (
        int(stamp_now.split("-")[0])
        < (scene.hq_clock.at + timedelta(minutes=10)).timestamp() * 1000
    )


def test_changes_of_different_groups_merge_and_come_back_to_the_post(scene):
    forecast_id = hq_forecast(scene.engine, scene.clock, scene.post)
    with SyncClient(scene.post) as client:
        client.sync()
        forecasts.mark_arrived(scene.post, forecast_id=forecast_id, by=an_officer(scene.post).id)
        scene.hq_clock.at += timedelta(minutes=1)
        update_record(
            scene.engine, scene.clock, "forecasts", forecast_id, carrier="Yutong", notes="bus 3"
        )
        client.sync()
    with scene.post.read() as s:
        here = s.get(Forecast, forecast_id)
    with scene.engine.connect() as conn:
        there = conn.execute(select(Forecast.__table__).where(Forecast.id == forecast_id)).one()
    assert (here.status.value, here.carrier, here.notes) == ("arrived", "Yutong", "bus 3")
    assert (here.version, here.hlc, here.notes) == (there.version, there.hlc, there.notes)
    assert conflicts(scene.post) == [] and hq_conflicts(scene.engine) == []


def test_the_post_sees_which_side_won_each_conflict(scene):
    """Post owns the arrival, the later writer wins the notes: one conflict each way."""
    forecast_id = hq_forecast(scene.engine, scene.clock, scene.post)
    with SyncClient(scene.post) as client:
        client.sync()
        officer = an_officer(scene.post).id
        forecasts.update(scene.post, forecast_id=forecast_id, by=officer, notes="post")
        forecasts.mark_arrived(scene.post, forecast_id=forecast_id, by=officer)
        scene.hq_clock.at += timedelta(minutes=1)
        update_record(
            scene.engine, scene.clock, "forecasts", forecast_id, notes="hq", status="cancelled"
        )
        client.sync()
    by_rule = {c.rule: c for c in conflicts(scene.post)}
    assert set(by_rule) == {"last_writer", "owner_post"}
    notes, arrival = by_rule["last_writer"], by_rule["owner_post"]
    # The notes: this desk's version lost to HQ's later edit.
    assert notes.lost_here and not notes.won_here and notes.kept == {"notes": "hq"}
    # The arrival: HQ's cancellation lost; HQ merged and stamped the result, and this
    # desk's snapshot carried the kept values: it won.
    assert not arrival.lost_here and arrival.won_here and arrival.winning_writer == "hq"
    assert arrival.kept["status"] == "arrived" and arrival.lost["status"] == "cancelled"


def test_hq_owned_fields_name_the_groups_hq_owns():
    schedule = {
        "mode",
        "reference",
        "carrier",
        "direction",
        "expected_at",
        "expected_travellers",
        "expected_vehicles",
        "cargo",
        "source",
        "announced_at",  # what HQ knew when: HQ's too
        "announced_by",
        "entered_at",
        "deleted",
    }
    assert rules.hq_owned_fields("forecasts", rules.HQ_NODE) == schedule
    assert rules.hq_owned_fields("forecasts", "a-post-device") == frozenset()
    assert "is_open" not in rules.hq_owned_fields("lanes", "a-post-device")
    assert "capacity_per_hour" in rules.hq_owned_fields("lanes", "a-post-device")
    assert rules.hq_owned_fields("shifts", rules.HQ_NODE) == frozenset()
