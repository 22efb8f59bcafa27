"""Consistent copies of the live database and thinning of old copies (db/backup.py, CLI)."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db.backup import (
    RESTORED_MARK,
    VERIFIED,
    Retention,
    Thinned,
    backup_path,
    backups_in,
    online_backup,
    take_backup,
    thin,
    to_thin,
)
from desktop_app import audit, cli
from desktop_app.paths import backups_dir, database_path
from tests.helpers import raw_db
from tests.helpers.waiting import wait_until


def counts(path: Path, *, copy: bool = False) -> dict[str, int]:
    """Rows per table; of a backup ``copy``, without the mark every copy carries."""
    conn = raw_db.connect(f"file:{path}?mode=ro", uri=True)
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


def sound_copy(path: Path) -> Path:
    """A small, sound SQLite file under a backup's name (thinning counts sound copies only)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE local_state (key TEXT PRIMARY KEY, value TEXT)")
    path.write_bytes(conn.serialize())
    conn.close()
    return path


def checks_out(path: Path) -> None:
    conn = raw_db.connect(f"file:{path}?mode=ro", uri=True)
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
    committer = raw_db.connect(source, isolation_level=None)
    committer.execute("PRAGMA wal_autocheckpoint=0")  # keep what it commits in the -wal file
    for i in range(50):
        committer.execute("INSERT INTO local_state (key, value) VALUES (?, '1')", (f"test.c{i}",))
    committer.close()
    expected = counts(source)  # the committed state, as a new reader sees it

    # the committed rows are still in the WAL: a plain copy of the main file misses them
    wal = source.with_name(source.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    plain = post.path / "plain" / "plain-copy.sqlite3"
    plain.parent.mkdir()
    shutil.copyfile(source, plain)
    assert counts(plain) != expected

    # another connection is in the middle of a write transaction
    pending = raw_db.connect(source, isolation_level=None)
    pending.execute("BEGIN IMMEDIATE")
    pending.execute("INSERT INTO local_state (key, value) VALUES ('test.uncommitted', '1')")
    pending.execute("DELETE FROM local_state WHERE key = 'test.c0'")
    try:
        target = post.path / "copies" / "copy.sqlite3"
        assert online_backup(source, target, key=post.desk.data_key) == target
    finally:
        pending.execute("ROLLBACK")
        pending.close()

    assert counts(target, copy=True) == expected
    checks_out(target)
    conn = raw_db.connect(f"file:{target}?mode=ro", uri=True)
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
    target = post.path / "copies" / "desk-20260101-000000.sqlite3"
    target.parent.mkdir()
    target.write_bytes(b"an older copy")
    with pytest.raises(FileExistsError):
        online_backup(source, target, key=post.desk.data_key)
    assert target.read_bytes() == b"an older copy"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    # and a second copy under the same name is refused too
    fresh = post.path / "copies" / "fresh.sqlite3"
    online_backup(source, fresh, key=post.desk.data_key)
    first = fresh.read_bytes()
    audit.record(post.desk, action="test.later", by=post.officer.id)
    with pytest.raises(FileExistsError):
        online_backup(source, fresh, key=post.desk.data_key)
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
    others = [directory / "notes.txt", directory / "desk-20200101-000000.sqlite3.partial"]
    for path in [*regular, old_upgrade]:
        sound_copy(path)
    for path in others:
        path.write_bytes(b"x")
    thinned = thin(directory)
    # twelve copies within one hour: the newest ten stay, the two oldest go
    assert sorted(thinned.removed) == sorted(regular[:2])
    assert thinned.damaged == []
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [p.name for p in [*regular[2:], old_upgrade, *others]] + [VERIFIED]
    )
    assert thin(directory) == Thinned([], [])


def test_thinning_never_removes_a_good_copy_in_favour_of_a_bad_one(tmp_path: Path):
    """Damaged copies (made before copies were checked, or damaged since) are not counted."""
    directory = tmp_path / "backups"
    directory.mkdir()
    base = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)
    good = [sound_copy(backup_path(directory, base + timedelta(minutes=i))) for i in range(10)]
    # three newer copies of a database that was already damaged: without the check they
    # would be three of "the newest ten", and the three oldest good copies would go
    bad = [backup_path(directory, base + timedelta(hours=1, minutes=i)) for i in range(3)]
    for path in bad:
        path.write_bytes(good[0].read_bytes()[:100] + b"\xff" * 4000)
    damaged_later = good[5]
    with damaged_later.open("r+b") as f:  # a sound copy damaged on disk since it was checked
        f.seek(0)
        f.write(b"not sqlite anymore")
    thinned = thin(directory)
    assert thinned.removed == []
    assert sorted(thinned.damaged) == sorted([*bad, damaged_later])
    assert all(path.exists() for path in [*good, *bad])  # damaged copies are left for a person
    # two more sound copies make eleven: now the oldest sound one goes, never a damaged one
    newer = [
        sound_copy(backup_path(directory, base + timedelta(hours=2, minutes=i))) for i in (0, 1)
    ]
    thinned = thin(directory)
    assert thinned.removed == [good[0]]
    assert all(path.exists() for path in [*newer, *bad, damaged_later])


