"""How the printed reports read: nothing overprints, words and numbers as readers expect.

The defects this guards against were found on paper: a Chinese title that said
口岸 twice, "HK, Macao, Taiwan residents" running into the next column,
"Directi/on" broken inside the word, "1 waits", "– minutes" where there was no
figure, a breach list without the date of a service begun after midnight,
rounding half to even, Helvetica named (not embedded) in every PDF, histogram
series told apart by grey level only, hour axes crowded on a long period, and
a 22-page breach list in the middle of a bad day's report.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from conftest import Clock, make_post
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table
from test_reports_dataset import DAY2, build_dataset

from db.enums import Outcome, SubjectKind, TravellerCategory
from desktop_app import clearance, reports, rounding
from desktop_app.reports import charts, covers
from desktop_app.reports.build import layout
from desktop_app.reports.figures import hourly
from desktop_app.reports.labels import count_text, section_number
from desktop_app.reports.snapshot import Period, PortInfo, Snapshot
from desktop_app.reports.styles import CELL_PADDING, FONT

LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    made = build_dataset(tmp_path_factory.mktemp("layout") / "post")
    yield made
    made.post.desk.close()


def bad_day(directory: Path) -> tuple[object, datetime]:
    """A Torugart day where 420 citizens and 60 foreign nationals waited 31 to 100 minutes."""
    clock = Clock(datetime(2026, 3, 10, 10, tzinfo=UTC))
    post = make_post(directory, clock)  # shift opened 08:00 UTC
    start = clock.at - timedelta(hours=2)
    hk = TravellerCategory.HK_MACAO_TAIWAN
    for n in range(480):
        joined = start + timedelta(seconds=20 * n)
        category = (
            TravellerCategory.CHINESE_CITIZEN if n % 8 else TravellerCategory.FOREIGN_NATIONAL
        )
        if n % 50 == 7:
            category = hk
        event = clearance.join_queue(
            post.desk,
            lane_id=post.lane.id,
            reference=f"BAD{n:04d}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=category,
            by=post.officer.id,
            at=joined,
        )
        if n < 470:
            began = joined + timedelta(minutes=31 + n % 70)
            clock.at = max(clock.at, began + timedelta(seconds=30))
            clearance.start_service(
                post.desk, clearance_id=event.clearance_id, by=post.officer.id, at=began
            )
            clearance.finish(
                post.desk,
                clearance_id=event.clearance_id,
                outcome=Outcome.CLEARED,
                by=post.officer.id,
                at=began + timedelta(seconds=25),
            )
    return post, clock.at


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    post, _ = bad_day(tmp_path_factory.mktemp("bad") / "post")
    yield post
    post.desk.close()


# -- nothing overprints ---------------------------------------------------------------


def tables(flowables: list[Flowable]) -> list[Table]:
    out = []
    for f in flowables:
        if isinstance(f, KeepTogether):
            out += tables(f._content)
        elif isinstance(f, Table):
            out.append(f)
            for row in f._cellvalues:
                for cell in row:
                    if isinstance(cell, list | tuple):
                        out += tables(list(cell))
    return out


def _lines(p: Paragraph) -> list[str]:
    source = p.text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return source.split("<br/>")


def overprints(flowables: list[Flowable]) -> list[str]:
    """Cells whose text is wider than the column, or whose words break inside.

    A plain string is drawn on one line and overprints the next column if too wide.
    A paragraph wraps, but a word wider than the column breaks in the middle
    ("Directi/on"); a header line in Chinese is meant to fit whole.
    """
    problems = []
    for t in tables(flowables):
        for r, row in enumerate(t._cellvalues):
            for c, cell in enumerate(row):
                room = t._colWidths[c] - 2 * CELL_PADDING
                if isinstance(cell, str):
                    for line in cell.split("\n"):
                        if stringWidth(line, FONT, 7.6) > room + 0.01:
                            problems.append(f"{line!r} in a {t._colWidths[c]:.0f} pt column")
                elif isinstance(cell, Paragraph):
                    size = cell.style.fontSize
                    for line in _lines(cell):
                        ascii_line = line.isascii()
                        pieces = line.split() if ascii_line else ([line] if r == 0 else [])
                        for piece in pieces:
                            if stringWidth(piece, FONT, size) > room + 0.01:
                                problems.append(f"{piece!r} in a {t._colWidths[c]:.0f} pt column")
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_no_cell_runs_into_its_neighbour(data, bad, lang):
    desk = data.post.desk
    for figures in (
        reports.shift_figures(desk, data.shift_a),
        reports.shift_figures(desk, data.shift_b),
        reports.daily_figures(desk, DAY2),
        reports.daily_figures(bad.desk, date(2026, 3, 10)),
        reports.shift_figures(bad.desk, bad.shift.id),
    ):
        assert overprints(layout(figures, lang)) == []


def test_the_checker_finds_an_overprint():
    """The check above can fail: the old layout's cells are caught."""
    from desktop_app.reports.styles import plain_table, styles

    st = styles("en")
    narrow = plain_table([["HK, Macao, Taiwan residents", "1"]], [63, 30], [])
    header = plain_table([[Paragraph("Direction", st.head)]], [30], [])
    assert len(overprints([narrow, header])) == 2


# -- words and numbers -----------------------------------------------------------------


def test_titles_say_the_port_once(data):
    day = reports.daily_figures(data.post.desk, DAY2).snapshot
    assert covers.title(day, "zh") == "吐尔尕特口岸日报"
    assert "口岸口岸" not in covers.title(day, "zh")
    assert covers.title(day, "en") == "Torugart — Daily report"


