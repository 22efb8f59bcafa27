"""How figures are written on the page: minutes, shares, local times, officers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from desktop_app.reports.labels import Lang
from desktop_app.reports.snapshot import OfficerRef

DASH = "–"


def minutes(seconds: float | None) -> str:
    """Seconds as minutes with one decimal (the unit of the 30-minute target)."""
    if seconds is None:
        return DASH
    text = f"{seconds / 60:.1f}"
    return "0.0" if text == "-0.0" else text  # a few seconds early is not "minus zero"


def share(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def number(value: float | None, digits: int = 1) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def local(at: datetime | None, zone: ZoneInfo, pattern: str = "%m-%d %H:%M") -> str:
    """A UTC time as the port's clocks showed it."""
    return DASH if at is None else at.astimezone(zone).strftime(pattern)


def full(at: datetime | None, zone: ZoneInfo) -> str:
    return local(at, zone, "%Y-%m-%d %H:%M")


def aside(text: str, lang: Lang) -> str:
    """Text in brackets, full-width in Chinese."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def officer(ref: OfficerRef | None, lang: Lang) -> str:
    if ref is None:
        return DASH
    return f"{ref.name}（{ref.badge_no}）" if lang == "zh" else f"{ref.name} ({ref.badge_no})"
