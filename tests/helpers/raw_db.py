"""Open a post's database file (or a backup copy of it) below the services, with its key.

Tests that look at the file itself (SQLite's pragmas, a writer left in the
-wal, a damaged copy) used to open it with ``sqlite3``; a post's database is
encrypted now, so they open it as the desk does: SQLCipher with the post's
data key, found from the file's folder (the data folder, or its backups).
A file of no post (no ``keys.json`` beside it) or a plaintext file opens
with plain SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db import cipher
from desktop_app import keys


def post_key_for(path: Path) -> bytes | None:
    for folder in (path.parent, path.parent.parent):
        if keys.keys_file(folder).exists() and folder.name != "backups":
            return keys.data_key(folder)
    return None


def connect(target: str | Path, *, uri: bool = False, **kwargs: Any) -> Any:
    """``sqlite3.connect``'s arguments; a ``file:…?mode=ro`` URI works too."""
    text = str(target)
    path = Path(text.removeprefix("file:").split("?", 1)[0]) if uri else Path(text)
    key = None
    if path.is_file() and path.stat().st_size and not cipher.is_plaintext(path):
        key = post_key_for(path)
    return cipher.connect(target, key, uri=uri, **kwargs)


def decrypt_copy(path: Path, target: Path) -> None:
    """A plaintext copy of a post's encrypted database: a post as it was before encryption."""
    key = post_key_for(path)
    assert key is not None, f"{path} is no encrypted post's file"
    cipher.export_plaintext(path, target, key)


def page_size(path: Path) -> int:
    conn = connect(path)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def engine(path: Path, **kwargs: Any) -> Any:
    """``db.engine.sqlite_engine`` on a post's file, with the post's key (if it has one)."""
    from db.engine import sqlite_engine

    return sqlite_engine(path, key=post_key_for(path), **kwargs)


def revision(path: Path) -> str | None:
    """The schema revision of a post's file (``db.migrate.sqlite_revision``, with its key)."""
    from db import health

    return health.inspect(path, key=post_key_for(path))
