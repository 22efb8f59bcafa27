"""Pre-inspection forecasts (desktop_app/forecasts.py): validation, arrival, the local day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import Clock
from sqlalchemy import select

from db.enums import Direction, ForecastStatus, Mode, SizeMethod
from db.models import AuditEntry, Forecast
from desktop_app import forecasts
from desktop_app.errors import RuleViolation
from desktop_app.forecasts import Arrival
from tests.helpers.rules import assert_violation, row_counter

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2025-06-10 15:00 UTC is 23:00 on 10 June in Torugart's zone (UTC+8): the
# port's day and the UTC day differ for the next hour.
NOW = datetime(2025, 6, 10, 15, 0, tzinfo=UTC)
TABLES = ("forecasts", "outbox", "audit_entries")


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


snapshot = row_counter(TABLES)


def local(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).astimezone(UTC)


def add(post, reference="K-101", *, expected_at=None, **kw):
    values = {
        "mode": Mode.ROAD,
        "reference": reference,
        "direction": Direction.ENTRY,
        "expected_at": expected_at or post.clock.at + timedelta(hours=1),
        "by": post.officer.id,
        "expected_travellers": 40,
        "expected_vehicles": 1,
    }
    values.update(kw)
    return forecasts.add(post.desk, **values)


def forecast_row(post, forecast_id):
    with post.desk.read() as s:
        return s.get(Forecast, forecast_id)


# -- add and validation -----------------------------------------------------------


def test_add_stores_an_expected_forecast_and_audits_it(post):
    counts = snapshot(post)
    f = add(post, "  K-101 ", carrier="Kashgar Bus Co.")
    assert f.reference == "K-101"
    assert f.status == ForecastStatus.EXPECTED
    assert f.expected_at == NOW + timedelta(hours=1)
    assert post.count("forecasts") == counts["forecasts"] + 1
    with post.desk.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "forecast.added")).one()
    assert entry.entity_id == f.id
    assert entry.detail == {"reference": "K-101"}


@pytest.mark.parametrize(
    ("kw", "field", "rule"),
    [
        ({"reference": ""}, "reference", "required"),
        ({"reference": "   "}, "reference", "required"),
        ({"reference": "X" * 41}, "reference", "too_long"),
        ({"carrier": "C" * 81}, "carrier", "too_long"),
        ({"expected_travellers": -1}, "expected_travellers", "out_of_range"),
        ({"expected_travellers": 5_001}, "expected_travellers", "out_of_range"),
        ({"expected_vehicles": -1}, "expected_vehicles", "out_of_range"),
        ({"expected_vehicles": 501}, "expected_vehicles", "out_of_range"),
        ({"expected_vehicles": 2.5}, "expected_vehicles", "wrong_type"),
        (
            {"expected_at": NOW + timedelta(days=60, seconds=1)},
            "expected_at",
            "out_of_range",
        ),
        ({"expected_at": NOW - timedelta(days=2, seconds=1)}, "expected_at", "too_old"),
        ({"expected_at": NOW.replace(tzinfo=None) + timedelta(hours=1)}, "expected_at", "required"),
        ({"mode": "road"}, "mode", "choice"),
        ({"direction": "entry"}, "direction", "choice"),
    ],
)
def test_add_validation(post, kw, field, rule):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        add(post, **kw)
    assert_violation(e, field, rule)
    assert snapshot(post) == counts


def test_add_at_the_limits_is_accepted(post):
    add(post, "A" * 40, expected_travellers=5_000, expected_vehicles=500)
    add(post, "B", expected_at=NOW + timedelta(days=60))
    add(post, "C", expected_at=NOW - timedelta(days=2))
    assert post.count("forecasts") == 3


# -- update -------------------------------------------------------------------------


def test_update_changes_the_record_and_audits_the_old_values(post):
    f = add(post)
    counts = snapshot(post)
    updated = forecasts.update(
        post.desk, forecast_id=f.id, by=post.officer.id, reference="K-102", expected_travellers=12
    )
    assert updated.reference == "K-102"
    assert updated.expected_travellers == 12
    assert updated.version == f.version + 1
    assert post.count("forecasts") == counts["forecasts"]
    with post.desk.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "forecast.updated")).one()
    assert entry.detail["before"] == {"reference": "K-101", "expected_travellers": "40"}


@pytest.mark.parametrize("name", ["status", "arrived_at", "port_id", "colour"])
def test_update_of_an_unknown_or_protected_field_is_choice(post, name):
    f = add(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        forecasts.update(post.desk, forecast_id=f.id, by=post.officer.id, **{name: "x"})
    assert_violation(e, name, "choice")
    assert snapshot(post) == counts


def test_update_with_a_bad_value_changes_nothing(post):
    f = add(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        forecasts.update(
            post.desk, forecast_id=f.id, by=post.officer.id, reference="K-9", expected_vehicles=999
        )
    assert_violation(e, "expected_vehicles", "out_of_range")
    assert snapshot(post) == counts
    row = forecast_row(post, f.id)
    assert (row.reference, row.expected_vehicles, row.version) == ("K-101", 1, 1)


# -- arrival and cancellation ---------------------------------------------------------


def test_mark_arrived_then_a_second_mark_is_forecast_state(post):
    f = add(post, expected_at=NOW - timedelta(minutes=30))
    arrived = forecasts.mark_arrived(
        post.desk, forecast_id=f.id, by=post.officer.id, at=NOW - timedelta(minutes=20)
    )
    assert arrived.status == ForecastStatus.ARRIVED
    assert arrived.arrived_at == NOW - timedelta(minutes=20)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        forecasts.mark_arrived(post.desk, forecast_id=f.id, by=post.officer.id)
    assert_violation(e, "forecast_id", "forecast_state")
    assert e.value.detail == {"status": "arrived"}
    assert snapshot(post) == counts
    assert forecast_row(post, f.id).arrived_at == NOW - timedelta(minutes=20)


def test_mark_arrived_in_the_future_is_in_future(post):
    f = add(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        forecasts.mark_arrived(
            post.desk, forecast_id=f.id, by=post.officer.id, at=NOW + timedelta(minutes=3)
        )
    assert_violation(e, "arrived_at", "in_future")
    assert snapshot(post) == counts


def test_cancel_needs_a_reason(post):
    f = add(post)
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        forecasts.cancel(post.desk, forecast_id=f.id, by=post.officer.id, reason="")
    assert_violation(e, "reason", "required")
    assert snapshot(post) == counts
    assert forecast_row(post, f.id).status == ForecastStatus.EXPECTED


def test_cancel_then_arrival_or_second_cancel_is_forecast_state(post):
    f = add(post)
    cancelled = forecasts.cancel(
        post.desk, forecast_id=f.id, by=post.officer.id, reason="bus broke down"
    )
    assert cancelled.status == ForecastStatus.CANCELLED
    assert forecasts.arrival_status(cancelled, NOW) == Arrival.CANCELLED
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        forecasts.mark_arrived(post.desk, forecast_id=f.id, by=post.officer.id)
    assert_violation(e, "forecast_id", "forecast_state")
    with pytest.raises(RuleViolation) as e:
        forecasts.cancel(post.desk, forecast_id=f.id, by=post.officer.id, reason="again")
    assert_violation(e, "forecast_id", "forecast_state")
    assert snapshot(post) == counts


def test_an_arrived_forecast_cannot_be_cancelled(post):
    f = add(post, expected_at=NOW - timedelta(minutes=5))
    forecasts.mark_arrived(post.desk, forecast_id=f.id, by=post.officer.id)
    with pytest.raises(RuleViolation) as e:
        forecasts.cancel(post.desk, forecast_id=f.id, by=post.officer.id, reason="oops")
    assert_violation(e, "forecast_id", "forecast_state")
    assert forecast_row(post, f.id).status == ForecastStatus.ARRIVED


@pytest.mark.parametrize(
    ("arrived_minus_expected", "status"),
    [
        (timedelta(minutes=-15, seconds=-1), Arrival.EARLY),
        (timedelta(minutes=-15), Arrival.ON_TIME),
        (timedelta(0), Arrival.ON_TIME),
        (timedelta(minutes=15), Arrival.ON_TIME),
        (timedelta(minutes=15, seconds=1), Arrival.LATE),
    ],
)
def test_arrival_status_with_15_minute_tolerance(post, arrived_minus_expected, status):
    expected_at = NOW - timedelta(hours=1)
    f = add(post, expected_at=expected_at)
    forecasts.mark_arrived(
        post.desk, forecast_id=f.id, by=post.officer.id, at=expected_at + arrived_minus_expected
    )
    [line] = forecasts.board(post.desk, NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert line.arrival == status
    assert line.delay_s == arrived_minus_expected.total_seconds()


def test_not_arrived_is_expected_until_15_minutes_past_then_overdue(post, clock):
    f = add(post, expected_at=NOW + timedelta(minutes=10))

    def status():
        [line] = forecasts.board(post.desk, NOW - timedelta(days=1), NOW + timedelta(days=1))
        assert line.forecast.id == f.id
        assert line.delay_s is None
        return line.arrival

    assert status() == Arrival.EXPECTED
    clock.advance(minutes=25)  # expected + 15 min
    assert status() == Arrival.EXPECTED
    clock.advance(seconds=1)
    assert status() == Arrival.OVERDUE


# -- the port's local day ------------------------------------------------------------


def test_local_day_bounds_are_midnight_in_the_ports_zone():
    class FakeDesk:
        port_zone = SHANGHAI

    start, end = forecasts.local_day_bounds(FakeDesk(), date(2025, 6, 10))
    assert start == datetime(2025, 6, 9, 16, 0, tzinfo=UTC)
    assert end == datetime(2025, 6, 10, 16, 0, tzinfo=UTC)


def test_local_day_bounds_of_the_post(post):
    assert str(post.desk.port_zone) == "Asia/Shanghai"
    start, end = forecasts.local_day_bounds(post.desk, date(2025, 6, 10))
    assert (start, end) == (
        datetime(2025, 6, 9, 16, 0, tzinfo=UTC),
        datetime(2025, 6, 10, 16, 0, tzinfo=UTC),
    )


def test_board_groups_forecasts_by_the_ports_local_day(post):
    day = date(2025, 6, 10)
    late_evening = add(post, "LATE", expected_at=local(day, 23, 30))
    after_midnight = add(post, "NEXT", expected_at=local(day + timedelta(days=1), 0, 30))
    early_morning = add(post, "EARLY", expected_at=local(day, 7, 0))
    # In UTC all three fall on other days than in Torugart:
    assert late_evening.expected_at == datetime(2025, 6, 10, 15, 30, tzinfo=UTC)
    assert after_midnight.expected_at == datetime(2025, 6, 10, 16, 30, tzinfo=UTC)
    assert early_morning.expected_at == datetime(2025, 6, 9, 23, 0, tzinfo=UTC)

    that_day = forecasts.board(post.desk, *forecasts.local_day_bounds(post.desk, day))
    assert [line.forecast.reference for line in that_day] == ["EARLY", "LATE"]
    next_day = forecasts.board(
        post.desk, *forecasts.local_day_bounds(post.desk, day + timedelta(days=1))
    )
    assert [line.forecast.reference for line in next_day] == ["NEXT"]


def test_today_is_the_ports_local_day(post):
    # NOW is 23:00 on 10 June in Torugart (15:00 UTC)
    day = date(2025, 6, 10)
    add(post, "LATE", expected_at=local(day, 23, 30))
    add(post, "NEXT", expected_at=local(day + timedelta(days=1), 0, 30))
    add(post, "YESTERDAY", expected_at=local(day - timedelta(days=1), 23, 30))
    add(post, "DAY-AFTER", expected_at=local(day + timedelta(days=2), 0, 30))

    assert [x.forecast.reference for x in forecasts.today(post.desk, upcoming_days=0)] == ["LATE"]
    assert [x.forecast.reference for x in forecasts.today(post.desk)] == ["LATE", "NEXT"]


def test_cancelled_forecasts_stay_on_the_board_as_cancelled(post):
    f = add(post, expected_at=local(date(2025, 6, 10), 23, 30))
    forecasts.cancel(post.desk, forecast_id=f.id, by=post.officer.id, reason="border closed")
    [line] = forecasts.today(post.desk, upcoming_days=0)
    assert line.arrival == Arrival.CANCELLED


# -- what a forecast knew and when -------------------------------------------------


def test_announced_and_entered_are_kept_apart(post):
    announced = post.clock.at - timedelta(hours=3)
    made = add(post, announced_at=announced, announced_by="Kyrgyz border service")
    stored = forecast_row(post, made.id)
    assert (stored.announced_at, stored.entered_at) == (announced, post.clock.at)
    assert stored.announced_by == "Kyrgyz border service"
    told_now = add(post, "K-102")  # a notice given as it is entered
    assert forecast_row(post, told_now.id).announced_at == post.clock.at


@pytest.mark.parametrize(
    ("kw", "field", "rule"),
    [
        ({"announced_at": NOW + timedelta(minutes=10)}, "announced_at", "in_future"),
        ({"announced_at": NOW - timedelta(days=61)}, "announced_at", "too_old"),
        ({"announced_at": datetime(2025, 6, 10, 9, 0)}, "announced_at", "required"),
        ({"announced_by": "x" * 81}, "announced_by", "too_long"),
    ],
)
def test_announcement_validation(post, kw, field, rule):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        add(post, **kw)
    assert_violation(e, field, rule)
    assert snapshot(post) == counts


def test_the_actual_size_on_arrival_counted_or_estimated(post):
    made = add(post)
    forecasts.mark_arrived(
        post.desk,
        forecast_id=made.id,
        by=post.officer.id,
        actual_travellers=37,
        actual_vehicles=1,
        actual_method=SizeMethod.COUNTED,
    )
    stored = forecast_row(post, made.id)
    assert (stored.actual_travellers, stored.actual_vehicles, stored.actual_method) == (
        37,
        1,
        SizeMethod.COUNTED,
    )
    later = add(post, "K-103")
    forecasts.mark_arrived(post.desk, forecast_id=later.id, by=post.officer.id)
    assert forecast_row(post, later.id).actual_method is None  # not known yet
    forecasts.record_actual_size(
        post.desk,
        forecast_id=later.id,
        by=post.officer.id,
        actual_travellers=40,
        actual_vehicles=None,
        actual_method=SizeMethod.ESTIMATED,
    )
    stored = forecast_row(post, later.id)
    assert (stored.actual_travellers, stored.actual_method) == (40, SizeMethod.ESTIMATED)
    with post.desk.read() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry))]
    assert "forecast.actual_size" in actions


def test_the_actual_size_refusals(post):
    made = add(post)
    counts = snapshot(post)
    for kw, field, rule in (
        ({"actual_travellers": 12}, "actual_method", "choice"),
        ({"actual_method": SizeMethod.COUNTED}, "actual_travellers", "required"),
        (
            {"actual_travellers": 5001, "actual_method": SizeMethod.COUNTED},
            "actual_travellers",
            "out_of_range",
        ),
    ):
        with pytest.raises(RuleViolation) as e:
            forecasts.mark_arrived(post.desk, forecast_id=made.id, by=post.officer.id, **kw)
        assert_violation(e, field, rule)
    with pytest.raises(RuleViolation) as e:  # the size of a group that has not come
        forecasts.record_actual_size(
            post.desk,
            forecast_id=made.id,
            by=post.officer.id,
            actual_travellers=3,
            actual_vehicles=None,
            actual_method=SizeMethod.COUNTED,
        )
    assert_violation(e, "forecast_id", "forecast_state")
    assert snapshot(post) == counts
