"""Apply a post's push batch (or a bundle's batches) in one transaction, idempotently.

A batch is keyed by (device, first_seq, last_seq).  The key is looked up
under the device row's lock: a batch already applied with the same body is
answered "duplicate" without touching anything; the same key with another
body is refused (409) and reported.  Otherwise every row is checked before
anything is written (the device may write only its own port's rows, as
itself, creating facts and new records only as itself, referring only to
its own port's rows), facts are inserted unless
present, mutable records are merged (``desktop_app.sync.rules``), losing
versions are kept, and the change log, the batch key and the device's
acknowledged position are written last — all in the caller's transaction,
so either the whole batch is stored with its key or nothing is.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func, select, tuple_, update
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from db.hlc import parse_stamp
from desktop_app.sync import rules
from desktop_app.sync.codec import WireError, codec, fact_tables, synced_tables
from desktop_app.sync.protocol import MAX_BATCH_ROWS, PushAck, PushBatch, Section
from hq.models import AppliedBatch, Conflict, Device, FieldStamps, Version
from hq.store import (
    ChangeEntry,
    HQClock,
    existing_ids,
    insert_ignore,
    insert_wire,
    record_changes,
    upsert,
)

# Posts never write these: reference data only HQ changes.
HQ_ONLY = frozenset({"ports"})


class BatchRefused(Exception):
    """The batch is refused whole; nothing of it is stored."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    port_id: uuid.UUID
    port_code: str
    # How far the device's clock runs ahead of HQ's (negative: behind), as
    # last measured; its stamps are judged by it (``rules.bounded``).
    clock_skew_ms: int = 0


@dataclass
class Row:
    """A mutable record's version: merged one at a time, so it gets a dict of its own."""

    seq: int
    entity: str
    wire: dict[str, Any]  # the JSON form (what the merge compares and HQ stores)
    values: dict[str, Any]  # Python values, checked
    base: str | None = None


@dataclass
class Block:
    """One table's rows of a batch, column-major in the wire form, every value checked."""

    entity: str
    columns: list[str]
    values: list[list[Any]]
    seqs: list[int]
    records: list[Row] = field(default_factory=list)  # mutable tables only

    def column(self, name: str) -> list[Any]:
        return self.values[self.columns.index(name)]

    @property
    def is_fact(self) -> bool:
        return self.entity in fact_tables()


@dataclass
class Outcome:
    stored: int = 0
    skipped: int = 0
    conflicts: int = 0
    changes: list[ChangeEntry] = field(default_factory=list)


def _encode_json(wire: Mapping[str, Any]) -> str:
    return json.dumps(wire, ensure_ascii=False, separators=(",", ":"))


# -- checking --------------------------------------------------------------------


def decode_batch(batch: PushBatch, device: DeviceInfo) -> list[Block]:
    """The batch's rows, checked, one block per table in parent-first order.

    Checks are made a column at a time (a batch is 500 rows of ~20 columns):
    every value's type and size, then that every row is of the device's
    port, stamped by the device itself, and (for facts) recorded by it.
    """
    if batch.device_id != device.id:
        raise BatchRefused(403, "wrong_device", "the batch names another device than the signer")
    if batch.last_seq < batch.first_seq:
        raise BatchRefused(422, "malformed", "last_seq is before first_seq")
    if batch.row_count > MAX_BATCH_ROWS:
        raise BatchRefused(
            413,
            "batch_too_large",
            f"{batch.row_count} rows; a batch holds at most {MAX_BATCH_ROWS}",
        )
    blocks = [_decode_section(section, batch, device) for section in batch.sections]
    seqs = [seq for block in blocks for seq in block.seqs]
    if len(set(seqs)) != len(seqs):
        raise BatchRefused(422, "malformed", "two rows carry the same outbox seq")
    if len({block.entity for block in blocks}) != len(blocks):
        raise BatchRefused(422, "malformed", "a table has two sections")
    order = list(synced_tables())
    return sorted(blocks, key=lambda block: order.index(block.entity))


@functools.cache
def _own_stamp(device_id: str) -> re.Pattern[str]:
    return re.compile(rf"\d{{13}}-\d{{6}}-{re.escape(device_id)}")


