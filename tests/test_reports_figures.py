"""Report statistics against figures worked out by hand (see test_reports_dataset.py)."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from test_reports_dataset import DAY1, DAY2, HANDOVER, build_dataset, utc

from db.models import OutboxEntry
from desktop_app import reports, stats
from desktop_app.reports import snapshot
from desktop_app.reports.figures import Figures

MIN = 60.0


def type7(values: list[float], q: float) -> float:
    """Hyndman & Fan type 7, written out: the report's documented definition."""
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    made = build_dataset(tmp_path_factory.mktemp("reports") / "post")
    yield made
    made.post.desk.close()


@pytest.fixture(scope="module")
def shift_a(data) -> Figures:
    return reports.shift_figures(data.post.desk, data.shift_a)


def row(rows, key):
    return next(r for r in rows if r.key == key)


def test_percentile_definition_matches_the_written_out_formula():
    waits = [2 * MIN, 5 * MIN, 20 * MIN, 35 * MIN, 45 * MIN]
    summary = stats.summarize(waits)
    assert summary.p50 == pytest.approx(type7(waits, 0.5)) == pytest.approx(20 * MIN)
    assert summary.p90 == pytest.approx(type7(waits, 0.9)) == pytest.approx(41 * MIN)
    assert summary.p95 == pytest.approx(type7(waits, 0.95)) == pytest.approx(43 * MIN)


def test_shift_period_crosses_midnight_in_shanghai(shift_a):
    period = shift_a.snapshot.period
    assert (period.start, period.end, period.final) == (utc(10, 12), utc(11, 0), True)
    zone = shift_a.snapshot.zone
    assert period.start.astimezone(zone).strftime("%m-%d %H:%M") == "03-10 20:00"
    assert period.end.astimezone(zone).strftime("%m-%d %H:%M") == "03-11 08:00"


def test_shift_volumes(shift_a):
    k = shift_a.key
    # C1-C8 and V1 joined; the undone scan X is not a clearance.
    assert (k.subjects, k.persons, k.vehicles, k.trains) == (9, 8, 1, 0)
    assert (k.referred, k.refused, k.unfinished) == (1, 1, 1)
    category = shift_a.volumes["category"]
    assert [r.key for r in category] == ["chinese_citizen", "foreign_national", "vehicle"]
    citizens = row(category, "chinese_citizen")
    assert (citizens.joined, citizens.cleared, citizens.referred, citizens.unfinished) == (
        6,
        4,
        1,
        1,
    )
    foreign = row(category, "foreign_national")
    assert (foreign.joined, foreign.cleared, foreign.refused) == (2, 1, 1)
    assert [(r.key, r.joined) for r in shift_a.volumes["direction"]] == [("entry", 9)]
    assert [(r.key, r.joined) for r in shift_a.volumes["subject"]] == [
        ("person", 8),
        ("vehicle", 1),
    ]
    assert [(r.key, r.joined) for r in shift_a.volumes["lane_kind"]] == [
        ("regular", 8),
        ("green", 1),
    ]


