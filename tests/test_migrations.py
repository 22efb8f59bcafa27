"""Alembic revisions (migrations/) and the app's safe upgrade path (db/migrate.py)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import Clock, make_post
from sqlalchemy import Engine, event, inspect, select, text
from sqlalchemy.exc import IntegrityError

import db.models  # noqa: F401  (every table on the metadata)
from db import migrate
from db.backup import RESTORED_MARK, backups_in
from db.base import Base
from db.engine import engine_for_url, session_factory, sqlite_engine
from db.enums import LaneSubjects, Outcome, SubjectKind, TravellerCategory
from db.migrate import DatabaseTooNew, UpgradeReport, prepare_database
from db.models import Lane, PinLockout
from desktop_app import clearance, cli
from desktop_app.bootstrap import initialize
from desktop_app.desk import Desk
from desktop_app.paths import backups_dir, database_path
from tests.helpers import raw_db

APP_TABLES = set(Base.metadata.tables)
# Columns revision 0005 adds to tables that 0001 made (checked apart).
COLUMNS_0005 = (
    "from_lane_id",
    "before_open",
    "announced_at",
    "announced_by",
    "entered_at",
    "actual_travellers",
    "actual_vehicles",
    "actual_method",
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        made = sqlite_engine(tmp_path / "empty.sqlite3")
    else:
        made = engine_for_url(request.getfixturevalue("pg_url"))
    yield made
    made.dispose()


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def schema_diff(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return migrate.current_revision(conn)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def report(desk: Desk) -> UpgradeReport:
    assert desk.upgrade_report is not None
    return desk.upgrade_report


# -- the revision graph ----------------------------------------------------------------


def test_exactly_one_head():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    heads = script.get_heads()
    assert len(heads) == 1
    assert heads[0] == migrate.head_revision()
    # one straight line from base to head
    chain = [s.revision for s in script.walk_revisions("base", "heads")]
    assert chain[0] == heads[0]
    assert len(chain) == len(migrate.known_revisions())
    assert script.get_revision(chain[-1]).down_revision is None


# -- upgrade, compare, downgrade on both engines -------------------------------------------


def test_upgrade_empty_database_to_head_matches_the_models(empty_engine: Engine):
    migrate.upgrade(empty_engine)
    assert revision_of(empty_engine) == migrate.head_revision()
    assert table_names(empty_engine) == APP_TABLES | {"alembic_version"}
    assert schema_diff(empty_engine) == []


def test_downgrade_to_base_leaves_no_application_tables(empty_engine: Engine):
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "base")
    assert table_names(empty_engine) <= {"alembic_version"}
    assert revision_of(empty_engine) is None


def test_upgrade_downgrade_upgrade_again(empty_engine: Engine):
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "0001")
    assert revision_of(empty_engine) == "0001"
    assert "pin_lockouts" not in table_names(empty_engine)
    assert "capacity_per_hour" not in {
        c["name"] for c in inspect(empty_engine).get_columns("lanes")
    }
    migrate.downgrade(empty_engine, "base")
    migrate.upgrade(empty_engine)
    assert revision_of(empty_engine) == migrate.head_revision()
    assert schema_diff(empty_engine) == []
    migrate.downgrade(empty_engine, "base")
    migrate.upgrade(empty_engine, "0001")
    migrate.upgrade(empty_engine)
    assert schema_diff(empty_engine) == []


# -- a post's database at revision 0001, with data, written in plain SQL ------------------

TS = "2026-11-20 03:15:00.000000"  # how UTCDateTime stores a time on SQLite


def hexid() -> str:
    return uuid.uuid4().hex


def stamps(n: int) -> dict[str, Any]:
    return {
        "origin_device": "dev-0001",
        "version": 1,
        "hlc": f"1795600000000-{n:06d}-dev-0001",
        "updated_at": TS,
        "deleted": 0,
    }


def insert_row(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> None:
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))


def fill_revision_0001(path: Path) -> dict[str, Any]:
    """Rows of every kind an 0001 post holds, inserted with plain SQL."""
    ids = {
        k: hexid()
        for k in ("port", "team", "officer", "deputy", "shift", "forecast", "joined", "started")
    }
    lanes = {
        "P-IN-1": ("persons", "entry", "regular"),
        "GREEN": ("persons", "both", "green"),
        "V-IN-1": ("vehicles", "entry", "regular"),
        "FAST": ("vehicles", "both", "fast"),
        "EMERGENCY": ("both", "both", "emergency"),
    }
    lane_ids = {code: hexid() for code in lanes}
    conn = raw_db.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        n = iter(range(1000))
        insert_row(conn, "local_state", {"key": "device_id", "value": '"dev-0001"'})
        insert_row(conn, "local_state", {"key": "port_code", "value": '"TRG"'})
        insert_row(
            conn,
            "ports",
            {
                "id": ids["port"],
                "code": "TRG",
                "name_en": "Torugart",
                "name_zh": "吐尔尕特",
                "station_zh": "吐尔尕特出入境边防检查站",
                "modes": "road",
                "neighbour": "Kyrgyzstan",
                "time_zone": "Asia/Shanghai",
                "plateau": 1,
                "opens_at": "09:00:00.000000",
                "closes_at": "21:00:00.000000",
                "notes": "",
                **stamps(next(n)),
            },
        )
        insert_row(
            conn,
            "duty_teams",
            {
                "id": ids["team"],
                "port_id": ids["port"],
                "name_zh": "执勤一队",
                "name_en": "Duty team 1",
                **stamps(next(n)),
            },
        )
        for position, (code, (subjects, direction, kind)) in enumerate(lanes.items()):
            insert_row(
                conn,
                "lanes",
                {
                    "id": lane_ids[code],
                    "port_id": ids["port"],
                    "code": code,
                    "name_en": code,
                    "name_zh": code,
                    "kind": kind,
                    "direction": direction,
                    "subjects": subjects,
                    "is_open": 1,
                    "position": position,
                    **stamps(next(n)),
                },
            )
        for key, badge, role in (
            ("officer", "2001", "officer"),
            ("deputy", "1001", "deputy_captain"),
        ):
            insert_row(
                conn,
                "officers",
                {
                    "id": ids[key],
                    "port_id": ids["port"],
                    "badge_no": badge,
                    "name": badge,
                    "role": role,
                    "pin_hash": "$argon2id$not-a-real-hash",
                    "active": 1,
                    **stamps(next(n)),
                },
            )
        insert_row(
            conn,
            "shifts",
            {
                "id": ids["shift"],
                "port_id": ids["port"],
                "team_id": ids["team"],
                "planned_start": TS,
                "planned_end": "2026-11-20 15:15:00.000000",
                "actual_start": TS,
                "actual_end": None,
                "opened_by": ids["deputy"],
                "closed_by": None,
                "state": "open",
                "handover_notes": "",
                **stamps(next(n)),
            },
        )
        insert_row(
            conn,
            "forecasts",
            {
                "id": ids["forecast"],
                "port_id": ids["port"],
                "mode": "road",
                "reference": "新A12345",
                "carrier": "",
                "direction": "entry",
                "expected_at": TS,
                "expected_travellers": 30,
                "expected_vehicles": 1,
                "cargo": "none",
                "source": "hq",
                "preinspection": "pending",
                "status": "expected",
                "arrived_at": None,
                "notes": "",
                **stamps(next(n)),
            },
        )
        for key, step in (("joined", "joined"), ("started", "started")):
            insert_row(
                conn,
                "clearance_events",
                {
                    "id": ids[key],
                    "port_id": ids["port"],
                    "shift_id": ids["shift"],
                    "lane_id": lane_ids["P-IN-1"],
                    "clearance_id": ids["joined"],
                    "step": step,
                    "at": TS,
                    "outcome": None,
                    "officer_id": ids["officer"],
                    "direction": "entry" if step == "joined" else None,
                    "subject_kind": "person" if step == "joined" else None,
                    "traveller_category": "chinese_citizen" if step == "joined" else None,
                    "reference": "T-1" if step == "joined" else None,
                    "forecast_id": None,
                    "supersedes_id": None,
                    "reason": "",
                    **stamps(next(n)),
                },
            )
        insert_row(
            conn,
            "audit_entries",
            {
                "id": hexid(),
                "port_id": ids["port"],
                "at": TS,
                "officer_id": ids["deputy"],
                "action": "shift.opened",
                "entity": "shifts",
                "entity_id": ids["shift"],
                "detail": '{"note": "首班"}',
                **stamps(next(n)),
            },
        )
        insert_row(
            conn,
            "outbox",
            {
                "entity": "forecasts",
                "record_id": ids["forecast"],
                "version": 1,
                "hlc": "1795600000000-000009-dev-0001",
                "payload": '{"reference": "新A12345"}',
                "created_at": TS,
                "acked_at": None,
            },
        )
        conn.commit()
    finally:
        conn.close()
    return {"ids": ids, "lanes": lanes, "lane_ids": lane_ids}


def dump(path: Path, *, exclude_columns: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every table, as stored (minus the named columns)."""
    conn = raw_db.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        out = {}
        for table in tables:
            columns = [
                r[1]
                for r in conn.execute(f"PRAGMA table_info({table})")
                if r[1] not in exclude_columns
            ]
            out[table] = sorted(
                conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr
            )
        return out
    finally:
        conn.close()


