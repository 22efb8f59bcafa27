"""Refusals: each one a clear error, and nothing of the request stored.

Unenrolled and revoked devices, forged or altered requests, a device writing
another port's rows (or as another device, or rows that refer to another
port's), malformed and oversized batches, a re-sent batch with another body,
enrolment codes used twice or for the wrong port.
"""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, text
from test_sync_support import demo_post, enrolled, record_clearances

from db.base import utcnow
from db.models import Forecast, Lane
from db.serialize import row_values
from desktop_app.bootstrap import initialize
from desktop_app.protocol.codec import compress, synced_tables
from desktop_app.protocol.messages import (
    HEADER_PROTOCOL,
    MAX_BATCH_ROWS,
    PROTOCOL,
    EnrollRequest,
    PushBatch,
    Section,
    version_headers,
)
from desktop_app.protocol.signing import (
    authorization,
    new_private_key,
    private_key_text,
    public_key_text,
)
from desktop_app.reference import reference_id
from desktop_app.sync import local
from desktop_app.sync.batches import build_batch
from desktop_app.sync.client import NotAuthorized, Refused, SyncClient
from hq import devices
from hq.models import AppliedBatch, Device, EnrollmentCode, RefusedBatch

pytest_plugins = ["test_sync_support"]


def held(hq) -> dict[str, int]:
    """Row counts of every table HQ stores pushed data in."""
    names = [*synced_tables(), "hq_changes", "hq_versions", "hq_conflicts", "hq_applied_batches"]
    with hq.engine.connect() as conn:
        return {n: conn.execute(text(f"select count(*) from {n}")).scalar_one() for n in names}


def push_raw(hq, desk, batch: PushBatch | bytes, *, key=None, device_id=None, headers=None):
    """POST a push signed with the desk's key (or ``key``), bypassing the client's checks."""
    body = batch if isinstance(batch, bytes) else compress(batch.model_dump_json().encode())
    key = key or local.credential(desk).key
    signed = authorization(
        key, device_id or desk.device_id, "POST", "/v1/push", body, int(utcnow().timestamp())
    )
    all_headers = {
        **version_headers(),
        "Authorization": signed,
        "Content-Encoding": "zstd",
        **(headers or {}),
    }
    return httpx.post(hq.url + "/v1/push", content=body, headers=all_headers, timeout=30)