def test_shift_waits_per_category(shift_a):
    citizens = row(shift_a.times, "chinese_citizen")
    # waits 2, 5, 20 (after the correction), 35, 45 minutes; C7 joined 17:00 and was still
    # waiting at the close (00:00): 420 minutes so far, a breach counted with that bound
    waits = [2, 5, 20, 35, 45, 420]
    assert citizens.wait.count == 6
    assert citizens.wait.p50 == pytest.approx(type7(waits, 0.5) * MIN) == pytest.approx(27.5 * MIN)
    assert citizens.wait.p90 == pytest.approx(type7(waits, 0.9) * MIN) == pytest.approx(232.5 * MIN)
    assert citizens.wait.p95 == pytest.approx(type7(waits, 0.95) * MIN)
    assert citizens.wait.max == pytest.approx(420 * MIN)
    assert citizens.wait.within_target == pytest.approx(0.5)
    assert (citizens.wait.unserved, citizens.wait.waiting_over_target) == (1, 1)
    assert [b.reference for b in citizens.wait.breaches] == ["Q003", "Q006", "Q007"]
    # totals 3, 7, 25, 40, 50
    assert citizens.total.p50 == pytest.approx(25 * MIN)
    assert citizens.total.p90 == pytest.approx(46 * MIN)
    assert citizens.total_over_target == 2

    foreign = row(shift_a.times, "foreign_national")  # waits 1 and 20
    assert foreign.wait.p50 == pytest.approx(10.5 * MIN)
    assert foreign.wait.p90 == pytest.approx(18.1 * MIN)
    assert foreign.wait.p95 == pytest.approx(19.05 * MIN)
    assert foreign.wait.within_target == 1.0
    vehicle = row(shift_a.times, "vehicle")  # one: wait 10, total exactly 30 (not over)
    assert (vehicle.wait.p50, vehicle.wait.p90, vehicle.wait.max) == (10 * MIN,) * 3
    assert vehicle.total.max == 30 * MIN and vehicle.total_over_target == 0
    assert vehicle.target.minutes == 45 and vehicle.own.within_target == 1.0  # Torugart's
    # never one figure over everyone: citizens and the others apart
    assert "all" not in shift_a.categories
    assert [h.group for h in shift_a.key.headline] == [
        "chinese_citizen",
        "other_travellers",
        "vehicle",
    ]
    citizen = shift_a.key.group("chinese_citizen")
    assert citizen.figures.p90 == pytest.approx(232.5 * MIN)
    assert citizen.figures.within_target == pytest.approx(0.5)
    assert citizen.figures.waiting_over_target == 1
    others = shift_a.key.group("other_travellers")  # Q004 waited 1 minute, Q005 20
    assert (others.joined, others.figures.p90) == (2, pytest.approx(type7([1, 20], 0.9) * MIN))


def test_same_numbers_as_the_stats_screen(data, shift_a):
    """The report and ``stats.wait_stats`` (the screens) agree on a whole local day."""
    day = reports.daily_figures(data.post.desk, DAY1)
    period = day.snapshot.period
    screen = stats.wait_stats(data.post.desk, period.start, period.end, as_of=period.as_of)
    for t in day.times:
        assert (t.wait.count, t.wait.p90, len(t.wait.breaches)) == (
            screen.groups[t.key].count,
            screen.groups[t.key].p90,
            len(screen.groups[t.key].breaches),
        )


def test_breach_list(shift_a):
    assert [
        (b.clearance.reference, b.category, b.wait_s / MIN, b.still_waiting)
        for b in shift_a.breaches
    ] == [
        ("Q003", "chinese_citizen", 35.0, False),
        ("Q006", "chinese_citizen", 45.0, False),
        ("Q007", "chinese_citizen", 420.0, True),  # still waiting at the close
    ]
    summary = shift_a.breach_summary
    assert summary.by_group == {"chinese_citizen": (3, 1)}
    assert summary.by_lane == {"P-IN-1": 3}
    assert [b.clearance.reference for b in summary.longest] == ["Q007", "Q006", "Q003"]


def test_lanes_open_and_throughput(shift_a):
    by_code = {t.lane.code: t for t in shift_a.lanes}
    assert set(by_code) == {"P-IN-1", "P-IN-2", "GREEN", "V-IN-1", "PRIORITY"}
    assert by_code["P-IN-1"].open_hours == pytest.approx(12)
    assert by_code["P-IN-1"].finished == 6  # C1-C6 (C7 never served)
    assert by_code["P-IN-1"].per_open_hour == pytest.approx(0.5)
    assert by_code["GREEN"].open_hours == pytest.approx(3)
    assert by_code["P-IN-2"].open_hours == pytest.approx(1)
    assert by_code["P-IN-2"].finished == 0
    assert by_code["PRIORITY"].open_hours == pytest.approx(9 + 20 / 60)
    hours = shift_a.hours
    assert len(hours) == 12
    assert hours[0].start == utc(10, 12)
    assert [h.arrivals for h in hours[:6]] == [4, 1, 1, 1, 1, 1]
    assert hours[0].lanes_open == pytest.approx(3)  # P-IN-1, V-IN-1, GREEN
    assert hours[1].lanes_open == pytest.approx(4)  # and P-IN-2
    assert hours[2].lanes_open == pytest.approx(3 + 20 / 60)  # P-IN-2 shut, PRIORITY at :40
    assert hours[0].wait_p90["chinese_citizen"] == pytest.approx(type7([5, 20, 35], 0.9) * MIN)
    changes = [(c.at, c.opened) for c in shift_a.lane_history]
    assert changes[0] == (utc(10, 12), True) and len(changes) == 7