def _decode_section(section: Section, batch: PushBatch, device: DeviceInfo) -> Block:
    name = section.entity
    if name not in synced_tables():
        raise BatchRefused(422, "malformed", f"{name!r} is not a table that syncs")
    if name in HQ_ONLY:
        raise BatchRefused(403, "forbidden", f"{name} is reference data that only HQ writes")
    table_codec = codec(name)
    if set(section.columns) != set(table_codec.columns):
        missing = sorted(set(table_codec.columns) - set(section.columns))
        extra = sorted(set(section.columns) - set(table_codec.columns))
        raise BatchRefused(
            422,
            "malformed",
            f"{name}: columns differ from the schema (missing {missing}, unknown {extra})",
        )
    if section.seqs is None or len(section.seqs) != section.count:
        raise BatchRefused(422, "malformed", f"{name}: every row needs its outbox seq")
    mutable = name not in fact_tables()
    if mutable and (section.bases is None or len(section.bases) != section.count):
        raise BatchRefused(422, "malformed", f"{name}: every mutable row needs its base (or null)")
    try:
        values = table_codec.check_columns(section.columns, section.values)
    except WireError as error:
        raise BatchRefused(422, "malformed", str(error)) from None
    block = Block(name, list(section.columns), values, list(section.seqs))
    outside = [seq for seq in block.seqs if not batch.first_seq <= seq <= batch.last_seq]
    if outside:
        raise BatchRefused(
            422,
            "malformed",
            f"{name}: seq {outside[0]} outside {batch.first_seq}..{batch.last_seq}",
        )
    if any(port != device.port_id.hex for port in block.column("port_id")):
        raise BatchRefused(
            403,
            "wrong_port",
            f"{name}: a row belongs to another port; this device writes {device.port_code} only",
        )
    own = _own_stamp(device.id)
    if not all(own.fullmatch(stamp) for stamp in block.column("hlc")):
        raise BatchRefused(403, "wrong_writer", f"{name}: a row is not stamped by this device")
    if not mutable:
        if any(origin != device.id for origin in block.column("origin_device")):
            raise BatchRefused(403, "wrong_writer", f"{name}: a fact this device did not record")
        return block
    rows = table_codec.decode_columns(section.columns, section.values)
    assert section.bases is not None
    block.records = [
        Row(seq, name, table_codec.json_dict(decoded), decoded, base)
        for seq, decoded, base in zip(block.seqs, rows, section.bases, strict=True)
    ]
    return block


@functools.cache
def _foreign_keys(name: str) -> tuple[tuple[str, str], ...]:
    """(column, referenced table) for every reference to a table that syncs."""
    return tuple(
        (fk.parent.key, fk.column.table.name)
        for fk in synced_tables()[name].foreign_keys
        if fk.column.table.name in synced_tables()
    )


def check_references(conn: Connection, device: DeviceInfo, blocks: list[Block]) -> None:
    """Every row a pushed row refers to must belong to the device's port (or be its port)."""
    in_batch = {block.entity: set(block.column("id")) for block in blocks}
    wanted: dict[str, set[str]] = defaultdict(set)
    for block in blocks:
        for column, target in _foreign_keys(block.entity):
            values = set(block.column(column))
            values.discard(None)
            wanted[target] |= values - in_batch.get(target, set())  # those rows are checked
    for target, ids in wanted.items():
        if not ids:
            continue
        if target == "ports":
            if ids - {device.port_id.hex}:
                raise BatchRefused(403, "wrong_port", "a row refers to another port")
            continue
        table = synced_tables()[target]
        found = dict(
            conn.execute(
                select(table.c.id, table.c.port_id).where(
                    table.c.id.in_([uuid.UUID(i) for i in ids])
                )
            ).all()
        )
        missing = ids - {record_id.hex for record_id in found}
        if missing:
            raise BatchRefused(
                422,
                "unknown_reference",
                f"rows refer to {len(missing)} unknown {target} (e.g. {next(iter(missing))})",
            )
        if any(port != device.port_id for port in found.values()):
            raise BatchRefused(403, "wrong_port", f"a row refers to {target} of another port")


def check_new_records(conn: Connection, device: DeviceInfo, blocks: list[Block]) -> None:
    """A mutable record HQ does not hold yet must be created by the sending device.

    The same rule as for facts: ``origin_device`` decides who owns a record's
    groups in the merge (HQ for forecasts it created, lane set-up for the
    reference seed), so a post creating a record as ``hq`` or ``reference``
    (or as another device) would take ownership it does not have.  Records
    HQ holds already are checked against the stored origin while merging.
    """
    for block in blocks:
        if block.is_fact:
            continue
        foreign = {
            record_id: origin
            for record_id, origin in zip(
                block.column("id"), block.column("origin_device"), strict=True
            )
            if origin != device.id
        }
        if not foreign:
            continue  # the usual case: records of this device, new or not
        held = existing_ids(conn, synced_tables()[block.entity], list(foreign))
        new = [record_id for record_id in foreign if record_id not in held]
        if new:
            raise BatchRefused(
                403,
                "wrong_writer",
                f"{block.entity} {new[0]}: a new record must be created by this device, "
                f"not by {foreign[new[0]]!r}",
            )


