"""The sync protocol's constants and messages, shared by the post's client and HQ.

Both ends import this one module, so a message cannot drift between them.
Every request and response body is one of the Pydantic models below; see
``hq/PROTOCOL.md`` for the exchange they make up.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from desktop_app.version import __version__

# Bump when a message changes shape or meaning; HQ accepts [MIN_PROTOCOL, PROTOCOL].
PROTOCOL = 1
MIN_PROTOCOL = 1
# Posts older than this are told to update (known-bad clients can be cut off here).
MIN_APP_VERSION = "0.1.0"

HEADER_PROTOCOL = "X-Checkpoint-Protocol"
HEADER_APP = "X-Checkpoint-App"
HEADER_SCHEMA = "X-Checkpoint-Schema"
HEADER_TIME = "X-Checkpoint-Time"  # HQ's clock (Unix seconds) on every response
# The post's own wall clock (Unix seconds) on every signed request: HQ learns
# each device's clock error and judges its stamps by it (``rules.bounded``).
HEADER_CLOCK = "X-Checkpoint-Clock"
AUTH_SCHEME = "CKP1"

# One push batch: "hundreds of records", so a dropped link costs at most one
# batch; HQ refuses more than MAX_BATCH_ROWS.
PUSH_ROWS = 500
MAX_BATCH_ROWS = 1000
PULL_ROWS = 1000
MAX_PULL_ROWS = 2000
# Bodies: compressed size on the wire, and what they may expand to (a
# decompression bomb is refused before it fills memory).
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_DECODED_BYTES = 64 * 1024 * 1024

ZSTD = "zstd"
BATCH_MEDIA_TYPE = "application/vnd.checkpoint.batch+json"
PAGE_MEDIA_TYPE = "application/vnd.checkpoint.page+json"


@cache
def schema_version() -> str:
    """The shared schema's Alembic head: both ends must hold the same tables and columns."""
    from db.migrate import head_revision  # Alembic's script scan is slow: only when asked

    return head_revision()


def version_headers() -> dict[str, str]:
    return {
        HEADER_PROTOCOL: str(PROTOCOL),
        HEADER_APP: __version__,
        HEADER_SCHEMA: schema_version(),
    }


def version_tuple(version: str) -> tuple[int, ...]:
    """'0.1.0' → (0, 1, 0); anything unreadable sorts as the oldest version."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (0,)


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(Message):
    """Rows of one table, column-major: ``values[i]`` holds column ``columns[i]`` of every row.

    A column of similar values compresses far better than rows of mixed
    ones.  Values are in the wire form of ``codec.py``.  ``seqs`` (push only)
    is each row's outbox sequence number; ``bases`` (push, mutable records
    only) is the stamp of the version the write was made on, or None for a
    new record.
    """

    entity: str = Field(max_length=40)
    columns: list[str] = Field(max_length=64)
    values: list[list[Any]] = Field(max_length=64)
    seqs: list[int] | None = None
    bases: list[str | None] | None = None

    @property
    def count(self) -> int:
        return len(self.values[0]) if self.values else 0

    def column(self, name: str) -> list[Any]:
        return self.values[self.columns.index(name)]


class PushBatch(Message):
    """Outbox entries ``first_seq..last_seq`` of one device: the unit HQ applies whole."""

    device_id: str = Field(max_length=36)
    first_seq: int = Field(ge=1)
    last_seq: int = Field(ge=1)
    sections: list[Section] = Field(max_length=64)

    @property
    def row_count(self) -> int:
        return sum(s.count for s in self.sections)


class PushAck(Message):
    status: Literal["applied", "duplicate"]
    first_seq: int
    last_seq: int
    # Every entry of this device up to here is stored at HQ.
    acked_through: int
    stored: int = 0  # rows written (new records, new versions)
    skipped: int = 0  # rows HQ already had
    conflicts: int = 0  # losing versions recorded
    hq_clock: str


class PullRequest(Message):
    cursor: int = Field(default=0, ge=0)
    limit: int = Field(default=PULL_ROWS, ge=1, le=MAX_PULL_ROWS)


class ConflictRecord(Message):
    id: uuid.UUID
    entity: str
    record_id: uuid.UUID
    detected_at: datetime
    rule: str
    fields: list[str]
    losing: dict[str, Any]
    winning: dict[str, Any]
    losing_writer: str
    winning_writer: str


class PullPage(Message):
    cursor: int
    next_cursor: int
    more: bool
    hq_clock: str
    sections: list[Section]
    conflicts: list[ConflictRecord] = []


class StatusResponse(Message):
    device_id: str
    port_code: str
    acked_through: int
    hq_clock: str
    server_time: datetime


class EnrollRequest(Message):
    code: str = Field(min_length=4, max_length=64)
    device_id: str = Field(min_length=8, max_length=36)
    port_code: str = Field(max_length=8)
    public_key: str = Field(max_length=64)  # base64 of a raw Ed25519 public key
    label: str = Field(default="", max_length=80)


class EnrollResponse(Message):
    device_id: str
    port_code: str
    port_id: uuid.UUID
    enrolled_at: datetime


class ErrorBody(Message):
    """Every refusal: a stable ``error`` code and a sentence for people."""

    model_config = ConfigDict(extra="allow", frozen=True)

    error: str
    detail: str


class Ping(Message):
    service: Literal["checkpoint-hq"] = "checkpoint-hq"
    protocol: int
    min_protocol: int
    app_version: str
    schema_version: str
    server_time: datetime
