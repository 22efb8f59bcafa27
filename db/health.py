"""Is a post's database file usable?  Say what is wrong with it before anything opens it.

The engine's connect hook switches a database to WAL, which writes to it, and
Alembic would happily create a schema in an empty file or beside a stranger's
tables: so every command looks at the file first, read-only, and refuses
with one sentence that names the file, what is wrong and what to do.  The
checks are cheap (the header, the schema table, the version row); a full
``integrity_check`` is for ``checkpoint-desk check`` and for every backup copy.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from db import cipher

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
VERSION_TABLE = "alembic_version"


class DatabaseUnusable(RuntimeError):
    """The database file cannot be used as it is; nothing was changed."""

    def __init__(self, path: Path, problem: str, advice: str) -> None:
        super().__init__(f"{path} {problem}: {advice}")
        self.path = path
        self.problem = problem
        self.advice = advice


class DatabaseReadOnly(DatabaseUnusable):
    """The file, or the folder it is in, cannot be written by this user."""


def restore_advice(backups: Path | None) -> str:
    where = f"from {backups}" if backups is not None else "from the post's backups folder"
    return (
        f"restore the newest good copy {where} in its place (`checkpoint-desk check` "
        "tells a good copy from a bad one); nothing was changed"
    )


def check_folder(directory: Path) -> None:
    """The data directory must be a folder (or not exist yet: it is created)."""
    if directory.exists() and not directory.is_dir():
        raise DatabaseUnusable(
            directory,
            "is a file, not a folder",
            "give --data-dir the post's folder (it is created if it does not exist)",
        )


def writable(path: Path) -> bool:
    """Can this user write ``path`` (and make files beside it)?  False on read-only media too."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def inspect(
    path: Path, *, backups: Path | None = None, write: bool = True, key: bytes | None = None
) -> str | None:
    """The schema revision of the database at ``path`` (None: no file, or a file with no
    tables yet), read without changing a byte; ``DatabaseUnusable`` if it cannot be used.

    ``write``: the caller is going to write (every command but ``check``), so a
    read-only file or folder is refused up front, with that reason.  ``key``:
    the post's data key; a plaintext file is read without it (it is one from
    before encryption, ``desktop_app.keys`` encrypts it), an encrypted one
    with it.
    """
    check_folder(path.parent)
    if not path.exists():
        return None
    if not path.is_file():
        raise DatabaseUnusable(
            path,
            "is a folder (or another kind of entry), not a database file",
            "move it aside; the post's database is a file of this name",
        )
    if write and not writable(path):
        raise read_only(path)
    if key is None or cipher.is_plaintext(path):
        key = None
        _check_header(path, backups)
    elif path.stat().st_size == 0:
        raise _empty(path, backups)
    try:
        conn = open_read_only(path, key)
    except cipher.WrongKey:
        raise wrong_key(path) from None
    except cipher.DB_ERRORS as error:
        raise describe(path, error, backups) from None
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return None
        if VERSION_TABLE not in tables:
            raise _foreign(path)
        row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except cipher.DB_ERRORS as error:
        raise describe(path, error, backups) from None
    finally:
        conn.close()
    if row is None:
        raise _foreign(path)
    return str(row[0])


def open_read_only(path: Path, key: bytes | None = None) -> Any:
    """A connection that cannot write ``path``, also on a read-only medium.

    SQLite reads a WAL database through its ``-shm`` file, which it must be
    able to create: where nobody can write, the database is opened as
    immutable instead, unless writes of its are still in the ``-wal`` file
    (then it is refused as read-only: reading it without them would mislead).
    """
    uri = f"file:{path}?mode=ro"
    if not writable(path):
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            raise read_only(path)
        uri += "&immutable=1"
    return cipher.connect(uri, key, uri=True)


def wrong_key(path: Path) -> DatabaseUnusable:
    return DatabaseUnusable(
        path,
        "cannot be read with this post's data key (it is encrypted with another key, "
        "or it is not a Checkpoint Desk database)",
        "open it on the desk it belongs to, or with that post's recovery code "
        "(`checkpoint-desk key recover`); nothing was changed",
    )


def _empty(path: Path, backups: Path | None) -> DatabaseUnusable:
    return DatabaseUnusable(
        path,
        "is empty (0 bytes), not a post's database",
        "move it aside and run `checkpoint-desk init`, or " + restore_advice(backups),
    )


def _foreign(path: Path) -> DatabaseUnusable:
    return DatabaseUnusable(
        path,
        "holds tables but no schema version (it is not a Checkpoint Desk database)",
        "move it aside, or choose another --data-dir; nothing was changed",
    )


def read_only(path: Path) -> DatabaseReadOnly:
    return DatabaseReadOnly(
        path,
        "is read-only for this user (the file, or its folder, cannot be written)",
        f"make {path.parent} and the files in it writable, or run as the user who owns "
        "them; nothing was changed",
    )


def _check_header(path: Path, backups: Path | None) -> None:
    """The file header: SQLite's magic, a valid page size, and no missing pages."""
    size = path.stat().st_size
    if size == 0:
        raise _empty(path, backups)
    with path.open("rb") as f:
        header = f.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        raise DatabaseUnusable(
            path, "is not an SQLite database (damaged, or another kind of file)",
            restore_advice(backups),
        )  # fmt: skip
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DatabaseUnusable(path, "is damaged (its header is garbled)", restore_advice(backups))
    # The page count in the header is valid when the two change counters agree.  A
    # write-ahead log that is not empty may hold pages the file does not have yet.
    pages = int.from_bytes(header[28:32], "big")
    counters_agree = header[24:28] == header[92:96]
    wal = path.with_name(path.name + "-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    if not wal_empty:
        return
    if size % page_size:
        short = f"{size} bytes, not a whole number of {page_size}-byte pages"
    elif counters_agree and size < pages * page_size:
        short = f"{size} bytes of {pages * page_size}"
    else:
        return
    raise DatabaseUnusable(path, f"is damaged: cut short ({short})", restore_advice(backups))


def describe(path: Path, error: BaseException, backups: Path | None = None) -> DatabaseUnusable:
    """An SQLite error met while using ``path``, as the one sentence a person needs."""
    text = str(getattr(error, "orig", None) or error)
    lowered = text.lower()
    if (
        "readonly" in lowered
        or "read-only" in lowered
        or ("unable to open" in lowered and path.exists() and not writable(path))
    ):
        return read_only(path)
    if "locked" in lowered or "busy" in lowered:
        return DatabaseUnusable(
            path,
            f"is in use by another program ({text})",
            "close the other Checkpoint Desk on this folder and try again; nothing was changed",
        )
    if "unable to open" in lowered:
        return DatabaseUnusable(
            path, f"cannot be opened ({text})", "check that the folder and the file exist and "
            "may be read; nothing was changed",
        )  # fmt: skip
    return DatabaseUnusable(path, f"is damaged ({text})", restore_advice(backups))
