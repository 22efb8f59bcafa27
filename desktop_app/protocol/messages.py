"""The sync protocol's constants and messages, shared by the post's client and HQ.

Both ends import this one module, so a message cannot drift between them.
Every request and response body is one of the Pydantic models below; see
``hq/PROTOCOL.md`` for the exchange they make up.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from desktop_app.version import __version__

# Bump when a message changes shape or meaning; HQ accepts [MIN_PROTOCOL, PROTOCOL].
# 2: entries set aside (``PushBatch.held``), refusals naming entries, aliases in pulls.
PROTOCOL = 2
MIN_PROTOCOL = 2
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

# Outbox sequence numbers and change numbers are 64-bit at both ends: a larger one
# is refused as malformed (422) before it reaches a database that cannot hold it.
MAX_NUMBER = 2**63 - 1
Seq = Annotated[int, Field(ge=1, le=MAX_NUMBER)]

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
    seqs: list[Seq] | None = None
    bases: list[str | None] | None = None

    @property
    def count(self) -> int:
        return len(self.values[0]) if self.values else 0

    def column(self, name: str) -> list[Any]:
        return self.values[self.columns.index(name)]


# The audit action of an officer discarding an entry set aside; HQ reads the entry's
# ``seq`` from the audit entry's detail and stops counting it as held.
DISCARD_ACTION = "sync.entry_discarded"
# What a desk names an entry it sets aside because it refers to a record set aside.
DEPENDS = "depends_on_held"


class HeldEntry(Message):
    """An outbox entry set aside: HQ refused it for a rule, or it depends on one that was.

    ``blocked_entity``/``blocked_id`` name the record it waits for, when
    there is one (a reference HQ does not hold, a record set aside).
    """

    seq: int = Field(ge=1)
    entity: str = Field(max_length=40)
    record_id: uuid.UUID
    error: str = Field(max_length=40)
    detail: str = Field(max_length=500)
    blocked_entity: str | None = Field(default=None, max_length=40)
    blocked_id: uuid.UUID | None = None


class PushBatch(Message):
    """Outbox entries ``first_seq..last_seq`` of one device: the unit HQ applies whole.

    Every seq of the range is either a row of a section or an entry the post
    set aside (``held``); HQ refuses a batch whose rows and held entries do
    not cover its range exactly, or that holds neither.
    """

    device_id: str = Field(max_length=36)
    first_seq: Seq
    last_seq: Seq
    sections: list[Section] = Field(max_length=64)
    held: list[HeldEntry] = Field(default=[], max_length=MAX_BATCH_ROWS)

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
    held: int = 0  # entries the batch declared set aside, now recorded at HQ
    hq_clock: str


class PullRequest(Message):
    cursor: int = Field(default=0, ge=0, le=MAX_NUMBER)
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


class AliasRecord(Message):
    """Two records of one real thing were merged: ``merged_id`` now means ``survivor_id``."""

    entity: str
    merged_id: uuid.UUID
    survivor_id: uuid.UUID
    merged_at: datetime


class PullPage(Message):
    cursor: int
    next_cursor: int
    more: bool
    hq_clock: str
    sections: list[Section]
    conflicts: list[ConflictRecord] = []
    aliases: list[AliasRecord] = []


# How many of a device's held entries a status answer lists (``held_total`` counts all).
STATUS_HELD = 500


class UpstreamLink(Message):
    """A hub's own link to HQ, as the hub last saw it: a desk of the hub shows both links."""

    reached_at: datetime | None = None  # the hub's last complete exchange with HQ
    offline_since: datetime | None = None  # its first failure since then (None: online)
    error: str = Field(default="", max_length=300)
    pending: int = 0  # batches of its desks queued for HQ


class StatusResponse(Message):
    device_id: str
    port_code: str
    acked_through: int
    hq_clock: str
    server_time: datetime
    # Entries of this device HQ counts as set aside (a bundle's, or a lost answer's).
    held: list[HeldEntry] = []
    held_total: int = 0
    # Set when the answer comes from a post's hub, not from HQ (PROTOCOL.md, "Hubs").
    upstream: UpstreamLink | None = None


# -- a hub and HQ (PROTOCOL.md, "Hubs") ------------------------------------------

# Batches a hub relays in one request (each at most MAX_BATCH_ROWS rows).
RELAY_BATCHES = 8


class HubDesk(Message):
    """A desk enrolled at a hub, as the hub vouches for it at HQ."""

    device_id: str = Field(min_length=8, max_length=36)
    public_key: str = Field(max_length=64)
    label: str = Field(default="", max_length=80)
    revoked: bool = False  # revoked at the hub


class HubDesks(Message):
    desks: list[HubDesk] = Field(max_length=MAX_BATCH_ROWS)


class HubDeskState(Message):
    device_id: str
    state: Literal["active", "revoked", "refused"]
    acked_through: int = 0  # what HQ holds of the desk's entries
    detail: str = ""


class HubDesksAnswer(Message):
    desks: list[HubDeskState]


class RelayedBatch(Message):
    """One desk's batch, exactly as the desk pushed it to the hub."""

    device_id: str = Field(max_length=36)
    # The desk's clock minus HQ's: the hub's reading of the desk plus HQ's of the hub.
    clock_skew_ms: int = Field(ge=-(2**62), le=2**62)
    batch: PushBatch


class RelayRequest(Message):
    batches: list[RelayedBatch] = Field(min_length=1, max_length=RELAY_BATCHES)


class RelayResult(Message):
    device_id: str
    first_seq: int
    last_seq: int
    ack: PushAck | None = None  # applied or duplicate; else error and detail say why
    error: str = ""
    detail: str = ""
    # Entries of the batch HQ set aside itself (a rule it refused them for, or one they
    # depend on): the hub counts them as its desk's, and the desk learns them from the hub.
    # Left out when there are none, so a hub older than this field still reads the answer.
    held: list[HeldEntry] = Field(
        default=[], max_length=MAX_BATCH_ROWS, exclude_if=lambda entries: not entries
    )


class RelayAnswer(Message):
    results: list[RelayResult]


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
    # HQ's X25519 public key (base64, raw 32 bytes): a desk seals its bundles to it.
    hq_box_key: str | None = None


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
