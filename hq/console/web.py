"""The console's routes, mounted on HQ's app under ``/console`` (``mount``).

Each page's view builds plain data and hands it to ``Pages.render``, which
answers with the page or, for the same path ending in ``.json``, its JSON.
Every POST goes through ``Pages.form`` (role and CSRF token checked) and
answers with a redirect (post/redirect/get), or the form again with its
errors named next to their fields.

As for the sync API, the event loop never waits on the database: page views
are plain functions (FastAPI runs them on its thread pool), and a POST's
view runs there too once ``posted`` has read and checked its form.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from db.enums import CargoCategory, Direction, Mode, PortStatus
from desktop_app.queue import TARGET
from hq import devices, status
from hq.console import (
    access,
    accounts,
    audit,
    calendars,
    forecast_entry,
    overview,
    rollup,
    service_line,
    sessions,
    station_report,
)
from hq.console.access import Action, ConsoleRole
from hq.console.charts import Bar, bar_chart
from hq.console.forecast_entry import FieldError, Invalid
from hq.console.headers import ConsoleHeaders
from hq.console.i18n import LANGS, Translator
from hq.console.pages import (
    HERE,
    LANG_COOKIE,
    LOGIN_COOKIE,
    PREFIX,
    SESSION_COOKIE,
    Ctx,
    NotFound,
    NotSignedIn,
    Pages,
    Refused,
    client_address,
    posted,
    redirect,
    safe_next,
    set_cookie,
    wants_json,
)
from hq.console.portview import PortView
from hq.store import HQClock

REFRESH_SECONDS = 30  # the overview reloads its rows this often
FIGURES_EVERY_ENV = "CHECKPOINT_HQ_FIGURES_EVERY"
TARGET_S = TARGET.total_seconds()


def mount(
    app: FastAPI, engine: Any, clock: HQClock, *, refresh_every: float | None = None
) -> Pages:
    """Add the console to HQ's app; its figures refresh every ``refresh_every`` s while served.

    The default is ``$CHECKPOINT_HQ_FIGURES_EVERY``, else 15 seconds.
    """
    if refresh_every is None:
        refresh_every = float(os.environ.get(FIGURES_EVERY_ENV, "15"))
    pages = Pages(engine, clock.now)
    refresher = rollup.Refresher(engine, clock.now, refresh_every)
    app.state.console_refresher = refresher
    _compose_lifespan(app, refresher)
    app.mount(
        PREFIX + "/static", StaticFiles(directory=str(HERE / "static")), name="console-static"
    )

    app.add_middleware(ConsoleHeaders)

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _: NotSignedIn) -> Response:
        if wants_json(request) or request.method != "GET":
            return JSONResponse({"error": "unauthenticated", "detail": "sign in"}, 401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{PREFIX}/login?next={_quote(target)}", status_code=303)

    @app.exception_handler(Refused)
    async def refused(request: Request, error: Refused) -> Response:
        t = pages.translator(request)
        message = (
            t("This form has expired or did not come from the console. Reload the page.")
            if error.reason == "csrf"
            else t("Your role may not do this.")
        )
        if wants_json(request):
            return JSONResponse({"error": "forbidden", "detail": error.reason}, 403)
        return pages.html(request, "error.html", {"t": t, "message": message}, status=403)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _: NotFound) -> Response:
        t = pages.translator(request)
        if wants_json(request):
            return JSONResponse({"error": "not_found"}, 404)
        return pages.html(request, "error.html", {"t": t, "message": t("Not found.")}, status=404)

    @app.get("/", include_in_schema=False)
    async def root() -> Response:
        return redirect(PREFIX + "/")

    # The console is for people in a browser; HQ's published schema describes the
    # devices' protocol only (what schemathesis holds the service to).
    router = APIRouter(include_in_schema=False)
    _sign_in_routes(router, pages, engine)
    _overview_routes(router, pages, engine, refresher)
    _forecast_routes(router, pages, engine, clock)
    _calendar_routes(router, pages, engine, clock)
    _service_line_routes(router, pages, engine)
    _device_routes(router, pages, engine, clock)
    _user_routes(router, pages, engine, clock)
    _report_routes(router, pages, engine, clock)
    app.include_router(router)
    return pages


def _compose_lifespan(app: FastAPI, refresher: rollup.Refresher) -> None:
    """Run the figures' refresher while the app is served, around whatever lifespan it has."""
    previous = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(served: Any) -> AsyncIterator[Any]:
        refresher.start()
        try:
            async with previous(served) as state:
                yield state
        finally:
            await run_in_threadpool(refresher.stop)

    app.router.lifespan_context = lifespan


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def _errors(t: Translator, errors: list[FieldError]) -> dict[str, str]:
    """Field → its message in the reader's language (the first error of each field)."""
    out: dict[str, str] = {}
    for e in errors:
        out.setdefault(e.field, t.rule(e.code, **e.detail))
    return out


