"""Apply a post's push batch (or a bundle's batches) in one transaction, idempotently.

A batch is keyed by (device, first_seq, last_seq).  The key is looked up
under the device row's lock: a batch already applied with the same body is
answered "duplicate" without touching anything; the same key with another
body is refused (409) and reported.  Otherwise every row is checked before
anything is written (the device may write only its own port's rows, as
itself, referring only to its own port's rows), facts are inserted unless
present, mutable records are merged (``desktop_app.sync.rules``), losing
versions are kept, and the change log, the batch key and the device's
acknowledged position are written last — all in the caller's transaction,
so either the whole batch is stored with its key or nothing is.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select, tuple_, update
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from db.hlc import parse_stamp
from desktop_app.sync import rules
from desktop_app.sync.codec import WireError, codec, fact_tables, synced_tables
from desktop_app.sync.protocol import MAX_BATCH_ROWS, PushAck, PushBatch, Section
from hq.models import AppliedBatch, Conflict, Device, FieldStamps, Version
from hq.store import ChangeEntry, HQClock, insert_ignore, insert_rows, record_changes, upsert

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


@dataclass
class Row:
    seq: int
    entity: str
    wire: dict[str, Any]  # JSON forms, as sent
    values: dict[str, Any]  # Python values, checked
    base: str | None = None


@dataclass
class Outcome:
    stored: int = 0
    skipped: int = 0
    conflicts: int = 0
    changes: list[ChangeEntry] = field(default_factory=list)


def _encode_json(wire: Mapping[str, Any]) -> str:
    return json.dumps(wire, ensure_ascii=False, separators=(",", ":"))


# -- checking --------------------------------------------------------------------


def decode_batch(batch: PushBatch, device: DeviceInfo) -> list[Row]:
    """Every row of the batch, checked and in outbox order; BatchRefused on the first problem."""
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
    rows: list[Row] = []
    for section in batch.sections:
        rows.extend(_decode_section(section, batch, device))
    seqs = [r.seq for r in rows]
    if len(set(seqs)) != len(seqs):
        raise BatchRefused(422, "malformed", "two rows carry the same outbox seq")
    rows.sort(key=lambda r: r.seq)
    return rows


def _decode_section(section: Section, batch: PushBatch, device: DeviceInfo) -> list[Row]:
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
        values = table_codec.decode_columns(section.columns, section.values)
    except WireError as error:
        raise BatchRefused(422, "malformed", str(error)) from None
    rows = []
    for index, (seq, decoded) in enumerate(zip(section.seqs, values, strict=True)):
        where = f"{name} row {index} (seq {seq})"
        if not batch.first_seq <= seq <= batch.last_seq:
            raise BatchRefused(
                422, "malformed", f"{where}: seq outside {batch.first_seq}..{batch.last_seq}"
            )
        port_id = decoded.get("port_id")
        if port_id != device.port_id:
            raise BatchRefused(
                403,
                "wrong_port",
                f"{where}: belongs to another port; this device writes {device.port_code} only",
            )
        try:
            writer = parse_stamp(decoded["hlc"])[2]
        except ValueError:
            raise BatchRefused(422, "malformed", f"{where}: hlc is not a stamp") from None
        if writer != device.id:
            raise BatchRefused(
                403, "wrong_writer", f"{where}: stamped by {writer}, not by this device"
            )
        if not mutable and decoded["origin_device"] != device.id:
            raise BatchRefused(403, "wrong_writer", f"{where}: a fact this device did not record")
        # Mutable records are merged in their JSON form (facts need none).
        wire = table_codec.json_dict(decoded) if mutable else {}
        base = section.bases[index] if mutable and section.bases is not None else None
        rows.append(Row(seq, name, wire, decoded, base))
    return rows


def _foreign_keys(table: Table) -> list[tuple[str, str]]:
    """(column, referenced table) for every reference to a table that syncs."""
    return [
        (fk.parent.key, fk.column.table.name)
        for fk in table.foreign_keys
        if fk.column.table.name in synced_tables()
    ]


def check_references(conn: Connection, device: DeviceInfo, rows: Iterable[Row]) -> None:
    """Every row a pushed row refers to must belong to the device's port (or be its port)."""
    in_batch: dict[str, set[uuid.UUID]] = defaultdict(set)
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    rows = list(rows)
    for row in rows:
        in_batch[row.entity].add(row.values["id"])
    for row in rows:
        for column, target in _foreign_keys(synced_tables()[row.entity]):
            value = row.values.get(column)
            if value is None or value in in_batch[target]:
                continue  # rows in this batch were checked as rows
            wanted[target].add(value)
    for target, ids in wanted.items():
        if target == "ports":
            if ids - {device.port_id}:
                raise BatchRefused(403, "wrong_port", "a row refers to another port")
            continue
        table = synced_tables()[target]
        found = dict(
            conn.execute(select(table.c.id, table.c.port_id).where(table.c.id.in_(ids))).all()
        )
        missing = ids - found.keys()
        if missing:
            raise BatchRefused(
                422,
                "unknown_reference",
                f"rows refer to {len(missing)} unknown {target} (e.g. {next(iter(missing))})",
            )
        if any(port != device.port_id for port in found.values()):
            raise BatchRefused(403, "wrong_port", f"a row refers to {target} of another port")


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

    def apply(self, rows: list[Row]) -> Outcome:
        check_references(self.conn, self.device, rows)
        by_table: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            by_table[row.entity].append(row)
        # Parents before children: mutable tables never refer to facts, and
        # sorted_tables puts every referenced table first.
        for name in synced_tables():
            if name in by_table:
                if name in fact_tables():
                    self._facts(name, by_table[name])
                else:
                    self._records(name, by_table[name])
        self.hq.observe(self._observed)
        return self.result

    def _facts(self, name: str, rows: list[Row]) -> None:
        table = synced_tables()[name]
        # Which of these facts HQ has already (a re-send in another batch):
        # exact, since this device's batches apply one at a time.
        held = dict(
            self.conn.execute(
                select(table.c.id, table.c.port_id).where(
                    table.c.id.in_([r.values["id"] for r in rows])
                )
            ).all()
        )
        if any(port != self.device.port_id for port in held.values()):
            raise BatchRefused(403, "wrong_port", f"{name}: an id of another port's row")
        new = [r for r in rows if r.values["id"] not in held]
        insert_rows(self.conn, table, [r.values for r in new], skip_existing=True)
        inserted = {r.values["id"] for r in new}
        for row in rows:
            if row.values["id"] in inserted:
                self.result.stored += 1
                self.result.changes.append(
                    ChangeEntry(
                        name,
                        row.values["id"],
                        self.device.port_id,
                        self.device.id,
                        row.values["hlc"],
                    )
                )
            else:
                self.result.skipped += 1

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
            incoming_stamp = rules.bounded(hlc, self.hq.now_ms())
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
    source: str = "push",
) -> PushAck:
    """Apply one batch in the caller's transaction and say what HQ now holds."""
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
    rows = decode_batch(batch, device)
    try:
        outcome = Applier(conn, hq, device, source).apply(rows)
    except IntegrityError as error:
        raise BatchRefused(
            422, "constraint", f"a row breaks a rule of the schema: {error.orig}"
        ) from None
    except (StatementError, DBAPIError) as error:
        raise BatchRefused(422, "malformed", f"a row could not be stored: {error.orig}") from None
    acked = locked.acked_through
    if batch.first_seq <= acked + 1:
        acked = max(acked, batch.last_seq)
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
    conn.execute(
        update(Device)
        .where(Device.id == device.id)
        .values(acked_through=acked, last_push_at=now, last_seen_at=now)
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
