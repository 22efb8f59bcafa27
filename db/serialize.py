"""Rows to JSON-ready dicts and back, the same on the post, in bundles and at HQ."""

from __future__ import annotations

import enum
import json
import uuid
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import Enum, Table, Time, Uuid

from db.base import Base, UTCDateTime


def to_jsonable(value: Any) -> Any:
    """The JSON form of a column value (used as ``json.dumps``'s ``default``)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):  # aware by construction (UTCDateTime refuses naive)
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def row_values(obj: Base) -> dict[str, Any]:
    table: Table = obj.__table__
    return {c.key: getattr(obj, c.key) for c in table.columns}


def dumps(values: dict[str, Any]) -> str:
    """Compact JSON of column values; UUIDs, times and enums as their text forms."""
    return json.dumps(values, default=to_jsonable, ensure_ascii=False, separators=(",", ":"))


def payload_values(table: Table, payload: dict[str, Any]) -> dict[str, Any]:
    """Typed column values from a payload; unknown keys are an error, not ignored.

    Raises ``KeyError`` naming a column the table lacks and ``ValueError`` for
    a value of the wrong form, so the caller can refuse the record whole.
    """
    values: dict[str, Any] = {}
    for key, raw in payload.items():
        if key not in table.c:
            raise KeyError(f"{table.name} has no column {key!r}")
        column_type = table.c[key].type
        if raw is None:
            values[key] = None
        elif isinstance(column_type, UTCDateTime):
            values[key] = datetime.fromisoformat(raw)
        elif isinstance(column_type, Uuid):
            values[key] = uuid.UUID(raw)
        elif isinstance(column_type, Time):
            values[key] = time.fromisoformat(raw)
        elif isinstance(column_type, Enum) and column_type.enum_class is not None:
            values[key] = column_type.enum_class(raw)
        else:
            values[key] = raw
    return values
