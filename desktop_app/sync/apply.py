"""Apply one pulled page in one local transaction, with the cursor that follows it.

Rows, the cursor and the conflicts HQ reported commit together, so a crash
or a cut link between them is impossible: the next pull starts exactly
after the last page applied.  Rules:

* facts are inserted unless present (they never change);
* a mutable record with unsent local changes is not touched: HQ has not
  seen this post's change yet, will merge the two when it arrives, and
  sends the merged version back on a later pull;
* a version older than the local one (lower version number) is skipped:
  HQ's versions of a record only grow, so a newer one follows in the feed;
* anything else replaces the local row, and is remembered as the base of
  the next local edit (``sync_bases``).

Aliases (records HQ merged into another of the same natural key) are
applied first, then every row's references to merged ids are translated
(``identity``).  A pulled record with the natural key of a local one HQ
has not merged yet is met here by HQ's own rule: the smaller id survives.

Rows are written with Core statements: applying 1,000 rows through the ORM
unit of work would cost more than the fsync of the commit.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from db.models import OutboxEntry, SyncBase, SyncConflict
from desktop_app.desk import Desk
from desktop_app.protocol import rules
from desktop_app.protocol.codec import codec, fact_tables, synced_tables
from desktop_app.protocol.messages import PullPage
from desktop_app.sync import identity, local
from desktop_app.sync.storage import write_rows


@dataclass(frozen=True)
class AppliedPage:
    rows: int  # rows written
    deferred: int  # records left alone because they have unsent local changes
    stale: int  # versions older than the local ones (or of records merged into another)
    conflicts: int  # conflict records received
    aliases: int = 0  # aliases received (records merged into another)


def apply_page(desk: Desk, page: PullPage) -> AppliedPage:
    with desk.unit(remote=True) as s:
        result = _apply(s, page)
        local.write(s, {local.CURSOR: page.next_cursor, local.HQ_CLOCK: page.hq_clock})
    desk.hlc.observe(page.hq_clock)
    return result


def _apply(s: Session, page: PullPage) -> AppliedPage:
    conn = s.connection()
    written = deferred = stale = 0
    changed: set[str] = set()
    now = s.info["write"].now()
    if page.aliases:
        identity.retire(
            conn,
            [(a.entity, a.merged_id, a.survivor_id) for a in page.aliases],
            source="hq",
            at=now,
        )
        changed.update({a.entity for a in page.aliases} | {"sync_aliases"})
    aliases = identity.alias_map(conn)
    high_seq = s.scalar(select(func.max(OutboxEntry.seq))) or 0
    bases: list[dict[str, Any]] = []
    for section in sorted(page.sections, key=lambda x: list(synced_tables()).index(x.entity)):
        rows = codec(section.entity).decode_columns(section.columns, section.values)
        if not rows:
            continue
        if section.entity in fact_tables():
            identity.translate(section.entity, rows, aliases)
            write_rows(conn, synced_tables()[section.entity], rows, replace=False)
            written += len(rows)
            changed.add(section.entity)
            continue
        fresh = [r for r in rows if r["id"] not in aliases]
        stale += len(rows) - len(fresh)  # a merged record's: its survivor's version follows
        identity.translate(section.entity, fresh, aliases)
        if section.entity in rules.NATURAL_KEYS:
            known = len(aliases)
            fresh = _meet(conn, section.entity, fresh, aliases, now)
            if len(aliases) > known:
                changed.update({section.entity, "sync_aliases"})
        pending = _pending(s, [r["id"] for r in fresh], aliases)
        local_versions = _versions(s, section.entity, [r["id"] for r in fresh])
        take = []
        for row in fresh:
            if row["id"] in pending:
                deferred += 1
            elif row["version"] < local_versions.get(row["id"], 0):
                stale += 1
            else:
                take.append(row)
        if not take:
            continue
        write_rows(conn, synced_tables()[section.entity], take, replace=True)
        bases += [
            {"entity": section.entity, "record_id": r["id"], "hlc": r["hlc"], "after_seq": high_seq}
            for r in take
        ]
        written += len(take)
        changed.add(section.entity)
    write_rows(conn, SyncBase.__table__, bases, replace=True)  # type: ignore[arg-type]
    if page.conflicts:
        conn.execute(
            sqlite.insert(SyncConflict.__table__).on_conflict_do_nothing(),
            [c.model_dump() for c in page.conflicts],
        )
        changed.add(SyncConflict.__tablename__)
    s.info["write"].changed_tables.update(changed)
    return AppliedPage(written, deferred, stale, len(page.conflicts), len(page.aliases))


def _meet(
    conn: Connection,
    entity: str,
    rows: list[dict[str, Any]],
    aliases: dict[uuid.UUID, uuid.UUID],
    now: datetime,
) -> list[dict[str, Any]]:
    """Pulled records meeting a local one of the same natural key: HQ's rule, applied here.

    The smaller id survives (``rules.survivor``).  If it is the local one,
    the pulled row is not taken (HQ merges the two when the local one
    arrives, and sends the result); if it is the pulled one, the local row
    becomes it, keeping its values until HQ's merge comes back.
    """
    take = []
    for row in rows:
        local = identity.same_thing(conn, entity, row)
        if local is None:
            take.append(row)
            continue
        keep = rules.survivor(local, row["id"])
        if keep == local:
            aliases[row["id"]] = local
            identity.retire(conn, [(entity, row["id"], local)], source="local", at=now)
        else:
            aliases[local] = row["id"]
            identity.retire(conn, [(entity, local, row["id"])], source="local", at=now)
            take.append(row)
    return take


def _pending(
    s: Session, ids: list[uuid.UUID], aliases: dict[uuid.UUID, uuid.UUID]
) -> set[uuid.UUID]:
    """Records that have local changes HQ has not acknowledged (under any id they had)."""
    wanted = set(ids)
    merged = {m: v for m, v in aliases.items() if v in wanted}
    lookup = list(wanted | set(merged))
    found: set[uuid.UUID] = set()
    for start in range(0, len(lookup), 500):  # SQLite's bound-parameter limit
        found.update(
            s.scalars(
                select(OutboxEntry.record_id)
                .where(
                    OutboxEntry.record_id.in_(lookup[start : start + 500]),
                    OutboxEntry.acked_at.is_(None),
                )
                .distinct()
            )
        )
    return {merged.get(record_id, record_id) for record_id in found}


def _versions(s: Session, entity: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    table = synced_tables()[entity]
    out: dict[uuid.UUID, int] = defaultdict(int)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(table.c.id, table.c.version).where(table.c.id.in_(chunk))
        out.update((record_id, version) for record_id, version in s.execute(query))
    return out
