"""HQ's OpenAPI schema, and a bounded schemathesis pass over a real HQ on loopback: 5xx = 0.

Schemathesis makes requests from the schema, valid and invalid; each is sent
as it comes and again signed by an enrolled device (the signature covers the
exact bytes, so the fuzzing reaches past the signature check into the
service).  Every answer must be below 500, and every JSON answer must match
the schema.  ``derandomize``: the same examples on every run, a few hundred
in all, so a CI run stays short and a failure can be replayed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.result import Ok

from db.base import utcnow
from desktop_app.protocol.messages import HEADER_CLOCK, version_headers
from desktop_app.protocol.signing import authorization, new_private_key, public_key_text
from hq import devices

pytest_plugins = ["test_sync_support"]

EXAMPLES = 40  # per operation and mode: 5 operations × 2 modes × 40 ≈ 400 requests a run


@pytest.fixture
def device(hq) -> Iterator[tuple[str, Any]]:
    """An enrolled device of TRG: its id and private key."""
    key, device_id = new_private_key(), str(uuid.uuid4())
    body = {
        "code": devices.create_code(hq.engine, "TRG", utcnow()),
        "device_id": device_id,
        "port_code": "TRG",
        "public_key": public_key_text(key),
    }
    response = httpx.post(
        hq.url + "/v1/enroll", content=json.dumps(body).encode(), headers=version_headers()
    )
    assert response.status_code == 200, response.text
    yield device_id, key


def test_the_schema_describes_every_operation(hq) -> None:
    schema = httpx.get(hq.url + "/openapi.json").json()
    assert set(schema["paths"]) == {
        "/v1/ping",
        "/v1/enroll",
        "/v1/status",
        "/v1/push",
        "/v1/pull",
        "/v1/hub/desks",  # a post's hub (PROTOCOL.md, "Hubs")
        "/v1/hub/relay",
    }
    assert "CKP1" in schema["components"]["securitySchemes"]
    pull = schema["paths"]["/v1/pull"]["post"]
    assert "cursor" in json.dumps(pull["requestBody"]) and "401" in pull["responses"]


def body_of(kwargs: dict[str, Any]) -> bytes:
    if "json" in kwargs:
        return json.dumps(kwargs.pop("json")).encode()
    data = kwargs.pop("data", b"")
    return data.encode() if isinstance(data, str) else bytes(data or b"")


def send(
    client: httpx.Client, case: Any, base_url: str, device: tuple[str, Any] | None
) -> httpx.Response:
    kwargs = case.as_transport_kwargs(base_url=base_url)
    body = body_of(kwargs)
    request = httpx.Request(
        kwargs["method"],
        kwargs["url"],
        params=kwargs.get("params"),
        headers={k: str(v) for k, v in (kwargs.get("headers") or {}).items()},
        content=body,
    )
    if device is not None:
        device_id, key = device
        url = urlsplit(str(request.url))
        target = url.path + (f"?{url.query}" if url.query else "")
        now = utcnow().timestamp()
        request.headers.update(version_headers())
        request.headers[HEADER_CLOCK] = f"{now:.3f}"
        request.headers["Authorization"] = authorization(
            key, device_id, request.method, target, body, int(now), f"{now:.3f}"
        )
    return client.send(request)


def test_schemathesis_finds_no_server_error(hq, device) -> None:
    schema = schemathesis.openapi.from_url(hq.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert len(operations) == 7  # the five of a post, and the two of a hub
    sent = 0
    client = httpx.Client(timeout=60)
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case: Any) -> None:
                nonlocal sent
                for signer in (None, device):
                    response = send(client, case, hq.url, signer)
                    sent += 1
                    case.validate_response(
                        response, checks=[not_a_server_error, response_schema_conformance]
                    )

            try:
                fuzz()
            except Unsatisfiable:  # nothing to make invalid: an operation without input
                assert mode is GenerationMode.NEGATIVE and operation.method == "get"
    client.close()
    assert sent >= 200
