"""The public answers, mounted on HQ's app (and so on a post's hub, the same app): ``mount``.

* ``GET /public/v1/ports`` — the feed as JSON; ``/public/v1/ports.xml`` (or
  ``Accept: application/xml``) the same in the shape of CBP's XML feed;
* ``GET /public/`` — the page; ``GET /public/board`` — the hall board
  (``?port=ALS``), which reloads its rows itself (``/public/board/rows``).

Read-only and anonymous by construction: GET and HEAD only (anything else
is 405), no cookie read or set, nothing written.  They are answered by
``PublicFront``, a plain ASGI middleware at the front of the app, so that
a cached answer skips FastAPI's routing and HQ's other middleware.  Every
answer comes from ``FeedCache`` (rebuilt at most every 15 s) with a strong
ETag (``If-None-Match`` → 304) and ``Cache-Control: public, max-age`` the
time left until the next rebuild.
Each client address is held to ``RATE`` requests a second (burst
``BURST``), answered 429 with ``Retry-After`` beyond it.  A fresh answer
never touches the database or the thread pool: it is bytes in memory.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from fastapi import APIRouter, FastAPI, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers as Headers_
from starlette.types import ASGIApp, Receive, Scope, Send

from desktop_app.rounding import half_up
from hq.public import cbp_xml
from hq.public.feed import Feed, FeedCache, PortLine
from hq.public.ratelimit import RateLimiter

PREFIX = "/public"
HERE = Path(__file__).parent
HTMX = HERE.parent / "console" / "static" / "htmx.min.js"  # vendored once, for both
RATE_ENV = "CHECKPOINT_PUBLIC_RATE"  # requests a second per client address
RATE = 5.0
BURST = 30.0
BOARD_REFRESH_S = 30
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Access-Control-Allow-Origin": "*",  # an open-data feed: any page may read it
}
MEDIA = {
    "json": "application/json",
    "xml": "application/xml; charset=utf-8",
    "page": "text/html; charset=utf-8",
    "board": "text/html; charset=utf-8",
}

LANE_TYPE_NAMES = {
    "regular": ("普通通道", "Regular lanes"),
    "green": ("绿色通道", "Green channel"),
    "fast": ("快速通道", "Fast lanes"),
    "belt_road": ("一带一路通道", "Belt and Road"),
    "vehicles": ("车辆通道", "Vehicles"),
    "rail": ("铁路", "Rail"),
}
STATUS_NAMES = {
    "open": ("开放", "Open"),
    "closed": ("已闭关", "Closed now"),
    "suspended": ("暂停通关", "Suspended"),
    "seasonal": ("季节性闭关", "Closed for the season"),
}


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        PREFIX=PREFIX,
        LANE_TYPE_NAMES=LANE_TYPE_NAMES,
        STATUS_NAMES=STATUS_NAMES,
        BOARD_REFRESH_S=BOARD_REFRESH_S,
    )
    env.filters["minutes"] = lambda s: "–" if s is None else half_up(s / 60, 0)
    env.filters["local"] = _local
    return env


def _local(at: datetime | None, zone: str, fmt: str = "%H:%M") -> str:
    return "–" if at is None else at.astimezone(ZoneInfo(zone)).strftime(fmt)


def feed_json(feed: Feed) -> bytes:
    return json.dumps(
        jsonable_encoder(asdict(feed)), ensure_ascii=False, separators=(",", ":")
    ).encode()


class Renderer:
    """Every public answer's bytes for one feed, made once per rebuild."""

    def __init__(self) -> None:
        self.env = _templates()

    def __call__(self, feed: Feed) -> dict[str, bytes]:
        out = {
            "json": feed_json(feed),
            "xml": cbp_xml.render(feed),
            "page": self.page(feed),
            "board": self.board(feed, None),
            "rows": self.rows(feed, None),
        }
        for port in feed.ports:
            out[f"board:{port.code}"] = self.board(feed, port.code)
            out[f"rows:{port.code}"] = self.rows(feed, port.code)
        return out

    def _ports(self, feed: Feed, code: str | None) -> list[PortLine]:
        return [p for p in feed.ports if code is None or p.code == code]

    def page(self, feed: Feed) -> bytes:
        return self.env.get_template("page.html").render(feed=feed).encode()

    def board(self, feed: Feed, code: str | None) -> bytes:
        template = self.env.get_template("board.html")
        return template.render(feed=feed, ports=self._ports(feed, code), code=code).encode()

    def rows(self, feed: Feed, code: str | None) -> bytes:
        template = self.env.get_template("_board_rows.html")
        return template.render(feed=feed, ports=self._ports(feed, code), code=code).encode()


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


# Path → the answer's key and media type; a board or its rows may name a port (?port=ALS).
ROUTES = {
    PREFIX + "/v1/ports": ("json", "json"),
    PREFIX + "/v1/ports.json": ("json", "json"),
    PREFIX + "/v1/ports.xml": ("xml", "xml"),
    PREFIX + "/": ("page", "page"),
    PREFIX + "/board": ("board", "board"),
    PREFIX + "/board/rows": ("rows", "board"),
}
Headers = list[tuple[bytes, bytes]]
COMMON: Headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]


