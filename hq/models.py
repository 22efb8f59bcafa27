"""HQ's own tables, beside the shared schema (``db.models``) they describe.

They live on their own ``MetaData`` with their own Alembic history
(``hq/migrations``, version table ``hq_alembic_version``), so the post's
schema and migrations never see them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Index, Integer, MetaData, String, Table, Text, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.base import NAMING_CONVENTION, UTCDateTime


class HQBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __table__: ClassVar[Table]  # one Table per model (SQLAlchemy types it as any FromClause)


class Device(HQBase):
    """An enrolled post installation; it signs every request with its own key."""

    __tablename__ = "hq_devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the post's device id
    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    port_code: Mapped[str] = mapped_column(String(8))
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, base64; HQ holds no secret
    label: Mapped[str] = mapped_column(String(80), default="")
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    app_version: Mapped[str] = mapped_column(String(24), default="")
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_pull_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Every outbox entry of this device up to here is stored.
    acked_through: Mapped[int] = mapped_column(BigInteger, default=0)
    pull_cursor: Mapped[int] = mapped_column(BigInteger, default=0)  # what it has read
    # Its clock minus HQ's at its last request (milliseconds).
    clock_skew_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    # ``desk``, or ``hub``: a post's hub, which relays its desks' batches (PROTOCOL.md, "Hubs").
    kind: Mapped[str] = mapped_column(String(8), default="desk", server_default="desk")
    # A desk the hub ``via_hub`` registered here: it reaches HQ only through that hub.
    via_hub: Mapped[str | None] = mapped_column(String(36), index=True)


class EnrollmentCode(HQBase):
    """A one-time code that lets one post enroll for one port; only its hash is kept."""

    __tablename__ = "hq_enrollment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    port_code: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    device_id: Mapped[str | None] = mapped_column(String(36))  # the device that used it
    # Set: the code re-keys this enrolled device and nothing else.  Unset: it
    # enrols a new device only (device ids are not secret: every row names one).
    for_device_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(8), default="desk", server_default="desk")


class AppliedBatch(HQBase):
    """A push batch applied (in the same transaction as its rows): its key and body hash."""

    __tablename__ = "hq_applied_batches"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(8))  # push or bundle
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RefusedBatch(HQBase):
    """A batch HQ refused: a re-send with another body, or rows the device may not write."""

    __tablename__ = "hq_refused_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    body_sha256: Mapped[str] = mapped_column(String(64))
    error: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Change(HQBase):
    """One stored row version, numbered in commit order: what posts pull, by cursor.

    ``port_id`` is NULL for reference rows every post may read (ports).
    ``source_device`` is who sent the version (``hq`` for HQ's own writes), so
    a device is not sent back what it pushed.
    """

    __tablename__ = "hq_changes"
    __table_args__ = (Index("ix_hq_changes_port_change", "port_id", "change_no"),)

    change_no: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    port_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    source_device: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(64))


class Version(HQBase):
    """Every version of a mutable record HQ has seen or made, as its JSON payload.

    It serves three purposes: a version already seen is skipped (whatever
    batch brings it again), a pushed version's base is looked up here for
    the three-way merge, and pulls send a record as of its change.
    """

    __tablename__ = "hq_versions"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    hlc: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    device_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FieldStamps(HQBase):
    """Per field group of a mutable record: the stamp of the write that set it."""

    __tablename__ = "hq_field_stamps"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    stamps: Mapped[dict[str, Any]] = mapped_column(JSON)


class Conflict(HQBase):
    """A version that lost a conflict, kept whole with the version that won."""

    __tablename__ = "hq_conflicts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    port_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rule: Mapped[str] = mapped_column(String(40))
    fields: Mapped[list[str]] = mapped_column(JSON)
    losing: Mapped[dict[str, Any]] = mapped_column(JSON)
    winning: Mapped[dict[str, Any]] = mapped_column(JSON)
    losing_writer: Mapped[str] = mapped_column(String(64))
    winning_writer: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(8))  # push, bundle or hq


class Alias(HQBase):
    """A record merged into another of the same natural key: ``merged_id`` now means the survivor.

    The merged row is gone from its table (its versions stay in
    ``hq_versions``); rows that referred to it were re-pointed, and rows
    arriving later that still name it are translated on the way in.
    """

    __tablename__ = "hq_aliases"

    merged_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    survivor_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    port_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    natural_key: Mapped[str] = mapped_column(String(200))  # for people: "badge_no=9001"
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    device_id: Mapped[str] = mapped_column(String(64))  # whose version met the other


class Held(HQBase):
    """An outbox entry of a device set aside (refused for a rule, or depending on one).

    Held entries count as settled for the device's acknowledged prefix; one
    is resolved when a later entry of the same record is accepted, or when
    an officer at the post discards it (an audit entry says so).
    """

    __tablename__ = "hq_held_entries"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    error: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    blocked_entity: Mapped[str | None] = mapped_column(String(40))
    blocked_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str] = mapped_column(Text, default="")


class RelayEntry(HQBase):
    """At a hub: a batch one of its desks pushed, queued for HQ in the order the hub applied it.

    Written in the transaction that applied the batch here; ``id`` is the
    hub's own upstream sequence (``hub.relayed_through`` in ``hq_settings``
    is how far HQ acknowledged it).  Empty at HQ.
    """

    __tablename__ = "hq_relay"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    device_id: Mapped[str] = mapped_column(String(36))
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    clock_skew_ms: Mapped[int] = mapped_column(BigInteger)  # the desk's, as the hub measured it
    rows: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)  # the PushBatch as JSON, exactly as applied
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Counter(HQBase):
    """Named counters; ``change`` numbers the change log (its row lock orders commits)."""

    __tablename__ = "hq_counters"

    name: Mapped[str] = mapped_column(String(24), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Setting(HQBase):
    """Small facts about this HQ (its clock's last stamp)."""

    __tablename__ = "hq_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# The console's tables live beside it, on the same metadata and history.
import hq.console.models  # noqa: E402, F401
