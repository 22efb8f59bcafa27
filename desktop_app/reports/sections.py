"""The numbered sections both reports share: each turns figures into flowables."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from desktop_app.reports import charts
from desktop_app.reports import formatting as fmt
from desktop_app.reports.figures import Figures, VolumeRow
from desktop_app.reports.labels import lane_kind, term, text
from desktop_app.reports.styles import FRAME_WIDTH, Styles, para, table


def heading(key: str, st: Styles) -> list[Flowable]:
    # A heading never sits alone at the foot of a page.
    return [CondPageBreak(90), para(text(key, st.lang), st.h1)]


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
        header, body, (0.25, 0.14, 0.14, 0.16, 0.16, 0.15), st, total_row=True, width=width
    )


def _side_by_side(left: list[Flowable], right: list[Flowable]) -> Table:
    half = FRAME_WIDTH / 2
    outer = Table([[left, right]], colWidths=[half, half], hAlign="LEFT")
    outer.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 4),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ]
    )
    return outer


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


def times(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    out = heading("sec_times", st)
    if not f.times:
        return [*out, para(text("no_data", lang), st.body)]
    wait_rows: list[Sequence[str | Flowable]] = [
        [
            term(t.key, lang),
            str(t.wait.count),
            fmt.minutes(t.wait.p50),
            fmt.minutes(t.wait.p90),
            fmt.minutes(t.wait.p95),
            fmt.minutes(t.wait.max),
            fmt.share(t.wait.within_target),
            str(len(t.wait.breaches)),
            str(t.wait.unserved),
        ]
        for t in f.times
    ]
    head = [text("category", lang), text("count", lang), "P50", "P90", "P95", text("max", lang)]
    out.append(para(text("wait_table", lang), st.h2))
    out += table(
        [*head, text("within_30", lang), text("over_30", lang), text("unserved", lang)],
        wait_rows,
        (0.22, 0.09, 0.08, 0.08, 0.08, 0.09, 0.12, 0.12, 0.12),
        st,
    )
    total_rows: list[Sequence[str | Flowable]] = [
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


def lanes(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_lanes", st)
    rows: list[Sequence[str | Flowable]] = [
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
    at_start = sorted(codes[i] for i in f.snapshot.open_at_start if i in codes)
    out.append(
        para(
            f"{text('open_at_start', lang)}：{'、'.join(at_start) or text('none', lang)}"
            if lang == "zh"
            else f"{text('open_at_start', lang)}: {', '.join(at_start) or text('none', lang)}",
            st.body,
        )
    )
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


def forecasts(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    s = f.forecast_summary
    out = heading("sec_forecasts", st)
    statuses = list(s.by_status)
    unforecast = sum(s.unforecast.values())
    out += table(
        [
            text("forecasts_total", lang),
            *(term(k, lang) for k in statuses),
            text("matched", lang),
            text("unforecast", lang),
        ],
        [[str(s.total), *(str(s.by_status[k]) for k in statuses), str(s.matched), str(unforecast)]],
        (0.1, 0.09, 0.09, 0.09, 0.09, 0.1, 0.1, 0.17, 0.17),
        st,
        align="R" * 9,
    )
    if s.unforecast:
        parts = [f"{term(k, lang)} {n}" for k, n in s.unforecast.items()]
        colon, comma = ("：", "，") if lang == "zh" else (": ", ", ")
        out.append(para(f"{text('unforecast', lang)}{colon}{comma.join(parts)}", st.small))
    if not f.forecasts:
        return out
    out.append(Spacer(1, 4))
    rows: list[Sequence[str | Flowable]] = [
        [
            fmt.local(r.forecast.expected_at, zone),
            para(r.forecast.reference, st.cell),
            term(r.forecast.mode, lang),
            term(r.forecast.direction, lang),
            str(r.forecast.expected_travellers),
            str(r.forecast.actual_persons),
            str(r.forecast.expected_vehicles),
            str(r.forecast.actual_vehicles),
            fmt.local(r.forecast.arrived_at, zone, "%H:%M"),
            fmt.minutes(r.delay_s),
            term(r.status, lang),
        ]
        for r in f.forecasts
    ]
    out += table(
        [
            text("expected_at", lang),
            text("reference", lang),
            text("mode", lang),
            text("direction", lang),
            text("expected_people", lang),
            text("actual_people", lang),
            text("expected_vehicles", lang),
            text("actual_vehicles", lang),
            text("arrived_at", lang),
            text("delay_min", lang),
            text("status", lang),
        ],
        rows,
        (0.11, 0.12, 0.06, 0.06, 0.09, 0.09, 0.09, 0.09, 0.09, 0.11, 0.09),
        st,
        align="LLLLRRRRRRL",
    )
    return out


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
                    fmt.minutes(c.wait.p50),
                    fmt.minutes(c.wait.p90),
                    fmt.minutes(c.wait.max),
                    str(sum(1 for b in f.breaches if b.clearance.lane_kind.value == c.kind)),
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
            (0.1, 0.11, 0.1, 0.12, 0.14, 0.23, 0.2),
            st,
            align="LLLLLLL",
        )
    else:
        out.append(para(text("none", lang), st.body))
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
        (0.11, 0.11, 0.25, 0.13, 0.08, 0.13, 0.11, 0.08),
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
    rows: list[Sequence[str | Flowable]] = []
    for c in f.checks:
        row: list[str | Flowable] = []
        if per_shift:
            shift = shifts.get(c.shift_id)
            label = (
                f"{shift.team_zh if lang == 'zh' else shift.team_en} {fmt.local(shift.start, zone)}"
                if shift
                else ""
            )
            row.append(para(label, st.cell))
        row += [
            para(c.label_zh if lang == "zh" else c.label_en, st.cell),
            term(c.result or "not_done", lang),
            para(c.note, st.cell) if c.note else "",
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
            (0.16, 0.27, 0.08, 0.22, 0.11, 0.16),
            st,
            align="LLCLLL",
        )
    else:
        out += table(header, rows, (0.34, 0.09, 0.28, 0.12, 0.17), st, align="LCLLL")
    return out


def sync(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_sync", st)
    if not f.sync:
        return [*out, para(text("none", lang), st.body)]
    rows: list[Sequence[str | Flowable]] = [
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


def breaches(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_breaches", st)
    if not f.breaches:
        return [*out, para(text("no_breaches", lang), st.body)]
    out.append(para(text("breach_count", lang, n=len(f.breaches)), st.body))
    out += table(
        [
            text("joined_at", lang),
            text("started_at", lang),
            text("lane", lang),
            text("category", lang),
            text("reference", lang),
            text("wait_min", lang),
            text("total_min", lang),
            text("outcome", lang),
        ],
        [
            [
                fmt.local(b.clearance.joined_at, zone),
                fmt.local(b.clearance.started_at, zone, "%H:%M"),
                b.clearance.lane_code,
                term(b.category, lang),
                b.clearance.reference,
                fmt.minutes(b.wait_s),
                fmt.minutes(b.total_s),
                term(b.clearance.outcome.value if b.clearance.outcome else "unfinished", lang),
            ]
            for b in f.breaches
        ],
        (0.13, 0.1, 0.1, 0.17, 0.16, 0.1, 0.11, 0.13),
        st,
        align="LLLLLRRL",
    )
    return out


def signature_lines(labels_: Sequence[str], st: Styles) -> Table:
    """Boxes to sign by hand, with a date line under each."""
    date = text("sign_date", st.lang)
    cells = [[para(label, st.cell) for label in labels_]]
    cells.append(["" for _ in labels_])
    colon = "：" if st.lang == "zh" else ":"
    cells.append([para(f"{date}{colon}", st.cell) for _ in labels_])
    width = FRAME_WIDTH / len(labels_)
    t = Table(cells, colWidths=[width] * len(labels_), rowHeights=[14, 34, 14], hAlign="LEFT")
    t.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 0.6, "black"),
            ("INNERGRID", (0, 0), (-1, -1), 0.3, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    return t


def handover(f: Figures, st: Styles, *, signatures: Sequence[str]) -> list[Flowable]:
    lang = st.lang
    zone = f.snapshot.zone
    out = heading("sec_handover", st)
    for shift in f.shifts:
        team = shift.team_zh if lang == "zh" else shift.team_en
        end = shift.actual_end or shift.planned_end
        colon = "：" if lang == "zh" else ": "
        title = (
            f"{team}  {fmt.full(shift.start, zone)} – {fmt.full(end, zone)}  "
            f"{text('closed_by', lang)}{colon}{fmt.officer(shift.closed_by, lang)}"
        )
        notes = shift.handover_notes.strip() or text("none", lang)
        box = Table([[para(notes, st.body)]], colWidths=[FRAME_WIDTH], hAlign="LEFT")
        box.setStyle([("BOX", (0, 0), (-1, -1), 0.5, "black")])
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


def key_figures(f: Figures, st: Styles) -> list[Flowable]:
    lang = st.lang
    k = f.key
    header = [
        text("subjects_total", lang),
        f"{term('person', lang)} / {term('vehicle', lang)} / {term('train', lang)}",
        text("breaches_total", lang),
        text("citizen_p90", lang),
        text("citizen_within", lang),
        text("referred_refused", lang),
        text("still_open", lang),
    ]
    row = [
        str(k.subjects),
        f"{k.persons} / {k.vehicles} / {k.trains}",
        str(k.breaches),
        f"{fmt.minutes(k.citizen_p90_s)} {text('minutes', lang)}",
        fmt.share(k.citizen_within),
        f"{k.referred} / {k.refused}",
        str(k.unfinished),
    ]
    return [
        para(text("key_figures", lang), st.h2),
        *table(header, [row], (0.12, 0.18, 0.14, 0.16, 0.14, 0.14, 0.12), st, align="C" * 7),
    ]
