"""HQ's operations, independent of HTTP: push, pull, status, enrolment, bundle import.

The web app (``hq.app``) and the command line (``hq.cli``) both call these.
Each operation is one transaction; a refused batch is recorded in its own
transaction after the refused one rolled back, so the report survives.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import OperationalError

from desktop_app.protocol import messages as protocol
from desktop_app.protocol.bundle import (
    BundleError,
    BundleManifest,
    bundle_device,
    decode_bundle,
)
from desktop_app.protocol.codec import WireError, decompress
from desktop_app.protocol.messages import (
    EnrollRequest,
    EnrollResponse,
    HubDesks,
    HubDesksAnswer,
    PullPage,
    PushAck,
    PushBatch,
    RelayAnswer,
    RelayRequest,
    StatusResponse,
)
from desktop_app.protocol.sealing import public_text
from hq import devices, held, hubs
from hq.auth import ProtocolError, update_required
from hq.boxkey import box_key
from hq.feed import note_pull, pull_page
from hq.hub import relay as relay_queue
from hq.hub import state as hub_state
from hq.hub.runner import upstream_link
from hq.ingest import (
    BatchRefused,
    DeviceInfo,
    apply_batch,
    apply_setting_aside,
    batch_digest,
    decode_batch,
)
from hq.models import Device, RefusedBatch
from hq.store import HQClock, begin_write

log = logging.getLogger("checkpoint.hq")

# How long a batch that arrived before its predecessor waits for it.
PREDECESSOR_WAIT_S = 2.0


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
    held: int  # entries set aside (by the post, or by HQ for a rule)
    acked_through: int


class HQService:
    """HQ's operations; with ``hub`` set, those of a post's hub (PROTOCOL.md, "Hubs").

    A hub queues every batch it applies for HQ (``hub.relay``) in the same
    transaction, tells its desks how its own link to HQ stands in every
    status answer, and calls ``on_push`` after a batch, so its relay runs at once.
    """

    def __init__(
        self,
        engine: Engine,
        clock: HQClock | None = None,
        *,
        hub: bool | None = None,
        on_push: Callable[[], None] | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock or HQClock(engine)
        # Unsaid: a database that joined HQ as a hub is one (``import-bundle`` at a hub).
        self.hub = hub_state.config(engine) is not None if hub is None else hub
        self.on_push = on_push or (lambda: None)

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

    def decode_relay(self, body: bytes) -> RelayRequest:
        try:
            data = decompress(body)
        except WireError as error:
            if "expands" in str(error):
                raise ProtocolError(413, "body_too_large", str(error)) from None
            raise ProtocolError(422, "malformed", str(error)) from None
        try:
            return RelayRequest.model_validate_json(data)
        except ValidationError as error:
            raise ProtocolError(422, "malformed", f"not a relay request: {_first(error)}") from None

    def push(self, device: DeviceInfo, batch: PushBatch) -> PushAck:
        body_sha256 = batch_digest(batch)
        try:
            blocks = decode_batch(batch, device)  # before the transaction: no lock held
            self._await_predecessor(device, batch)
            with begin_write(self.engine) as conn:
                ack = apply_batch(conn, self.clock, device, batch, body_sha256, blocks=blocks)
                if self.hub and ack.status == "applied":
                    relay_queue.enqueue(conn, device, batch, self.clock.now())
            if self.hub:
                self.on_push()
            return ack
        except BatchRefused as refused:
            if refused.entries:
                # Entries a rule refused, named: the post sets them aside and sends the
                # rest again (declaring them held), so nothing is reported as refused.
                log.info(
                    "batch %s..%s of device %s: %s entries refused (%s)",
                    batch.first_seq,
                    batch.last_seq,
                    device.id,
                    len(refused.entries),
                    refused.error,
                )
                raise ProtocolError(
                    refused.status,
                    refused.error,
                    refused.detail,
                    entries=[entry.model_dump(mode="json") for entry in refused.entries],
                ) from None
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
        # One snapshot for the whole page: a merge committing meanwhile re-points rows
        # and moves them later in the change log; a page must see both or neither.
        reader = self.engine
        if self.engine.dialect.name == "postgresql":
            reader = self.engine.execution_options(isolation_level="REPEATABLE READ")
        with reader.connect() as conn, conn.begin():
            # A hub is not sent back what its desks wrote: it holds it, and relayed it.
            relayed = hubs.hub_desks(conn, device.id)
            page = pull_page(conn, self.clock, device, cursor, limit, relayed)
        with begin_write(self.engine) as conn:
            note_pull(conn, self.clock, device, cursor)
        return page

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
            entries, total = held.unresolved(conn, device.id)
        return StatusResponse(
            device_id=device.id,
            port_code=device.port_code,
            acked_through=acked,
            hq_clock=self.clock.clock.last,
            server_time=now,
            held=entries,
            held_total=total,
            upstream=upstream_link(self.engine) if self.hub else None,
        )

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        try:
            enrolled = devices.enroll(self.engine, request, self.clock.now())
        except devices.EnrolmentRefused as refused:
            raise ProtocolError(refused.status, refused.error, refused.detail) from None
        # The desk seals its bundles to this key from now on.
        return enrolled.model_copy(update={"hq_box_key": public_text(box_key(self.engine))})

    # -- a hub's requests (at HQ) ---------------------------------------------------

    def hub_desks(self, hub: DeviceInfo, request: HubDesks) -> HubDesksAnswer:
        hubs.require_hub(self.engine, hub)
        return HubDesksAnswer(
            desks=hubs.register_desks(self.engine, hub, request.desks, self.clock)
        )

    def relay(self, hub: DeviceInfo, request: RelayRequest) -> RelayAnswer:
        hubs.require_hub(self.engine, hub)
        return RelayAnswer(results=hubs.relay(self.engine, hub, request.batches, self.clock))

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
        manifest = decode_bundle(data, public_key, box_key(self.engine))
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
        if manifest.desks or manifest.relayed:
            return self._import_hub_bundle(device, manifest)
        acks: list[PushAck] = []
        try:
            with begin_write(self.engine) as conn:
                acks = apply_setting_aside(
                    conn, self.clock, device, manifest.batches, source="bundle"
                )
                if self.hub:  # as the desk wrote them: HQ sets aside what a rule refuses
                    for batch, ack in zip(manifest.batches, acks, strict=True):
                        if ack.status == "applied":
                            relay_queue.enqueue(conn, device, batch, self.clock.now())
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
            held=sum(a.held for a in acks),
            acked_through=acks[-1].acked_through if acks else 0,
        )

    def _import_hub_bundle(self, hub: DeviceInfo, manifest: BundleManifest) -> BundleReport:
        """A hub's bundle: its desks, then their batches, as its relay would send them."""
        try:
            hubs.require_hub(self.engine, hub)
        except ProtocolError as error:
            raise BundleError(error.error, error.detail) from None
        hubs.register_desks(self.engine, hub, manifest.desks, self.clock)
        results = hubs.relay(self.engine, hub, manifest.relayed, self.clock)
        acks = [r.ack for r in results if r.ack is not None]
        refused = [r for r in results if r.ack is None]
        if refused:
            first = refused[0]
            raise BundleError(
                first.error,
                f"{len(acks)} batch(es) imported, then batch {first.first_seq}..{first.last_seq} "
                f"of desk {first.device_id} refused: {first.detail}",
            )
        return BundleReport(
            device_id=hub.id,
            port_code=hub.port_code,
            batches=len(acks),
            applied=sum(a.status == "applied" for a in acks),
            duplicates=sum(a.status == "duplicate" for a in acks),
            stored=sum(a.stored for a in acks),
            skipped=sum(a.skipped for a in acks),
            conflicts=sum(a.conflicts for a in acks),
            held=sum(a.held for a in acks),
            acked_through=acks[-1].acked_through if acks else 0,
        )

    def import_bundle_file(self, path: Path) -> BundleReport:
        return self.import_bundle(path.read_bytes())


def _first(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
