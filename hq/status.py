"""What HQ holds per port, and the conflicts it kept (`checkpoint-hq status`, `conflicts`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from db.models import ClearanceEvent, Port
from desktop_app.protocol.codec import synced_tables
from desktop_app.reference import SEED_DEVICE
from hq import held
from hq.models import Alias, Conflict, Device, RefusedBatch


@dataclass(frozen=True)
class PortStatus:
    code: str
    name_en: str
    devices: int
    revoked: int
    last_sync: datetime | None
    records: int  # rows of this port sent by posts (reference seeds not counted)
    by_table: dict[str, int]
    latest_data: datetime | None  # the latest clearance event recorded at the port
    conflicts: int
    refused_batches: int
    held: int  # entries its devices set aside (quarantine), not yet resolved
    merged: int  # records merged into another of the same natural key (aliases)


def port_status(engine: Engine) -> list[PortStatus]:
    with engine.connect() as conn:
        ports = conn.execute(select(Port.id, Port.code, Port.name_en).order_by(Port.code)).all()
        device_rows = conn.execute(
            select(Device.id, Device.port_id, Device.revoked_at, Device.last_seen_at)
        ).all()
        counts: dict[uuid.UUID, dict[str, int]] = {p.id: {} for p in ports}
        for name, table in synced_tables().items():
            if "port_id" not in table.c:
                continue
            query = (
                select(table.c.port_id, func.count())
                .where(table.c.origin_device != SEED_DEVICE)
                .group_by(table.c.port_id)
            )
            for port_id, count in conn.execute(query):
                if port_id in counts and count:
                    counts[port_id][name] = count
        latest = dict(
            conn.execute(
                select(ClearanceEvent.port_id, func.max(ClearanceEvent.at)).group_by(
                    ClearanceEvent.port_id
                )
            ).all()
        )
        conflicts = dict(
            conn.execute(select(Conflict.port_id, func.count()).group_by(Conflict.port_id)).all()
        )
        refused = dict(
            conn.execute(
                select(Device.port_id, func.count())
                .join(RefusedBatch, RefusedBatch.device_id == Device.id)
                .group_by(Device.port_id)
            ).all()
        )
        set_aside = held.per_port(conn)
        merged = dict(
            conn.execute(select(Alias.port_id, func.count()).group_by(Alias.port_id)).all()
        )
    out = []
    for port in ports:
        mine = [d for d in device_rows if d.port_id == port.id]
        seen = [d.last_seen_at for d in mine if d.last_seen_at is not None]
        out.append(
            PortStatus(
                code=port.code,
                name_en=port.name_en,
                devices=len(mine),
                revoked=sum(d.revoked_at is not None for d in mine),
                last_sync=max(seen) if seen else None,
                records=sum(counts[port.id].values()),
                by_table=counts[port.id],
                latest_data=latest.get(port.id),
                conflicts=conflicts.get(port.id, 0),
                refused_batches=refused.get(port.id, 0),
                held=set_aside.get(port.id, 0),
                merged=merged.get(port.id, 0),
            )
        )
    return out


@dataclass(frozen=True)
class ConflictLine:
    id: uuid.UUID
    detected_at: datetime
    port_code: str
    entity: str
    record_id: uuid.UUID
    rule: str
    fields: list[str]
    losing_writer: str
    winning_writer: str
    losing: dict[str, Any]
    winning: dict[str, Any]


def conflicts(engine: Engine, port_code: str | None = None, limit: int = 200) -> list[ConflictLine]:
    """Losing versions HQ kept, newest first."""
    with engine.connect() as conn:
        codes = dict(conn.execute(select(Port.id, Port.code)).all())
        query = select(Conflict.__table__).order_by(Conflict.detected_at.desc()).limit(limit)
        if port_code:
            wanted = [pid for pid, code in codes.items() if code == port_code.upper()]
            query = query.where(Conflict.port_id.in_(wanted))
        rows = conn.execute(query).all()
    return [
        ConflictLine(
            id=c.id,
            detected_at=c.detected_at,
            port_code=codes.get(c.port_id, "-"),
            entity=c.entity,
            record_id=c.record_id,
            rule=c.rule,
            fields=list(c.fields),
            losing_writer=c.losing_writer,
            winning_writer=c.winning_writer,
            losing=dict(c.losing),
            winning=dict(c.winning),
        )
        for c in rows
    ]
