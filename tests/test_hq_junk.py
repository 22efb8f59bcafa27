"""HQ against junk from an enrolled device: signed, so past the signature check, and wrong.

Each answer is a 4xx naming what is wrong, never a 5xx, and one device's junk
never stops its port: the port's other desks pull as before.  A bad record
stored before HQ bounded its input is found and set aside with
``checkpoint-hq bad-records`` and ``set-aside``.
"""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from test_sync_support import an_officer, demo_post, enrolled, record_clearances

from db.base import utcnow
from db.enums import Direction, Mode
from desktop_app import forecasts
from desktop_app.bootstrap import initialize
from desktop_app.protocol.codec import EPOCH, compress
from desktop_app.protocol.messages import HEADER_CLOCK, version_headers
from desktop_app.protocol.signing import authorization, new_private_key, public_key_text
from desktop_app.sync import local
from desktop_app.sync.batches import build_batch
from desktop_app.sync.client import SyncClient
from hq import devices
from hq.cli import main as hq_main
from hq.testing import HQServer
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]

MICROS = 1_000_000
EVENTS = "clearance_events"


def micros(at: datetime) -> int:
    return (at - EPOCH) // timedelta(microseconds=1)


BC_1200 = -(3170 * 365 * 86_400 * MICROS)  # about 1200 BC, in microseconds since 1970
BEFORE_YEAR_1 = micros(datetime(1, 1, 1, tzinfo=UTC)) - 1


def signed(
    hq: Any,
    desk: Any,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    query: str = "",
    sign_query: bool = True,
    clock: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A request signed with the desk's own key, whatever it carries."""
    key = local.credential(desk).key
    now = utcnow().timestamp()
    clock_header = f"{now:.3f}" if clock is None else clock
    target = f"{path}?{query}" if query and sign_query else path
    auth = authorization(key, desk.device_id, method, target, body, int(now), clock_header)
    all_headers = {
        **version_headers(),
        "Authorization": auth,
        HEADER_CLOCK: clock_header,
        **(headers or {}),
    }
    url = hq.url + path + (f"?{query}" if query else "")
    return httpx.request(method, url, content=body, headers=all_headers, timeout=60)


def push(hq: Any, desk: Any, batch: dict[str, Any] | bytes, **kw: Any) -> httpx.Response:
    body = batch if isinstance(batch, bytes) else compress(json.dumps(batch).encode())
    return signed(hq, desk, "POST", "/v1/push", body, headers={"Content-Encoding": "zstd"}, **kw)


def pull(hq: Any, desk: Any, body: Any = None, **kw: Any) -> httpx.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body or {"cursor": 0}).encode()
    return signed(hq, desk, "POST", "/v1/pull", raw, **kw)


def refused_4xx(response: httpx.Response, what: str) -> None:
    assert 400 <= response.status_code < 500, (what, response.status_code, response.text)


def next_batch(desk: Any) -> dict[str, Any]:
    """The desk's next unsent batch as JSON (to be spoilt before it is sent)."""
    with desk.read() as s:
        acked = s.execute(
            text("SELECT coalesce(max(seq), 0) FROM outbox WHERE acked_at IS NOT NULL")
        )
        after = int(acked.scalar_one())
    batch = build_batch(desk, after)
    assert batch is not None
    return json.loads(batch.model_dump_json())


def with_value(batch: dict[str, Any], entity: str, column: str, value: Any) -> dict[str, Any]:
    spoilt = json.loads(json.dumps(batch))
    (section,) = [s for s in spoilt["sections"] if s["entity"] == entity]
    section["values"][section["columns"].index(column)][0] = value
    return spoilt


@pytest.fixture
def port(hq, tmp_path):
    """Two enrolled desks of TRG, synced: ``junk`` sends the junk, ``other`` pulls after it."""
    junk = enrolled(hq, demo_post(tmp_path / "junk", "TRG", days=1, seed=3))
    other = enrolled(hq, initialize(tmp_path / "other", "TRG"))  # a second desk: reads
    for desk in (junk, other):
        with SyncClient(desk) as client:
            client.sync()
    yield junk, other
    junk.close()
    other.close()


def still_pulls(hq: Any, desk: Any) -> None:
    """The port's other desk syncs and reads the feed from the start, as a new desk would."""
    response = pull(hq, desk, {"cursor": 0, "limit": 2000})
    assert response.status_code == 200, response.text
    with SyncClient(desk) as client:
        client.sync()


