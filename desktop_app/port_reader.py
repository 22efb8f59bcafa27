"""What reading a port's figures needs of a desk, and nothing more.

Statistics, queues and reports only read: a session, the port's id, code and
zone, and the time.  They take a ``PortReader`` instead of a ``Desk`` so that
HQ can compute the very same figures over its own database
(``hq.console.portview.PortView`` provides the same members) without
importing the desk, which owns the post's writer connection and outbox.
"""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session


class PortReader(Protocol):
    port_id: uuid.UUID
    port_code: str
    port_zone: ZoneInfo
    data_dir: Path | None

    def read(self) -> AbstractContextManager[Session]: ...

    def now(self) -> datetime: ...

    def local_time(self, at: datetime) -> datetime: ...