def test_forecast_vs_actual(shift_a):
    rows = {r.forecast.reference: r for r in shift_a.forecasts}
    assert rows["新Q·12345"].status == "on_time"
    assert rows["新Q·12345"].delay_s == 10 * MIN
    assert (
        rows["新Q·12345"].forecast.actual_vehicles,
        rows["新Q·12345"].forecast.actual_persons,
    ) == (
        1,
        0,
    )
    assert rows["KG 01·777"].status == "no_show"
    assert rows["车队 101"].status == "early"
    assert rows["车队 101"].delay_s == -40 * MIN
    summary = shift_a.forecast_summary
    assert summary.total == 3
    assert (summary.by_status["on_time"], summary.by_status["early"]) == (1, 1)
    assert summary.by_status["no_show"] == 1
    assert summary.matched == 1
    assert summary.unforecast == {"person": 8}


def test_special_channels_approvals_emergencies(data, shift_a):
    assert [(c.kind, c.volume.joined, c.wait.p50) for c in shift_a.channels] == [
        ("green", 1, 2 * MIN)
    ]
    (passage,) = shift_a.emergencies
    assert (passage.kind, passage.action_taken, passage.outcome) == (
        "altitude_sickness",
        "吸氧，医务室观察",
        "症状缓解后通关",
    )
    assert passage.lane_code == "EMERGENCY"
    (approval,) = shift_a.approvals
    assert approval.id == data.approval_id
    assert (approval.requester.badge_no, approval.approver.badge_no) == ("2001", "1002")
    assert (approval.decision, approval.used, approval.note) == ("approved", True, "同意")


def test_checklist_latest_result_and_handover(shift_a):
    checks = {c.item_code: c for c in shift_a.checks}
    assert checks["equipment"].result == "fail"
    assert checks["equipment"].note == "P-IN-1 读卡器故障"
    assert checks["oxygen_kit"].result == "pass"  # Torugart is a plateau port
    (shift,) = shift_a.shifts
    assert shift.handover_notes == HANDOVER
    assert shift.closed_by.badge_no == "1001"


def test_sync_state_counts_acked_and_pending(tmp_path):
    made = build_dataset(tmp_path / "post")
    desk = made.post.desk
    day = reports.daily_figures(desk, DAY1)
    start, end = day.snapshot.period.start, day.snapshot.period.end
    with desk.unit() as s:  # as if HQ had acknowledged the first part of the day's entries
        s.execute(
            update(OutboxEntry)
            .where(OutboxEntry.created_at >= start, OutboxEntry.created_at < utc(10, 14))
            .values(acked_at=utc(10, 14, 5))
        )
        # and some more only after the day was over: not in the day's figures
        s.execute(
            update(OutboxEntry)
            .where(OutboxEntry.created_at >= utc(10, 14), OutboxEntry.created_at < utc(10, 15))
            .values(acked_at=utc(12, 0, 30))
        )
        total = s.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.created_at >= start, OutboxEntry.created_at < end)
        )
        acked = s.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.created_at >= start, OutboxEntry.created_at < utc(10, 14))
        )
    figures = reports.daily_figures(desk, DAY1)
    assert figures.snapshot.period.as_of == utc(11, 0)  # final when its night shift closed
    assert sum(c.total for c in figures.sync) == total
    assert sum(c.acked for c in figures.sync) == acked > 0
    assert sum(c.pending for c in figures.sync) == total - acked
    assert max(c.last_acked for c in figures.sync if c.last_acked) == utc(10, 14, 5)
    clearance_events = next(c for c in figures.sync if c.entity == "clearance_events")
    assert clearance_events.oldest_pending >= utc(10, 14)
    made.post.desk.close()