def sqlite_revision(path: Path) -> str | None:
    conn = raw_db.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        conn.close()
    return rows[0][0] if rows else None


@pytest.fixture
def old_post(tmp_path: Path) -> dict[str, Any]:
    """A data directory whose database is at revision 0001 and holds data."""
    directory = tmp_path / "old-post"
    directory.mkdir()
    path = database_path(directory)
    engine = raw_db.engine(path)
    migrate.upgrade(engine, "0001")
    engine.dispose()
    made = fill_revision_0001(path)
    assert sqlite_revision(path) == "0001"
    return {"dir": directory, "path": path, "before": dump(path), **made}


def test_revision_0001_with_data_upgrades_keeping_every_row(old_post: dict[str, Any]):
    path = old_post["path"]
    before = old_post["before"]
    assert sum(len(rows) for rows in before.values()) >= 15
    engine = raw_db.engine(path)
    try:
        migrate.upgrade(engine)
        assert revision_of(engine) == migrate.head_revision()
        assert schema_diff(engine) == []
        after = dump(path, exclude_columns=frozenset({"capacity_per_hour", *COLUMNS_0005}))
        added = {name: after.pop(name) for name in set(after) - set(before)}
        assert "pin_lockouts" in added  # from 0002; later revisions add more
        # 0008 gives every port the calendar a new port is seeded with: open, at its hours.
        assert len(added.pop("port_calendars")) == len(before["ports"])
        conn = raw_db.connect(path)
        try:
            seeded = conn.execute(
                "SELECT count(*) FROM port_calendars c JOIN ports p ON p.id = c.port_id "
                "WHERE c.status = 'open' AND c.opens_at IS p.opens_at AND c.version = 1"
            ).fetchone()[0]
        finally:
            conn.close()
        assert seeded == len(before["ports"])
        assert all(rows == [] for rows in added.values())
        assert after == before

        conn = raw_db.connect(path)
        try:
            capacities = dict(conn.execute("SELECT code, capacity_per_hour FROM lanes"))
        finally:
            conn.close()
        expected = {
            code: 100 if subjects == "persons" else 25
            for code, (subjects, _, _) in old_post["lanes"].items()
        }
        assert capacities == expected
        # 0005: joins were made at open lanes; what a forecast knew and when is unknown
        conn = raw_db.connect(path)
        try:
            joins = conn.execute("SELECT DISTINCT before_open, from_lane_id FROM clearance_events")
            assert joins.fetchall() == [(0, None)]
            forecasts = conn.execute(
                "SELECT DISTINCT announced_at, announced_by, entered_at, actual_travellers,"
                " actual_vehicles, actual_method FROM forecasts"
            )
            assert forecasts.fetchall() == [(None, "", None, None, None, None)]
        finally:
            conn.close()

        # the models read the upgraded rows
        with session_factory(engine)() as s:
            lanes = {lane.code: lane for lane in s.scalars(select(Lane))}
            assert lanes["EMERGENCY"].subjects == LaneSubjects.BOTH
            assert lanes["EMERGENCY"].capacity_per_hour == 25
            assert lanes["GREEN"].capacity_per_hour == 100
            assert s.scalars(select(PinLockout)).all() == []
        assert "pin_lockouts" in table_names(engine)
    finally:
        engine.dispose()


