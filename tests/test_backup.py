"""Consistent copies of the live database and thinning of old copies (db/backup.py, CLI)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db.backup import (
    RESTORED_MARK,
    Retention,
    backup_path,
    backups_in,
    online_backup,
    thin,
    to_thin,
)
from desktop_app import audit, cli
from desktop_app.paths import backups_dir, database_path


def counts(path: Path, *, copy: bool = False) -> dict[str, int]:
    """Rows per table; of a backup ``copy``, without the mark every copy carries."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        if copy:
            mark = conn.execute(
                "SELECT value FROM local_state WHERE key = ?", (RESTORED_MARK,)
            ).fetchone()
            assert mark is not None and json.loads(mark[0]) == path.name
            found["local_state"] -= 1
        return found
    finally:
        conn.close()


def checks_out(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


# -- online backup ------------------------------------------------------------------------------


def test_online_backup_copies_committed_wal_data_and_nothing_uncommitted(post, tmp_path: Path):
    source = database_path(post.path)
    for i in range(20):
        audit.record(post.desk, action=f"test.committed.{i}", by=post.officer.id)
    committer = sqlite3.connect(source, isolation_level=None)
    committer.execute("PRAGMA wal_autocheckpoint=0")  # keep what it commits in the -wal file
    for i in range(50):
        committer.execute("INSERT INTO local_state (key, value) VALUES (?, '1')", (f"test.c{i}",))
    committer.close()
    expected = counts(source)  # the committed state, as a new reader sees it

    # the committed rows are still in the WAL: a plain copy of the main file misses them
    wal = source.with_name(source.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    plain = tmp_path / "plain-copy.sqlite3"
    shutil.copyfile(source, plain)
    assert counts(plain) != expected

    # another connection is in the middle of a write transaction
    pending = sqlite3.connect(source, isolation_level=None)
    pending.execute("BEGIN IMMEDIATE")
    pending.execute("INSERT INTO local_state (key, value) VALUES ('test.uncommitted', '1')")
    pending.execute("DELETE FROM local_state WHERE key = 'test.c0'")
    try:
        target = tmp_path / "backups" / "copy.sqlite3"
        assert online_backup(source, target) == target
    finally:
        pending.execute("ROLLBACK")
        pending.close()

    assert counts(target, copy=True) == expected
    checks_out(target)
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        keys = {r[0] for r in conn.execute("SELECT key FROM local_state")}
        actions = {r[0] for r in conn.execute("SELECT action FROM audit_entries")}
    finally:
        conn.close()
    assert {f"test.c{i}" for i in range(50)} <= keys
    assert "test.uncommitted" not in keys
    assert {f"test.committed.{i}" for i in range(20)} <= actions
    # one self-contained file, nothing half-written left beside it
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite3"]


def test_online_backup_never_overwrites_an_existing_file(post, tmp_path: Path):
    source = database_path(post.path)
    target = tmp_path / "backups" / "desk-20260101-000000.sqlite3"
    target.parent.mkdir()
    target.write_bytes(b"an older copy")
    with pytest.raises(FileExistsError):
        online_backup(source, target)
    assert target.read_bytes() == b"an older copy"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    # and a second copy under the same name is refused too
    fresh = tmp_path / "backups" / "fresh.sqlite3"
    online_backup(source, fresh)
    first = fresh.read_bytes()
    audit.record(post.desk, action="test.later", by=post.officer.id)
    with pytest.raises(FileExistsError):
        online_backup(source, fresh)
    assert fresh.read_bytes() == first


def test_backup_names_round_trip(tmp_path: Path):
    at = datetime(2026, 3, 1, 2, 3, 4, tzinfo=UTC)
    regular = backup_path(tmp_path, at)
    before_upgrade = backup_path(tmp_path, at + timedelta(seconds=1), "pre-upgrade")
    assert regular.name == "desk-20260301-020304.sqlite3"
    assert before_upgrade.name == "desk-20260301-020305-pre-upgrade.sqlite3"
    for path in (regular, before_upgrade, tmp_path / "notes.txt", tmp_path / "desk-x.sqlite3"):
        path.write_bytes(b"")
    assert backups_in(tmp_path) == [
        (at + timedelta(seconds=1), before_upgrade, "pre-upgrade"),
        (at, regular, ""),
    ]


# -- thinning -----------------------------------------------------------------------------------

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # a Saturday, 09:00
HOURS_IN_A_YEAR = 24 * 365
PRE_UPGRADE = [
    datetime(2025, 6, 1, 12, 0, tzinfo=UTC),  # older than every regular copy
    datetime(2026, 5, 10, 7, 30, tzinfo=UTC),  # in a stretch where regular copies are thinned
    datetime(2026, 11, 20, 12, 30, tzinfo=UTC),
]

# Anki's rule (rslib/src/collection/backup.rs), with "the newest 10" as the recent stage:
# the newest 10; then the newest copy of each of the 12 days before the last one kept;
# then of each of the 10 ISO weeks before that; then of each of the 9 months before that.
EXPECTED_SURVIVORS = [
    # the newest 10
    *(f"2026-11-28 {h:02d}:00" for h in range(9, -1, -1)),
    # one a day for 12 days
    *(f"2026-11-{d:02d} 23:00" for d in range(27, 15, -1)),
    # one an ISO week for 10 weeks (the newest copy of a week is its Sunday 23:00)
    "2026-11-15 23:00",
    "2026-11-08 23:00",
    "2026-11-01 23:00",
    "2026-10-25 23:00",
    "2026-10-18 23:00",
    "2026-10-11 23:00",
    "2026-10-04 23:00",
    "2026-09-27 23:00",
    "2026-09-20 23:00",
    "2026-09-13 23:00",
    # one a month for 9 months
    "2026-08-31 23:00",
    "2026-07-31 23:00",
    "2026-06-30 23:00",
    "2026-05-31 23:00",
    "2026-04-30 23:00",
    "2026-03-31 23:00",
    "2026-02-28 23:00",
    "2026-01-31 23:00",
    "2025-12-31 23:00",
]


def a_year_of_hourly_backups(directory: Path) -> list[tuple[datetime, Path, str]]:
    regular = [
        (at, backup_path(directory, at), "")
        for at in (NOW - timedelta(hours=h) for h in range(HOURS_IN_A_YEAR))
    ]
    before_upgrade = [
        (at, backup_path(directory, at, "pre-upgrade"), "pre-upgrade") for at in PRE_UPGRADE
    ]
    return sorted(regular + before_upgrade, reverse=True)


def survivors(backups: list[tuple[datetime, Path, str]]) -> list[tuple[datetime, str]]:
    thinned = set(to_thin(backups, Retention()))
    assert len(thinned) == len(to_thin(backups, Retention()))  # no path twice
    return [(at, reason) for at, path, reason in backups if path not in thinned]


def test_thinning_keeps_what_every_reading_of_the_rule_keeps(tmp_path: Path):
    backups = a_year_of_hourly_backups(tmp_path)
    kept = survivors(backups)
    regular_kept = sorted((at for at, reason in kept if not reason), reverse=True)
    all_regular = [at for at, _, reason in backups if not reason]

    # copies taken before an upgrade are never thinned
    assert sorted(at for at, reason in kept if reason == "pre-upgrade") == sorted(PRE_UPGRADE)
    # the newest 10 stay
    assert regular_kept[:10] == all_regular[:10]
    # past those, one copy per day at most, and always the day's newest
    newest_of_day: dict[object, datetime] = {}
    for at in all_regular:
        newest_of_day.setdefault(at.date(), at)
    older = regular_kept[10:]
    assert len({at.date() for at in older}) == len(older)
    assert all(newest_of_day[at.date()] == at for at in older)
    # every one of the 12 latest days, 10 latest ISO weeks and 9 latest months has a copy
    days = {at.date() for at in regular_kept}
    weeks = {at.isocalendar()[:2] for at in regular_kept}
    months = {(at.year, at.month) for at in regular_kept}
    assert {(NOW - timedelta(days=d)).date() for d in range(12)} <= days
    assert {(NOW - timedelta(weeks=w)).isocalendar()[:2] for w in range(10)} <= weeks
    assert {(2026, m) for m in range(3, 12)} <= months
    # and the rest goes: a year of hourly copies comes down to a few dozen
    assert 30 <= len(regular_kept) <= 41


def test_thinning_a_year_of_hourly_backups_keeps_exactly_the_schedule(tmp_path: Path):
    backups = a_year_of_hourly_backups(tmp_path)
    kept = survivors(backups)
    regular_kept = [at.strftime("%Y-%m-%d %H:%M") for at, reason in kept if not reason]
    assert regular_kept == EXPECTED_SURVIVORS
    assert len(regular_kept) == 10 + 12 + 10 + 9


def test_thin_removes_files_and_leaves_others_alone(tmp_path: Path):
    directory = tmp_path / "backups"
    directory.mkdir()
    base = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)
    regular = [backup_path(directory, base + timedelta(minutes=i)) for i in range(12)]
    old_upgrade = backup_path(directory, base - timedelta(days=400), "pre-upgrade")
    others = [directory / "notes.txt", directory / "desk-20200101-000000.partial"]
    for path in [*regular, old_upgrade, *others]:
        path.write_bytes(b"x")
    removed = thin(directory)
    # twelve copies within one hour: the newest ten stay, the two oldest go
    assert sorted(removed) == sorted(regular[:2])
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        p.name for p in [*regular[2:], old_upgrade, *others]
    )
    assert thin(directory) == []


