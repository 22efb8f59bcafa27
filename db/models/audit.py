"""The audit log: who did what, when; append-only and synced to HQ."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, UTCDateTime


class AuditEntry(Synced, Base):
    __tablename__ = "audit_entries"
    __append_only__ = True
    __table_args__ = (
        Index("ix_audit_entries_port_at", "port_id", "at"),
        # A record's history (a forecast's pre-inspection steps, for its report).
        Index("ix_audit_entries_entity_id", "entity_id"),
    )

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    officer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("officers.id"))
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