def test_constraints_survive_the_upgrade_on_sqlite(old_post: dict[str, Any]):
    engine = raw_db.engine(old_post["path"])
    try:
        migrate.upgrade(engine)
        lane_id = old_post["lane_ids"]["P-IN-1"]
        with engine.connect() as c:  # 0005 rewrote the CHECK on the clearance step
            (ddl,) = c.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'clearance_events'"
            ).one()
        assert "step IN ('joined', 'started', 'finished', 'void', 'moved')" in ddl
        assert ddl.count("ck_clearance_events_step") == 1
        assert "ck_clearance_events_move_names_lanes" in ddl
        with pytest.raises(IntegrityError), engine.begin() as c:  # CHECK on lanes.kind
            c.execute(text("UPDATE lanes SET kind = 'vip' WHERE id = :id"), {"id": lane_id})
        with pytest.raises(IntegrityError), engine.begin() as c:  # foreign key to ports
            c.execute(
                text("UPDATE lanes SET port_id = :p WHERE id = :id"), {"p": hexid(), "id": lane_id}
            )
        with pytest.raises(IntegrityError), engine.begin() as c:  # unique (port, code)
            c.execute(text("UPDATE lanes SET code = 'GREEN' WHERE id = :id"), {"id": lane_id})
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        engine.dispose()