def test_only_breaches_shift(data):
    f = reports.shift_figures(data.post.desk, data.shift_b)
    assert [(t.key, t.wait.count, t.wait.within_target) for t in f.times] == [
        ("foreign_national", 1, 0.0),
        ("vehicle", 1, 0.0),
    ]
    # The vehicle waited 31 minutes: over 30, within Torugart's 45 for vehicles.
    assert [b.wait_s / MIN for b in f.breaches] == [40.0]
    assert row(f.times, "vehicle").own.breaches == []
    citizens = f.key.group("chinese_citizen")
    assert citizens.joined == 0 and citizens.figures.p90 is None
    assert f.key.group("other_travellers").figures.breaches[0].reference == "Q009"
    assert row(f.times, "foreign_national").wait.p95 == 40 * MIN


def test_empty_shift(data):
    f = reports.shift_figures(data.post.desk, data.shift_c)
    assert f.key.subjects == 0 and f.times == [] and f.breaches == []
    assert f.forecasts == [] and f.channels == [] and f.approvals == ()
    assert all(h.arrivals == 0 for h in f.hours) and len(f.hours) == 1
    assert {c.result for c in f.checks} == {"pass"}


def test_days_split_at_local_midnight(data):
    desk = data.post.desk
    day1 = reports.daily_figures(desk, DAY1)
    day2 = reports.daily_figures(desk, DAY2)
    assert day1.snapshot.period.start == utc(9, 16) and day1.snapshot.period.final
    refs1 = sorted(c.reference for c in day1.snapshot.clearances)
    refs2 = sorted(c.reference for c in day2.snapshot.clearances)
    # C5 joined 23:50 local on the 10th (served after midnight): the 10th's
    assert refs1 == ["Q001", "Q002", "Q003", "Q004", "Q005", "Q008", "新Q·12345"]
    assert refs2 == ["KG 02·1010", "Q006", "Q007", "Q009"]
    # the night shift belongs to both days; the 11th also has B and C
    assert [s.id for s in day1.snapshot.shifts] == [data.shift_a]
    assert [s.id for s in day2.snapshot.shifts] == [data.shift_a, data.shift_b, data.shift_c]
    # 24 local hours, from 00:00 local
    assert len(day2.hours) == 24 and day2.hours[0].start == utc(10, 16)
    citizens2 = row(day2.times, "chinese_citizen")
    # Q006 waited 45 min; Q007 still waiting when the day became final (its midnight, 16:00 UTC)
    assert day2.snapshot.period.as_of == utc(11, 16)
    assert (citizens2.wait.count, citizens2.wait.max, citizens2.wait.unserved) == (
        2,
        (utc(11, 16) - utc(10, 17)).total_seconds(),
        1,
    )
    # lanes open at the 11th's local midnight: P-IN-1, V-IN-1, PRIORITY
    codes = {lane.id: lane.code for lane in day2.snapshot.lanes}
    assert sorted(codes[i] for i in day2.snapshot.open_at_start) == ["P-IN-1", "PRIORITY", "V-IN-1"]
    # approvals and emergencies of a day go by their own time
    assert len(day1.approvals) == 1 and len(day2.approvals) == 0
    assert len(day1.emergencies) == 1


def test_day_in_progress_is_provisional(data):
    desk = data.post.desk
    clock = data.post.clock
    saved = clock.at
    clock.at = utc(11, 2)  # 10:00 local on the 11th
    try:
        period = snapshot.day_period(desk, DAY2, clock.at)
        assert not period.final and period.until == utc(11, 2) and period.end == utc(11, 16)
    finally:
        clock.at = saved


