"""Rows on the wire and in JSON: column values to compact forms and back, checked; zstd.

Decoding is strict: a value of the wrong type, a text longer than its
column, a naive time, a time outside 2000–2100 (``db.base.EARLIEST`` and
``LATEST``), an integer its column cannot hold or a missing required column
is a ``WireError`` naming the table, column and row, never a guess, and never
something the database takes but cannot give back.  Converters are built once per
table and column: a batch of 500 rows is 10,000 values, so the per-value
cost is what counts.
"""

from __future__ import annotations

import enum
import hashlib
import io
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cache
from typing import Any

import zstandard
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Enum,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    Uuid,
)

from db.base import EARLIEST, LATEST, Base, Synced, UTCDateTime
from desktop_app.protocol.messages import MAX_DECODED_BYTES

# Level 13 of 22: on 500-row column-major batches it gets within a few percent
# of level 19's size at a fifth of its time (about 10 µs a row here); the
# levels below 13 leave 20-40% more bytes on the link (bench/bench_sync.py).
ZSTD_LEVEL = 13

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
#
# Two forms of a value.  The *JSON form* is ``db.serialize``'s (UUIDs as
# 8-4-4-4-12 text, times in ISO 8601): outbox snapshots, HQ's stored versions
# and conflict records use it, for people to read.  The *wire form* is more
# compact, because every byte on a post's link counts: UUIDs as 32 hex digits,
# UTC times as integer microseconds since 1970.  Sections on the wire are
# column-major (a list of values per column), which compresses better still:
# a column of similar values sits together (bench/bench_sync.py measures it).

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _identity(value: Any) -> Any:
    return value


def _json_uuid(value: Any) -> Any:
    return None if value is None else str(value)


def _wire_uuid(value: Any) -> Any:
    return None if value is None else value.hex


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _wire_datetime(value: Any) -> Any:
    return None if value is None else (value - EPOCH) // MICROSECOND


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _encoder(column_type: Any, wire: bool) -> Encoder:
    if isinstance(column_type, Uuid):
        return _wire_uuid if wire else _json_uuid
    if isinstance(column_type, UTCDateTime):
        return _wire_datetime if wire else _iso
    if isinstance(column_type, Time):
        return _iso
    if isinstance(column_type, Enum):
        return _enum_value
    return _identity


def _decoder(column: Any, wire: bool) -> Decoder:
    """A converter from the wire or JSON form to the Python value; raises TypeError/ValueError."""
    kind = column.type
    if isinstance(kind, Uuid):
        return _decode_uuid
    if isinstance(kind, UTCDateTime):
        return _decode_micros if wire else _decode_iso_datetime
    if isinstance(kind, Time):
        return _decode_time
    if isinstance(kind, Enum):
        return _enum_decoder(kind)
    if isinstance(kind, Boolean):
        return _decode_bool
    if isinstance(kind, Integer):
        return _int_decoder(_INTEGER_BITS.get(type(kind), 32))
    if isinstance(kind, String | Text):  # Enum is a String too: checked above
        return _text_decoder(getattr(kind, "length", None))
    if isinstance(kind, JSON):
        return _decode_json
    raise TypeError(f"no wire form for column {column.name} of type {kind!r}")


def _decode_uuid(value: Any) -> uuid.UUID:
    if not isinstance(value, str):
        raise TypeError("expected a UUID as text")
    return uuid.UUID(value)


_TIME_RANGE = f"{EARLIEST.year}–{LATEST.year}"


def _decode_micros(value: Any) -> datetime:
    return EPOCH + _check_micros(value) * MICROSECOND


def _decode_iso_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError("expected an ISO 8601 time as text")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("a time without a UTC offset")
    if not EARLIEST <= parsed <= LATEST:
        raise ValueError(f"a time outside {_TIME_RANGE}")
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


# What each integer type holds on every engine (PostgreSQL's int2, int4, int8).
_INTEGER_BITS: dict[type, int] = {SmallInteger: 16, Integer: 32, BigInteger: 64}


