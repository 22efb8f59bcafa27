"""HQ's console in-process: sign-in, sessions, CSRF, roles, redirects, forms, JSON, audit."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.console import PASSWORD, USERS, Browser, add_users, console, token
from sqlalchemy import Engine, select

from db.enums import PortStatus
from db.models import Forecast, PortCalendar
from desktop_app.protocol.rules import HQ_NODE
from desktop_app.reference import reference_id
from hq.console.access import PERMISSIONS, Action
from hq.console.forecast_entry import COLUMNS
from hq.console.models import ConsoleAudit
from hq.migrate import upgrade
from hq.models import Change, Version
from hq.store import HQClock, hq_engine

pytest_plugins = ["test_sync_support"]

# Every page a signed-in user may open (GET), with the action it needs.
PAGES = {
    "/console/": Action.VIEW,
    "/console/overview.json": Action.VIEW,
    "/console/overview/rows": Action.VIEW,
    "/console/ports/TRG": Action.VIEW,
    "/console/ports/TRG.json": Action.VIEW,
    "/console/forecasts": Action.VIEW,
    "/console/forecasts.json": Action.VIEW,
    "/console/forecasts/new": Action.FORECASTS_EDIT,
    "/console/forecasts/import": Action.FORECASTS_EDIT,
    "/console/calendar": Action.VIEW,
    "/console/calendar.json": Action.VIEW,
    "/console/service-line": Action.VIEW,
    "/console/service-line.json": Action.VIEW,
    "/console/calendar/KHJ/edit": Action.CALENDAR_EDIT,
    "/console/devices": Action.DEVICES_VIEW,
    "/console/users": Action.USERS_MANAGE,
    "/console/audit": Action.AUDIT_VIEW,
    "/console/reports": Action.REPORTS,
    "/console/reports/station-daily.csv": Action.REPORTS,
    "/console/account": Action.OWN_PASSWORD,
}
# Every form, with the action it needs and a body that would succeed.
FORMS = {
    "/console/forecasts": Action.FORECASTS_EDIT,
    "/console/calendar/KHJ": Action.CALENDAR_EDIT,
    "/console/devices/codes": Action.DEVICES_MANAGE,
    "/console/users": Action.USERS_MANAGE,
    "/console/account": Action.OWN_PASSWORD,
    "/console/logout": Action.VIEW,
}


@pytest.fixture
def engine(hq_db: str) -> Iterator[Engine]:
    made = hq_engine(hq_db)
    upgrade(made)
    add_users(made)
    yield made
    made.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    made = hq_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    upgrade(made)
    add_users(made)
    yield made
    made.dispose()


@pytest.fixture
def browser(sqlite_engine: Engine) -> Iterator[Browser]:
    with console(sqlite_engine) as b:
        yield b


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(ConsoleAudit.action).order_by(ConsoleAudit.id)).scalars())


# -- no page without signing in -------------------------------------------------------


def test_no_page_without_signing_in(browser: Browser):
    for path in PAGES:
        answer = browser.get(path)
        if path.endswith(".json"):
            assert answer.status_code == 401 and answer.json()["error"] == "unauthenticated"
        else:
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/console/login?next=")
    for path in FORMS:
        assert browser.post(path, {"x": "1"}, csrf=False).status_code == 401, path
    assert browser.get("/console/reports/station-daily.pdf").status_code == 303
    assert browser.get("/console/static/htmx.min.js").status_code == 200  # assets are public


def test_a_signed_in_user_sees_every_page_their_role_allows_and_no_other(browser: Browser):
    for username, role in USERS.items():
        browser.client.cookies.clear()
        assert browser.sign_in(username).status_code == 303
        for path, action in PAGES.items():
            answer = browser.get(path)
            expected = 200 if role in PERMISSIONS[action] else 403
            assert answer.status_code == expected, (username, path)
            assert answer.headers["cache-control"] == "no-store"
            assert "script-src 'self'" in answer.headers["content-security-policy"]
            assert answer.headers["server-timing"].startswith("app;dur=")


# -- signing in ---------------------------------------------------------------------------


def test_wrong_password_and_unknown_user_get_the_same_answer(browser: Browser):
    wrong = browser.sign_in("duty", "not the password")
    unknown = browser.sign_in("nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text
    assert "ckp_session" not in browser.client.cookies


def test_five_wrong_passwords_lock_the_user_out_until_an_admin_resets(sqlite_engine: Engine):
    with console(sqlite_engine) as b:
        for _ in range(5):
            assert b.sign_in("analyst", "wrong password!").status_code == 401
        locked = b.sign_in("analyst")  # the right password, but locked
        assert locked.status_code == 401 and "锁定" in locked.text
        assert b.sign_in("admin").status_code == 303
        assert (
            b.post("/console/users/analyst/password", {"password": "a new password!"}).status_code
            == 303
        )
        b.client.cookies.clear()
        assert b.sign_in("analyst", "a new password!").status_code == 303
    actions = audit_actions(sqlite_engine)
    assert actions.count("login.refused") >= 5 and "login.locked" in actions
    assert "user.password_reset" in actions


def test_the_sign_in_form_needs_its_own_token(browser: Browser):
    answer = browser.client.post(
        "/console/login", data={"username": "admin", "password": PASSWORD, "login_token": "forged"}
    )
    assert answer.status_code == 403
    assert "ckp_session" not in browser.client.cookies


def test_session_fixation_a_planted_session_cookie_never_becomes_signed_in(browser: Browser):
    browser.get("/console/login")
    [domain] = {c.domain for c in browser.client.cookies.jar}
    browser.client.cookies.set(
        "ckp_session", "attacker-chosen-value", domain=domain, path="/console"
    )
    assert browser.sign_in("admin").status_code == 303
    issued = browser.client.cookies.get("ckp_session")
    assert issued and issued != "attacker-chosen-value"
    # The attacker's value signs nobody in, and the issued one stops working at sign-out.
    with console(browser.client.app.state.service.engine) as other:  # type: ignore[attr-defined]
        other.client.cookies.set(
            "ckp_session", "attacker-chosen-value", domain=domain, path="/console"
        )
        assert other.get("/console/").status_code == 303
        other.client.cookies.set("ckp_session", issued, domain=domain, path="/console")
        assert other.get("/console/").status_code == 200
        assert browser.post("/console/logout").status_code == 303
        assert other.get("/console/").status_code == 303


def test_a_second_sign_in_issues_a_new_session(browser: Browser):
    browser.sign_in("admin")
    first = browser.client.cookies.get("ckp_session")
    browser.sign_in("admin")
    second = browser.client.cookies.get("ckp_session")
    assert first != second
    [domain] = {c.domain for c in browser.client.cookies.jar if c.name == "ckp_session"}
    browser.client.cookies.set("ckp_session", first, domain=domain, path="/console")
    assert browser.get("/console/").status_code == 303  # the old one was ended


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/console/",
        "//evil.example/console/",
        "/\\evil.example",
        "/console//evil.example",
        "javascript:alert(1)",
        "/elsewhere",
    ],
)
def test_no_open_redirect_after_signing_in(browser: Browser, target: str):
    answer = browser.sign_in("admin", next_=target)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/"
    assert browser.get(f"/console/lang/en?next={target}").headers["location"] == "/console/"


def test_sign_in_returns_to_the_page_asked_for(browser: Browser):
    first = browser.get("/console/calendar")
    next_ = first.headers["location"].split("next=")[1]
    assert (
        browser.sign_in("admin", next_=next_.replace("%2F", "/")).headers["location"]
        == "/console/calendar"
    )


def test_cookies_are_httponly_strict_and_secure_over_tls(sqlite_engine: Engine):
    with console(sqlite_engine) as plain:
        answer = plain.sign_in("admin")
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    with console(sqlite_engine, base_url="https://hq") as tls:
        cookie = tls.sign_in("admin").headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie


# -- CSRF and roles ------------------------------------------------------------------------


def test_every_form_refuses_a_missing_or_wrong_csrf_token(browser: Browser):
    browser.sign_in("admin")
    for path in FORMS:
        assert browser.post(path, {"port": "TRG"}, csrf=False).status_code == 403, path
        assert (
            browser.post(path, {"port": "TRG", "csrf_token": "x" * 43}, csrf=False).status_code
            == 403
        )
    # A token from another session is no good either.
    with console(browser.client.app.state.service.engine) as other:  # type: ignore[attr-defined]
        other.sign_in("admin")
        theirs = other.csrf()
    answer = browser.post(
        "/console/calendar/KHJ", {"status": "suspended", "csrf_token": theirs}, csrf=False
    )
    assert answer.status_code == 403
    # htmx sends it as a header: accepted.
    answer = browser.client.post("/console/logout", headers={"X-CSRF-Token": browser.csrf()})
    assert answer.status_code == 303


def test_another_roles_action_is_refused(browser: Browser, sqlite_engine: Engine):
    browser.sign_in("analyst")
    forecast = browser.post("/console/forecasts", _forecast_form())
    calendar = browser.post("/console/calendar/KHJ", {"status": "suspended"})
    code = browser.post("/console/devices/codes", {"port": "TRG"})
    user = browser.post(
        "/console/users", {"username": "eve", "role": "admin", "password": PASSWORD}
    )
    assert [r.status_code for r in (forecast, calendar, code, user)] == [403] * 4
    browser.client.cookies.clear()
    browser.sign_in("duty")
    assert (
        browser.post(
            "/console/users", {"username": "eve", "role": "admin", "password": PASSWORD}
        ).status_code
        == 403
    )
    assert browser.post("/console/devices/codes", {"port": "TRG"}).status_code == 403
    with sqlite_engine.connect() as conn:
        assert (
            conn.execute(select(Forecast.id).where(Forecast.origin_device == HQ_NODE)).first()
            is None
        )


def test_the_roles_table_covers_every_action():
    assert set(PERMISSIONS) == set(Action)
    assert all(PERMISSIONS[a] for a in Action)


# -- forecasts ---------------------------------------------------------------------------------


def _forecast_form(**changes: str) -> dict[str, str]:
    expected = (datetime.now(UTC) + timedelta(hours=5)).astimezone().strftime("%Y-%m-%dT%H:%M")
    return {
        "port": "TRG",
        "source": "overseas",
        "reference": "KG-TOUR-118",
        "carrier": "Naryn Travel",
        "mode": "road",
        "direction": "entry",
        "expected_at": expected,
        "expected_travellers": "38",
        "expected_vehicles": "1",
        "cargo": "none",
        "notes": "",
        **changes,
    }


def test_a_forecast_entered_at_the_console_is_hqs_and_in_the_change_log(engine: Engine):
    with console(engine) as b:
        b.sign_in("duty")
        answer = b.post("/console/forecasts", _forecast_form())
        assert answer.status_code == 303, answer.text[-2000:]
        listing = b.get("/console/forecasts.json?port=TRG").json()
    [line] = listing["forecasts"]
    assert line["reference"] == "KG-TOUR-118" and line["from_hq"] is True
    with engine.connect() as conn:
        row = conn.execute(
            select(Forecast.__table__).where(Forecast.reference == "KG-TOUR-118")
        ).one()
        assert row.origin_device == HQ_NODE and row.port_id == reference_id("port", "TRG")
        assert row.expected_travellers == 38
        change = conn.execute(select(Change.__table__).where(Change.record_id == row.id)).one()
        assert change.port_id == row.port_id  # pulled by TRG's devices only
        assert conn.execute(select(Version).where(Version.record_id == row.id)).first()
    assert "forecast.added" in audit_actions(engine)


def test_a_bad_forecast_names_each_wrong_field_and_stores_nothing(
    browser: Browser, sqlite_engine: Engine
):
    browser.sign_in("duty")
    answer = browser.post(
        "/console/forecasts",
        _forecast_form(
            reference="", expected_travellers="many", expected_at="tomorrow", mode="boat"
        ),
    )
    assert answer.status_code == 422
    for field in ("reference", "expected_travellers", "expected_at", "mode"):
        assert f'id="e-{field}"' in answer.text, field
        assert f'id="f-{field}"' in answer.text
    assert "须为整数" in answer.text  # in the reader's language (Chinese by default)
    far = browser.post("/console/forecasts", _forecast_form(expected_at="2099-01-01T10:00"))
    assert far.status_code == 422 and 'id="e-expected_at"' in far.text
    with sqlite_engine.connect() as conn:
        assert (
            conn.execute(select(Forecast.id).where(Forecast.origin_device == HQ_NODE)).first()
            is None
        )


def test_an_hq_forecast_is_edited_and_withdrawn_and_a_posts_is_not_editable(
    browser: Browser, sqlite_engine: Engine
):
    browser.sign_in("duty")
    browser.post("/console/forecasts", _forecast_form())
    [line] = browser.get("/console/forecasts.json").json()["forecasts"]
    edit = browser.get(f"/console/forecasts/{line['id']}/edit")
    assert edit.status_code == 200 and "KG-TOUR-118" in edit.text
    changed = browser.post(
        f"/console/forecasts/{line['id']}", _forecast_form(expected_travellers="41")
    )
    assert changed.status_code == 303
    assert (
        browser.get("/console/forecasts.json").json()["forecasts"][0]["expected_travellers"] == 41
    )
    assert browser.post(f"/console/forecasts/{line['id']}", {"withdraw": "1"}).status_code == 303
    assert browser.get("/console/forecasts.json").json()["forecasts"] == []
    with sqlite_engine.connect() as conn:
        row = conn.execute(
            select(Forecast.__table__).where(Forecast.id == uuid.UUID(line["id"]))
        ).one()
    assert row.deleted and row.version == 3
    assert {"forecast.updated", "forecast.withdrawn"} <= set(audit_actions(sqlite_engine))


def test_a_csv_import_previews_each_rows_errors_then_stores_all_or_nothing(
    browser: Browser, sqlite_engine: Engine
):
    browser.sign_in("duty")
    soon = (datetime.now(UTC) + timedelta(hours=3)).astimezone().strftime("%Y-%m-%d %H:%M")
    header = ",".join(COLUMNS) + "\n"
    good = (
        f"TRG,road,KG-1,Naryn,entry,{soon},40,1,none,overseas,\n"
        f"IRK,road,KG-2,,exit,{soon},12,2,energy,carrier,\n"
    )
    bad = (
        good
        + f"XXX,road,KG-3,,entry,{soon},1,0,none,overseas,\n"
        + "TRG,boat,,,entry,soon,x,0,none,overseas,\n"
    )
    page = browser.get("/console/forecasts/import")
    csrf = token(page.text)
    preview = browser.client.post(
        "/console/forecasts/import",
        data={"csrf_token": csrf},
        files={"file": ("flows.csv", (header + bad).encode("utf-8-sig"), "text/csv")},
    )
    assert preview.status_code == 422
    assert "共 4 行，2 行有错误" in preview.text
    assert "不是总站已知的口岸" in preview.text  # row 4: the port
    assert "须为整数" in preview.text and "须为以下之一" in preview.text  # row 5
    assert 'name="confirm"' not in preview.text  # nothing to confirm
    ok = browser.client.post(
        "/console/forecasts/import",
        data={"csrf_token": csrf},
        files={"file": ("flows.csv", (header + good).encode(), "text/csv")},
    )
    assert ok.status_code == 200 and 'name="confirm"' in ok.text
    with sqlite_engine.connect() as conn:
        assert (
            conn.execute(select(Forecast.id).where(Forecast.origin_device == HQ_NODE)).first()
            is None
        )
    done = browser.post("/console/forecasts/import", {"confirm": "1", "csv_text": header + good})
    assert done.status_code == 303
    refs = {
        f["reference"]: f["port_code"]
        for f in browser.get("/console/forecasts.json").json()["forecasts"]
    }
    assert refs == {"KG-1": "TRG", "KG-2": "IRK"}


# -- port calendar ---------------------------------------------------------------------------------


def test_setting_a_port_seasonal_makes_a_new_version_for_that_ports_devices(engine: Engine):
    with console(engine) as b:
        b.sign_in("duty")
        refused = b.post(
            "/console/calendar/KHJ", {"status": "seasonal", "first_day": "", "last_day": ""}
        )
        assert refused.status_code == 422 and 'id="e-first_day"' in refused.text
        backwards = b.post(
            "/console/calendar/KHJ",
            {
                "status": "seasonal",
                "first_day": "2027-11-30",
                "last_day": "2027-04-01",
                "opens_at": "09:00",
                "closes_at": "21:00",
            },
        )
        assert backwards.status_code == 422 and 'id="e-last_day"' in backwards.text
        saved = b.post(
            "/console/calendar/KHJ",
            {
                "status": "seasonal",
                "first_day": "2027-04-01",
                "last_day": "2027-11-30",
                "opens_at": "09:00",
                "closes_at": "21:00",
                "note": "冬季封山",
            },
        )
        assert saved.status_code == 303
        [khj] = [
            c for c in b.get("/console/calendar.json").json()["calendars"] if c["code"] == "KHJ"
        ]
    assert khj["calendar"]["status"] == "seasonal" and khj["now"]["reason"] == "out_of_season"
    with engine.connect() as conn:
        row = conn.execute(
            select(PortCalendar.__table__).where(
                PortCalendar.port_id == reference_id("port", "KHJ")
            )
        ).one()
        assert row.status == PortStatus.SEASONAL and row.version == 2
        assert row.hlc.endswith("-" + HQ_NODE)  # HQ's write; its creator stays the seed
        change = conn.execute(select(Change.__table__).where(Change.record_id == row.id)).all()
        assert change[-1].port_id == row.port_id and change[-1].entity == "port_calendars"
    entry = next(e for e in _audit(engine) if e["action"] == "calendar.changed")
    assert entry["target"] == "KHJ" and entry["detail"]["status"] == "seasonal"


def _audit(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(ConsoleAudit.__table__))]


# -- users, devices, audit, language -------------------------------------------------------


def test_admin_adds_and_disables_users_but_never_the_last_admin(browser: Browser):
    browser.sign_in("admin")
    assert (
        browser.post(
            "/console/users",
            {"username": "w1", "display_name": "王", "role": "duty_officer", "password": "short"},
        ).status_code
        == 422
    )
    assert (
        browser.post(
            "/console/users",
            {"username": "w1", "display_name": "王", "role": "duty_officer", "password": PASSWORD},
        ).status_code
        == 303
    )
    assert (
        browser.post(
            "/console/users", {"username": "w1", "role": "analyst", "password": PASSWORD}
        ).status_code
        == 422
    )
    last = browser.post("/console/users/admin/active", {"active": "0"})
    assert last.status_code == 422 and "最后一名在用的管理员" in last.text
    assert browser.post("/console/users/w1/active", {"active": "0"}).status_code == 303
    users = {u["username"]: u for u in browser.get("/console/users.json").json()["users"]}
    assert users["w1"]["active"] is False and users["w1"]["role"] == "duty_officer"
    with console(browser.client.app.state.service.engine) as w1:  # type: ignore[attr-defined]
        assert w1.sign_in("w1").status_code == 401


def test_a_disabled_users_sessions_end_at_once(sqlite_engine: Engine):
    with console(sqlite_engine) as admin, console(sqlite_engine) as analyst:
        analyst.sign_in("analyst")
        assert analyst.get("/console/").status_code == 200
        admin.sign_in("admin")
        admin.post("/console/users/analyst/active", {"active": "0"})
        assert analyst.get("/console/").status_code == 303


def test_enrolment_codes_and_revocation_from_the_console(browser: Browser, sqlite_engine: Engine):
    browser.sign_in("admin")
    made = browser.post("/console/devices/codes", {"port": "TRG"})
    assert made.status_code == 200
    assert "一次性注册码" in made.text
    assert (
        browser.post(
            "/console/devices/codes", {"port": "TRG", "device": "no-such-device"}
        ).status_code
        == 422
    )
    assert browser.post("/console/devices/nope/revoke", {"reason": "x"}).status_code == 404
    assert audit_actions(sqlite_engine).count("device.code") == 1


def test_the_json_is_the_pages_data(browser: Browser):
    browser.sign_in("analyst")
    data = browser.get("/console/overview.json").json()
    page = browser.get("/console/").text
    codes = [p["code"] for p in data["overview"]["ports"]]
    assert len(codes) == 15 and codes == sorted(codes)
    for code in codes:
        assert f'/console/ports/{code}"' in page
    assert (
        json.loads(json.dumps(browser.get("/console/ports/TRG.json").json()))["port"]["line"][
            "code"
        ]
        == "TRG"
    )
    assert browser.get("/console/ports/NOPE").status_code == 404


def test_english_on_request_chinese_by_default(browser: Browser):
    browser.sign_in("analyst")
    assert "今日各口岸" in browser.get("/console/").text
    switched = browser.get("/console/lang/en?next=/console/calendar")
    assert switched.headers["location"] == "/console/calendar"
    assert "All ports today" in browser.get("/console/").text
    assert '<html lang="en">' in browser.get("/console/").text


def test_changing_ones_own_password(browser: Browser):
    browser.sign_in("analyst")
    wrong = browser.post("/console/account", {"current": "nope", "new": "another long password"})
    assert wrong.status_code == 422 and 'id="e-current"' in wrong.text
    assert (
        browser.post(
            "/console/account", {"current": PASSWORD, "new": "another long password"}
        ).status_code
        == 200
    )
    browser.client.cookies.clear()
    assert browser.sign_in("analyst").status_code == 401
    assert browser.sign_in("analyst", "another long password").status_code == 303


def test_the_audit_lists_changes_for_admins(browser: Browser):
    browser.sign_in("admin")
    browser.post(
        "/console/calendar/TRG",
        {
            "status": "suspended",
            "first_day": "2026-12-24",
            "last_day": "2026-12-26",
            "opens_at": "09:00",
            "closes_at": "21:00",
        },
    )
    data = browser.get("/console/audit.json").json()
    assert data["entries"][0]["action"] == "calendar.changed"
    assert {"login", "user.added"} <= {e["action"] for e in data["entries"]}


def test_hq_clock_is_the_consoles_now(sqlite_engine: Engine):
    fixed = datetime(2026, 7, 1, 4, 0, tzinfo=UTC)  # noon in Beijing, in KHJ's old season
    with console(sqlite_engine, HQClock(sqlite_engine, wall=lambda: fixed)) as b:
        b.sign_in("analyst")
        lines = {c["code"]: c for c in b.get("/console/calendar.json").json()["calendars"]}
    assert lines["KHJ"]["now"]["reason"] == "open"
    assert lines["BKT"]["now"]["reason"] == "open"  # 10:00–20:00 local


# -- the command line ---------------------------------------------------------------------


def test_cli_user_add_list_disable_reset_and_station_reports(tmp_path: Path, capsys, monkeypatch):
    from hq import cli

    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert cli.main(["migrate", "--db", db]) == 0
    add = ["user", "add", "zhang", "--role", "duty_officer", "--name", "张伟", "--password"]
    capsys.readouterr()
    assert cli.main([*add, "short", "--db", db]) == 2  # too short: refused, in words
    assert capsys.readouterr().err.strip() == (
        "checkpoint-hq: password must be at least 10 characters"
    )
    # No terminal to ask on (a pipe, CI): one line saying what to give, no traceback.
    monkeypatch.setattr("sys.stdin", io.StringIO("typed\n"))
    assert cli.main(["user", "add", "li", "--role", "analyst", "--db", db]) == 2
    assert "give --password" in capsys.readouterr().err
    assert cli.main([*add, PASSWORD, "--db", db]) == 0
    assert (
        cli.main(["user", "add", "root", "--role", "admin", "--password", PASSWORD, "--db", db])
        == 0
    )
    assert cli.main(["user", "disable", "root", "--db", db]) == 2  # the last active admin
    assert cli.main(["user", "disable", "zhang", "--db", db]) == 0
    assert (
        cli.main(["user", "reset", "zhang", "--password", "a brand new password", "--db", db]) == 0
    )
    capsys.readouterr()
    assert cli.main(["user", "list", "--json", "--db", db]) == 0
    users = {u["username"]: u for u in json.loads(capsys.readouterr().out)}
    assert users["zhang"]["active"] is False and users["zhang"]["display_name"] == "张伟"
    engine = hq_engine(db)
    assert audit_actions(engine) == [
        "user.added",
        "user.added",
        "user.disabled",
        "user.password_reset",
    ]
    engine.dispose()
    out = tmp_path / "day.csv"
    assert cli.main(["report", "daily", "--date", "2026-12-01", "--out", str(out), "--db", db]) == 0
    assert out.read_bytes().startswith("\ufeffport,".encode())
    pdf = tmp_path / "month.pdf"
    assert cli.main(["report", "monthly", "--month", "2026-11", "--out", str(pdf), "--db", db]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    port = tmp_path / "trg.pdf"
    assert (
        cli.main(
            [
                "report",
                "daily",
                "--port",
                "TRG",
                "--date",
                "2026-12-01",
                "--out",
                str(port),
                "--db",
                db,
            ]
        )
        == 0
    )
    assert port.read_bytes().startswith(b"%PDF")


def test_serve_without_the_hq_extra_says_what_to_install(tmp_path: Path) -> None:
    import subprocess
    import sys

    # uvicorn made unimportable, as after ``pip install -e .`` without ``[hq]``
    code = "import sys; sys.modules['uvicorn'] = None; from hq.cli import main; sys.exit(main())"
    db = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", code, "serve", "--db", db],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "checkpoint-hq: serving needs the hq extra: pip install -e '.[hq]' (or checkpoint-desk[hq])"
    ]