# -- applying ---------------------------------------------------------------------


class Applier:
    """Writes checked rows for one device inside one transaction."""

    def __init__(self, conn: Connection, hq: HQClock, device: DeviceInfo, source: str) -> None:
        self.conn = conn
        self.hq = hq
        self.device = device
        self.source = source
        self.result = Outcome()
        self._observed: list[str] = []

    def apply(self, blocks: list[Block]) -> Outcome:
        check_references(self.conn, self.device, blocks)
        check_new_records(self.conn, self.device, blocks)
        # Parents before children (the blocks' order): mutable tables never
        # refer to facts, and sorted_tables puts every referenced table first.
        for block in blocks:
            if block.is_fact:
                self._facts(block)
            else:
                self._records(block.entity, block.records)
        self.hq.observe(self._observed)
        return self.result

    def _facts(self, block: Block) -> None:
        name = block.entity
        table = synced_tables()[name]
        ids = block.column("id")
        # Which of these facts HQ has already (a re-send in another batch):
        # exact, since this device's batches apply one at a time.
        held = existing_ids(self.conn, table, ids)
        if any(port != self.device.port_id.hex for port in held.values()):
            raise BatchRefused(403, "wrong_port", f"{name}: an id of another port's row")
        keep = [i for i, record_id in enumerate(ids) if record_id not in held]
        values = [[column[i] for i in keep] for column in block.values]
        insert_wire(self.conn, table, block.columns, values)
        self.result.stored += len(keep)
        self.result.skipped += len(ids) - len(keep)
        stamps = block.column("hlc")
        self.result.changes += [
            ChangeEntry(name, uuid.UUID(ids[i]), self.device.port_id, self.device.id, stamps[i])
            for i in keep
        ]

    def _records(self, name: str, rows: list[Row]) -> None:
        table = synced_tables()[name]
        table_codec = codec(name)
        ids = sorted({r.values["id"] for r in rows})
        # One statement in id order: batches touching the same records lock them alike.
        stored = {
            row.id: table_codec.json_dict(row._mapping)
            for row in self.conn.execute(
                select(table).where(table.c.id.in_(ids)).order_by(table.c.id).with_for_update()
            )
        }
        versions = {
            (v.record_id, v.hlc): v.payload
            for v in self.conn.execute(
                select(Version.record_id, Version.hlc, Version.payload).where(
                    Version.entity == name,
                    tuple_(Version.record_id, Version.hlc).in_(
                        [(r.values["id"], r.values["hlc"]) for r in rows]
                        + [(r.values["id"], r.base) for r in rows if r.base]
                    ),
                )
            )
        }
        stamps = {
            s.record_id: {k: rules.Stamp.from_json(v) for k, v in s.stamps.items()}
            for s in self.conn.execute(
                select(FieldStamps.record_id, FieldStamps.stamps).where(
                    FieldStamps.entity == name, FieldStamps.record_id.in_(ids)
                )
            )
        }
        changed_stamps: dict[uuid.UUID, dict[str, rules.Stamp]] = {}
        seen = set(versions)
        for row in rows:
            record_id, hlc = row.values["id"], row.values["hlc"]
            if (record_id, hlc) in seen:
                self.result.skipped += 1  # this version was applied before (any batch)
                continue
            current = stored.get(record_id)
            if current is not None and current.get("port_id") != row.wire.get("port_id"):
                raise BatchRefused(403, "wrong_port", f"{name} {record_id} belongs to another port")
            if current is not None and current["origin_device"] != row.wire["origin_device"]:
                raise BatchRefused(
                    422, "malformed", f"{name} {record_id}: origin_device cannot change"
                )
            base = None
            if row.base is not None:
                payload = versions.get((record_id, row.base))
                base = json.loads(payload) if payload is not None else None
            incoming_stamp = rules.bounded(hlc, self.hq.now_ms(), self.device.clock_skew_ms)
            self._observed.append(incoming_stamp.bounded_hlc())
            merged = rules.merge(
                name, current, row.wire, base, stamps.get(record_id, {}), incoming_stamp
            )
            self._remember(name, record_id, hlc, row.wire, self.device.id, versions, seen)
            result_wire = self._store(name, table, current, row, merged, versions, seen)
            stored[record_id] = result_wire
            stamps[record_id] = merged.stamps
            changed_stamps[record_id] = merged.stamps
            self._conflicts(name, current, row.wire, result_wire, merged.losses)
        if changed_stamps:
            upsert(
                self.conn,
                FieldStamps.__table__,  # type: ignore[arg-type]
                [
                    {
                        "entity": name,
                        "record_id": record_id,
                        "stamps": {g: s.as_json() for g, s in group_stamps.items()},
                    }
                    for record_id, group_stamps in changed_stamps.items()
                ],
                ["entity", "record_id"],
            )

    def _remember(
        self,
        name: str,
        record_id: uuid.UUID,
        hlc: str,
        wire: Mapping[str, Any],
        device_id: str,
        versions: dict[tuple[uuid.UUID, str], str],
        seen: set[tuple[uuid.UUID, str]],
    ) -> None:
        payload = _encode_json(wire)
        self.conn.execute(
            insert_ignore(self.conn, Version.__table__),  # type: ignore[arg-type]
            {
                "entity": name,
                "record_id": record_id,
                "hlc": hlc,
                "payload": payload,
                "device_id": device_id,
                "received_at": self.hq.now(),
            },
        )
        versions[(record_id, hlc)] = payload
        seen.add((record_id, hlc))

    def _store(
        self,
        name: str,
        table: Table,
        current: dict[str, Any] | None,
        row: Row,
        merged: rules.Merge,
        versions: dict[tuple[uuid.UUID, str], str],
        seen: set[tuple[uuid.UUID, str]],
    ) -> dict[str, Any]:
        """Write the merge's outcome; returns the record as it now stands (JSON forms)."""
        record_id = row.values["id"]
        port_id = row.values["port_id"]
        if merged.outcome == "stored" and not merged.losses:
            self.result.skipped += 1  # nothing the stored record lacks
            assert current is not None
            return current
        self.result.stored += 1
        if merged.outcome == "insert":
            self.conn.execute(table.insert(), row.values)
            self._changed(name, record_id, port_id, self.device.id, row.values["hlc"])
            return row.wire
        if merged.outcome == "incoming":
            self.conn.execute(table.update().where(table.c.id == record_id), row.values)
            self._changed(name, record_id, port_id, self.device.id, row.values["hlc"])
            return row.wire
        assert current is not None
        # A new version stamped by HQ: the merge of both, or the stored record
        # re-stamped when the incoming version lost, so that the device (which
        # holds its losing version) takes the winner: versions only grow.
        wire = dict(merged.values)
        wire["version"] = max(current["version"], row.wire["version"]) + 1
        wire["hlc"] = self.hq.tick()
        wire["updated_at"] = self.hq.now().isoformat()
        values = codec(name).from_json_dict(wire)
        self.conn.execute(table.update().where(table.c.id == record_id), values)
        self._remember(name, record_id, wire["hlc"], wire, rules.HQ_NODE, versions, seen)
        self._changed(name, record_id, port_id, rules.HQ_NODE, wire["hlc"])
        return wire

    def _changed(
        self, name: str, record_id: uuid.UUID, port_id: uuid.UUID | None, source: str, hlc: str
    ) -> None:
        self.result.changes.append(ChangeEntry(name, record_id, port_id, source, hlc))

    def _conflicts(
        self,
        name: str,
        stored: Mapping[str, Any] | None,
        incoming: Mapping[str, Any],
        result: Mapping[str, Any],
        losses: list[rules.Loss],
    ) -> None:
        for loser in ("incoming", "stored"):
            lost = [loss for loss in losses if loss.loser == loser]
            if not lost:
                continue
            losing = incoming if loser == "incoming" else stored
            assert losing is not None
            conflict_id = uuid.uuid4()
            port_id = uuid.UUID(result["port_id"]) if result.get("port_id") else None
            self.conn.execute(
                Conflict.__table__.insert(),
                {
                    "id": conflict_id,
                    "entity": name,
                    "record_id": uuid.UUID(result["id"]),
                    "port_id": port_id,
                    "detected_at": self.hq.now(),
                    "rule": ",".join(sorted({loss.rule for loss in lost})),
                    "fields": sorted({f for loss in lost for f in loss.fields}),
                    "losing": dict(losing),
                    "winning": dict(result),
                    "losing_writer": parse_stamp(losing["hlc"])[2],
                    "winning_writer": parse_stamp(result["hlc"])[2],
                    "source": self.source,
                },
            )
            self.result.conflicts += 1
            self.result.changes.append(
                ChangeEntry("conflicts", conflict_id, port_id, rules.HQ_NODE, result["hlc"])
            )


