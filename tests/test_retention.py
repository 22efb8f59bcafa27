"""Retention: old clearances HQ holds move to the archive file whole; nothing else moves."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from db import cipher
from db.enums import Outcome, SubjectKind, TravellerCategory
from desktop_app import clearance, keys
from desktop_app.cli import main
from desktop_app.retention import ARCHIVE_NAME, archive
from tests.conftest import Post
from tests.helpers import raw_db


def served(post: Post, reference: str) -> str:
    desk, by = post.desk, post.officer.id
    joined = clearance.join_queue(
        desk,
        lane_id=post.lane.id,
        reference=reference,
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=by,
    )
    clearance.start_service(desk, clearance_id=joined.clearance_id, by=by)
    clearance.finish(desk, clearance_id=joined.clearance_id, outcome=Outcome.CLEARED, by=by)
    return joined.clearance_id.hex


def key_of(database: Path) -> bytes | None:
    return keys.data_key(database.parent)


def rows(path: Path, sql: str, *args: object) -> list[tuple]:
    with raw_db.connect(path) as db:
        return db.execute(sql, args).fetchall()


def acknowledge(path: Path, clearance_id: str) -> None:
    with raw_db.connect(path) as db:
        db.execute(
            "UPDATE outbox SET acked_at = created_at WHERE record_id IN"
            " (SELECT id FROM clearance_events WHERE clearance_id = ?)",
            (clearance_id,),
        )


def test_only_old_acknowledged_clearances_move_and_unacknowledged_never(post: Post) -> None:
    path = post.path / "desk.sqlite3"
    old_acked = served(post, "OLD-ACKED")
    old_unsent = served(post, "OLD-UNSENT")
    old_half = served(post, "OLD-HALF")  # HQ has two of its three steps
    post.clock.advance(days=30)
    recent = served(post, "RECENT")
    for done in (old_acked, recent):
        acknowledge(path, done)
    with raw_db.connect(path) as db:  # all but its last step
        db.execute(
            "UPDATE outbox SET acked_at = created_at WHERE record_id IN (SELECT id FROM"
            " clearance_events WHERE clearance_id = ? AND step <> 'finished')",
            (old_half,),
        )
    before = rows(path, "SELECT * FROM clearance_events WHERE clearance_id = ?", old_acked)
    before_entries = rows(
        path,
        "SELECT o.* FROM outbox o JOIN clearance_events e ON e.id = o.record_id"
        " WHERE e.clearance_id = ?",
        old_acked,
    )

    moved = archive(
        path, key=keys.data_key(path.parent), older_than=timedelta(days=10), now=post.clock.at
    )

    assert (moved.clearances, moved.events, moved.entries) == (1, 3, 3)
    left = {r[0] for r in rows(path, "SELECT DISTINCT clearance_id FROM clearance_events")}
    assert old_acked not in left
    assert {old_unsent, old_half, recent} <= left  # unacknowledged (whole or part): stays
    kept = moved.archive
    assert kept == post.path / ARCHIVE_NAME
    assert rows(kept, "SELECT * FROM clearance_events ORDER BY at") == before
    assert sorted(rows(kept, "SELECT * FROM outbox")) == sorted(before_entries)
    # Encrypted with the post's key, like the database: nothing readable in its bytes.
    raw = kept.read_bytes()
    assert not cipher.is_plaintext(kept) and b"OLD-ACKED" not in raw and b"SQLite" not in raw
    assert rows(path, "PRAGMA foreign_key_check") == []
    # Twice is harmless: nothing more is old and acknowledged.
    again = archive(
        path, key=keys.data_key(path.parent), older_than=timedelta(days=10), now=post.clock.at
    )
    assert (again.clearances, again.events) == (0, 0)
    assert len(rows(kept, "SELECT * FROM clearance_events")) == 3


def test_the_desk_keeps_working_after_an_archive(post: Post) -> None:
    path = post.path / "desk.sqlite3"
    acknowledge(path, served(post, "OLD"))
    post.clock.advance(days=30)
    archive(path, key=key_of(path), older_than=timedelta(days=10), now=post.clock.at)
    served(post, "AFTER")  # the outbox goes on from its newest entry
    assert rows(path, "SELECT count(*) FROM clearance_events") == [(3,)]


def test_the_command_says_what_it_moved(post: Post, capsys) -> None:
    path = post.path / "desk.sqlite3"
    acknowledge(path, served(post, "OLD"))
    post.desk.close()
    code = main(["--data-dir", str(post.path), "archive", "--older-than-days", "0"])
    assert code == 0
    out = capsys.readouterr().out
    assert "1 clearances (3 events, 3 outbox entries)" in out and ARCHIVE_NAME in out
