"""One schema, two engines: the models on SQLite (post) and PostgreSQL (HQ)."""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Enum, Uuid, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from db.base import Base, Synced, UTCDateTime, new_id
from db.engine import engine_for_url, session_factory, sqlite_engine
from db.enums import (
    AdviceChoice,
    AlertKind,
    ApprovalDecision,
    CargoCategory,
    CheckResult,
    ClearanceStep,
    ContactChannel,
    ContactKind,
    Direction,
    DutyAction,
    EmergencyKind,
    ForecastSource,
    ForecastStatus,
    LaneDirection,
    LaneGroup,
    LaneKind,
    LaneSubjects,
    Mode,
    Outcome,
    PortStatus,
    PreInspection,
    Role,
    ShiftState,
    SizeMethod,
    SubjectKind,
    TravellerCategory,
    WaitLevel,
)
from db.hlc import HybridClock
from db.models import (
    AdviceDecision,
    AuditEntry,
    ChecklistOverride,
    ClearanceEvent,
    DutyPosting,
    DutyTeam,
    EmergencyPassage,
    Forecast,
    Lane,
    LaneAssignment,
    LaneStateChange,
    Officer,
    OutboxEntry,
    Port,
    PortCalendar,
    PriorityApproval,
    QueueAlert,
    ServiceContact,
    ServiceContactReply,
    Shift,
    ShiftChecklistItem,
    ShiftSignoff,
)
from db.outbox import WriteContext

# A time given in the ports' own zone (UTC+8): it must come back as the same instant in UTC.
PLUS8 = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 26, 10, 30, 15, 123456, tzinfo=PLUS8)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database with the models' schema created, on each engine."""
    if request.param == "sqlite":
        made = sqlite_engine(tmp_path / "schema.sqlite3")
    else:
        made = engine_for_url(request.getfixturevalue("pg_url"))
    Base.metadata.create_all(made)
    yield made
    made.dispose()


def local_session(engine: Engine, device: str = "post-device") -> Any:
    s = session_factory(engine)()
    s.info["write"] = WriteContext(device_id=device, clock=HybridClock(device))
    return s


def remote_session(engine: Engine) -> Any:
    s = session_factory(engine)()
    s.info["write"] = WriteContext(device_id="hq", clock=HybridClock("hq"), remote=True)
    return s


def remote_stamps(n: int) -> dict[str, Any]:
    return {
        "origin_device": "post-b",
        "version": 1,
        "hlc": f"1795700000000-{n:06d}-post-b",
        "updated_at": at(n),
        "deleted": False,
    }


