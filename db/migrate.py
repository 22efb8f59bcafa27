"""Bring a database to this app's schema, safely.

On start the app upgrades an older database after taking a backup copy, and
refuses a database written by a newer app: opening it would risk writing
rows the newer schema does not expect.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

import migrations
from db import health
from db.backup import locked, take_backup
from db.base import utcnow

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

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
    from alembic.config import Config  # Alembic takes ~0.5 s to import: only to migrate

    config = Config()
    config.set_main_option("script_location", str(script_location))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


_REVISION = re.compile(r"^revision\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


@functools.cache
def _history(script_location: Path) -> dict[str, tuple[str, ...]] | None:
    """Each revision and the ones it follows, read from the version files' text.

    The usual start (a database already at head) needs only the head and the
    known revisions: reading them here spares importing Alembic, which loads
    every version module besides (start-up to sign-in, README "Scale").  None
    when a file does not read plainly (Alembic then answers).
    """
    history: dict[str, tuple[str, ...]] = {}
    for path in sorted((script_location / "versions").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        try:
            name, follows = ast.literal_eval(revision.group(1)), ast.literal_eval(down.group(1))
        except (ValueError, SyntaxError):
            return None
        if not isinstance(name, str):
            return None
        history[name] = (follows,) if isinstance(follows, str) else tuple(follows or ())
    return history or None


def _script(script_location: Path) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(script_location=script_location))


def head_revision(script_location: Path = MIGRATIONS_DIR) -> str:
    history = _history(script_location)
    if history is not None:
        heads = set(history) - {down for downs in history.values() for down in downs}
        if len(heads) == 1:
            return heads.pop()
    head = _script(script_location).get_current_head()  # several heads: Alembic says so
    assert head is not None, f"{script_location} has no revisions"
    return head


def current_revision(connection: Connection, version_table: str = VERSION_TABLE) -> str | None:
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(connection, opts={"version_table": version_table})
    return context.get_current_revision()


def known_revisions(script_location: Path = MIGRATIONS_DIR) -> set[str]:
    history = _history(script_location)
    if history is not None:
        return set(history)
    return {s.revision for s in _script(script_location).walk_revisions()}


@dataclass(frozen=True)
class UpgradeReport:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def upgrade(
    engine: Engine, revision: str = "head", *, script_location: Path = MIGRATIONS_DIR
) -> None:
    from alembic import command

    with engine.connect() as conn:
        _run(conn, lambda cfg: command.upgrade(cfg, revision), script_location)


def downgrade(engine: Engine, revision: str, *, script_location: Path = MIGRATIONS_DIR) -> None:
    from alembic import command

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
    ``DatabaseUnusable`` for a file that is not a sound post database.
    """
    return health.inspect(path)


def refuse_if_too_new(current: str | None, head: str) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"this database is at schema revision {current}, which this version of "
            f"Checkpoint Desk does not know (it knows up to {head}); it was written by a "
            "newer version. Install that version or newer; the database was not changed."
        )


def prepare_database(
    engine: Engine, sqlite_path: Path | None, backups: Path | None, *, key: bytes | None = None
) -> UpgradeReport:
    """Upgrade the database to head; back it up first if it already holds data.

    A SQLite file is looked at first, read-only (``db.health``): a damaged,
    foreign or read-only file is refused before the engine touches it.  Then,
    holding the database's maintenance lock, so that two starts at once
    neither copy nor upgrade it twice: the revision is read again (the other
    start may have upgraded it meanwhile), a checked backup taken, and the
    upgrade run.  A database whose backup fails is not upgraded.  ``key``: the
    data key of an encrypted post (its backups are encrypted with it too).
    """
    head = head_revision()
    if sqlite_path is None:
        with engine.connect() as conn:
            current = current_revision(conn)
        refuse_if_too_new(current, head)
        if current != head:
            upgrade(engine)
        return UpgradeReport(current, head, None)
    current = health.inspect(sqlite_path, backups=backups, key=key)
    refuse_if_too_new(current, head)
    if current == head:  # the usual start: nothing to do, no lock to take
        return UpgradeReport(current, head, None)
    with locked(sqlite_path):
        current = health.inspect(sqlite_path, backups=backups, key=key)
        refuse_if_too_new(current, head)
        if current == head:
            return UpgradeReport(current, head, None)
        copy = None
        if current is not None and backups is not None:
            copy = take_backup(sqlite_path, backups, "pre-upgrade", now=utcnow, key=key)
        upgrade(engine)
        return UpgradeReport(current, head, copy)
