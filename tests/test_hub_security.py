"""The refusals of tests/test_hq_security.py, through a post's hub; and the hub's own rules at HQ.

At the hub: an unenrolled, revoked or forged desk is refused, a desk cannot
write another port's rows nor as another desk, and nothing is stored (the
hub runs HQ's own checks).  At HQ: only a hub may vouch for desks and relay
their batches; a hub cannot take over a device enrolled directly (nor
another hub's desk), cannot relay for a desk it did not register nor rows
of another port; a desk revoked at HQ is refused at the hub.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import test_hq_security as direct
from sqlalchemy import select
from test_sync_support import HQ, Hub, demo_post, enrolled, joined_hub, record_clearances

from db.base import utcnow
from desktop_app.protocol.codec import compress
from desktop_app.protocol.messages import (
    HubDesk,
    HubDesks,
    HubDesksAnswer,
    RelayAnswer,
    RelayedBatch,
    RelayRequest,
    version_headers,
)
from desktop_app.protocol.signing import authorization, new_private_key, public_key_text
from desktop_app.sync import local
from desktop_app.sync.batches import build_batch
from desktop_app.sync.client import NotAuthorized, SyncClient
from hq import devices
from hq.cli import main as cli_main
from hq.hub import state as hub_state
from hq.hub.link import HQLink, LinkError
from hq.migrate import upgrade
from hq.models import Device
from hq.store import hq_engine
from hq.testing import HQServer
from tests.helpers.sync import enroll
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]


@pytest.fixture(scope="module")
def post(tmp_path_factory) -> Iterator[tuple[HQ, Hub]]:
    """One SQLite HQ and TRG's hub, for refusals that store nothing."""
    base = tmp_path_factory.mktemp("hub-security")
    url = f"sqlite:///{base / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    with HQServer(url, log=base / "hq.log") as server:
        hq = HQ(server, engine, url)
        with joined_hub(hq, base / "hub") as hub:
            yield hq, hub
    engine.dispose()


@pytest.fixture
def at_hub(post, tmp_path) -> Iterator:
    """A TRG desk enrolled at the hub, with some clearances not yet sent."""
    _, hub = post
    desk = demo_post(tmp_path / "trg", "TRG", days=1, seed=3)
    enroll(hub.engine, desk, hub.url)
    record_clearances(desk, 3)
    yield desk
    desk.close()


@pytest.fixture
def als(post, tmp_path) -> Iterator:
    hq, _ = post
    desk = enrolled(hq, demo_post(tmp_path / "als", "ALS", days=1, seed=4))
    yield desk
    desk.close()


def hub_link(hq: HQ, hub: Hub) -> HQLink:
    """The hub's own credential at HQ, as its runner signs with it."""
    config = hub_state.config(hub.engine)
    assert config is not None
    return HQLink(hq.url, config.device_id, config.private_key)


# -- the cases of test_hq_security.py, at the hub -------------------------------------------


def test_an_unenrolled_desk_is_refused_at_the_hub(post, tmp_path):
    _, hub = post
    direct.test_an_unenrolled_device_is_refused_and_nothing_is_stored(hub, tmp_path)


def test_a_desk_revoked_at_the_hub_is_refused_from_then_on(post, at_hub):
    _, hub = post
    direct.test_a_revoked_device_is_refused_from_then_on(hub, at_hub)


def test_a_forged_or_altered_request_is_refused_at_the_hub(post, at_hub):
    _, hub = post
    direct.test_a_forged_or_altered_request_is_refused((hub, at_hub))


def test_a_desk_cannot_use_the_hub_to_write_another_ports_rows(post, at_hub, als):
    _, hub = post
    direct.test_a_device_cannot_write_another_ports_rows(hub, at_hub, als)


def test_a_desk_cannot_use_the_hub_to_refer_to_another_port_or_write_as_another_desk(
    post, at_hub, als
):
    _, hub = post
    direct.test_a_device_cannot_refer_to_another_ports_rows_nor_write_as_another_device(
        hub, at_hub, als
    )


def test_a_resent_batch_with_another_body_is_refused_at_the_hub(post, tmp_path):
    hq, _ = post
    # A hub of its own that cannot reach HQ: the case counts what the hub holds before
    # and after, and a hub that relays and pulls changes it at moments of its own.
    with joined_hub(hq, tmp_path / "quiet-hub", upstream="http://127.0.0.1:9") as hub:
        desk = demo_post(tmp_path / "trg", "TRG", days=1, seed=3)
        try:
            enroll(hub.engine, desk, hub.url)
            record_clearances(desk, 3)
            direct.test_a_resent_batch_with_another_body_is_refused_and_reported(hub, desk)
        finally:
            desk.close()