def test_one_wait_is_singular():
    assert count_text("breach_count", 1, "en") == "1 wait over target."
    assert count_text("breach_count", 3, "en") == "3 waits over target."
    assert count_text("breach_count", 1, "zh") == "共1人/次超过目标。"


def test_rounding_is_half_up_and_said_on_the_page(data, tmp_path):
    assert rounding.half_up(2.25) == "2.3"  # Python's own: "2.2"
    assert f"{2.25:.1f}" == "2.2"
    assert rounding.minutes(135) == "2.3" and rounding.percent(0.0625) == "6.3%"
    assert rounding.half_up(-0.04) == "0.0" and rounding.half_up(0.35) == "0.4"
    result = reports.build_shift_report(data.post.desk, data.shift_b, tmp_path / "b.pdf", "en")
    with pdfplumber.open(result.path) as pdf:
        body = " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())
    assert "rounded half up (四舍五入)" in body
    assert "– minutes" not in body and "– min" not in body


def test_no_dash_with_a_unit_where_there_is_no_figure(data, tmp_path):
    """Shift C had nobody: its key figures say – without "minutes" after it."""
    for lang in LANGS:
        result = reports.build_shift_report(
            data.post.desk, data.shift_c, tmp_path / f"c-{lang}.pdf", lang
        )
        with pdfplumber.open(result.path) as pdf:
            body = "".join("".join((p.extract_text() or "") for p in pdf.pages).split())
        assert not re.search("–(分钟|minutes)", body)


def test_section_numbers():
    assert [section_number(n, "zh") for n in (1, 9, 10, 11, 20)] == [
        "一、",
        "九、",
        "十、",
        "十一、",
        "二十、",
    ]
    assert section_number(12, "en") == "12. "


# -- charts ---------------------------------------------------------------------------------


def _long_period(hours: int, start_hour: int = 20) -> Snapshot:
    zone = ZoneInfo("Asia/Shanghai")
    start = datetime(2026, 3, 10, start_hour, tzinfo=zone).astimezone(UTC)
    end = start + timedelta(hours=hours)
    return Snapshot(
        port=PortInfo("ALS", "阿拉山口", "Alashankou", "站", "Asia/Shanghai", True),
        period=Period("shift", start, end, None, True, end),
        shifts=(),
        lanes=(),
        open_at_start=(),
        lane_changes=(),
        clearances=(),
        finishes=(),
        forecasts=(),
        approvals=(),
        emergencies=(),
        checks=(),
        sync=(),
        targets=(),
    )


@pytest.mark.parametrize("hours", [1, 5, 12, 24, 25, 60, 200, 800])
def test_hour_axis_stays_readable_for_any_period_length(hours):
    snap = _long_period(hours)
    figures = SimpleNamespace(snapshot=snap, hours=hourly(snap))  # what the axis reads
    ticks = charts.hour_ticks(figures)  # type: ignore[arg-type]
    assert len(figures.hours) == hours
    assert 1 <= len(ticks) <= charts.MAX_TICKS
    labels = [charts._hour_label(figures, i) for i in ticks]
    if hours >= 24:  # on round local hours; a day's change shows its date
        assert any(re.fullmatch(r"\d\d-\d\d", label) for label in labels), labels


def test_histogram_series_differ_without_grey():
    """In black-and-white print each series has its own hatch or solid fill."""
    looks = {(pen.hatch, pen.fill == charts.black) for pen in charts.PENS}
    assert len(looks) == len(charts.PENS)
    drawing = Drawing(100, 100)
    charts._hatch(drawing, 10, 10, 20, 40, charts.PENS[1])
    assert any(isinstance(c, Line) for c in drawing.contents)
    assert sum(isinstance(c, Rect) for c in drawing.contents) == 1
    for c in drawing.contents:  # the hatching stays inside the bar
        if isinstance(c, Line):
            assert min(c.x1, c.x2) >= 10 - 1e-6 and max(c.x1, c.x2) <= 30 + 1e-6
            assert min(c.y1, c.y2) >= 10 - 1e-6 and max(c.y1, c.y2) <= 50 + 1e-6


# -- a bad day ------------------------------------------------------------------------------


def test_a_bad_day_keeps_its_breach_list_in_an_appendix(bad, tmp_path):
    result = reports.build_daily_report(bad.desk, date(2026, 3, 10), tmp_path / "bad.pdf")
    with pdfplumber.open(result.path) as pdf:
        pages = ["".join((p.extract_text() or "").split()) for p in pdf.pages]
    text = "".join(pages)
    summary, signatures = text.index("等候最长的10人/次"), text.index("值班领导（签字）")
    appendix = next(i for i, p in enumerate(pages) if "附录A超过目标的等候明细" in p)
    # the summary up front, the list after the signatures, on pages of its own
    assert summary < signatures < text.index("附录A超过目标的等候明细")
    assert "值班领导（签字）" not in "".join(pages[appendix:])
    assert "完整名单（480人/次）见附录A" in "".join(pages)
    # the appendix has every one of them: the 470 served and the 10 still waiting
    listed = set(re.findall(r"BAD\d{4}", "".join(pages[appendix:])))
    assert len(listed) == 480
    english = reports.build_daily_report(bad.desk, date(2026, 3, 10), tmp_path / "bad-en.pdf", "en")
    with pdfplumber.open(english.path) as pdf:
        text = " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())
    assert "480 waits over target." in text and "Appendix A. Every wait over target" in text
    assert "HK, Macao, Taiwan" in text
