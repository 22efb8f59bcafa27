"""The post's database encrypted at rest: SQLCipher connections, and the plaintext → cipher copy.

SQLCipher (through the ``sqlcipher3`` wheel, which links its own SQLCipher 4)
encrypts every page with AES-256 and authenticates it with an HMAC; the file
starts with a random salt instead of SQLite's magic, so nothing in it reads
as text.  The key given here is the raw 32-byte data key (``x'…'``): no
passphrase, so no key derivation runs on every connection (a connection
costs what a plain SQLite one does).  Who holds the data key, and how it is
kept, is the desk's business (``desktop_app.keys``); this module only opens
files with it.

``key=None`` everywhere means a plain SQLite file: HQ's own SQLite, the
tests of the engine itself, and a post's database from before encryption,
which ``encrypt_in_place`` turns into an encrypted one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as cipher_dbapi

KEY_BYTES = 32
SQLITE_MAGIC = b"SQLite format 3\x00"
# Errors from either driver: the desk's files are opened with SQLCipher, a
# plaintext file (before its migration, or HQ's) may be opened with either.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, cipher_dbapi.Error)
DBAPI = cipher_dbapi


class WrongKey(RuntimeError):
    """The file is not readable with the key given (another key, no key, or not a database)."""


def is_plaintext(path: Path) -> bool:
    """A file that starts with SQLite's magic is not encrypted (SQLCipher's starts with a salt)."""
    with path.open("rb") as f:
        return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def key_pragma(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path | str, key: bytes | None, *, uri: bool = False, **kwargs: Any) -> Any:
    """A DB-API connection to ``path``: SQLCipher with ``key``, or plain SQLite without.

    The key is set before anything reads the file (SQLCipher's rule); a wrong
    key shows on the first read, which ``check_key`` makes at once.
    """
    if key is None:
        return sqlite3.connect(path, uri=uri, **kwargs)
    conn = cipher_dbapi.connect(str(path), uri=uri, **kwargs)
    try:
        # A wrong key is an answer we report in words; SQLCipher would also log it on stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_pragma(key))
        check_key(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def check_key(conn: Any) -> None:
    """Read the schema: SQLCipher reports a wrong key as "file is not a database"."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher_dbapi.DatabaseError as error:
        raise WrongKey(str(error)) from None


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (not possible, nor needed, on Windows)."""
    if os.name == "nt":
        return
    fsync_file(directory)


def export_encrypted(source: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the plaintext database ``source`` to ``target`` (new file).

    The new encrypted file is the main database and the plaintext one is
    attached read-only: ``sqlcipher_export`` copies the schema and every row
    (the write-ahead log's included) into it, and the read-only connection
    can neither checkpoint nor delete the plaintext ``-wal`` (which would
    leave its blocks unscrubbed on the disk).  The schema's user_version is
    carried over by hand (the export does not).  The copy is checked and made
    durable before this returns.
    """
    if target.exists():
        target.unlink()
    conn = connect(f"file:{target}", key, uri=True, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (f"file:{source}?mode=ro",))
        user_version = conn.execute("PRAGMA plain.user_version").fetchone()[0]
        conn.execute("SELECT sqlcipher_export('main', 'plain')")
        conn.execute(f"PRAGMA main.user_version = {int(user_version)}")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    check = connect(target, key)
    try:
        found = [row[0] for row in check.execute("PRAGMA integrity_check(20)")]
        if found != ["ok"]:
            raise RuntimeError(f"the encrypted copy of {source} fails integrity_check: {found}")
    finally:
        check.close()
    fsync_file(target)


def export_plaintext(source: Path, target: Path, key: bytes) -> None:
    """A plaintext copy of an encrypted database: for support under supervision, for the
    benchmarks that compare against plaintext, and for the tests of a post from before
    encryption.  Never called by the desk itself."""
    conn = connect(source, key, isolation_level=None)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute(f"PRAGMA plain.user_version = {int(version)}")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()


def scrub(path: Path) -> None:
    """Overwrite a file with zeros and make that durable before it is removed.

    Removing a file leaves its blocks readable on the disk until they are
    reused; zeroing them first keeps a plaintext database from lingering
    there (on an SSD the controller may still keep old copies of blocks:
    docs/security.md says what that means).
    """
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as f:
        chunk = b"\0" * (1 << 20)
        written = 0
        while written < size:
            written += f.write(chunk[: min(len(chunk), size - written)])
        f.flush()
        os.fsync(f.fileno())


def sqlcipher_version() -> str:
    conn = cipher_dbapi.connect(":memory:")
    try:
        return str(conn.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        conn.close()
