"""Consistent, checked copies of a live SQLite database, and thinning of old copies.

A plain file copy of a WAL database can miss what still sits in the -wal
file; SQLite's online backup API copies a consistent snapshot instead.  A
copy of a damaged database is no backup, so every copy passes
``integrity_check`` before it gets its name, and a damaged source is refused
(``BackupRefused``).  One backup or schema upgrade of a database runs at a
time (``maintenance_lock``), names are never reused, and a copy being written
is a ``.partial`` file that a failure removes and the next backup sweeps up
after a kill.  Thinning counts only copies known to be sound, so a damaged
copy can never push a good one out.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from db import cipher
from db.engine import apply_pragmas
from db.health import DatabaseUnusable, describe, restore_advice

# Written into every copy (never into the live database): a post running on a
# database that carries it was restored from a backup, and its sync must not
# trust the outbox numbers it has (desktop_app/sync/client.py).
RESTORED_MARK = "backup.copy_of"

# desk-20261125-080000[-reason][-n].sqlite3: n makes a second copy in the same second unique.
_NAME = re.compile(
    r"^desk-(\d{8}-\d{6})(?:-(?P<reason>[a-z](?:[a-z-]*[a-z])?))?(?:-(?P<n>\d+))?\.sqlite3$"
)
PARTIAL = ".partial"
# Copies checked sound (name → [size, mtime in ns]), so that thinning checks each once.
VERIFIED = "verified.json"
# An upgrade of a big database, or a backup, may hold the lock this long.
LOCK_TIMEOUT_S = 600.0


# A copy that cannot be read as a sound database (damaged, another key, gone).
_UNREADABLE: tuple[type[Exception], ...] = (*cipher.DB_ERRORS, cipher.WrongKey, OSError)


class BackupRefused(DatabaseUnusable):
    """The source could not be copied into a sound backup; no copy was kept."""


def maintenance_lock(database: Path) -> FileLock:
    """One backup or schema upgrade of ``database`` at a time, across processes and threads.

    Re-entrant in one thread (an upgrade takes its backup while holding it).
    """
    return FileLock(
        database.with_name(database.name + ".lock"), timeout=LOCK_TIMEOUT_S, is_singleton=True
    )


@contextmanager
def locked(database: Path) -> Iterator[None]:
    """Hold ``maintenance_lock``; a clear error if another process holds it for too long."""
    lock = maintenance_lock(database)
    try:
        lock.acquire()
    except Timeout:
        raise DatabaseUnusable(
            database,
            f"is being backed up or upgraded by another process for over {LOCK_TIMEOUT_S:.0f} s",
            "wait for it to finish, or end it, then try again; nothing was changed",
        ) from None
    try:
        yield
    finally:
        lock.release()


def backup_path(directory: Path, at: datetime, reason: str = "", *, unique: bool = False) -> Path:
    """The file name for a backup taken at ``at``; with ``unique``, one not yet taken.

    Names have one-second resolution; a second copy within the same second
    gets a counter (``desk-…-2.sqlite3``, ``desk-…-pre-upgrade-2.sqlite3``).
    """
    stamp = at.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    stem = f"desk-{stamp}-{reason}" if reason else f"desk-{stamp}"
    path = directory / f"{stem}.sqlite3"
    n = 1
    while unique and (path.exists() or _partial(path).exists()):
        n += 1
        path = directory / f"{stem}-{n}.sqlite3"
    return path


def _partial(target: Path) -> Path:
    return target.with_name(target.name + PARTIAL)


def integrity(conn: Any) -> list[str]:
    """``PRAGMA integrity_check``'s findings: ``["ok"]`` for a sound database."""
    return [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]


def online_backup(source: Path, target: Path, *, key: bytes | None = None) -> Path:
    """Copy ``source`` to ``target`` through the backup API, checked; never overwrite.

    With ``key`` (an encrypted post) the copy is encrypted with the same key:
    SQLCipher decrypts each page from the source and encrypts it again, so
    not a page of the copy is ever plaintext on the disk.

    ``BackupRefused`` (and no file left behind) when the copy is not sound:
    the pages were copied as they are, so the source is damaged.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(target)
    partial = _partial(target)
    try:
        _copy(source, partial, target.name, key)
        try:  # a link, not a rename: it fails rather than replace a file of that name
            os.link(partial, target)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT on a USB stick)
            partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)  # a half-written copy never carries the final name
    return target


def _copy(source: Path, partial: Path, name: str, key: bytes | None) -> None:
    try:
        src = cipher.connect(source, key)
    except cipher.DB_ERRORS as error:
        raise _refused(source, error) from None
    try:
        apply_pragmas(src)
        dst = cipher.connect(partial, key)
        try:
            src.backup(dst)
            found = integrity(dst)
            if found != ["ok"]:
                raise BackupRefused(
                    source,
                    "is damaged; its copy fails integrity_check ("
                    + "; ".join(found[:3]).replace("\n", " ")
                    + ")",
                    "no copy was kept, and older copies were left as they are; "
                    + restore_advice(partial.parent),
                )
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            if dst.execute("SELECT 1 FROM sqlite_master WHERE name = 'local_state'").fetchone():
                dst.execute(
                    "INSERT OR REPLACE INTO local_state (key, value) VALUES (?, ?)",
                    (RESTORED_MARK, json.dumps(name)),
                )
                dst.commit()
        finally:
            dst.close()
    except cipher.DB_ERRORS as error:
        raise _refused(source, error) from None
    finally:
        src.close()


def _refused(source: Path, error: Exception) -> BackupRefused:
    found = describe(source, error, None)
    return BackupRefused(source, found.problem, "no copy was kept; " + found.advice)


def take_backup(
    database: Path,
    directory: Path,
    reason: str = "",
    *,
    now: Callable[[], datetime],
    key: bytes | None = None,
) -> Path:
    """A checked copy of ``database`` in ``directory``, under a name never used before.

    Holds ``maintenance_lock``: a second backup (or an upgrade) waits for this
    one.  Copies left half-written by a backup that was killed are removed first.
    """
    with locked(database):
        return checked_copy(database, directory, reason, now=now, key=key)


def checked_copy(
    source: Path,
    directory: Path,
    reason: str = "",
    *,
    now: Callable[[], datetime],
    key: bytes | None = None,
) -> Path:
    """``take_backup``'s copy, for a caller that holds the database's lock already."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob(f"desk-*{PARTIAL}"):
        stale.unlink(missing_ok=True)
    target = backup_path(directory, now(), reason, unique=True)
    copy = online_backup(source, target, key=key)
    _Verified(directory, key).add(copy)
    return copy


