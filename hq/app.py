"""The HQ web service: FastAPI over ``hq.service``; the exchange is in hq/PROTOCOL.md.

Handlers read the raw body first (its bytes are what the signature covers),
check versions and the signature, then run the database work on the thread
pool: FastAPI's event loop never waits on the database.  The OpenAPI schema
(``/openapi.json``) describes every operation and refusal, for tools (CI
fuzzes the service with it: tests/test_hq_openapi.py); PROTOCOL.md is the
specification.  An unexpected error is logged once, with its traceback, and
answered 500; an upload the post cut off is one line at INFO: it happens on
every bad link, and HQ lost nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from desktop_app.protocol import messages as protocol
from desktop_app.protocol.codec import compress
from desktop_app.protocol.messages import (
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    HubDesks,
    HubDesksAnswer,
    Ping,
    PullRequest,
    PushAck,
    RelayAnswer,
    StatusResponse,
)
from desktop_app.version import __version__
from hq.admission import Admission
from hq.auth import Authenticator, ProtocolError, check_versions
from hq.console.web import mount as mount_console
from hq.ingest import DeviceInfo
from hq.migrate import require_current
from hq.public.web import mount as mount_public
from hq.service import HQService
from hq.store import HQClock

log = logging.getLogger("checkpoint.hq")

SIGNED: list[dict[str, list[str]]] = [{"CKP1": []}]  # every operation but ping and enrol


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    """An operation's request body for the schema (handlers read raw bytes: they are signed)."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }


def _refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody, "description": "refused"} for status in statuses}


class CutOff(Exception):
    """The post's upload ended before its body did (a dropped link)."""

    def __init__(self, received: int) -> None:
        super().__init__(f"cut off after {received} bytes")
        self.received = received


