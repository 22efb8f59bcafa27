"""The first block of each report: who, where, when; and the words of its header."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, Spacer

from desktop_app.reports import formatting as fmt
from desktop_app.reports.figures import Figures
from desktop_app.reports.labels import Lang, term, text
from desktop_app.reports.snapshot import PortInfo, ShiftInfo, Snapshot
from desktop_app.reports.styles import Styles, key_value_table, para, table


def port_name(port: PortInfo, lang: Lang) -> str:
    return f"{port.name_zh}（{port.code}）" if lang == "zh" else f"{port.name_en} ({port.code})"


def title(snapshot: Snapshot, lang: Lang) -> str:
    kind = "shift_report" if snapshot.period.kind == "shift" else "daily_report"
    if lang == "zh":
        return f"{snapshot.port.name_zh}口岸{text(kind, lang)}"
    return f"{snapshot.port.name_en} — {text(kind, lang)}"


def span(start: datetime, end: datetime, snapshot: Snapshot) -> str:
    """'2026-11-25 20:00 – 11-26 08:00': the end's date only when it differs."""
    zone = snapshot.zone
    same_day = start.astimezone(zone).date() == end.astimezone(zone).date()
    return (
        f"{fmt.full(start, zone)} – {fmt.local(end, zone, '%H:%M' if same_day else '%m-%d %H:%M')}"
    )


def crosses_midnight(shift: ShiftInfo, snapshot: Snapshot) -> bool:
    zone = snapshot.zone
    end = shift.actual_end or shift.planned_end
    return shift.start.astimezone(zone).date() != end.astimezone(zone).date()


def period_text(snapshot: Snapshot, lang: Lang) -> str:
    period = snapshot.period
    if period.kind == "day" and period.day is not None:
        return period.day.isoformat()
    return span(period.start, period.end, snapshot)


def zone_text(snapshot: Snapshot) -> str:
    offset = snapshot.period.start.astimezone(snapshot.zone).strftime("%z")
    return f"{snapshot.port.time_zone} (UTC{offset[:3]}:{offset[3:]})"


def as_of_text(snapshot: Snapshot, lang: Lang) -> str:
    """What the data is as of: a final report says later data is not in it."""
    at = fmt.full(snapshot.period.as_of, snapshot.zone)
    return text("as_of_final", lang, at=at) if snapshot.period.final else at


def _heading(snapshot: Snapshot, st: Styles) -> list[Flowable]:
    lang = st.lang
    out: list[Flowable] = [
        para(title(snapshot, lang), st.title),
        para(f"{snapshot.port.station_zh}　{period_text(snapshot, lang)}", st.subtitle),
    ]
    if snapshot.amendment is not None:
        out.append(para(text("amended", lang, signed=snapshot.amendment.signed_hash), st.subtitle))
    if not snapshot.period.final:
        at = fmt.full(snapshot.period.as_of, snapshot.zone)
        out.append(para(text("provisional", lang, at=at), st.subtitle))
    return out


def shift_cover(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    snap = f.snapshot
    shift = snap.shifts[0]
    planned = span(shift.planned_start, shift.planned_end, snap)
    actual = (
        span(shift.actual_start, shift.actual_end or snap.period.until, snap)
        if shift.actual_start
        else fmt.DASH
    )
    sep = "；" if lang == "zh" else "; "
    times = f"{text('planned', lang)} {planned}{sep}{text('actual', lang)} {actual}"
    if crosses_midnight(shift, snap):
        times += fmt.aside(text("crosses_midnight", lang), lang)
    deputy = (
        f"{text('opened_by', lang)} {fmt.officer(shift.opened_by, lang)}{sep}"
        f"{text('closed_by', lang)} {fmt.officer(shift.closed_by, lang)}"
    )
    pairs = [
        (text("port", lang), port_name(snap.port, lang)),
        (text("station", lang), snap.port.station_zh),
        (text("team", lang), shift.team_zh if lang == "zh" else shift.team_en),
        (text("shift_time", lang), times),
        (text("time_zone", lang), zone_text(snap)),
        (text("deputy_captain", lang), deputy),
        (text("state", lang), term(shift.state, lang)),
        (text("as_of", lang), as_of_text(snap, lang)),
    ]
    return [
        *_heading(snap, st),
        key_value_table(pairs, st, 0.2),
        Spacer(1, 6),
    ]


def daily_cover(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    snap = f.snapshot
    zone = snap.zone
    pairs = [
        (text("port", lang), port_name(snap.port, lang)),
        (text("station", lang), snap.port.station_zh),
        (text("date", lang), period_text(snap, lang) + fmt.aside("00:00 – 24:00", lang)),
        (text("time_zone", lang), zone_text(snap)),
        (text("as_of", lang), as_of_text(snap, lang)),
    ]
    rows = [
        [
            s.team_zh if lang == "zh" else s.team_en,
            fmt.full(s.start, zone),
            fmt.full(s.actual_end or s.planned_end, zone)
            + (
                fmt.aside(text("crosses_midnight", lang), lang) if crosses_midnight(s, snap) else ""
            ),
            fmt.officer(s.deputy, lang),
            term(s.state, lang),
        ]
        for s in snap.shifts
    ]
    out = [*_heading(snap, st), key_value_table(pairs, st, 0.2), Spacer(1, 4)]
    out.append(para(text("shifts_of_day", lang), st.h2))
    if rows:
        out += table(
            [
                text("team", lang),
                text("start", lang),
                text("end", lang),
                text("deputy_captain", lang),
                text("state", lang),
            ],
            rows,
            (0.16, 0.2, 0.3, 0.22, 0.12),
            st,
            align="LLLLL",
        )
    else:
        out.append(para(text("none", lang), st.body))
    out.append(Spacer(1, 6))
    return out
