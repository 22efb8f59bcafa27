"""Tables that stay on this machine and never sync."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime


class OutboxEntry(Base):
    """One synced write waiting to reach HQ, written in the same transaction.

    ``seq`` numbers this device's writes in commit order; the sync client
    pushes them in batches keyed by (device, seq).  ``payload`` snapshots a
    mutable record as it was written, so that a batch re-sent later carries
    the same body even if the record changed since.  A fact (append-only) is
    its own snapshot, so its entry has no payload and the row is read from
    its table when sent: the hot path skips encoding it and the database
    does not hold every clearance event twice.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        # What is still to send: every sync reads it (count, first, mark sent), and
        # it stays small however long the outbox, unlike an index of every entry.
        Index(
            "ix_outbox_unacked",
            "seq",
            sqlite_where=text("acked_at IS NULL"),
            postgresql_where=text("acked_at IS NULL"),
        ),
        # A period's entries (the report's sync section).
        Index("ix_outbox_created_at", "created_at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    version: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str | None] = mapped_column(Text)  # JSON of a mutable record
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LocalState(Base):
    """Small facts about this installation: device id, port, sync cursors."""

    __tablename__ = "local_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class PinLockout(Base):
    """Failed PIN attempts on this workstation; a lock-out is local by design."""

    __tablename__ = "pin_lockouts"

    officer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
