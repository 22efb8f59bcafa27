"""The hub run from the desk that hosts it (a supervised subprocess), found on the LAN by mDNS.

The real ``checkpoint-hq serve --hub`` runs under ``HubHost``; killed, it is
started again on the same port; the real python-zeroconf announces it (on
loopback here) and a desk's ``find_hubs`` finds it by its port code.
"""

from __future__ import annotations

import signal

import httpx
import pytest
from test_sync_support import joined_hub_database

from desktop_app.hub_host import HubFailed, HubHost, hub_database
from desktop_app.protocol.discovery import find_hubs
from desktop_app.protocol.transport import pem_fingerprint, pinned_context
from hq import tls as hq_tls
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/v1/ping", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize("hq_db", ["sqlite"], indirect=True)
def test_the_desk_hosted_hub_is_restarted_found_on_the_lan_and_stopped(hq, tmp_path):
    url = joined_hub_database(hq, tmp_path / "hub")
    host = HubHost(
        url,
        host="127.0.0.1",
        port=0,
        log_dir=tmp_path / "hub",
        extra=["--announce", "127.0.0.1", "--upstream-interval", "0.2"],
        restart_after=0.1,
    ).start()
    try:
        wait_until(lambda: _answers(host.url), what="the hub answers")
        found = find_hubs("TRG", timeout=10, interfaces=["127.0.0.1"])
        assert [hub.url for hub in found] == [host.url]
        assert found[0].port_code == "TRG"
        assert find_hubs("ALS", timeout=0.5, interfaces=["127.0.0.1"]) == []
        first = host.process
        assert first is not None
        first.send_signal(signal.SIGKILL)
        wait_until(lambda: host.starts == 2 and _answers(host.url), what="the hub came back")
    finally:
        host.stop()
    assert not host.running
    assert not _answers(host.url)


def test_a_hub_that_has_not_joined_hq_says_so_and_is_not_restarted(tmp_path):
    host = HubHost(hub_database(tmp_path), host="127.0.0.1", port=0, log_dir=tmp_path / "hub")
    with pytest.raises(HubFailed, match="hub-join"):
        host.start()
    assert host.starts == 1 and not host.running


@pytest.mark.parametrize("hq_db", ["sqlite"], indirect=True)
def test_the_desk_hosted_hub_serves_tls_with_a_certificate_desks_can_pin(hq, tmp_path):
    url = joined_hub_database(hq, tmp_path / "hub")
    host = HubHost(
        url,
        host="127.0.0.1",
        port=0,
        log_dir=tmp_path / "hub",
        tls_dir=tmp_path / "hub" / "tls",
        tls_hosts=["checkpoint-hub", "localhost"],
    ).start()
    try:
        assert host.url.startswith("https://")
        pem = host.certificate()
        assert pem is not None and host.fingerprint == pem_fingerprint(pem)
        pinned = httpx.get(host.url + "/v1/ping", verify=pinned_context(pem), timeout=10)
        assert pinned.status_code == 200
        # Plain HTTP gets nothing; another certificate's pin is refused in the handshake.
        assert not _answers(host.url.replace("https://", "http://"))
        other = hq_tls.make_certificate(tmp_path / "other", ["localhost"])[0].read_text()
        with pytest.raises(httpx.ConnectError):
            httpx.get(host.url + "/v1/ping", verify=pinned_context(other), timeout=10)
        # A restart serves the same certificate: the desks' pins still hold.
        first = host.process
        assert first is not None
        first.send_signal(signal.SIGKILL)
        wait_until(lambda: host.starts == 2 and host.running, what="the hub came back")
        wait_until(lambda: _pinned_answers(host.url, pem), what="the restarted hub answers the pin")
        assert host.certificate() == pem
    finally:
        host.stop()


def _pinned_answers(url: str, pem: str) -> bool:
    try:
        return httpx.get(url + "/v1/ping", verify=pinned_context(pem), timeout=5).status_code == 200
    except httpx.HTTPError:
        return False