# -- the command line ---------------------------------------------------------------------------


def test_cli_backup_copies_a_live_post_and_thins_old_copies(post, capsys):
    directory = post.path
    folder = backups_dir(directory)
    folder.mkdir(exist_ok=True)  # (it holds the post's keys.json already)
    base = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)
    old = [backup_path(folder, base + timedelta(minutes=i)) for i in range(12)]
    upgrade_copy = backup_path(folder, base - timedelta(days=30), "pre-upgrade")
    for path in [*old, upgrade_copy]:
        sound_copy(path)
    audit.record(post.desk, action="test.before-backup", by=post.officer.id)  # desk stays open
    expected = counts(database_path(directory))

    assert cli.main(["--data-dir", str(directory), "backup"]) == 0
    out = capsys.readouterr().out
    made = [p for _, p, _ in backups_in(folder) if p not in old and p != upgrade_copy]
    assert len(made) == 1
    copy = made[0]
    assert f"backup written (encrypted; integrity_check: ok): {copy}" in out
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
    page = raw_db.page_size(path)  # (the header is encrypted: SQLite's pragma says)
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
    conn = raw_db.connect(path)
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
    assert capsys.readouterr().err.count("no post in") == 2


# -- damaged sources, failures, kills and races -------------------------------------------------


def damage_a_page(path: Path) -> None:
    """Overwrite a whole page in the middle of a closed database: ``check`` calls it malformed."""
    page = raw_db.page_size(path)
    pages = path.stat().st_size // page
    with path.open("r+b") as f:
        f.seek((pages // 2) * page)
        f.write(bytes(range(256)) * (page // 256))


def test_a_damaged_database_is_refused_loudly_and_the_good_copies_stay(post, capsys):
    directory = post.path
    for _ in range(3):  # three good copies, as a post would have
        assert cli.main(["--data-dir", str(directory), "backup"]) == 0
    good = {p: p.read_bytes() for _, p, _ in backups_in(backups_dir(directory))}
    assert len(good) == 3
    post.desk.close()
    damage_a_page(database_path(directory))
    capsys.readouterr()
    assert cli.main(["--data-dir", str(directory), "check"]) == 1
    assert "integrity_check: ok" not in capsys.readouterr().out
    for _ in range(12):  # more than "the newest ten": thinning would have had its turn
        assert cli.main(["--data-dir", str(directory), "backup"]) == 2
        out, err = capsys.readouterr()
        assert out == "" and len(err.splitlines()) == 1
        assert str(database_path(directory)) in err and "damaged" in err
        assert "no copy was kept" in err
    folder = backups_dir(directory)
    assert {p: p.read_bytes() for _, p, _ in backups_in(folder)} == good
    assert not list(folder.glob("*.partial"))


def test_a_killed_backup_leaves_a_partial_copy_that_the_next_one_removes(post, tmp_path):
    post.desk.close()
    marker = tmp_path / "copying"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.stalled_backup", str(post.path), str(marker)],
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        wait_until(lambda: marker.exists() or child.poll() is not None, what="the copy started")
        assert child.poll() is None
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    folder = backups_dir(post.path)
    assert [p.name.endswith(".sqlite3.partial") for p in folder.glob("*.partial")] == [True]
    assert backups_in(folder) == []  # the half-written copy never carried a backup's name
    assert cli.main(["--data-dir", str(post.path), "backup"]) == 0
    assert not list(folder.glob("*.partial"))
    (copy,) = [p for _, p, _ in backups_in(folder)]
    checks_out(copy)


def test_two_backups_at_the_same_moment_both_succeed_under_their_own_names(post):
    """Same second, same clock: before the lock and unique names, one crashed."""
    source, folder = database_path(post.path), backups_dir(post.path)
    moment = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    start = threading.Barrier(2)
    made: list[Path] = []
    errors: list[BaseException] = []

    def one() -> None:
        start.wait()
        try:
            made.append(take_backup(source, folder, now=lambda: moment, key=post.desk.data_key))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(p.name for p in made) == [
        "desk-20261125-080000-2.sqlite3",
        "desk-20261125-080000.sqlite3",
    ]
    for copy in made:
        checks_out(copy)


def test_two_backup_commands_at_once_both_succeed(post):
    post.desk.close()
    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "desktop_app", "--data-dir", str(post.path), "backup"]
    children = [subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(child.wait(120), child.communicate()[1]) for child in children]
    assert [code for code, _ in results] == [0, 0], results
    copies = [p for _, p, _ in backups_in(backups_dir(post.path))]
    assert len(copies) == 2
    for copy in copies:
        checks_out(copy)
