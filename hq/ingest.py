"""Apply a post's push batch (or a bundle's batches) in one transaction, idempotently.

A batch is keyed by (device, first_seq, last_seq).  The key is looked up
under the device row's lock: a batch already applied with the same body is
answered "duplicate" without touching anything; the same key with another
body is refused (409) and reported.  Otherwise every row is checked before
anything is written (the device may write only its own port's rows, as
itself, creating facts and new records only as itself, referring only to
its own port's rows), facts are inserted unless
present, mutable records are merged (``desktop_app.protocol.rules``), losing
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func, select, tuple_, update
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from db.hlc import parse_stamp
from desktop_app.protocol import rules
from desktop_app.protocol.codec import WireError, codec, digest, fact_tables, synced_tables
from desktop_app.protocol.messages import (
    DEPENDS,
    MAX_BATCH_ROWS,
    HeldEntry,
    PushAck,
    PushBatch,
    Section,
)
from hq import held, identity
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

# Posts never write these: reference data and the port calendars only HQ changes.
HQ_ONLY = frozenset({"ports", "port_calendars"})


class BatchRefused(Exception):
    """The batch is refused whole; nothing of it is stored.

    ``entries`` names the outbox entries a rule refused (a value HQ cannot
    store, a reference HQ does not hold, a constraint): the post sets them
    aside and sends the rest again.  Without entries the batch itself is at
    fault (its shape, its signer, another port's rows).
    """

    def __init__(
        self, status: int, error: str, detail: str, entries: Sequence[HeldEntry] = ()
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.entries = list(entries)


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
    # The id it was sent with, when HQ knows that record as merged into another.
    original_id: uuid.UUID | None = None

    def translate(self, columns: Sequence[str], mapping: Mapping[str, str]) -> None:
        for name in columns:
            value = self.values.get(name)
            if value is None or value.hex not in mapping:
                continue
            new = uuid.UUID(mapping[value.hex])
            if name == "id" and self.original_id is None:
                self.original_id = value
            self.values[name] = new
            self.wire[name] = str(new)


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

    def translate(self, mapping: Mapping[str, str]) -> None:
        """Ids of merged records (hex) replaced by their survivors', in every form held."""
        if not mapping:
            return
        columns = identity.mergeable_columns(self.entity)
        for name in columns:
            values = self.column(name)
            if any(v in mapping for v in values if v is not None):
                values[:] = [mapping.get(v, v) if v is not None else None for v in values]
        for row in self.records:
            row.translate(columns, mapping)

    def entry(self, index: int, error: str, detail: str, **blocked: Any) -> HeldEntry:
        return HeldEntry(
            seq=self.seqs[index],
            entity=self.entity,
            record_id=uuid.UUID(self.column("id")[index]),
            error=error,
            detail=detail[:500],
            **blocked,
        )


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
    span = batch.last_seq - batch.first_seq + 1
    if batch.row_count > MAX_BATCH_ROWS or span > MAX_BATCH_ROWS:
        raise BatchRefused(
            413,
            "batch_too_large",
            f"{max(batch.row_count, span)} entries; a batch holds at most {MAX_BATCH_ROWS}",
        )
    if not batch.sections and not batch.held:
        raise BatchRefused(422, "malformed", "a batch with no rows and no entry set aside")
    problems: list[HeldEntry] = []
    errors: list[str] = []  # the first bad value of each section, as the codec words it
    blocks = [
        _decode_section(section, batch, device, problems, errors) for section in batch.sections
    ]
    if problems:
        raise BatchRefused(
            422, "malformed", f"{errors[0]} ({len(problems)} row(s) named)", problems
        )
    seqs = [seq for block in blocks for seq in block.seqs]
    if len(set(seqs)) != len(seqs):
        raise BatchRefused(422, "malformed", "two rows carry the same outbox seq")
    if len({block.entity for block in blocks}) != len(blocks):
        raise BatchRefused(422, "malformed", "a table has two sections")
    held = [entry.seq for entry in batch.held]
    # Every entry of the range is accounted for exactly once, so the prefix HQ
    # acknowledges (``acked_through``) never passes an entry it did not see.
    if len(set(held)) != len(held) or set(held) & set(seqs):
        raise BatchRefused(422, "malformed", "an entry is both sent and set aside, or held twice")
    if sorted(seqs + held) != list(range(batch.first_seq, batch.last_seq + 1)):
        raise BatchRefused(
            422,
            "malformed",
            f"the rows and the entries set aside do not cover {batch.first_seq}..{batch.last_seq}"
            " exactly",
        )
    unknown = {entry.entity for entry in batch.held} - set(synced_tables())
    if unknown:
        raise BatchRefused(422, "malformed", f"an entry set aside names no table: {unknown}")
    order = list(synced_tables())
    return sorted(blocks, key=lambda block: order.index(block.entity))


@functools.cache
def _own_stamp(device_id: str) -> re.Pattern[str]:
    return re.compile(rf"\d{{13}}-\d{{6}}-{re.escape(device_id)}")


def _decode_section(
    section: Section,
    batch: PushBatch,
    device: DeviceInfo,
    problems: list[HeldEntry],
    errors: list[str],
) -> Block:
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
        problems += _bad_rows(section, error)
        errors.append(str(error))
        return Block(name, list(section.columns), section.values, list(section.seqs))
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


def _bad_rows(section: Section, error: WireError) -> list[HeldEntry]:
    """The rows of a section whose values HQ cannot store, each named (one check per row).

    Only on the error path: a section that checks whole never comes here.
    A section whose very shape is wrong (a short column, a row without a
    readable id) is the batch's fault, not one entry's.
    """
    table_codec = codec(section.entity)
    ids = section.column("id") if "id" in section.columns else []
    lengths = {len(column) for column in section.values}
    if len(lengths) != 1 or len(ids) != section.count or section.seqs is None:
        raise BatchRefused(422, "malformed", str(error))
    bad = []
    for index in range(section.count):
        try:
            table_codec.check_columns(
                section.columns, [[column[index]] for column in section.values]
            )
        except WireError as row_error:
            try:
                record_id = uuid.UUID(hex=ids[index])
            except (TypeError, ValueError):
                raise BatchRefused(422, "malformed", str(row_error)) from None
            detail = str(row_error).replace(" row 0:", f" entry {section.seqs[index]}:")
            bad.append(
                HeldEntry(
                    seq=section.seqs[index],
                    entity=section.entity,
                    record_id=record_id,
                    error="malformed",
                    detail=detail[:500],
                )
            )
    if not bad:
        raise BatchRefused(422, "malformed", str(error))
    return bad


@functools.cache
def _foreign_keys(name: str) -> tuple[tuple[str, str], ...]:
    """(column, referenced table) for every reference to a table that syncs."""
    return tuple(
        (fk.parent.key, fk.column.table.name)
        for fk in synced_tables()[name].foreign_keys
        if fk.column.table.name in synced_tables()
    )


def check_references(conn: Connection, device: DeviceInfo, blocks: list[Block]) -> None:
    """Every row a pushed row refers to must belong to the device's port (or be its port).

    A reference to another port's row refuses the batch.  A reference to a
    row HQ does not hold refuses the entries that make it (the post sets
    them aside: they wait for that row, most often an entry set aside
    itself), named with the row they wait for.
    """
    in_batch = {block.entity: set(block.column("id")) for block in blocks}
    wanted: dict[str, set[str]] = defaultdict(set)
    for block in blocks:
        for column, target in _foreign_keys(block.entity):
            values = set(block.column(column))
            values.discard(None)
            wanted[target] |= values - in_batch.get(target, set())  # those rows are checked
    missing: dict[str, set[str]] = {}
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
        if any(port != device.port_id for port in found.values()):
            raise BatchRefused(403, "wrong_port", f"a row refers to {target} of another port")
        unknown = ids - {record_id.hex for record_id in found}
        if unknown:
            missing[target] = unknown
    if not missing:
        return
    entries = []
    for block in blocks:
        for column, target in _foreign_keys(block.entity):
            for index, value in enumerate(block.column(column)):
                if value is not None and value in missing.get(target, ()):
                    entries.append(
                        block.entry(
                            index,
                            "unknown_reference",
                            f"{column} refers to {target} {uuid.UUID(value)}, which HQ does "
                            "not hold",
                            blocked_entity=target,
                            blocked_id=uuid.UUID(value),
                        )
                    )
    first = entries[0]
    raise BatchRefused(
        422,
        "unknown_reference",
        f"{len(entries)} row(s) refer to rows HQ does not hold (entry {first.seq}: {first.detail})",
        entries,
    )


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
    """Writes checked rows for one device inside one transaction.

    ``probe``: apply every row in a savepoint of its own and collect the
    rows the database refuses (a constraint) instead of failing; used to
    name them after a batch failed, then rolled back.
    """

    def __init__(
        self,
        conn: Connection,
        hq: HQClock,
        device: DeviceInfo,
        source: str,
        *,
        probe: bool = False,
    ) -> None:
        self.conn = conn
        self.hq = hq
        self.device = device
        self.source = source
        self.probe = probe
        self.refused: list[HeldEntry] = []
        self.result = Outcome()
        self.aliases = identity.Aliases(conn)
        self._retiring: dict[uuid.UUID, uuid.UUID] = {}  # stored records merged by this block
        self._observed: list[str] = []

    def apply(self, blocks: list[Block]) -> Outcome:
        identity.port_lock(self.conn, self.device.port_id, exclusive=self._may_merge(blocks))
        # Rows that name a record HQ merged into another are translated first…
        self.aliases.load(
            v
            for block in blocks
            for c in identity.mergeable_columns(block.entity)
            for v in block.column(c)
        )
        for block in blocks:
            block.translate(self.aliases.known)
        check_references(self.conn, self.device, blocks)
        check_new_records(self.conn, self.device, blocks)
        # Parents before children (the blocks' order): mutable tables never
        # refer to facts, and sorted_tables puts every referenced table first.
        # Audit entries last: nothing refers to them, and they may name any record
        # (``entity_id``), one this batch merges included.
        audit = rules.SOFT_REFERENCE[0]
        for block in sorted(blocks, key=lambda b: b.entity == audit):
            block.translate(self.aliases.known)  # …and again after merges of this batch
            if block.is_fact:
                self._facts(block)
            else:
                self._records(block.entity, block.records)
        self.hq.observe(self._observed)
        return self.result

    def _may_merge(self, blocks: list[Block]) -> bool:
        """Does the batch bring a record of a natural-keyed table that HQ does not hold?"""
        for block in blocks:
            if block.entity in rules.NATURAL_KEYS:
                ids = block.column("id")
                if len(existing_ids(self.conn, synced_tables()[block.entity], ids)) < len(set(ids)):
                    return True
        return False

    def _savepoint(self, block: Block, index: int, work: Any) -> bool:
        """Run ``work()`` for one row in a savepoint; False (and the row refused) if it breaks."""
        try:
            with self.conn.begin_nested():
                work()
            return True
        except IntegrityError as error:
            self.refused.append(block.entry(index, "constraint", f"{error.orig}"))
        except (StatementError, DBAPIError) as error:
            self.refused.append(block.entry(index, "malformed", f"{error.orig}"))
        return False

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
        if self.probe:
            keep = [
                i
                for i in keep
                if self._savepoint(
                    block,
                    i,
                    lambda i=i: insert_wire(
                        self.conn, table, block.columns, [[column[i]] for column in block.values]
                    ),
                )
            ]
        else:
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
        versions = self._versions(name, rows)
        stamps = self._stamps(name, ids)
        changed_stamps: dict[uuid.UUID, dict[str, rules.Stamp]] = {}
        seen = set(versions)
        block = Block(name, ["id"], [[r.values["id"].hex for r in rows]], [r.seq for r in rows])
        for index, row in enumerate(rows):
            row.translate(identity.mergeable_columns(name), self.aliases.known)
            sent_as = row.original_id or row.values["id"]
            if (sent_as, row.values["hlc"]) in seen:
                self.result.skipped += 1  # this version was applied before (any batch)
                continue

            def work(row: Row = row) -> None:
                self._record(name, table, row, stored, versions, seen, stamps, changed_stamps)

            if self.probe:
                self._savepoint(block, index, work)
            else:
                work()
        identity.retire(self.conn, name, self._retiring, self.device.port_id)
        self._retiring = {}
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

    def _versions(self, name: str, rows: list[Row]) -> dict[tuple[uuid.UUID, str], str]:
        """Versions HQ holds of these rows and of their bases (under every id they had)."""
        pairs = set()
        for r in rows:
            for record_id in {r.values["id"], r.original_id, *self._merged_into(r.values["id"])}:
                if record_id is None:
                    continue
                pairs.add((record_id, r.values["hlc"]))
                if r.base:
                    pairs.add((record_id, r.base))
        found: dict[tuple[uuid.UUID, str], str] = {}
        wanted = sorted(pairs)
        for start in range(0, len(wanted), 500):
            found.update(
                ((v.record_id, v.hlc), v.payload)
                for v in self.conn.execute(
                    select(Version.record_id, Version.hlc, Version.payload).where(
                        Version.entity == name,
                        tuple_(Version.record_id, Version.hlc).in_(wanted[start : start + 500]),
                    )
                )
            )
        return found

    def _merged_into(self, record_id: uuid.UUID) -> list[uuid.UUID]:
        """Ids merged into ``record_id`` (their versions are its history too)."""
        survivor = record_id.hex
        return [uuid.UUID(m) for m, s in self.aliases.known.items() if s == survivor]

    def _stamps(self, name: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, rules.Stamp]]:
        return {
            s.record_id: {k: rules.Stamp.from_json(v) for k, v in s.stamps.items()}
            for s in self.conn.execute(
                select(FieldStamps.record_id, FieldStamps.stamps).where(
                    FieldStamps.entity == name, FieldStamps.record_id.in_(ids)
                )
            )
        }

    def _record(
        self,
        name: str,
        table: Table,
        row: Row,
        stored: dict[uuid.UUID, dict[str, Any]],
        versions: dict[tuple[uuid.UUID, str], str],
        seen: set[tuple[uuid.UUID, str]],
        stamps: dict[uuid.UUID, dict[str, rules.Stamp]],
        changed_stamps: dict[uuid.UUID, dict[str, rules.Stamp]],
    ) -> None:
        """Merge one version of a mutable record into what HQ holds."""
        record_id, hlc = row.values["id"], row.values["hlc"]
        sent_as = row.original_id or record_id
        current = stored.get(record_id)
        if current is None and row.original_id is not None:
            current = self._load(table, name, record_id, stored, stamps)
        if current is not None and current.get("port_id") != row.wire.get("port_id"):
            raise BatchRefused(403, "wrong_port", f"{name} {record_id} belongs to another port")
        if row.original_id is not None and current is not None:
            # A version of a record since merged into this one: it keeps the survivor's creator.
            row.wire["origin_device"] = current["origin_device"]
            row.values["origin_device"] = current["origin_device"]
        if current is not None and current["origin_device"] != row.wire["origin_device"]:
            raise BatchRefused(422, "malformed", f"{name} {record_id}: origin_device cannot change")
        incoming_stamp = rules.bounded(hlc, self.hq.now_ms(), self.device.clock_skew_ms)
        self._observed.append(incoming_stamp.bounded_hlc())
        if current is None and name in rules.NATURAL_KEYS:
            other = identity.same_thing(self.conn, name, row.values)
            if other is not None:
                if uuid.UUID(other["id"]) not in stamps:  # its group stamps decide too
                    stamps.update(self._stamps(name, [uuid.UUID(other["id"])]))
                self._remember(name, sent_as, hlc, row.wire, self.device.id, versions, seen)
                survivor = self._merge_identity(
                    name, table, row, other, incoming_stamp, stored, stamps
                )
                changed_stamps[survivor] = stamps[survivor]
                if survivor != uuid.UUID(other["id"]):
                    changed_stamps.pop(uuid.UUID(other["id"]), None)  # retired: no stamps
                return
        base = None
        if row.base is not None:
            for candidate in (sent_as, record_id, *self._merged_into(record_id)):
                payload = versions.get((candidate, row.base))
                if payload is not None:
                    # Compared in today's terms: ids merged since are the survivors' now.
                    base = json.loads(payload)
                    self.aliases.load(
                        value.replace("-", "")
                        for c in rules.id_columns(name)
                        if isinstance(value := base.get(c), str)
                    )
                    base = identity.translate(base, name, self.aliases.known)
                    break
        merged = rules.merge(
            name, current, row.wire, base, stamps.get(record_id, {}), incoming_stamp
        )
        if row.original_id is not None and merged.outcome == "incoming":
            merged.outcome = "merged"  # stored under the survivor's id: HQ stamps it as its own
        self._remember(name, sent_as, hlc, row.wire, self.device.id, versions, seen)
        result_wire = self._store(name, table, current, row, merged, versions, seen)
        stored[record_id] = result_wire
        stamps[record_id] = merged.stamps
        changed_stamps[record_id] = merged.stamps
        self._conflicts(name, current, row.wire, result_wire, merged.losses)

    def _load(
        self,
        table: Table,
        name: str,
        record_id: uuid.UUID,
        stored: dict[uuid.UUID, dict[str, Any]],
        stamps: dict[uuid.UUID, dict[str, rules.Stamp]],
    ) -> dict[str, Any] | None:
        """A record this batch did not lock up front (a translated id): lock and read it."""
        row = self.conn.execute(
            select(table).where(table.c.id == record_id).with_for_update()
        ).first()
        if row is None:
            return None
        stored[record_id] = codec(name).json_dict(row._mapping)
        stamps.update(self._stamps(name, [record_id]))
        return stored[record_id]

    def _merge_identity(
        self,
        name: str,
        table: Table,
        row: Row,
        other: dict[str, Any],
        incoming_stamp: rules.Stamp,
        stored: dict[uuid.UUID, dict[str, Any]],
        stamps: dict[uuid.UUID, dict[str, rules.Stamp]],
    ) -> uuid.UUID:
        """A new record with the natural key of ``other``: one thing entered twice.  Merge.

        Returns the survivor's id.
        """
        other_id = uuid.UUID(other["id"])
        merged = rules.merge_identities(
            name, other, row.wire, stamps.get(other_id, {}), incoming_stamp
        )
        survivor = uuid.UUID(merged.values["id"])
        retired = row.values["id"] if survivor == other_id else other_id
        wire = dict(merged.values)
        wire["version"] = max(other["version"], row.wire["version"]) + 1
        wire["hlc"] = self.hq.tick()
        wire["updated_at"] = self.hq.now().isoformat()
        values = codec(name).from_json_dict(wire)
        port_id = self.device.port_id
        key = ", ".join(f"{c}={other.get(c)}" for c in rules.NATURAL_KEYS[name] if c != "port_id")
        identity.record_alias(
            self.conn,
            entity=name,
            merged=retired,
            survivor=survivor,
            port_id=port_id,
            natural_key=key,
            device_id=self.device.id,
            at=self.hq.now(),
        )
        self._changed("aliases", retired, port_id, rules.HQ_NODE, wire["hlc"])
        if survivor == other_id:
            self.conn.execute(table.update().where(table.c.id == survivor), values)
        else:
            # The stored one leaves once the block is done (``_records``): one pass over
            # the rows referring to it for all the block's merges.
            identity.take_over(self.conn, name, other_id, values)
            self._retiring[other_id] = survivor
            stored.pop(other_id, None)
            stamps.pop(other_id, None)
        self.aliases.add(retired.hex, survivor.hex)
        self._remember(name, survivor, wire["hlc"], wire, rules.HQ_NODE, {}, set())
        self._changed(name, survivor, port_id, rules.HQ_NODE, wire["hlc"])
        self.result.stored += 1
        stored[survivor] = wire
        stamps[survivor] = merged.stamps
        incoming_as_sent = {**row.wire, "id": str(row.original_id or row.values["id"])}
        self._conflicts(name, other, incoming_as_sent, wire, merged.losses)
        return survivor

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
        # A savepoint: after a row the database refuses, the transaction is still
        # good for naming the rows (``_diagnose``), and a bundle's for the rest.
        with conn.begin_nested():
            outcome = Applier(conn, hq, device, source).apply(blocks)
    except IntegrityError as error:
        raise _diagnose(
            conn, hq, device, batch, source, "constraint", f"a row breaks a rule: {error.orig}"
        ) from None
    except (StatementError, DBAPIError) as error:
        raise _diagnose(
            conn, hq, device, batch, source, "malformed", f"a row could not be stored: {error.orig}"
        ) from None
    now = hq.now()
    held.record(conn, device.id, device.port_id, batch, now)
    held.resolve(conn, device.id, batch, now)
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
    record_changes(conn, _latest_only(outcome.changes))
    hq.save(conn)
    return PushAck(
        status="applied",
        first_seq=batch.first_seq,
        last_seq=batch.last_seq,
        acked_through=acked,
        stored=outcome.stored,
        skipped=outcome.skipped,
        conflicts=outcome.conflicts,
        held=len(batch.held),
        hq_clock=hq.clock.last,
    )


