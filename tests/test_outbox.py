"""The outbox (db/outbox.py): every synced write and its entry commit together."""

from __future__ import annotations

import json
import threading
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import pytest
from sqlalchemy import Table, delete, func, select, text, update

from db import outbox
from db.base import Base, Synced, new_id
from db.engine import session_factory, writer
from db.enums import (
    CargoCategory,
    Direction,
    EmergencyKind,
    ForecastSource,
    ForecastStatus,
    Mode,
    Outcome,
    PreInspection,
    SubjectKind,
    TravellerCategory,
)
from db.hlc import HybridClock, parse_stamp
from db.models import (
    AuditEntry,
    ClearanceEvent,
    Forecast,
    LaneStateChange,
    OutboxEntry,
    ShiftChecklistItem,
)
from db.outbox import AppendOnlyError, WriteContext
from db.serialize import payload_values
from desktop_app import approvals, audit, clearance, emergencies, forecasts, lanes, shifts
from desktop_app.errors import RuleViolation
from desktop_app.reference import SEED_DEVICE
from tests.helpers import raw_db

SYNCED: list[Table] = [
    cast(Table, m.local_table) for m in Base.registry.mappers if issubclass(m.class_, Synced)
]
PIN = "2468"  # the fixture roster's PIN (tests/conftest.py)
FACT_TABLES = {
    m.local_table.name  # type: ignore[attr-defined]  # a Table
    for m in Base.registry.mappers
    if issubclass(m.class_, Synced) and m.class_.__append_only__
}


def key(stamp: str) -> tuple[int, int]:
    millis, counter, _ = parse_stamp(stamp)
    return millis, counter


def entries(desk: Any) -> list[OutboxEntry]:
    with desk.read() as s:
        return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def row_counts(desk: Any) -> dict[str, int]:
    with desk.read() as s:
        return {
            t.name: s.scalar(select(func.count()).select_from(t))
            for t in [*SYNCED, OutboxEntry.__table__]
        }


def add_forecast(s: Any, desk: Any, **changes: Any) -> Forecast:
    values: dict[str, Any] = {
        "port_id": desk.port_id,
        "mode": Mode.ROAD,
        "reference": "新A10001",
        "direction": Direction.ENTRY,
        "expected_at": desk.now() + timedelta(hours=1),
        "cargo": CargoCategory.LIVELIHOOD,
        "source": ForecastSource.CARRIER,
        "preinspection": PreInspection.PENDING,
        "status": ForecastStatus.EXPECTED,
    }
    values.update(changes)
    forecast = Forecast(**values)
    s.add(forecast)
    return forecast


def workload(post: Any) -> None:
    """A realistic run of services on top of the fixture's roster, shift and lanes."""
    desk, officer, deputy = post.desk, post.officer, post.deputy
    f = forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="新A12345",
        direction=Direction.ENTRY,
        expected_at=desk.now() + timedelta(minutes=20),
        by=officer.id,
        expected_vehicles=1,
    )
    forecasts.update(desk, forecast_id=f.id, by=officer.id, carrier="Kashgar Transport")
    forecasts.mark_arrived(desk, forecast_id=f.id, by=officer.id)
    joined = clearance.join_queue(
        desk,
        lane_id=post.lane.id,
        reference="T-0001",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=officer.id,
    )
    post.clock.advance(minutes=3)
    clearance.start_service(desk, clearance_id=joined.clearance_id, by=officer.id)
    post.clock.advance(minutes=1)
    clearance.finish(desk, clearance_id=joined.clearance_id, outcome=Outcome.CLEARED, by=officer.id)
    approval = approvals.request(desk, subject_ref="新A12345", reason="livelihood", by=officer.id)
    approvals.decide(desk, approval_id=approval.id, approve=True, by=deputy.id, pin=PIN)
    priority = post.lane_by_code("PRIORITY")
    lanes.set_open(desk, lane_id=priority.id, open_=True, by=officer.id)
    lanes.assign(
        desk,
        lane_id=priority.id,
        subject_ref="新A12345",
        subject_kind=SubjectKind.VEHICLE,
        by=officer.id,
        approval_id=approval.id,
    )
    passage = emergencies.record(
        desk, kind=EmergencyKind.ALTITUDE_SICKNESS, by=officer.id, subject_ref="P-77"
    )
    emergencies.update(desk, passage_id=passage.id, by=officer.id, outcome="recovered")
    shifts.set_handover_notes(desk, shift_id=post.shift.id, notes="all quiet", by=deputy.id)