def without_mark(rows: dict[str, Any], copy: Path) -> dict[str, Any]:
    """A backup copy's rows without the mark every copy carries (db.backup.RESTORED_MARK)."""
    state = rows["local_state"]
    assert (RESTORED_MARK, json.dumps(copy.name)) in state
    return {**rows, "local_state": [r for r in state if r[0] != RESTORED_MARK]}


def test_prepare_database_backs_up_an_older_database_first(old_post: dict[str, Any]):
    path, directory = old_post["path"], old_post["dir"]
    engine = raw_db.engine(path)
    try:
        report = prepare_database(engine, path, backups_dir(directory))
    finally:
        engine.dispose()
    assert report.from_revision == "0001"
    assert report.to_revision == migrate.head_revision()
    assert report.backup is not None
    copies = backups_in(backups_dir(directory))
    assert [(p, reason) for _, p, reason in copies] == [(report.backup, "pre-upgrade")]
    copy = report.backup
    assert copy.parent == backups_dir(directory)
    # a valid, self-contained SQLite file at the OLD revision with the same rows
    conn = raw_db.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert "capacity_per_hour" not in {r[1] for r in conn.execute("PRAGMA table_info(lanes)")}
    finally:
        conn.close()
    assert sqlite_revision(copy) == "0001"
    assert without_mark(dump(copy), copy) == old_post["before"]
    # and the live database is upgraded
    assert sqlite_revision(path) == migrate.head_revision()


def test_desk_open_upgrades_an_older_post_after_a_backup(old_post: dict[str, Any]):
    desk = Desk.open(old_post["dir"])
    try:
        assert desk.port_code == "TRG"
        assert desk.upgrade_report is not None
        assert report(desk).from_revision == "0001"
        copy = report(desk).backup
        assert copy is not None and copy.exists()
        assert sqlite_revision(copy) == "0001"
        assert without_mark(dump(copy), copy) == old_post["before"]
        with desk.read() as s:
            assert {lane.code: lane.capacity_per_hour for lane in s.scalars(select(Lane))} == {
                code: 100 if subjects == "persons" else 25
                for code, (subjects, _, _) in old_post["lanes"].items()
            }
    finally:
        desk.close()
    # opening again: already at head, no second copy (the first open took two: one
    # before the encryption of the plaintext post, one before the schema upgrade)
    copies = backups_in(backups_dir(old_post["dir"]))
    assert len(copies) == 2
    desk = Desk.open(old_post["dir"])
    try:
        assert report(desk).backup is None
        assert report(desk).from_revision == migrate.head_revision()
    finally:
        desk.close()
    assert backups_in(backups_dir(old_post["dir"])) == copies


def test_two_starts_at_once_upgrade_once_with_one_backup(old_post: dict[str, Any]):
    """Two desks (or a desk and the CLI) opening an old database at the same moment:
    before the maintenance lock, both chose the same backup name and one crashed."""
    start = threading.Barrier(2)
    reports: list[Any] = []
    errors: list[BaseException] = []

    def open_it() -> None:
        start.wait()
        try:
            desk = Desk.open(old_post["dir"])
            reports.append(desk.upgrade_report)
            desk.close()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sorted(r.from_revision or "" for r in reports) == sorted(
        ["0001", migrate.head_revision()]
    )  # one upgraded it; the other waited, then found it done
    copies = backups_in(backups_dir(old_post["dir"]))
    # one before the plaintext post was encrypted, one before its schema upgrade
    assert [reason for _, _, reason in copies] == ["pre-upgrade", "pre-upgrade"]
    assert raw_db.revision(old_post["path"]) == migrate.head_revision()


