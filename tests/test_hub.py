"""A post's hub: a real hub and a real HQ as subprocesses, two desks at one port, one at another.

Desk A's records reach desk B through the hub while HQ is stopped; once HQ
is back the hub relays everything, each record once, under the desk that
wrote it; HQ's changes come down through the hub; and the security rules of
tests/test_hq_security.py hold through the hub.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from test_sync_support import (
    HQ,
    Hub,
    an_officer,
    demo_post,
    enrolled,
    joined_hub,
    record_clearances,
)

from db.base import utcnow
from db.enums import SubjectKind, TravellerCategory
from db.models import ClearanceEvent, Forecast
from desktop_app import clearance, lanes, queue
from desktop_app.desk import Desk
from desktop_app.sync.client import SyncClient
from desktop_app.sync.export import export_bundle
from desktop_app.sync.join import join_post
from desktop_app.sync.state import pending_count
from hq import devices
from hq.cli import main as cli_main
from hq.models import AppliedBatch, Device
from hq.records import create_forecasts
from hq.store import HQClock
from tests.helpers.sync import check_union, enroll
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]  # the hq and hq_db fixtures


@pytest.fixture
def hub(hq: HQ, tmp_path: Path) -> Iterator[Hub]:
    """TRG's hub on SQLite, joined to HQ, serving on loopback."""
    with joined_hub(hq, tmp_path / "hub") as started:
        yield started


def sync(desk: Desk, url: str) -> None:
    with SyncClient(desk, url) as client:
        client.sync()


def upstream(desk: Desk, url: str):
    with SyncClient(desk, url) as client:
        return client.status().upstream


def waiting_traveller(desk: Desk, reference: str) -> uuid.UUID:
    officer = an_officer(desk)
    lane = next(lane for lane in lanes.lanes(desk) if lane.is_open)
    event = clearance.join_queue(
        desk,
        lane_id=lane.id,
        reference=reference,
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=officer.id,
    )
    return event.clearance_id


def events(desk_or_engine: Desk | Engine, origin: str | None = None) -> set[uuid.UUID]:
    query = select(ClearanceEvent.id)
    if origin is not None:
        query = query.where(ClearanceEvent.origin_device == origin)
    if isinstance(desk_or_engine, Desk):
        with desk_or_engine.read() as s:
            return set(s.scalars(query))
    with desk_or_engine.connect() as conn:
        return set(conn.execute(query).scalars())


