"""The HQ web service: FastAPI over ``hq.service``; the exchange is in hq/PROTOCOL.md.

Handlers read the raw body first (its bytes are what the signature covers),
check versions and the signature, then run the database work on the thread
pool: FastAPI's event loop never waits on the database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from desktop_app.sync import protocol
from desktop_app.sync.codec import compress
from desktop_app.sync.protocol import (
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    Ping,
    PullRequest,
    PushAck,
    StatusResponse,
)
from desktop_app.version import __version__
from hq.auth import Authenticator, ProtocolError, check_versions
from hq.ingest import DeviceInfo
from hq.migrate import require_current
from hq.service import HQService
from hq.store import HQClock

log = logging.getLogger("checkpoint.hq")


def create_app(engine: Engine, clock: HQClock | None = None) -> FastAPI:
    """The web app over ``engine``; ``clock`` is HQ's clock (a test may set its wall time)."""
    require_current(engine)
    service = HQService(engine, clock)
    auth = Authenticator(engine)
    app = FastAPI(
        title="Checkpoint Desk HQ",
        version=__version__,
        docs_url=None,  # not an API for browsers; the protocol is documented in PROTOCOL.md
        redoc_url=None,
        openapi_url=None,
    )
    app.state.service = service

    @app.middleware("http")
    async def stamp_responses(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        # HQ's clock on every answer: posts sign with it, and see their own
        # skew.  The protocol too, so a post can tell an HQ too old for it.
        # (App and schema versions are in /v1/ping and every 426 answer: every
        # byte of every answer crosses the posts' links.)
        response.headers[protocol.HEADER_TIME] = f"{time.time():.3f}"
        response.headers[protocol.HEADER_PROTOCOL] = str(protocol.PROTOCOL)
        return response

    @app.exception_handler(ProtocolError)
    async def protocol_error(request: Request, error: ProtocolError) -> JSONResponse:
        headers = (
            {"Upgrade": f"checkpoint-sync/{protocol.PROTOCOL}"} if error.status == 426 else None
        )
        body = ErrorBody(error=error.error, detail=error.detail, **error.extra)
        return JSONResponse(body.model_dump(mode="json"), status_code=error.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        body = ErrorBody(error="malformed", detail=f"invalid request: {error.errors()[:3]}")
        return JSONResponse(body.model_dump(mode="json"), status_code=422)

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        body = ErrorBody(
            error="server_error", detail="HQ failed to handle the request; retry later"
        )
        return JSONResponse(body.model_dump(mode="json"), status_code=500)

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

    @app.post("/v1/enroll")
    async def enroll(request: Request) -> EnrollResponse:
        check_versions(request.headers)
        body = await read_body(request, 16 * 1024)
        try:
            enrolment = EnrollRequest.model_validate_json(body)
        except ValidationError as error:
            raise ProtocolError(422, "malformed", f"not an enrolment request: {error}") from None
        return await run_in_threadpool(service.enroll, enrolment)

    @app.get("/v1/status")
    async def status(request: Request) -> StatusResponse:
        device, _ = await signed(request, 0)
        app_version = request.headers.get(protocol.HEADER_APP, "")
        return await run_in_threadpool(service.status, device, app_version)

    @app.post("/v1/push")
    async def push(request: Request) -> PushAck:
        device, body = await signed(request, protocol.MAX_BODY_BYTES)
        if request.headers.get("content-encoding") != protocol.ZSTD:
            raise ProtocolError(415, "malformed", "push bodies must be zstd-compressed")
        batch = await run_in_threadpool(service.decode_push, body)
        return await run_in_threadpool(service.push, device, batch)

    @app.post("/v1/pull")
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

    return app


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, "body_too_large", f"the body is over {limit} bytes")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, "body_too_large", f"the body is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