def test_a_new_database_is_created_without_a_backup(tmp_path: Path):
    desk = initialize(tmp_path / "new-post", "TRG")
    try:
        assert report(desk).from_revision is None
        assert report(desk).backup is None
    finally:
        desk.close()
    assert not backups_dir(tmp_path / "new-post").exists() or not backups_in(
        backups_dir(tmp_path / "new-post")
    )


# -- a post holding data, taken down to 0001 and back (foreign keys off while migrating) ------


def _post_with_clearances(directory: Path, clock: Clock) -> Path:
    """A real post (roster, open shift, open lanes) with clearances and a PIN lock-out."""
    made = make_post(directory, clock)
    try:
        for n in range(3):
            event = clearance.join_queue(
                made.desk,
                lane_id=made.lane.id,
                reference=f"E{n:05d}",
                subject_kind=SubjectKind.PERSON,
                traveller_category=TravellerCategory.CHINESE_CITIZEN,
                by=made.officer.id,
            )
            clearance.start_service(made.desk, clearance_id=event.clearance_id, by=made.officer.id)
            clearance.finish(
                made.desk,
                clearance_id=event.clearance_id,
                outcome=Outcome.CLEARED,
                by=made.officer.id,
            )
        path = made.desk.database_file
        assert path is not None
    finally:
        made.desk.close()
    conn = raw_db.connect(path)
    try:  # a row of a table 0002 made, which going down to 0001 drops
        insert_row(conn, "pin_lockouts", {"officer_id": hexid(), "failures": 5})
        conn.commit()
    finally:
        conn.close()
    return path


class ForeignKeySpy:
    """Reads SQLite's foreign-key setting on the driver connection before every statement."""

    def __init__(self, engine: Engine) -> None:
        self.seen: list[tuple[int, str]] = []
        event.listen(engine, "before_cursor_execute", self._before)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        driver = conn.connection.driver_connection
        (on,) = driver.execute("PRAGMA foreign_keys").fetchone()
        self.seen.append((on, " ".join(statement.split())))

    def statements(self, start: str) -> list[tuple[int, str]]:
        return [(on, sql) for on, sql in self.seen if sql.startswith(start)]


def test_a_post_holding_data_goes_down_to_0001_and_back_up(tmp_path: Path, clock: Clock):
    path = _post_with_clearances(tmp_path / "post", clock)
    no_capacity = frozenset({"capacity_per_hour", *COLUMNS_0005})
    before = dump(path, exclude_columns=no_capacity)
    assert len(before["clearance_events"]) == 9
    assert before["shifts"] and before["officers"] and before["lanes"] and before["pin_lockouts"]
    # 0010, 0013, 0011, 0005, 0004, 0008, 0006, 0003 and 0002 drop their tables (with their
    # rows) and columns; every other row of every other table is kept exactly.
    dropped = {
        "pin_lockouts",
        "sync_bases",
        "sync_conflicts",
        "checklist_overrides",
        "shift_signoffs",
        "sync_held",
        "sync_aliases",
        "queue_alerts",
        "port_calendars",
        "service_contacts",
        "service_contact_replies",
        "duty_postings",
        "advice_decisions",
    }
    kept = {name: rows for name, rows in before.items() if name not in dropped}
    engine = raw_db.engine(path)
    try:
        migrate.downgrade(engine, "0001")
        assert revision_of(engine) == "0001"
        assert "capacity_per_hour" not in {c["name"] for c in inspect(engine).get_columns("lanes")}
        assert dump(path) == kept

        migrate.upgrade(engine)
        assert revision_of(engine) == migrate.head_revision()
        assert schema_diff(engine) == []
        up = dump(path, exclude_columns=no_capacity)
        calendars = up.pop("port_calendars")  # 0008 seeds the port's calendar again, as before
        assert calendars == before["port_calendars"]
        assert {name: up.pop(name) for name in dropped - {"port_calendars"}} == {
            name: [] for name in dropped - {"port_calendars"}
        }
        assert up == kept
        with engine.connect() as c:
            lanes = c.exec_driver_sql("SELECT subjects, capacity_per_hour FROM lanes").all()
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        # 0002 fills the capacity in by its rule of thumb, as for any 0001 database.
        assert lanes and all(
            capacity == (100 if subjects == "persons" else 25) for subjects, capacity in lanes
        )
    finally:
        engine.dispose()
    desk = Desk.open(path.parent)  # the app opens the round-tripped post and reads it
    try:
        assert report(desk).backup is None
        with desk.read() as s:
            assert s.execute(text("SELECT count(*) FROM clearance_events")).scalar_one() == 9
    finally:
        desk.close()


