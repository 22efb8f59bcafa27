"""HQ's own writes: the reference data it seeds, and forecasts it sends down.

Every row HQ writes gets a version in ``hq_versions`` and an entry in the
change log, so posts pull it like any other change.  Reference rows are
seeded exactly as a post seeds them (``desktop_app.reference``: the same
deterministic ids and stamp), so the copies a post already has match.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, select

from db.base import new_id, utcnow
from db.engine import session_factory, writer
from db.models import DutyTeam, Forecast, Lane, Port, PortCalendar
from desktop_app import reference
from desktop_app.protocol import rules
from desktop_app.protocol.codec import codec, synced_tables
from hq.models import FieldStamps, Version
from hq.store import ChangeEntry, HQClock, begin_write, insert_ignore, record_changes, upsert


def _log_versions(
    conn: Connection,
    entity: str,
    rows: Sequence[Mapping[str, Any]],
    source: str,
    received_at: Any,
    *,
    port_scoped: bool = True,
) -> list[ChangeEntry]:
    """Store each row (JSON forms) as a version and return its change entries."""
    if not rows:
        return []
    conn.execute(
        insert_ignore(conn, Version.__table__),  # type: ignore[arg-type]
        [
            {
                "entity": entity,
                "record_id": uuid.UUID(r["id"]),
                "hlc": r["hlc"],
                "payload": json.dumps(r, ensure_ascii=False, separators=(",", ":")),
                "device_id": source,
                "received_at": received_at,
            }
            for r in rows
        ],
    )
    return [
        ChangeEntry(
            entity,
            uuid.UUID(r["id"]),
            uuid.UUID(r["port_id"]) if port_scoped else None,
            source,
            r["hlc"],
        )
        for r in rows
    ]


def seed_reference(engine: Engine) -> list[str]:
    """Seed every port of ``resources/reference`` that HQ lacks; returns their codes."""
    new_codes = []
    with session_factory(writer(engine))() as session:
        session.info["write"] = reference.seed_context()
        for code in reference.ports():
            if session.get(Port, reference.reference_id("port", code)) is None:
                reference.seed_port(session, code)
                new_codes.append(code)
        session.flush()
        conn = session.connection()
        now = utcnow()
        changes: list[ChangeEntry] = []
        for code in new_codes:
            port_id = reference.reference_id("port", code)
            port = conn.execute(select(Port.__table__).where(Port.id == port_id)).one()
            changes += _log_versions(
                conn,
                "ports",
                [codec("ports").json_dict(port._mapping)],
                reference.SEED_DEVICE,
                now,
                port_scoped=False,  # every post may read the list of ports
            )
            for model in (Lane, DutyTeam, PortCalendar):
                table = model.__table__
                rows = conn.execute(select(table).where(table.c.port_id == port_id)).all()  # type: ignore[attr-defined]
                changes += _log_versions(
                    conn,
                    model.__tablename__,
                    [codec(model.__tablename__).json_dict(r._mapping) for r in rows],
                    reference.SEED_DEVICE,
                    now,
                )
        record_changes(conn, changes)
        session.commit()
    return new_codes


# -- forecasts ----------------------------------------------------------------


def create_forecasts(
    engine: Engine, hq: HQClock, port_code: str, forecasts: Iterable[Mapping[str, Any]]
) -> list[uuid.UUID]:
    """Add forecasts at HQ (Python values, as ``Forecast`` columns) in one transaction."""
    with begin_write(engine) as conn:
        return insert_forecasts(conn, hq, port_code, forecasts)


def insert_forecasts(
    conn: Connection, hq: HQClock, port_code: str, forecasts: Iterable[Mapping[str, Any]]
) -> list[uuid.UUID]:
    """``create_forecasts`` in the caller's write transaction (the console audits in it)."""
    port_id = reference.reference_id("port", reference.port_spec(port_code).code)
    table_codec = codec("forecasts")
    now = hq.now()
    rows = []
    for given in forecasts:
        values = {
            "id": new_id(),
            "carrier": "",
            "expected_travellers": 0,
            "expected_vehicles": 0,
            "notes": "",
            "arrived_at": None,
            "preinspection": "pending",
            "status": "expected",
            "source": "hq",
            "cargo": "none",
            "deleted": False,
            # HQ announces what it sends, the moment it enters it, unless told otherwise.
            "announced_at": now,
            "announced_by": "",
            "actual_travellers": None,
            "actual_vehicles": None,
            "actual_method": None,
            **given,
            "entered_at": now,
            "port_id": port_id,
            "origin_device": rules.HQ_NODE,
            "version": 1,
            "hlc": hq.tick(),
            "updated_at": now,
        }
        rows.append(values)
    if not rows:
        return []
    conn.execute(Forecast.__table__.insert(), rows)
    changes = _log_versions(
        conn, "forecasts", [table_codec.json_dict(r) for r in rows], rules.HQ_NODE, now
    )
    record_changes(conn, changes)
    hq.save(conn)
    return [r["id"] for r in rows]


def update_record(
    engine: Engine, hq: HQClock, entity: str, record_id: uuid.UUID, **changes: Any
) -> dict[str, Any]:
    """Change fields of a mutable record at HQ (Python values); returns it in JSON forms.

    HQ edits the stored record itself, so this is never a conflict; a post
    that changed the same group concurrently meets it when it pushes.
    """
    with begin_write(engine) as conn:
        return change_record(conn, hq, entity, record_id, **changes)


def change_record(
    conn: Connection, hq: HQClock, entity: str, record_id: uuid.UUID, **changes: Any
) -> dict[str, Any]:
    """``update_record`` in the caller's write transaction (the console audits in it)."""
    table = synced_tables()[entity]
    table_codec = codec(entity)
    unknown = set(changes) - set(table_codec.columns) | (set(changes) & rules.META)
    if unknown:
        raise KeyError(f"{entity} has no editable column {sorted(unknown)[0]!r}")
    row = conn.execute(select(table).where(table.c.id == record_id).with_for_update()).first()
    if row is None:
        raise KeyError(f"no {entity} {record_id}")
    before = table_codec.json_dict(row._mapping)
    values = {**row._mapping, **changes}
    values["version"] = row.version + 1
    values["hlc"] = hq.tick()
    values["updated_at"] = hq.now()
    conn.execute(table.update().where(table.c.id == record_id), values)
    after = table_codec.json_dict(values)
    stamp = rules.Stamp.unbounded(values["hlc"])
    stamps = dict(
        conn.execute(
            select(FieldStamps.stamps).where(
                FieldStamps.entity == entity, FieldStamps.record_id == record_id
            )
        ).scalar()
        or {}
    )
    for group in rules.groups(entity):
        if any(before.get(f) != after.get(f) for f in group.fields):
            stamps[group.name] = stamp.as_json()
    upsert(
        conn,
        FieldStamps.__table__,  # type: ignore[arg-type]
        [{"entity": entity, "record_id": record_id, "stamps": stamps}],
        ["entity", "record_id"],
    )
    port_scoped = "port_id" in table.c
    record_changes(
        conn,
        _log_versions(conn, entity, [after], rules.HQ_NODE, hq.now(), port_scoped=port_scoped),
    )
    hq.save(conn)
    return after
