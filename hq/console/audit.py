"""The console's audit: every change made at the console, and every sign-in, with who and where.

An entry is written in the transaction of the change it records wherever
the console owns that transaction (accounts, forecasts, calendars); device
codes and revocations are written by ``hq.devices`` in transactions of their
own, so their entries follow right after them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from hq.console.models import ConsoleAudit


@dataclass(frozen=True)
class Who:
    """Who acts, from where: the signed-in user (or the CLI's operator) and their address."""

    username: str
    address: str = ""


def record(
    conn: Connection, who: Who, action: str, *, at: datetime, target: str = "", **detail: Any
) -> None:
    """One entry, in the caller's transaction."""
    conn.execute(
        insert(ConsoleAudit),
        {
            "at": at,
            "username": who.username,
            "action": action,
            "target": target[:120],
            "detail": detail,
            "address": who.address[:64],
        },
    )


@dataclass(frozen=True)
class Entry:
    at: datetime
    username: str
    action: str
    target: str
    detail: dict[str, Any]
    address: str


def entries(engine: Engine, *, limit: int = 200, offset: int = 0) -> tuple[int, list[Entry]]:
    """(how many there are, a page of them newest first)."""
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(ConsoleAudit)).scalar_one()
        rows = conn.execute(
            select(ConsoleAudit.__table__)
            .order_by(ConsoleAudit.at.desc(), ConsoleAudit.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
    return total, [
        Entry(r.at, r.username, r.action, r.target, dict(r.detail), r.address) for r in rows
    ]
