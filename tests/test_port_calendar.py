"""A port's calendar: open, suspended or seasonal with dates, and its daily hours, at any moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from conftest import Post

from db.enums import PortStatus
from desktop_app import port_calendar
from desktop_app.errors import RuleViolation
from desktop_app.port_calendar import Calendar, Closed, status_of


def cal(status=PortStatus.OPEN, first=None, last=None, opens=time(9), closes=time(21)) -> Calendar:
    return Calendar("TRG", "Asia/Shanghai", status, first, last, opens, closes, "", 1)


def at(local: str) -> datetime:
    """A moment given in Beijing time (UTC+8)."""
    return datetime.fromisoformat(local + "+08:00").astimezone(UTC)


def test_open_within_the_daily_hours_only():
    assert status_of(cal(), at("2026-12-02 08:59")).reason == Closed.HOURS
    assert status_of(cal(), at("2026-12-02 09:00")).is_open
    assert status_of(cal(), at("2026-12-02 20:59")).is_open
    closed = status_of(cal(), at("2026-12-02 21:00"))
    assert not closed.is_open and closed.reason == Closed.HOURS and closed.day_open
    assert status_of(cal(opens=None, closes=None), at("2026-12-02 03:00")).is_open


def test_hours_past_midnight_belong_to_the_day_they_began():
    night = cal(opens=time(20), closes=time(2))
    assert status_of(night, at("2026-12-02 23:30")).is_open
    assert status_of(night, at("2026-12-03 01:59")).is_open
    assert not status_of(night, at("2026-12-03 02:00")).is_open
    # Suspended from the 3rd: the night that began on the 2nd still runs to 02:00.
    stopped = cal(PortStatus.SUSPENDED, date(2026, 12, 3), None, time(20), time(2))
    assert status_of(stopped, at("2026-12-03 01:00")).is_open
    assert status_of(stopped, at("2026-12-03 21:00")).reason == Closed.SUSPENDED


def test_seasonal_is_open_from_the_first_to_the_last_day_only():
    season = cal(PortStatus.SEASONAL, date(2027, 4, 1), date(2027, 11, 30))
    assert status_of(season, at("2027-03-31 12:00")).reason == Closed.SEASON
    assert status_of(season, at("2027-04-01 12:00")).is_open
    assert status_of(season, at("2027-11-30 20:00")).is_open
    assert status_of(season, at("2027-12-01 12:00")).reason == Closed.SEASON
    assert not status_of(season, at("2027-12-01 12:00")).day_open
    assert len(port_calendar.open_days(season, date(2027, 3, 30), date(2027, 4, 2))) == 2


def test_suspended_with_and_without_dates():
    until_notice = cal(PortStatus.SUSPENDED)
    assert status_of(until_notice, at("2030-01-01 12:00")).reason == Closed.SUSPENDED
    planned = cal(PortStatus.SUSPENDED, date(2026, 12, 24), date(2026, 12, 26))
    assert status_of(planned, at("2026-12-23 12:00")).is_open
    assert status_of(planned, at("2026-12-24 12:00")).reason == Closed.SUSPENDED
    assert status_of(planned, at("2026-12-27 12:00")).is_open


def test_what_hq_may_set_each_rule_naming_its_field():
    def check(**given):
        values = {"status": "open", "first_day": None, "last_day": None}
        values |= {"opens_at": time(9), "closes_at": time(21)} | given
        return port_calendar.validated(**values)

    for given, field in (
        ({"status": "closed"}, "status"),
        ({"status": "seasonal"}, "first_day"),
        ({"status": "seasonal", "first_day": date(2027, 4, 1)}, "last_day"),
        (
            {"status": "suspended", "first_day": date(2027, 4, 2), "last_day": date(2027, 4, 1)},
            "last_day",
        ),
        ({"closes_at": None}, "closes_at"),
        ({"opens_at": time(9), "closes_at": time(9)}, "closes_at"),
        ({"note": "x" * 501}, "note"),
    ):
        with pytest.raises(RuleViolation) as error:
            check(**given)
        assert error.value.field == field, given
    # An open port has no dates, whatever the form still held.
    assert check(first_day=date(2027, 1, 1))["first_day"] is None
    assert (
        check(status="seasonal", first_day=date(2027, 4, 1), last_day=date(2027, 11, 30))[
            "first_day"
        ]
        == "2027-04-01"
    )


def test_a_new_post_holds_the_seeded_calendar_from_ports_csv(post: Post):
    seeded = port_calendar.calendar(post.desk)
    assert seeded.status == PortStatus.OPEN and seeded.version == 1
    assert (seeded.opens_at, seeded.closes_at) == (time(9), time(21))  # TRG in ports.csv
    now = port_calendar.status_at(post.desk, at("2026-12-02 12:00"))
    assert now.is_open and now.calendar == seeded
