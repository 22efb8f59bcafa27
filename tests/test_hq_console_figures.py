"""HQ's figures for synced posts equal the posts' own ``stats --json``, to the digit.

Two demo posts (TRG, ALS) sync with a real HQ (uvicorn subprocess, SQLite
and PostgreSQL); HQ's roll-up, overview, station report (PDF and CSV) and
port page then say what the posts say.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from helpers.console import add_users, console
from sqlalchemy import select
from test_sync_support import demo_post, enrolled, record_clearances

from db.models import Port
from desktop_app import alerts, cli
from desktop_app.desk import Desk
from desktop_app.forecasts import local_day_bounds
from desktop_app.sync.client import SyncClient
from hq.console import rollup, station_report
from hq.console.i18n import Translator
from hq.console.models import DayFigures
from hq.console.overview import QUIET_AFTER
from hq.console.portview import PortView
from hq.console.web import FIGURES_EVERY_ENV
from hq.models import Device
from hq.store import HQClock

pytest_plugins = ["test_sync_support"]


@pytest.fixture(autouse=True)
def refresh_only_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """HQ's own refresher off: these tests call ``rollup.refresh`` and count what it did."""
    monkeypatch.setenv(FIGURES_EVERY_ENV, "0")


def post_stats(desk: Desk, day: date, as_of: datetime, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    command = ["stats", "--from", str(day), "--as-of", as_of.isoformat(), "--json"]
    assert cli.main(["--data-dir", str(desk.data_dir), *command]) == 0
    return json.loads(capsys.readouterr().out)


def sync(desk: Desk, url: str) -> None:
    with SyncClient(desk, url) as client:
        client.sync()


@pytest.fixture
def synced(hq, tmp_path: Path):
    posts = [
        enrolled(hq, demo_post(tmp_path / "trg", "TRG", seed=3)),
        enrolled(hq, demo_post(tmp_path / "als", "ALS", seed=4)),
    ]
    for desk in posts:
        sync(desk, hq.url)
    yield posts
    for desk in posts:
        desk.close()


def test_hq_figures_equal_the_posts_stats_to_the_digit(hq, synced, capsys):
    now = synced[0].now()
    assert rollup.refresh(hq.engine, lambda: now) > 0
    assert rollup.refresh(hq.engine, lambda: now) == 0  # nothing new: nothing recomputed
    compared = alerted = 0
    for desk in synced:
        view = PortView(hq.engine, desk.port_code, now=lambda: now)
        today = desk.local_time(now).date()
        for day in (today - timedelta(days=1), today):
            theirs = post_stats(desk, day, now, capsys)
            [row] = rollup.days_of(hq.engine, view.port_id, day, day)
            citizens = theirs["groups"]["chinese_citizen"]
            everyone = theirs["pooled_all_categories"]
            assert row.citizens == citizens["count"] > 0
            assert row.citizen_p50_s == citizens["p50_s"]
            assert row.citizen_p90_s == citizens["p90_s"]
            assert row.citizen_p95_s == citizens["p95_s"]
            assert row.citizen_max_s == citizens["max_s"]
            assert row.citizen_within == citizens["within_target"]
            assert row.citizen_breaches == citizens["breaches"]
            assert row.breaches == everyone["breaches"]
            assert row.longest_wait_s == everyone["max_s"]
            assert row.unserved == everyone["unserved"]
            assert row.subjects == (
                everyone["count"]
                + everyone["unserved"]
                - everyone["waiting_over_target"]
                + everyone["queued_before_opening"]  # joined, but apart from the waits
            )
            # The station report computes the same figures straight from the rows.
            report = station_report.build(hq.engine, "daily", day, now, ports=[desk.port_code])
            [line] = report.lines
            assert line.citizen_p90_s == citizens["p90_s"]
            assert line.citizen_within == citizens["within_target"]
            assert (
                line.breaches == everyone["breaches"] and line.longest_wait_s == everyone["max_s"]
            )
            # Alerts: the episodes the post recorded that started on the day, as of ``now``.
            start, end = local_day_bounds(desk, day)
            started = [
                e for e in alerts.episodes(desk, start, end, as_of=now) if e.started_at >= start
            ]
            assert row.alerts == line.alerts == len(started)
            alerted += len(started)
            compared += 1
    assert compared == 4 and alerted > 0


def test_new_clearances_move_todays_figures_at_the_next_refresh(hq, synced):
    trg = synced[0]
    now = trg.now()
    rollup.refresh(hq.engine, lambda: now)
    view = PortView(hq.engine, "TRG", now=lambda: now)
    today = trg.local_time(now).date()
    [before] = rollup.days_of(hq.engine, view.port_id, today, today)
    record_clearances(trg, 7, prefix="R")
    sync(trg, hq.url)
    later = trg.now()  # figures are as of a moment: the new clearances are after ``now``
    assert rollup.refresh(hq.engine, lambda: later) == 1  # TRG's today only
    [after] = rollup.days_of(hq.engine, view.port_id, today, today)
    assert after.subjects == before.subjects + 7
    assert after.computed_at >= before.computed_at


def test_the_overview_and_reports_show_the_synced_posts(hq, synced, tmp_path):
    now = synced[0].now()
    rollup.refresh(hq.engine, lambda: now)
    add_users(hq.engine)
    with console(hq.engine, HQClock(hq.engine, wall=lambda: now)) as b:
        b.sign_in("analyst")
        lines = {p["code"]: p for p in b.get("/console/overview.json").json()["overview"]["ports"]}
        page = b.get("/console/ports/TRG")
        csv_answer = b.get(f"/console/reports/station-daily.csv?date={now.date()}")
        pdf_answer = b.get(f"/console/reports/station-daily.pdf?date={now.date()}&lang=en")
        port_pdf = b.get(f"/console/reports/port-daily.pdf?port=ALS&date={now.date()}&lang=zh")
    for desk in synced:
        line = lines[desk.port_code]
        assert line["devices"] == 1 and line["last_contact"] is not None and not line["quiet"]
        assert line["today"] is not None and line["today"]["citizens"] > 0
        assert line["data_as_of"] is not None
    assert lines["KHG"]["devices"] == 0 and lines["KHG"]["today"] is None
    assert page.status_code == 200 and "<svg" in page.text and "中国公民" in page.text
    rows = {
        r["port"]: r for r in csv.DictReader(io.StringIO(csv_answer.content.decode("utf-8-sig")))
    }
    assert len(rows) == 15 and int(rows["TRG"]["citizens"]) > 0
    assert pdf_answer.headers["content-type"] == "application/pdf"
    path = tmp_path / "station.pdf"
    path.write_bytes(pdf_answer.content)
    with pdfplumber.open(path) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) == 1 and "Station daily report" in text
    t = Translator("en")
    report = station_report.build(hq.engine, "daily", now.date(), now)
    for line in report.lines:
        assert line.code in text
        if line.citizens:
            assert t.wait(line.citizen_p90_s) in text
    assert port_pdf.status_code == 200 and port_pdf.content.startswith(b"%PDF")


