"""The HQ console in a real browser: Debian's chromium, headless, driven by Playwright.

HQ runs as a real subprocess on loopback (``checkpoint-hq serve``) with two
posts (TRG and ALS) that really synced.  A duty officer signs in with the
keyboard, sees both posts on the overview, enters a forecast that reaches
TRG's desk at its next sync, sets TRG seasonal and sees the desk's header
(the real Qt window, offscreen) say so after a sync, and downloads the
station report, which is parsed back.  Every wait is on a condition, bounded.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pdfplumber
import pytest
from helpers.console import PASSWORD, add_users
from helpers.shifted_hq import shifted_hq
from sqlalchemy import select
from test_sync_support import HQ, Background, demo_post, enrolled

from db.models import Forecast
from desktop_app.desk import Desk
from desktop_app.sync.client import SyncClient
from hq.console.web import FIGURES_EVERY_ENV
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import HQServer
from ui.testing import RunningClock

pytest_plugins = ["test_sync_support"]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 20_000

# Skipped only on a developer's machine without chromium; under CI (which installs it)
# a missing browser fails the run instead of hiding these tests.
pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="chromium is not installed (.ci/run installs it)",
)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HQ, list[Desk]]]:
    """HQ serving on loopback (figures refreshed every second) and two posts synced with it."""
    folder = tmp_path_factory.mktemp("station")
    url = f"sqlite:///{folder / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    add_users(engine)
    monkey = pytest.MonkeyPatch()
    monkey.setenv(FIGURES_EVERY_ENV, "1")
    # HQ's "today" is the posts' today: their clocks and HQ's run from the last 11:00.
    clock = RunningClock()
    server = HQServer(url, log=folder / "hq.log", program=shifted_hq(clock.offset)).start()
    monkey.undo()
    hq = HQ(server, engine, url)
    posts = [
        enrolled(hq, demo_post(folder / "trg", "TRG", days=1, seed=5, clock=clock)),
        enrolled(hq, demo_post(folder / "als", "ALS", days=1, seed=6, clock=clock)),
    ]
    for desk in posts:
        with SyncClient(desk, hq.url) as client:
            client.sync()
    try:
        yield hq, posts
    finally:
        for desk in posts:
            desk.close()
        server.kill()
        engine.dispose()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: object, station: tuple[HQ, list[Desk]]) -> Iterator[object]:
    context = chromium.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN"
    )
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def sign_in_with_the_keyboard(page: object, base: str, username: str) -> None:
    page.goto(base + "/console/")  # type: ignore[attr-defined]
    assert "/console/login" in page.url  # type: ignore[attr-defined]
    # The form is labelled and keyboard-only: the user name field has the focus.
    page.keyboard.type(username)  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    page.keyboard.type(PASSWORD)  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(base + "/console/")  # type: ignore[attr-defined]


def sync(desk: Desk, url: str) -> None:
    with SyncClient(desk, url) as client:
        client.sync()


def test_sign_in_and_see_both_synced_posts_on_the_overview(page, station):
    hq, posts = station
    sign_in_with_the_keyboard(page, hq.url, "duty")
    assert page.get_by_role("heading", level=1).inner_text() == "今日各口岸"
    for desk in posts:
        row = page.locator(
            "tbody#overview-rows tr", has=page.get_by_role("link", name=desk.port_code)
        )
        # The figures appear once HQ's refresher has computed them (every second here).
        page.wait_for_function(
            """code => [...document.querySelectorAll('#overview-rows tr')].some(r =>
                   r.textContent.includes(code)
                   && /\\d+:\\d\\d/.test(r.cells[4]?.textContent || ''))""",
            arg=desk.port_code,
        )
        assert "%" in row.locator("td").nth(4).inner_text()
    # htmx reloads the rows in place (the section stays as it is).
    with page.expect_response(lambda r: "/console/overview/rows" in r.url, timeout=40_000):
        pass
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="All ports today").wait_for()
    page.get_by_role("link", name="TRG Torugart").click()
    page.get_by_role("heading", level=2, name="Today by traveller category").wait_for()
    assert page.locator("svg.chart").count() == 3


def test_a_forecast_entered_in_the_browser_reaches_the_post_at_its_next_sync(page, station):
    hq, posts = station
    trg = posts[0]
    sign_in_with_the_keyboard(page, hq.url, "duty")
    page.goto(hq.url + "/console/forecasts/new?port=TRG")
    page.get_by_label("团组或车辆").fill("KG-BROWSER-7")
    page.get_by_label("承运人").fill("Naryn Travel")
    page.get_by_label("来源").select_option("overseas")
    expected = trg.local_time(trg.now() + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("预计到达").fill(expected)
    page.get_by_label("预计人数").fill("44")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/console/forecasts?port=TRG")
    page.get_by_role("cell", name="KG-BROWSER-7", exact=True).wait_for()
    with trg.read() as s:
        assert s.scalar(select(Forecast.id).where(Forecast.reference == "KG-BROWSER-7")) is None
    sync(trg, hq.url)
    with trg.read() as s:
        forecast = s.scalars(select(Forecast).where(Forecast.reference == "KG-BROWSER-7")).one()
    assert forecast.expected_travellers == 44 and forecast.origin_device == "hq"
    assert trg.local_time(forecast.expected_at).strftime("%Y-%m-%dT%H:%M") == expected


def test_a_port_set_seasonal_shows_in_the_posts_header(page, station, qtbot):
    from ui.testing import Desktop, MainThreadSqlGuard

    hq, posts = station
    trg = posts[0]
    guard = MainThreadSqlGuard(trg)
    ui = Desktop(trg, language="en", wait=lambda p: qtbot.waitUntil(p, timeout=WAIT_MS))
    qtbot.addWidget(ui.window)
    try:
        header = ui.workspace.header
        qtbot.waitUntil(lambda: header.calendar.text().startswith("Port "), timeout=WAIT_MS)
        assert "season" not in header.calendar.text()

        sign_in_with_the_keyboard(page, hq.url, "duty")
        page.goto(hq.url + "/console/calendar/TRG/edit")
        page.get_by_label("状态").select_option("seasonal")
        page.get_by_label("开始日期").fill("2027-04-01")
        page.get_by_label("结束日期").fill("2027-11-30")
        page.get_by_role("button", name="保存").click()
        page.wait_for_url("**/console/calendar")
        row = page.get_by_role("row", name="TRG")
        assert "季节性开放" in row.inner_text() and "关闭（非开放季）" in row.inner_text()

        syncing = Background(sync, trg, hq.url)  # off the UI thread, as the desk's runner does
        syncing.start()
        qtbot.waitUntil(lambda: not syncing.is_alive(), timeout=WAIT_MS)
        syncing.join()
        qtbot.waitUntil(
            lambda: "season is 2027-04-01 – 2027-11-30" in header.calendar.text(), timeout=WAIT_MS
        )
        assert header.calendar.text() == "Port closed: the season is 2027-04-01 – 2027-11-30"
    finally:
        guard.stop()
        violations = list(guard.violations)
        ui.close()
    assert violations == [], violations[0]


def test_download_the_station_report_and_read_it_back(page, station, tmp_path):
    hq, posts = station
    sign_in_with_the_keyboard(page, hq.url, "analyst")
    page.get_by_role("link", name="报表").click()
    card = page.locator("form.card", has=page.get_by_role("heading", name="总站日报"))
    card.get_by_label("语言").select_option("en")
    with page.expect_download() as download:
        card.get_by_role("button", name="下载 PDF").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("station-daily-report-") and path.suffix == ".pdf"
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Station daily report" in text
    for desk in posts:
        assert desk.port_code in text
    # An analyst sees no user administration, and is refused it.
    assert page.get_by_role("link", name="用户").count() == 0
    answer = page.goto(hq.url + "/console/users")
    assert answer.status == 403
