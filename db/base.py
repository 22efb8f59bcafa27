"""Declarative base, column types and the sync mixin shared by every model.

The same metadata is created on SQLite (a post's embedded database) and on
PostgreSQL (HQ), so every type here is chosen to behave the same on both.
"""

from __future__ import annotations

import enum
import secrets
import threading
import uuid
from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import Boolean, DateTime, Enum, Integer, MetaData, String, Table, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that migrations (and SQLite batch mode, which
# recreates tables) can refer to them on both engines.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every model here maps one Table (SQLAlchemy types it as any FromClause).
    __table__: ClassVar[Table]


class _UUIDv7:
    """UUIDv7 (RFC 9562) whose time is the caller's clock, not the machine's.

    A desk runs on an injected clock (the demo's simulated days, the tests'
    clocks, a simulation), so its ids take their time from that clock: id
    order then agrees with the order of the times it records.  Ids made in
    the same millisecond are ordered by a 42-bit counter that starts at a
    random value (RFC 9562, 6.2 method 1, with the counter in ``rand_a`` and
    the top of ``rand_b``); the last 32 bits stay random.  A clock set back
    gives ids of the earlier time: they follow the clock, not the machine.
    """

    COUNTER_BITS = 42

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._millis = -1
        self._counter = 0

    def __call__(self, at: datetime) -> uuid.UUID:
        millis = int(at.timestamp() * 1000) & 0xFFFF_FFFF_FFFF
        with self._lock:
            if millis == self._millis and self._counter < (1 << self.COUNTER_BITS) - 1:
                self._counter += 1
            else:
                # A fresh start leaves headroom, so a burst in one millisecond keeps order.
                self._millis = millis
                self._counter = secrets.randbits(self.COUNTER_BITS - 1)
            counter = self._counter
        rand_a = counter >> 30  # 12 bits
        rand_b = ((counter & ((1 << 30) - 1)) << 32) | secrets.randbits(32)  # 62 bits
        value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
        return uuid.UUID(int=value)


_uuid7 = _UUIDv7()


def new_id(at: datetime | None = None) -> uuid.UUID:
    """Time-ordered UUIDv7 of ``at`` (default: the machine's time).

    Writes through a desk pass the desk's clock (``db.outbox`` does it for every
    synced row), so record ids sort in the desk's time order.  Nothing relies on
    that order as the order of events: each record carries its own times.
    """
    return _uuid7(at or utcnow())


def utcnow() -> datetime:
    return datetime.now(UTC)


# Every time the app stores lies in this range: the services (desktop_app.checks)
# and the wire codec (desktop_app.protocol.codec) refuse others.  A border post's
# records are of this century; a time outside it is a typing mistake or an
# attack, and one a database can store but Python cannot read (PostgreSQL takes
# 4713 BC, Python's datetime starts at year 1) would break every read of its
# table.  (Queries may compare with times outside it: "until forever".)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def in_range(at: datetime) -> bool:
    return EARLIEST <= at <= LATEST


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC on every engine.

    SQLite has no time zone type: we store naive UTC text in one fixed format
    (so string comparison is time comparison) and hand back aware values.
    Naive datetimes are refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: times must carry a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def str_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint.

    Native PostgreSQL enums would need their own migration steps for every new
    value; a CHECK constraint is the same on both engines.
    """
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Synced:
    """Columns every record that syncs carries (docs/architecture.md, "Records that sync").

    ``hlc`` is the hybrid logical clock stamp of the last write; it orders
    concurrent edits without trusting a post's wall clock alone.  ``deleted``
    is a tombstone: synced rows are never removed, so a deletion can travel.
    The flush hooks in ``db.outbox`` fill these columns; services never do.
    """

    # Clearance events, audit entries and other facts can be added, never
    # changed: a correction is a new record that references the old one.
    __append_only__: ClassVar[bool] = False

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    origin_device: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer, default=1)
    hlc: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
