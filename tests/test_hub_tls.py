"""The post hub on the wire: its link up to HQ pinned as a desk's is, and desks pinning the hub.

Real HQs and a real hub as subprocesses serving TLS on loopback with
certificates of their own (``--tls-dir``), a real desk, real handshakes:

* ``hub-join`` with a code carrying HQ's fingerprint pins HQ's certificate,
  refuses an HQ showing another one before the code is sent, and refuses
  plain HTTP to another machine; once joined, the hub relays over the
  pinned link and refuses HQ when it comes back with another certificate.
* ``serve --hub --tls-dir``: a desk enrols at the hub with a code carrying
  the hub's fingerprint, pins it, syncs, and refuses a hub showing another.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_encryption import REFERENCES, record_travellers
from test_sync_support import HQ, joined_hub_database

from db.base import utcnow
from desktop_app.protocol import pinning, transport
from desktop_app.sync.client import LinkNotSecure, SyncClient, enroll
from hq import devices, tls
from hq.cli import main as hq_main
from hq.hub import state as hub_state
from hq.hub.at_rest import hub_engine
from hq.hub.link import HQLink
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import HQServer, hub_server
from tests.conftest import Clock, Post, make_post
from tests.helpers.sync import check_union
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]


def tls_hq(directory: Path) -> HQ:
    """An HQ on SQLite serving TLS with a self-signed certificate of its own."""
    url = f"sqlite:///{directory / 'hq.sqlite3'}"
    directory.mkdir(parents=True, exist_ok=True)
    engine = hq_engine(url)
    upgrade(engine)
    server = HQServer(url, log=directory / "hq.log", tls_dir=directory / "tls").start()
    return HQ(server, engine, url)


@pytest.fixture
def post(tmp_path: Path) -> Iterator[Post]:
    post = make_post(tmp_path / "post", Clock())
    record_travellers(post, REFERENCES[:10])
    yield post
    post.desk.close()


def all_at(hq: HQ, post: Post) -> bool:
    check = check_union(hq.engine, [post.desk])
    assert check.duplicated == 0 and check.unexpected == 0, check.line()
    return check.lost == 0


def hub_error(url: str) -> str:
    with hq_engine(url).connect() as conn:
        return hub_state.read_all(conn).get(hub_state.ERROR, "")


def test_hub_join_pins_hqs_certificate_and_refuses_another_or_plain_http(
    post: Post, tmp_path: Path, capsys
):
    hq = tls_hq(tmp_path / "hq")
    impostor = tls_hq(tmp_path / "impostor")  # the same software, another certificate
    hub_db = f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}"
    try:
        cert = tls.paths(tmp_path / "hq" / "tls")[0]
        fingerprint = tls.certificate_fingerprint(cert)
        code = pinning.join_code(
            devices.create_code(hq.engine, "TRG", utcnow(), kind="hub"), fingerprint
        )

        def join(upstream: str, *more: str) -> int:
            args = ["hub-join", "--db", hub_db, "--upstream", upstream, "--port", "TRG"]
            return hq_main([*args, "--code", code, *more])

        # An HQ showing another certificate: refused before the code is sent.
        assert join(impostor.url) == 2
        assert "not the one the enrolment code names" in capsys.readouterr().err
        assert devices.devices(impostor.engine) == []
        # Plain HTTP to another machine: refused, nothing tried (nothing listens there).
        assert join("http://192.0.2.10:8470") == 2
        assert "plain HTTP to another machine" in capsys.readouterr().err
        far = HQLink("http://192.0.2.10:8470", allow_plain=True)
        assert far.security is transport.LinkSecurity.PLAIN_ALLOWED and far.refused is None
        far.close()
        # The same code joins the real HQ, and the hub keeps HQ's certificate.
        assert join(hq.url) == 0, capsys.readouterr().err
        config = hub_state.config(hub_engine(hub_db))
        assert config is not None and config.hq_certificate
        assert transport.pem_fingerprint(config.hq_certificate) == fingerprint

        # Serving, it relays its desk's records to HQ over the pinned link.
        hub = hub_server(hub_db, log=tmp_path / "hub" / "hub.log").start()
        try:
            code_at_hub = devices.create_code(hq_engine(hub_db), "TRG", utcnow())
            enroll(post.desk, hub.url, code_at_hub)
            with SyncClient(post.desk) as client:
                client.sync()
            wait_until(lambda: all_at(hq, post), what="the hub relayed everything to HQ")
            # HQ comes back with another certificate (a stolen address, a replaced one).
            hq.server.kill()
            tls.make_certificate(tmp_path / "hq" / "tls", ["127.0.0.1"])
            hq.server.start()
            record_travellers(post, REFERENCES[10:15])
            with SyncClient(post.desk) as client:
                client.sync()  # the desk reaches its hub as before
            wait_until(
                lambda: "pinned" in hub_error(hub_db), what="the hub refused HQ's certificate"
            )
            assert check_union(hq.engine, [post.desk]).lost >= 3 * 5  # none of them sent
        finally:
            hub.kill()
    finally:
        impostor.server.kill()
        hq.server.kill()


def test_desks_enrol_at_a_hub_over_tls_pin_it_sync_and_refuse_another(
    post: Post, tmp_path: Path, capsys
):
    hq = tls_hq(tmp_path / "hq")
    folder = tmp_path / "hub"
    cert = tls.paths(tmp_path / "hq" / "tls")[0]
    try:
        # The hub joined HQ (pinned, as above), then serves its desks over TLS itself.
        hub_db = joined_hub_database(hq, folder, fingerprint=tls.certificate_fingerprint(cert))
        hub_tls = folder / "tls"
        hub = hub_server(hub_db, log=folder / "hub.log", tls_dir=hub_tls).start()
        try:
            assert hub.url.startswith("https://")
            assert (
                hq_main(["enroll", "--db", hub_db, "--port", "TRG", "--tls-dir", str(hub_tls)]) == 0
            )
            code = capsys.readouterr().out.strip().splitlines()[-1]
            one_time, shown = pinning.split_code(code)
            assert shown == pinning.normal(tls.certificate_fingerprint(tls.paths(hub_tls)[0]))
            # A code naming another certificate: refused before the code is sent.
            other = tls.make_certificate(tmp_path / "other", ["127.0.0.1"])[0]
            with pytest.raises(LinkNotSecure, match="not the one the enrolment code names"):
                enroll(
                    post.desk,
                    hub.url,
                    pinning.join_code(one_time, tls.certificate_fingerprint(other)),
                )
            enroll(post.desk, hub.url, code)  # the same code: nothing was sent
            with SyncClient(post.desk) as client:
                assert client.link.security is transport.LinkSecurity.PINNED
                client.sync()
            wait_until(lambda: all_at(hq, post), what="the desk's records at HQ through the hub")
            # The hub comes back with another certificate: the desk refuses it.
            hub.kill()
            tls.make_certificate(hub_tls, ["127.0.0.1"])
            hub.start()
            with (
                pytest.raises(LinkNotSecure, match="not the one this desk pinned"),
                SyncClient(post.desk) as client,
            ):
                client.sync()
        finally:
            hub.kill()
    finally:
        hq.server.kill()