def test_signed_junk_is_answered_4xx_and_the_port_keeps_syncing(hq, port) -> None:
    junk, other = port
    record_clearances(junk, 1)  # a small batch of clearance events to spoil
    events = next_batch(junk)
    forecasts.add(
        junk,
        mode=Mode.ROAD,
        reference="J-1",
        direction=Direction.ENTRY,
        expected_at=junk.now() + timedelta(hours=1),
        expected_travellers=2,
        by=an_officer(junk).id,
    )
    records = next_batch(junk)
    cases: dict[str, httpx.Response] = {}
    for name, value in {
        "1200 BC": BC_1200,
        "before year 1": BEFORE_YEAR_1,
        "1999": micros(datetime(1999, 12, 31, tzinfo=UTC)),
        "2200": micros(datetime(2200, 1, 1, tzinfo=UTC)),
        "2^63": 2**63,
        "a float": 1.5e15,
        "text": "2026-11-25T08:00:00Z",
    }.items():
        cases[f"clearance at {name}"] = push(
            hq, junk, with_value(events, "clearance_events", "at", value)
        )
    cases["version over int4"] = push(
        hq, junk, with_value(events, "clearance_events", "version", 2**31)
    )
    cases["version over int8"] = push(
        hq, junk, with_value(events, "clearance_events", "version", 2**64)
    )
    for count in (2**31, -(2**31) - 1, 2**63):
        cases[f"{count} travellers"] = push(
            hq, junk, with_value(records, "forecasts", "expected_travellers", count)
        )
    cases["a forecast due in 1200 BC"] = push(
        hq, junk, with_value(records, "forecasts", "expected_at", BC_1200)
    )
    for seq in (2**63, 2**64, 0, -1):
        cases[f"first_seq {seq}"] = push(hq, junk, {**events, "first_seq": seq, "last_seq": seq})
    spoilt = json.loads(json.dumps(events))
    spoilt["sections"][0]["seqs"][0] = 2**63
    cases["a row's seq 2^63"] = push(hq, junk, spoilt)
    cases["not zstd"] = push(hq, junk, b"\x28\xb5\x2f\xfd garbage")
    for cursor in (2**63, 2**64, 10**40, -1, 1.5, "x", None):
        cases[f"pull cursor {cursor!r}"] = pull(hq, junk, {"cursor": cursor})
    for limit in (0, 2**63, 10**40, -5):
        cases[f"pull limit {limit!r}"] = pull(hq, junk, {"cursor": 0, "limit": limit})
    cases["pull not JSON"] = pull(hq, junk, b"\xff\xfe{")
    cases["pull a list"] = pull(hq, junk, [1, 2])
    cases["pull with an unsigned query"] = pull(hq, junk, query="cursor=0", sign_query=False)
    cases["status with an unsigned query"] = signed(
        hq, junk, "GET", "/v1/status", query="x=1", sign_query=False
    )
    for name, response in cases.items():
        refused_4xx(response, name)
    # The query string is signed: an added one is refused, a signed one is fine.
    assert cases["status with an unsigned query"].json()["error"] == "bad_signature"
    assert signed(hq, junk, "GET", "/v1/status", query="x=1").status_code == 200
    # Clocks that are no clocks: ignored (judged by the last real one), never a 500.
    for clock in ("1e400", "nan", "inf", "-inf", "-1e300", "9" * 400, "0x10"):
        response = signed(hq, junk, "GET", "/v1/status", clock=clock)
        assert response.status_code == 200, (clock, response.text)
    still_pulls(hq, other)
    with SyncClient(junk) as client:  # and the junk sender's own, well-formed batches go on
        client.sync()


def test_a_clearance_dated_1200_bc_is_refused_not_stored(hq, port) -> None:
    junk, other = port
    record_clearances(junk, 1)
    batch = with_value(next_batch(junk), "clearance_events", "at", BC_1200)
    response = push(hq, junk, batch)
    assert response.status_code == 422, response.text
    assert "clearance_events row 0: at: a time outside 2000–2100" in response.json()["detail"]
    with hq.engine.connect() as conn:
        early = conn.execute(
            text("SELECT count(*) FROM clearance_events WHERE at < :t"),
            {"t": datetime(2000, 1, 1, tzinfo=UTC)},
        ).scalar_one()
    assert early == 0
    still_pulls(hq, other)


