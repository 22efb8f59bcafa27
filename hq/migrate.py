"""Bring an HQ database to this version: the shared schema, then HQ's tables, then reference data.

Two Alembic histories share the database: the shared schema's (``/migrations``,
version table ``alembic_version``, the same revisions a post runs) and HQ's
own (``hq/migrations``, version table ``hq_alembic_version``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

import hq.migrations
from db import migrate as shared
from hq.migrations import VERSION_TABLE

HQ_MIGRATIONS_DIR = Path(hq.migrations.__file__).parent


def hq_alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HQ_MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def hq_head() -> str:
    head = ScriptDirectory.from_config(hq_alembic_config()).get_current_head()
    assert head is not None, "hq/migrations has no revisions"
    return head


def hq_current(connection: Connection) -> str | None:
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


class NotMigrated(RuntimeError):
    """The database is not at this version's schema (run ``checkpoint-hq migrate``)."""


@dataclass(frozen=True)
class Revisions:
    shared: str | None
    hq: str | None


def revisions(engine: Engine) -> Revisions:
    with engine.connect() as conn:
        return Revisions(shared.current_revision(conn), hq_current(conn))


def _run_hq(engine: Engine, step: Callable[[Config], None]) -> None:
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # batch mode recreates tables; see db.migrate for why
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            step(hq_alembic_config(conn))
            conn.commit()
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine) -> Revisions:
    """Upgrade both histories to head and seed the reference data; idempotent."""
    from hq.records import seed_reference  # imports the app's models: only when migrating

    current = revisions(engine)
    if current.shared is not None and current.shared not in shared.known_revisions():
        raise shared.DatabaseTooNew(
            f"the database's shared schema is at {current.shared}, newer than this HQ "
            f"(it knows up to {shared.head_revision()}); install the newer HQ"
        )
    shared.upgrade(engine)
    _run_hq(engine, lambda config: command.upgrade(config, "head"))
    seed_reference(engine)
    return revisions(engine)


def downgrade_hq(engine: Engine, revision: str) -> None:
    _run_hq(engine, lambda config: command.downgrade(config, revision))


def require_current(engine: Engine) -> None:
    """Refuse to serve a database that is not exactly at this version's schema."""
    current = revisions(engine)
    wanted = Revisions(shared.head_revision(), hq_head())
    if current != wanted:
        raise NotMigrated(
            f"the database is at shared={current.shared} hq={current.hq}; this HQ needs "
            f"shared={wanted.shared} hq={wanted.hq}: run `checkpoint-hq migrate --db URL`"
        )