# -- the batch, whole ------------------------------------------------------------------


def lock_device(conn: Connection, device_id: str) -> Device:
    """The device row, locked for this transaction: one device's batches apply one at a time."""
    device = conn.execute(
        select(Device.__table__).where(Device.id == device_id).with_for_update()
    ).first()
    if device is None:
        raise BatchRefused(401, "unknown_device", "this device is not enrolled")
    if device.revoked_at is not None:
        raise BatchRefused(401, "revoked", "this device's enrolment was revoked at HQ")
    return device  # type: ignore[return-value]


def apply_batch(
    conn: Connection,
    hq: HQClock,
    device: DeviceInfo,
    batch: PushBatch,
    body_sha256: str,
    *,
    blocks: list[Block] | None = None,
    source: str = "push",
) -> PushAck:
    """Apply one batch in the caller's transaction and say what HQ now holds.

    ``blocks`` is the batch already checked by ``decode_batch``: the web
    service checks it before taking the device's lock, so that one batch's
    checks overlap the previous batch's database work.
    """
    locked = lock_device(conn, device.id)
    key = (
        (AppliedBatch.device_id == device.id)
        & (AppliedBatch.first_seq == batch.first_seq)
        & (AppliedBatch.last_seq == batch.last_seq)
    )
    known = conn.execute(select(AppliedBatch.body_sha256).where(key)).scalar_one_or_none()
    if known is not None:
        if known != body_sha256:
            raise BatchRefused(
                409,
                "batch_conflict",
                f"batch {batch.first_seq}..{batch.last_seq} of this device was applied with "
                "another body; a re-send must be byte-identical",
            )
        return PushAck(
            status="duplicate",
            first_seq=batch.first_seq,
            last_seq=batch.last_seq,
            acked_through=locked.acked_through,
            skipped=batch.row_count,
            hq_clock=hq.clock.last,
        )
    if batch.first_seq > locked.acked_through + 1:
        # A device's entries are applied in order, as one growing prefix: a
        # version must never be merged before an older one of the same writer.
        # (A post with two batches in flight can get here first with the
        # second; it sends it again.)
        raise BatchRefused(
            503,
            "out_of_order",
            f"HQ holds this device's entries up to {locked.acked_through}; "
            f"send from {locked.acked_through + 1}",
        )
    if blocks is None:
        blocks = decode_batch(batch, device)
    try:
        outcome = Applier(conn, hq, device, source).apply(blocks)
    except IntegrityError as error:
        raise BatchRefused(
            422, "constraint", f"a row breaks a rule of the schema: {error.orig}"
        ) from None
    except (StatementError, DBAPIError) as error:
        raise BatchRefused(422, "malformed", f"a row could not be stored: {error.orig}") from None
    now = hq.now()
    conn.execute(
        AppliedBatch.__table__.insert(),
        {
            "device_id": device.id,
            "first_seq": batch.first_seq,
            "last_seq": batch.last_seq,
            "body_sha256": body_sha256,
            "rows": batch.row_count,
            "source": source,
            "applied_at": now,
        },
    )
    acked = _acknowledged(conn, device.id, locked.acked_through)
    conn.execute(
        update(Device)
        .where(Device.id == device.id)
        .values(
            acked_through=acked,
            last_push_at=now,
            last_seen_at=now,
            clock_skew_ms=device.clock_skew_ms,
        )
    )
    # Last, so the counter's lock is held only for the end of the transaction.
    record_changes(conn, outcome.changes)
    hq.save(conn)
    return PushAck(
        status="applied",
        first_seq=batch.first_seq,
        last_seq=batch.last_seq,
        acked_through=acked,
        stored=outcome.stored,
        skipped=outcome.skipped,
        conflicts=outcome.conflicts,
        hq_clock=hq.clock.last,
    )


def _acknowledged(conn: Connection, device_id: str, acked: int) -> int:
    """How far the device's entries are held without a gap, given the batches applied."""
    while True:
        further = conn.execute(
            select(func.max(AppliedBatch.last_seq)).where(
                AppliedBatch.device_id == device_id,
                AppliedBatch.first_seq <= acked + 1,
                AppliedBatch.last_seq > acked,
            )
        ).scalar()
        if further is None:
            return acked
        acked = int(further)