def test_desks_share_the_post_through_the_hub_with_hq_stopped_then_all_reaches_hq_once(
    hq: HQ, hub: Hub, tmp_path: Path
):
    # Desk A, the post's first desk, enrols at the hub; desk B joins the post there.
    desk_a = demo_post(tmp_path / "a", "TRG", days=1, seed=1)
    enroll(hub.engine, desk_a, hub.url, "platform A")
    record_clearances(desk_a, 3, prefix="A")  # opens a shift and a lane too
    sync(desk_a, hub.url)
    code = devices.create_code(hub.engine, "TRG", utcnow())
    desk_b = join_post(tmp_path / "b", "TRG", hub.url, code, label="deputy").desk
    # A desk of another port syncs with HQ directly.
    desk_c = enrolled(hq, demo_post(tmp_path / "c", "ALS", days=1, seed=3))

    hq.server.kill()  # the link to HQ is down for the rest of the afternoon
    wait_until(
        lambda: (link := upstream(desk_b, hub.url)) is not None and link.offline_since,
        what="the hub noticed HQ is gone",
    )
    record_clearances(desk_a, 20, prefix="A")
    waiting = waiting_traveller(desk_a, "A-WAITING")
    record_clearances(desk_b, 10, prefix="B")
    sync(desk_a, hub.url)
    sync(desk_b, hub.url)
    sync(desk_a, hub.url)  # A takes B's records too
    written_a = events(desk_a, desk_a.device_id)
    written_b = events(desk_b, desk_b.device_id)
    assert written_a <= events(desk_b)  # A's records at B, with HQ stopped
    assert written_b <= events(desk_a)
    with desk_b.read() as s:  # B sees A's waiting traveller
        assert s.scalar(
            select(func.count())
            .select_from(ClearanceEvent)
            .where(ClearanceEvent.clearance_id == waiting)
        )
    link = upstream(desk_b, hub.url)
    assert link is not None and link.offline_since is not None and link.pending > 0
    # One picture of the post at both desks: the same queue, the same lanes open.
    assert [c.clearance_id for c in queue.current_queue(desk_a)] == [
        c.clearance_id for c in queue.current_queue(desk_b)
    ]
    assert waiting in {c.clearance_id for c in queue.current_queue(desk_b)}
    assert {lane.code for lane in lanes.lanes(desk_b) if lane.is_open} == {
        lane.code for lane in lanes.lanes(desk_a) if lane.is_open
    }

    hq.server.start()  # HQ back: the hub relays everything, once
    wait_until(
        lambda: (
            (link := upstream(desk_b, hub.url)) is not None
            and link.offline_since is None
            and link.pending == 0
        ),
        what="the hub relayed every batch to HQ",
    )
    sync(desk_c, hq.url)
    for desk in (desk_a, desk_b):
        assert pending_count(desk) == 0
    check = check_union(hq.engine, [desk_a, desk_b, desk_c], readers=[desk_a, desk_b])
    print(f"\n{hq.db_url.split(':')[0]} through the hub: {check.line()}")
    assert check.ok, check.line()
    # Each record at HQ once, under the desk that wrote it (origin kept through the relay).
    assert events(hq.engine, desk_a.device_id) == written_a
    assert events(hq.engine, desk_b.device_id) == written_b
    with hq.engine.connect() as conn:
        kinds = dict(conn.execute(select(Device.id, Device.kind)).all())
        via = dict(conn.execute(select(Device.id, Device.via_hub)).all())
        relayed = conn.execute(
            select(func.count()).select_from(AppliedBatch).where(AppliedBatch.source == "relay")
        ).scalar_one()
    hub_id = next(i for i, k in kinds.items() if k == "hub")
    assert via[desk_a.device_id] == via[desk_b.device_id] == hub_id
    assert via[desk_c.device_id] is None
    assert relayed > 0
    # HQ's changes for the port come down through the hub; the other port's never do.
    clock = HQClock(hq.engine)
    [forecast] = create_forecasts(
        hq.engine,
        clock,
        "TRG",
        [
            {
                "mode": "road",
                "reference": "KG-2291",
                "direction": "entry",
                "expected_at": desk_b.now() + timedelta(hours=1),
                "expected_vehicles": 12,
            }
        ],
    )

    def forecast_at_b() -> bool:
        sync(desk_b, hub.url)
        with desk_b.read() as s:
            return s.get(Forecast, forecast) is not None

    wait_until(forecast_at_b, what="HQ's forecast reached desk B through the hub")
    with hub.engine.connect() as conn:
        ports = set(conn.execute(select(ClearanceEvent.port_id).distinct()).scalars())
    assert ports == {desk_a.port_id}
    for desk in (desk_a, desk_b, desk_c):
        desk.close()


@pytest.mark.parametrize("hq_db", ["sqlite"], indirect=True)
def test_bundles_from_a_desk_at_the_hub_and_from_the_hub_at_hq(
    hq: HQ, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """No link from the post to HQ at all: files carry the records, each stored once."""
    with joined_hub(hq, tmp_path / "hub", upstream="http://127.0.0.1:9") as hub:  # HQ unreachable
        desk = demo_post(tmp_path / "a", "TRG", days=1, seed=1)
        enroll(hub.engine, desk, hub.url, "platform A")
        sync(desk, hub.url)
        record_clearances(desk, 5, prefix="X")  # not synced: the desk's bundle carries them
        desk_file = tmp_path / "desk.bundle"
        export_bundle(desk, desk_file)
        assert cli_main(["import-bundle", str(desk_file), "--db", hub.db_url]) == 0
        hub_file = tmp_path / "hub.bundle"
        assert cli_main(["hub-export-bundle", str(hub_file), "--db", hub.db_url]) == 0
    assert cli_main(["import-bundle", str(hub_file), "--db", hq.db_url]) == 0
    written = events(desk, desk.device_id)
    assert events(hq.engine, desk.device_id) == written  # every record, under its desk
    before = events(hq.engine)
    # The desk's own file is sealed to its hub (the server it enrolled at): HQ cannot
    # open it and says so, storing nothing; the hub's file again stores nothing twice.
    capsys.readouterr()
    assert cli_main(["import-bundle", str(desk_file), "--db", hq.db_url]) == 2
    assert "not sealed to this HQ's key" in capsys.readouterr().err
    assert cli_main(["import-bundle", str(hub_file), "--db", hq.db_url]) == 0
    assert events(hq.engine) == before
    check = check_union(hq.engine, [desk])
    assert check.ok and check.duplicated == 0, check.line()
    desk.close()
