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

Rows are written with Core statements: applying 1,000 rows through the ORM
unit of work would cost more than the fsync of the commit.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from db.models import OutboxEntry, SyncBase, SyncConflict
from desktop_app.desk import Desk
from desktop_app.sync import local
from desktop_app.sync.codec import codec, fact_tables, synced_tables
from desktop_app.sync.protocol import PullPage
from desktop_app.sync.storage import write_rows


@dataclass(frozen=True)
class AppliedPage:
    rows: int  # rows written
    deferred: int  # records left alone because they have unsent local changes
    stale: int  # versions older than the local ones
    conflicts: int  # conflict records received


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
    mutable_ids = [
        uuid.UUID(value)
        for section in page.sections
        if section.entity not in fact_tables()
        for value in section.column("id")
    ]
    pending = _pending(s, mutable_ids)
    high_seq = s.scalar(select(func.max(OutboxEntry.seq))) or 0
    bases: list[dict[str, Any]] = []
    for section in sorted(page.sections, key=lambda x: list(synced_tables()).index(x.entity)):
        rows = codec(section.entity).decode_columns(section.columns, section.values)
        if not rows:
            continue
        if section.entity in fact_tables():
            write_rows(conn, synced_tables()[section.entity], rows, replace=False)
            written += len(rows)
            changed.add(section.entity)
            continue
        local_versions = _versions(s, section.entity, [r["id"] for r in rows])
        take = []
        for row in rows:
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
    return AppliedPage(written, deferred, stale, len(page.conflicts))


def _pending(s: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Records that have local changes HQ has not acknowledged."""
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        found.update(
            s.scalars(
                select(OutboxEntry.record_id)
                .where(
                    OutboxEntry.record_id.in_(ids[start : start + 500]),
                    OutboxEntry.acked_at.is_(None),
                )
                .distinct()
            )
        )
    return found


def _versions(s: Session, entity: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    table = synced_tables()[entity]
    out: dict[uuid.UUID, int] = defaultdict(int)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(table.c.id, table.c.version).where(table.c.id.in_(chunk))
        out.update((record_id, version) for record_id, version in s.execute(query))
    return out
