"""Screenshots of every console page in Chinese and English, at 1366×768, in headless chromium.

    .venv/bin/python docs/console/make_screenshots.py [OUTDIR]     (default: docs/console)

HQ runs as a real subprocess over a temporary SQLite file; three demo posts
(TRG, ALS, IRK) enrol and sync; IRK's last contact is then set three hours
back (staged, so the overview shows a port gone quiet), KHJ is made seasonal
and a forecast entered, as a duty officer would.  Debian's chromium is
driven by Playwright (never ``playwright install``).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from sqlalchemy import update  # noqa: E402

from desktop_app import demo  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.sync.client import SyncClient  # noqa: E402
from hq.console import accounts, audit  # noqa: E402
from hq.console.web import FIGURES_EVERY_ENV  # noqa: E402
from hq.migrate import upgrade  # noqa: E402
from hq.models import Device  # noqa: E402
from hq.store import hq_engine  # noqa: E402
from hq.testing import HQServer  # noqa: E402
from tests.helpers.sync import enroll  # noqa: E402

PASSWORD = "screenshots only"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def stage(folder: Path) -> tuple[HQServer, object]:
    import os

    url = f"sqlite:///{folder / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    for name, role, shown in (
        ("admin", "admin", "总站管理员"),
        ("duty", "duty_officer", "值班员 王丽"),
    ):
        accounts.add_user(
            engine,
            username=name,
            display_name=shown,
            role=role,
            password=PASSWORD,
            now=demo_now(),
            who=audit.Who("cli"),
        )
    os.environ[FIGURES_EVERY_ENV] = "1"
    server = HQServer(url, log=folder / "hq.log").start()
    for code, seed in (("TRG", 11), ("ALS", 12), ("IRK", 13)):
        desk = initialize(folder / code.lower(), code)
        demo.generate(desk, days=3, seed=seed, end=desk.now())
        enroll(engine, desk, server.url, label=f"{code} verification platform 1")
        with SyncClient(desk, server.url) as client:
            client.sync()
        desk.close()
    with engine.begin() as conn:  # staged: IRK has not been heard from for three hours
        conn.execute(
            update(Device)
            .where(Device.port_code == "IRK")
            .values(last_seen_at=demo_now() - timedelta(hours=3))
        )
    return server, engine


def demo_now():  # noqa: ANN201
    from db.base import utcnow

    return utcnow()


def shoot(page: Page, out: Path, name: str) -> None:
    page.screenshot(path=str(out / f"{name}.png"))
    print(out / f"{name}.png")


def tour(page: Page, base: str, out: Path, lang: str) -> None:
    code = "zh_CN" if lang == "zh" else "en"
    page.goto(f"{base}/console/lang/{lang}?next=/console/login")
    shoot(page, out, f"{code}-01-login")
    page.get_by_label("用户名" if lang == "zh" else "User name").fill("admin")
    page.get_by_label("密码" if lang == "zh" else "Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/console/")
    page.wait_for_function(
        "() => /\\d+:\\d\\d/.test(document.querySelector('#overview-rows tr td:nth-of-type(4)')"
        "?.textContent || '') || [...document.querySelectorAll('#overview-rows tr')].some("
        "r => /\\d+:\\d\\d/.test(r.cells[4]?.textContent || ''))",
        timeout=60_000,
    )
    page.reload()
    shoot(page, out, f"{code}-02-overview")
    page.goto(f"{base}/console/ports/TRG")
    shoot(page, out, f"{code}-03-port")
    page.goto(f"{base}/console/forecasts")
    shoot(page, out, f"{code}-04-forecasts")
    page.goto(f"{base}/console/forecasts/new?port=TRG")
    # Wrong on purpose, past the browser's own checks: the server names each field.
    page.locator("#f-reference").fill("KG-TOUR-119")
    page.locator("#f-expected_at").fill("2027-09-01T10:00")
    page.locator("#f-expected_travellers").fill("9000")
    page.locator("#f-expected_vehicles").fill("-3")
    page.locator("form.form button[type=submit]").first.click()
    shoot(page, out, f"{code}-05-forecast-form-errors")
    page.goto(f"{base}/console/forecasts/import")
    csv_text = (
        "port,mode,reference,carrier,direction,expected_at,expected_travellers,"
        "expected_vehicles,cargo,source,notes\n"
        "TRG,road,KG-TOUR-21,Naryn Travel,entry,2026-12-03 11:30,38,1,none,overseas,\n"
        "IRK,road,TJ-CONVOY-4,,entry,2026-12-03 10:00,6,12,energy,carrier,\n"
        "XXX,road,KZ-BUS-9,,entry,2026-12-03 09:00,45,1,none,overseas,\n"
        "ALS,rail,X8017,,exit,tomorrow,400,0,general,carrier,\n"
    )
    page.locator("#f-file").set_input_files(
        {"name": "flows.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}
    )
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    shoot(page, out, f"{code}-06-forecast-import-preview")
    page.goto(f"{base}/console/calendar")
    shoot(page, out, f"{code}-07-calendar")
    page.goto(f"{base}/console/calendar/KHJ/edit")
    shoot(page, out, f"{code}-08-calendar-form")
    page.goto(f"{base}/console/devices")
    page.locator("#code-port").select_option("KRS")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    shoot(page, out, f"{code}-09-devices")
    page.goto(f"{base}/console/users")
    shoot(page, out, f"{code}-10-users")
    page.goto(f"{base}/console/audit")
    shoot(page, out, f"{code}-11-audit")
    page.goto(f"{base}/console/reports")
    shoot(page, out, f"{code}-12-reports")
    page.goto(f"{base}/console/account")
    shoot(page, out, f"{code}-13-account")
    page.locator("header form.inline button").click()


def duty_changes(page: Page, base: str) -> None:
    """What a duty officer does first: KHJ seasonal, one forecast for TRG."""
    page.goto(f"{base}/console/login")
    page.get_by_label("用户名").fill("duty")
    page.get_by_label("密码").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/console/")
    page.goto(f"{base}/console/calendar/KHJ/edit")
    page.get_by_label("状态").select_option("seasonal")
    page.get_by_label("开始日期").fill("2027-04-01")
    page.get_by_label("结束日期").fill("2027-11-30")
    page.get_by_label("备注").fill("冬季大雪封山")
    page.get_by_role("button", name="保存").click()
    page.goto(f"{base}/console/forecasts/new?port=TRG")
    page.get_by_label("团组或车辆").fill("KG-TOUR-118")
    page.get_by_label("承运人").fill("Naryn Travel")
    page.get_by_label("预计到达").fill("2026-12-03T11:30")
    page.get_by_label("预计人数").fill("38")
    page.get_by_role("button", name="保存").click()
    page.locator("header form.inline button").click()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "console"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        server, engine = stage(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                page = context.new_page()
                page.set_default_timeout(30_000)
                duty_changes(page, server.url)
                for lang in ("zh", "en"):
                    tour(page, server.url, out, lang)
                browser.close()
        finally:
            server.kill()
            engine.dispose()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