def test_reserved_device_ids_cannot_enrol(hq) -> None:
    for device_id in ("reference", "REFERENCE", "hq-00000", "not-a-device"):
        code = devices.create_code(hq.engine, "TRG", utcnow())
        body = {
            "code": code,
            "device_id": device_id,
            "port_code": "TRG",
            "public_key": public_key_text(new_private_key()),
        }
        response = httpx.post(
            hq.url + "/v1/enroll", content=json.dumps(body).encode(), headers=version_headers()
        )
        refused_4xx(response, device_id)
    code = devices.create_code(hq.engine, "TRG", utcnow())
    body = {**body, "code": code, "device_id": "reference"}
    response = httpx.post(
        hq.url + "/v1/enroll", content=json.dumps(body).encode(), headers=version_headers()
    )
    assert (response.status_code, response.json()["error"]) == (403, "reserved_device")
    with hq.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM hq_devices")).scalar_one() == 0


def test_a_revoked_device_is_told_it_cannot_enrol_again(hq, port) -> None:
    junk, _ = port
    assert devices.revoke(hq.engine, junk.device_id, utcnow(), "test")
    detail = signed(hq, junk, "GET", "/v1/status").json()["detail"]
    assert "cannot enrol again" in detail and "enrol it again" not in detail


# -- an upload cut mid-body ------------------------------------------------------------------


def test_an_upload_cut_mid_body_is_one_line_at_info(tmp_path) -> None:
    from hq.migrate import upgrade
    from hq.store import hq_engine

    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    upgrade(hq_engine(url))
    console = tmp_path / "console.log"
    with HQServer(url, log=console, log_dir=tmp_path, log_level="info") as server:
        body = compress(b'{"device_id": "x"}' * 1000)
        request = (
            f"POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body) * 4}\r\n"
            "Content-Encoding: zstd\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in version_headers().items())
            + "\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port)) as conn:
            conn.sendall(request + body)  # a quarter of what it announced, then the link drops
        log_file = tmp_path / "logs" / "checkpoint-hq.log"
        wait_until(lambda: "cut off" in log_file.read_text(), what="HQ logged the cut upload")
    lines = log_file.read_text().splitlines()
    cut = [line for line in lines if "cut off" in line]
    assert len(cut) == 1 and " INFO " in cut[0] and f"after {len(body)} bytes" in cut[0], cut
    everything = log_file.read_text() + console.read_text()
    assert "Traceback" not in everything and "ERROR" not in everything


# -- a bad record stored before HQ bounded its input -------------------------------------------


@pytest.mark.postgres
def test_a_stored_bad_record_is_found_and_set_aside_and_the_port_pulls_again(
    pg_url, tmp_path, capsys
) -> None:
    """As a pre-fix HQ stored it: a clearance event of 1200 BC, in the change log."""
    from test_sync_support import HQ

    from hq.migrate import upgrade
    from hq.store import hq_engine

    engine = hq_engine(pg_url)
    upgrade(engine)
    with HQServer(pg_url, log=tmp_path / "hq.log") as server:
        hq = HQ(server, engine, pg_url)
        junk = enrolled(hq, demo_post(tmp_path / "junk", "TRG", days=1, seed=3))
        other = enrolled(hq, initialize(tmp_path / "other", "TRG"))
        with SyncClient(junk) as client:
            client.sync()
        with engine.begin() as conn:  # the stored junk, through the back door
            bad = conn.execute(
                text(
                    "UPDATE clearance_events SET at = timestamptz '1200-06-01 00:00:00+00 BC' "
                    "WHERE id = (SELECT id FROM clearance_events WHERE supersedes_id IS NULL "
                    "AND id NOT IN (SELECT supersedes_id FROM clearance_events "
                    "WHERE supersedes_id IS NOT NULL) LIMIT 1) RETURNING id"
                )
            ).scalar_one()
        assert pull(hq, other, {"cursor": 0, "limit": 2000}).status_code == 500  # the outage
        capsys.readouterr()
        assert hq_main(["bad-records", "--db", pg_url, "--port", "TRG"]) == 0
        out = capsys.readouterr().out
        assert f"clearance_events {bad}  at = 1200-06-01" in out and "BC" in out
        kept = tmp_path / "aside.json"
        args = ["set-aside", "--db", pg_url, "clearance_events", str(bad), "--reason", "1200 BC"]
        assert hq_main([*args, "--out", str(kept)]) == 0
        record = json.loads(kept.read_text())
        assert record["record_id"] == str(bad) and "BC" in record["row"]["at"]
        assert record["reason"] == "1200 BC"
        still_pulls(hq, other)
        capsys.readouterr()
        assert hq_main(["bad-records", "--db", pg_url]) == 0
        assert capsys.readouterr().out.startswith("0 stored records")
        # twice is refused: it is not there any more
        assert hq_main([*args, "--out", str(tmp_path / "again.json")]) == 2
        junk.close()
        other.close()
    engine.dispose()