def _latest_only(changes: list[ChangeEntry]) -> list[ChangeEntry]:
    """Each record once, at its last change of the batch.

    A row changed again later in the batch (a fact re-pointed by a merge of a
    later block, a record edited twice) goes where its final state belongs:
    after every row it refers to, which is what a post applying the feed in
    order needs.
    """
    last = {(c.entity, c.record_id): i for i, c in enumerate(changes)}
    return [c for i, c in enumerate(changes) if last[(c.entity, c.record_id)] == i]


def _diagnose(
    conn: Connection,
    hq: HQClock,
    device: DeviceInfo,
    batch: PushBatch,
    source: str,
    error: str,
    detail: str,
) -> BatchRefused:
    """Name the rows the database refused: the batch again, a savepoint per row, rolled back."""
    probe = Applier(conn, hq, device, source, probe=True)
    savepoint = conn.begin_nested()
    try:
        probe.apply(decode_batch(batch, device))
    finally:
        savepoint.rollback()
    if not probe.refused:
        return BatchRefused(422, error, detail)
    first = probe.refused[0]
    return BatchRefused(
        422,
        probe.refused[0].error,
        f"{len(probe.refused)} row(s) break a rule of HQ's schema (entry {first.seq}: "
        f"{first.detail})",
        probe.refused,
    )


