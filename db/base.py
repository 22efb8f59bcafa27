"""Declarative base, column types and the sync mixin shared by every model.

The same metadata is created on SQLite (a post's embedded database) and on
PostgreSQL (HQ), so every type here is chosen to behave the same on both.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import Boolean, DateTime, Enum, Integer, MetaData, String, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator
from uuid6 import uuid7

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


def new_id() -> uuid.UUID:
    """Time-ordered UUIDv7: keys sort by creation time and index well."""
    return uuid7()


def utcnow() -> datetime:
    return datetime.now(UTC)


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
    """Columns every record that syncs carries (DESIGN.md, rules of the house).

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
