"""The station-wide daily and monthly report: every port on one page, as PDF and CSV.

For each port: its calendar status, Chinese citizens served with their P90
wait and share within 30 minutes, breaches (waits over 30 minutes, every
category), the longest wait, queue warnings raised, and how fresh HQ's data
is; the monthly report adds the days the target was missed (a day on which a
Chinese citizen waited over 30 minutes: the published target is per
citizen) out of the days the port opened.  A port HQ has not heard from
since before the period ended is marked "as of" its last contact: its
figures may still grow.

The figures come from ``desktop_app.stats`` over each port's rows
(``PortView``), the very functions behind the desk's screens, ``stats`` and
reports; the PDF uses the reports' page, fonts and table styles.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, func, select

from desktop_app import alerts, port_calendar, stats
from desktop_app.forecasts import local_day_bounds
from hq.console import calendars, rollup
from hq.console.i18n import Lang, Translator
from hq.console.portview import PortView
from hq.models import Device

Kind = Literal["daily", "monthly"]


@dataclass(frozen=True)
class StationLine:
    code: str
    name_zh: str
    name_en: str
    time_zone: str
    status: str  # the calendar's status word at the period's end (or now)
    subjects: int
    citizens: int
    citizen_p90_s: float | None
    citizen_within: float | None
    breaches: int
    longest_wait_s: float | None
    alerts: int
    days_open: int | None  # monthly only
    days_missed: int | None  # monthly only: days a citizen waited over 30 minutes
    last_contact: datetime | None
    as_of: datetime | None  # set when HQ's data may not cover the whole period yet


@dataclass(frozen=True)
class StationReport:
    kind: Kind
    first_day: date
    last_day: date
    generated_at: datetime
    lines: list[StationLine]

    @property
    def period(self) -> str:
        if self.kind == "daily":
            return self.first_day.isoformat()
        return self.first_day.strftime("%Y-%m")


def month_days(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def build(
    engine: Engine, kind: Kind, day: date, now: datetime, *, ports: list[str] | None = None
) -> StationReport:
    """The report of ``day``'s date (daily) or of its month (monthly), for every port."""
    first, last = (day, day) if kind == "daily" else month_days(day)
    port_rows = calendars.ports_with_calendars(engine)
    with engine.connect() as conn:
        contact = dict(
            conn.execute(
                select(Device.port_id, func.max(Device.last_seen_at))
                .where(Device.revoked_at.is_(None))
                .group_by(Device.port_id)
            ).all()
        )
    lines = []
    for port, cal in port_rows:
        if ports and port.code not in ports:
            continue
        view = PortView(engine, port.code, now=lambda: now)
        start, _ = local_day_bounds(view, first)
        _, end = local_day_bounds(view, last)
        end = min(end, max(now, start))
        # ``stats.wait_stats``' own steps, without the vehicles' own targets (not shown here).
        clearances = stats.period_clearances(view, start, end, now)
        citizens = stats.wait_summary(
            [r for r in clearances if stats.category(r) == rollup.CITIZENS], now
        )
        everyone = stats.wait_summary(clearances, now)
        days_open = days_missed = None
        if kind == "monthly":
            today = view.local_time(now).date()
            opened = port_calendar.open_days(cal, first, min(last, today))
            days_open = len(opened)
            days_missed = _days_missed(view, clearances, now)
        last_contact = _utc(contact.get(port.id))
        lines.append(
            StationLine(
                code=port.code,
                name_zh=port.name_zh,
                name_en=port.name_en,
                time_zone=port.time_zone,
                status=port_calendar.status_of(cal, min(end, now)).reason.value,
                subjects=len(clearances),
                citizens=citizens.count,
                citizen_p90_s=citizens.p90,
                citizen_within=citizens.within_target,
                breaches=len(everyone.breaches),
                longest_wait_s=everyone.max,
                alerts=_alerts(view, start, end, now),
                days_open=days_open,
                days_missed=days_missed,
                last_contact=last_contact,
                as_of=last_contact if last_contact is None or last_contact < end else None,
            )
        )
    return StationReport(kind, first, last, now, lines)


def _utc(at: datetime | None) -> datetime | None:
    if at is None:
        return None
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _days_missed(view: PortView, rows: list, as_of: datetime) -> int:
    """Days on which a Chinese citizen waited over 30 minutes (still waiting counts)."""
    by_day: dict[date, list] = defaultdict(list)
    for row in rollup.citizens_of(rows):
        by_day[view.local_time(row.joined_at).date()].append(row)
    return sum(1 for members in by_day.values() if stats.wait_summary(members, as_of).breaches)


