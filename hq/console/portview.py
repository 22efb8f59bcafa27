"""One port as the desk's statistics and reports see a desk, over HQ's database, read-only.

``desktop_app.stats`` and ``desktop_app.reports`` take a desk and use only
``read()`` (a session as a context manager), ``port_id``, ``port_code``,
``port_zone``, ``now()``, ``local_time()`` and ``data_dir``.  HQ holds the
same tables for every port, so the same functions give HQ the very figures
the post computes from the same rows ("to the digit").  Nothing is written
through it: its sessions refuse to flush.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from db.base import utcnow
from db.models import Port
from desktop_app.reference import UnknownPort


class ReadOnlySession(Session):
    """A session that refuses to write."""


@event.listens_for(ReadOnlySession, "before_flush")
def _refuse(session: Session, *_: Any) -> None:
    raise RuntimeError("HQ's view of a port is read-only")


class PortView:
    def __init__(
        self,
        engine: Engine,
        port_code: str,
        *,
        now: Callable[[], datetime] = utcnow,
        data_dir: Path | None = None,
    ) -> None:
        with engine.connect() as conn:
            row = conn.execute(
                select(Port.id, Port.code, Port.time_zone).where(Port.code == port_code.upper())
            ).first()
        if row is None:
            raise UnknownPort(f"HQ holds no port {port_code!r}")
        self.engine = engine
        self.port_id: uuid.UUID = row.id
        self.port_code: str = row.code
        self.port_zone = ZoneInfo(row.time_zone)
        self.data_dir = data_dir
        self._now = now
        self._sessions = sessionmaker(
            bind=engine, class_=ReadOnlySession, autoflush=False, expire_on_commit=False
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def now(self) -> datetime:
        return self._now()

    def local_time(self, at: datetime) -> datetime:
        return at.astimezone(self.port_zone)