def build_rows() -> dict[str, Any]:
    """Values for one row of every synced model, every column given, times in UTC+8."""
    port_id, team_id, lane_id, officer_id, deputy_id = (new_id() for _ in range(5))
    shift_id, forecast_id, approval_id, joined_id, check_id, contact_id = (
        new_id() for _ in range(6)
    )
    alert_id = new_id()
    mutable: dict[type[Synced], dict[str, Any]] = {
        Port: {
            "id": port_id,
            "code": "TST",
            "name_en": "Test port",
            "name_zh": "测试口岸",
            "station_zh": "测试出入境边防检查站",
            "modes": "road;rail",
            "neighbour": "Kyrgyzstan",
            "time_zone": "Asia/Shanghai",
            "plateau": True,
            "opens_at": time(9, 0),
            "closes_at": time(21, 0),
            "notes": "4733 m",
        },
        PortCalendar: {
            "id": new_id(),
            "port_id": port_id,
            "status": PortStatus.SEASONAL,
            "first_day": "2027-04-01",
            "last_day": "2027-11-30",
            "opens_at": time(9, 0),
            "closes_at": time(21, 0),
            "note": "季节性开放",
        },
        DutyTeam: {"id": team_id, "port_id": port_id, "name_zh": "执勤一队", "name_en": "Team 1"},
        Lane: {
            "id": lane_id,
            "port_id": port_id,
            "code": "BR",
            "name_en": "Belt and Road channel",
            "name_zh": "一带一路专用通道",
            "kind": LaneKind.BELT_ROAD,
            "direction": LaneDirection.BOTH,
            "subjects": LaneSubjects.PERSONS,
            "is_open": True,
            "position": 3,
            "capacity_per_hour": 60,
        },
        Officer: {
            "id": officer_id,
            "port_id": port_id,
            "badge_no": "2001",
            "name": "陈静",
            "role": Role.OFFICER,
            "pin_hash": "$argon2id$v=19$m=19456,t=2,p=1$x$y",
            "active": True,
        },
        Shift: {
            "id": shift_id,
            "port_id": port_id,
            "team_id": team_id,
            "planned_start": at(0),
            "planned_end": at(720),
            "actual_start": at(1),
            "actual_end": None,
            "opened_by": deputy_id,
            "closed_by": None,
            "state": ShiftState.OPEN,
            "handover_notes": "交接",
        },
        Forecast: {
            "id": forecast_id,
            "port_id": port_id,
            "mode": Mode.ROAD,
            "reference": "新A12345",
            "carrier": "Kashgar Transport",
            "direction": Direction.ENTRY,
            "expected_at": at(30),
            "expected_travellers": 40,
            "expected_vehicles": 2,
            "cargo": CargoCategory.BELT_ROAD,
            "source": ForecastSource.OVERSEAS,
            "preinspection": PreInspection.IN_PROGRESS,
            "status": ForecastStatus.ARRIVED,
            "arrived_at": at(35),
            "notes": "",
            "announced_at": at(-600),
            "announced_by": "Torugart border service",
            "entered_at": at(-590),
            "actual_travellers": 38,
            "actual_vehicles": 2,
            "actual_method": SizeMethod.COUNTED,
        },
        PriorityApproval: {
            "id": approval_id,
            "port_id": port_id,
            "shift_id": shift_id,
            "subject_ref": "新A12345",
            "forecast_id": forecast_id,
            "reason": "livelihood materials",
            "requested_by": officer_id,
            "requested_at": at(31),
            "decision": ApprovalDecision.APPROVED,
            "decided_by": deputy_id,
            "decided_at": at(32),
            "decision_note": "ok",
        },
        EmergencyPassage: {
            "id": new_id(),
            "port_id": port_id,
            "shift_id": shift_id,
            "lane_id": lane_id,
            "kind": EmergencyKind.ALTITUDE_SICKNESS,
            "subject_ref": "P123",
            "at": at(40),
            "recorded_by": officer_id,
            "action_taken": "oxygen",
            "outcome": "recovered",
        },
    }
    facts: dict[type[Synced], dict[str, Any]] = {
        ShiftChecklistItem: {
            "id": check_id,
            "port_id": port_id,
            "shift_id": shift_id,
            "item_code": "EQUIP",
            "result": CheckResult.FAIL,
            "note": "读卡器故障",
            "officer_id": deputy_id,
            "at": at(-10),
        },
        DutyPosting: {
            "id": new_id(),
            "port_id": port_id,
            "shift_id": shift_id,
            "officer_id": officer_id,
            "action": DutyAction.LANE,
            "lane_id": lane_id,
            "at": at(1),
            "recorded_by": deputy_id,
            "reason": "开通道",
        },
        AdviceDecision: {
            "id": new_id(),
            "port_id": port_id,
            "shift_id": shift_id,
            "advice_key": "travellers_entry:open:P-IN-2:2026-11-26T07:35:00+00:00",
            "choice": AdviceChoice.TAKEN,
            "queue": "travellers_entry",
            "lane_code": "P-IN-2",
            "open_by": at(30),
            "wave_at": at(45),
            "p90_before_s": 2040,
            "p90_after_s": 720,
            "text_zh": "15:35前开放P-IN-2",
            "text_en": "open P-IN-2 by 15:35",
            "decided_by": deputy_id,
            "at": at(3),
        },
        ChecklistOverride: {
            "id": new_id(),
            "port_id": port_id,
            "shift_id": shift_id,
            "check_id": check_id,
            "item_code": "EQUIP",
            "reason": "备用读卡器已启用",
            "officer_id": deputy_id,
            "at": at(-5),
        },
        ShiftSignoff: {
            "id": new_id(),
            "port_id": port_id,
            "shift_id": shift_id,
            "as_of": at(720),
            "data_hash": "ab" * 32,
            "format": 1,
            "snapshot": "KLUv/QBYSQAAeyJwb3J0Ijp7fX0=",
            "signed_by": deputy_id,
            "at": at(720),
        },
        ServiceContact: {
            "id": contact_id,
            "port_id": port_id,
            "shift_id": shift_id,
            "received_at": at(40),
            "channel": ContactChannel.PHONE_12367,
            "kind": ContactKind.COMPLAINT,
            "language": "zh",
            "topic_code": "waiting_time",
            "clearance_reference": "T-0001",
            "clearance_id": joined_id,
            "summary": "排队时间太长",
            "officer_id": officer_id,
            "reply_due_at": at(40 + 120 * 60),
            "at": at(41),
        },
        ServiceContactReply: {
            "id": new_id(),
            "port_id": port_id,
            "contact_id": contact_id,
            "answered_at": at(90),
            "outcome": "已回电说明",
            "officer_id": deputy_id,
            "at": at(90),
        },
        LaneStateChange: {
            "id": new_id(),
            "port_id": port_id,
            "lane_id": lane_id,
            "opened": True,
            "at": at(2),
            "officer_id": officer_id,
            "reason": "",
        },
        LaneAssignment: {
            "id": new_id(),
            "port_id": port_id,
            "shift_id": shift_id,
            "lane_id": lane_id,
            "forecast_id": forecast_id,
            "subject_ref": "新A12345",
            "subject_kind": SubjectKind.VEHICLE,
            "assigned_by": officer_id,
            "at": at(33),
            "reason": "priority",
            "approval_id": approval_id,
        },
        ClearanceEvent: {
            "id": joined_id,
            "port_id": port_id,
            "shift_id": shift_id,
            "lane_id": lane_id,
            "clearance_id": joined_id,
            "step": ClearanceStep.JOINED,
            "at": at(36),
            "outcome": None,
            "officer_id": officer_id,
            "direction": Direction.ENTRY,
            "subject_kind": SubjectKind.PERSON,
            "traveller_category": TravellerCategory.HK_MACAO_TAIWAN,
            "reference": "T-0001",
            "forecast_id": forecast_id,
            "supersedes_id": None,
            "reason": "",
            "from_lane_id": None,
            "before_open": True,
        },
        QueueAlert: {
            "id": alert_id,
            "port_id": port_id,
            "episode_id": alert_id,
            "lane_group": LaneGroup.TRAVELLERS_ENTRY,
            "kind": AlertKind.STARTED,
            "at": at(51),
            "level": WaitLevel.AMBER,
            "wait_s": 900,
            "peak_at": None,
            "lane_id": lane_id,
            "shift_id": shift_id,
            "officer_id": None,
            "action": "",
        },
        AuditEntry: {
            "id": new_id(),
            "port_id": port_id,
            "at": at(37),
            "officer_id": officer_id,
            "action": "clearance.joined",
            "entity": "clearance_events",
            "entity_id": joined_id,
            "detail": {"lane": "BR", "note": "中文", "n": 3},
        },
    }
    deputy = {
        **mutable[Officer],
        "id": deputy_id,
        "badge_no": "1001",
        "name": "何锐",
        "role": Role.DEPUTY_CAPTAIN,
    }
    return {"mutable": mutable, "facts": facts, "deputy": deputy}


