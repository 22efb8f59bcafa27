"""``python -m tests.helpers.stalled_backup DATA_DIR MARKER``: a backup that stops for good
while its copy is being written (after writing MARKER), to be killed there by a test."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

from db import backup
from desktop_app.cli import main


def stall(conn: sqlite3.Connection) -> list[str]:
    Path(sys.argv[2]).write_text("copying")
    threading.Event().wait()  # until killed
    return []


if __name__ == "__main__":
    backup.integrity = stall
    sys.exit(main(["--data-dir", sys.argv[1], "backup"]))