def apply_setting_aside(
    conn: Connection,
    hq: HQClock,
    device: DeviceInfo,
    batches: Sequence[PushBatch],
    *,
    source: str,
) -> list[PushAck]:
    """Apply batches no post is there to answer for (a bundle): HQ sets refused entries aside.

    A refused entry, and every later entry of the batches that refers to it,
    is declared held exactly as the post would declare it, and the batch
    applied without them; its key keeps the body hash of the batch as the
    post wrote it, so the same batch pushed later is a duplicate.  The post
    learns what was set aside from ``/v1/status``.
    """
    held_records: set[tuple[str, str]] = set()
    acks = []
    for batch in batches:
        body_sha256 = batch_digest(batch)
        attempt = set_aside(batch, held_records, {})
        for _ in range(MAX_BATCH_ROWS):
            try:
                acks.append(apply_batch(conn, hq, device, attempt, body_sha256, source=source))
                break
            except BatchRefused as refused:
                if not refused.entries:
                    raise
                attempt = set_aside(
                    attempt, held_records, {entry.seq: entry for entry in refused.entries}
                )
    return acks


def batch_digest(batch: PushBatch) -> str:
    """The body hash a batch key is bound to: its canonical JSON, however it travelled."""
    return digest(batch.model_dump_json().encode())