def _alerts(view: PortView, start: datetime, end: datetime, as_of: datetime) -> int:
    """Alert episodes that started in [start, end), as of ``as_of`` (``desktop_app.alerts``)."""
    return len(alerts.started_in(view, start, end, as_of=as_of))


# -- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "port",
    "name_zh",
    "name_en",
    "status",
    "subjects",
    "citizens",
    "citizen_p90_s",
    "citizen_within_30_min",
    "breaches",
    "longest_wait_s",
    "alerts",
    "days_open",
    "days_missed",
    "last_contact_utc",
    "as_of_utc",
)


def to_csv(report: StationReport) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheets read the Chinese names); raw figures."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for x in report.lines:
        writer.writerow(
            [
                x.code,
                x.name_zh,
                x.name_en,
                x.status,
                x.subjects,
                x.citizens,
                _number(x.citizen_p90_s),
                _number(x.citizen_within),
                x.breaches,
                _number(x.longest_wait_s),
                x.alerts,
                "" if x.days_open is None else x.days_open,
                "" if x.days_missed is None else x.days_missed,
                x.last_contact.isoformat() if x.last_contact else "",
                x.as_of.isoformat() if x.as_of else "",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _number(value: float | None) -> str:
    return "" if value is None else repr(round(value, 6))


# -- PDF ------------------------------------------------------------------------------------


def title(report: StationReport, t: Translator) -> str:
    if report.kind == "daily":
        return t("Station daily report")
    return t("Station monthly report")


def write_pdf(report: StationReport, path: str | os.PathLike[str], lang: Lang) -> int:
    """Write the report as an A4 PDF (the desk reports' page, fonts and tables); its pages."""
    from reportlab.platypus import Paragraph, Spacer

    from desktop_app.reports import document
    from desktop_app.reports.styles import para, styles, table

    t = Translator(lang)
    st = styles(lang)
    zone = report.lines[0].time_zone if report.lines else "UTC"
    monthly = report.kind == "monthly"
    header = [
        t("Port"),
        t("Status"),
        t("Citizens"),
        t("Citizens' P90 wait"),
        t("Within 30 min"),
        t("Breaches"),
        t("Longest wait"),
        t("Warnings"),
    ]
    widths = [0.17, 0.1, 0.08, 0.11, 0.09, 0.07, 0.09, 0.08]
    if monthly:
        header += [t("Days missed")]
        widths += [0.08]
    header += [t("Data as of")]
    widths += [1 - sum(widths)]
    align = "LL" + "R" * (len(header) - 3) + "L"
    rows = []
    for x in report.lines:
        name = x.name_zh if lang == "zh" else x.name_en
        row = [
            para(f"{x.code} {name}", st.cell),
            para(t.word(x.status), st.cell),
            str(x.citizens),
            t.wait(x.citizen_p90_s),
            t.share(x.citizen_within),
            str(x.breaches),
            t.wait(x.longest_wait_s),
            str(x.alerts),
        ]
        if monthly:
            row.append(f"{x.days_missed} / {x.days_open}")
        if x.last_contact is None:
            fresh = t("no device")
        elif x.as_of is not None:
            fresh = t("as of {time}", time=t.moment(x.as_of, x.time_zone))
        else:
            fresh = t("complete")
        row.append(para(fresh, st.cell))
        rows.append(row)
    generated = t.moment(report.generated_at, zone)
    story = [
        Paragraph(title(report, t), st.title),
        para(f"{t('Period')}: {report.period} · {t('Generated at')} {generated}", st.subtitle),
        *table(header, rows, widths, st, align=align),
        Spacer(1, 6),
        para(
            t(
                "Waits are joined queue to service started, as on the desks. Breaches: waits "
                "over 30 minutes, every category. A day missed: a Chinese citizen waited over "
                '30 minutes that day. "As of": HQ last heard from the port then; later '
                "records may still arrive."
            ),
            st.small,
        ),
    ]
    furniture = document.PageFurniture(
        header_left=title(report, t),
        header_right=f"{t('Period')} {report.period}",
        footer_left=f"{t('Generated at')} {generated}",
        page_of=lambda page, pages: t("page {page} of {pages}", page=page, pages=pages),
    )
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        pages = document.render(
            story,
            temp,
            furniture,
            title=title(report, t),
            author="Checkpoint Desk HQ",
            subject=report.period,
            creator="Checkpoint Desk HQ",
            lang=lang,
        )
        Path(temp).chmod(0o644)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return pages
