"""How figures are written on the page: minutes, shares, local times, officers.

Rounding is half up (``desktop_app.rounding``), the rule stated on the page.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from desktop_app import rounding
from desktop_app.reports.labels import Lang
from desktop_app.reports.snapshot import OfficerRef

DASH = "–"
AT_LEAST = "≥"


def minutes(seconds: float | None, *, lower_bound: bool = False) -> str:
    """Seconds as minutes with one decimal (the unit of the 30-minute target).

    ``lower_bound``: the figure includes a subject still waiting, counted with
    its wait so far: the true value is at least this.
    """
    text = rounding.minutes(seconds, DASH)
    return f"{AT_LEAST}{text}" if lower_bound and seconds is not None else text


def share(value: float | None) -> str:
    return rounding.percent(value, DASH)


def number(value: float | None, digits: int = 1) -> str:
    return DASH if value is None else rounding.half_up(value, digits)


def local(at: datetime | None, zone: ZoneInfo, pattern: str = "%m-%d %H:%M") -> str:
    """A UTC time as the port's clocks showed it."""
    return DASH if at is None else at.astimezone(zone).strftime(pattern)


def full(at: datetime | None, zone: ZoneInfo) -> str:
    return local(at, zone, "%Y-%m-%d %H:%M")


def local_after(at: datetime | None, before: datetime, zone: ZoneInfo) -> str:
    """A time after ``before``: "HH:MM", with the date when the local day changed."""
    if at is None:
        return DASH
    same_day = at.astimezone(zone).date() == before.astimezone(zone).date()
    return local(at, zone, "%H:%M" if same_day else "%m-%d %H:%M")


def aside(text: str, lang: Lang) -> str:
    """Text in brackets, full-width in Chinese."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def colon(lang: Lang) -> str:
    return "：" if lang == "zh" else ": "


def listing(parts: list[str], lang: Lang) -> str:
    return ("，" if lang == "zh" else ", ").join(parts)


def officer(ref: OfficerRef | None, lang: Lang) -> str:
    if ref is None:
        return DASH
    return f"{ref.name}（{ref.badge_no}）" if lang == "zh" else f"{ref.name} ({ref.badge_no})"
