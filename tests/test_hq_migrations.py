"""Two Alembic histories in HQ's database, on SQLite and PostgreSQL; the post's 0003; seeds."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from test_migrations import ForeignKeySpy

from db import migrate as shared
from db.base import Base
from db.engine import sqlite_engine
from db.models import DutyTeam, Lane, Port, PortCalendar
from desktop_app.bootstrap import initialize
from desktop_app.protocol.codec import codec
from hq.migrate import (
    HQ_MIGRATIONS_DIR,
    NotMigrated,
    downgrade_hq,
    hq_head,
    require_current,
    revisions,
    upgrade,
)
from hq.migrations import VERSION_TABLE
from hq.models import HQBase
from hq.store import hq_engine

pytest_plugins = ["test_sync_support"]


def test_each_history_has_one_head():
    hq_config = shared.alembic_config(script_location=HQ_MIGRATIONS_DIR)
    assert len(ScriptDirectory.from_config(hq_config).get_heads()) == 1
    assert len(ScriptDirectory.from_config(shared.alembic_config()).get_heads()) == 1


def _hq_diff(conn):
    context = MigrationContext.configure(
        conn,
        opts={
            "version_table": VERSION_TABLE,
            "compare_type": True,
            "include_name": lambda name, type_, parent: type_ != "table" or name.startswith("hq_"),
        },
    )
    return compare_metadata(context, HQBase.metadata)


def _shared_diff(conn):
    context = MigrationContext.configure(
        conn,
        opts={
            "compare_type": True,
            "include_name": lambda name, type_, parent: (
                type_ != "table" or not name.startswith("hq_")
            ),
        },
    )
    return compare_metadata(context, Base.metadata)


def test_migrate_builds_both_schemas_matching_the_models_and_seeds_every_port(hq_db):
    engine = hq_engine(hq_db)
    with pytest.raises(NotMigrated, match="checkpoint-hq migrate"):
        require_current(engine)
    assert upgrade(engine).hq == hq_head()
    assert upgrade(engine).shared == shared.head_revision()  # twice: nothing to do
    require_current(engine)
    with engine.connect() as conn:
        assert _hq_diff(conn) == []
        assert _shared_diff(conn) == []
        ports = conn.execute(select(Port.code)).scalars().all()
        changes = conn.execute(text("select count(*) from hq_changes")).scalar()
        counter = conn.execute(text("select value from hq_counters")).scalar()
    assert len(ports) == 15 and "TRG" in ports and "ALS" in ports
    assert changes == counter > 200  # every seeded row is in the change log, numbered
    downgrade_hq(engine, "base")
    with engine.connect() as conn:
        assert not any(n.startswith("hq_") for n in _table_names(conn) if n != VERSION_TABLE)
    upgrade(engine)
    assert revisions(engine).hq == hq_head()
    engine.dispose()


def test_hqs_history_runs_like_the_shared_one_foreign_keys_off_and_checked(tmp_path):
    """HQ's revisions go through db.migrate's runner: on SQLite, with foreign keys off
    (read before every statement) and ``foreign_key_check`` before the commit."""
    engine = hq_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    spy = ForeignKeySpy(engine)
    try:
        shared.upgrade(engine)
        spy.seen.clear()
        upgrade(engine)  # only HQ's history is left to run
        downgrade_hq(engine, "base")
        upgrade(engine)
        hq_ddl = [
            (on, sql)
            for on, sql in spy.seen
            if sql.startswith(("CREATE TABLE hq_", "DROP TABLE hq_"))
        ]
        assert len(hq_ddl) >= 2 * len(HQBase.metadata.tables)
        assert [sql for on, sql in hq_ddl if on] == []
        # Checked at the end of each of the five runs: both histories upgraded twice
        # (the shared one, already at head, still checks), HQ's downgraded once.
        assert len(spy.statements("PRAGMA foreign_key_check")) == 5
        spy.seen.clear()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def _table_names(conn):
    from sqlalchemy import inspect

    return inspect(conn).get_table_names()


def test_hq_seeds_the_very_rows_a_post_seeds(hq_db, tmp_path):
    engine = hq_engine(hq_db)
    upgrade(engine)
    desk = initialize(tmp_path / "trg", "TRG")
    for model in (Port, Lane, DutyTeam, PortCalendar):
        table = model.__table__
        columns = [c for c in codec(table.name).columns if c != "updated_at"]
        with desk.read() as s:
            here = {
                r.id: {c: codec(table.name).json_dict(r._mapping)[c] for c in columns}
                for r in s.execute(select(table))
            }
        with engine.connect() as conn:
            there = {
                r.id: {c: codec(table.name).json_dict(r._mapping)[c] for c in columns}
                for r in conn.execute(select(table).where(table.c.id.in_(list(here))))
            }
        assert here == there, model.__name__
    desk.close()
    engine.dispose()


def test_the_posts_sync_tables_migrate_up_and_down(tmp_path):
    desk = initialize(tmp_path / "post", "ALS")
    path = desk.database_file
    desk.close()
    engine = sqlite_engine(path, key=desk.data_key)
    tables = {"sync_conflicts", "sync_bases", "sync_held", "sync_aliases"}
    with engine.connect() as conn:
        assert shared.current_revision(conn) == shared.head_revision()
        assert tables <= set(_table_names(conn))
        assert _shared_diff(conn) == []
    shared.downgrade(engine, "0002")
    with engine.connect() as conn:
        assert not tables & set(_table_names(conn))
    shared.upgrade(engine)
    with engine.connect() as conn:
        assert shared.current_revision(conn) == shared.head_revision()
    engine.dispose()
