"""The post's data key: who holds it, how it is kept, and a plaintext post's move to encryption.

One random 256-bit **data key** encrypts the post's database and every backup
(SQLCipher, ``db.cipher``).  It is never written anywhere in plaintext; the
data folder's ``keys.json`` holds it *wrapped* (AES-256-GCM):

* by the **machine secret**: 32 random bytes in a file outside the data
  folder (``CHECKPOINT_DESK_KEY_DIR``, else the OS user's configuration
  folder), readable by the desk's OS account only.  This is what lets the
  desk open its data after a power cut with nobody at it, and lets the sync
  runner work while the screen is locked: no officer's PIN is needed.
* by a **recovery code** (optional, made by an administrator:
  ``checkpoint-desk key recovery-code``): 24 letters and digits (120 bits)
  stretched with scrypt, printed once and kept in the post's safe.  With it,
  the data folder (or a backup and its ``keys.json``) opens on another
  machine (``checkpoint-desk key recover``).

Officers' PINs wrap no copy: a PIN has 4 to 8 digits, and a copy wrapped by
one would be broken offline in minutes by anyone holding the disk
(docs/security.md).  The threat model, what each attacker reads and what not,
is in docs/security.md.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from platformdirs import user_config_path

from db import cipher
from db.backup import PARTIAL, checked_copy, locked
from db.base import utcnow
from desktop_app.paths import backups_dir, database_path

KEYS_FILE = "keys.json"
KEY_DIR_ENV = "CHECKPOINT_DESK_KEY_DIR"
FORMAT = 1
# The database side files SQLite may leave beside a plaintext database.
SIDE_FILES = ("-wal", "-shm", "-journal")
ENCRYPTING = ".encrypting"  # an encrypted copy being written: removed and made again
ENCRYPTED = ".encrypted"  # a complete, checked encrypted copy: it replaces the plaintext
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
RECOVERY_LENGTH = 24  # 24 × 5 bits = 120 bits

log = logging.getLogger("checkpoint.keys")


class KeyUnavailable(RuntimeError):
    """The post is encrypted but this machine does not hold its key."""


def key_dir() -> Path:
    """Where this machine keeps its machine secrets: never inside a data folder."""
    explicit = os.environ.get(KEY_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return user_config_path("checkpoint-desk", appauthor=False) / "keys"


def keys_file(directory: Path) -> Path:
    return directory / KEYS_FILE


@dataclass(frozen=True)
class Place:
    """A database the data key encrypts: the file, its key file, and its backups' folder.

    A desk's data folder is one (``desk.sqlite3``, ``keys.json``, ``backups/``);
    any other SQLite database kept the same way (a post's hub: ``hq.hub.at_rest``)
    is ``Place.of_database``: its key file is named after it, beside it, so
    that two databases in one folder never share a key file, and it takes no
    backups of its own.  Every function here takes a Place or a desk's data folder.
    """

    database: Path
    key_file: Path
    backups: Path | None = None
    recover_with: str = "checkpoint-desk key recover"  # the command the messages name

    @classmethod
    def of_desk(cls, directory: Path) -> Place:
        return cls(database_path(directory), keys_file(directory), backups_dir(directory))

    @classmethod
    def of_database(cls, database: Path, recover_with: str = "") -> Place:
        key_file = database.with_name(database.name + "." + KEYS_FILE)
        if recover_with:
            return cls(database, key_file, None, recover_with)
        return cls(database, key_file)

    @property
    def folder(self) -> Path:
        return self.database.parent


def place(where: Path | Place) -> Place:
    return where if isinstance(where, Place) else Place.of_desk(where)


# -- small helpers -------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _write_durably(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``path`` whole or not at all (a temporary file, fsync, rename, fsync the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + PARTIAL)
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    temporary.replace(path)
    cipher.fsync_dir(path.parent)


def _wrap(wrapping_key: bytes, data_key: bytes, label: str) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(wrapping_key).encrypt(nonce, data_key, label.encode())
    return {"nonce": _b64(nonce), "wrapped": _b64(sealed)}


def _unwrap(wrapping_key: bytes, entry: dict[str, str], label: str) -> bytes:
    return AESGCM(wrapping_key).decrypt(
        _unb64(entry["nonce"]), _unb64(entry["wrapped"]), label.encode()
    )


# -- the key file ------------------------------------------------------------------------


@dataclass
class KeyFile:
    """``keys.json``: the key's id and its wrapped copies (nothing in it opens the data alone)."""

    key_id: str
    machine: dict[str, str]
    recovery: dict[str, Any] | None = None

    @classmethod
    def read(cls, where: Path | Place) -> KeyFile | None:
        path = place(where).key_file
        if not path.exists():
            return None
        found = json.loads(path.read_text(encoding="utf-8"))
        if found.get("format") != FORMAT:
            raise KeyUnavailable(f"{path} is of a format this version does not know")
        return cls(found["key_id"], found["machine"], found.get("recovery"))

    def save(self, where: Path | Place) -> None:
        at = place(where)
        text = json.dumps(
            {
                "format": FORMAT,
                "key_id": self.key_id,
                "machine": self.machine,
                "recovery": self.recovery,
            },
            indent=1,
            sort_keys=True,
        ).encode()
        _write_durably(at.key_file, text, 0o644)
        if at.backups is not None:
            # Beside the backups too: a backup folder with it and the recovery code is
            # enough to restore the post on a new machine (the file opens nothing alone).
            _write_durably(keys_file(at.backups), text, 0o644)

    def machine_label(self) -> str:
        return f"checkpoint-desk data key {self.key_id} (machine)"

    def recovery_label(self) -> str:
        return f"checkpoint-desk data key {self.key_id} (recovery)"


def _secret_path(key_id: str) -> Path:
    return key_dir() / f"{key_id}.key"


def _read_secret(key_id: str) -> bytes | None:
    path = _secret_path(key_id)
    if not path.exists():
        return None
    secret = path.read_bytes()
    if len(secret) != cipher.KEY_BYTES:
        raise KeyUnavailable(f"{path} is damaged (not a machine secret)")
    return secret


def _new_machine_wrap(key_file: KeyFile, data_key: bytes) -> None:
    """A new machine secret on this machine, and the data key wrapped by it."""
    secret = secrets.token_bytes(cipher.KEY_BYTES)
    _write_durably(_secret_path(key_file.key_id), secret)  # before keys.json names it
    key_file.machine = _wrap(secret, data_key, key_file.machine_label())


def data_key(where: Path | Place) -> bytes | None:
    """The post's data key from this machine's secret; None for a post not encrypted yet."""
    at = place(where)
    key_file = KeyFile.read(at)
    if key_file is None:
        return None
    secret = _read_secret(key_file.key_id)
    if secret is None:
        raise KeyUnavailable(
            f"the data in {at.database} is encrypted and this machine does not hold its key "
            f"(no machine secret {key_file.key_id} in {key_dir()}): on the desk it belongs "
            "to it opens as usual; here, an administrator opens it with the post's recovery "
            f"code: `{at.recover_with}`"
        )
    try:
        return _unwrap(secret, key_file.machine, key_file.machine_label())
    except Exception:
        raise KeyUnavailable(
            f"this machine's secret {key_file.key_id} does not open {at.key_file} "
            "(damaged or replaced): open the post with its recovery code, "
            f"`{at.recover_with}`"
        ) from None


def opening_key(where: Path | Place) -> bytes | None:
    """``data_key``, after finishing an encryption a kill interrupted.

    Every command calls this before it looks at the database: a kill between
    zeroing the plaintext and renaming the encrypted copy into its place
    leaves a file of zeros under the database's name and the whole data in
    ``desk.sqlite3.encrypted``, which must take its place first.
    """
    at = place(where)
    key = data_key(at)
    path = at.database
    if key is not None and path.with_name(path.name + ENCRYPTED).exists():
        encrypt_post(at, key)
    return key


def create_key(where: Path | Place) -> bytes:
    """A new data key for a post, wrapped by a new machine secret (both written durably)."""
    data = secrets.token_bytes(cipher.KEY_BYTES)
    key_file = KeyFile(key_id=uuid.uuid4().hex, machine={})
    _new_machine_wrap(key_file, data)
    at = place(where)
    at.folder.mkdir(parents=True, exist_ok=True)
    key_file.save(at)
    return data


# -- recovery code --------------------------------------------------------------------


def _stretch(code: str, salt: bytes) -> bytes:
    normal = "".join(c for c in code.upper() if c.isalnum())
    # scrypt at 2^15 × 8: ~50 ms and 32 MiB a try, on top of 120 bits of code.
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(normal.encode())


def new_recovery_code(where: Path | Place) -> str:
    """Make a recovery code for the post (replacing an earlier one) and return it, once."""
    key = data_key(where)
    key_file = KeyFile.read(where)
    if key is None or key_file is None:
        raise KeyUnavailable(f"{place(where).database} is not encrypted yet")
    code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    salt = secrets.token_bytes(16)
    key_file.recovery = {"salt": _b64(salt)} | _wrap(
        _stretch(code, salt), key, key_file.recovery_label()
    )
    key_file.save(where)
    return "-".join(code[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def recover(where: Path | Place, code: str) -> None:
    """Open the post's key with its recovery code and wrap it for this machine's secret."""
    key_file = KeyFile.read(where)
    if key_file is None or not key_file.recovery:
        raise KeyUnavailable(f"{place(where).key_file} holds no recovery code")
    try:
        key = _unwrap(
            _stretch(code, _unb64(key_file.recovery["salt"])),
            key_file.recovery,
            key_file.recovery_label(),
        )
    except Exception:
        raise KeyUnavailable("that recovery code does not open this post's key") from None
    _new_machine_wrap(key_file, key)
    key_file.save(where)


# -- opening a post -----------------------------------------------------------------------


def post_key(where: Path | Place, *, now: Any = utcnow) -> bytes:
    """The data key of the post in ``where``, made if it has none, its data encrypted.

    Every way into a post goes through here before an engine is made: a new
    post gets its key before its database exists (so the database is
    encrypted from its first page); a post from before encryption is
    encrypted in place (``encrypt_post``), or its interrupted encryption
    finished.  Under the database's maintenance lock, so that two starts at
    once make one key, not two.
    """
    at = place(where)
    key = data_key(at)
    if key is not None and not needs_encryption(at):
        return key  # the usual start: no lock to take
    at.folder.mkdir(parents=True, exist_ok=True)
    with locked(at.database):
        key = data_key(at)
        if key is None:
            key = create_key(at)
        if needs_encryption(at):
            encrypt_post(at, key, now=now)
        return key


def needs_encryption(where: Path | Place) -> bool:
    at = place(where)
    path = at.database
    leftovers = [path.with_name(path.name + ENCRYPTED)]
    folder = at.backups
    if folder is not None and folder.is_dir():
        leftovers += list(folder.glob(f"*{ENCRYPTED}"))
        if any(cipher.is_plaintext(p) for p in folder.glob("desk-*.sqlite3")):
            return True
    return any(p.exists() for p in leftovers) or (path.exists() and _plaintext(path))


def _plaintext(path: Path) -> bool:
    return path.stat().st_size > 0 and cipher.is_plaintext(path)


def encrypt_post(where: Path | Place, key: bytes, *, now: Any = utcnow) -> dict[str, int] | None:
    """Encrypt a plaintext post in place: the database, then every backup; nothing left behind.

    Holding the database's maintenance lock.  Each file goes the same way
    (``encrypt_file``), so that a kill at any moment loses nothing: the
    plaintext stays whole until its encrypted copy is complete, checked and
    durable under a name of its own, and a start after a kill finishes the
    step it was in.  Before the live database is replaced, a checked backup
    of its encrypted copy is taken (as before every upgrade) where the place
    keeps backups.  Returns the rows of each table the live database's copy
    was checked to hold (None: it was encrypted already).
    """
    at = place(where)
    path, folder = at.database, at.backups
    with locked(path):
        if folder is None:
            return encrypt_file(path, key)
        counts = encrypt_file(
            path, key, before_replace=lambda copy: _backup_of(copy, folder, key, now)
        )
        if folder.is_dir():
            for done in folder.glob(f"*{ENCRYPTED}"):
                encrypt_file(done.with_name(done.name.removesuffix(ENCRYPTED)), key)
            for backup in sorted(folder.glob("desk-*.sqlite3")):
                encrypt_file(backup, key)
        return counts


def _backup_of(copy: Path, folder: Path, key: bytes, now: Any) -> None:
    checked_copy(copy, folder, "pre-upgrade", now=now, key=key)


def encrypt_file(path: Path, key: bytes, *, before_replace: Any = None) -> dict[str, int] | None:
    """Replace the plaintext database ``path`` by an encrypted copy, resumable after a kill.

    1. ``path.encrypting``: the copy being written (a kill leaves it; it is made again);
    2. renamed ``path.encrypted`` once complete, checked (integrity_check and every
       table's row count against the plaintext) and fsync'd;
    3. the plaintext and its side files (``-wal``, read only until now, so SQLite never
       removed it unscrubbed) overwritten with zeros, then removed;
    4. ``path.encrypted`` renamed to ``path``.
    A start finding ``path.encrypted`` goes on from step 3.  Returns every
    table's row count in the copy, as checked against the plaintext (None:
    nothing to encrypt, or a copy an earlier start checked).
    """
    done = path.with_name(path.name + ENCRYPTED)
    partial = path.with_name(path.name + ENCRYPTING)
    partial.unlink(missing_ok=True)
    counts = None
    if not done.exists():
        if not path.exists() or not _plaintext(path):
            return None
        counts = _row_counts(path, None)
        cipher.export_encrypted(path, partial, key)
        if _row_counts(partial, key) != counts:
            partial.unlink()
            raise RuntimeError(f"the encrypted copy of {path} does not hold every row")
        partial.replace(done)
        cipher.fsync_dir(path.parent)
        log.info(
            "encrypted a copy of %s: %d rows in %d tables, as many as the plaintext holds",
            path,
            sum(counts.values()),
            len(counts),
        )
    if before_replace is not None:
        before_replace(done)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        cipher.scrub(side)
        side.unlink(missing_ok=True)
    if path.exists() and _plaintext(path):
        cipher.scrub(path)
    done.replace(path)
    cipher.fsync_dir(path.parent)
    log.info("%s is encrypted; its plaintext was overwritten and removed", path)
    return counts


def _row_counts(path: Path, key: bytes | None) -> dict[str, int]:
    # Read-only: a plaintext database's -wal stays where it is until it is scrubbed.
    conn = cipher.connect(f"file:{path}?mode=ro", key, uri=True)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def describe(where: Path | Place) -> dict[str, Any]:
    """What ``checkpoint-desk key status`` prints: never a key, only where the copies are."""
    key_file = KeyFile.read(where)
    path = place(where).database
    return {
        "encrypted": bool(path.exists() and not _plaintext(path)),
        "key_id": key_file.key_id if key_file else None,
        "machine_secret": str(_secret_path(key_file.key_id)) if key_file else None,
        "machine_secret_here": bool(key_file and _secret_path(key_file.key_id).exists()),
        "recovery_code": bool(key_file and key_file.recovery),
        "sqlcipher": cipher.sqlcipher_version(),
    }