def test_station_monthly_report_counts_days_missed(hq, synced, tmp_path):
    now = synced[0].now()
    report = station_report.build(hq.engine, "monthly", now.date(), now)
    lines = {line.code: line for line in report.lines}
    for desk in synced:
        line = lines[desk.port_code]
        assert line.days_open is not None and line.days_open >= 1
        assert 0 <= line.days_missed <= 2  # two demo days of data
    out = tmp_path / "month.pdf"
    assert station_report.write_pdf(report, out, "zh") == 1
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "总站月报" in text and "吐尔尕特" in text


def test_the_day_figures_table_is_keyed_by_day_first():
    # The overview reads one day of every port through the primary key.
    assert [c.name for c in DayFigures.__table__.primary_key.columns] == ["day", "port_id"]


def test_a_port_silent_for_over_an_hour_while_open_is_marked_quiet(hq, synced, tmp_path):
    with hq.engine.connect() as conn:
        seen = dict(
            conn.execute(
                select(Port.code, Device.last_seen_at).join(Port, Port.id == Device.port_id)
            ).all()
        )
    last = max(seen["TRG"], seen["ALS"])
    zone = ZoneInfo("Asia/Shanghai")
    # The next noon at the posts more than an hour after the last sync: both ports open.
    noon = datetime.combine(last.astimezone(zone).date(), time(12), zone)
    while noon <= last + QUIET_AFTER:
        noon += timedelta(days=1)
    add_users(hq.engine)
    for now, quiet in ((last + QUIET_AFTER / 2, set()), (noon, {"TRG", "ALS"})):
        with console(hq.engine, HQClock(hq.engine, wall=lambda now=now: now)) as b:
            b.sign_in("analyst")
            doc = b.get("/console/overview.json").json()["overview"]
            page = b.get("/console/").text
        marked = {p["code"] for p in doc["ports"] if p["quiet"]}
        assert marked == quiet and doc["quiet"] == len(quiet), now
        assert ("⬣" in page) == bool(quiet)
    # The station report: a port with no device says so; a day before the last contact is
    # complete; the day of the last contact is "as of" it.
    day = last.astimezone(zone).date()
    for when, expected in ((day, seen["TRG"]), (day - timedelta(days=2), None)):
        report = station_report.build(hq.engine, "daily", when, noon, ports=["TRG", "KHG"])
        trg, khg = sorted(report.lines, key=lambda line: line.code != "TRG")
        assert khg.last_contact is None and khg.as_of is None
        assert trg.as_of == expected
    out = tmp_path / "station.pdf"
    report = station_report.build(hq.engine, "daily", day, noon, ports=["TRG", "KHG"])
    station_report.write_pdf(report, out, "en")
    with pdfplumber.open(out) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
    assert "no device" in text and "as of" in text
