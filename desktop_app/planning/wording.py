"""Advice as words, in Chinese and English: the one wording the screen, CLI and report use.

"open P-IN-2 by 15:35 (until 17:00) — 3 buses (≈120 travellers) forecast
15:50; predicted P90 34 min → 12 min".  Plain data, no Qt: the Plan screen
shows these lines in its current language, the shift report prints them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from desktop_app.planning.advice import Advice, Cause

Lang = Literal["zh", "en"]
RED_S = 25 * 60  # the early-warning practice: from 25 minutes, the emergency plan

QUEUES: dict[str, tuple[str, str]] = {
    "travellers_entry": ("入境旅客", "entry travellers"),
    "travellers_exit": ("出境旅客", "exit travellers"),
    "vehicles_entry": ("入境车辆", "entry vehicles"),
    "vehicles_exit": ("出境车辆", "exit vehicles"),
    "rail_entry": ("入境列车", "entry trains"),
    "rail_exit": ("出境列车", "exit trains"),
}
# A forecast group's kind → (Chinese unit, English singular, English plural, what it carries).
KINDS: dict[str, tuple[str, str, str, str, str]] = {
    "road:group": ("辆大巴", "bus", "buses", "名旅客", "travellers"),
    "road:convoy": ("个车队", "convoy", "convoys", "辆车", "vehicles"),
    "rail:group": ("列火车", "train", "trains", "列", "trains"),
    "rail:convoy": ("列火车", "train", "trains", "列", "trains"),
    "air:group": ("个航班", "flight", "flights", "名旅客", "travellers"),
    "air:convoy": ("个航班", "flight", "flights", "名旅客", "travellers"),
}


def _hm(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%H:%M")


def minutes(seconds: float) -> int:
    return round(seconds / 60)


def queue_name(queue: str, lang: Lang) -> str:
    zh, en = QUEUES.get(queue, (queue, queue))
    return zh if lang == "zh" else en


def cause_text(cause: Cause, zone: ZoneInfo, lang: Lang) -> str:
    zh_unit, one, many, zh_what, en_what = KINDS.get(
        cause.kind, ("组", "group", "groups", "人", "subjects")
    )
    when = _hm(cause.first_at, zone)
    counted = not cause.kind.startswith("rail")  # a train is its own count
    if lang == "zh":
        size = f"（约{cause.subjects}{zh_what}）" if counted else ""
        return f"{cause.groups}{zh_unit}{size}预计{when}到达"
    unit = one if cause.groups == 1 else many
    size = f" (≈{cause.subjects} {en_what})" if counted else ""
    return f"{cause.groups} {unit}{size} forecast {when}"


def advice_text(advice: Advice, zone: ZoneInfo, lang: Lang) -> str:
    before, after = minutes(advice.p90_before_s), minutes(advice.p90_after_s)
    why = ("；" if lang == "zh" else "; ").join(
        cause_text(c, zone, lang) for c in advice.causes[:2]
    )
    by = _hm(advice.open_by, zone)
    if advice.action == "short":
        red = advice.p90_before_s >= RED_S
        if lang == "zh":
            text = (
                f"{queue_name(advice.group, lang)}:无可再开放的通道,{by}起预计P90候检{before}分钟"
            )
            text += "，请启动应急预案" if red else "，请调配人员或专用通道"
        else:
            text = (
                f"{queue_name(advice.group, lang)}: no lane left to open; predicted P90 "
                f"{before} min from {by}"
            )
            text += ": start the emergency plan" if red else ": send help or a special lane"
        return f"{text} — {why}" if why else text
    until = advice.until
    if lang == "zh":
        text = f"{by}前开放{advice.lane_code}"
        if until is not None:
            text += f"（至{_hm(until, zone)}）"
        if why:
            text += f" — {why}"
        return f"{text}；预计P90候检{before}分钟 → {after}分钟"
    text = f"open {advice.lane_code} by {by}"
    if until is not None:
        text += f" (until {_hm(until, zone)})"
    if why:
        text += f" — {why}"
    return f"{text}; predicted P90 {before} min → {after} min"