def refused(response: httpx.Response, status: int, error: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error, body
    assert body["detail"]  # a sentence for people
    return body


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One SQLite HQ and one enrolled TRG post for the many refusals that store nothing."""
    from test_sync_support import HQ

    from hq.migrate import upgrade
    from hq.store import hq_engine
    from hq.testing import HQServer

    base = tmp_path_factory.mktemp("shared-hq")
    url = f"sqlite:///{base / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    with HQServer(url, log=base / "hq.log") as server:
        hq = HQ(server, engine, url)
        desk = enrolled(hq, demo_post(base / "trg", "TRG", days=1, seed=3))
        record_clearances(desk, 3)
        yield hq, desk
        desk.close()
    engine.dispose()


@pytest.fixture
def trg(hq, tmp_path):
    desk = enrolled(hq, demo_post(tmp_path / "trg", "TRG", days=1, seed=3))
    record_clearances(desk, 3)  # some clearance events, whatever the hour
    yield desk
    desk.close()


@pytest.fixture
def als(hq, tmp_path):
    desk = enrolled(hq, demo_post(tmp_path / "als", "ALS", days=1, seed=4))
    yield desk
    desk.close()


# -- who may talk ---------------------------------------------------------------------


def test_an_unenrolled_device_is_refused_and_nothing_is_stored(hq, tmp_path):
    desk = demo_post(tmp_path / "rogue", "TRG", days=1)
    local.save(desk, {local.HQ_URL: hq.url, local.PRIVATE_KEY: private_key_text(new_private_key())})
    before = held(hq)
    with SyncClient(desk) as client, pytest.raises(NotAuthorized, match="not enrolled"):
        client.sync()
    assert refused(push_raw(hq, desk, build_batch(desk, 0)), 401, "unknown_device")
    assert held(hq) == before
    desk.close()


def test_a_revoked_device_is_refused_from_then_on(hq, trg):
    with SyncClient(trg) as client:
        client.sync()
        assert devices.revoke(hq.engine, trg.device_id, utcnow(), "laptop stolen")
        record_clearances(trg, 5)
        before = held(hq)
        with pytest.raises(NotAuthorized, match="revoked"):
            client.sync()
    assert held(hq) == before
    code = devices.create_code(hq.engine, "TRG", utcnow())
    with SyncClient(trg) as client, pytest.raises(Refused, match="revoked"):
        client.enroll(code)  # a revoked device id cannot come back with a new code


def test_a_forged_or_altered_request_is_refused(shared):
    hq, trg = shared
    batch = build_batch(trg, 0)
    before = held(hq)
    # Signed with a key that is not the device's.
    refused(push_raw(hq, trg, batch, key=new_private_key()), 401, "bad_signature")
    # Signed by the device, then changed on the way.
    body = compress(batch.model_dump_json().encode())
    key = local.credential(trg).key
    signature = authorization(
        key, trg.device_id, "POST", "/v1/push", body, int(utcnow().timestamp())
    )
    altered = compress(batch.model_dump_json().replace('"pass"', '"fail"', 1).encode())
    assert altered != body
    response = httpx.post(
        hq.url + "/v1/push",
        content=altered,
        headers={**version_headers(), "Authorization": signature, "Content-Encoding": "zstd"},
    )
    refused(response, 401, "bad_signature")
    # Unsigned.
    response = httpx.post(hq.url + "/v1/push", content=body, headers=version_headers())
    refused(response, 401, "unauthenticated")
    # Signed an hour ago (a captured request replayed later).
    old = authorization(
        key,
        trg.device_id,
        "POST",
        "/v1/push",
        body,
        int((utcnow() - timedelta(hours=1)).timestamp()),
    )
    response = httpx.post(
        hq.url + "/v1/push",
        content=body,
        headers={**version_headers(), "Authorization": old, "Content-Encoding": "zstd"},
    )
    refused(response, 401, "clock_skew")
    assert held(hq) == before


# -- what a device may write -------------------------------------------------------------


def test_a_device_cannot_write_another_ports_rows(hq, trg, als):
    before = held(hq)
    als_batch = build_batch(als, 0)
    # ALS's rows, sent by the TRG device as its own.
    as_trg = als_batch.model_copy(update={"device_id": trg.device_id})
    body = refused(push_raw(hq, trg, as_trg), 403, "wrong_port")
    assert "TRG" in body["detail"]
    assert held(hq) == before
    with hq.engine.connect() as conn:
        reports = conn.execute(select(RefusedBatch.error, RefusedBatch.device_id)).all()
    assert ("wrong_port", trg.device_id) in reports


def test_a_device_cannot_refer_to_another_ports_rows_nor_write_as_another_device(hq, trg, als):
    batch = build_batch(trg, 0)
    events = next(s for s in batch.sections if s.entity == "clearance_events")
    als_lane = reference_id("lane", "ALS", "P-IN-1").hex
    before = held(hq)
    changed = replace_value(events, "lane_id", 0, als_lane)  # a TRG event on an ALS lane
    refused(push_raw(hq, trg, _with_section(batch, changed)), 403, "wrong_port")
    # An ALS lane "updated" by TRG, with its port changed to TRG.
    with als.read() as s:
        lane = s.scalars(select(Lane).where(Lane.code == "P-IN-1")).one()
    from desktop_app.protocol.codec import codec

    values = row_values(lane)
    values.update(port_id=trg.port_id, is_open=True, version=lane.version + 1)
    values["hlc"] = f"{'9' * 13}-000000-{trg.device_id}"
    lanes_section = Section(
        entity="lanes",
        columns=list(codec("lanes").columns),
        values=codec("lanes").encode_columns([values]),
        seqs=[batch.first_seq],
        bases=[None],
    )
    lone = PushBatch(
        device_id=trg.device_id,
        first_seq=batch.first_seq,
        last_seq=batch.first_seq,
        sections=[lanes_section],
    )
    refused(push_raw(hq, trg, lone), 403, "wrong_port")
    # Rows stamped by another device.
    stamp = events.column("hlc")[0].split("-")[0] + f"-000000-{als.device_id}"
    changed = replace_value(events, "hlc", 0, stamp)
    refused(push_raw(hq, trg, _with_section(batch, changed)), 403, "wrong_writer")
    # Reference data only HQ writes.
    ports = Section(entity="ports", columns=["id"], values=[["x"]], seqs=[1])
    refused(push_raw(hq, trg, _with_section(batch, ports)), 403, "forbidden")
    assert held(hq) == before


def _lone_forecast_batch(desk, origin_device: str) -> PushBatch:
    """One of the desk's forecasts as the only row of its first batch, created "by" someone."""
    from desktop_app.protocol.codec import codec

    with desk.read() as s:
        own = select(Forecast).where(Forecast.origin_device == desk.device_id)
        forecast = s.scalars(own).first()
    assert forecast is not None, "the demo post has no forecast of its own"
    values = row_values(forecast)
    values["origin_device"] = origin_device  # the stamp stays the device's own
    section = Section(
        entity="forecasts",
        columns=list(codec("forecasts").columns),
        values=codec("forecasts").encode_columns([values]),
        seqs=[1],
        bases=[None],  # a new record: no base
    )
    return PushBatch(device_id=desk.device_id, first_seq=1, last_seq=1, sections=[section])


@pytest.mark.parametrize("origin", ["hq", "reference", "another-desk-0001"])
def test_a_device_cannot_create_a_record_as_someone_else(hq, trg, origin):
    """origin_device decides ownership in the merge (HQ owns its forecasts' schedule)."""
    before = held(hq)
    body = refused(push_raw(hq, trg, _lone_forecast_batch(trg, origin)), 403, "wrong_writer")
    assert "forecasts" in body["detail"] and repr(origin) in body["detail"]
    assert "created by this device" in body["detail"]
    assert held(hq) == before
    with hq.engine.connect() as conn:
        reports = conn.execute(select(RefusedBatch.error, RefusedBatch.device_id)).all()
    assert [tuple(r) for r in reports] == [("wrong_writer", trg.device_id)]
    # The very same row created by the device itself is stored.
    ack = push_raw(hq, trg, _lone_forecast_batch(trg, trg.device_id))
    assert ack.status_code == 200 and ack.json()["stored"] == 1, ack.text


def replace_value(section: Section, column: str, row: int, value) -> Section:
    values = [list(v) for v in section.values]
    values[section.columns.index(column)][row] = value
    return section.model_copy(update={"values": values})


def _with_section(batch: PushBatch, section: Section) -> PushBatch:
    sections = [s for s in batch.sections if s.entity != section.entity] + [section]
    return batch.model_copy(update={"sections": sections})


# -- malformed and oversized ------------------------------------------------------------------


@pytest.mark.parametrize(
    "mangle, error",
    [
        (lambda b: b"not zstd at all", "malformed"),
        (lambda b: compress(b"{not json"), "malformed"),
        (lambda b: compress(b'{"device_id": 1}'), "malformed"),
        (
            lambda b: _mutate(b, lambda d: d["sections"][0]["values"][2].__setitem__(0, "x" * 500)),
            "malformed",
        ),
        (lambda b: _mutate(b, lambda d: d["sections"][0]["values"][3].pop()), "malformed"),
        (
            lambda b: _mutate(b, lambda d: d["sections"][0].__setitem__("entity", "hq_devices")),
            "malformed",
        ),
        (
            lambda b: _mutate(b, lambda d: d["sections"][0]["columns"].__setitem__(0, "evil")),
            "malformed",
        ),
        (
            lambda b: _mutate(b, lambda d: d["sections"][0]["seqs"].__setitem__(0, 10**9)),
            "malformed",
        ),
        (lambda b: _mutate(b, lambda d: d.__setitem__("last_seq", 0)), "malformed"),
        # A range the rows do not cover would move the device's acknowledgement past
        # entries HQ never saw; a batch with nothing in it would do the same.
        (
            lambda b: _mutate(b, lambda d: d.__setitem__("last_seq", d["last_seq"] + 3)),
            "malformed",
        ),
        (lambda b: _mutate(b, lambda d: d.__setitem__("sections", [])), "malformed"),
    ],
    ids=[
        "not-zstd",
        "not-json",
        "not-a-batch",
        "too-long-text",
        "short-row",
        "hq-table",
        "unknown-column",
        "seq-outside",
        "bad-range",
        "range-not-covered",
        "no-sections",
    ],
)
def test_a_malformed_batch_is_refused_and_nothing_is_stored(shared, mangle, error):
    hq, trg = shared
    batch = build_batch(trg, 0)
    before = held(hq)
    refused(push_raw(hq, trg, mangle(batch)), 422, error)
    assert held(hq) == before


def _mutate(batch: PushBatch, change) -> bytes:
    data = json.loads(batch.model_dump_json())
    change(data)
    return compress(json.dumps(data).encode())


def test_an_oversized_batch_is_refused_and_nothing_is_stored(hq, trg):
    record_clearances(trg, MAX_BATCH_ROWS // 3 + 10)
    before = held(hq)
    too_many = build_batch(trg, 0, max_rows=MAX_BATCH_ROWS + 5)
    assert too_many.row_count > MAX_BATCH_ROWS
    refused(push_raw(hq, trg, too_many), 413, "batch_too_large")
    # A body past the byte limit is refused before it is read whole…
    refused(push_raw(hq, trg, b"\0" * (9 * 1024 * 1024)), 413, "body_too_large")
    # …and a small body that would expand past it (a decompression bomb).
    bomb = compress(b'{"device_id":"' + b" " * (80 * 1024 * 1024) + b'"}')
    assert len(bomb) < 64 * 1024
    refused(push_raw(hq, trg, bomb), 413, "body_too_large")
    assert held(hq) == before


# -- batches: same key, other body; lost acknowledgement -------------------------------------


def test_a_resent_batch_with_another_body_is_refused_and_reported(hq, trg):
    batch = build_batch(trg, 0, max_rows=50)
    assert push_raw(hq, trg, batch).json()["status"] == "applied"
    before = held(hq)
    events = next(s for s in batch.sections if s.entity == "audit_entries")
    other = _with_section(batch, replace_value(events, "action", 0, "changed.after.sending"))
    body = refused(push_raw(hq, trg, other), 409, "batch_conflict")
    assert f"{batch.first_seq}..{batch.last_seq}" in body["detail"]
    assert held(hq) == before
    with hq.engine.connect() as conn:
        report = conn.execute(
            select(RefusedBatch.error, RefusedBatch.first_seq, RefusedBatch.last_seq)
        ).all()
    assert [tuple(r) for r in report] == [("batch_conflict", batch.first_seq, batch.last_seq)]
    # The same body again is a harmless duplicate.
    again = push_raw(hq, trg, batch)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert held(hq) == before


def test_a_lost_acknowledgement_costs_a_resend_and_nothing_more(hq, trg):
    with SyncClient(trg) as client:
        ack, rows = client.push_batch(0)
        assert ack.status == "applied" and rows > 0
        # The answer never arrived: the post still thinks nothing was acknowledged.
        with trg.unit(remote=True) as s:
            s.execute(text("UPDATE outbox SET acked_at = NULL"))
        before = held(hq)
        again, _ = client.push_batch(0)
        assert again.status == "duplicate" and again.acked_through == ack.acked_through
        assert held(hq) == before
        client.sync()
    with hq.engine.connect() as conn:
        batches = conn.execute(select(AppliedBatch.first_seq, AppliedBatch.last_seq)).all()
    assert len(batches) == len(set(batches))


# -- enrolment ------------------------------------------------------------------------------


def test_enrolment_codes_are_single_use_and_for_one_port(hq, tmp_path):
    code = devices.create_code(hq.engine, "ALS", utcnow())
    trg = demo_post(tmp_path / "trg", "TRG", days=1)
    with SyncClient(trg, hq.url) as client, pytest.raises(Refused, match="for port ALS"):
        client.enroll(code)
    als = demo_post(tmp_path / "als", "ALS", days=1)
    with SyncClient(als, hq.url) as client:
        client.enroll(code.lower().replace("-", " "))  # forgiving about case and spacing
    other = demo_post(tmp_path / "als2", "ALS", days=1)
    with SyncClient(other, hq.url) as client, pytest.raises(Refused, match="already used"):
        client.enroll(code)
    with SyncClient(other, hq.url) as client, pytest.raises(Refused, match="unknown"):
        client.enroll("AAAA-BBBB-CCCC-DDDD")
    with hq.engine.connect() as conn:
        stored = conn.execute(text("select code_hash from hq_enrollment_codes")).scalars().all()
        keys = conn.execute(text("select public_key from hq_devices")).scalars().all()
    assert code.replace("-", "") not in " ".join(stored)  # only a hash of the code is kept
    assert all(len(k) == 44 for k in keys)  # and only public keys
    for desk in (trg, als, other):
        desk.close()


def test_an_expired_code_is_refused(shared, tmp_path):
    hq, _ = shared
    code = devices.create_code(hq.engine, "TRG", utcnow() - timedelta(days=2))
    trg = demo_post(tmp_path / "trg", "TRG", days=1)
    with SyncClient(trg, hq.url) as client, pytest.raises(Refused, match="expired"):
        client.enroll(code)
    trg.close()


def enrol_raw(hq, code: str, device_id: str, port_code: str, key) -> httpx.Response:
    """POST /v1/enroll as anyone may: a code, a device id, a public key of one's own."""
    request = EnrollRequest(
        code=code, device_id=device_id, port_code=port_code, public_key=public_key_text(key)
    )
    return httpx.post(
        hq.url + "/v1/enroll",
        content=request.model_dump_json().encode(),
        headers={**version_headers(), "Content-Type": "application/json"},
        timeout=30,
    )


def device_row(hq, device_id: str) -> dict:
    with hq.engine.connect() as conn:
        row = conn.execute(select(Device.__table__).where(Device.id == device_id)).one()
    return dict(row._mapping)


def unused_codes(hq) -> int:
    with hq.engine.connect() as conn:
        return conn.execute(
            select(func.count()).where(EnrollmentCode.used_at.is_(None))
        ).scalar_one()


def test_a_ports_code_cannot_take_over_an_enrolled_device(hq, trg, tmp_path):
    """Device ids are not secret: a code for the port enrols a new device, never an old one."""
    with SyncClient(trg) as client:
        client.sync()
    before = device_row(hq, trg.device_id)
    code = devices.create_code(hq.engine, "TRG", utcnow())  # a plain code for TRG
    intruder = new_private_key()
    body = refused(enrol_raw(hq, code, trg.device_id, "TRG", intruder), 409, "device_enrolled")
    assert "already enrolled" in body["detail"]
    assert f"checkpoint-hq enroll --port TRG --device {trg.device_id}" in body["detail"]
    # Nothing changed: the device keeps its key, the code is still unused.
    assert device_row(hq, trg.device_id) == before
    assert unused_codes(hq) == 1
    refused(push_raw(hq, trg, build_batch(trg, 0), key=intruder), 401, "bad_signature")
    record_clearances(trg, 2)
    with SyncClient(trg) as client:  # the old key still works
        client.sync()
    assert device_row(hq, trg.device_id)["acked_through"] > before["acked_through"]
    # The client says the same to an officer re-enrolling with a plain code.
    with SyncClient(trg) as client, pytest.raises(Refused, match="--device"):
        client.enroll(code)
    assert device_row(hq, trg.device_id)["public_key"] == before["public_key"]
    # The code was not spent by the refusals: it enrols a new device of the port.
    newcomer = initialize(tmp_path / "trg-2", "TRG")  # another desk at TRG
    with SyncClient(newcomer, hq.url) as client:
        client.enroll(code)
        client.sync()
    assert unused_codes(hq) == 0
    newcomer.close()


def test_a_code_issued_for_a_device_rekeys_that_device_only(hq, trg, tmp_path):
    with SyncClient(trg) as client:
        client.sync()
    before = device_row(hq, trg.device_id)
    old_key = local.credential(trg).key
    code = devices.create_code(hq.engine, "TRG", utcnow(), device_id=trg.device_id)
    # Not for another device, new or enrolled.
    other = initialize(tmp_path / "trg-2", "TRG")
    with SyncClient(other, hq.url) as client, pytest.raises(Refused, match="issued for device"):
        client.enroll(code)
    body = refused(enrol_raw(hq, code, "0" * 32, "TRG", new_private_key()), 403, "wrong_device")
    assert trg.device_id in body["detail"]
    assert device_row(hq, trg.device_id) == before
    # The device itself: a new key replaces the old one; what HQ holds of it stays.
    with SyncClient(trg) as client:
        client.enroll(code)
        record_clearances(trg, 2)
        client.sync()
    after = device_row(hq, trg.device_id)
    assert after["public_key"] != before["public_key"]
    assert after["acked_through"] > before["acked_through"] > 0
    refused(push_raw(hq, trg, build_batch(trg, 0), key=old_key), 401, "bad_signature")
    with SyncClient(trg) as client, pytest.raises(Refused, match="already used"):
        client.enroll(code)
    # Codes are issued only for an enrolled, active device of that port.
    with pytest.raises(devices.CodeRefused, match="no device"):
        devices.create_code(hq.engine, "TRG", utcnow(), device_id=other.device_id)
    with pytest.raises(devices.CodeRefused, match="of port TRG, not ALS"):
        devices.create_code(hq.engine, "ALS", utcnow(), device_id=trg.device_id)
    assert devices.revoke(hq.engine, trg.device_id, utcnow())
    with pytest.raises(devices.CodeRefused, match="revoked"):
        devices.create_code(hq.engine, "TRG", utcnow(), device_id=trg.device_id)
    other.close()


# -- versions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers, update",
    [
        ({HEADER_PROTOCOL: "0"}, "post"),
        ({HEADER_PROTOCOL: "99"}, "hq"),
        ({"X-Checkpoint-App": "0.0.1"}, "post"),
        ({"X-Checkpoint-Schema": "0001"}, "post"),
        ({"X-Checkpoint-Schema": "9999"}, "hq"),
        ({HEADER_PROTOCOL: ""}, "post"),
    ],
    ids=["old-protocol", "new-protocol", "old-app", "old-schema", "new-schema", "no-version"],
)
def test_a_peer_too_old_or_too_new_is_told_to_update(shared, headers, update):
    hq, trg = shared
    before = held(hq)
    response = push_raw(hq, trg, build_batch(trg, 0), headers=headers)
    body = refused(response, 426, "update_required")
    assert body["update"] == update
    assert body["hq_protocol"] == PROTOCOL and body["hq_schema_version"]
    assert response.headers["Upgrade"].startswith("checkpoint-sync/")
    assert held(hq) == before
    ping = httpx.get(hq.url + "/v1/ping").json()  # what HQ speaks, for anyone to see
    assert ping["protocol"] == PROTOCOL and ping["schema_version"] == body["hq_schema_version"]


def test_the_client_reports_update_required(shared, monkeypatch):
    _, trg = shared
    from desktop_app.sync import client as client_module
    from desktop_app.sync.client import UpdateRequired

    monkeypatch.setattr(
        client_module, "version_headers", lambda: {**version_headers(), HEADER_PROTOCOL: "99"}
    )
    with SyncClient(trg) as client, pytest.raises(UpdateRequired, match="HQ must be updated"):
        client.sync()
    state = local.read_values(trg, local.LAST_ERROR_KIND)
    assert state[local.LAST_ERROR_KIND] == "update_required"