def assert_outbox_matches_rows(desk: Any) -> None:
    """Each local write of a synced row has exactly one entry; each entry names a real write."""
    by_record: dict[tuple[str, uuid.UUID], list[OutboxEntry]] = defaultdict(list)
    all_entries = entries(desk)
    for e in all_entries:
        by_record[(e.entity, e.record_id)].append(e)
    seen: set[tuple[str, uuid.UUID]] = set()
    with desk.read() as s:
        for table in SYNCED:
            for row in s.execute(select(table)).mappings():
                record = (table.name, row["id"])
                seen.add(record)
                found = by_record.get(record, [])
                if row["origin_device"] == SEED_DEVICE:
                    writes = row["version"] - 1  # seeded v1 is not queued; later edits are
                else:
                    assert row["origin_device"] == desk.device_id
                    writes = row["version"]
                assert [e.version for e in found] == list(
                    range(row["version"] - writes + 1, row["version"] + 1)
                ), (record, [e.version for e in found], row["version"])
                if found:
                    assert found[-1].hlc == row["hlc"], record
                for e in found:
                    if table.name in FACT_TABLES:
                        assert e.payload is None, record
                    else:
                        assert e.payload is not None, record
                        body = json.loads(e.payload)
                        assert (body["id"], body["version"], body["hlc"]) == (
                            str(row["id"]),
                            e.version,
                            e.hlc,
                        )
    assert set(by_record) <= seen, set(by_record) - seen


# -- exactly one entry per write ------------------------------------------------------------


def test_every_service_write_has_exactly_one_outbox_entry(post):
    workload(post)
    tables_with_entries = {e.entity for e in entries(post.desk)}
    assert {
        "officers",
        "shifts",
        "shift_checklist_items",
        "lanes",
        "lane_state_changes",
        "audit_entries",
        "forecasts",
        "clearance_events",
        "priority_approvals",
        "lane_assignments",
        "emergency_passages",
    } <= tables_with_entries
    assert_outbox_matches_rows(post.desk)


def test_raw_orm_edits_of_a_forecast_are_stamped_and_queued(post):
    desk, clock = post.desk, post.clock
    before = entries(desk)
    with desk.unit() as s:
        forecast = add_forecast(s, desk)
    created = entries(desk)[len(before) :]
    assert [(e.entity, e.record_id, e.version) for e in created] == [("forecasts", forecast.id, 1)]
    assert forecast.version == 1
    assert forecast.origin_device == desk.device_id
    assert forecast.updated_at == clock.at
    first_hlc = forecast.hlc

    clock.advance(seconds=5)
    with desk.unit() as s:
        loaded = s.get(Forecast, forecast.id)
        loaded.reference = "新A10002"
        loaded.expected_travellers = 12
    with desk.read() as s:
        stored = s.get(Forecast, forecast.id)
    assert stored.version == 2
    assert key(stored.hlc) > key(first_hlc)
    assert stored.updated_at == clock.at
    after = entries(desk)
    assert len(after) == len(before) + 2
    assert (after[-1].entity, after[-1].record_id, after[-1].version, after[-1].hlc) == (
        "forecasts",
        forecast.id,
        2,
        stored.hlc,
    )

    # two flushes in one unit: two writes, two entries, both in that unit's transaction
    with desk.unit() as s:
        loaded = s.get(Forecast, forecast.id)
        loaded.notes = "first"
        s.flush()
        loaded.notes = "second"
    with desk.read() as s:
        assert s.get(Forecast, forecast.id).version == 4
    assert [e.version for e in entries(desk) if e.record_id == forecast.id] == [1, 2, 3, 4]

    # a unit that only reads, or sets a value to what it already is, writes nothing
    with desk.unit() as s:
        loaded = s.get(Forecast, forecast.id)
        loaded.notes = "second"
    assert len(entries(desk)) == len(before) + 4
    assert_outbox_matches_rows(desk)


