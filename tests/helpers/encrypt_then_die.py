"""``python -m tests.helpers.encrypt_then_die DATA_DIR POINT``: open a plaintext post and be
killed (SIGKILL, by itself) at POINT of its encryption, as a power cut would stop it.

POINT: ``exporting`` (the encrypted copy half-written), ``copied`` (the copy complete
and renamed, no backup yet), ``backed-up`` (the pre-upgrade backup taken), ``scrubbed``
(the plaintext overwritten with zeros, the copy not yet in its place), ``replaced`` (the
database encrypted, the old backups not yet).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from db import cipher
from desktop_app import keys
from desktop_app.desk import Desk
from desktop_app.paths import database_path


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main(directory: Path, point: str) -> None:
    database = database_path(directory)
    if point == "exporting":
        real_export = cipher.export_encrypted

        def export(source: Path, target: Path, key: bytes) -> None:
            real_export(source, target, key)
            with target.open("r+b") as f:
                f.truncate(target.stat().st_size // 2)
            die()

        cipher.export_encrypted = export  # type: ignore[assignment]
    elif point in ("copied", "backed-up"):
        real_backup = keys._backup_of

        def backup(*args: Any) -> None:
            if point == "backed-up":
                real_backup(*args)
            die()

        keys._backup_of = backup  # type: ignore[assignment]
    elif point == "scrubbed":
        real_scrub = cipher.scrub

        def scrub(path: Path) -> None:
            real_scrub(path)
            if path == database:
                die()

        cipher.scrub = scrub  # type: ignore[assignment]
    elif point == "replaced":
        real_encrypt = keys.encrypt_file

        def encrypt(path: Path, key: bytes, **kwargs: Any) -> None:
            if path != database:
                die()
            real_encrypt(path, key, **kwargs)

        keys.encrypt_file = encrypt  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown point {point}")
    Desk.open(directory).close()
    print("not killed", flush=True)
    sys.exit(3)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
