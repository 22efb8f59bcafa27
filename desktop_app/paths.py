"""Where a post's data lives: --data-dir, then $CHECKPOINT_DESK_DATA, then the platform default."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "CHECKPOINT_DESK_DATA"
DATABASE_NAME = "desk.sqlite3"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return user_data_path("checkpoint-desk", appauthor=False)


def database_path(directory: Path) -> Path:
    return directory / DATABASE_NAME


def backups_dir(directory: Path) -> Path:
    return directory / "backups"


def reports_dir(directory: Path) -> Path:
    """Where the desk files the PDF reports it makes (``desktop_app.reports.filing``)."""
    return directory / "reports"