def synced_models() -> set[type]:
    return {m.class_ for m in Base.registry.mappers if issubclass(m.class_, Synced)}


def insert_everything(engine: Engine) -> dict[str, Any]:
    rows = build_rows()
    mutable, facts = rows["mutable"], rows["facts"]
    with local_session(engine) as s:
        for model, values in mutable.items():
            s.add(model(**values))
            if model is Officer:
                s.add(Officer(**rows["deputy"]))
            s.flush()
        s.commit()
    with remote_session(engine) as s:
        for n, (model, values) in enumerate(facts.items()):
            s.add(model(**values, **remote_stamps(n)))
            s.flush()
        s.commit()
    return rows


def test_every_synced_model_is_covered_here():
    rows = build_rows()
    assert set(rows["mutable"]) | set(rows["facts"]) == synced_models()


def test_create_all_makes_every_table(engine: Engine):
    names = set(inspect(engine).get_table_names())
    assert names == set(Base.metadata.tables)


def test_a_row_of_every_synced_model_round_trips(engine: Engine):
    rows = insert_everything(engine)
    everything = {**rows["mutable"], **rows["facts"]}
    with session_factory(engine)() as s:
        for model, values in everything.items():
            loaded = s.get(model, values["id"])
            assert loaded is not None, model.__name__
            for key, given in values.items():
                got = getattr(loaded, key)
                assert got == given, (model.__name__, key, got, given)
                if isinstance(given, datetime):
                    # the same instant, handed back in UTC
                    assert got.utcoffset() == timedelta(0), (model.__name__, key, got)
                    assert got.hour == given.astimezone(UTC).hour
                if isinstance(given, uuid.UUID):
                    assert isinstance(got, uuid.UUID)
                if isinstance(given, enum.Enum):
                    assert type(got) is type(given)
        # mutable records written locally were stamped by the hooks and queued
        for model, values in rows["mutable"].items():
            loaded = s.get(model, values["id"])
            assert loaded is not None
            assert loaded.origin_device == "post-device"
            assert loaded.version == 1
            assert loaded.updated_at.utcoffset() == timedelta(0)
        entries = s.scalars(select(OutboxEntry)).all()
        assert sorted(e.entity for e in entries) == sorted(
            [m.__tablename__ for m in rows["mutable"]] + ["officers"]
        )
        for e in entries:
            assert e.payload is not None
            assert json.loads(e.payload)["id"] == str(e.record_id)
        # facts written as remote rows kept their own stamps and were not queued
        for n, (model, values) in enumerate(rows["facts"].items()):
            loaded = s.get(model, values["id"])
            assert loaded is not None
            stamps = remote_stamps(n)
            assert (loaded.origin_device, loaded.version, loaded.hlc, loaded.updated_at) == (
                stamps["origin_device"],
                stamps["version"],
                stamps["hlc"],
                stamps["updated_at"],
            )