# -- the command line ---------------------------------------------------------------------------


def test_cli_backup_copies_a_live_post_and_thins_old_copies(post, capsys):
    directory = post.path
    folder = backups_dir(directory)
    folder.mkdir()
    base = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)
    old = [backup_path(folder, base + timedelta(minutes=i)) for i in range(12)]
    upgrade_copy = backup_path(folder, base - timedelta(days=30), "pre-upgrade")
    for path in [*old, upgrade_copy]:
        path.write_bytes(b"x")
    audit.record(post.desk, action="test.before-backup", by=post.officer.id)  # desk stays open
    expected = counts(database_path(directory))

    assert cli.main(["--data-dir", str(directory), "backup"]) == 0
    out = capsys.readouterr().out
    made = [p for _, p, _ in backups_in(folder) if p not in old and p != upgrade_copy]
    assert len(made) == 1
    copy = made[0]
    assert f"backup written: {copy}" in out
    assert counts(copy, copy=True) == expected
    checks_out(copy)
    # 13 regular copies: the new one and the 9 newest old ones stay
    for path in old[:3]:
        assert not path.exists()
        assert f"thinned old backup: {path.name}" in out
    assert all(p.exists() for p in old[3:])
    assert upgrade_copy.exists()


def test_cli_check_passes_on_a_real_post(post, capsys):
    assert cli.main(["--data-dir", str(post.path), "check"]) == 0
    out = capsys.readouterr().out
    assert "integrity_check: ok" in out
    assert "foreign_key_check: ok" in out
    post.desk.close()
    assert cli.main(["--data-dir", str(post.path), "check"]) == 0