def test_a_hub_issues_codes_for_its_own_ports_desks_only(post, capsys):
    _, hub = post
    for other in (["--port", "ALS"], ["--port", "TRG", "--hub"]):
        assert cli_main(["enroll", "--db", hub.db_url, *other]) == 2
        assert "enrols that port's desks only" in capsys.readouterr().err
    assert cli_main(["enroll", "--db", hub.db_url, "--port", "TRG"]) == 0


# -- HQ's rules for hubs ------------------------------------------------------------------------


def _post_signed(hq: HQ, desk, path: str, body: bytes, zstd: bool = False) -> httpx.Response:
    key = local.credential(desk).key
    headers = {
        **version_headers(),
        "Authorization": authorization(
            key, desk.device_id, "POST", path, body, int(utcnow().timestamp())
        ),
    }
    if zstd:
        headers["Content-Encoding"] = "zstd"
    return httpx.post(hq.url + path, content=body, headers=headers, timeout=30)


def test_only_a_hub_may_vouch_for_desks_or_relay(post, als):
    hq, _ = post
    desks = HubDesks(
        desks=[HubDesk(device_id=als.device_id, public_key=public_key_text(new_private_key()))]
    )
    direct.refused(
        _post_signed(hq, als, "/v1/hub/desks", desks.model_dump_json().encode()), 403, "not_a_hub"
    )
    relay = RelayRequest(
        batches=[RelayedBatch(device_id=als.device_id, clock_skew_ms=0, batch=build_batch(als, 0))]
    )
    body = compress(relay.model_dump_json().encode())
    direct.refused(_post_signed(hq, als, "/v1/hub/relay", body, zstd=True), 403, "not_a_hub")


def test_a_hub_cannot_take_over_a_device_enrolled_at_hq_nor_relay_for_it(post, als):
    hq, hub = post
    link = hub_link(hq, hub)
    before = direct.held(hq)
    # The ALS desk's id (anyone may know it) with the hub's own key: refused.
    answer: HubDesksAnswer = link.desks(
        HubDesks(
            desks=[HubDesk(device_id=als.device_id, public_key=public_key_text(new_private_key()))]
        )
    )
    assert [d.state for d in answer.desks] == ["refused"]
    relayed: RelayAnswer = link.relay(
        RelayRequest(
            batches=[
                RelayedBatch(device_id=als.device_id, clock_skew_ms=0, batch=build_batch(als, 0))
            ]
        )
    )
    assert [r.error for r in relayed.results] == ["wrong_hub"]
    assert direct.held(hq) == before
    link.close()


def test_a_hub_cannot_relay_another_ports_rows_as_its_desk(post, at_hub, als):
    hq, hub = post
    link = hub_link(hq, hub)
    key = public_key_text(local.credential(at_hub).key)
    link.desks(HubDesks(desks=[HubDesk(device_id=at_hub.device_id, public_key=key)]))
    before = direct.held(hq)
    als_rows = build_batch(als, 0).model_copy(update={"device_id": at_hub.device_id})
    relayed = link.relay(
        RelayRequest(
            batches=[RelayedBatch(device_id=at_hub.device_id, clock_skew_ms=0, batch=als_rows)]
        )
    )
    assert relayed.results[0].ack is None
    assert relayed.results[0].error == "wrong_port"
    assert direct.held(hq) == before
    link.close()


def _registered(hq: HQ, device_id: str) -> bool:
    with hq.engine.connect() as conn:
        return (
            conn.execute(select(Device.via_hub).where(Device.id == device_id)).scalar() is not None
        )


def test_a_desk_revoked_at_hq_is_refused_at_the_hub(post, at_hub):
    hq, hub = post
    with SyncClient(at_hub, hub.url) as client:
        client.sync()
    wait_until(lambda: _registered(hq, at_hub.device_id), what="the hub vouched for the desk")
    assert devices.revoke(hq.engine, at_hub.device_id, utcnow(), "laptop stolen")

    def refused_at_hub() -> bool:
        try:
            with SyncClient(at_hub, hub.url, attempts=1) as client:
                client.status()
        except NotAuthorized as error:
            return error.error == "revoked"
        return False

    wait_until(refused_at_hub, what="the revocation reached the hub")


def test_a_hub_revoked_at_hq_keeps_serving_its_desks(tmp_path):
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    with HQServer(url, log=tmp_path / "hq.log") as server:
        hq = HQ(server, engine, url)
        with joined_hub(hq, tmp_path / "hub") as hub:
            config = hub_state.config(hub.engine)
            assert config is not None
            assert devices.revoke(hq.engine, config.device_id, utcnow(), "box stolen")
            with pytest.raises(LinkError) as refusal:
                hub_link(hq, hub).desks(HubDesks(desks=[]))
            assert refusal.value.error == "revoked"
            desk = demo_post(tmp_path / "trg", "TRG", days=1, seed=3)
            enroll(hub.engine, desk, hub.url)
            with SyncClient(desk, hub.url) as client:
                client.sync()  # the post goes on working with its hub
                link = client.status().upstream
            assert link is not None
            desk.close()
    engine.dispose()
