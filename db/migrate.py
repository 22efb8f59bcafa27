"""Bring a database to this app's schema, safely.

On start the app upgrades an older database after taking a backup copy, and
refuses a database written by a newer app: opening it would risk writing
rows the newer schema does not expect.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

import migrations
from db.backup import backup_path, online_backup
from db.base import utcnow

MIGRATIONS_DIR = Path(migrations.__file__).parent


class DatabaseTooNew(RuntimeError):
    """The database was migrated by a newer version of the app."""


# Alembic's default version table: the shared schema's, at a post and at HQ.
VERSION_TABLE = "alembic_version"


def alembic_config(
    connection: Connection | None = None,
    url: str | None = None,
    *,
    script_location: Path = MIGRATIONS_DIR,
) -> Config:
    """A config for one Alembic history: the shared schema's, or HQ's (``hq/migrations``).

    Each history's ``env.py`` names its own version table.
    """
    config = Config()
    config.set_main_option("script_location", str(script_location))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision(script_location: Path = MIGRATIONS_DIR) -> str:
    config = alembic_config(script_location=script_location)
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None, f"{script_location} has no revisions"
    return head


def current_revision(connection: Connection, version_table: str = VERSION_TABLE) -> str | None:
    context = MigrationContext.configure(connection, opts={"version_table": version_table})
    return context.get_current_revision()


def known_revisions(script_location: Path = MIGRATIONS_DIR) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(script_location=script_location))
    return {s.revision for s in script.walk_revisions()}


@dataclass(frozen=True)
class UpgradeReport:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def upgrade(
    engine: Engine, revision: str = "head", *, script_location: Path = MIGRATIONS_DIR
) -> None:
    with engine.connect() as conn:
        _run(conn, lambda cfg: command.upgrade(cfg, revision), script_location)


def downgrade(engine: Engine, revision: str, *, script_location: Path = MIGRATIONS_DIR) -> None:
    with engine.connect() as conn:
        _run(conn, lambda cfg: command.downgrade(cfg, revision), script_location)


def _run(conn: Connection, step: Callable[[Config], None], script_location: Path) -> None:
    """Run an Alembic command on ``conn`` in one transaction, with foreign keys off on SQLite.

    Batch mode recreates a table by copying it and dropping the old one; with
    foreign keys on, dropping a table other rows refer to fails (or cascades).
    Every revision and the foreign-key check share one transaction, so a
    migration that would leave broken references is rolled back whole.
    """
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(conn, on=False)
    try:
        # Begun here, so Alembic runs inside it and commits nothing itself.
        with conn.begin():
            step(alembic_config(conn, script_location=script_location))
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            _sqlite_foreign_keys(conn, on=True)


def _sqlite_foreign_keys(conn: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign keys on ``conn``'s driver connection, outside any transaction.

    SQLite silently ignores this pragma inside a transaction, and any statement
    sent through SQLAlchemy would open one first (the engine's ``begin`` hook
    sends BEGIN): so the pragma goes straight to the driver, and is read back.
    """
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    if driver.execute("PRAGMA foreign_keys").fetchone()[0] == int(on):
        return
    if on:
        # Never hand a connection without foreign keys back to the pool: drop it,
        # and the next one is made with the engine's pragmas (keys on).
        conn.invalidate()
        return
    raise RuntimeError("could not switch SQLite's foreign keys off for the migration")


def sqlite_revision(path: Path) -> str | None:
    """The schema revision of a SQLite file, read without changing a byte of it.

    The engine's connect hook switches a database to WAL, which rewrites its
    header: a database we are going to refuse must not be opened that way.
    """
    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not found:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _refuse_if_too_new(current: str | None, head: str) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"this database is at schema revision {current}, which this version of "
            f"Checkpoint Desk does not know (it knows up to {head}); it was written by a "
            "newer version. Install that version or newer; the database was not changed."
        )


def prepare_database(
    engine: Engine, sqlite_path: Path | None, backups: Path | None
) -> UpgradeReport:
    """Upgrade the database to head; back it up first if it already holds data."""
    head = head_revision()
    if sqlite_path is not None:  # before the engine connects and sets its pragmas
        _refuse_if_too_new(sqlite_revision(sqlite_path), head)
    with engine.connect() as conn:
        current = current_revision(conn)
        has_tables = (
            conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar_one()
            if conn.dialect.name == "sqlite"
            else 1
        )
    if current == head:
        return UpgradeReport(current, head, None)
    _refuse_if_too_new(current, head)
    copy = None
    if sqlite_path is not None and backups is not None and current is not None and has_tables:
        copy = online_backup(sqlite_path, backup_path(backups, utcnow(), "pre-upgrade"))
    upgrade(engine)
    return UpgradeReport(current, head, copy)