def test_update_payload_is_a_snapshot_of_the_row_as_written(post):
    desk = post.desk
    plus8 = timezone(timedelta(hours=8))
    with desk.unit() as s:
        forecast = add_forecast(
            s, desk, expected_at=(desk.now() + timedelta(hours=2)).astimezone(plus8)
        )
    forecasts.update(desk, forecast_id=forecast.id, by=post.officer.id, reference="新A99999")
    table = Forecast.__table__
    mine = [e for e in entries(desk) if e.record_id == forecast.id]
    assert [e.version for e in mine] == [1, 2]

    # the latest payload equals the stored row, column by column
    with desk.read() as s:
        stored = s.execute(select(table).where(table.c.id == forecast.id)).mappings().one()
    latest = payload_values(table, json.loads(mine[-1].payload))
    assert set(latest) == {c.key for c in table.columns}
    assert latest == dict(stored)
    for value in latest.values():
        if isinstance(value, datetime):
            assert value.tzinfo is not None

    # the first payload still holds the row as it was then: a snapshot, not a pointer
    first = payload_values(table, json.loads(mine[0].payload))
    assert first["reference"] == "新A10001"
    assert first["version"] == 1
    assert first["hlc"] == mine[0].hlc
    assert key(mine[1].hlc) > key(mine[0].hlc)
    unchanged = {c.key for c in table.columns} - {"reference", "version", "hlc", "updated_at"}
    assert {k: first[k] for k in unchanged} == {k: latest[k] for k in unchanged}


def test_facts_get_entries_without_payload(post):
    desk = post.desk
    joined = clearance.join_queue(
        desk,
        lane_id=post.lane.id,
        reference="T-0009",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.FOREIGN_NATIONAL,
        by=post.officer.id,
    )
    line = audit.record(desk, action="test.fact", by=post.officer.id)
    found = {e.record_id: e for e in entries(desk)}
    for fact, entity in ((joined, "clearance_events"), (line, "audit_entries")):
        e = found[fact.id]
        assert (e.entity, e.version, e.hlc, e.payload) == (entity, 1, fact.hlc, None)
    with desk.read() as s:
        event = s.get(ClearanceEvent, joined.id)
    assert (event.origin_device, event.version, event.hlc) == (desk.device_id, 1, joined.hlc)
    assert all(e.payload is None for e in entries(desk) if e.entity in FACT_TABLES)
    assert all(e.payload is not None for e in entries(desk) if e.entity not in FACT_TABLES)


# -- atomicity ------------------------------------------------------------------------------


def test_an_exception_inside_a_unit_leaves_neither_rows_nor_entries(post):
    desk = post.desk
    before = row_counts(desk)
    heard: list[frozenset[str]] = []
    desk.add_listener(heard.append)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), desk.unit() as s:
        add_forecast(s, desk)
        s.flush()
        forecasts.add(  # a service joins the enclosing unit
            desk,
            mode=Mode.RAIL,
            reference="X8001",
            direction=Direction.EXIT,
            expected_at=desk.now() + timedelta(hours=3),
            by=post.officer.id,
        )
        clearance.join_queue(  # the compiled hot path runs in the same transaction
            desk,
            lane_id=post.lane.id,
            reference="T-0100",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CREW,
            by=post.officer.id,
        )
        lane = s.get(type(post.lane), post.lane.id)
        lane.name_en = "renamed"
        s.flush()
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) > before["outbox"]
        raise Boom
    assert row_counts(desk) == before
    assert post.lane_by_code("P-IN-1").name_en != "renamed"
    assert heard == []

    # the desk carries on: the next unit commits, and its entries follow the old ones
    last_seq = entries(desk)[-1].seq
    audit.record(desk, action="test.after", by=post.officer.id)
    assert entries(desk)[-1].seq > last_seq
    assert_outbox_matches_rows(desk)


def test_a_failed_service_inside_a_unit_rolls_back_the_whole_unit(post):
    desk = post.desk
    before = row_counts(desk)
    with pytest.raises(RuleViolation), desk.unit():
        audit.record(desk, action="test.first-half", by=post.officer.id)
        clearance.join_queue(  # a vehicle lane: refused after the audit entry was written
            desk,
            lane_id=post.vehicle_lane.id,
            reference="T-0200",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CREW,
            by=post.officer.id,
        )
    assert row_counts(desk) == before


# -- facts are append-only ------------------------------------------------------------------


def _some_fact(desk: Any, model: Any) -> uuid.UUID:
    with desk.read() as s:
        found = s.scalars(select(model.id).limit(1)).first()
    assert found is not None, model.__name__
    return found


@pytest.mark.parametrize(
    ("model", "column", "value"),
    [
        (AuditEntry, "action", "tampered"),
        (LaneStateChange, "reason", "tampered"),
        (ShiftChecklistItem, "note", "tampered"),
        (ClearanceEvent, "reference", "T-9999"),
        (AuditEntry, "deleted", True),  # not even a tombstone
    ],
)
def test_changing_a_fact_through_the_orm_is_refused(post, model, column, value):
    desk = post.desk
    if model is ClearanceEvent:
        clearance.join_queue(
            desk,
            lane_id=post.lane.id,
            reference="T-0300",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CREW,
            by=post.officer.id,
        )
    fact_id = _some_fact(desk, model)
    before = row_counts(desk)
    with pytest.raises(AppendOnlyError), desk.unit() as s:
        setattr(s.get(model, fact_id), column, value)
    with desk.read() as s:
        assert getattr(s.get(model, fact_id), column) != value
    assert row_counts(desk) == before