def test_stored_values_are_utc_and_lowercase_enum_strings(engine: Engine):
    rows = insert_everything(engine)
    everything = {**rows["mutable"], **rows["facts"]}
    with engine.connect() as c:
        for model, values in everything.items():
            table = model.__table__
            for column in table.columns:
                if column.key not in values or values[column.key] is None:
                    continue
                if isinstance(column.type, Enum):
                    raw = c.execute(
                        text(f"SELECT {column.name} FROM {table.name} WHERE id = :id"),
                        {
                            "id": values["id"]
                            if engine.dialect.name != "sqlite"
                            else values["id"].hex
                        },
                    ).scalar_one()
                    assert raw == values[column.key].value, (table.name, column.name, raw)
                    assert raw == raw.lower()
        # the +08:00 time is stored as its UTC wall time
        forecast = rows["mutable"][Forecast]
        expected_utc = forecast["expected_at"].astimezone(UTC)
        if engine.dialect.name == "sqlite":
            raw = c.execute(
                text("SELECT expected_at FROM forecasts WHERE id = :id"),
                {"id": forecast["id"].hex},
            ).scalar_one()
            assert raw == expected_utc.strftime("%Y-%m-%d %H:%M:%S.%f")
        else:
            raw = c.execute(
                text("SELECT expected_at AT TIME ZONE 'UTC' FROM forecasts WHERE id = :id"),
                {"id": forecast["id"]},
            ).scalar_one()
            assert raw == expected_utc.replace(tzinfo=None)


@pytest.mark.postgres
def test_postgresql_column_types(pg_url: str):
    engine = engine_for_url(pg_url)
    try:
        Base.metadata.create_all(engine)
        with engine.connect() as c:
            types = {
                (r.table_name, r.column_name): r.data_type
                for r in c.execute(
                    text(
                        "SELECT table_name, column_name, data_type FROM information_schema.columns"
                        " WHERE table_schema = 'public'"
                    )
                )
            }
        for table in Base.metadata.tables.values():
            for column in table.columns:
                found = types[(table.name, column.name)]
                if isinstance(column.type, Uuid):
                    assert found == "uuid", (table.name, column.name, found)
                elif isinstance(column.type, UTCDateTime):
                    assert found == "timestamp with time zone", (table.name, column.name)
                elif isinstance(column.type, Enum):
                    assert found == "character varying", (table.name, column.name)
    finally:
        engine.dispose()


