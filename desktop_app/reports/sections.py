"""The sections both reports share: each turns figures into flowables.

Headings are numbered when the whole story is laid out (``number``), so a
section is added by adding one line to a story in ``build``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from db.enums import ContactKind
from desktop_app import service_line
from desktop_app.reference import Target
from desktop_app.reports import charts
from desktop_app.reports import formatting as fmt
from desktop_app.reports.figures import Breach, Figures, TimeRow, TrendDay, VolumeRow
from desktop_app.reports.labels import (
    Lang,
    count_text,
    lane_kind,
    preinspection,
    section_number,
    term,
    text,
)
from desktop_app.reports.snapshot import AlertInfo, Change, TrendRow
from desktop_app.reports.styles import FRAME_WIDTH, Cell, Styles, para, plain_table, table
from desktop_app.stats import Summary, summarize


@dataclass(frozen=True)
class Heading:
    """A section heading still to be numbered (not a flowable: ``number`` replaces it)."""

    key: str


def heading(key: str, st: Styles) -> list[Flowable]:
    # A heading never sits alone at the foot of a page.
    return [CondPageBreak(90), Heading(key)]  # type: ignore[list-item]


def number(story: list[Flowable], st: Styles) -> list[Flowable]:
    """The story with its headings numbered in order: 一、二、… or 1. 2. …"""
    out: list[Flowable] = []
    n = 0
    for item in story:
        if isinstance(item, Heading):
            n += 1
            out.append(para(section_number(n, st.lang) + text(item.key, st.lang), st.h1))
        else:
            out.append(item)
    return out


def target_text(target: Target, lang: Lang) -> str:
    return text(
        "target_text", lang, measure=term(f"measure_{target.measure}", lang), minutes=target.minutes
    )


def _lower(s: Summary) -> bool:
    """The summary counts someone still waiting with their wait so far."""
    return s.waiting_over_target > 0


def _waiting(s: Summary) -> str:
    return f"{s.unserved} ({s.waiting_over_target})" if s.unserved else "0"


# -- key figures ------------------------------------------------------------------


def key_figures(f: Figures, st: Styles) -> list[Flowable]:
    """Citizens, other travellers, vehicles and trains apart, each against its target."""
    lang = st.lang
    k = f.key
    rows: list[Sequence[Cell]] = []
    for h in k.headline:
        s = h.figures
        rows.append(
            [
                term(h.group, lang),
                target_text(h.target, lang),
                str(h.joined),
                str(s.count),
                fmt.minutes(s.p90, lower_bound=_lower(s)),
                fmt.share(s.within_target),
                str(len(s.breaches)),
                str(s.waiting_over_target),
            ]
        )
    out: list[Flowable] = [para(text("key_figures", lang), st.h2)]
    out += table(
        [
            text("group", lang),
            text("target", lang),
            text("joined", lang),
            text("counted", lang),
            text("p90_min", lang),
            text("within_target", lang),
            text("over_target", lang),
            text("of_which_waiting", lang),
        ],
        rows,
        (0.17, 0.18, 0.09, 0.09, 0.11, 0.12, 0.12, 0.12),
        st,
        align="LLRRRRRR",
    )
    out.append(Spacer(1, 3))
    out.append(
        para(
            text(
                "volumes_line",
                lang,
                subjects=k.subjects,
                persons=k.persons,
                vehicles=k.vehicles,
                trains=k.trains,
                referred=k.referred,
                refused=k.refused,
                unfinished=k.unfinished,
            ),
            st.body,
        )
    )
    out.append(para(text("headline_note", lang), st.small))
    return out


# -- the trend (daily report) -----------------------------------------------------


@dataclass(frozen=True)
class TrendColumn:
    """One column of the trend table; an added figure (alerts per day) is one more of these."""

    header: Callable[[Lang], str]
    value: Callable[[TrendDay], str]
    width: float


def _trend_columns(lang: Lang) -> list[TrendColumn]:
    def group_header(key: str, group: str) -> Callable[[Lang], str]:
        return lambda lg: text(key, lg, group=term(group, lg))

    def cell(name: str, pick: Callable[[TrendRow], str]) -> Callable[[TrendDay], str]:
        return lambda day: pick(day.groups[name]) if name in day.groups else fmt.DASH

    def alerts(day: TrendDay) -> str:
        return f"{day.alerts.count} ({day.alerts.red})" if day.alerts else fmt.DASH

    def p90(r: TrendRow) -> str:
        return fmt.minutes(r.p90, lower_bound=r.waiting_over_target > 0)

    columns: list[TrendColumn] = []
    for name in ("chinese_citizen", "other_travellers"):
        columns += [
            TrendColumn(group_header("t_joined", name), cell(name, lambda r: str(r.count)), 0.1),
            TrendColumn(lambda lg: text("t_p90", lg), cell(name, p90), 0.085),
            TrendColumn(
                lambda lg: text("t_within", lg),
                cell(name, lambda r: fmt.share(r.within_target)),
                0.09,
            ),
            TrendColumn(lambda lg: text("t_over", lg), cell(name, lambda r: str(r.breaches)), 0.08),
        ]
    for name in ("vehicle", "train"):
        columns.append(
            TrendColumn(
                group_header("t_over_own", name), cell(name, lambda r: str(r.breaches)), 0.09
            )
        )
    columns.append(TrendColumn(lambda lg: text("t_alerts", lg), alerts, 0.06))
    return columns


def trend(f: Figures, st: Styles) -> list[Flowable]:
    """Seven days up to the report's day: a bad week is visible on one page."""
    lang = st.lang
    out = heading("sec_trend", st)
    columns = _trend_columns(lang)
    day_width = 0.07
    total = sum(c.width for c in columns) / (1 - day_width)
    rows: list[Sequence[Cell]] = [
        [day.day.strftime("%m-%d"), *(c.value(day) for c in columns)] for day in f.trend
    ]
    out += table(
        [text("day", lang), *(c.header(lang) for c in columns)],
        rows,
        [day_width, *(c.width / total for c in columns)],
        st,
        align="L" + "R" * len(columns),
    )
    out.append(para(text("trend_note", lang), st.small))
    out.append(
        KeepTogether(
            [
                para(text("chart_trend", lang), st.h2),
                charts.trend(f, FRAME_WIDTH, st.body.fontName, lang),
            ]
        )
    )
    return out