def _int_decoder(bits: int) -> Decoder:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def decode(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("expected an integer")
        if not low <= value <= high:
            raise ValueError(f"integer out of range ({bits}-bit column)")
        return value

    return decode


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


_HEX32 = re.compile(r"[0-9a-f]{32}")
_MIN_MICROS = (EARLIEST - EPOCH) // MICROSECOND
_MAX_MICROS = (LATEST - EPOCH) // MICROSECOND


def _check_hex_uuid(value: Any) -> str:
    if type(value) is not str or _HEX32.fullmatch(value) is None:
        raise ValueError("expected a UUID as 32 lowercase hex digits")
    return value


def _check_micros(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("expected a time as integer microseconds since 1970")
    if not _MIN_MICROS <= value <= _MAX_MICROS:
        raise ValueError(f"a time outside {_TIME_RANGE}")
    return value


def _checker(column: Any) -> Decoder:
    """Validates a wire value without converting it (HQ inserts facts in their wire form)."""
    if isinstance(column.type, Uuid):
        return _check_hex_uuid
    if isinstance(column.type, UTCDateTime):
        return _check_micros
    return _decoder(column, True)  # the other wire forms are the Python values


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    nullable: bool
    from_wire: Decoder
    from_json: Decoder
    check_wire: Decoder  # validates a wire value and returns it unconverted
    repeats: bool  # a UUID column: values repeat (the port, shift, lane…), decode each once


def _convert_all(decode: Decoder, column: Sequence[Any], *, repeats: bool) -> list[Any]:
    """Convert a whole column; raises TypeError/ValueError on the first bad value."""
    if not repeats:
        return [None if raw is None else decode(raw) for raw in column]
    seen: dict[Any, Any] = {None: None}
    out = []
    for raw in column:
        value = seen.get(raw, seen)
        if value is seen:
            value = seen[raw] = decode(raw)
        out.append(value)
    return out


def _json_to_wire(column: Any) -> Callable[[Any], Any] | None:
    """JSON form → wire form, for HQ's own stored versions (already checked)."""
    if isinstance(column.type, Uuid):
        return lambda v: None if v is None else v.replace("-", "")
    if isinstance(column.type, UTCDateTime):
        return lambda v: None if v is None else (datetime.fromisoformat(v) - EPOCH) // MICROSECOND
    return None


@dataclass(frozen=True)
class TableCodec:
    table: Table
    columns: tuple[str, ...]
    to_wire: tuple[Encoder, ...]
    to_json: tuple[Encoder, ...]
    specs: Mapping[str, ColumnSpec]
    required: frozenset[str]  # columns that must be sent: not nullable and no default

    # -- wire: column-major, compact ----------------------------------------------

    def encode_columns(self, rows: Sequence[Mapping[Any, Any]]) -> list[list[Any]]:
        """Rows (mappings of Python values) as one list per column, in ``columns`` order."""
        return [
            [encode(row[name]) for row in rows]
            for name, encode in zip(self.columns, self.to_wire, strict=True)
        ]

    def decode_columns(
        self, columns: Sequence[str], values: Sequence[Sequence[Any]]
    ) -> list[dict[str, Any]]:
        """Column-major wire values to row dicts of Python values, each checked."""
        specs = self._specs(columns)
        if len(values) != len(specs):
            raise WireError(
                f"{self.table.name}: {len(values)} value lists for {len(specs)} columns"
            )
        count = len(values[0]) if values else 0
        decoded = []
        for spec, column in zip(specs, values, strict=True):
            if len(column) != count:
                raise WireError(
                    f"{self.table.name}: column {spec.name} has {len(column)} values, not {count}"
                )
            decoded.append(self._decode_column(spec, column, wire=True))
        names = [spec.name for spec in specs]
        return [dict(zip(names, row, strict=True)) for row in zip(*decoded, strict=True)]

    def check_columns(
        self, columns: Sequence[str], values: Sequence[Sequence[Any]]
    ) -> list[list[Any]]:
        """Validate column-major wire values like ``decode_columns``, keeping the wire form."""
        specs = self._specs(columns)
        if len(values) != len(specs):
            raise WireError(
                f"{self.table.name}: {len(values)} value lists for {len(specs)} columns"
            )
        count = len(values[0]) if values else 0
        checked = []
        for spec, column in zip(specs, values, strict=True):
            if len(column) != count:
                raise WireError(
                    f"{self.table.name}: column {spec.name} has {len(column)} values, not {count}"
                )
            checked.append(self._decode_column(spec, column, wire=True, convert=False))
        return checked

    def _specs(self, columns: Sequence[str]) -> list[ColumnSpec]:
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
        return specs

    def _decode_column(
        self, spec: ColumnSpec, column: Sequence[Any], *, wire: bool, convert: bool = True
    ) -> list[Any]:
        decode = (spec.from_wire if convert else spec.check_wire) if wire else spec.from_json
        if spec.nullable or None not in column:
            try:
                return _convert_all(decode, column, repeats=spec.repeats and convert)
            except (TypeError, ValueError):
                pass  # find and name the bad value below
        out: list[Any] = []
        for index, raw in enumerate(column):
            if raw is None:
                if not spec.nullable:
                    raise WireError(f"{self.table.name} row {index}: {spec.name} is required")
                out.append(None)
                continue
            try:
                out.append(decode(raw))
            except (TypeError, ValueError) as error:
                raise WireError(f"{self.table.name} row {index}: {spec.name}: {error}") from None
        return out

    # -- JSON form: one record as a dict ----------------------------------------------

    def json_dict(self, values: Mapping[Any, Any]) -> dict[str, Any]:
        """A row of Python values in its JSON form (as in the outbox's snapshots)."""
        return {
            name: encode(values[name])
            for name, encode in zip(self.columns, self.to_json, strict=True)
        }

    def json_to_wire(self, records: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
        """Records in their JSON form (as HQ stores versions) straight to wire columns."""
        out = []
        for name in self.columns:
            convert = _json_to_wire(self.table.c[name])
            values = [record.get(name) for record in records]
            out.append([convert(v) for v in values] if convert else values)
        return out

    def from_json_dict(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """A record in its JSON form to Python values, every column checked."""
        specs = self._specs(list(data))
        return {
            spec.name: self._decode_column(spec, [data[spec.name]], wire=False)[0] for spec in specs
        }


@cache
def codec(name: str) -> TableCodec:
    table = synced_tables()[name]
    columns = tuple(c.key for c in table.columns)
    specs = {
        c.key: ColumnSpec(
            c.key,
            bool(c.nullable),
            _decoder(c, True),
            _decoder(c, False),
            _checker(c),
            isinstance(c.type, Uuid),
        )
        for c in table.columns
    }
    required = frozenset(
        c.key
        for c in table.columns
        if not c.nullable and c.default is None and c.server_default is None
    ) | {"id", "origin_device", "version", "hlc", "updated_at"}
    return TableCodec(
        table,
        columns,
        tuple(_encoder(c.type, True) for c in table.columns),
        tuple(_encoder(c.type, False) for c in table.columns),
        specs,
        required,
    )