def create_app(
    engine: Engine,
    clock: HQClock | None = None,
    *,
    hub: bool = False,
    on_push: Callable[[], None] | None = None,
    admission: Admission | None = None,
) -> FastAPI:
    """The web app over ``engine``; ``clock`` is HQ's clock (a test may set its wall time).

    ``hub``: serve as a post's hub (``hq.hub``); ``on_push`` runs after each applied push;
    ``admission``: how many pushes are stored at a time (``hq.admission``).
    """
    require_current(engine)
    service = HQService(engine, clock, hub=hub, on_push=on_push)
    # One clock for HQ: the signatures' window, the answers' time and HQ's records.
    auth = Authenticator(engine, wall=lambda: service.clock.now().timestamp())
    admission = admission or Admission()
    app = FastAPI(
        title="Checkpoint Desk HQ",
        version=__version__,
        docs_url=None,  # not an API for browsers; the protocol is documented in PROTOCOL.md
        redoc_url=None,
        openapi_url="/openapi.json",
        description="Sync between Checkpoint Desk posts and HQ: see hq/PROTOCOL.md.",
    )
    app.state.service = service
    app.state.admission = admission

    @app.middleware("http")
    async def stamp_responses(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        try:
            response = await call_next(request)
        except Exception:
            # Logged here, once: the exception does not travel on to the server,
            # which would log the same traceback a second time.
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            body = ErrorBody(
                error="server_error", detail="HQ failed to handle the request; retry later"
            )
            response = JSONResponse(body.model_dump(mode="json"), status_code=500)
        # HQ's clock on every answer: posts sign with it, and see their own
        # skew.  The protocol too, so a post can tell an HQ too old for it.
        # (App and schema versions are in /v1/ping and every 426 answer: every
        # byte of every answer crosses the posts' links.)
        response.headers[protocol.HEADER_TIME] = f"{service.clock.now().timestamp():.3f}"
        response.headers[protocol.HEADER_PROTOCOL] = str(protocol.PROTOCOL)
        return response

    @app.exception_handler(ProtocolError)
    async def protocol_error(request: Request, error: ProtocolError) -> JSONResponse:
        headers = (
            {"Upgrade": f"checkpoint-sync/{protocol.PROTOCOL}"} if error.status == 426 else None
        )
        if error.retry_after is not None:
            headers = {"Retry-After": str(error.retry_after)}
        body = ErrorBody(error=error.error, detail=error.detail, **error.extra)
        return JSONResponse(body.model_dump(mode="json"), status_code=error.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        body = ErrorBody(error="malformed", detail=f"invalid request: {error.errors()[:3]}")
        return JSONResponse(body.model_dump(mode="json"), status_code=422)

    @app.exception_handler(CutOff)
    async def cut_off(request: Request, error: CutOff) -> Response:
        client = request.client.host if request.client else "?"
        log.info(
            "%s %s from %s: upload cut off after %d bytes (nothing stored)",
            request.method,
            request.url.path,
            client,
            error.received,
        )
        return Response(status_code=400)  # nobody is left to read it

    async def signed(request: Request, limit: int) -> tuple[DeviceInfo, bytes]:
        check_versions(request.headers)
        body = await read_body(request, limit)
        device = await run_in_threadpool(
            auth.authenticate,
            request.method,
            request.url.path,
            request.headers.get("authorization"),
            body,
            request.headers.get(protocol.HEADER_CLOCK),
            request.scope.get("query_string", b"").decode("latin-1"),
        )
        return device, body

    @app.get("/v1/ping")
    async def ping() -> Ping:
        """Unauthenticated: is HQ there, and which versions does it speak."""
        return Ping(
            protocol=protocol.PROTOCOL,
            min_protocol=protocol.MIN_PROTOCOL,
            app_version=__version__,
            schema_version=protocol.schema_version(),
            server_time=service.clock.now(),
        )

    @app.post(
        "/v1/enroll",
        openapi_extra=_json_body(EnrollRequest),
        responses=_refusals(403, 409, 413, 422, 426),
    )
    async def enroll(request: Request) -> EnrollResponse:
        check_versions(request.headers)
        body = await read_body(request, 16 * 1024)
        try:
            enrolment = EnrollRequest.model_validate_json(body)
        except ValidationError as error:
            raise ProtocolError(422, "malformed", f"not an enrolment request: {error}") from None
        return await run_in_threadpool(service.enroll, enrolment)

    @app.get("/v1/status", openapi_extra={"security": SIGNED}, responses=_refusals(401, 426))
    async def status(request: Request) -> StatusResponse:
        device, _ = await signed(request, 0)
        app_version = request.headers.get(protocol.HEADER_APP, "")
        return await run_in_threadpool(service.status, device, app_version)

    @app.post(
        "/v1/push",
        openapi_extra={
            "security": SIGNED,
            "requestBody": {
                "required": True,
                "description": "a PushBatch as JSON, zstd-compressed (Content-Encoding: zstd)",
                "content": {"application/octet-stream": {"schema": {"format": "binary"}}},
            },
        },
        responses=_refusals(401, 403, 409, 413, 415, 422, 426, 503),
    )
    async def push(request: Request) -> PushAck:
        if not admission.enter():
            # Read (and drop) the body, so the post's connection stays open for the retry.
            await read_body(request, protocol.MAX_BODY_BYTES, keep=False)
            raise ProtocolError(
                503,
                "busy",
                "HQ is storing as many pushes as it can; send the batch again later",
                retry_after=admission.retry_after_s,
            )
        try:
            device, body = await signed(request, protocol.MAX_BODY_BYTES)
            if request.headers.get("content-encoding") != protocol.ZSTD:
                raise ProtocolError(415, "malformed", "push bodies must be zstd-compressed")
            batch = await run_in_threadpool(service.decode_push, body)
            return await run_in_threadpool(service.push, device, batch)
        finally:
            admission.leave()

    @app.post(
        "/v1/pull",
        openapi_extra={"security": SIGNED, **_json_body(PullRequest)},
        response_class=Response,
        responses={
            200: {
                "description": "a PullPage as JSON, zstd-compressed (Content-Encoding: zstd)",
                "content": {protocol.PAGE_MEDIA_TYPE: {"schema": {"format": "binary"}}},
            },
            **_refusals(401, 413, 422, 426),
        },
    )
    async def pull(request: Request) -> Response:
        device, body = await signed(request, 16 * 1024)
        try:
            wanted = PullRequest.model_validate_json(body)
        except ValidationError as error:
            raise ProtocolError(422, "malformed", f"not a pull request: {error}") from None
        page = await run_in_threadpool(service.pull, device, wanted.cursor, wanted.limit)
        content = await run_in_threadpool(lambda: compress(page.model_dump_json().encode()))
        return Response(
            content,
            media_type=protocol.PAGE_MEDIA_TYPE,
            headers={"Content-Encoding": protocol.ZSTD},
        )

    @app.post(
        "/v1/hub/desks",
        openapi_extra={"security": SIGNED, **_json_body(HubDesks)},
        responses=_refusals(401, 403, 413, 422, 426),
    )
    async def hub_desks(request: Request) -> HubDesksAnswer:
        """A hub vouches for the desks enrolled at it (PROTOCOL.md, "Hubs")."""
        device, body = await signed(request, 1024 * 1024)
        try:
            wanted = HubDesks.model_validate_json(body)
        except ValidationError as error:
            raise ProtocolError(422, "malformed", f"not a list of desks: {error}") from None
        return await run_in_threadpool(service.hub_desks, device, wanted)

    @app.post(
        "/v1/hub/relay",
        openapi_extra={
            "security": SIGNED,
            "requestBody": {
                "required": True,
                "description": "a RelayRequest as JSON, zstd-compressed (Content-Encoding: zstd)",
                "content": {"application/octet-stream": {"schema": {"format": "binary"}}},
            },
        },
        responses=_refusals(401, 403, 413, 415, 422, 426),
    )
    async def hub_relay(request: Request) -> RelayAnswer:
        """A hub relays its desks' batches, each as the desk wrote it (PROTOCOL.md, "Hubs")."""
        device, body = await signed(request, protocol.MAX_BODY_BYTES)
        if request.headers.get("content-encoding") != protocol.ZSTD:
            raise ProtocolError(415, "malformed", "relay bodies must be zstd-compressed")
        relayed = await run_in_threadpool(service.decode_relay, body)
        return await run_in_threadpool(service.relay, device, relayed)

    mount_console(app, engine, service.clock)  # the web console for HQ staff (/console)
    mount_public(app, engine, service.clock.now)  # the public feed, page and board (/public)
    _document_security(app)  # last: the schema is worked out once, from every route
    return app


def _document_security(app: FastAPI) -> None:
    """Name the request signature in the schema (its rules are in PROTOCOL.md)."""
    schema = app.openapi()
    schema.setdefault("components", {})["securitySchemes"] = {
        "CKP1": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "CKP1 device=…,ts=…,nonce=…,sig=…: an Ed25519 signature over the "
            "method, path and query, time, nonce, clock header and the body's SHA-256",
        }
    }


async def read_body(request: Request, limit: int, *, keep: bool = True) -> bytes:
    """The request body, refused (413) as soon as it passes ``limit`` bytes.

    ``keep=False``: read it to the end but keep none of it (a deferred push).
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, "body_too_large", f"the body is over {limit} bytes")
    chunks = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ProtocolError(413, "body_too_large", f"the body is over {limit} bytes")
            if keep:
                chunks.append(chunk)
    except ClientDisconnect:
        raise CutOff(size) from None
    return b"".join(chunks)