# -- amendments --------------------------------------------------------------------


def _change_value(change: Change, value: str, zone: object, lang: Lang) -> str:
    if not value:
        return fmt.DASH
    if change.field.endswith("_at"):
        return fmt.full(datetime.fromisoformat(value), zone)  # type: ignore[arg-type]
    if change.field in ("outcome", "traveller_category"):
        return term(value, lang)
    return value


def amendments(f: Figures, st: Styles) -> list[Flowable]:
    """An amended report says up front what changed against the signed one, and why."""
    a = f.amendment
    if a is None:
        return []
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_amendments", st)
    out.append(
        para(
            text(
                "amend_intro",
                lang,
                signed=a.signed_hash,
                by=fmt.officer(a.signed_by, lang),
                at=fmt.full(a.signed_as_of, zone),
            ),
            st.body,
        )
    )
    out.append(para(text("changes_table", lang), st.h2))
    out += table(
        [
            text("reference", lang),
            text("field", lang),
            text("signed_value", lang),
            text("amended_value", lang),
        ],
        [
            [
                para(c.reference, st.cell),
                term(f"field_{c.field}", lang),
                _change_value(c, c.signed, zone, lang),
                _change_value(c, c.amended, zone, lang),
            ]
            for c in a.changes
        ],
        (0.22, 0.22, 0.28, 0.28),
        st,
        align="LLLL",
    )
    if a.corrections:
        out.append(para(text("corrections_table", lang), st.h2))
        out += table(
            [
                text("recorded_at", lang),
                text("reference", lang),
                text("step", lang),
                text("officer", lang),
                text("reason", lang),
            ],
            [
                [
                    fmt.full(c.recorded_at, zone),
                    para(c.reference, st.cell),
                    term(f"step_{c.step}", lang),
                    para(fmt.officer(c.officer, lang), st.cell),
                    para(c.reason, st.cell),
                ]
                for c in a.corrections
            ],
            (0.17, 0.17, 0.14, 0.2, 0.32),
            st,
            align="LLLLL",
        )
    return out


# -- volumes --------------------------------------------------------------------


def _volume_table(
    title: str, rows: Sequence[VolumeRow], name: str, st: Styles, width: float
) -> list[Flowable]:
    lang = st.lang
    names = {
        "direction": term,
        "category": term,
        "subject": term,
        "lane_kind": lane_kind,
    }[name]
    body: list[list[str | Flowable]] = [
        [
            names(r.key, lang),
            str(r.joined),
            str(r.cleared),
            str(r.referred),
            str(r.refused),
            str(r.unfinished),
        ]
        for r in rows
    ]
    body.append(
        [
            text("total", lang),
            *(
                str(sum(getattr(r, f) for r in rows))
                for f in ("joined", "cleared", "referred", "refused", "unfinished")
            ),
        ]
    )
    header = [
        title,
        text("joined", lang),
        term("cleared", lang),
        term("referred", lang),
        term("refused", lang),
        term("unfinished", lang),
    ]
    return table(
        header, body, (0.22, 0.12, 0.14, 0.16, 0.18, 0.18), st, total_row=True, width=width
    )


def _side_by_side(left: list[Flowable], right: list[Flowable]) -> Table:
    half = FRAME_WIDTH / 2
    return plain_table(
        [[left, right]],
        [half, half],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 4),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ],
    )


