"""The hub's link to HQ: signed requests, as a desk makes them (PROTOCOL.md, "Hubs").

The hub speaks the same protocol to HQ as its desks speak to it, with two
operations of its own: ``/v1/hub/desks`` (the desks it vouches for) and
``/v1/hub/relay`` (their batches).  It signs with its own key, in HQ's time
as it last learnt it, so a hub whose clock is off still signs requests HQ
accepts.

The link is protected as a desk's is (``desktop_app.protocol.transport``):
TLS pinned to the certificate whose fingerprint the hub's enrolment code
carried (kept in the hub's encrypted database), plain HTTP only to HQ on
this machine unless allowed explicitly at ``hub-join``.  A refused link
(plain HTTP, another certificate) sends nothing; the hub keeps serving its
desks and says why HQ is not reached.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from desktop_app.protocol.codec import compress
from desktop_app.protocol.messages import (
    HEADER_CLOCK,
    HEADER_TIME,
    ZSTD,
    EnrollRequest,
    EnrollResponse,
    HubDesks,
    HubDesksAnswer,
    PullPage,
    PullRequest,
    RelayAnswer,
    RelayRequest,
    version_headers,
)
from desktop_app.protocol.signing import authorization, private_key_from_text
from desktop_app.protocol.transport import Link, LinkRefused, is_certificate_error

M = TypeVar("M", bound=BaseModel)


# The status of a LinkError for a link the hub itself refused (no request made): not
# passing, as a dead HQ is; it stays refused until the hub joins again.
LINK_REFUSED = 495


class LinkError(Exception):
    """HQ did not answer, or refused; ``error`` is HQ's code when it gave one."""

    def __init__(self, detail: str, *, error: str = "", status: int = 0) -> None:
        super().__init__(detail)
        self.detail = detail
        self.error = error
        self.status = status

    @property
    def passing(self) -> bool:
        """A cut link, a dead or busy HQ: try again later."""
        return self.status == 0 or self.status >= 500 or self.error == "clock_skew"


class HQLink:
    def __init__(
        self,
        url: str,
        device_id: str = "",
        private_key: str = "",
        *,
        offset: float = 0.0,
        timeout: float = 30.0,
        pinned_pem: str | None = None,
        allow_plain: bool = False,
    ) -> None:
        self.url = url.rstrip("/")
        self.device_id = device_id
        self.key = private_key_from_text(private_key) if private_key else None
        self.offset = offset  # HQ's clock minus ours, learnt from every answer
        self.security = Link(self.url, pinned_pem, allow_plain).security
        self.refused: LinkRefused | None = None
        try:
            self.http = Link(self.url, pinned_pem, allow_plain).client(timeout)
        except LinkRefused as error:  # every request says so; nothing is sent
            self.refused = error
            self.http = httpx.Client(timeout=timeout)
        for name in ("user-agent", "accept"):
            self.http.headers.pop(name, None)
        self.http.headers["accept-encoding"] = ZSTD

    def close(self) -> None:
        self.http.close()

    def _send(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
        if self.refused is not None:
            raise LinkError(str(self.refused), error="plain_http", status=LINK_REFUSED)
        all_headers = {**version_headers(), **headers}
        if self.key is not None:
            now = time.time()
            clock = f"{now:.3f}"
            all_headers[HEADER_CLOCK] = clock
            all_headers["Authorization"] = authorization(
                self.key, self.device_id, method, path, body, int(now + self.offset), clock
            )
        try:
            response = self.http.request(method, self.url + path, content=body, headers=all_headers)
        except httpx.HTTPError as error:
            if is_certificate_error(error):
                raise LinkError(
                    f"HQ at {self.url} showed a certificate that is not the one this hub "
                    "pinned when it joined: someone may be in the middle, or HQ's certificate "
                    "changed (then join again with a new code). Nothing was sent",
                    error="certificate",
                    status=LINK_REFUSED,
                ) from None
            raise LinkError(f"HQ did not answer: {type(error).__name__}: {error}") from None
        hq_time = response.headers.get(HEADER_TIME)
        if hq_time:
            with contextlib.suppress(ValueError):
                self.offset = float(hq_time) - time.time()
        if response.status_code >= 400:
            code, detail = "", response.text[:300]
            with contextlib.suppress(ValueError, AttributeError):
                answer: Any = response.json()
                code, detail = str(answer.get("error", "")), str(answer.get("detail", ""))
            raise LinkError(
                detail or f"HTTP {response.status_code}", error=code, status=response.status_code
            )
        return response.content

    def _call(self, path: str, request: BaseModel, model: type[M], *, zstd: bool = False) -> M:
        body = request.model_dump_json().encode()
        headers = {"Content-Type": "application/json"}
        if zstd:
            body = compress(body)
            headers["Content-Encoding"] = ZSTD
        content = self._send("POST", path, body, headers)
        try:
            return model.model_validate_json(content)
        except ValidationError as error:
            raise LinkError(f"HQ's answer to {path} is unreadable: {error}", status=502) from None

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        return self._call("/v1/enroll", request, EnrollResponse)

    def desks(self, request: HubDesks) -> HubDesksAnswer:
        return self._call("/v1/hub/desks", request, HubDesksAnswer)

    def relay(self, request: RelayRequest) -> RelayAnswer:
        return self.relay_body(compress(request.model_dump_json().encode()))

    def relay_body(self, body: bytes) -> RelayAnswer:
        """A relay request already encoded (JSON, zstd-compressed)."""
        headers = {"Content-Type": "application/json", "Content-Encoding": ZSTD}
        content = self._send("POST", "/v1/hub/relay", body, headers)
        try:
            return RelayAnswer.model_validate_json(content)
        except ValidationError as error:
            raise LinkError(
                f"HQ's answer to the relay is unreadable: {error}", status=502
            ) from None

    def pull(self, cursor: int, limit: int) -> PullPage:
        body = PullRequest(cursor=cursor, limit=limit).model_dump_json().encode()
        content = self._send("POST", "/v1/pull", body, {"Content-Type": "application/json"})
        try:  # httpx has undone the zstd (Content-Encoding)
            return PullPage.model_validate_json(content)
        except ValidationError as error:
            raise LinkError(f"HQ's page is unreadable: {error}", status=502) from None
