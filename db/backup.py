"""Consistent copies of a live SQLite database, and thinning of old copies.

A plain file copy of a WAL database can miss what still sits in the -wal
file; SQLite's online backup API copies a consistent snapshot instead.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from db.engine import apply_pragmas

# Written into every copy (never into the live database): a post running on a
# database that carries it was restored from a backup, and its sync must not
# trust the outbox numbers it has (desktop_app/sync/client.py).
RESTORED_MARK = "backup.copy_of"

_NAME = re.compile(r"^desk-(\d{8}-\d{6})(?:-(?P<reason>[a-z0-9-]+))?\.sqlite3$")


def backup_path(directory: Path, at: datetime, reason: str = "", *, unique: bool = False) -> Path:
    """The file name for a backup taken at ``at``; with ``unique``, one not yet taken.

    Names have one-second resolution; a second copy within the same second
    gets a counter as its reason (``desk-…-2.sqlite3``).
    """
    stamp = at.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"desk-{stamp}-{reason}.sqlite3" if reason else f"desk-{stamp}.sqlite3"
    path = directory / name
    n = 1
    while unique and path.exists():
        n += 1
        path = directory / f"desk-{stamp}-{reason + '-' if reason else ''}{n}.sqlite3"
    return path


def online_backup(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` through the backup API; never overwrite."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(target)
    partial = target.with_suffix(".partial")
    src = sqlite3.connect(source)
    try:
        apply_pragmas(src)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            if dst.execute("SELECT 1 FROM sqlite_master WHERE name = 'local_state'").fetchone():
                dst.execute(
                    "INSERT OR REPLACE INTO local_state (key, value) VALUES (?, ?)",
                    (RESTORED_MARK, json.dumps(target.name)),
                )
                dst.commit()
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)  # a half-written copy never carries the final name
    return target


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


def thin(directory: Path, keep: Retention = Retention()) -> list[Path]:
    removed = to_thin(backups_in(directory), keep)
    for path in removed:
        path.unlink()
    return removed