class PublicFront:
    """The public answers, in front of the rest of HQ's app (a plain ASGI middleware).

    A fresh answer is bytes from the cache, written without FastAPI's routing
    or HQ's other middleware: the thousand clients polling it cost little
    more than HQ's ping.  Every other path goes on to the app untouched.
    """

    def __init__(self, app: ASGIApp, cache: FeedCache, limiter: RateLimiter) -> None:
        self.app = app
        self.cache = cache
        self.limiter = limiter
        self.now = cache.now
        self._tags: tuple[int, dict[str, str]] = (0, {})  # id of the bodies → their ETags

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in ROUTES:
            await self.app(scope, receive, send)
            return
        status, headers, body = await self.answer(scope)
        if status != 200:  # a 200's length is set with its headers (a HEAD's too)
            headers = [*headers, (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def etags(self, bodies: dict[str, bytes]) -> dict[str, str]:
        made, tags = self._tags
        if made != id(bodies):
            tags = {key: _etag(body) for key, body in bodies.items()}
            self._tags = (id(bodies), tags)
        return tags

    async def answer(self, scope: Scope) -> tuple[int, Headers, bytes]:
        method = scope["method"]
        if method not in ("GET", "HEAD"):  # no write path, whatever is sent
            allow = [(b"allow", b"GET, HEAD"), *COMMON]
            return 405, [*allow, (b"content-type", b"application/json")], b'{"error":"read_only"}'
        client = scope["client"][0] if scope.get("client") else "?"
        wait = self.limiter.take(client)
        if wait:
            retry = [(b"retry-after", str(math.ceil(wait)).encode()), *COMMON]
            body = b'{"error":"rate_limited"}'
            return 429, [*retry, (b"content-type", b"application/json")], body
        # A rebuild reads the database: never on the event loop.
        cached = self.cache.peek()
        if cached is None:
            cached = await run_in_threadpool(self.cache.current)
        feed, bodies = cached
        key, media = ROUTES[scope["path"]]
        request = Headers_(scope=scope)
        if key == "json" and _wants_xml(request.get("accept", "")):
            key, media = "xml", "xml"
        port = _port_of(scope.get("query_string", b""))
        if port and key in ("board", "rows"):
            key = f"{key}:{port}"
        found = bodies.get(key)
        if found is None:
            return 404, [*COMMON, (b"content-type", b"application/json")], b'{"error":"not_found"}'
        tag = self.etags(bodies)[key]
        left = self.cache.refresh.total_seconds() - (self.now() - feed.generated_at).total_seconds()
        headers: Headers = [
            (b"etag", tag.encode()),
            (b"cache-control", f"public, max-age={max(0, int(left))}".encode()),
            (b"vary", b"Accept"),
            *COMMON,
        ]
        body = found
        if tag in _tags(request.get("if-none-match")):
            return 304, headers, b""
        headers += [
            (b"content-type", MEDIA[media].encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        return 200, headers, b"" if method == "HEAD" else body


def _wants_xml(accept: str) -> bool:
    return "xml" in accept and "json" not in accept


def _port_of(query: bytes) -> str | None:
    values = parse_qs(query.decode("latin-1")).get("port")
    return values[0].upper()[:8] if values else None


def mount(app: FastAPI, engine: Engine, now: Callable[[], datetime]) -> FeedCache:
    """Add the public answers to ``app``; the feed is built from ``engine`` as of ``now()``."""
    cache = FeedCache(engine, now, Renderer())
    rate = float(os.environ.get(RATE_ENV, RATE))
    limiter = RateLimiter(rate, max(BURST, rate))
    app.state.public_feed = cache
    app.state.public_limiter = limiter
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    @router.get("/static/htmx.min.js")
    async def htmx() -> Response:
        return FileResponse(HTMX, media_type="text/javascript", headers=_static_headers())

    app.include_router(router)
    app.mount(PREFIX + "/static", StaticFiles(directory=str(HERE / "static")), name="public-static")
    # Last added, so outermost: ahead of HQ's own middleware.
    app.add_middleware(PublicFront, cache=cache, limiter=limiter)
    return cache


def _static_headers() -> dict[str, str]:
    return {"Cache-Control": "public, max-age=3600", **HEADERS}


def _tags(header: str | None) -> set[str]:
    if not header:
        return set()
    return {part.strip().removeprefix("W/") for part in header.split(",")}


def schema_fields(value: Any, path: str = "") -> list[str]:
    """Every field path of a JSON answer (lists as ``[]``), for the no-personal-data test."""
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else key
            out.append(here)
            out.extend(schema_fields(item, here))
    elif isinstance(value, list):
        for item in value:
            out.extend(schema_fields(item, path + "[]"))
    return sorted(set(out))