def _in_thread(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Awaitable[Any]:
    return run_in_threadpool(fn, *args, **kwargs)


# -- signing in and out, language, own password --------------------------------------------


def _sign_in_routes(router: APIRouter, pages: Pages, engine: Any) -> None:
    @router.get(PREFIX + "/login")
    def login_page(request: Request) -> Response:
        return pages.sign_in_page(request)

    @router.post(PREFIX + "/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        t = pages.translator(request)
        sent, expected = form.get("login_token"), request.cookies.get(LOGIN_COOKIE)
        if not isinstance(sent, str) or not expected or not _same(sent, expected):
            raise Refused("csrf")
        username = str(form.get("username") or "")
        password = str(form.get("password") or "")
        try:
            user = await _in_thread(
                accounts.authenticate,
                engine,
                username,
                password,
                now=pages.now(),
                address=client_address(request),
            )
        except accounts.LoginRefused as refusal:
            if refusal.reason == "locked":
                until = refusal.until.strftime("%H:%M UTC") if refusal.until else ""
                message = t(
                    "Too many wrong passwords: signing in is locked until {until}.", until=until
                )
            else:
                message = t("Wrong user name or password.")
            return pages.sign_in_page(request, error=message, status=401, username=username)
        # A new session and token on every sign-in: whatever the browser held before is dropped.
        await _in_thread(sessions.end, engine, request.cookies.get(SESSION_COOKIE))
        token, _ = await _in_thread(sessions.start, engine, user, pages.now())
        response = redirect(safe_next(str(form.get("next") or "")))
        set_cookie(request, response, SESSION_COOKIE, token)
        response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
        return response

    @router.post(PREFIX + "/logout")
    async def logout(request: Request) -> Response:
        await pages.form(request, Action.VIEW)  # a sign-out form is checked like any other
        await _in_thread(sessions.end, engine, request.cookies.get(SESSION_COOKIE))
        response = redirect(PREFIX + "/login")
        response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return response

    @router.get(PREFIX + "/lang/{lang}")
    def language(request: Request, lang: str) -> Response:
        """Switch the console's language (a cookie); back to where the reader was."""
        response = redirect(safe_next(request.query_params.get("next")))
        if lang in LANGS:
            set_cookie(request, response, LANG_COOKIE, lang, max_age=400 * 86400)
        return response

    @router.get(PREFIX + "/account")
    def account_page(request: Request) -> Response:
        ctx = pages.context(request, Action.OWN_PASSWORD)
        return pages.render(
            ctx, "account.html", {"user": ctx.user, "errors": {}, "values": {}, "done": False}
        )

    @router.post(PREFIX + "/account")
    @posted(pages, Action.OWN_PASSWORD)
    def change_password(ctx: Ctx, form: dict[str, Any]) -> Response:
        try:
            accounts.change_own_password(
                engine,
                ctx.user.id,
                str(form.get("current") or ""),
                str(form.get("new") or ""),
                now=ctx.now,
                who=ctx.who,
            )
        except accounts.AccountError as error:
            field = "new" if error.field == "password" else error.field
            errors = {field: ctx.t.rule(error.code, **error.detail)}
            return pages.render(
                ctx,
                "account.html",
                {"user": ctx.user, "errors": errors, "values": {}, "done": False},
                status=422,
            )
        return pages.render(
            ctx, "account.html", {"user": ctx.user, "errors": {}, "values": {}, "done": True}
        )


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a, b)


# -- overview and port pages -----------------------------------------------------------------


def _overview_routes(
    router: APIRouter, pages: Pages, engine: Any, refresher: rollup.Refresher
) -> None:
    def data(ctx: Ctx) -> dict[str, Any]:
        refresher.nudge()  # new data since the last round is picked up at once
        view = overview.overview(engine, ctx.now)
        return {"overview": view, "refresh_seconds": REFRESH_SECONDS}

    @router.get(PREFIX + "/")
    @router.get(PREFIX + "/overview.json")
    def overview_page(request: Request) -> Response:
        ctx = pages.context(request)
        return pages.render(ctx, "overview.html", data(ctx))

    @router.get(PREFIX + "/overview/rows")
    def overview_rows(request: Request) -> Response:
        """The overview's table body alone: what htmx swaps in every 30 seconds."""
        ctx = pages.context(request)
        values = data(ctx)
        return pages.html(request, "_overview_rows.html", {**values, "ctx": ctx, "t": ctx.t})

    @router.get(PREFIX + "/ports/{code}")
    @router.get(PREFIX + "/ports/{code}.json")  # registered first (decorators apply bottom-up)
    def port_page(request: Request, code: str) -> Response:
        ctx = pages.context(request)
        page = overview.port_page(engine, code, ctx.now)
        if page is None:
            raise NotFound()
        charts = {} if request.url.path.endswith(".json") else _port_charts(ctx.t, page)
        return pages.render(ctx, "port.html", {"port": page, "charts": charts})


def _port_charts(t: Translator, page: overview.PortPage) -> dict[str, Any]:
    zone = page.line.time_zone
    hours = [
        Bar(
            t.moment(h.start, zone, h.start),
            None if h.citizen_p90_s is None else h.citizen_p90_s / 60,
            t.wait(h.citizen_p90_s),
            over=(h.citizen_p90_s or 0) > TARGET_S,
        )
        for h in page.hours
    ]
    arrivals = [
        Bar(t.moment(h.start, zone, h.start), float(h.arrivals), str(h.arrivals))
        for h in page.hours
    ]
    by_day = {d.day: d for d in page.trend}
    days = [page.day - timedelta(days=n) for n in range(overview.TREND_DAYS - 1, -1, -1)]
    trend = [
        Bar(
            day.strftime("%m-%d"),
            None if d is None or d.citizen_p90_s is None else d.citizen_p90_s / 60,
            "–" if d is None else f"{t.wait(d.citizen_p90_s)} · {t.share(d.citizen_within)}",
            over=d is not None and (d.citizen_p90_s or 0) > TARGET_S,
        )
        for day in days
        for d in [by_day.get(day)]
    ]
    target = t("30 min")
    return {
        "hours": bar_chart(
            hours,
            title=t("Citizens' P90 wait by hour today (minutes)"),
            description=t(
                "Bars: P90 wait of citizens who joined in each hour; dashed line: 30 minutes."
            ),
            target=30,
            target_label=target,
            label_every=3,
        ),
        "arrivals": bar_chart(
            arrivals,
            title=t("Arrivals by hour today"),
            description=t("Clearances that joined a queue in each hour."),
            label_every=3,
        ),
        "trend": bar_chart(
            trend,
            title=t("Citizens' P90 wait, last 30 days (minutes)"),
            description=t("One bar per day with data; dashed line: the 30-minute target."),
            target=30,
            target_label=target,
            label_every=5,
        ),
    }


# -- forecasts ----------------------------------------------------------------------------------


def _choices() -> dict[str, list[str]]:
    return {
        "mode": [m.value for m in Mode],
        "direction": [d.value for d in Direction],
        "cargo": [c.value for c in CargoCategory],
        "source": [s.value for s in forecast_entry.HQ_SOURCES],
    }


def _forecast_routes(router: APIRouter, pages: Pages, engine: Any, clock: HQClock) -> None:
    def form_page(
        ctx: Ctx,
        values: dict[str, str],
        errors: dict[str, str],
        forecast_id: str = "",
        status: int = 200,
    ) -> Response:
        return pages.render(
            ctx,
            "forecast_form.html",
            {
                "values": values,
                "errors": errors,
                "forecast_id": forecast_id,
                "ports": list(forecast_entry.ports(engine)),
                "choices": _choices(),
            },
            status=status,
        )

    @router.get(PREFIX + "/forecasts.json")
    @router.get(PREFIX + "/forecasts")
    def forecast_list(request: Request) -> Response:
        ctx = pages.context(request)
        port = request.query_params.get("port") or None
        lines = forecast_entry.listing(engine, ctx.now, port=port)
        return pages.render(
            ctx,
            "forecasts.html",
            {"forecasts": lines, "port": port or "", "ports": list(forecast_entry.ports(engine))},
        )

    @router.get(PREFIX + "/forecasts/new")
    def forecast_new(request: Request) -> Response:
        ctx = pages.context(request, Action.FORECASTS_EDIT)
        values = {
            "port": request.query_params.get("port", ""),
            "source": "overseas",
            "cargo": "none",
        }
        return form_page(ctx, values, {})

    @router.post(PREFIX + "/forecasts")
    @posted(pages, Action.FORECASTS_EDIT)
    def forecast_create(ctx: Ctx, form: dict[str, Any]) -> Response:
        values = {k: str(form.get(k) or "") for k in forecast_entry.COLUMNS}
        try:
            entry = forecast_entry.parse(engine, values, ctx.now)
        except Invalid as invalid:
            return form_page(ctx, values, _errors(ctx.t, invalid.errors), status=422)
        forecast_entry.create(engine, clock, [entry], ctx.who)
        return redirect(f"{PREFIX}/forecasts?port={entry.port_code}")

    @router.get(PREFIX + "/forecasts/import")
    def import_page(request: Request) -> Response:
        ctx = pages.context(request, Action.FORECASTS_EDIT)
        return pages.render(
            ctx,
            "forecast_import.html",
            {"preview": None, "csv_text": "", "columns": forecast_entry.COLUMNS},
        )

    @router.post(PREFIX + "/forecasts/import")
    @posted(pages, Action.FORECASTS_EDIT)
    def import_file(ctx: Ctx, form: dict[str, Any]) -> Response:
        """Upload → preview (nothing stored); the preview's confirm posts the same text back."""
        upload = form.get("file")
        if upload is not None and hasattr(upload, "file"):
            data = upload.file.read(forecast_entry.MAX_BYTES + 1)
        else:
            data = str(form.get("csv_text") or "").encode()
        result = forecast_entry.preview(engine, data, ctx.now)
        text = data.decode("utf-8-sig", errors="replace")
        if form.get("confirm") and result.ok:
            entries = [row.entry for row in result.rows if row.entry]
            forecast_entry.create(engine, clock, entries, ctx.who)
            return redirect(f"{PREFIX}/forecasts?imported={len(entries)}")
        errors = [
            {"line": row.line, "given": row.given, "errors": _errors(ctx.t, row.errors)}
            for row in result.rows
        ]
        return pages.render(
            ctx,
            "forecast_import.html",
            {
                "preview": result,
                "rows": errors,
                "file_errors": _errors(ctx.t, result.file_errors),
                "csv_text": text,
                "columns": forecast_entry.COLUMNS,
            },
            status=200 if result.ok else 422,
        )

    # After /forecasts/import: a path parameter would take "import" for an id.
    @router.get(PREFIX + "/forecasts/{forecast_id}/edit")
    def forecast_edit(request: Request, forecast_id: str) -> Response:
        ctx = pages.context(request, Action.FORECASTS_EDIT)
        line = forecast_entry.one(engine, _uuid(forecast_id))
        if line is None or not line.from_hq:
            raise NotFound()
        return form_page(ctx, forecast_entry.form_values(line), {}, forecast_id)

    @router.post(PREFIX + "/forecasts/{forecast_id}")
    @posted(pages, Action.FORECASTS_EDIT)
    def forecast_update(ctx: Ctx, form: dict[str, Any], forecast_id: str) -> Response:
        record = _uuid(forecast_id)
        if forecast_entry.one(engine, record) is None:
            raise NotFound()
        if form.get("withdraw"):
            forecast_entry.withdraw(engine, clock, record, ctx.who)
            return redirect(f"{PREFIX}/forecasts")
        values = {k: str(form.get(k) or "") for k in forecast_entry.COLUMNS}
        try:
            entry = forecast_entry.parse(engine, values, ctx.now)
            forecast_entry.update(engine, clock, record, entry, ctx.who)
        except Invalid as invalid:
            return form_page(ctx, values, _errors(ctx.t, invalid.errors), forecast_id, status=422)
        return redirect(f"{PREFIX}/forecasts?port={entry.port_code}")


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound() from None


# -- port calendars ------------------------------------------------------------------------------


def _service_line_routes(router: APIRouter, pages: Pages, engine: Any) -> None:
    @router.get(PREFIX + "/service-line.json")
    @router.get(PREFIX + "/service-line")
    def service_line_list(request: Request, open: str = "") -> Response:
        ctx = pages.context(request)
        found = service_line.listing(engine, ctx.now, open_only=bool(open))
        return pages.render(ctx, "service_line.html", {"listing": found})


def _calendar_routes(router: APIRouter, pages: Pages, engine: Any, clock: HQClock) -> None:
    @router.get(PREFIX + "/calendar.json")
    @router.get(PREFIX + "/calendar")
    def calendar_list(request: Request) -> Response:
        ctx = pages.context(request)
        lines = calendars.listing(engine, ctx.now)
        return pages.render(ctx, "calendar.html", {"calendars": lines})

    def edit_page(
        ctx: Ctx, code: str, values: dict[str, str], errors: dict[str, str], status: int = 200
    ) -> Response:
        line = calendars.one(engine, code, ctx.now)
        if line is None:
            raise NotFound()
        return pages.render(
            ctx,
            "calendar_form.html",
            {
                "line": line,
                "values": values,
                "errors": errors,
                "statuses": [s.value for s in PortStatus],
            },
            status=status,
        )

    @router.get(PREFIX + "/calendar/{code}/edit")
    def calendar_edit(request: Request, code: str) -> Response:
        ctx = pages.context(request, Action.CALENDAR_EDIT)
        line = calendars.one(engine, code, ctx.now)
        if line is None:
            raise NotFound()
        return edit_page(ctx, code, calendars.form_values(line.calendar), {})

    @router.post(PREFIX + "/calendar/{code}")
    @posted(pages, Action.CALENDAR_EDIT)
    def calendar_save(ctx: Ctx, form: dict[str, Any], code: str) -> Response:
        values = {k: str(form.get(k) or "") for k in calendars.form_values_keys()}
        if calendars.one(engine, code, ctx.now) is None:
            raise NotFound()
        try:
            columns = calendars.parse(values)
        except Invalid as invalid:
            return edit_page(ctx, code, values, _errors(ctx.t, invalid.errors), status=422)
        calendars.save(engine, clock, code, columns, ctx.who)
        return redirect(f"{PREFIX}/calendar")


# -- devices ---------------------------------------------------------------------------------------


def _device_routes(router: APIRouter, pages: Pages, engine: Any, clock: HQClock) -> None:
    def page(
        ctx: Ctx, code: dict[str, str] | None = None, error: str = "", status: int = 200
    ) -> Response:
        return pages.render(
            ctx,
            "devices.html",
            {
                "devices": devices.devices(engine),
                "ports": list(forecast_entry.ports(engine)),
                "new_code": code,
                "error": error,
                "refused": status_rows(engine),
            },
            status=status,
        )

    @router.get(PREFIX + "/devices.json")
    @router.get(PREFIX + "/devices")
    def device_list(request: Request) -> Response:
        ctx = pages.context(request, Action.DEVICES_VIEW)
        return page(ctx)

    @router.post(PREFIX + "/devices/codes")
    @posted(pages, Action.DEVICES_MANAGE)
    def make_code(ctx: Ctx, form: dict[str, Any]) -> Response:
        port = str(form.get("port") or "").upper()
        device = str(form.get("device") or "").strip() or None
        try:
            code = devices.create_code(engine, port, clock.now(), device_id=device)
        except (devices.CodeRefused, KeyError) as error:
            return page(ctx, error=str(error.args[0] if error.args else error), status=422)
        _audit_after(engine, ctx, "device.code", f"{port} {device or ''}".strip(), clock)
        # Shown once, on this answer only: HQ keeps nothing but the code's hash.
        return page(ctx, {"port": port, "device": device or "", "code": code})

    @router.post(PREFIX + "/devices/{device_id}/revoke")
    @posted(pages, Action.DEVICES_MANAGE)
    def revoke(ctx: Ctx, form: dict[str, Any], device_id: str) -> Response:
        reason = str(form.get("reason") or "")[:200]
        if not devices.revoke(engine, device_id, clock.now(), reason):
            raise NotFound()
        _audit_after(engine, ctx, "device.revoked", device_id, clock, reason=reason)
        return redirect(f"{PREFIX}/devices")


def status_rows(engine: Any) -> list[status.PortStatus]:
    return [r for r in status.port_status(engine) if r.refused_batches]


def _audit_after(
    engine: Any, ctx: Ctx, action: str, target: str, clock: HQClock, **detail: Any
) -> None:
    from hq.store import begin_write

    with begin_write(engine) as conn:
        audit.record(conn, ctx.who, action, at=clock.now(), target=target, **detail)


# -- users and the audit ------------------------------------------------------------------


def _user_routes(router: APIRouter, pages: Pages, engine: Any, clock: HQClock) -> None:
    def page(
        ctx: Ctx,
        errors: dict[str, str] | None = None,
        values: dict[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        return pages.render(
            ctx,
            "users.html",
            {
                "users": accounts.users(engine),
                "roles": [r.value for r in ConsoleRole],
                "errors": errors or {},
                "values": values or {"role": ConsoleRole.ANALYST.value},
                "permissions": [
                    (action.value, [r.value for r in ConsoleRole if access.allowed(r, action)])
                    for action in Action
                ],
            },
            status=status,
        )

    @router.get(PREFIX + "/users.json")
    @router.get(PREFIX + "/users")
    def user_list(request: Request) -> Response:
        ctx = pages.context(request, Action.USERS_MANAGE)
        return page(ctx)

    @router.post(PREFIX + "/users")
    @posted(pages, Action.USERS_MANAGE)
    def user_add(ctx: Ctx, form: dict[str, Any]) -> Response:
        values = {k: str(form.get(k) or "") for k in ("username", "display_name", "role")}
        try:
            accounts.add_user(
                engine,
                password=str(form.get("password") or ""),
                now=clock.now(),
                who=ctx.who,
                **values,
            )
        except accounts.AccountError as error:
            return page(ctx, {error.field: ctx.t.rule(error.code, **error.detail)}, values, 422)
        return redirect(f"{PREFIX}/users")

    @router.post(PREFIX + "/users/{username}/active")
    @posted(pages, Action.USERS_MANAGE)
    def user_active(ctx: Ctx, form: dict[str, Any], username: str) -> Response:
        try:
            accounts.set_active(
                engine,
                username,
                form.get("active") == "1",
                now=clock.now(),
                who=ctx.who,
            )
        except accounts.AccountError as error:
            return page(
                ctx, {"list": f"{username}: {ctx.t.rule(error.code, **error.detail)}"}, status=422
            )
        return redirect(f"{PREFIX}/users")

    @router.post(PREFIX + "/users/{username}/password")
    @posted(pages, Action.USERS_MANAGE)
    def user_reset(ctx: Ctx, form: dict[str, Any], username: str) -> Response:
        try:
            accounts.reset_password(
                engine,
                username,
                str(form.get("password") or ""),
                now=clock.now(),
                who=ctx.who,
            )
        except accounts.AccountError as error:
            return page(
                ctx, {"list": f"{username}: {ctx.t.rule(error.code, **error.detail)}"}, status=422
            )
        return redirect(f"{PREFIX}/users")

    @router.get(PREFIX + "/audit.json")
    @router.get(PREFIX + "/audit")
    def audit_page(request: Request) -> Response:
        ctx = pages.context(request, Action.AUDIT_VIEW)
        offset = _int(request.query_params.get("offset"), 0)
        total, entries = audit.entries(engine, limit=100, offset=offset)
        return pages.render(
            ctx, "audit.html", {"total": total, "entries": entries, "offset": offset, "limit": 100}
        )


def _int(text: str | None, default: int) -> int:
    try:
        return max(int(text or default), 0)
    except ValueError:
        return default


# -- reports ---------------------------------------------------------------------------------------


def _report_routes(router: APIRouter, pages: Pages, engine: Any, clock: HQClock) -> None:
    @router.get(PREFIX + "/reports")
    def reports_page(request: Request) -> Response:
        ctx = pages.context(request, Action.REPORTS)
        today = ctx.now.date()
        return pages.render(
            ctx,
            "reports.html",
            {
                "ports": list(forecast_entry.ports(engine)),
                "today": today.isoformat(),
                "month": today.strftime("%Y-%m"),
            },
        )

    @router.get(PREFIX + "/reports/station-{kind}.{fmt}")
    def station(request: Request, kind: str, fmt: str) -> Response:
        ctx = pages.context(request, Action.REPORTS)
        if kind not in ("daily", "monthly") or fmt not in ("pdf", "csv", "json"):
            raise NotFound()
        day = _day(request.query_params.get("date") or request.query_params.get("month"), ctx.now)
        lang = "en" if request.query_params.get("lang") == "en" else ctx.lang
        report = station_report.build(engine, kind, day, ctx.now)  # type: ignore[arg-type]
        name = f"station-{kind}-report-{report.period}"
        if fmt == "json":
            from fastapi.encoders import jsonable_encoder

            return JSONResponse(jsonable_encoder(report))
        if fmt == "csv":
            return Response(
                station_report.to_csv(report),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
            )
        data = _pdf_bytes(lambda path: station_report.write_pdf(report, path, lang))  # type: ignore[arg-type]
        return _pdf(data, f"{name}-{lang}.pdf")

    @router.get(PREFIX + "/reports/port-daily.pdf")
    def port_daily(request: Request) -> Response:
        """A port's daily report: the desk's own report, built from HQ's copy of its data."""
        ctx = pages.context(request, Action.REPORTS)
        from desktop_app import reports

        code = (request.query_params.get("port") or "").upper()
        day = _day(request.query_params.get("date"), ctx.now)
        lang = "en" if request.query_params.get("lang") == "en" else "zh"
        try:
            view = PortView(engine, code, now=lambda: ctx.now)
        except KeyError:
            raise NotFound() from None
        data = _pdf_bytes(
            lambda path: reports.build_daily_report(view, day, path, lang),  # type: ignore[arg-type]
        )
        return _pdf(data, f"daily-report-{code}-{day.isoformat()}-{lang}.pdf")


def _day(text: str | None, now: datetime) -> date:
    if not text:
        return now.date()
    try:
        return date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        raise NotFound() from None


def _pdf_bytes(write: Callable[[Path], Any]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        write(path)
        return path.read_bytes()


def _pdf(data: bytes, filename: str) -> Response:
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
