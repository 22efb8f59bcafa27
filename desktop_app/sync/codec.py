"""Rows on the wire: column values to JSON forms and back, checked; zstd bodies.

The JSON form of every value is the one ``db.serialize`` gives the outbox's
payload snapshots (UUIDs and times as text, enums as their values), so a
mutable record's snapshot goes out as stored and a fact read from its table
comes out the same way.  Decoding is strict: a value of the wrong type, a
text longer than its column, a naive time or a missing required column is a
``WireError`` naming the table, column and row, never a guess.

Converters are built once per table (one closure per column): a batch of
500 rows is 10,000 values, so the per-value cost is what counts.
"""

from __future__ import annotations

import enum
import hashlib
import io
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from typing import Any

import zstandard
from sqlalchemy import JSON, Boolean, Enum, Integer, String, Table, Text, Time, Uuid

from db.base import Base, Synced, UTCDateTime
from desktop_app.sync.protocol import MAX_DECODED_BYTES

# Level 3 is zstd's default: about 200 MB/s here, within a few percent of
# level 19's ratio on these rows (bench/bench_sync.py prints both).
ZSTD_LEVEL = 3

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class WireError(ValueError):
    """A body that does not decode to valid rows; the message says where and why."""


# -- bodies ------------------------------------------------------------------


def compress(data: bytes, level: int = ZSTD_LEVEL) -> bytes:
    return zstandard.ZstdCompressor(level=level).compress(data)


def decompress(data: bytes, limit: int = MAX_DECODED_BYTES) -> bytes:
    """Decompress a zstd body, refusing one that expands past ``limit`` bytes."""
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
        out = reader.read(limit + 1)
    except zstandard.ZstdError as error:
        raise WireError(f"body is not valid zstd data: {error}") from None
    if len(out) > limit:
        raise WireError(f"body expands to more than {limit} bytes")
    return out


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- tables --------------------------------------------------------------------


@cache
def synced_tables() -> dict[str, Table]:
    """Every table whose rows sync, by name, parents before children."""
    models = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}
    return {
        t.name: t
        for t in Base.metadata.sorted_tables
        if t.name in models and issubclass(models[t.name], Synced)
    }


@cache
def fact_tables() -> frozenset[str]:
    """Append-only tables: a row is its own snapshot and never conflicts."""
    models = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}
    return frozenset(
        name
        for name in synced_tables()
        if models[name].__append_only__  # type: ignore[attr-defined]
    )


def table_order(name: str) -> int:
    return list(synced_tables()).index(name)


# -- values ----------------------------------------------------------------------


def _identity(value: Any) -> Any:
    return value


def _encode_uuid(value: Any) -> Any:
    return None if value is None else str(value)


def _encode_iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _encode_enum(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def encoder_for(column_type: Any) -> Encoder:
    if isinstance(column_type, Uuid):
        return _encode_uuid
    if isinstance(column_type, UTCDateTime | Time):
        return _encode_iso
    if isinstance(column_type, Enum):
        return _encode_enum
    return _identity


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    nullable: bool
    decode: Decoder


def _decoder_for(column: Any) -> Decoder:
    """A converter from the JSON form to the Python value; raises TypeError/ValueError."""
    kind = column.type
    if isinstance(kind, Uuid):
        return _decode_uuid
    if isinstance(kind, UTCDateTime):
        return _decode_datetime
    if isinstance(kind, Time):
        return _decode_time
    if isinstance(kind, Enum):
        return _enum_decoder(kind)
    if isinstance(kind, Boolean):
        return _decode_bool
    if isinstance(kind, Integer):
        return _decode_int
    if isinstance(kind, String | Text):  # Enum is a String too: checked above
        return _text_decoder(getattr(kind, "length", None))
    if isinstance(kind, JSON):
        return _decode_json
    raise TypeError(f"no wire form for column {column.name} of type {kind!r}")


def _decode_uuid(value: Any) -> uuid.UUID:
    if not isinstance(value, str):
        raise TypeError("expected a UUID as text")
    return uuid.UUID(value)


def _decode_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError("expected an ISO 8601 time as text")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("a time without a UTC offset")
    return parsed


def _decode_time(value: Any) -> time:
    if not isinstance(value, str):
        raise TypeError("expected a time of day as text")
    return time.fromisoformat(value)


def _enum_decoder(kind: Enum) -> Decoder:
    allowed = frozenset(kind.enums)

    def decode(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value  # type: ignore[no-any-return]  # SQLAlchemy's Enum binds its own values

    return decode


def _decode_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def _decode_int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    if not -(2**63) <= value < 2**63:
        raise ValueError("integer out of range")
    return value


def _text_decoder(length: int | None) -> Decoder:
    def decode(value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError("expected text")
        if length is not None and len(value) > length:
            raise ValueError(f"longer than {length} characters")
        if "\x00" in value:
            raise ValueError("contains a NUL character")
        return value

    return decode


def _decode_json(value: Any) -> Any:
    if not isinstance(value, dict | list):
        raise TypeError("expected a JSON object or array")
    return value


@dataclass(frozen=True)
class TableCodec:
    table: Table
    columns: tuple[str, ...]
    encoders: tuple[Encoder, ...]
    specs: Mapping[str, ColumnSpec]
    required: frozenset[str]  # columns that must be sent: not nullable and no default

    def encode(self, values: Mapping[str, Any]) -> list[Any]:
        """A row (mapping of column → Python value) as a list in ``columns`` order."""
        return [
            encode(values[name]) for name, encode in zip(self.columns, self.encoders, strict=True)
        ]

    def decode_rows(
        self, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> list[dict[str, Any]]:
        """Wire rows to dicts of Python values, each checked (WireError on the first bad one)."""
        specs = []
        for name in columns:
            spec = self.specs.get(name)
            if spec is None:
                raise WireError(f"{self.table.name} has no column {name!r}")
            specs.append(spec)
        if len(set(columns)) != len(columns):
            raise WireError(f"{self.table.name}: a column is named twice")
        missing = self.required - set(columns)
        if missing:
            raise WireError(f"{self.table.name}: required columns missing: {sorted(missing)}")
        out = []
        width = len(specs)
        for index, row in enumerate(rows):
            if len(row) != width:
                raise WireError(
                    f"{self.table.name} row {index}: {len(row)} values for {width} columns"
                )
            values: dict[str, Any] = {}
            for spec, raw in zip(specs, row, strict=True):
                if raw is None:
                    if not spec.nullable:
                        raise WireError(f"{self.table.name} row {index}: {spec.name} is required")
                    values[spec.name] = None
                    continue
                try:
                    values[spec.name] = spec.decode(raw)
                except (TypeError, ValueError) as error:
                    raise WireError(
                        f"{self.table.name} row {index}: {spec.name}: {error}"
                    ) from None
            out.append(values)
        return out

    def wire_dict(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A mapping of Python values in its JSON form (as in the outbox's snapshots)."""
        return dict(zip(self.columns, self.encode(values), strict=True))


@cache
def codec(name: str) -> TableCodec:
    table = synced_tables()[name]
    columns = tuple(c.key for c in table.columns)
    specs = {c.key: ColumnSpec(c.key, bool(c.nullable), _decoder_for(c)) for c in table.columns}
    required = frozenset(
        c.key
        for c in table.columns
        if not c.nullable and c.default is None and c.server_default is None
    ) | {"id", "origin_device", "version", "hlc", "updated_at"}
    return TableCodec(
        table,
        columns,
        tuple(encoder_for(c.type) for c in table.columns),
        specs,
        required,
    )
