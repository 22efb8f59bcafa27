"""Create (or upgrade) a post's database in a data directory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from db import health
from db.base import new_id, utcnow
from db.engine import session_factory, sqlite_engine, writer
from db.migrate import head_revision, prepare_database, refuse_if_too_new
from db.models import LocalState
from desktop_app import keys
from desktop_app.desk import Desk
from desktop_app.paths import backups_dir, database_path
from desktop_app.reference import port_spec, seed_context, seed_port


class WrongPort(RuntimeError):
    """The data directory already belongs to another port."""


def initialize(directory: Path, port_code: str, *, clock: Callable[[], datetime] = utcnow) -> Desk:
    """Create the database for ``port_code`` (or upgrade an existing one) and open it."""
    spec = port_spec(port_code)
    path = database_path(directory)
    # Before anything is created: a damaged or foreign file is refused as it is.
    revision = health.inspect(path, backups=backups_dir(directory), key=keys.opening_key(directory))
    if keys.needs_encryption(directory):  # a newer schema is refused before a byte changes
        refuse_if_too_new(revision, head_revision())
    directory.mkdir(parents=True, exist_ok=True)
    key = keys.post_key(directory)  # a new post's database is encrypted from its first page
    engine = sqlite_engine(path, key=key)
    report = prepare_database(engine, path, backups_dir(directory), key=key)
    with session_factory(writer(engine))() as s:
        s.info["write"] = seed_context()
        state = {row.key: row for row in s.scalars(select(LocalState))}
        if "port_code" in state and state["port_code"].value != spec.code:
            raise WrongPort(
                f"{path} belongs to port {state['port_code'].value}, not {spec.code}; "
                "choose another --data-dir"
            )
        seed_port(s, spec.code)
        if "device_id" not in state:
            s.add(LocalState(key="device_id", value=str(new_id())))
        if "port_code" not in state:
            s.add(LocalState(key="port_code", value=spec.code))
        s.commit()
    return Desk(engine, clock=clock, data_dir=directory, upgrade=report, key=key)
