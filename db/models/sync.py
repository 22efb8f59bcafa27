"""The post's own sync bookkeeping: conflicts, merge bases, entries set aside, aliases.

None of these tables syncs.  ``sync_conflicts`` holds every losing version HQ kept
for this port (HQ resolves every conflict; the post pulls the record of it),
so the desk can show the conflict list without a link.  ``sync_bases``
remembers which HQ version each record had when it was last taken from a
pull: a local edit made on top of it is sent with that version as its *base*,
and HQ's three-way merge can tell the fields this post changed from the ones
it merely carried along.  ``sync_held`` lists the outbox entries set aside
(HQ refused them for a rule, or they depend on one that was) until they are
sent again and accepted, or discarded by an officer with authority.
``sync_aliases`` remembers records merged into another one (the same
officer entered at two desks): the merged id now means the survivor.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, Uuid
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


class SyncHeld(Base):
    """An outbox entry set aside: never dropped, shown until it reaches HQ or is discarded.

    ``state``: ``held`` (waiting for a fix), ``resent`` (queued again as entry
    ``resent_as``), ``accepted`` (a later entry of the record reached HQ),
    ``discarded`` (by ``discarded_by``, with ``reason``; audited).
    """

    __tablename__ = "sync_held"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    error: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    blocked_entity: Mapped[str | None] = mapped_column(String(40))
    blocked_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # times sent again automatically
    resent_as: Mapped[int | None] = mapped_column(Integer)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    discarded_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    reason: Mapped[str] = mapped_column(Text, default="")


class SyncAlias(Base):
    """A record merged into another one of the same natural key: ``merged_id`` → ``survivor_id``.

    ``source`` is ``hq`` when HQ's pull feed said so, ``local`` when this desk
    met the two itself (a pulled record with the natural key of its own,
    unsent one) and applied the same rule HQ applies.
    """

    __tablename__ = "sync_aliases"

    merged_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    survivor_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(8))
