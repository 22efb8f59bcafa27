"""HQ's side of a post's hub: the desks a hub vouches for, and the batches it relays.

A hub is a device of kind ``hub``, enrolled once for its port with a code
issued for a hub (``checkpoint-hq enroll --port TRG --hub``).  It registers
the desks enrolled at it (their ids and public keys) and relays, in the
order it applied them, the batches they pushed to it — each exactly as the
desk wrote it, so HQ checks every row against the desk that wrote it, as if
the desk had pushed it itself (its port, its stamps, its records).  The
rule (PROTOCOL.md, "Hubs"): a hub may register any new device id for its
own port, and re-register the ones it registered; a device enrolled directly
at HQ, another hub's desk, or a hub is never a hub's desk.  Revoking a desk
at HQ refuses its batches through the hub, and the hub learns it at its next
registration and refuses the desk itself.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import OperationalError

from desktop_app.protocol.messages import (
    HubDesk,
    HubDeskState,
    RelayedBatch,
    RelayResult,
)
from desktop_app.protocol.rules import RESERVED_NODES
from desktop_app.protocol.signing import BadCredential, public_key_from_text
from hq import held
from hq.auth import ProtocolError
from hq.devices import DEVICE_ID
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

HUB = "hub"
DESK = "desk"


def require_hub(engine: Engine, device: DeviceInfo) -> None:
    """Only a device enrolled as a hub may register desks or relay their batches."""
    with engine.connect() as conn:
        kind = conn.execute(select(Device.kind).where(Device.id == device.id)).scalar()
    if kind != HUB:
        raise ProtocolError(
            403, "not_a_hub", "only a post's hub (enrolled with a hub's code) may do this"
        )


def register_desks(
    engine: Engine, hub: DeviceInfo, desks: Sequence[HubDesk], clock: HQClock
) -> list[HubDeskState]:
    """Record the hub's desks (new ones, new keys, revocations); say where HQ stands with each."""
    now = clock.now()
    states = []
    with begin_write(engine) as conn:
        for desk in desks:
            states.append(_register(conn, hub, desk, now))
    return states


def _register(conn: Connection, hub: DeviceInfo, desk: HubDesk, now: object) -> HubDeskState:
    def refused(detail: str) -> HubDeskState:
        return HubDeskState(device_id=desk.device_id, state="refused", detail=detail)

    if desk.device_id.lower() in RESERVED_NODES or not DEVICE_ID.fullmatch(desk.device_id):
        return refused("not a desk's device id")
    try:
        public_key_from_text(desk.public_key)
    except BadCredential as error:
        return refused(str(error))
    row = conn.execute(
        select(Device.__table__).where(Device.id == desk.device_id).with_for_update()
    ).first()
    if row is None:
        conn.execute(
            insert(Device),
            {
                "id": desk.device_id,
                "port_id": hub.port_id,
                "port_code": hub.port_code,
                "public_key": desk.public_key,
                "label": desk.label,
                "enrolled_at": now,
                "kind": DESK,
                "via_hub": hub.id,
                "revoked_at": now if desk.revoked else None,
                "revoked_reason": "revoked at its hub" if desk.revoked else "",
            },
        )
        return HubDeskState(device_id=desk.device_id, state="revoked" if desk.revoked else "active")
    if row.via_hub != hub.id:
        # Enrolled directly at HQ, through another hub, or a hub itself: a hub
        # must not take over a device whose id it merely knows.
        return refused("this device id is enrolled at HQ otherwise; it cannot join through a hub")
    if row.revoked_at is not None:
        return HubDeskState(
            device_id=desk.device_id, state="revoked", acked_through=row.acked_through
        )
    values: dict[str, object] = {"public_key": desk.public_key, "label": desk.label}
    if desk.revoked:
        values.update(revoked_at=now, revoked_reason="revoked at its hub")
    conn.execute(update(Device).where(Device.id == desk.device_id).values(**values))
    return HubDeskState(
        device_id=desk.device_id,
        state="revoked" if desk.revoked else "active",
        acked_through=row.acked_through,
    )


def relay(
    engine: Engine, hub: DeviceInfo, batches: Sequence[RelayedBatch], clock: HQClock
) -> list[RelayResult]:
    """Apply the hub's desks' batches in order.

    First all in one transaction, every batch checked before it (the common
    case: one commit for the request).  If any batch is refused, that
    transaction is rolled back and each batch goes in its own: a batch a
    rule refuses in part is then applied with the refused entries set aside
    (as a bundle is: nobody is at the hub to rebuild the desk's batch), and
    processing stops at the first batch that fails for a passing reason
    (busy, out of order): the hub sends it, and what follows, again.
    """
    results = _relay_together(engine, hub, batches, clock)
    if results is None:
        results = []
        for item in batches:
            result = _relay_one(engine, hub, item, clock)
            results.append(result)
            if result.error in ("busy", "out_of_order"):
                break
    return _naming_held(engine, batches, results)


