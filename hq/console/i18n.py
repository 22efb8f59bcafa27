"""The console's words in Chinese (the default) and English, and how it writes numbers and times.

Messages are written in English in the code and templates (``t("Overview")``)
and looked up in ``translations/zh_CN.json``; English is the message itself.
``tests/test_hq_console_i18n.py`` finds every ``t("…")`` in the package and
fails on one the catalogue lacks, or on an entry nothing uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT: Lang = "zh"
CATALOGUE = Path(__file__).parent / "translations" / "zh_CN.json"


@cache
def catalogue() -> dict[str, str]:
    return dict(json.loads(CATALOGUE.read_text(encoding="utf-8")))


def pick(lang: str | None) -> Lang:
    return "en" if lang == "en" else DEFAULT


# Codes the core and the database use, with their English words (translated like any message).
WORDS: dict[str, str] = {
    # traveller categories and subject kinds (desktop_app.stats groups)
    "chinese_citizen": "Chinese citizens",
    "foreign_national": "Foreign nationals",
    "hk_macao_taiwan": "Hong Kong, Macao and Taiwan residents",
    "crew": "Crew",
    "vehicle": "Vehicles",
    "train": "Trains",
    "person": "Persons",
    "all": "Every category, pooled",
    "other_travellers": "Other travellers",
    "never": "never",
    # port calendar
    "open": "Open",
    "suspended": "Suspended",
    "seasonal": "Seasonal",
    "outside_hours": "Closed (outside hours)",
    "out_of_season": "Closed (out of season)",
    # the 12367 service line
    "phone_12367": "12367 phone",
    "on_site": "On site",
    "online": "Online",
    "consultation": "Consultation",
    "complaint": "Complaint",
    "suggestion": "Suggestion",
    "praise": "Praise",
    "waiting": "Waiting for its reply",
    "overdue": "Overdue",
    "on_time": "Answered on time",
    "late": "Answered late",
    "no_reply": "No reply needed",
    # shift states
    "planned": "Planned",
    "closed": "Closed",
    # roles
    "admin": "Administrator",
    "duty_officer": "Duty officer",
    "analyst": "Analyst",
    # forecasts
    "road": "Road",
    "rail": "Rail",
    "air": "Air",
    "entry": "Entry",
    "exit": "Exit",
    "none": "None",
    "energy": "Energy",
    "livelihood": "Livelihood materials",
    "belt_road": "Belt and Road",
    "general": "General cargo",
    "hq": "HQ",
    "overseas": "Overseas authority",
    "carrier": "Carrier",
    "manual": "Entered at the post",
    "expected": "Expected",
    "arrived": "Arrived",
    "cancelled": "Cancelled",
}

# Rule codes (desktop_app.errors, hq.console.accounts) as messages with placeholders.
RULES: dict[str, str] = {
    "required": "is required",
    "too_long": "must be at most {limit} characters",
    "out_of_range": "must be between {low} and {high}",
    "too_old": "is too far in the past (earlier than {limit})",
    "time_order": "must not be earlier than {after} ({after_at})",
    "choice": "must be one of {choices}",
    "duplicate": "{value} is already used",
    "not_a_number": "must be a whole number",
    "not_a_time": "must be a time like 2026-12-01 14:30",
    "not_a_date": "must be a date like 2026-12-01",
    "not_a_clock": "must be a time of day like 09:00",
    "unknown_port": "is not a port HQ knows",
    "password_short": "must be at least {minimum} characters",
    "username_form": "must be 2 to 40 lower-case letters, digits, dots, dashes or underscores",
    "unknown_user": "no such user",
    "last_admin": "is the last active administrator",
    "wrong_password": "is not your current password",
    "passwords_differ": "the two passwords differ",
    "no_terminal": "cannot be asked for without a terminal: give --password",
    "not_hq_forecast": "was entered at the post: only the post edits it",
    "no_rows": "the file holds no forecasts",
    "columns": "the file's first line must name the columns {columns}",
}


@dataclass(frozen=True)
class Translator:
    lang: Lang

    def __call__(self, message: str, **values: Any) -> str:
        text = message if self.lang == "en" else catalogue().get(message, message)
        return text.format(**values) if values else text

    def word(self, code: object) -> str:
        """A code's word: ``t.word("chinese_citizen")`` → 中国公民."""
        key = getattr(code, "value", code)
        return self(WORDS[key]) if key in WORDS else str(key)

    def rule(self, code: str, **detail: Any) -> str:
        if code not in RULES:
            return code
        fields = {
            k: self.word(v) if isinstance(v, str) and v in WORDS else v for k, v in detail.items()
        }
        try:
            return self(RULES[code], **fields)
        except (KeyError, IndexError):
            return self(RULES[code].split("{")[0]).strip()

    # -- numbers and times ------------------------------------------------------------

    def wait(self, seconds: float | None) -> str:
        """A wait as m:ss (h:mm:ss from an hour), or a dash."""
        if seconds is None:
            return "–"
        total = round(seconds)
        hours, rest = divmod(total, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

    def offset(self, milliseconds: int) -> str:
        """A device's clock error in whole seconds, signed: +3 s ahead of HQ, -2 s behind."""
        return f"{round(milliseconds / 1000):+d} s"

    def share(self, fraction: float | None) -> str:
        return "–" if fraction is None else f"{fraction * 100:.1f}%"

    def moment(self, at: datetime | None, zone: str, now: datetime | None = None) -> str:
        """A time in a port's zone: HH:MM today, else MM-DD HH:MM (never: a dash)."""
        if at is None:
            return self.word("never")
        local = at.astimezone(ZoneInfo(zone))
        if now is not None and local.date() == now.astimezone(ZoneInfo(zone)).date():
            return local.strftime("%H:%M")
        return local.strftime("%Y-%m-%d %H:%M")

    def day(self, value: date | None) -> str:
        return value.isoformat() if value else "–"
