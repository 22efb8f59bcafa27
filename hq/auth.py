"""Who is asking, and may they: version checks and request signatures.

Each check raises ``ProtocolError``, which the app turns into a JSON answer
with a stable ``error`` code: 426 ``update_required`` for a peer too old or
too new, 401 for anything about the credential.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine

from db.migrate import known_revisions
from desktop_app.protocol import messages as protocol
from desktop_app.protocol.signing import (
    BadCredential,
    canonical_request,
    parse_authorization,
    request_target,
    verify,
)
from hq.devices import device_info
from hq.ingest import DeviceInfo

# How far a request's timestamp may be from HQ's clock.  The post signs with
# its estimate of HQ's time (learnt from every answer), not its own clock.
TIMESTAMP_WINDOW_S = 300
# A device's clock header is believed between 1970 and 2106 (32-bit Unix seconds);
# anything else (1e400, nan, a year 1 clock) is ignored as unreadable.
CLOCK_RANGE_S = (0.0, float(2**32))


class ProtocolError(Exception):
    """A refusal; ``retry_after``: seconds the post should wait before trying again."""

    def __init__(
        self, status: int, error: str, detail: str, *, retry_after: int | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.retry_after = retry_after
        self.extra = extra


def update_required(who: str, detail: str) -> ProtocolError:
    return ProtocolError(
        426,
        "update_required",
        detail,
        update=who,
        hq_protocol=protocol.PROTOCOL,
        hq_min_protocol=protocol.MIN_PROTOCOL,
        hq_app_version=protocol.__version__,
        hq_schema_version=protocol.schema_version(),
        min_app_version=protocol.MIN_APP_VERSION,
    )


def check_versions(headers: Mapping[str, str]) -> None:
    """Refuse a peer whose protocol, app or schema version HQ cannot work with."""
    raw = headers.get(protocol.HEADER_PROTOCOL)
    try:
        peer = int(raw or "")
    except ValueError:
        raise update_required(
            "post", "the request carries no protocol version: update Checkpoint Desk"
        ) from None
    if peer < protocol.MIN_PROTOCOL:
        raise update_required(
            "post",
            f"this post speaks sync protocol {peer}; HQ needs {protocol.MIN_PROTOCOL} or newer: "
            "update Checkpoint Desk",
        )
    if peer > protocol.PROTOCOL:
        raise update_required(
            "hq",
            f"this post speaks sync protocol {peer}, newer than HQ's {protocol.PROTOCOL}: "
            "HQ must be updated first",
        )
    app = headers.get(protocol.HEADER_APP, "")
    if protocol.version_tuple(app) < protocol.version_tuple(protocol.MIN_APP_VERSION):
        raise update_required(
            "post",
            f"Checkpoint Desk {app or '(unknown)'} is too old for this HQ; "
            f"install {protocol.MIN_APP_VERSION} or newer",
        )
    schema = headers.get(protocol.HEADER_SCHEMA, "")
    ours = protocol.schema_version()
    if schema != ours:
        newer = schema not in known_revisions()
        raise update_required(
            "hq" if newer else "post",
            f"this post's database schema is {schema or '(unknown)'}, HQ's is {ours}: "
            + ("HQ must be updated first" if newer else "update Checkpoint Desk"),
        )


class Authenticator:
    """Checks a request's signature against the device's enrolled public key."""

    def __init__(self, engine: Engine, wall: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.wall = wall

    def authenticate(
        self,
        method: str,
        path: str,
        header: str | None,
        body: bytes,
        clock: str | None = None,
        query: str = "",
    ) -> DeviceInfo:
        """The signing device, with its clock error as its clock header tells it.

        ``query`` is the request's query string as sent: the signature covers it.
        """
        if not header:
            raise ProtocolError(
                401, "unauthenticated", "requests must be signed by an enrolled device"
            )
        try:
            auth = parse_authorization(header)
        except BadCredential as error:
            raise ProtocolError(401, "unauthenticated", str(error)) from None
        found = device_info(self.engine, auth.device_id)
        if found is None:
            raise ProtocolError(401, "unknown_device", "this device is not enrolled at HQ")
        device, public_key, revoked = found
        if revoked:
            raise ProtocolError(
                401,
                "revoked",
                "this device's enrolment was revoked at HQ, and a revoked device cannot "
                "enrol again: ask HQ's staff why (they see it in `checkpoint-hq devices`)",
            )
        now = self.wall()
        if abs(auth.timestamp - now) > TIMESTAMP_WINDOW_S:
            raise ProtocolError(
                401,
                "clock_skew",
                "the request's timestamp is too far from HQ's clock; retry with HQ's time",
                server_time=now,
            )
        signed = canonical_request(
            method,
            request_target(path, query),
            auth.device_id,
            auth.timestamp,
            auth.nonce,
            body,
            clock or "",
        )
        if not verify(public_key, auth.signature, signed):
            raise ProtocolError(401, "bad_signature", "the request's signature does not verify")
        # No nonce cache: a replayed request (within the window) is harmless by
        # design.  A push is idempotent by its batch key, pulls and status only
        # read, an enrolment code works once; and the proxy tests duplicate
        # requests on purpose to prove it.
        try:
            reading = float(clock or "")
        except ValueError:
            reading = -1.0
        low, high = CLOCK_RANGE_S
        if not low <= reading <= high:  # also nan: no clock to believe
            return device  # judged by the last clock it sent
        return replace(device, clock_skew_ms=round((reading - now) * 1000))
