"""The post's own sync bookkeeping: conflicts it was told about, and merge bases.

Neither table syncs.  ``sync_conflicts`` holds every losing version HQ kept
for this port (HQ resolves every conflict; the post pulls the record of it),
so the desk can show the conflict list without a link.  ``sync_bases``
remembers which HQ version each record had when it was last taken from a
pull: a local edit made on top of it is sent with that version as its *base*,
and HQ's three-way merge can tell the fields this post changed from the ones
it merely carried along.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime


class SyncConflict(Base):
    """A version of a record that lost a conflict (kept, never silently dropped)."""

    __tablename__ = "sync_conflicts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # HQ's id for the conflict
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    rule: Mapped[str] = mapped_column(String(40))
    fields: Mapped[list[str]] = mapped_column(JSON)  # the columns whose values lost
    losing: Mapped[dict[str, Any]] = mapped_column(JSON)  # the losing version, whole
    winning: Mapped[dict[str, Any]] = mapped_column(JSON)  # the version that was kept
    losing_writer: Mapped[str] = mapped_column(String(64))
    winning_writer: Mapped[str] = mapped_column(String(64))


class SyncBase(Base):
    """The HQ version a record had when this post last took it from a pull."""

    __tablename__ = "sync_bases"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    hlc: Mapped[str] = mapped_column(String(64))
    # The outbox's highest seq when the version was applied: a local write
    # with a higher seq was made on top of this version.
    after_seq: Mapped[int] = mapped_column(Integer)
