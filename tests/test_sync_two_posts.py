"""Two posts at two ports sync with a real HQ (uvicorn subprocess) on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import func, select, text
from test_sync_support import Background, demo_post, enrolled, record_clearances

from db.enums import Direction, ForecastStatus, Mode, PreInspection
from db.models import ClearanceEvent, Forecast, Port, ShiftSignoff
from desktop_app import forecasts
from desktop_app.reports import signoff
from desktop_app.sync.client import SyncClient
from desktop_app.sync.state import RecordSync, pending_count, record_state
from hq.records import create_forecasts, update_record
from hq.store import HQClock
from tests.helpers.sync import check_union

pytest_plugins = ["test_sync_support"]  # the hq and hq_db fixtures


def test_two_posts_sync_concurrently_and_hq_holds_exactly_their_union(hq, tmp_path):
    trg = enrolled(hq, demo_post(tmp_path / "trg", "TRG", seed=1))
    als = enrolled(hq, demo_post(tmp_path / "als", "ALS", seed=2))
    # HQ sends forecasts down to both ports while they work.
    clock = HQClock(hq.engine)
    start = trg.now() + timedelta(hours=3)
    for port in ("TRG", "ALS"):
        create_forecasts(
            hq.engine,
            clock,
            port,
            [
                {
                    "mode": "road",
                    "reference": f"HQ-{port}-{n}",
                    "direction": "entry",
                    "expected_at": start + timedelta(minutes=10 * n),
                    "expected_travellers": 40,
                }
                for n in range(25)
            ],
        )

    def work(desk):
        for _ in range(4):  # writes and syncs interleave on two threads per post
            writer = Background(record_clearances, desk, 20)
            writer.start()
            with SyncClient(desk, hq.url, push_rows=200) as client:
                client.sync()
            writer.join()

    threads = [Background(work, desk) for desk in (trg, als)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for desk in (trg, als):  # the last writes went in after the last sync
        with SyncClient(desk, hq.url) as client:
            client.sync()
        assert pending_count(desk) == 0

    check = check_union(hq.engine, [trg, als])
    print(f"\n{hq.server.db_url.split(':')[0]}: {check.line()}")
    assert check.ok, check.line()
    assert check.written > 3000

    for desk, other in ((trg, "ALS"), (als, "TRG")):
        with desk.read() as s:
            port_codes = set(
                s.scalars(select(Port.code).join(Forecast, Forecast.port_id == Port.id).distinct())
            )
            hq_forecasts = s.scalar(
                select(func.count()).select_from(Forecast).where(Forecast.origin_device == "hq")
            )
            foreign_events = s.scalar(
                select(func.count())
                .select_from(ClearanceEvent)
                .where(ClearanceEvent.port_id != desk.port_id)
            )
        assert port_codes == {desk.port_code}  # reads only its own port…
        assert foreign_events == 0
        assert hq_forecasts == 25  # …and receives what HQ sent down
        assert other not in port_codes
    trg.close()
    als.close()


def test_an_hq_forecast_comes_down_and_its_arrival_goes_up(hq, tmp_path):
    post = enrolled(hq, demo_post(tmp_path / "trg", "TRG", days=1))
    clock = HQClock(hq.engine)
    [forecast_id] = create_forecasts(
        hq.engine,
        clock,
        "TRG",
        [
            {
                "mode": "road",
                "reference": "KG-2291",
                "direction": "entry",
                "expected_at": post.now() + timedelta(minutes=30),
                "expected_vehicles": 12,
            }
        ],
    )
    with SyncClient(post, hq.url) as client:
        client.sync()
        assert record_state(post, forecast_id) == RecordSync.RECEIVED
        officer = _officer(post)
        forecasts.mark_arrived(post, forecast_id=forecast_id, by=officer)
        forecasts.set_preinspection(
            post, forecast_id=forecast_id, status=PreInspection.CLEARED, by=officer
        )
        assert record_state(post, forecast_id) == RecordSync.PENDING
        # Meanwhile HQ moves the schedule: a different field group, so no conflict.
        update_record(
            hq.engine, clock, "forecasts", forecast_id, expected_at=post.now() + timedelta(hours=1)
        )
        client.sync()
        client.sync()  # the first sync's pull met HQ's merge of both edits only afterwards
    assert record_state(post, forecast_id) == RecordSync.SENT
    with hq.engine.connect() as conn:
        at_hq = conn.execute(select(Forecast.__table__).where(Forecast.id == forecast_id)).one()
        conflicts = conn.execute(text("select count(*) from hq_conflicts")).scalar()
    with post.read() as s:
        here = s.get(Forecast, forecast_id)
    assert at_hq.status == ForecastStatus.ARRIVED and at_hq.preinspection == PreInspection.CLEARED
    assert abs(at_hq.expected_at - (post.now() + timedelta(hours=1))) < timedelta(seconds=1)
    assert (here.status, here.preinspection, here.expected_at, here.version) == (
        at_hq.status,
        at_hq.preinspection,
        at_hq.expected_at,
        at_hq.version,
    )
    assert conflicts == 0
    post.close()


def test_posts_own_forecasts_and_every_record_kind_reach_hq(hq, tmp_path):
    post = enrolled(hq, demo_post(tmp_path / "als", "ALS", days=1))
    officer = _officer(post)
    forecast = forecasts.add(
        post,
        mode=Mode.RAIL,
        reference="X8017",
        direction=Direction.ENTRY,
        expected_at=post.now() + timedelta(hours=2),
        expected_travellers=300,
        by=officer,
    )
    with SyncClient(post, hq.url) as client:
        report = client.sync()
    assert report.pushed_rows > 0 and pending_count(post) == 0
    with post.read() as s:
        kinds = set(s.scalars(text("select distinct entity from outbox")))
    with hq.engine.connect() as conn:
        for kind in kinds:
            assert conn.execute(text(f"select count(*) from {kind}")).scalar() > 0, kind
        assert (
            conn.execute(select(Forecast.reference).where(Forecast.id == forecast.id)).scalar()
            == "X8017"
        )
    assert {"clearance_events", "audit_entries", "forecasts", "shifts", "lanes"} <= kinds
    # What deputy captains signed at close-out reaches HQ whole: the data matches its hash.
    assert "shift_signoffs" in kinds
    with post.read() as s:
        signed = dict(s.execute(select(ShiftSignoff.id, ShiftSignoff.data_hash)).all())
    with hq.engine.connect() as conn:
        held = conn.execute(select(ShiftSignoff.id, ShiftSignoff.data_hash, ShiftSignoff.snapshot))
        at_hq = {row.id: row for row in held}
    assert signed and set(at_hq) == set(signed)
    for signoff_id, digest in signed.items():
        data = signoff.unpack(at_hq[signoff_id].snapshot)
        assert hashlib.sha256(data).hexdigest() == digest == at_hq[signoff_id].data_hash
    post.close()


def _officer(desk):
    from sqlalchemy import select as sel

    from db.enums import Role
    from db.models import Officer

    with desk.read() as s:
        return s.scalars(
            sel(Officer.id).where(Officer.role == Role.DEPUTY_CAPTAIN, Officer.active)
        ).first()
