"""On the wire: HQ serves TLS itself, a desk pins HQ's certificate from the enrolment code,
refuses another, and sends nothing over plain HTTP to another machine.

A real ``checkpoint-hq serve --tls-dir`` in a subprocess on loopback, a real
desk, real TLS handshakes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from db.base import utcnow
from desktop_app import cli
from desktop_app.protocol import pinning, transport
from desktop_app.sync import local
from desktop_app.sync.client import LinkNotSecure, SyncClient, enroll
from desktop_app.sync.state import read_state
from hq import devices, tls
from hq.store import hq_engine
from hq.testing import HQServer
from tests.conftest import Post


@pytest.fixture
def hq_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hq.sqlite3'}"


def code_for(db_url: str, port: str, cert: Path | None) -> str:
    code = devices.create_code(hq_engine(db_url), port, utcnow())
    return pinning.join_code(code, tls.certificate_fingerprint(cert) if cert else None)


def test_a_desk_pins_hqs_certificate_and_refuses_another(post: Post, hq_db, tmp_path):
    folder = tmp_path / "tls"
    hq = HQServer(hq_db, log=tmp_path / "hq.log", tls_dir=folder).start()
    try:
        assert hq.url.startswith("https://")
        cert = tls.paths(folder)[0]
        # A code naming another certificate: refused before the code is sent.
        other = tls.make_certificate(tmp_path / "other", ["127.0.0.1"])[0]
        code = devices.create_code(hq_engine(hq_db), "TRG", utcnow())
        with pytest.raises(LinkNotSecure, match="not the one the enrolment code names"):
            enroll(post.desk, hq.url, pinning.join_code(code, tls.certificate_fingerprint(other)))
        # The same code still works (nothing was sent), with HQ's own fingerprint.
        enroll(post.desk, hq.url, pinning.join_code(code, tls.certificate_fingerprint(cert)))
        stored = local.read_values(post.desk, local.HQ_CERTIFICATE)[local.HQ_CERTIFICATE]
        assert stored and transport.pem_fingerprint(stored) == tls.certificate_fingerprint(cert)
        with SyncClient(post.desk) as client:
            assert client.link.security is transport.LinkSecurity.PINNED
            client.sync()
        assert read_state(post.desk).last_error is None
        hq.kill()
        # HQ comes back with another certificate (a stolen address, or a replaced one).
        tls.make_certificate(folder, ["127.0.0.1"])
        hq.start()
        with (
            pytest.raises(LinkNotSecure, match="not the one this desk pinned"),
            SyncClient(post.desk) as client,
        ):
            client.sync()
        state = read_state(post.desk)
        assert state.last_error_kind == "insecure"
        assert state.link == transport.LinkSecurity.PINNED
    finally:
        hq.kill()


def test_plain_http_only_to_loopback_unless_allowed(post: Post, hq_db, tmp_path, capsys):
    # Nothing listens there, and nothing is tried: the refusal comes before any request.
    far = "http://192.0.2.10:8470"
    with pytest.raises(LinkNotSecure, match="plain HTTP to another machine"):
        SyncClient(post.desk, far)
    with pytest.raises(LinkNotSecure):
        enroll(post.desk, far, "AAAA-BBBB-CCCC-DDDD")
    assert transport.security(far, None, allow_plain=True) is transport.LinkSecurity.PLAIN_ALLOWED
    assert transport.security("http://localhost:1/", None, False) is transport.LinkSecurity.LOOPBACK
    assert transport.security("http://[::1]:1/", None, False) is transport.LinkSecurity.LOOPBACK
    # The CLI says it in one line and exits 1, like every sync that did not happen.
    post.desk.close()
    code = ["--data-dir", str(post.path), "enroll", "--hq", far, "--code", "AAAA-BBBB-CCCC-DDDD"]
    assert cli.main(code) == 1
    assert "insecure" in capsys.readouterr().err
    # Loopback plain HTTP (HQ on this machine) enrols and syncs.
    with HQServer(hq_db, log=tmp_path / "hq.log") as hq:
        assert (
            cli.main(
                [
                    "--data-dir",
                    str(post.path),
                    "enroll",
                    "--hq",
                    hq.url,
                    "--code",
                    code_for(hq_db, "TRG", None),
                ]
            )
            == 0
        )
        assert cli.main(["--data-dir", str(post.path), "sync"]) == 0