@pytest.mark.parametrize("model", [AuditEntry, LaneStateChange, ShiftChecklistItem, Forecast])
def test_deleting_a_synced_row_through_the_orm_is_refused(post, model):
    desk = post.desk
    if model is Forecast:
        with desk.unit() as s:
            add_forecast(s, desk)
    row_id = _some_fact(desk, model)
    before = row_counts(desk)
    with pytest.raises(AppendOnlyError), desk.unit() as s:
        s.delete(s.get(model, row_id))
    assert row_counts(desk) == before


def test_adding_a_fact_with_session_add_is_refused(post):
    desk = post.desk
    before = row_counts(desk)
    with pytest.raises(AppendOnlyError, match=r"outbox\.append"), desk.unit() as s:
        s.add(
            AuditEntry(
                port_id=desk.port_id,
                at=desk.now(),
                officer_id=post.officer.id,
                action="test.sneaky",
                entity="",
                detail={},
            )
        )
    assert row_counts(desk) == before


def test_append_refuses_mutable_models(post):
    with pytest.raises(TypeError), post.desk.unit() as s:
        outbox.append(s, Forecast, reference="X")


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_orm_bulk_statements_on_facts_are_refused(post, statement):
    """ORM-enabled UPDATE/DELETE statements skip the flush hooks; facts must still be safe."""
    desk = post.desk
    before = row_counts(desk)
    with desk.read() as s:
        actions_before = sorted(s.scalars(select(AuditEntry.action)).all())
    with pytest.raises(AppendOnlyError), desk.unit() as s:
        if statement == "update":
            s.execute(update(AuditEntry).values(action="tampered"))
        else:
            s.execute(delete(AuditEntry))
    assert row_counts(desk) == before
    with desk.read() as s:
        assert sorted(s.scalars(select(AuditEntry.action)).all()) == actions_before


# -- rows received from elsewhere -------------------------------------------------------------


def test_remote_rows_get_no_entries_and_keep_their_own_stamps(post):
    desk = post.desk
    before = entries(desk)
    remote_at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    stamps = {
        "origin_device": "hq-server",
        "version": 7,
        "hlc": "1795000000000-000042-hq-server",
        "updated_at": remote_at,
        "deleted": False,
    }
    forecast_id, audit_id = new_id(), new_id()
    session = session_factory(writer(desk.engine))()
    session.info["write"] = WriteContext(device_id="hq-server", clock=HybridClock("x"), remote=True)
    with session as s:
        s.add(Forecast(id=forecast_id, **_forecast_values(desk), **stamps))
        s.add(  # a fact received from HQ goes in with session.add on a remote session
            AuditEntry(
                id=audit_id,
                port_id=desk.port_id,
                at=remote_at,
                officer_id=None,
                action="hq.note",
                entity="",
                detail={"from": "hq"},
                **stamps,
            )
        )
        s.commit()
    with session_factory(writer(desk.engine))() as s:
        s.info["write"] = WriteContext(device_id="hq-server", clock=HybridClock("x"), remote=True)
        f = s.get(Forecast, forecast_id)
        f.notes, f.version, f.hlc = "edited at HQ", 8, "1795000000001-000000-hq-server"
        s.commit()
    assert [e.seq for e in entries(desk)] == [e.seq for e in before]
    with desk.read() as s:
        f = s.get(Forecast, forecast_id)
        a = s.get(AuditEntry, audit_id)
    assert (f.origin_device, f.version, f.hlc, f.updated_at, f.notes) == (
        "hq-server",
        8,
        "1795000000001-000000-hq-server",
        remote_at,
        "edited at HQ",
    )
    assert (a.origin_device, a.version, a.hlc, a.updated_at) == (
        "hq-server",
        7,
        "1795000000000-000042-hq-server",
        remote_at,
    )
    # a local edit afterwards is stamped locally, on top of the remote version
    with desk.unit() as s:
        s.get(Forecast, forecast_id).notes = "edited at the post"
    with desk.read() as s:
        f = s.get(Forecast, forecast_id)
    assert (f.version, f.origin_device) == (9, "hq-server")
    assert entries(desk)[-1].record_id == forecast_id and entries(desk)[-1].version == 9