@dataclass(frozen=True)
class Retention:
    """Like Anki's: the newest few, then one a day, a week, a month."""

    recent: int = 10
    daily: int = 12
    weekly: int = 10
    monthly: int = 9


def backups_in(directory: Path) -> list[tuple[datetime, Path, str]]:
    found = []
    for path in directory.glob("desk-*.sqlite3"):
        match = _NAME.match(path.name)
        if match:
            at = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
            found.append((at, path, match.group("reason") or ""))
    return sorted(found, reverse=True)


def to_thin(backups: Iterable[tuple[datetime, Path, str]], keep: Retention) -> list[Path]:
    """The regular backups that the retention rule no longer keeps.

    Walking from the newest: the newest ``recent`` copies, then the newest
    copy of each older day (``daily`` of them), then of each week older
    than the last day kept, then of each month older than the last week
    kept — each stage with its own quota, as Anki thins its backups.
    Backups taken before a schema upgrade are never thinned: they are the
    way back from a bad upgrade, and there is one per upgrade only.
    """
    regular = sorted(
        ((at, path) for at, path, reason in backups if reason != "pre-upgrade"), reverse=True
    )
    kept = [path for _, path in regular[: keep.recent]]
    last = regular[keep.recent - 1][0] if 0 < keep.recent <= len(regular) else None
    rest = regular[keep.recent :]
    stages = (("%Y-%m-%d", keep.daily), ("%G-%V", keep.weekly), ("%Y-%m", keep.monthly))
    for period, quota in stages:
        taken = 0
        while rest and taken < quota:
            at, path = rest.pop(0)
            if last is None or at.strftime(period) < last.strftime(period):
                kept.append(path)
                last, taken = at, taken + 1
    kept_set = set(kept)
    return [path for _, path in regular if path not in kept_set]


@dataclass
class Thinned:
    removed: list[Path] = field(default_factory=list)
    damaged: list[Path] = field(default_factory=list)  # not counted, and left in place


def thin(directory: Path, keep: Retention = Retention(), *, key: bytes | None = None) -> Thinned:
    """Remove the copies the retention rule no longer keeps, counting sound copies only.

    A copy that fails SQLite's ``quick_check`` (checked once, then remembered)
    is neither counted nor removed: it is reported, for a person to look at.
    """
    verified = _Verified(directory, key)
    sound: list[tuple[datetime, Path, str]] = []
    damaged: list[Path] = []
    for backup in backups_in(directory):
        if verified.sound(backup[1]):
            sound.append(backup)
        else:
            damaged.append(backup[1])
    removed = to_thin(sound, keep)
    for path in removed:
        path.unlink()
        verified.forget(path)
    verified.save()
    return Thinned(removed, damaged)


class _Verified:
    """Which copies are known sound: ``verified.json`` in the backups folder.

    A copy is recorded with its size and modification time when it is made
    (after ``integrity_check``) or first found sound by ``quick_check``; a
    copy changed since is checked again.
    """

    def __init__(self, directory: Path, key: bytes | None = None) -> None:
        self.file = directory / VERIFIED
        self.key = key
        try:
            self.known: dict[str, list[int]] = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self._changed = False

    @staticmethod
    def _stamp(path: Path) -> list[int]:
        stat = path.stat()
        return [stat.st_size, stat.st_mtime_ns]

    def add(self, path: Path) -> None:
        self.known[path.name] = self._stamp(path)
        self._changed = True
        self.save()

    def forget(self, path: Path) -> None:
        self._changed |= self.known.pop(path.name, None) is not None

    def sound(self, path: Path) -> bool:
        if self.known.get(path.name) == self._stamp(path):
            return True
        try:
            key = None if cipher.is_plaintext(path) else self.key
            conn = cipher.connect(f"file:{path}?mode=ro", key, uri=True)
            try:
                ok = [row[0] for row in conn.execute("PRAGMA quick_check(1)")] == ["ok"]
            finally:
                conn.close()
        except _UNREADABLE:
            ok = False
        if ok:
            self.known[path.name] = self._stamp(path)
            self._changed = True
        return ok

    def save(self) -> None:
        if not self._changed:
            return
        temporary = self.file.with_name(self.file.name + PARTIAL)
        temporary.write_text(json.dumps(self.known, indent=0, sort_keys=True), encoding="utf-8")
        temporary.replace(self.file)
        self._changed = False