def test_naive_datetimes_are_refused(engine: Engine):
    rows = insert_everything(engine)
    forecast = dict(rows["mutable"][Forecast], id=new_id())
    forecast["expected_at"] = datetime(2026, 11, 26, 10, 0)  # no time zone
    with local_session(engine) as s:
        s.add(Forecast(**forecast))
        with pytest.raises(StatementError, match="naive"):
            s.flush()
        s.rollback()
    # nor through Core
    with pytest.raises(StatementError, match="naive"), engine.begin() as c:
        c.execute(
            insert(AuditEntry.__table__).values(
                **rows["facts"][AuditEntry] | {"id": new_id(), "at": datetime(2026, 1, 1)},
                **remote_stamps(0),
            )
        )
    with session_factory(engine)() as s:
        assert s.get(Forecast, forecast["id"]) is None
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.at < at(-1000))) is None


# -- CHECK constraints: the database itself refuses malformed facts ---------------------


def joined_event(rows: dict[str, Any], **changes: Any) -> dict[str, Any]:
    event = dict(rows["facts"][ClearanceEvent])
    event.update(remote_stamps(0))
    event["id"] = event["clearance_id"] = new_id()
    event.update(changes)
    return event


def step_event(rows: dict[str, Any], step: ClearanceStep, **changes: Any) -> dict[str, Any]:
    joined = rows["facts"][ClearanceEvent]
    event = dict(joined)
    event.update(remote_stamps(1))
    event.update(
        id=new_id(),
        clearance_id=joined["id"],
        step=step,
        direction=None,
        subject_kind=None,
        traveller_category=None,
        reference=None,
        forecast_id=None,
    )
    event.update(changes)
    return event


def try_insert(engine: Engine, values: dict[str, Any]) -> None:
    with engine.begin() as c:
        c.execute(insert(ClearanceEvent.__table__).values(**values))


def test_clearance_event_check_constraints(engine: Engine):
    rows = insert_everything(engine)
    joined_id = rows["facts"][ClearanceEvent]["id"]
    # well-formed events are accepted (so the refusals below are the constraints' doing)
    try_insert(engine, joined_event(rows))
    try_insert(engine, step_event(rows, ClearanceStep.STARTED))
    try_insert(engine, step_event(rows, ClearanceStep.FINISHED, outcome=Outcome.CLEARED))
    try_insert(
        engine, step_event(rows, ClearanceStep.VOID, supersedes_id=joined_id, reason="mistake")
    )

    refused = {
        "outcome_iff_finished": [
            step_event(rows, ClearanceStep.FINISHED, outcome=None),
            step_event(rows, ClearanceStep.STARTED, outcome=Outcome.REFUSED),
            joined_event(rows, outcome=Outcome.CLEARED),
        ],
        "joined_names_subject": [
            joined_event(rows, reference=None),
            joined_event(rows, direction=None),
            joined_event(rows, subject_kind=None, traveller_category=None),
        ],
        "person_has_category": [joined_event(rows, traveller_category=None)],
        "correction_has_reason": [
            step_event(rows, ClearanceStep.VOID, supersedes_id=joined_id, reason=""),
        ],
    }
    for name, events in refused.items():
        for event in events:
            with pytest.raises(IntegrityError) as caught:
                try_insert(engine, event)
            assert name in str(caught.value.orig), (name, str(caught.value.orig))
    with engine.connect() as c:
        count = c.execute(text("SELECT count(*) FROM clearance_events")).scalar_one()
    assert count == 5  # the fixture's joined event and the four accepted above


def test_enum_check_constraints_refuse_other_spellings(engine: Engine):
    rows = insert_everything(engine)
    lane_id = rows["mutable"][Lane]["id"]
    key = lane_id.hex if engine.dialect.name == "sqlite" else lane_id
    for bad in ("BELT_ROAD", "Belt and Road", "vip"):
        with pytest.raises(IntegrityError), engine.begin() as c:
            c.execute(text("UPDATE lanes SET kind = :k WHERE id = :id"), {"k": bad, "id": key})
    with engine.begin() as c:
        c.execute(text("UPDATE lanes SET kind = 'green' WHERE id = :id"), {"id": key})
    with session_factory(engine)() as s:
        lane = s.get(Lane, lane_id)
        assert lane is not None and lane.kind == LaneKind.GREEN


def test_foreign_keys_hold_on_both_engines(engine: Engine):
    rows = insert_everything(engine)
    orphan = joined_event(rows, lane_id=uuid.uuid4())
    with pytest.raises(IntegrityError):
        try_insert(engine, orphan)
