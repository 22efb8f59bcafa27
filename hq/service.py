"""HQ's operations, independent of HTTP: push, pull, status, enrolment, bundle import.

The web app (``hq.app``) and the command line (``hq.cli``) both call these.
Each operation is one transaction; a refused batch is recorded in its own
transaction after the refused one rolled back, so the report survives.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import OperationalError

from desktop_app.sync import protocol
from desktop_app.sync.bundle import BundleError, bundle_device, decode_bundle
from desktop_app.sync.codec import WireError, decompress, digest
from desktop_app.sync.protocol import (
    EnrollRequest,
    EnrollResponse,
    PullPage,
    PushAck,
    PushBatch,
    StatusResponse,
)
from hq import devices
from hq.auth import ProtocolError, update_required
from hq.feed import pull_page
from hq.ingest import BatchRefused, DeviceInfo, apply_batch, decode_batch
from hq.models import Device, RefusedBatch
from hq.store import HQClock, begin_write

log = logging.getLogger("checkpoint.hq")

# How long a batch that arrived before its predecessor waits for it.
PREDECESSOR_WAIT_S = 2.0


def batch_digest(batch: PushBatch) -> str:
    """The body hash a batch key is bound to: its canonical JSON, however it travelled."""
    return digest(batch.model_dump_json().encode())


@dataclass(frozen=True)
class BundleReport:
    device_id: str
    port_code: str
    batches: int
    applied: int
    duplicates: int
    stored: int
    skipped: int
    conflicts: int
    acked_through: int


class HQService:
    def __init__(self, engine: Engine, clock: HQClock | None = None) -> None:
        self.engine = engine
        self.clock = clock or HQClock(engine)

    # -- push ---------------------------------------------------------------

    def decode_push(self, body: bytes) -> PushBatch:
        try:
            data = decompress(body)
        except WireError as error:
            if "expands" in str(error):  # a decompression bomb, or just too much
                raise ProtocolError(413, "body_too_large", str(error)) from None
            raise ProtocolError(422, "malformed", str(error)) from None
        try:
            return PushBatch.model_validate_json(data)
        except ValidationError as error:
            raise ProtocolError(422, "malformed", f"not a push batch: {_first(error)}") from None

    def push(self, device: DeviceInfo, batch: PushBatch) -> PushAck:
        body_sha256 = batch_digest(batch)
        try:
            blocks = decode_batch(batch, device)  # before the transaction: no lock held
            self._await_predecessor(device, batch)
            with begin_write(self.engine) as conn:
                return apply_batch(conn, self.clock, device, batch, body_sha256, blocks=blocks)
        except BatchRefused as refused:
            self._report(device, batch, body_sha256, refused)
            raise ProtocolError(refused.status, refused.error, refused.detail) from None
        except OperationalError as error:
            # A deadlock or serialization failure between two devices' batches:
            # nothing was stored, and the post simply sends the batch again.
            log.warning("push of %s rolled back: %s", device.id, error.orig)
            raise ProtocolError(503, "busy", "HQ is busy; send the batch again") from None

    def _await_predecessor(self, device: DeviceInfo, batch: PushBatch) -> None:
        """Wait a moment for the batch before this one, when it is still being applied.

        A post keeps two batches in flight; the second can arrive first.
        Entries apply strictly in order, so rather than refuse it (and have
        it sent again), wait briefly for the first to commit.
        """
        deadline = time.monotonic() + PREDECESSOR_WAIT_S
        while time.monotonic() < deadline:
            with self.engine.connect() as conn:
                acked = conn.execute(
                    select(Device.acked_through).where(Device.id == device.id)
                ).scalar()
            if acked is None or batch.first_seq <= acked + 1:
                return
            time.sleep(0.01)

    def _report(
        self, device: DeviceInfo, batch: PushBatch, body_sha256: str, refused: BatchRefused
    ) -> None:
        log.warning(
            "refused batch %s..%s of device %s (%s): %s",
            batch.first_seq,
            batch.last_seq,
            device.id,
            refused.error,
            refused.detail,
        )
        if refused.status in (401, 503):
            return
        with begin_write(self.engine) as conn:
            conn.execute(
                insert(RefusedBatch),
                {
                    "device_id": device.id,
                    "first_seq": batch.first_seq,
                    "last_seq": batch.last_seq,
                    "body_sha256": body_sha256,
                    "error": refused.error,
                    "detail": refused.detail[:2000],
                    "at": self.clock.now(),
                },
            )

    # -- pull, status, enrolment --------------------------------------------------

    def pull(self, device: DeviceInfo, cursor: int, limit: int) -> PullPage:
        with begin_write(self.engine) as conn:
            return pull_page(conn, self.clock, device, cursor, limit)

    def status(self, device: DeviceInfo, app_version: str) -> StatusResponse:
        now = self.clock.now()
        with begin_write(self.engine) as conn:
            acked = conn.execute(
                Device.__table__.update()
                .where(Device.id == device.id)
                .values(
                    last_seen_at=now,
                    app_version=app_version[:24],
                    clock_skew_ms=device.clock_skew_ms,
                )
                .returning(Device.acked_through)
            ).scalar_one()
        return StatusResponse(
            device_id=device.id,
            port_code=device.port_code,
            acked_through=acked,
            hq_clock=self.clock.clock.last,
            server_time=now,
        )

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        try:
            return devices.enroll(self.engine, request, self.clock.now())
        except devices.EnrolmentRefused as refused:
            raise ProtocolError(refused.status, refused.error, refused.detail) from None

    # -- bundles ------------------------------------------------------------

    def import_bundle(self, data: bytes) -> BundleReport:
        """Verify and apply a bundle file in one transaction; BundleError if refused."""
        device_id = bundle_device(data)
        found = devices.device_info(self.engine, device_id)
        if found is None:
            raise BundleError("unknown_device", f"device {device_id} is not enrolled at this HQ")
        device, public_key, revoked = found
        if revoked:
            raise BundleError("revoked", f"device {device_id} was revoked; its bundles are refused")
        manifest = decode_bundle(data, public_key)
        if manifest.port_code != device.port_code:
            raise BundleError(
                "wrong_port",
                f"the bundle says port {manifest.port_code}; device {device_id} is enrolled "
                f"for {device.port_code}",
            )
        if manifest.protocol != protocol.PROTOCOL or (
            manifest.schema_version != protocol.schema_version()
        ):
            error = update_required(
                "hq" if manifest.protocol > protocol.PROTOCOL else "post",
                f"the bundle was written by protocol {manifest.protocol}, schema "
                f"{manifest.schema_version}; this HQ speaks {protocol.PROTOCOL}, "
                f"{protocol.schema_version()}",
            )
            raise BundleError(error.error, error.detail)
        acks: list[PushAck] = []
        try:
            with begin_write(self.engine) as conn:
                for batch in manifest.batches:
                    acks.append(
                        apply_batch(
                            conn, self.clock, device, batch, batch_digest(batch), source="bundle"
                        )
                    )
        except BatchRefused as refused:
            raise BundleError(refused.error, f"nothing was imported: {refused.detail}") from None
        return BundleReport(
            device_id=device.id,
            port_code=device.port_code,
            batches=len(acks),
            applied=sum(a.status == "applied" for a in acks),
            duplicates=sum(a.status == "duplicate" for a in acks),
            stored=sum(a.stored for a in acks),
            skipped=sum(a.skipped for a in acks),
            conflicts=sum(a.conflicts for a in acks),
            acked_through=acks[-1].acked_through if acks else 0,
        )

    def import_bundle_file(self, path: Path) -> BundleReport:
        return self.import_bundle(path.read_bytes())


def _first(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