def test_migrations_run_with_foreign_keys_off_then_switch_them_on(tmp_path: Path):
    """Read the setting SQLite actually applies, before each statement a migration sends."""
    engine = raw_db.engine(tmp_path / "fresh.sqlite3")
    spy = ForeignKeySpy(engine)
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "0001")
        migrate.upgrade(engine)
        # 0002's downgrade copies lanes without its column (batch mode) and drops the old one.
        assert spy.statements("DROP TABLE lanes") == [(0, "DROP TABLE lanes")]
        ddl = [s for s in spy.seen if s[1].startswith(("CREATE", "DROP", "ALTER", "INSERT"))]
        assert len(ddl) > 20
        assert [sql for on, sql in ddl if on] == []
        assert spy.statements("PRAGMA foreign_key_check")  # checked before committing
        spy.seen.clear()
        with engine.connect() as c:  # the pooled connection the migrations used
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert spy.seen == [(1, "PRAGMA foreign_keys")]
    finally:
        engine.dispose()


def test_a_migration_leaving_broken_foreign_keys_is_rolled_back(old_post: dict[str, Any]):
    path = old_post["path"]
    conn = raw_db.connect(path)
    try:  # a lane of a port that does not exist (foreign keys are off on a plain connection)
        conn.execute("UPDATE lanes SET port_id = ? WHERE code = 'GREEN'", [hexid()])
        conn.commit()
    finally:
        conn.close()
    broken = dump(path)
    engine = raw_db.engine(path)
    try:
        with pytest.raises(RuntimeError, match="broken foreign keys"):
            migrate.upgrade(engine)
    finally:
        engine.dispose()
    # The check ran before the commit: not one revision of the upgrade was kept.
    assert sqlite_revision(path) == "0001"
    assert dump(path) == broken


# -- a database written by a newer app ---------------------------------------------------------


@pytest.fixture
def too_new(tmp_path: Path) -> Path:
    directory = tmp_path / "newer-post"
    initialize(directory, "TRG").close()
    conn = raw_db.connect(database_path(directory))
    conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    conn.commit()
    conn.close()
    return directory


def test_database_too_new_is_refused_and_left_untouched(too_new: Path):
    path = database_path(too_new)
    digest = sha256(path)
    engine = raw_db.engine(path)
    try:
        with pytest.raises(DatabaseTooNew, match="ffff9999"):
            prepare_database(engine, path, backups_dir(too_new), key=raw_db.post_key_for(path))
    finally:
        engine.dispose()
    assert sha256(path) == digest
    assert sqlite_revision(path) == "ffff9999"
    assert not backups_dir(too_new).exists() or not backups_in(backups_dir(too_new))


def test_desk_open_refuses_a_database_too_new(too_new: Path):
    path = database_path(too_new)
    digest = sha256(path)
    with pytest.raises(DatabaseTooNew) as caught:
        Desk.open(too_new)
    assert "ffff9999" in str(caught.value)
    assert migrate.head_revision() in str(caught.value)
    assert sha256(path) == digest
    with pytest.raises(DatabaseTooNew):
        initialize(too_new, "TRG")
    assert sha256(path) == digest


def test_cli_reports_a_database_too_new(too_new: Path, capsys: pytest.CaptureFixture[str]):
    digest = sha256(database_path(too_new))
    assert cli.main(["--data-dir", str(too_new), "init", "--port", "TRG"]) == 2
    assert "ffff9999" in capsys.readouterr().err
    assert sha256(database_path(too_new)) == digest


def test_database_too_new_in_rollback_journal_mode_is_left_untouched(too_new: Path):
    """A newer app's backup copy (online_backup leaves it in journal_mode=DELETE) put back
    in place: refusing it must not rewrite it either ("the database was not changed")."""
    path = database_path(too_new)
    conn = raw_db.connect(path)
    assert conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    conn.close()
    digest = sha256(path)
    engine = raw_db.engine(path)
    try:
        with pytest.raises(DatabaseTooNew):
            prepare_database(engine, path, backups_dir(too_new), key=raw_db.post_key_for(path))
    finally:
        engine.dispose()
    assert sha256(path) == digest
