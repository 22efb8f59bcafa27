"""Screenshots of the public hall board (1920×1080, Chinese and English) and the public page.

    .venv/bin/python docs/public/make_screenshots.py [OUTDIR]     (default: docs/public)

HQ runs as a real subprocess over a temporary SQLite file; ALS and TRG enrol
and sync after a queue has formed at ALS (and a coach party is forecast
there); TRG's last contact is then set 40 minutes back (staged, so the board
shows a stale port).  Debian's chromium
is driven by Playwright (never ``playwright install``).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import update  # noqa: E402
from test_public_feed import _port, coach_party, queue_up, sync  # noqa: E402

from desktop_app import demo  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from hq.migrate import upgrade  # noqa: E402
from hq.models import Device  # noqa: E402
from hq.store import hq_engine  # noqa: E402
from hq.testing import HQServer  # noqa: E402
from tests.conftest import Clock  # noqa: E402
from tests.helpers.sync import enroll  # noqa: E402
from tests.helpers.waiting import wait_until  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        url = f"sqlite:///{folder / 'hq.sqlite3'}"
        engine = hq_engine(url)
        upgrade(engine)
        server = HQServer(url, log=folder / "hq.log").start()
        try:
            for code, seed, waiting, ago in (("ALS", 12, 14, 25), ("TRG", 11, 4, 70)):
                clock = Clock(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=ago))
                desk = initialize(folder / code.lower(), code, clock=clock)
                demo.generate(desk, days=1, seed=seed, end=desk.now())
                enroll(engine, desk, server.url, label=f"{code} hall")
                queue_up(desk, clock, waiting, code)
                clock.at = datetime.now(UTC)
                if code == "ALS":
                    coach_party(desk)
                sync(desk, server.url)
                desk.close()
            with engine.begin() as conn:  # staged: TRG silent for 40 minutes
                conn.execute(
                    update(Device)
                    .where(Device.port_code == "TRG")
                    .values(last_seen_at=datetime.now(UTC) - timedelta(minutes=40))
                )
            # The first answer sets the plans going (in the background); the board shows them.
            wait_until(lambda: _port(server.url, "ALS")["predicted_at"] is not None)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                for code in ("ALS", "TRG"):
                    page.goto(f"{server.url}/public/board?port={code}")
                    shot(page, out / f"board-{code}-zh.png")
                    page.evaluate("document.getAnimations().forEach(a => { a.currentTime = 7000 })")
                    shot(page, out / f"board-{code}-en.png")
                page.set_viewport_size({"width": 1280, "height": 1000})
                page.goto(f"{server.url}/public/")
                shot(page, out / "page.png")
                browser.close()
        finally:
            server.kill()
            engine.dispose()


def shot(page: object, path: Path) -> None:
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "public")