def volumes(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    out = heading("sec_volumes", st)
    if not f.snapshot.clearances:
        return [*out, para(text("no_data", lang), st.body)]
    half = FRAME_WIDTH / 2 - 4
    tables = {
        name: _volume_table(text(key, lang), f.volumes[name], name, st, half)
        for name, key in (
            ("direction", "by_direction"),
            ("subject", "by_subject"),
            ("category", "by_category"),
            ("lane_kind", "by_lane_kind"),
        )
    }
    out.append(_side_by_side(tables["direction"], tables["subject"]))
    out.append(Spacer(1, 6))
    out.append(_side_by_side(tables["category"], tables["lane_kind"]))
    return out


# -- times ------------------------------------------------------------------------


def _own_rows(rows: Sequence[TimeRow], lang: Lang) -> list[Sequence[Cell]]:
    out: list[Sequence[Cell]] = []
    for t in rows:
        if t.own is None or t.target is None:
            continue
        s = t.own
        low = _lower(s)
        out.append(
            [
                term(t.key, lang),
                target_text(t.target, lang),
                str(s.count),
                fmt.minutes(s.p50, lower_bound=low),
                fmt.minutes(s.p90, lower_bound=low),
                fmt.minutes(s.max, lower_bound=low),
                fmt.share(s.within_target),
                str(len(s.breaches)),
                _waiting(s),
            ]
        )
    return out


def times(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    out = heading("sec_times", st)
    if not f.times:
        return [*out, para(text("no_data", lang), st.body)]
    wait_rows: list[Sequence[Cell]] = []
    for t in f.times:
        low = _lower(t.wait)
        wait_rows.append(
            [
                term(t.key, lang),
                str(t.wait.count),
                fmt.minutes(t.wait.p50, lower_bound=low),
                fmt.minutes(t.wait.p90, lower_bound=low),
                fmt.minutes(t.wait.p95, lower_bound=low),
                fmt.minutes(t.wait.max, lower_bound=low),
                fmt.share(t.wait.within_target),
                str(len(t.wait.breaches)),
                _waiting(t.wait),
            ]
        )
    head = [text("category", lang), text("count", lang), "P50", "P90", "P95", text("max", lang)]
    out.append(para(text("wait_table", lang), st.h2))
    out += table(
        [*head, text("within_30", lang), text("over_30", lang), text("unserved", lang)],
        wait_rows,
        (0.2, 0.08, 0.08, 0.08, 0.08, 0.09, 0.11, 0.11, 0.17),
        st,
    )
    out += _before_opening(f, st)
    own = _own_rows(f.times, lang)
    if own:
        out.append(para(text("own_target_table", lang), st.h2))
        out += table(
            [
                text("category", lang),
                text("target", lang),
                text("count", lang),
                "P50",
                "P90",
                text("max", lang),
                text("within_target", lang),
                text("over_target", lang),
                text("not_ended", lang),
            ],
            own,
            (0.14, 0.19, 0.07, 0.08, 0.08, 0.08, 0.11, 0.1, 0.15),
            st,
            align="LLRRRRRRR",
        )
    total_rows: list[Sequence[Cell]] = [
        [
            term(t.key, lang),
            str(t.total.count),
            fmt.minutes(t.total.p50),
            fmt.minutes(t.total.p90),
            fmt.minutes(t.total.p95),
            fmt.minutes(t.total.max),
            fmt.share(t.total.within_target),
            str(t.total_over_target),
        ]
        for t in f.times
    ]
    out.append(para(text("total_table", lang), st.h2))
    out += table(
        [*head, text("within_30", lang), text("over_30", lang)],
        total_rows,
        (0.22, 0.1, 0.1, 0.1, 0.1, 0.1, 0.14, 0.14),
        st,
    )
    out.append(Spacer(1, 3))
    out.append(para(text("lower_bound_note", lang), st.small))
    out.append(para(text("percentile_note", lang), st.small))
    font = st.body.fontName
    out.append(
        KeepTogether(
            [
                para(text("chart_waits", lang), st.h2),
                charts.waits_by_hour(f, FRAME_WIDTH, font, lang),
            ]
        )
    )
    out.append(
        KeepTogether(
            [
                para(text("chart_histogram", lang), st.h2),
                charts.wait_histogram(f, FRAME_WIDTH, font, lang),
            ]
        )
    )
    return out


def _before_opening(f: Figures, st: Styles) -> list[Flowable]:
    """Those who queued before their lane opened: their own small table, in no target figure."""
    lang = st.lang
    if not f.before_opening:
        return []
    rows: list[Sequence[Cell]] = [
        [
            term(key, lang),
            str(s.count + s.unserved - s.waiting_over_target),
            fmt.minutes(s.p50),
            fmt.minutes(s.p90),
            fmt.minutes(s.max, lower_bound=_lower(s)),
            _waiting(s),
        ]
        for key, s in f.before_opening
    ]
    head = [text("category", lang), text("count", lang), "P50", "P90", text("max", lang)]
    return [
        para(text("before_open_table", lang), st.h2),
        *table([*head, text("unserved", lang)], rows, (0.3, 0.12, 0.12, 0.12, 0.12, 0.22), st),
        para(text("before_open_note", lang), st.small),
    ]


# -- lanes ------------------------------------------------------------------------


def lanes(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_lanes", st)
    rows: list[Sequence[Cell]] = [
        [
            f"{t.lane.code} {t.lane.name_zh if lang == 'zh' else t.lane.name_en}",
            lane_kind(t.lane.kind, lang),
            fmt.number(t.open_hours, 2),
            str(t.finished),
            fmt.number(t.per_open_hour),
            str(t.lane.capacity_per_hour) if t.lane.capacity_per_hour else fmt.DASH,
        ]
        for t in f.lanes
    ]
    if rows:
        out += table(
            [
                text("lane", lang),
                text("kind", lang),
                text("open_hours", lang),
                text("served", lang),
                text("per_open_hour", lang),
                text("capacity", lang),
            ],
            rows,
            (0.32, 0.2, 0.12, 0.1, 0.13, 0.13),
            st,
            align="LLRRRR",
        )
    else:
        out.append(para(text("no_data", lang), st.body))
    out.append(
        KeepTogether(
            [
                para(text("chart_arrivals", lang), st.h2),
                charts.arrivals_and_lanes(f, FRAME_WIDTH, st.body.fontName, lang),
            ]
        )
    )
    out.append(para(text("lane_history", lang), st.h2))
    codes = {lane.id: lane.code for lane in f.snapshot.lanes}
    at_start = [codes[i] for i in f.snapshot.open_at_start if i in codes]
    listed = ("、" if lang == "zh" else ", ").join(at_start) or text("none", lang)
    out.append(para(f"{text('open_at_start', lang)}{fmt.colon(lang)}{listed}", st.body))
    if f.lane_history:
        out += table(
            [
                text("time", lang),
                text("lane", lang),
                text("action", lang),
                text("officer", lang),
                text("reason", lang),
            ],
            [
                [
                    fmt.local(c.at, zone),
                    codes.get(c.lane_id, "?"),
                    text("lane_opened" if c.opened else "lane_closed", lang),
                    fmt.officer(c.officer, lang),
                    para(c.reason, st.cell) if c.reason else "",
                ]
                for c in f.lane_history
            ],
            (0.16, 0.14, 0.1, 0.24, 0.36),
            st,
            align="LLLLL",
        )
    return out


# -- forecasts --------------------------------------------------------------------


def forecasts(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    s = f.forecast_summary
    out = heading("sec_forecasts", st)
    statuses = [k for k, n in s.by_status.items() if n or k not in ("overdue", "no_show")]
    # Overdue (period open) and no-show (closed) are the same column at different times.
    if "overdue" not in statuses and "no_show" not in statuses:
        statuses.insert(3, "no_show" if f.snapshot.period.final else "overdue")
    unforecast = sum(s.unforecast.values())
    n = len(statuses) + 3
    out += table(
        [
            text("forecasts_total", lang),
            *(term(k, lang) for k in statuses),
            text("matched", lang),
            text("unforecast", lang),
        ],
        [[str(s.total), *(str(s.by_status[k]) for k in statuses), str(s.matched), str(unforecast)]],
        [0.1] + [0.56 / len(statuses)] * len(statuses) + [0.17, 0.17],
        st,
        align="R" * n,
    )
    if s.unforecast:
        parts = [f"{term(k, lang)} {n}" for k, n in s.unforecast.items()]
        out.append(
            para(f"{text('unforecast', lang)}{fmt.colon(lang)}{fmt.listing(parts, lang)}", st.small)
        )
    if s.total:
        parts = [f"{preinspection(k, lang)} {n}" for k, n in s.preinspection.items()]
        out.append(
            para(
                text(
                    "pre_summary",
                    lang,
                    parts=fmt.listing(parts, lang),
                    arrived=s.arrived,
                    before=s.preinspected_before_arrival,
                ),
                st.body,
            )
        )
    if not f.forecasts:
        return out
    out.append(Spacer(1, 4))
    rows: list[Sequence[Cell]] = [
        [
            fmt.local(r.forecast.expected_at, zone),
            para(r.forecast.reference, st.cell),
            term(r.forecast.mode, lang),
            term(r.forecast.direction, lang),
            f"{r.forecast.expected_travellers} / {r.forecast.actual_persons}",
            f"{r.forecast.expected_vehicles} / {r.forecast.actual_vehicles}",
            fmt.local_after(r.forecast.arrived_at, r.forecast.expected_at, zone),
            fmt.minutes(r.delay_s),
            term(r.status, lang),
            preinspection(r.forecast.preinspection, lang),
        ]
        for r in f.forecasts
    ]
    out += table(
        [
            text("expected_at", lang),
            text("reference", lang),
            text("mode", lang),
            text("direction", lang),
            text("people_fc", lang),
            text("vehicles_fc", lang),
            text("arrived_at", lang),
            text("delay_min", lang),
            text("status", lang),
            text("preinspection", lang),
        ],
        rows,
        (0.11, 0.13, 0.06, 0.09, 0.11, 0.11, 0.09, 0.08, 0.1, 0.12),
        st,
        align="LLLLRRLRLL",
    )
    return out


# -- special channels, approvals, checklist, sync -----------------------------------


def channels(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_channels", st)
    out.append(para(text("channel_table", lang), st.h2))
    if f.channels:
        out += table(
            [
                text("lane", lang),
                text("joined", lang),
                term("cleared", lang),
                term("referred", lang),
                term("refused", lang),
                text("wait_p50", lang),
                text("wait_p90", lang),
                text("wait_max", lang),
                text("over_30", lang),
            ],
            [
                [
                    lane_kind(c.kind, lang),
                    str(c.volume.joined),
                    str(c.volume.cleared),
                    str(c.volume.referred),
                    str(c.volume.refused),
                    fmt.minutes(c.wait.p50, lower_bound=_lower(c.wait)),
                    fmt.minutes(c.wait.p90, lower_bound=_lower(c.wait)),
                    fmt.minutes(c.wait.max, lower_bound=_lower(c.wait)),
                    str(len(c.wait.breaches)),
                ]
                for c in f.channels
            ],
            (0.2, 0.09, 0.09, 0.1, 0.1, 0.1, 0.1, 0.11, 0.11),
            st,
        )
    else:
        out.append(para(text("none", lang), st.body))
    out.append(para(text("emergency_table", lang), st.h2))
    if f.emergencies:
        out += table(
            [
                text("time", lang),
                text("emergency_kind", lang),
                text("subject", lang),
                text("lane", lang),
                text("recorded_by", lang),
                text("action_taken", lang),
                text("outcome", lang),
            ],
            [
                [
                    fmt.local(e.at, zone),
                    term(e.kind, lang),
                    para(e.subject_ref, st.cell),
                    e.lane_code or fmt.DASH,
                    para(fmt.officer(e.recorded_by, lang), st.cell),
                    para(e.action_taken, st.cell),
                    para(e.outcome, st.cell),
                ]
                for e in f.emergencies
            ],
            (0.1, 0.12, 0.1, 0.12, 0.14, 0.22, 0.2),
            st,
            align="LLLLLLL",
        )
    else:
        out.append(para(text("none", lang), st.body))
    return out


def service_line_contacts(f: Figures, st: Styles) -> list[Flowable]:
    """The 12367 log of the day: by topic and kind, complaints with the measured wait, replies."""
    lang = st.lang
    zone = f.snapshot.zone
    lines = f.snapshot.contacts
    out = heading("sec_service_line", st)
    if not lines:
        out.append(para(text("none", lang), st.body))
        return out
    figures = service_line.figures(lines, f.snapshot.period.as_of)
    names = {t.code: (t.name_zh, t.name_en) for t in service_line.reference_data().topics}

    def topic(code: str) -> str:
        pair = names.get(code)
        return code if pair is None else pair[0 if lang == "zh" else 1]

    kinds = list(ContactKind)
    out.append(para(text("sl_by_topic", lang), st.h2))
    out += table(
        [text("sl_topic", lang), *(term(k.value, lang) for k in kinds), text("total", lang)],
        [
            *(
                [topic(t.topic_code), *(str(t.by_kind[k]) for k in kinds), str(t.total)]
                for t in figures.topics
            ),
            [
                text("total", lang),
                *(str(figures.kinds[k]) for k in kinds),
                str(sum(figures.kinds.values())),
            ],
        ],
        (0.36, 0.12, 0.12, 0.12, 0.12, 0.16),
        st,
        total_row=True,
    )
    out.append(para(text("sl_complaints", lang), st.h2))
    if figures.complaints:
        out += table(
            [
                text("sl_received", lang),
                text("sl_topic", lang),
                text("sl_clearance", lang),
                text("sl_wait", lang),
                text("sl_due", lang),
                text("sl_reply", lang),
            ],
            [
                [
                    fmt.local(c.received_at, zone),
                    para(topic(c.topic_code), st.cell),
                    c.clearance_reference or fmt.DASH,
                    fmt.minutes(c.wait_s) if c.wait_s is not None else fmt.DASH,
                    fmt.local(c.reply_due_at, zone) if c.reply_due_at else fmt.DASH,
                    para(_reply_state(c, f.snapshot.period.as_of, lang), st.cell),
                ]
                for c in figures.complaints
            ],
            (0.14, 0.22, 0.16, 0.14, 0.14, 0.2),
            st,
        )
    else:
        out.append(para(text("none", lang), st.body))
    out.append(
        para(
            text(
                "sl_replies",
                lang,
                on_time=figures.on_time,
                late=figures.late,
                waiting=figures.waiting,
                overdue=figures.overdue,
            ),
            st.body,
        )
    )
    return out


def _reply_state(c: service_line.ContactLine, as_of: datetime, lang: Lang) -> str:
    if c.reply_due_at is None:
        return term("reply_none", lang)
    if c.answered_at is None:
        return term("reply_overdue" if c.overdue(as_of) else "reply_waiting", lang)
    return term("reply_on_time" if c.on_time() else "reply_late", lang)


def alerts(f: Figures, st: Styles) -> list[Flowable]:
    """The alert episodes of the period: when, how bad, who answered and how quickly."""
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_alerts", st)
    if not f.alerts_recorded:
        return [*out, para(text("alerts_not_recorded", lang), st.body)]
    if not f.alerts:
        return [*out, para(text("none", lang), st.body)]
    found = f.alerts
    responses = [a.response_s for a in found if a.response_s is not None]
    response = summarize(responses)  # the percentiles every figure uses (type 7)
    out.append(
        para(
            count_text(
                "alerts_summary",
                len(found),
                lang,
                red=sum(1 for a in found if a.top_level == "red"),
                acked=sum(1 for a in found if a.acknowledgements),
                open=sum(1 for a in found if a.ended_at is None),
                response=fmt.minutes(response.p50),
                response_p90=fmt.minutes(response.p90),
            ),
            st.body,
        )
    )

    def acks(a: AlertInfo) -> str:
        return "; ".join(
            f"{fmt.local(k.at, zone)} {fmt.officer(k.officer, lang)}"
            + (f": {k.action}" if k.action else "")
            for k in a.acknowledgements
        )

    out += table(
        [
            text("lane_group", lang),
            text("alert_started", lang),
            text("alert_level", lang),
            text("alert_peak", lang),
            text("alert_lane", lang),
            text("alert_response", lang),
            text("alert_ended", lang),
            text("alert_acks", lang),
        ],
        [
            [
                term(a.lane_group, lang),
                fmt.local(a.started_at, zone),
                term(a.top_level, lang),
                fmt.minutes(a.peak_s),
                a.lane_code or fmt.DASH,
                fmt.minutes(a.response_s),
                fmt.local(a.ended_at, zone) if a.ended_at else text("still_running", lang),
                para(acks(a) or fmt.DASH, st.cell),
            ]
            for a in found
        ],
        (0.13, 0.1, 0.1, 0.1, 0.09, 0.1, 0.1, 0.28),
        st,
        align="LLLRLRLL",
    )
    out.append(para(text("alerts_note", lang), st.small))
    return out


def duty_roster(f: Figures, st: Styles) -> list[Flowable]:
    """Who worked which lane when, and the open lanes nobody worked at the as-of time."""
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_duty", st)
    if not f.planning_recorded:
        return [*out, para(text("planning_not_recorded", lang), st.body)]
    if f.unstaffed:
        out.append(para(text("duty_unstaffed", lang, lanes=", ".join(f.unstaffed)), st.body))
    else:
        out.append(para(text("duty_all_staffed", lang), st.body))
    if not f.duty:
        return [*out, para(text("none", lang), st.body)]
    actions = {
        "on_duty": "duty_on_duty",
        "lane": "duty_lane_taken",
        "off_lane": "duty_off_lane",
        "off_duty": "duty_off_duty",
    }
    out += table(
        [
            text("duty_at", lang),
            text("duty_officer", lang),
            text("duty_action", lang),
            text("duty_lane", lang),
        ],
        [
            [
                fmt.local(d.at, zone),
                para(fmt.officer(d.officer, lang), st.cell),
                text(actions[d.action], lang),
                d.lane_code or fmt.DASH,
            ]
            for d in f.duty
        ],
        (0.2, 0.35, 0.25, 0.2),
        st,
        align="LLLL",
    )
    return out


def plan_advice(f: Figures, st: Styles) -> list[Flowable]:
    """Advice the plan gave that officers took or dismissed, and what happened then."""
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_advice", st)
    if not f.planning_recorded:
        return [*out, para(text("planning_not_recorded", lang), st.body)]
    if not f.advice:
        return [*out, para(text("none", lang), st.body)]
    taken = sum(1 for a in f.advice if a.choice == "taken")
    out.append(
        para(
            count_text(
                "advice_summary",
                len(f.advice),
                lang,
                taken=taken,
                dismissed=len(f.advice) - taken,
            ),
            st.body,
        )
    )
    out += table(
        [
            text("advice_at", lang),
            text("advice_choice", lang),
            text("advice_line", lang),
            text("advice_opened", lang),
            text("advice_actual", lang),
        ],
        [
            [
                fmt.local(a.at, zone),
                para(f"{text('advice_' + a.choice, lang)} {fmt.officer(a.officer, lang)}", st.cell),
                para(a.text_zh if lang == "zh" else a.text_en, st.cell),
                fmt.local(a.lane_opened_at, zone) if a.lane_opened_at else fmt.DASH,
                fmt.minutes(a.actual_p90_s),
            ]
            for a in f.advice
        ],
        (0.13, 0.17, 0.46, 0.12, 0.12),
        st,
        align="LLLLR",
    )
    out.append(para(text("advice_note", lang), st.small))
    return out


def approvals(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_approvals", st)
    if not f.approvals:
        return [*out, para(text("none", lang), st.body)]
    out += table(
        [
            text("requested_at", lang),
            text("subject", lang),
            text("reason", lang),
            text("requester", lang),
            text("decision", lang),
            text("approver", lang),
            text("decided_at", lang),
            text("used", lang),
        ],
        [
            [
                fmt.local(a.requested_at, zone),
                para(a.subject_ref, st.cell),
                para(a.reason + (fmt.aside(a.note, lang) if a.note else ""), st.cell),
                para(fmt.officer(a.requester, lang), st.cell),
                term(a.decision, lang),
                para(fmt.officer(a.approver, lang), st.cell),
                fmt.local(a.decided_at, zone),
                text("yes" if a.used else "no", lang),
            ]
            for a in f.approvals
        ],
        (0.11, 0.11, 0.23, 0.13, 0.1, 0.13, 0.11, 0.08),
        st,
        align="LLLLLLLC",
    )
    return out


def checklist(f: Figures, st: Styles, *, per_shift: bool) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_checklist", st)
    if not f.checks:
        return [*out, para(text("none", lang), st.body)]
    shifts = {s.id: s for s in f.shifts}
    rows: list[Sequence[Cell]] = []
    for c in f.checks:
        row: list[Cell] = []
        if per_shift:
            shift = shifts.get(c.shift_id)
            label = (
                f"{shift.team_zh if lang == 'zh' else shift.team_en} {fmt.local(shift.start, zone)}"
                if shift
                else ""
            )
            row.append(para(label, st.cell))
        note = c.note
        if c.override_reason:
            override = text(
                "overridden",
                lang,
                by=fmt.officer(c.override_by, lang),
                at=fmt.local(c.override_at, zone),
                reason=c.override_reason,
            )
            note = f"{note}\n{override}" if note else override
        row += [
            para(c.label_zh if lang == "zh" else c.label_en, st.cell),
            term(c.result or "not_done", lang),
            para(note, st.cell) if note else "",
            fmt.local(c.at, zone),
            para(fmt.officer(c.officer, lang), st.cell),
        ]
        rows.append(row)
    header = [
        text("check_item", lang),
        text("result", lang),
        text("note", lang),
        text("time", lang),
        text("officer", lang),
    ]
    if per_shift:
        out += table(
            [text("shift", lang), *header],
            rows,
            (0.15, 0.24, 0.08, 0.27, 0.11, 0.15),
            st,
            align="LLCLLL",
        )
    else:
        out += table(header, rows, (0.3, 0.09, 0.33, 0.11, 0.17), st, align="LCLLL")
    return out


def sync(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_sync", st)
    if not f.sync:
        return [*out, para(text("none", lang), st.body)]
    rows: list[Sequence[Cell]] = [
        [
            term(s.entity, lang),
            str(s.total),
            str(s.acked),
            str(s.pending),
            fmt.local(s.oldest_pending, zone),
        ]
        for s in f.sync
    ]
    rows.append(
        [
            text("total", lang),
            str(sum(s.total for s in f.sync)),
            str(sum(s.acked for s in f.sync)),
            str(sum(s.pending for s in f.sync)),
            fmt.local(
                min((s.oldest_pending for s in f.sync if s.oldest_pending), default=None), zone
            ),
        ]
    )
    out += table(
        [
            text("sync_entity", lang),
            text("sync_total", lang),
            text("sync_acked", lang),
            text("sync_pending", lang),
            text("sync_oldest", lang),
        ],
        rows,
        (0.32, 0.15, 0.19, 0.15, 0.19),
        st,
        total_row=True,
    )
    out.append(para(text("sync_note", lang), st.small))
    return out


# -- waits over target ------------------------------------------------------------


def _breach_table(rows: Sequence[Breach], f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    return table(
        [
            text("joined_at", lang),
            text("started_at", lang),
            text("lane", lang),
            text("category", lang),
            text("reference", lang),
            text("target", lang),
            text("minutes_col", lang),
            text("outcome", lang),
        ],
        [
            [
                fmt.local(b.clearance.joined_at, zone),
                (
                    text("not_yet", lang)
                    if b.clearance.started_at is None
                    else fmt.local_after(b.clearance.started_at, b.clearance.joined_at, zone)
                ),
                b.clearance.lane_code,
                term(b.category, lang),
                para(b.clearance.reference, st.cell),
                target_text(b.target, lang),
                fmt.minutes(b.value_s, lower_bound=b.still_waiting),
                (
                    text("in_service" if b.clearance.started_at else "still_waiting", lang)
                    if b.still_waiting
                    else term(
                        b.clearance.outcome.value if b.clearance.outcome else "unfinished", lang
                    )
                ),
            ]
            for b in rows
        ],
        (0.12, 0.12, 0.1, 0.14, 0.14, 0.14, 0.1, 0.14),
        st,
        align="LLLLLLRL",
    )


def breaches(f: Figures, st: Styles) -> list[Flowable]:
    """A summary up front; a long list goes to the appendix at the end."""
    lang = st.lang
    out = heading("sec_breaches", st)
    if not f.breaches:
        return [*out, para(text("no_breaches", lang), st.body)]
    summary = f.breach_summary
    waiting = sum(w for _, w in summary.by_group.values())
    sentence = count_text("breach_count", len(f.breaches), lang)
    if waiting:
        sentence += (" " if lang == "en" else "") + count_text("waiting_count", waiting, lang)
    out.append(para(sentence, st.body))
    by_group: list[Sequence[Cell]] = [
        [term(group, lang), str(n), str(w)] for group, (n, w) in summary.by_group.items()
    ]
    by_lane: list[Sequence[Cell]] = [[code, str(n)] for code, n in summary.by_lane.items()]
    half = FRAME_WIDTH / 2 - 4
    left = table(
        [text("by_group", lang), text("over_target", lang), text("of_which_waiting", lang)],
        by_group,
        (0.46, 0.27, 0.27),
        st,
        width=half,
    )
    right = table(
        [text("by_lane", lang), text("over_target", lang)], by_lane, (0.6, 0.4), st, width=half
    )
    out.append(_side_by_side(left, right))
    longest = summary.longest
    out.append(para(count_text("longest", len(longest), lang), st.h2))
    out += _breach_table(longest, f, st)
    if len(f.breaches) > len(longest):
        out.append(para(text("appendix_ref", lang, n=len(f.breaches)), st.small))
    return out


def breach_appendix(f: Figures, st: Styles) -> list[Flowable]:
    """Every subject over its target, in the order they joined (only if the summary did not
    already list them all)."""
    if len(f.breaches) <= len(f.breach_summary.longest):
        return []
    return [
        PageBreak(),  # an appendix of its own, after the signatures
        para(text("appendix", st.lang), st.h1),
        *_breach_table(f.breaches, f, st),
    ]


# -- handover ---------------------------------------------------------------------


def signature_lines(labels_: Sequence[str], st: Styles) -> Table:
    """Boxes to sign by hand, with a date line under each."""
    date = text("sign_date", st.lang)
    cells: list[list[object]] = [[para(label, st.cell) for label in labels_]]
    cells.append(["" for _ in labels_])
    cells.append([para(f"{date}{fmt.colon(st.lang).strip()}", st.cell) for _ in labels_])
    width = FRAME_WIDTH / len(labels_)
    return plain_table(
        cells,
        [width] * len(labels_),
        [
            ("BOX", (0, 0), (-1, -1), 0.6, "black"),
            ("INNERGRID", (0, 0), (-1, -1), 0.3, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
        rowHeights=[14, 34, 14],
    )


def handover(f: Figures, st: Styles, *, signatures: Sequence[str]) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_handover", st)
    for shift in f.shifts:
        team = shift.team_zh if lang == "zh" else shift.team_en
        end = shift.actual_end or shift.planned_end
        title = (
            f"{team}  {fmt.full(shift.start, zone)} – {fmt.full(end, zone)}  "
            f"{text('closed_by', lang)}{fmt.colon(lang)}{fmt.officer(shift.closed_by, lang)}"
        )
        notes = shift.handover_notes.strip() or text("none", lang)
        box = plain_table(
            [[para(notes, st.body)]], [FRAME_WIDTH], [("BOX", (0, 0), (-1, -1), 0.5, "black")]
        )
        # The shift's line, its notes and their box stay on one page.
        out.append(
            KeepTogether(
                [
                    para(title, st.h2),
                    para(text("handover_notes", lang), st.small),
                    box,
                    Spacer(1, 4),
                ]
            )
        )
    out.append(Spacer(1, 8))
    out.append(KeepTogether([signature_lines([text(s, lang) for s in signatures], st)]))
    return out
