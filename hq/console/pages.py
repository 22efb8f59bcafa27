"""The console's plumbing: who asks, may they, is the form genuine; one view for two formats.

Datasette's shape: a view returns plain data; ``Pages.render`` turns it into
the HTML page (a Jinja template, logic-free) or, for the same path with
``.json``, into JSON — so the page, the API and the tests never disagree.

Security, in one place:

* no page without a session (``Pages.context``): a browser is sent to the
  sign-in page, a JSON client gets 401;
* each action's roles come from ``hq.console.access.PERMISSIONS`` (403 otherwise);
* every POST carries the session's CSRF token (form field ``csrf_token``
  or header ``X-CSRF-Token``, htmx sends it) or is refused with 403; the
  sign-in form, before there is a session, carries a token that must match
  a cookie of its own (double submit);
* cookies are HttpOnly and SameSite=Strict, and Secure when the console is
  served over TLS (directly, or behind a proxy that says so);
* a ``next`` address after sign-in must be a path of the console (no open
  redirect);
* pages say ``Cache-Control: no-store`` and a content security policy that
  allows only the console's own scripts and styles.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from hq.console import access, sessions
from hq.console.access import Action
from hq.console.audit import Who
from hq.console.i18n import LANGS, Translator, pick

PREFIX = "/console"
HERE = Path(__file__).parent
SESSION_COOKIE = "ckp_session"
LOGIN_COOKIE = "ckp_login"
LANG_COOKIE = "ckp_lang"
CSRF_FIELD = "csrf_token"
HQ_ZONE = "Asia/Shanghai"  # the station's clock (Beijing time), for times not of one port
CSRF_HEADER = "x-csrf-token"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class NotSignedIn(Exception):
    """No live session: sign in first."""


class Refused(Exception):
    """403: the role may not do this, or the form's CSRF token is missing or wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotFound(Exception):
    pass


@dataclass(frozen=True)
class Ctx:
    """What every view and template knows about the request."""

    request: Request
    session: sessions.Session
    t: Translator
    now: datetime

    @property
    def user(self) -> Any:
        return self.session.user

    @property
    def lang(self) -> str:
        return self.t.lang

    @property
    def csrf(self) -> str:
        return self.session.csrf_token

    @property
    def who(self) -> Who:
        return Who(self.user.username, client_address(self.request))

    def can(self, action: str) -> bool:
        return access.allowed(self.user.role, Action(action))


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def is_tls(request: Request) -> bool:
    # uvicorn sets the scheme from the proxy's X-Forwarded-Proto (trusted from loopback only).
    return request.url.scheme == "https"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of the console, never another site."""
    default = PREFIX + "/"
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith(PREFIX + "/"):
        return default
    if "\\" in target or "//" in target or any(ord(c) < 32 for c in target):
        return default
    return target


class Pages:
    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self.now = now
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals["PREFIX"] = PREFIX
        self.templates.env.globals["HQ_ZONE"] = HQ_ZONE
        self.templates.env.trim_blocks = True
        self.templates.env.lstrip_blocks = True

    # -- who is asking ---------------------------------------------------------------

    def translator(self, request: Request) -> Translator:
        return Translator(pick(request.cookies.get(LANG_COOKIE)))

    def context(self, request: Request, action: Action = Action.VIEW) -> Ctx:
        now = self.now()
        session = sessions.load(self.engine, request.cookies.get(SESSION_COOKIE), now)
        if session is None:
            raise NotSignedIn()
        ctx = Ctx(request, session, self.translator(request), now)
        if not access.allowed(session.user.role, action):
            raise Refused("role")
        return ctx

    async def form(self, request: Request, action: Action) -> tuple[Ctx, dict[str, Any]]:
        """A POST's context and its form, after the role and the CSRF token are checked."""
        ctx = await run_in_threadpool(self.context, request, action)
        form = await request.form()
        sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
        if not isinstance(sent, str) or not ctx.session.csrf_ok(sent):
            raise Refused("csrf")
        return ctx, dict(form)

    # -- answering --------------------------------------------------------------------

    def render(
        self, ctx: Ctx, template: str, data: dict[str, Any], *, status: int = 200
    ) -> Response:
        """The page, or its data as JSON when the path ends in ``.json``."""
        if wants_json(ctx.request):
            return JSONResponse(jsonable_encoder(data), status_code=status)
        return self.html(ctx.request, template, {**data, "ctx": ctx, "t": ctx.t}, status=status)

    def html(
        self, request: Request, template: str, values: dict[str, Any], *, status: int = 200
    ) -> HTMLResponse:
        started = time.perf_counter()
        response = self.templates.TemplateResponse(request, template, values, status_code=status)
        response.headers["Server-Timing"] = (
            f"render;dur={(time.perf_counter() - started) * 1000:.1f}"
        )
        return response

    def sign_in_page(
        self, request: Request, *, error: str = "", status: int = 200, username: str = ""
    ) -> Response:
        """The sign-in form, with a fresh double-submit token in its cookie."""
        token = secrets.token_urlsafe(24)
        response = self.html(
            request,
            "login.html",
            {
                "t": self.translator(request),
                "login_token": token,
                "next": safe_next(request.query_params.get("next")),
                "error": error,
                "username": username,
                "langs": LANGS,
            },
            status=status,
        )
        set_cookie(request, response, LOGIN_COOKIE, token, max_age=3600)
        return response


def posted(
    pages: Pages, action: Action
) -> Callable[[Callable[..., Response]], Callable[[Request], Awaitable[Response]]]:
    """A POST route: read the form and check it (role, CSRF token) on the event loop, then
    run ``view(ctx, form, **path parameters)`` on the thread pool (it may use the database)."""

    def wrap(view: Callable[..., Response]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            ctx, form = await pages.form(request, action)
            return await run_in_threadpool(view, ctx, form, **request.path_params)

        endpoint.__name__ = view.__name__
        endpoint.__doc__ = view.__doc__
        return endpoint

    return wrap


def set_cookie(
    request: Request, response: Response, name: str, value: str, *, max_age: int | None = None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PREFIX,
        httponly=True,
        samesite="strict",
        secure=is_tls(request),
    )


def redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303)
