"""Bring an HQ database to this version: the shared schema, then HQ's tables, then reference data.

Two Alembic histories share the database: the shared schema's (``/migrations``,
version table ``alembic_version``, the same revisions a post runs) and HQ's
own (``hq/migrations``, version table ``hq_alembic_version``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine

import hq.migrations
from db import migrate as shared
from hq.migrations import VERSION_TABLE

HQ_MIGRATIONS_DIR = Path(hq.migrations.__file__).parent


def hq_head() -> str:
    return shared.head_revision(HQ_MIGRATIONS_DIR)


def hq_current(connection: Connection) -> str | None:
    return shared.current_revision(connection, VERSION_TABLE)


class NotMigrated(RuntimeError):
    """The database is not at this version's schema (run ``checkpoint-hq migrate``)."""


@dataclass(frozen=True)
class Revisions:
    shared: str | None
    hq: str | None


def revisions(engine: Engine) -> Revisions:
    with engine.connect() as conn:
        return Revisions(shared.current_revision(conn), hq_current(conn))


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
    # The same runner as the shared schema's: foreign keys off on SQLite, checked
    # before the one commit.
    shared.upgrade(engine, script_location=HQ_MIGRATIONS_DIR)
    seed_reference(engine)
    return revisions(engine)


def downgrade_hq(engine: Engine, revision: str) -> None:
    shared.downgrade(engine, revision, script_location=HQ_MIGRATIONS_DIR)


def require_current(engine: Engine) -> None:
    """Refuse to serve a database that is not exactly at this version's schema."""
    current = revisions(engine)
    wanted = Revisions(shared.head_revision(), hq_head())
    if current != wanted:
        raise NotMigrated(
            f"the database is at shared={current.shared} hq={current.hq}; this HQ needs "
            f"shared={wanted.shared} hq={wanted.hq}: run `checkpoint-hq migrate --db URL`"
        )
