"""A hub with no link to HQ at all: its queue for HQ in one signed bundle file.

``checkpoint-hq hub-export-bundle FILE --db …hub…`` writes every batch of
the hub's desks that HQ has not acknowledged, with the desks the hub vouches
for, signed with the hub's own key; ``checkpoint-hq import-bundle FILE`` at
HQ registers the desks and applies the batches as a relay does.  Nothing is
marked sent at the hub: it learns what HQ holds at its next exchange, where
the same batches are answered ``duplicate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from db.base import utcnow
from desktop_app.protocol import messages as protocol
from desktop_app.protocol.bundle import BundleManifest, encode_bundle
from desktop_app.protocol.messages import HubDesk, PushBatch, RelayedBatch
from desktop_app.protocol.signing import private_key_from_text
from desktop_app.version import __version__
from hq.hub import state
from hq.models import Device, RelayEntry


@dataclass(frozen=True)
class HubBundle:
    desks: int
    batches: int
    rows: int


def export_bundle(engine: Engine, path: Path) -> HubBundle:
    config = state.config(engine)
    if config is None:
        raise state.NotAHub("this database is not a hub that joined HQ (checkpoint-hq hub-join)")
    with engine.connect() as conn:
        values = state.read_all(conn)
        through = state.number(values, state.RELAYED_THROUGH)
        offset_ms = round(-float(values.get(state.OFFSET) or 0.0) * 1000)
        desks = [
            HubDesk(
                device_id=d.id,
                public_key=d.public_key,
                label=d.label,
                revoked=d.revoked_at is not None,
            )
            for d in conn.execute(select(Device.__table__).order_by(Device.enrolled_at))
        ]
        queued = list(
            conn.execute(
                select(RelayEntry.__table__).where(RelayEntry.id > through).order_by(RelayEntry.id)
            )
        )
    relayed = [
        RelayedBatch(
            device_id=e.device_id,
            clock_skew_ms=e.clock_skew_ms + offset_ms,
            batch=PushBatch.model_validate_json(e.body),
        )
        for e in queued
    ]
    manifest = BundleManifest(
        device_id=config.device_id,
        port_code=config.port_code,
        created_at=utcnow(),
        protocol=protocol.PROTOCOL,
        app_version=__version__,
        schema_version=protocol.schema_version(),
        batches=[],
        desks=desks,
        relayed=relayed,
    )
    if not config.hq_box_key:
        raise state.NotAHub(
            "this hub joined HQ before bundles were sealed to HQ's key: join it again"
        )
    key = private_key_from_text(config.private_key)
    path.write_bytes(encode_bundle(manifest, key, config.hq_box_key))
    return HubBundle(len(desks), len(relayed), sum(e.rows for e in queued))
