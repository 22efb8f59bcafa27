"""The audit log: every decision an officer makes, written in the same unit as the decision."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import outbox
from db.models import AuditEntry, Officer
from db.outbox import FactRow

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk


def log(
    session: Session,
    desk: Desk,
    *,
    action: str,
    by: uuid.UUID | None,
    entity: str = "",
    entity_id: uuid.UUID | None = None,
    at: datetime | None = None,
    **detail: Any,
) -> FactRow:
    return outbox.append(
        session,
        AuditEntry,
        port_id=desk.port_id,
        at=at or desk.now(),
        officer_id=by,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
    )


def record(desk: Desk, *, action: str, by: uuid.UUID | None, **detail: Any) -> FactRow:
    """Log an event that is not a side effect of another service (a login, a warning)."""
    with desk.unit() as s:
        return log(s, desk, action=action, by=by, **detail)


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    action: str
    officer: str
    entity: str
    detail: dict[str, Any]


def recent(desk: Desk, *, limit: int = 100, since: datetime | None = None) -> list[AuditLine]:
    with desk.read() as s:
        query = (
            select(AuditEntry, Officer.badge_no)
            .outerjoin(Officer, Officer.id == AuditEntry.officer_id)
            .where(AuditEntry.port_id == desk.port_id)
            .order_by(AuditEntry.at.desc())
            .limit(limit)
        )
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        return [
            AuditLine(e.at, e.action, badge or "", e.entity, dict(e.detail))
            for e, badge in s.execute(query)
        ]