def test_cli_check_exits_1_on_a_corrupted_page(post, capsys):
    post.desk.close()
    path = database_path(post.path)
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # everything is in the main file
    with path.open("rb") as f:  # the page size, from the file header
        header = f.read(100)
    page = int.from_bytes(header[16:18], "big")
    assert page in (1024, 2048, 4096, 8192, 16384, 32768)
    pages = path.stat().st_size // page
    assert pages > 20
    with path.open("r+b") as f:  # one whole page in the middle of the file
        f.seek((pages // 2) * page)
        f.write(bytes(range(256)) * (page // 256))
    capsys.readouterr()
    assert cli.main(["--data-dir", str(post.path), "check"]) == 1
    out = capsys.readouterr().out
    assert "integrity_check:" in out
    assert "integrity_check: ok" not in out


def test_cli_check_exits_1_on_a_broken_foreign_key(post, capsys):
    post.desk.close()
    path = database_path(post.path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("UPDATE lanes SET port_id = ? WHERE code = 'P-IN-2'", ("f" * 32,))
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert cli.main(["--data-dir", str(post.path), "check"]) == 1
    out = capsys.readouterr().out
    assert "integrity_check: ok" in out
    assert "foreign_key_check: 1 broken" in out
    assert "table lanes" in out


def test_cli_backup_and_check_on_a_directory_without_a_post(tmp_path: Path, capsys):
    assert cli.main(["--data-dir", str(tmp_path / "nothing"), "backup"]) == 2
    assert cli.main(["--data-dir", str(tmp_path / "nothing"), "check"]) == 2
    assert "no database" in capsys.readouterr().err
