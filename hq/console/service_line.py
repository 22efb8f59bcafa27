"""The 12367 service line's log across ports, for the console: plain data for page and JSON.

Each port's contacts are read through ``PortView`` with the desk's own
``desktop_app.service_line`` (the same rules: promised reply, on time, late,
overdue, the related traveller's measured wait).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select

from db.models import Port, ServiceContact
from desktop_app import service_line
from desktop_app.service_line import ContactLine
from hq.console.portview import PortView

WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Row:
    port: str
    time_zone: str
    contact: ContactLine
    state: str  # waiting | overdue | on_time | late | no_reply


@dataclass(frozen=True)
class Listing:
    since: datetime
    open_only: bool
    rows: list[Row]
    open: int
    overdue: int
    topics: dict[str, tuple[str, str]]  # code → (zh, en)


def state_of(line: ContactLine, now: datetime) -> str:
    if line.reply_due_at is None:
        return "no_reply"
    if line.answered_at is None:
        return "overdue" if line.overdue(now) else "waiting"
    return "on_time" if line.on_time() else "late"


def listing(engine: Engine, now: datetime, *, open_only: bool = False) -> Listing:
    """Contacts of the last 30 days at every port (open ones whenever received), newest first."""
    since = now - WINDOW
    with engine.connect() as conn:
        ports: list[uuid.UUID] = list(conn.scalars(select(ServiceContact.port_id).distinct()))
        codes = dict(conn.execute(select(Port.id, Port.code).where(Port.id.in_(ports))).all())
    rows = []
    for port_id in ports:
        view = PortView(engine, codes[port_id], now=lambda: now)
        lines = service_line.contacts(view, as_of=now)
        for line in lines:
            if line.received_at < since and not line.open:
                continue
            row = Row(view.port_code, view.port_zone.key, line, state_of(line, now))
            if not open_only or row.state in ("waiting", "overdue"):
                rows.append(row)
    rows.sort(key=lambda r: r.contact.received_at, reverse=True)
    topics = {t.code: (t.name_zh, t.name_en) for t in service_line.reference_data().topics}
    return Listing(
        since,
        open_only,
        rows,
        sum(1 for r in rows if r.state in ("waiting", "overdue")),
        sum(1 for r in rows if r.state == "overdue"),
        topics,
    )