def set_aside(
    batch: PushBatch, held_records: set[tuple[str, str]], refused: Mapping[int, HeldEntry]
) -> PushBatch:
    """``batch`` without the refused entries and the entries that depend on them, declared held.

    ``held_records`` ((entity, id hex) of records set aside) is read and
    extended: the rule is ``rules.dependents``, the one a post applies.
    """
    held_records.update((e.entity, e.record_id.hex) for e in refused.values())
    rows = sorted(
        (seq, section.entity, section.column("id")[i], i, section)
        for section in batch.sections
        for i, seq in enumerate(section.seqs or [])
    )
    waiting = rules.dependents(
        [
            (seq, entity, record_id, _refs(section, i))
            for seq, entity, record_id, i, section in rows
            if seq not in refused
        ],
        held_records,
    )
    declared = list(batch.held) + list(refused.values())
    declared += [
        HeldEntry(
            seq=seq,
            entity=entity,
            record_id=uuid.UUID(record_id),
            error=DEPENDS,
            detail=f"refers to {blocked[0]} {uuid.UUID(blocked[1])}, which is set aside",
            blocked_entity=blocked[0],
            blocked_id=uuid.UUID(blocked[1]),
        )
        for seq, entity, record_id, _, _ in rows
        if (blocked := waiting.get(seq)) is not None
    ]
    dropped = set(refused) | set(waiting)
    sections = []
    for section in batch.sections:
        keep = [i for i, seq in enumerate(section.seqs or []) if seq not in dropped]
        if not keep:
            continue
        sections.append(
            section.model_copy(
                update={
                    "values": [[column[i] for i in keep] for column in section.values],
                    "seqs": [section.seqs[i] for i in keep] if section.seqs else None,
                    "bases": [section.bases[i] for i in keep] if section.bases else None,
                }
            )
        )
    return batch.model_copy(
        update={"sections": sections, "held": sorted(declared, key=lambda e: e.seq)}
    )


def _refs(section: Section, index: int) -> list[tuple[str, str]]:
    return rules.row_refs(section.entity, lambda column: section.column(column)[index])


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
