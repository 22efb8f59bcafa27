"""Reports and statistics over the queue operations: alert episodes, queues before opening.

A deputy captain signs what the shift's queues did: each alert episode (lane
group, start, worst level, peak, the response and who acknowledged it with
what action), and the waits of those who queued before their lane opened,
apart from every figure against a target.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pdfplumber

from desktop_app import alerts, cli, lanes, reports, stats
from desktop_app.reports import reading
from desktop_app.reports.figures import compute
from desktop_app.reports.snapshot import decode, encode
from tests.test_alerts import join, serve


def flat_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join("".join((p.extract_text() or "") for p in pdf.pages).split())


def spaced_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())


def an_acknowledged_episode(post):
    """A citizen waits 16 minutes (amber at 15), P-IN-2 opens a minute later and the
    officer acknowledges; the citizen is served at 20 minutes; the wave ends."""
    joined = post.clock.at
    first = join(post, "E4821170", post.lane)
    post.clock.advance(minutes=16)
    alerts.follow(post.desk, force=True)
    [episode] = alerts.current(post.desk)
    post.clock.advance(minutes=1)
    lanes.set_open(
        post.desk, lane_id=post.lane_by_code("P-IN-2").id, open_=True, by=post.officer.id
    )
    alerts.acknowledge(
        post.desk, episode_id=episode.episode_id, by=post.officer.id, action="opened P-IN-2"
    )
    acknowledged_at = post.clock.at
    post.clock.advance(minutes=3)
    serve(post, first)
    post.clock.advance(minutes=alerts.QUIET.total_seconds() / 60 + 1)
    alerts.follow(post.desk, force=True)
    return joined, acknowledged_at


def test_the_shift_report_lists_each_alert_episode_with_its_response(post, tmp_path):
    joined, acked_at = an_acknowledged_episode(post)
    figures = reports.shift_figures(post.desk, post.shift.id)
    [info] = figures.alerts
    assert info.lane_group == "travellers_entry" and info.top_level == "amber"
    assert info.started_at == joined + timedelta(minutes=15)
    assert info.peak_s == 20 * 60  # served after 20 minutes
    assert info.lane_opened_at == acked_at and info.response_s == 2 * 60
    assert info.ended_at is not None and info.lane_code == "P-IN-1"
    [ack] = info.acknowledgements
    assert ack.action == "opened P-IN-2" and ack.officer is not None
    assert ack.officer.badge_no == post.officer.badge_no

    zh = reports.build_shift_report(post.desk, post.shift.id, tmp_path / "zh.pdf", "zh")
    body = flat_text(zh.path)
    assert "候检预警" in body and "入境旅客" in body and "黄色预警" in body
    assert "预警1次（红色0次，已确认1次，截至数据时间未结束0次）" in body
    assert ":opened" in body and "陈静（2001）" in body  # who acknowledged, and what they did
    en = reports.build_shift_report(post.desk, post.shift.id, tmp_path / "en.pdf", "en")
    text = spaced_text(en.path)
    assert "Queue alerts" in text
    assert "1 alert episode (red 0, acknowledged 1, still running at the as-of time 0)" in text
    assert "minutes from the alert until a lane opened or the wait fell back: 2.0." in text


def test_an_episode_as_of_a_moment_before_it_was_answered(post):
    _, acked_at = an_acknowledged_episode(post)
    before = acked_at - timedelta(seconds=30)
    [info] = reports.shift_figures(post.desk, post.shift.id, as_of=before).alerts
    assert info.ended_at is None  # still running then
    assert info.acknowledgements == () and info.lane_opened_at is None
    assert info.peak_s < 20 * 60


def test_a_queue_before_opening_is_reported_apart_and_is_no_breach(post, tmp_path):
    gate = post.lane_by_code("P-IN-2")  # closed: the subject queues before it opens
    early = join(post, "G0001", gate)
    post.clock.advance(minutes=40)
    lanes.set_open(post.desk, lane_id=gate.id, open_=True, by=post.officer.id)
    serve(post, early)
    on_time = join(post, "G0002", gate)
    post.clock.advance(minutes=5)
    serve(post, on_time)

    start, end = post.shift.actual_start, post.clock.at + timedelta(seconds=1)
    result = stats.wait_stats(post.desk, start, end, as_of=post.clock.at)
    citizens = result.groups["chinese_citizen"]
    assert (citizens.count, len(citizens.breaches), citizens.before_opening) == (1, 0, 1)
    assert citizens.max == 5 * 60  # the 40 minutes at the gate are in no target figure
    apart = stats.before_opening_summary(
        stats.period_clearances(post.desk, start, end, post.clock.at), post.clock.at
    )
    assert (apart.count, apart.max) == (1, 40 * 60)

    figures = reports.shift_figures(post.desk, post.shift.id)
    assert figures.breaches == []
    [(category, summary)] = figures.before_opening
    assert category == "chinese_citizen" and summary.max == 40 * 60
    pdf = reports.build_shift_report(post.desk, post.shift.id, tmp_path / "g.pdf", "en")
    text = spaced_text(pdf.path)
    assert "Queued before opening (timed from arrival; in no figure against a target)" in text


def test_a_snapshot_signed_before_alerts_were_recorded_says_so(post):
    an_acknowledged_episode(post)
    snap = reading.shift_snapshot(post.desk, post.shift.id)
    assert snap.alerts_recorded and snap.alerts
    # A signed snapshot stored by an earlier version has neither field: it loads with the
    # defaults, and the report says the episodes were not part of what was signed.
    stored = encode(snap).replace(b',"alerts_recorded":true', b"")
    old = decode(stored)
    assert not old.alerts_recorded
    figures = compute(old)
    assert not figures.alerts_recorded


def test_every_synced_table_has_a_printed_name_in_both_languages():
    """The sync section lists the outbox per table: no table may print as its code."""
    from desktop_app.protocol.codec import synced_tables
    from desktop_app.reports.labels import term

    for table in synced_tables():
        assert term(table, "zh") != table and term(table, "en") != table, table


def an_episode_answered_after(post, minutes: int, reference: str) -> None:
    """A citizen waits until ``minutes`` after amber (15), when P-IN-2 opens; then served,
    the wave ends and P-IN-2 closes again.  Red if the wait passed 25 minutes."""
    spare = post.lane_by_code("P-IN-2")
    first = join(post, reference, post.lane)
    post.clock.advance(minutes=15 + minutes)
    alerts.follow(post.desk, force=True)
    lanes.set_open(post.desk, lane_id=spare.id, open_=True, by=post.officer.id)
    post.clock.advance(minutes=1)
    serve(post, first)
    post.clock.advance(minutes=alerts.QUIET.total_seconds() / 60 + 1)
    alerts.follow(post.desk, force=True)
    lanes.set_open(post.desk, lane_id=spare.id, open_=False, by=post.officer.id)
    post.clock.advance(minutes=5)


def test_alerts_per_day_and_the_response_p90_agree_in_stats_and_reports(post, tmp_path, capsys):
    for minutes, reference in ((2, "E1000001"), (4, "E1000002"), (12, "E1000003")):
        an_episode_answered_after(post, minutes, reference)
    today = post.desk.local_time(post.clock.at).date()
    yesterday = today - timedelta(days=1)
    # The shift report: three episodes, one red; responses 2, 4 and 12 minutes:
    # median 4, P90 10.4 (inclusive percentiles, as every figure of the reports).
    en = reports.build_shift_report(post.desk, post.shift.id, tmp_path / "en.pdf", "en")
    text = spaced_text(en.path)
    assert "3 alert episodes (red 1, acknowledged 0, still running at the as-of time 0)" in text
    assert "median 4.0, P90 10.4." in text
    # ``stats --by day``: the same count per day, by the day each started.
    base = ["--data-dir", str(post.desk.data_dir), "stats", "--by", "day"]
    period = ["--from", str(yesterday), "--to", str(today), "--as-of", post.clock.at.isoformat()]
    assert cli.main([*base, *period, "--json"]) == 0
    days = json.loads(capsys.readouterr().out)["days"]
    assert [(d["day"], d["alerts"], d["alerts_red"]) for d in days] == [
        (str(yesterday), 0, 0),
        (str(today), 3, 1),
    ]
    assert cli.main([*base, *period]) == 0
    out = capsys.readouterr().out
    assert f"{today} queue alerts 3 (1 red)" in " ".join(out.split())
    assert f"{yesterday} queue alerts 0 (0 red)" in " ".join(out.split())
    # The daily report's seven-day trend: "3 (1)" in today's row, nothing on the day before.
    daily = reports.build_daily_report(post.desk, today, tmp_path / "day.pdf", "en")
    with pdfplumber.open(daily.path) as pdf:
        lines = [line for p in pdf.pages for line in (p.extract_text() or "").splitlines()]
    trend = [re.fullmatch(r"(\d\d-\d\d) .* (\d+) \((\d+)\)", line) for line in lines]
    rows = {m[1]: (int(m[2]), int(m[3])) for m in trend if m}
    assert len(rows) == 7
    assert rows[f"{today:%m-%d}"] == (3, 1) and rows[f"{yesterday:%m-%d}"] == (0, 0)
