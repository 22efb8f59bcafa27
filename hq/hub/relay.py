"""The hub's relay queue: its desks' batches, up to HQ in the order the hub applied them.

A batch a desk pushes is queued (``enqueue``) in the transaction that
applies it at the hub, so the queue holds exactly what the hub stored, in
its order: a batch that refers to a record another desk created comes after
that desk's batch.  ``relay_pending`` sends the queue to HQ a few batches a
request, each exactly as its desk wrote it (HQ checks it against that desk
and keys it by the desk's own ``(device, first_seq, last_seq)``), and moves
the hub's upstream position (``hub.relayed_through``) only on HQ's answer.
A lost answer costs a re-send that HQ answers ``duplicate``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from desktop_app.protocol.codec import compress
from desktop_app.protocol.messages import RELAY_BATCHES, HeldEntry, PushBatch
from hq import held
from hq.hub import state
from hq.hub.link import HQLink, LinkError
from hq.ingest import DeviceInfo
from hq.models import Device, RelayEntry
from hq.store import HQClock, begin_write

log = logging.getLogger("checkpoint.hq.hub")

# Refusals HQ may lift by itself: the batch is sent again later, and nothing after it.
# ``wrong_hub``: a desk enrolled here since the hub last vouched for it at HQ.
PASSING = frozenset({"busy", "out_of_order", "wrong_hub"})
# Rows in one relay request (a desk's batch is 500 rows at most by default).
RELAY_ROWS = 4000


def enqueue(conn: Connection, device: DeviceInfo, batch: PushBatch, now: datetime) -> None:
    conn.execute(
        insert(RelayEntry),
        {
            "device_id": device.id,
            "first_seq": batch.first_seq,
            "last_seq": batch.last_seq,
            "clock_skew_ms": device.clock_skew_ms,
            "rows": batch.row_count,
            "body": batch.model_dump_json(),
            "queued_at": now,
        },
    )


def pending(conn: Connection) -> int:
    """Batches HQ has not acknowledged yet."""
    through = state.number(state.read_all(conn), state.RELAYED_THROUGH)
    return conn.execute(select(func.count()).where(RelayEntry.id > through)).scalar_one()


@dataclass
class Relayed:
    batches: int = 0
    rows: int = 0
    duplicates: int = 0
    refused: int = 0
    held: int = 0  # entries HQ set aside


@dataclass
class _Request:
    """The next relay request, ready to send: its entries, and its body compressed."""

    passed_over: int  # the last relay id of skipped desks' batches before it (0: none)
    skipped: int
    entries: list[Any]
    rows: int
    body: bytes


def prepare(engine: Engine, after: int, skip: Collection[str], hub_skew_ms: int) -> _Request | None:
    """Read the queue after ``after`` and build one request (None: nothing left).

    The stored batches go as they are, JSON in JSON: the hub never decodes
    what its desks wrote, it only vouches for who wrote it.
    """
    with engine.connect() as conn:
        queued = list(
            conn.execute(
                select(RelayEntry.__table__)
                .where(RelayEntry.id > after)
                .order_by(RelayEntry.id)
                .limit(RELAY_BATCHES)
            )
        )
    if not queued:
        return None
    passed_over = skipped = 0
    while queued and queued[0].device_id in skip:
        log.warning("batch of desk %s not relayed: HQ refuses that desk", queued[0].device_id)
        passed_over = queued.pop(0).id
        skipped += 1
    entries: list[Any] = []
    rows = 0
    for entry in queued:
        if entries and (rows + entry.rows > RELAY_ROWS or entry.device_id in skip):
            break
        rows += entry.rows
        entries.append(entry)
    parts = [
        f'{{"device_id":{json.dumps(e.device_id)},'
        f'"clock_skew_ms":{int(e.clock_skew_ms) + hub_skew_ms},"batch":{e.body}}}'
        for e in entries
    ]
    body = compress(('{"batches":[' + ",".join(parts) + "]}").encode())
    return _Request(passed_over, skipped, entries, rows, body)


def relay_pending(
    engine: Engine, link: HQLink, clock: HQClock, skip: Collection[str] = ()
) -> Relayed:
    """Send every queued batch HQ has not acknowledged; LinkError if HQ stops answering.

    One request is in flight at a time (HQ applies them in the hub's order);
    the next one is read and compressed meanwhile.  ``skip``: desks HQ
    refused to take from this hub (their ids are another device's there);
    their batches are passed over, not sent.  Entries HQ set aside are
    counted here as their desk's, with the position that acknowledges them:
    the desk learns them from its next status, as from HQ's.
    """
    done = Relayed()
    hub_skew_ms = round(-link.offset * 1000)  # the hub's clock minus HQ's
    with engine.connect() as conn:
        through = state.number(state.read_all(conn), state.RELAYED_THROUGH)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hub-relay") as pool:
        upcoming = pool.submit(prepare, engine, through, skip, hub_skew_ms)
        while True:
            request = upcoming.result()
            if request is None:
                return done
            done.refused += request.skipped
            if not request.entries:  # only batches of desks HQ refuses
                with begin_write(engine) as conn:
                    state.write(conn, {state.RELAYED_THROUGH: request.passed_over})
                upcoming = pool.submit(prepare, engine, request.passed_over, skip, hub_skew_ms)
                continue
            last = request.entries[-1].id
            upcoming = pool.submit(prepare, engine, last, skip, hub_skew_ms)
            answer = link.relay_body(request.body)
            advanced = request.passed_over or through
            set_aside: list[tuple[str, list[HeldEntry]]] = []
            hq_acked: dict[str, int] = {}
            for entry, result in zip(request.entries, answer.results, strict=False):
                if result.ack is None and result.error in PASSING:
                    break
                advanced = entry.id
                done.batches += 1
                done.rows += entry.rows
                if result.held:
                    set_aside.append((entry.device_id, result.held))
                    done.held += len(result.held)
                if result.ack is not None:
                    hq_acked[state.HQ_ACKED + entry.device_id] = result.ack.acked_through
                if result.ack is None:
                    # Refused for good (a desk revoked at HQ, say): HQ recorded it; move on,
                    # or one desk's batch would hold back every other desk's.
                    done.refused += 1
                    log.warning(
                        "HQ refused batch %s..%s of desk %s (%s): %s",
                        result.first_seq,
                        result.last_seq,
                        result.device_id,
                        result.error,
                        result.detail,
                    )
                elif result.ack.status == "duplicate":
                    done.duplicates += 1
            with begin_write(engine) as conn:
                _count_held(conn, set_aside, clock.now())
                state.write(conn, {**hq_acked, state.RELAYED_THROUGH: advanced})
            through = advanced
            if advanced != last:
                upcoming.cancel()
                raise LinkError("HQ asked for the rest of the relay to be sent again", status=503)


def rewind(engine: Engine, hq_holds: Mapping[str, int]) -> int | None:
    """Move the relay position back if HQ holds less of a desk than it acknowledged.

    ``hq_holds``: how far HQ holds each active desk's entries now (its answer
    to ``/v1/hub/desks``).  Lower than its own earlier acknowledgement means
    HQ was restored from an older backup: the relay goes back to the first
    batch of that desk HQ lacks and sends everything from there again, in
    the hub's order (what HQ still holds is answered ``duplicate``).  The
    new position, or None.  The lower figure is kept, so a batch HQ refuses
    for good is not sent again and again.
    """
    with engine.connect() as conn:
        values = state.read_all(conn)
    if all(holds >= state.number(values, state.HQ_ACKED + d) for d, holds in hq_holds.items()):
        return None  # the usual case, every turn: no write
    with begin_write(engine) as conn:
        values = state.read_all(conn)
        through = state.number(values, state.RELAYED_THROUGH)
        back = through
        for device_id, holds in hq_holds.items():
            key = state.HQ_ACKED + device_id
            acknowledged = state.number(values, key)
            if holds >= acknowledged:
                continue
            lacking = conn.execute(
                select(func.min(RelayEntry.id)).where(
                    RelayEntry.device_id == device_id, RelayEntry.last_seq > holds
                )
            ).scalar()
            log.warning(
                "HQ holds desk %s's entries through %d, after acknowledging %d: HQ was "
                "restored from an older backup; relaying again from the first it lacks",
                device_id,
                holds,
                acknowledged,
            )
            if lacking is not None:
                back = min(back, lacking - 1)
            state.write(conn, {key: holds})
        if back == through:
            return None
        state.write(conn, {state.RELAYED_THROUGH: back})
        return back


def _count_held(
    conn: Connection, set_aside: list[tuple[str, list[HeldEntry]]], now: datetime
) -> None:
    """Entries HQ set aside, counted here as their desk's (its status lists them)."""
    for device_id, entries in set_aside:
        port_id = conn.execute(select(Device.port_id).where(Device.id == device_id)).scalar_one()
        held.record_entries(conn, device_id, port_id, entries, now)
        log.warning(
            "HQ set aside %d entries of desk %s (first: seq %d, %s: %s)",
            len(entries),
            device_id,
            entries[0].seq,
            entries[0].error,
            entries[0].detail,
        )
