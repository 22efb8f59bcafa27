"""Test and benchmark support that spans both sides of sync: a desk enrolled at a real HQ,
and Jepsen's set checker over what the desks wrote and what HQ holds.

It lives with the tests, not in ``hq``: it drives the desk's own ``SyncClient``
and reads its ``Desk``, which HQ's code never imports (the import-linter
contracts in pyproject.toml hold HQ to the shared ``desktop_app.protocol``).
The HQ-side harness (a real HQ in a subprocess, the fault proxy) is
``hq.testing``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, func, select

from db.base import utcnow
from db.models import ClearanceEvent, OutboxEntry
from desktop_app.desk import Desk
from desktop_app.protocol.codec import codec, fact_tables, synced_tables
from desktop_app.protocol.messages import EnrollResponse
from desktop_app.sync.client import SyncClient
from hq import devices
from hq.models import Alias


def enroll(engine: Engine, desk: Desk, hq_url: str, label: str = "") -> EnrollResponse:
    """Make a code at HQ's database and enrol the desk with it over HTTP."""
    code = devices.create_code(engine, desk.port_code, utcnow())
    with SyncClient(desk, hq_url) as client:
        return client.enroll(code, label)


# -- the set checker -----------------------------------------------------------------


@dataclass(frozen=True)
class SetCheck:
    """Jepsen's set-checker figures for records written at posts and expected at HQ."""

    written: int  # records the posts wrote (distinct outbox records)
    stored: int  # of those, found at HQ
    lost: int  # written, not at HQ
    unexpected: int  # at HQ from these devices, but no post wrote them
    duplicated: int  # a clearance step stored twice under different ids
    diverged: int  # mutable records whose HQ version differs from the post's
    never_read: int  # records of a port that its reader device never received
    read: int  # records checked at reader devices
    examples: tuple[str, ...] = ()  # what differs, for the first few diverged records

    def line(self) -> str:
        return (
            f"written {self.written}  stored {self.stored}  lost {self.lost}  "
            f"duplicated {self.duplicated}  unexpected {self.unexpected}  "
            f"diverged {self.diverged}  read {self.read}  never-read {self.never_read}"
        ) + "".join(f"\n  {example}" for example in self.examples)

    @property
    def ok(self) -> bool:
        return (
            self.lost == self.unexpected == self.duplicated == self.diverged == self.never_read == 0
            and self.stored == self.written
        )


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rows(conn: Any, table: Table, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(select(table).where(table.c.id.in_(chunk))):
            found[row.id] = codec(table.name).json_dict(row._mapping)
    return found


def check_union(engine: Engine, writers: list[Desk], readers: Sequence[Desk] = ()) -> SetCheck:
    """Compare what the posts wrote with what HQ holds (and what readers received).

    A record HQ merged into another of the same natural key is found under
    the survivor's id, at HQ and at the post (which retired the merged one).
    """
    with engine.connect() as conn:
        merged = dict(conn.execute(select(Alias.merged_id, Alias.survivor_id)).all())
    written: dict[tuple[str, uuid.UUID], Desk] = {}
    for desk in writers:
        with desk.read() as s:
            for entity, record_id in s.execute(
                select(OutboxEntry.entity, OutboxEntry.record_id).distinct()
            ):
                written[(entity, merged.get(record_id, record_id))] = desk
    by_entity: dict[str, list[uuid.UUID]] = {}
    for entity, record_id in written:
        by_entity.setdefault(entity, []).append(record_id)
    devices_ids = [d.device_id for d in writers]
    stored = diverged = unexpected = 0
    at_hq: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    with engine.connect() as conn:
        for entity, ids in by_entity.items():
            table = synced_tables()[entity]
            found = _rows(conn, table, ids)
            stored += len(found)
            at_hq.update({(entity, i): v for i, v in found.items()})
        for name in fact_tables():
            table = synced_tables()[name]
            for (record_id,) in conn.execute(
                select(table.c.id).where(table.c.origin_device.in_(devices_ids))
            ):
                unexpected += (name, record_id) not in written
        events = ClearanceEvent.__table__
        steps = (
            select(events.c.clearance_id, events.c.step, events.c.at, events.c.supersedes_id)
            .group_by(events.c.clearance_id, events.c.step, events.c.at, events.c.supersedes_id)
            .having(func.count() > 1)
            .subquery()
        )
        duplicated = int(conn.execute(select(func.count()).select_from(steps)).scalar_one())
    examples: list[str] = []
    for (entity, record_id), desk in written.items():
        if (entity, record_id) not in at_hq:
            continue
        with desk.read() as s:
            mine = _rows(s.connection(), synced_tables()[entity], [record_id])[record_id]
        theirs = at_hq[(entity, record_id)]
        if mine != theirs:
            diverged += 1
            if len(examples) < 5:
                differ = {k: (mine[k], theirs.get(k)) for k in mine if mine[k] != theirs.get(k)}
                examples.append(f"{entity} {record_id} post vs HQ: {differ}")
    read = never_read = 0
    for reader in readers:
        port_records = [key for key, desk in written.items() if desk.port_id == reader.port_id]
        with reader.read() as s:
            for entity in {e for e, _ in port_records}:
                ids = [i for e, i in port_records if e == entity]
                have = _rows(s.connection(), synced_tables()[entity], ids)
                read += len(ids)
                never_read += len(ids) - len(have)
    return SetCheck(
        written=len(written),
        stored=stored,
        lost=len(written) - stored,
        unexpected=unexpected,
        duplicated=duplicated,
        diverged=diverged,
        never_read=never_read,
        read=read,
        examples=tuple(examples),
    )


@dataclass(frozen=True)
class IdentityCheck:
    """One identity for one real thing, everywhere: the figures a multi-desk run prints."""

    aliases: int  # records merged into another at HQ
    duplicates: int  # natural keys held twice (at HQ or at a desk)
    dangling: int  # rows still naming a merged id (at HQ or at a desk)
    differing: int  # rows of the port a desk holds otherwise than HQ (or lacks)
    held: int  # entries set aside, at the desks and at HQ
    pending: int  # entries not sent yet, at the desks
    examples: tuple[str, ...] = ()

    def line(self) -> str:
        return (
            f"aliases {self.aliases}  duplicates {self.duplicates}  dangling {self.dangling}  "
            f"differing {self.differing}  held {self.held}  pending {self.pending}"
        ) + "".join(f"\n  {example}" for example in self.examples)

    @property
    def ok(self) -> bool:
        return self.duplicates == self.dangling == self.differing == self.held == 0 == self.pending


def check_identity(engine: Engine, desks: Sequence[Desk]) -> IdentityCheck:
    """Every desk of a port holds what HQ holds of it, under one id per real thing."""
    from desktop_app.protocol import rules
    from desktop_app.sync import quarantine
    from desktop_app.sync.state import pending_count
    from hq.models import Held

    examples: list[str] = []
    with engine.connect() as conn:
        merged = {m for (m,) in conn.execute(select(Alias.merged_id))}
        held = int(
            conn.execute(
                select(func.count()).select_from(Held).where(Held.resolved_at.is_(None))
            ).scalar_one()
        )
        at_hq = {
            name: {
                row.id: codec(name).json_dict(row._mapping)
                for row in conn.execute(
                    select(table).where(table.c.port_id.in_({d.port_id for d in desks}))
                )
            }
            for name, table in synced_tables().items()
            if "port_id" in table.c
        }
    duplicates = dangling = differing = 0

    def scan(where: str, tables: dict[str, dict[uuid.UUID, dict[str, Any]]]) -> None:
        nonlocal duplicates, dangling
        for name, key in rules.NATURAL_KEYS.items():
            keys = [tuple(r[c] for c in key) for r in tables[name].values()]
            if len(keys) != len(set(keys)):
                duplicates += len(keys) - len(set(keys))
                examples.append(f"{where}: {name} natural key held twice")
        named: list[tuple[str, str]] = [(name, "id") for name in rules.NATURAL_KEYS]
        named += [ref for name in rules.NATURAL_KEYS for ref in rules.references(name)]
        audit, _, audit_id = rules.SOFT_REFERENCE
        named.append((audit, audit_id))
        for name, column in named:
            for row in tables[name].values():
                value = row.get(column)
                if value is not None and uuid.UUID(value) in merged:
                    dangling += 1
                    if len(examples) < 8:
                        examples.append(f"{where}: {name} {row['id']}.{column} names a merged id")

    scan("HQ", at_hq)
    pending = 0
    for desk in desks:
        with desk.read() as s:
            conn = s.connection()
            mine = {
                name: {
                    row.id: codec(name).json_dict(row._mapping)
                    for row in conn.execute(
                        select(synced_tables()[name]).where(
                            synced_tables()[name].c.port_id == desk.port_id
                        )
                    )
                }
                for name in at_hq
            }
        scan(desk.device_id[:8], mine)
        for name, rows in at_hq.items():
            for record_id, theirs in rows.items():
                if theirs.get("port_id") != str(desk.port_id):
                    continue
                if mine[name].get(record_id) != theirs:
                    differing += 1
                    if len(examples) < 8:
                        ours = mine[name].get(record_id)
                        what = (
                            "missing"
                            if ours is None
                            else {
                                k: (ours[k], theirs.get(k))
                                for k in ours
                                if ours[k] != theirs.get(k)
                            }
                        )
                        examples.append(f"{desk.device_id[:8]}: {name} {record_id}: {what}")
            differing += len(set(mine[name]) - set(rows))
        held += quarantine.held_count(desk)
        pending += pending_count(desk)
    return IdentityCheck(
        aliases=len(merged),
        duplicates=duplicates,
        dangling=dangling,
        differing=differing,
        held=held,
        pending=pending,
        examples=tuple(examples),
    )
