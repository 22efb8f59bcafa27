"""Consistent copies of a live SQLite database, and thinning of old copies.

A plain file copy of a WAL database can miss what still sits in the -wal
file; SQLite's online backup API copies a consistent snapshot instead.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from db.engine import apply_pragmas

_NAME = re.compile(r"^desk-(\d{8}-\d{6})(?:-(?P<reason>[a-z0-9-]+))?\.sqlite3$")


def backup_path(directory: Path, at: datetime, reason: str = "") -> Path:
    stamp = at.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"desk-{stamp}-{reason}.sqlite3" if reason else f"desk-{stamp}.sqlite3"
    return directory / name


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

    Backups taken before a schema upgrade are never thinned: they are the way
    back from a bad upgrade, and there is one per upgrade only.
    """
    regular = [(at, path) for at, path, reason in backups if reason != "pre-upgrade"]
    regular.sort(reverse=True)
    kept = {path for _, path in regular[: keep.recent]}
    for period, count in (
        ("%Y-%m-%d", keep.daily),
        ("%G-%V", keep.weekly),
        ("%Y-%m", keep.monthly),
    ):
        seen: list[str] = []
        for at, path in regular:  # newest first: the newest of each period is kept
            key = at.strftime(period)
            if key not in seen:
                if len(seen) == count:
                    break
                seen.append(key)
                kept.add(path)
    return [path for _, path in regular if path not in kept]


def thin(directory: Path, keep: Retention = Retention()) -> list[Path]:
    removed = to_thin(backups_in(directory), keep)
    for path in removed:
        path.unlink()
    return removed