def _forecast_values(desk: Any) -> dict[str, Any]:
    return {
        "port_id": desk.port_id,
        "mode": Mode.AIR,
        "reference": "CZ6001",
        "direction": Direction.ENTRY,
        "expected_at": desk.now() + timedelta(hours=5),
        "cargo": CargoCategory.NONE,
        "source": ForecastSource.HQ,
        "preinspection": PreInspection.PENDING,
        "status": ForecastStatus.EXPECTED,
        "carrier": "",
        "notes": "",
        "expected_travellers": 180,
        "expected_vehicles": 0,
    }


# -- ordering -------------------------------------------------------------------------------


def test_seq_numbers_increase_in_commit_order_across_threads(post):
    desk = post.desk
    order_lock = threading.Lock()
    lock_order: list[str] = []  # the order in which units held the write lock
    errors: list[BaseException] = []
    start_seq = entries(desk)[-1].seq

    def work(thread: int) -> None:
        try:
            for i in range(15):
                tag = f"test.t{thread}.{i}"
                with desk.unit() as s:
                    with order_lock:
                        lock_order.append(tag)
                    audit.log(s, desk, action=tag, by=post.officer.id)
                    add_forecast(s, desk, reference=tag)
                    s.flush()
                    audit.log(s, desk, action=tag, by=post.officer.id)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    new = [e for e in entries(desk) if e.seq > start_seq]
    assert len(new) == 4 * 15 * 3
    with desk.read() as s:
        tag_of = dict(s.execute(select(AuditEntry.id, AuditEntry.action)).all())
        tag_of.update(s.execute(select(Forecast.id, Forecast.reference)).all())
    tags = [tag_of[e.record_id] for e in new]
    # each unit's three entries are consecutive, and units follow one another in lock order
    chunks = [tags[i : i + 3] for i in range(0, len(tags), 3)]
    assert all(len(set(chunk)) == 1 for chunk in chunks), chunks
    assert [chunk[0] for chunk in chunks] == lock_order
    assert [e.seq for e in new] == sorted(e.seq for e in new)
    assert [key(e.hlc) for e in new] == sorted(key(e.hlc) for e in new)


def test_seq_and_hlc_follow_the_order_of_units(post):
    desk = post.desk
    for i in range(10):
        audit.record(desk, action=f"test.{i}", by=post.officer.id)
        post.clock.advance(seconds=-30 if i % 2 else 45)  # the wall clock wanders
    mine = entries(desk)[-10:]
    with desk.read() as s:
        actions = [s.get(AuditEntry, e.record_id).action for e in mine]
    assert actions == [f"test.{i}" for i in range(10)]
    seqs = [e.seq for e in mine]
    assert seqs == sorted(seqs) and len(set(seqs)) == 10
    assert [key(e.hlc) for e in mine] == sorted(key(e.hlc) for e in mine)


# -- change listeners -----------------------------------------------------------------------


def test_listeners_hear_changed_tables_after_commit_and_nothing_after_rollback(post):
    desk = post.desk
    heard: list[frozenset[str]] = []
    visible_then: list[int] = []
    path = post.path / "desk.sqlite3"

    def listener(tables: frozenset[str]) -> None:
        heard.append(tables)
        # another connection already sees the committed rows when we are told
        conn = raw_db.connect(f"file:{path}?mode=ro", uri=True)
        try:
            visible_then.append(
                conn.execute("SELECT count(*) FROM forecasts WHERE reference = 'L-1'").fetchone()[0]
            )
        finally:
            conn.close()

    desk.add_listener(listener)
    forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="L-1",
        direction=Direction.ENTRY,
        expected_at=desk.now() + timedelta(hours=1),
        by=post.officer.id,
    )
    assert heard == [frozenset({"forecasts", "audit_entries"})]
    assert visible_then == [1]

    # nested units: one notice, after the outer commit, with every table
    with desk.unit():
        audit.record(desk, action="test.nested", by=post.officer.id)
        assert len(heard) == 1
        clearance.join_queue(
            desk,
            lane_id=post.lane.id,
            reference="T-0400",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CREW,
            by=post.officer.id,
        )
    assert heard[1:] == [frozenset({"audit_entries", "clearance_events"})]

    # a rolled-back unit: nothing
    with pytest.raises(RuntimeError), desk.unit() as s:
        add_forecast(s, desk, reference="L-2")
        s.flush()
        raise RuntimeError("cancelled")
    # a unit that writes nothing: nothing
    with desk.unit() as s:
        s.execute(text("SELECT 1"))
    assert len(heard) == 2

    desk.remove_listener(listener)
    audit.record(desk, action="test.unheard", by=post.officer.id)
    assert len(heard) == 2