def _naming_held(
    engine: Engine, batches: Sequence[RelayedBatch], results: list[RelayResult]
) -> list[RelayResult]:
    """Each stored batch's entries HQ set aside, named for the hub to pass on to its desk.

    Read after the fact, so that a re-sent batch (answered ``duplicate``: the
    first answer was lost) names them too.
    """
    with engine.connect() as conn:
        return [
            result.model_copy(
                update={"held": held.set_aside_by_hq(conn, result.device_id, item.batch)}
            )
            if result.ack is not None
            else result
            for item, result in zip(batches, results, strict=False)
        ]


def _relay_together(
    engine: Engine, hub: DeviceInfo, batches: Sequence[RelayedBatch], clock: HQClock
) -> list[RelayResult] | None:
    """Every batch in one transaction, or None (nothing stored) if any is refused."""
    with engine.connect() as conn:
        ids = {item.device_id for item in batches}
        desks = {d.id: d for d in conn.execute(select(Device.__table__).where(Device.id.in_(ids)))}
    prepared = []
    for item in batches:
        desk = desks.get(item.device_id)
        if desk is None or desk.via_hub != hub.id or desk.revoked_at is not None:
            return None
        device = DeviceInfo(desk.id, desk.port_id, desk.port_code, item.clock_skew_ms)
        try:
            blocks = decode_batch(item.batch, device)  # before the transaction: no lock held
        except BatchRefused:
            return None
        prepared.append((item, device, blocks))
    try:
        with begin_write(engine) as conn:
            acks = [
                apply_batch(
                    conn,
                    clock,
                    device,
                    item.batch,
                    batch_digest(item.batch),
                    blocks=blocks,
                    source="relay",
                )
                for item, device, blocks in prepared
            ]
    except (BatchRefused, OperationalError):
        return None  # rolled back: each batch again on its own, to say which and why
    return [
        RelayResult(
            device_id=item.device_id,
            first_seq=item.batch.first_seq,
            last_seq=item.batch.last_seq,
            ack=ack,
        )
        for (item, _, _), ack in zip(prepared, acks, strict=True)
    ]


def _relay_one(engine: Engine, hub: DeviceInfo, item: RelayedBatch, clock: HQClock) -> RelayResult:
    batch = item.batch

    def failed(error: str, detail: str) -> RelayResult:
        return RelayResult(
            device_id=item.device_id,
            first_seq=batch.first_seq,
            last_seq=batch.last_seq,
            error=error,
            detail=detail,
        )

    with engine.connect() as conn:
        desk = conn.execute(select(Device.__table__).where(Device.id == item.device_id)).first()
    if desk is None or desk.via_hub != hub.id:
        return failed("wrong_hub", "this hub has not registered that desk at HQ")
    if desk.revoked_at is not None:
        return failed("revoked", "the desk's enrolment was revoked; its batches are refused")
    device = DeviceInfo(desk.id, desk.port_id, desk.port_code, item.clock_skew_ms)
    try:
        with begin_write(engine) as conn:
            (ack,) = apply_setting_aside(conn, clock, device, [batch], source="relay")
    except BatchRefused as refused:
        if refused.status not in (401, 503):
            _report(engine, device.id, item, refused, clock)
        return failed(refused.error, refused.detail)
    except OperationalError as error:
        log.warning("relayed batch of %s rolled back: %s", device.id, error.orig)
        return failed("busy", "HQ is busy; send the batch again")
    return RelayResult(
        device_id=item.device_id, first_seq=batch.first_seq, last_seq=batch.last_seq, ack=ack
    )


def _report(
    engine: Engine, device_id: str, item: RelayedBatch, refused: BatchRefused, clock: HQClock
) -> None:
    log.warning(
        "refused relayed batch %s..%s of device %s (%s): %s",
        item.batch.first_seq,
        item.batch.last_seq,
        device_id,
        refused.error,
        refused.detail,
    )
    with begin_write(engine) as conn:
        conn.execute(
            insert(RefusedBatch),
            {
                "device_id": device_id,
                "first_seq": item.batch.first_seq,
                "last_seq": item.batch.last_seq,
                "body_sha256": batch_digest(item.batch),
                "error": refused.error,
                "detail": refused.detail[:2000],
                "at": clock.now(),
            },
        )


def hub_desks(conn: Connection, hub_id: str) -> set[str]:
    """The desks a hub registered: their changes reach the hub from its own store, not HQ's feed."""
    return set(conn.execute(select(Device.id).where(Device.via_hub == hub_id)).scalars())
