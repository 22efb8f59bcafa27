"""Entries HQ sets aside from a relayed batch reach the desk's set-aside list through its hub.

One priority approval used at two TRG desks while the hub cannot reach HQ:
desk 1 syncs with HQ directly, desk 2 through the hub, which accepts the
use (it does not know desk 1's yet).  When the link heals, HQ refuses the
relayed use (used once), sets it aside with what depends on it, and says so
in its relay answer; the hub counts the entries as desk 2's, and desk 2
learns them at its next sync, as a desk syncing with HQ directly does.  A
discard at desk 2 goes back up through the hub and settles them on both
tiers.  A real HQ (SQLite and PostgreSQL), a real hub, a fault proxy
between them.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy import Engine, select
from test_sync_quarantine import _approved, _badges, use_approval
from test_sync_support import (
    HQ,
    demo_post,
    enrolled,
    ensure_open_shift,
    joined_hub,
)

from db.base import utcnow
from db.enums import Role
from db.models import PriorityApproval
from desktop_app.desk import Desk
from desktop_app.protocol.messages import DEPENDS, HeldEntry, RelayAnswer, RelayResult
from desktop_app.sync import quarantine
from desktop_app.sync.client import SyncClient
from desktop_app.sync.join import join_post
from desktop_app.sync.state import pending_count
from hq import devices
from hq.models import Held
from hq.testing import FaultProxy, Faults
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]


def sync(desk: Desk, url: str) -> None:
    with SyncClient(desk, url) as client:
        client.sync()


def held_at(engine: Engine, device_id: str) -> dict[int, tuple[str, str, str]]:
    """A server's count of a device's entries set aside: seq → (entity, error, resolution)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Held.seq, Held.entity, Held.error, Held.resolution).where(
                Held.device_id == device_id
            )
        )
        return {r.seq: (r.entity, r.error, r.resolution) for r in rows}


def relayed_all(desk: Desk, hub_url: str) -> bool:
    with SyncClient(desk, hub_url, attempts=1) as client:
        link = client.status().upstream
    return link is not None and link.offline_since is None and link.pending == 0


def test_entries_hq_sets_aside_from_a_relayed_batch_reach_the_desk(hq: HQ, tmp_path: Path):
    with (
        FaultProxy(hq.server.port) as link,
        joined_hub(hq, tmp_path / "hub", upstream=link.url) as hub,
    ):
        direct = enrolled(hq, demo_post(tmp_path / "direct", "TRG", days=1, seed=3))
        ensure_open_shift(direct)  # whatever the hour at the post (real time here)
        approval = _approved(direct, "KG-PRIO-9")
        sync(direct, hq.url)

        def approval_at_hub() -> bool:
            with hub.engine.connect() as conn:
                query = select(PriorityApproval.id).where(PriorityApproval.id == approval)
                return conn.execute(query).first() is not None

        wait_until(approval_at_hub, what="the approval came down to the hub")
        code = devices.create_code(hub.engine, "TRG", utcnow())
        via = join_post(tmp_path / "via", "TRG", hub.url, code, label="platform 2").desk

        link.set_faults(Faults(partitioned=True))  # the post's link to HQ is down
        for desk in (direct, via):
            use_approval(desk, approval, "KG-PRIO-9")
        sync(direct, hq.url)  # desk 1's use reaches HQ first
        sync(via, hub.url)  # the hub takes desk 2's: it cannot know of desk 1's
        assert quarantine.held_count(via) == 0

        link.set_faults(Faults())  # the link is back: the hub relays, HQ refuses the use
        wait_until(lambda: relayed_all(via, hub.url), what="the hub relayed desk 2's batches")
        at_hq = held_at(hq.engine, via.device_id)
        assert sorted(entity for entity, _, _ in at_hq.values()) == [
            "audit_entries",
            "lane_assignments",
        ]
        # The hub counts them as desk 2's, as HQ does…
        assert held_at(hub.engine, via.device_id) == at_hq
        sync(via, hub.url)  # …and desk 2 learns them from the hub
        held = {v.seq: v for v in quarantine.entries(via)}
        assert {seq: (v.entity, v.error) for seq, v in held.items()} == {
            seq: (entity, error) for seq, (entity, error, _) in at_hq.items()
        }
        refused = next(v for v in held.values() if v.entity == "lane_assignments")
        assert refused.error == "constraint" and refused.advice == "discard"
        assert next(v for v in held.values() if v.entity == "audit_entries").error == DEPENDS
        assert pending_count(via) == 0

        # A deputy captain at desk 2 discards the use; the word goes up through the hub.
        deputy = _badges(via, Role.DEPUTY_CAPTAIN)
        quarantine.discard(
            via, seq=refused.seq, by=deputy.id, pin="1234", reason="approval used at desk 1"
        )
        quarantine.release(via)  # the audit entry about it goes on its own
        sync(via, hub.url)
        wait_until(lambda: relayed_all(via, hub.url), what="the discard relayed")
        sync(via, hub.url)
        assert quarantine.held_count(via) == 0
        for engine in (hq.engine, hub.engine):
            resolutions = {e: r for e, _, r in held_at(engine, via.device_id).values()}
            assert resolutions["lane_assignments"] == (
                "discarded at the post: approval used at desk 1"
            )
            assert resolutions["audit_entries"].startswith("accepted as entry")
        direct.close()
        via.close()


def test_a_relay_answer_carries_held_only_when_hq_set_entries_aside():
    """An answer with none reads as before this field (a hub not yet upgraded reads it)."""
    plain = RelayResult(device_id="01a2", first_seq=1, last_seq=5, error="busy")
    assert "held" not in json.loads(plain.model_dump_json())
    entry = HeldEntry(
        seq=3, entity="lane_assignments", record_id=uuid.uuid4(), error="x", detail="y"
    )
    named = plain.model_copy(update={"held": [entry]})
    assert RelayAnswer.model_validate_json(RelayAnswer(results=[named]).model_dump_json()) == (
        RelayAnswer(results=[named])
    )