def test_data_hash_tracks_the_data(data):
    desk = data.post.desk
    now = data.post.clock.at
    first = snapshot.data_hash(snapshot.load_shift(desk, data.shift_b, as_of=now))
    assert first == snapshot.data_hash(snapshot.load_shift(desk, data.shift_b, as_of=now))
    assert len(first) == 12
    assert first != snapshot.data_hash(snapshot.load_shift(desk, data.shift_c, as_of=now))


def test_unknown_shift_is_reported(data):
    import uuid

    with pytest.raises(reports.ReportNotFound):
        reports.shift_figures(data.post.desk, uuid.uuid4())


def test_generated_at_is_derived_from_the_data(data):
    now = data.post.clock.at
    snap = snapshot.load_shift(data.post.desk, data.shift_b, as_of=now)
    assert snap.latest_moment() == utc(11, 4) == snap.period.as_of  # the close
    snap_a = snapshot.load_shift(data.post.desk, data.shift_a, as_of=now)
    assert snap_a.latest_moment() >= utc(11, 0) - timedelta(seconds=1)


def test_open_shift_is_provisional(post, tmp_path):
    """The fixture's shift is still open: its report runs to now and says so."""
    result = reports.build_shift_report(post.desk, post.shift.id, tmp_path / "open.pdf")
    assert not result.final
    figures = reports.shift_figures(post.desk, post.shift.id)
    period = figures.snapshot.period
    assert (period.until, period.as_of) == (post.clock.at, post.clock.at)
    assert period.end == post.shift.planned_end  # the period is the plan; the data runs to now
    assert figures.lanes[0].open_hours == pytest.approx(2)  # opened two hours ago


def test_hours_follow_the_local_clock_across_a_dst_change():
    """Ports are on Beijing time today; a zone with DST still gets one bin per real hour."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from desktop_app.reports.figures import hourly
    from desktop_app.reports.snapshot import Period, PortInfo, Snapshot

    zone = ZoneInfo("Europe/Berlin")  # 2026-03-29: clocks go forward, a 23-hour day
    start = datetime(2026, 3, 29, tzinfo=zone)
    end = datetime(2026, 3, 30, tzinfo=zone)
    snap = Snapshot(
        port=PortInfo("XXX", "测试", "Test", "测试站", "Europe/Berlin", True),
        period=Period("day", start, end, date(2026, 3, 29), True, end),
        shifts=(),
        lanes=(),
        open_at_start=(),
        lane_changes=(),
        clearances=(),
        finishes=(),
        forecasts=(),
        approvals=(),
        emergencies=(),
        checks=(),
        sync=(),
        targets=(),
    )
    bins = hourly(snap)
    assert len(bins) == 23
    labels = [b.start.astimezone(zone).hour for b in bins]
    assert labels[:4] == [0, 1, 3, 4]  # 02:00 does not exist that night


def test_statistics_import_neither_qt_nor_reportlab():
    import subprocess
    import sys

    code = (
        "import sys, desktop_app.reports.figures, desktop_app.reports.snapshot;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('reportlab', 'PySide6')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    code = (
        "import sys, desktop_app.reports, desktop_app.cli;"
        "desktop_app.reports.build_shift_report;"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_trend_reads_the_same_clearances_times_only(data):
    """``queries.timings`` (the 7-day trend) folds the events exactly as ``clearances``."""
    from db import queries

    desk = data.post.desk
    with desk.read() as s:
        full = queries.clearances(s, desk.port_id, utc(9, 0), utc(12, 0))
        light = queries.timings(s, desk.port_id, utc(9, 0), utc(12, 0))
    assert [
        (c.subject_kind, c.traveller_category, c.joined_at, c.started_at, c.finished_at)
        for c in full
    ] == [
        (t.subject_kind, t.traveller_category, t.joined_at, t.started_at, t.finished_at)
        for t in light
    ]
    assert len(light) == 11  # the undone scan is not there; C2's corrected start is
