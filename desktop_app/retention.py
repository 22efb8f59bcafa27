"""Retention: old clearance events HQ holds move out of the hot tables, into an archive file.

A busy post writes ~3M clearance events a year (bench/gen_year.py); nothing
the desk shows reads them after a few weeks (the reports of old periods come
from HQ: ``checkpoint-hq report daily --port``), but they cost disk, backup
and ``check`` time.  ``archive`` moves the clearances that joined before a
cutoff, with their outbox entries, into ``archive.sqlite3`` beside the
post's database, in one transaction.  They are *moved*, never dropped: the
archive holds every row as it was.

Only what HQ holds moves: a clearance any of whose events has an outbox
entry HQ has not acknowledged (unsent, set aside, or re-queued after an HQ
restore) stays, whatever its age; so does a clearance with a step at or after
the cutoff.  Events that came from HQ (another post's) have no outbox entry
here: HQ holds them by definition.

A fact is still never changed or deleted by the services (``db.outbox``):
this is the one chore that removes rows, whole clearances at a time, and
only into the archive.  The archive is encrypted with the post's own data
key, like the database and its backups (``docs/security.md``): moving old
records out must not leave them readable.
"""

from __future__ import annotations

import re
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from db import cipher
from db.backup import locked
from db.engine import BUSY_TIMEOUT_MS

ARCHIVE_NAME = "archive.sqlite3"
DEFAULT_AGE = timedelta(days=400)  # a year and a bit: last year's same month stays at hand
TABLES = ("clearance_events", "outbox")


@dataclass(frozen=True)
class Archived:
    clearances: int
    events: int
    entries: int
    archive: Path


def _stored(at: datetime) -> str:
    """A time in the database's storage form (naive UTC text: comparing strings compares times)."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _ensure_tables(db: Any) -> None:
    """The archive's tables: the hot tables' own definitions (no indexes: it is read rarely)."""
    for table in TABLES:
        (sql,) = db.execute(
            "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        exists = db.execute(
            "SELECT 1 FROM archive.sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        if not exists:
            head = re.match(rf'CREATE TABLE\s+"?{table}"?', sql)
            assert head is not None, sql
            db.execute(f'CREATE TABLE archive."{table}"' + sql[head.end() :])


def archive(
    database: Path,
    *,
    key: bytes | None,
    older_than: timedelta = DEFAULT_AGE,
    now: datetime,
) -> Archived:
    """Move acknowledged clearances that joined more than ``older_than`` ago into the archive.

    ``key``: the post's data key (None only for a plaintext post); the archive
    gets the same one.
    """
    cutoff = _stored(now - older_than)
    target = database.with_name(ARCHIVE_NAME)
    with locked(database), closing(cipher.connect(database, key, isolation_level=None)) as db:
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # The archive's copies name lanes and shifts it does not hold: keys are
        # checked in the post's database, where those rows are.
        db.execute("PRAGMA foreign_keys=OFF")
        if key is None:
            db.execute("ATTACH DATABASE ? AS archive", (str(target),))
        else:
            db.execute(f"ATTACH DATABASE ? AS archive KEY \"x'{key.hex()}'\"", (str(target),))
        db.execute("BEGIN IMMEDIATE")
        try:
            _ensure_tables(db)
            db.execute(
                """
                CREATE TEMP TABLE moving AS
                SELECT clearance_id FROM clearance_events WHERE step = 'joined' AND at < :cutoff
                EXCEPT
                SELECT clearance_id FROM clearance_events WHERE at >= :cutoff
                EXCEPT
                SELECT e.clearance_id FROM outbox o JOIN clearance_events e ON e.id = o.record_id
                WHERE o.acked_at IS NULL AND o.entity = 'clearance_events'
                """,
                {"cutoff": cutoff},
            )
            db.execute("CREATE INDEX temp.moving_id ON moving (clearance_id)")
            (clearances,) = db.execute("SELECT count(*) FROM moving").fetchone()
            db.execute(
                "CREATE TEMP TABLE moving_events AS SELECT id FROM clearance_events"
                " WHERE clearance_id IN (SELECT clearance_id FROM moving)"
            )
            db.execute("CREATE INDEX temp.moving_events_id ON moving_events (id)")
            events = db.execute(
                "INSERT INTO archive.clearance_events SELECT * FROM main.clearance_events"
                " WHERE id IN (SELECT id FROM moving_events)"
            ).rowcount
            entries = db.execute(
                "INSERT INTO archive.outbox SELECT * FROM main.outbox"
                " WHERE entity = 'clearance_events' AND record_id IN (SELECT id FROM moving_events)"
            ).rowcount
            db.execute(
                "DELETE FROM main.outbox"
                " WHERE entity = 'clearance_events' AND record_id IN (SELECT id FROM moving_events)"
            )
            db.execute(
                "DELETE FROM main.clearance_events WHERE id IN (SELECT id FROM moving_events)"
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.execute("DROP TABLE IF EXISTS temp.moving")
            db.execute("DROP TABLE IF EXISTS temp.moving_events")
    return Archived(clearances=clearances, events=events, entries=entries, archive=target)
