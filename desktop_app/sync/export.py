"""Write the unsent outbox to a sealed, signed bundle file (``checkpoint-desk export-bundle``).

Sealed to HQ's key (learned at enrolment): the stick it travels on, lost,
gives nobody the travellers it lists, the post included.

Nothing is marked as sent: the post learns what HQ accepted at its next
contact (HQ's ``acked_through``), so a bundle lost on the way costs nothing.
The batches start where the first unacknowledged entry is and are cut the
way a push cuts them, so a push of the same entries is a duplicate to HQ.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from db.models import OutboxEntry
from desktop_app.desk import Desk
from desktop_app.protocol.bundle import BundleManifest, encode_bundle
from desktop_app.protocol.messages import PROTOCOL, PUSH_ROWS, PushBatch, schema_version
from desktop_app.sync import local
from desktop_app.sync.batches import build_batch
from desktop_app.version import __version__


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    batches: int
    rows: int
    first_seq: int | None
    last_seq: int | None
    size: int


def export_bundle(desk: Desk, path: Path, *, rows_per_batch: int = PUSH_ROWS) -> ExportSummary:
    credential = local.credential(desk)  # a bundle is signed: the post must be enrolled
    box_key = local.read_values(desk, local.HQ_BOX_KEY).get(local.HQ_BOX_KEY)
    if not box_key:
        raise local.NotEnrolled(
            "this desk was enrolled before bundles were sealed and does not know HQ's key: "
            "enrol it again with a new code (`checkpoint-hq enroll --device ID`), then export"
        )
    with desk.read() as s:
        first_unacked = s.scalar(
            select(func.min(OutboxEntry.seq)).where(OutboxEntry.acked_at.is_(None))
        )
    batches: list[PushBatch] = []
    if first_unacked is not None:
        after = first_unacked - 1
        while (batch := build_batch(desk, after, rows_per_batch)) is not None:
            batches.append(batch)
            after = batch.last_seq
    manifest = BundleManifest(
        device_id=desk.device_id,
        port_code=desk.port_code,
        created_at=desk.now(),
        protocol=PROTOCOL,
        app_version=__version__,
        schema_version=schema_version(),
        batches=batches,
    )
    data = encode_bundle(manifest, credential.key, box_key)
    # Write beside the target and rename: a pulled USB stick leaves no half file.
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    partial.replace(path)
    return ExportSummary(
        path=path,
        batches=len(batches),
        rows=sum(b.row_count for b in batches),
        first_seq=batches[0].first_seq if batches else None,
        last_seq=batches[-1].last_seq if batches else None,
        size=len(data),
    )
