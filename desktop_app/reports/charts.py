"""The report's charts, drawn with ReportLab's graphics (vector, embedded in the PDF).

Everything is black, white and greys with dash patterns, marker shapes and
hatching, so a chart reads the same from a monochrome printer: no series is
told apart by colour or grey level alone (the histogram's bars are hatched).
Hour axes label a readable number of ticks for any period length, on round
local hours, with the date at midnight.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.axes import YValueAxis
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import Color, black, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.reports import labels
from desktop_app.reports.figures import TARGET_S, Figures
from desktop_app.reports.labels import Lang


@dataclass(frozen=True)
class Pen:
    """How one series is drawn: stroke grey level, dash pattern, marker, bar fill and hatch."""

    stroke: Color
    dash: tuple[float, ...] | None
    width: float
    marker: str
    fill: Color
    hatch: str = ""  # over a bar's fill: diagonal, antidiagonal, horizontal, vertical, cross, dots


# Told apart by dash, marker shape and hatching first, grey level second.
PENS: tuple[Pen, ...] = (
    Pen(black, None, 1.4, "FilledSquare", black),
    Pen(Color(0.35, 0.35, 0.35), (4, 2), 1.2, "FilledCircle", white, "diagonal"),
    Pen(black, (1, 2), 1.2, "Triangle", white, "horizontal"),
    Pen(Color(0.45, 0.45, 0.45), (6, 2, 1, 2), 1.2, "FilledDiamond", white, "cross"),
    Pen(black, (3, 3), 0.9, "Cross", Color(0.8, 0.8, 0.8), "vertical"),
    Pen(Color(0.25, 0.25, 0.25), None, 0.7, "Circle", white, "dots"),
)
HATCH_STEP = 2.6  # points between hatch lines
BAR_GREY = Color(0.78, 0.78, 0.78)
AXIS_FONT_SIZE = 7
LEGEND_FONT_SIZE = 7.5


def _pen(i: int) -> Pen:
    return PENS[i % len(PENS)]


def _nice_max(value: float, floor: float) -> float:
    """An axis maximum above ``value`` (and at least ``floor``) on a round step."""
    top = max(value, floor)
    step = 10 ** math.floor(math.log10(top)) if top > 0 else 1
    for mult in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if top <= mult * step:
            return mult * step
    return 10 * step


# Hours between labelled ticks, from which the smallest that keeps the labels few is taken.
AXIS_STEPS = (1, 2, 3, 4, 6, 12, 24, 48, 72, 168, 336, 720)
MAX_TICKS = 13


def _hour_label(figures: Figures, index: int) -> str:
    """The local hour ("20"), or the date ("03-11") at midnight when the period spans days."""
    hours = figures.hours
    if not 0 <= index < len(hours):
        return ""
    local = hours[index].start.astimezone(figures.snapshot.zone)
    if local.hour == 0 and index > 0:
        return local.strftime("%m-%d")
    return local.strftime("%H")


def axis_step(n_hours: int) -> int:
    return next((s for s in AXIS_STEPS if math.ceil(n_hours / s) <= MAX_TICKS), AXIS_STEPS[-1])


def hour_ticks(figures: Figures) -> list[int]:
    """The hour bins to label: on round local hours (multiples of the step, days at midnight)."""
    n = len(figures.hours)
    step = axis_step(n)
    zone = figures.snapshot.zone
    ticks = []
    for i, hour in enumerate(figures.hours):
        local = hour.start.astimezone(zone)
        if step < 24:
            on = local.hour % step == 0
        else:
            on = local.hour == 0 and local.toordinal() % (step // 24) == 0
        if on:
            ticks.append(i)
    if len(ticks) < 2:  # a short period: from its first hour
        ticks = list(range(0, n, step))
    return ticks


def _hatch(drawing: Drawing, x: float, y: float, w: float, h: float, pen: Pen) -> None:
    """A bar: filled, outlined, and hatched so that it reads apart without grey levels."""
    drawing.add(Rect(x, y, w, h, fillColor=pen.fill, strokeColor=black, strokeWidth=0.4))
    if w <= 0.5 or h <= 0.5 or not pen.hatch:
        return
    line = {"strokeColor": black, "strokeWidth": 0.45}
    x1, y1 = x + w, y + h
    if pen.hatch in ("horizontal",):
        at = y + HATCH_STEP / 2
        while at < y1:
            drawing.add(Line(x, at, x1, at, **line))
            at += HATCH_STEP
    if pen.hatch in ("vertical",):
        at = x + HATCH_STEP / 2
        while at < x1:
            drawing.add(Line(at, y, at, y1, **line))
            at += HATCH_STEP
    if pen.hatch in ("diagonal", "cross"):  # y = x + c, clipped to the bar
        c = y - x1 + HATCH_STEP / 2
        while c < y1 - x:
            lo, hi = max(x, y - c), min(x1, y1 - c)
            if hi > lo:
                drawing.add(Line(lo, lo + c, hi, hi + c, **line))
            c += HATCH_STEP * 1.4
    if pen.hatch in ("antidiagonal", "cross"):  # y = c - x
        c = x + y + HATCH_STEP / 2
        while c < x1 + y1:
            lo, hi = max(x, c - y1), min(x1, c - y)
            if hi > lo:
                drawing.add(Line(lo, c - lo, hi, c - hi, **line))
            c += HATCH_STEP * 1.4
    if pen.hatch == "dots":
        cy = y + HATCH_STEP / 2
        while cy < y1:
            cx = x + HATCH_STEP / 2
            while cx < x1:
                drawing.add(Circle(cx, cy, 0.45, fillColor=black, strokeColor=None))
                cx += HATCH_STEP
            cy += HATCH_STEP


def _legend(
    drawing: Drawing,
    x: float,
    y: float,
    entries: Sequence[tuple[str, str, Pen]],  # (kind: line|bar, text, pen)
    font: str,
    width: float,
) -> None:
    """A one- or two-row legend of line and bar swatches, left to right."""
    cursor_x, cursor_y = x, y
    for kind, text, pen in entries:
        item_width = 24 + stringWidth(text, font, LEGEND_FONT_SIZE) + 14
        if cursor_x + item_width > x + width:
            cursor_x, cursor_y = x, cursor_y - 11
        if kind == "line":
            drawing.add(
                Line(
                    cursor_x,
                    cursor_y + 3,
                    cursor_x + 20,
                    cursor_y + 3,
                    strokeColor=pen.stroke,
                    strokeWidth=pen.width,
                    strokeDashArray=pen.dash,
                )
            )
            if pen.marker:
                marker = makeMarker(pen.marker)
                marker.x, marker.y, marker.size = cursor_x + 10, cursor_y + 3, 4
                marker.strokeColor, marker.fillColor = pen.stroke, pen.stroke
                drawing.add(marker)
        else:
            _hatch(drawing, cursor_x + 4, cursor_y - 1, 12, 8, pen)
        drawing.add(String(cursor_x + 24, cursor_y, text, fontName=font, fontSize=LEGEND_FONT_SIZE))
        cursor_x += item_width


def _empty(drawing: Drawing, font: str, lang: Lang) -> Drawing:
    drawing.add(
        String(
            drawing.width / 2,
            drawing.height / 2,
            labels.text("no_data", lang),
            fontName=font,
            fontSize=9,
            textAnchor="middle",
        )
    )
    return drawing


def waits_by_hour(figures: Figures, width: float, font: str, lang: Lang) -> Drawing:
    """Hourly P90 wait per category (by hour of joining), against the 30-minute line."""
    height = 200.0
    drawing = Drawing(width, height)
    hours = figures.hours
    categories = [k for k in figures.categories if any(h.wait_p90.get(k) for h in hours)]
    if not hours or not categories:
        return _empty(drawing, font, lang)
    n = len(hours)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 36, 58, width - 50, height - 78
    data: list[list[tuple[float, float]]] = []
    pens: list[Pen] = []
    top = TARGET_S / 60
    for i, key in enumerate(categories):
        # One series per run of hours with data, so an empty hour is a gap, not a slope.
        run: list[tuple[float, float]] = []
        for h_index, hour in enumerate(hours):
            value = hour.wait_p90.get(key)
            if value is None:
                if run:
                    data.append(run)
                    pens.append(_pen(i))
                run = []
                continue
            run.append((h_index + 0.5, value / 60))
            top = max(top, value / 60)
        if run:
            data.append(run)
            pens.append(_pen(i))
    target = Pen(black, (6, 3), 1.6, "", white)
    data.append([(0, TARGET_S / 60), (n, TARGET_S / 60)])
    pens.append(target)
    plot.data = data
    for index, pen in enumerate(pens):
        line = plot.lines[index]
        line.strokeColor, line.strokeWidth = pen.stroke, pen.width
        line.strokeDashArray = pen.dash
        if pen.marker:
            marker = makeMarker(pen.marker)
            marker.size, marker.strokeColor, marker.fillColor = 4, pen.stroke, pen.stroke
            line.symbol = marker
    x_axis = plot.xValueAxis
    x_axis.valueMin, x_axis.valueMax = 0, n
    x_axis.valueSteps = hour_ticks(figures)
    x_axis.labelTextFormat = lambda v: _hour_label(figures, int(v))
    y_axis = plot.yValueAxis
    y_axis.valueMin, y_axis.valueMax = 0, _nice_max(top * 1.05, 35)
    y_axis.visibleGrid, y_axis.gridStrokeColor = True, Color(0.85, 0.85, 0.85)
    y_axis.gridStrokeWidth = 0.3
    for axis in (x_axis, y_axis):
        axis.labels.fontName, axis.labels.fontSize = font, AXIS_FONT_SIZE
    drawing.add(plot)
    drawing.add(
        String(
            6,
            plot.y + plot.height + 6,
            labels.text("wait_minutes", lang),
            fontName=font,
            fontSize=AXIS_FONT_SIZE,
        )
    )
    drawing.add(
        String(
            plot.x + plot.width,
            plot.y - 24,
            labels.text("hour", lang),
            fontName=font,
            fontSize=AXIS_FONT_SIZE,
            textAnchor="end",
        )
    )
    entries = [("line", labels.term(k, lang), _pen(i)) for i, k in enumerate(categories)]
    entries.append(("line", labels.text("target_line", lang), target))
    _legend(drawing, plot.x, 16, entries, font, plot.width)
    return drawing


def arrivals_and_lanes(figures: Figures, width: float, font: str, lang: Lang) -> Drawing:
    """Arrivals per hour (bars, left axis) against the lanes open (line, right axis)."""
    height = 175.0
    drawing = Drawing(width, height)
    hours = figures.hours
    if not hours:
        return _empty(drawing, font, lang)
    n = len(hours)
    x, y, w, h = 36, 40, width - 72, height - 60
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = x, y, w, h
    bars.data = [[hour.arrivals for hour in hours]]
    bars.bars[0].fillColor, bars.bars[0].strokeColor = BAR_GREY, black
    bars.bars[0].strokeWidth = 0.4
    ticks = set(hour_ticks(figures))
    bars.categoryAxis.categoryNames = [
        _hour_label(figures, i) if i in ticks else "" for i in range(n)
    ]
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = _nice_max(max(hour.arrivals for hour in hours) * 1.05, 10)
    bars.valueAxis.visibleGrid, bars.valueAxis.gridStrokeColor = True, Color(0.85, 0.85, 0.85)
    bars.valueAxis.gridStrokeWidth = 0.3
    for axis in (bars.categoryAxis, bars.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, AXIS_FONT_SIZE
    drawing.add(bars)

    lanes_max = _nice_max(max(hour.lanes_open for hour in hours) * 1.1, 4)
    line = LinePlot()
    line.x, line.y, line.width, line.height = x, y, w, h
    line.data = [[(i + 0.5, hour.lanes_open) for i, hour in enumerate(hours)]]
    pen = _pen(0)
    line.lines[0].strokeColor, line.lines[0].strokeWidth = pen.stroke, pen.width
    marker = makeMarker("FilledCircle")
    marker.size, marker.fillColor, marker.strokeColor = 3.5, black, black
    line.lines[0].symbol = marker
    line.xValueAxis.valueMin, line.xValueAxis.valueMax = 0, n
    line.xValueAxis.visible = False
    line.yValueAxis.valueMin, line.yValueAxis.valueMax = 0, lanes_max
    line.yValueAxis.visible = False
    drawing.add(line)

    right = YValueAxis()
    right.setPosition(x + w, y, h)
    right.valueMin, right.valueMax = 0, lanes_max
    right.tickLeft, right.tickRight = 0, 3
    right.labels.boxAnchor, right.labels.dx = "w", 4
    right.labels.fontName, right.labels.fontSize = font, AXIS_FONT_SIZE
    right.configure([[0, lanes_max]])
    drawing.add(right)
    drawing.add(
        String(
            x - 30, y + h + 6, labels.text("arrivals", lang), fontName=font, fontSize=AXIS_FONT_SIZE
        )
    )
    drawing.add(
        String(
            x + w + 30,
            y + h + 6,
            labels.text("lanes_open", lang),
            fontName=font,
            fontSize=AXIS_FONT_SIZE,
            textAnchor="end",
        )
    )
    entries = [
        ("bar", labels.text("arrivals", lang), Pen(black, None, 0.4, "", BAR_GREY)),
        ("line", labels.text("lanes_open", lang), Pen(black, None, 1.4, "FilledCircle", black)),
    ]
    _legend(drawing, x, 8, entries, font, w)
    return drawing


def wait_histogram(figures: Figures, width: float, font: str, lang: Lang) -> Drawing:
    """Share of each category's waits in 5-minute bins (hatched bars); the target marked."""
    height = 195.0
    drawing = Drawing(width, height)
    hist = figures.histogram
    categories = [k for k, counts in hist.counts.items() if sum(counts)]
    if not categories:
        return _empty(drawing, font, lang)
    edges = hist.edges
    x0, y0, plot_w, plot_h = 36.0, 58.0, width - 50, height - 78
    shares = []
    for key in categories:
        counts = hist.counts[key]
        total = sum(counts)
        shares.append([100 * c / total for c in counts])
    top = min(100.0, _nice_max(max(max(s) for s in shares) * 1.05, 10))
    axis = YValueAxis()
    axis.setPosition(x0, y0, plot_h)
    axis.valueMin, axis.valueMax = 0, top
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = (
        True,
        Color(0.85, 0.85, 0.85),
        0.3,
    )
    axis.gridStart, axis.gridEnd = x0, x0 + plot_w
    axis.labels.fontName, axis.labels.fontSize = font, AXIS_FONT_SIZE
    axis.configure([[0, top]])
    drawing.add(axis)
    drawing.add(Line(x0, y0, x0 + plot_w, y0, strokeColor=black, strokeWidth=0.6))
    group_w = plot_w / len(edges)
    gap = min(3.0, group_w * 0.15)
    bar_w = (group_w - gap) / len(categories)
    width_min = edges[1] - edges[0]
    names = [f"{e}–{e + width_min}" for e in edges[:-1]] + [f"{edges[-1]}+"]
    for b, name in enumerate(names):
        left = x0 + b * group_w + gap / 2
        for i, series in enumerate(shares):
            h = plot_h * series[b] / top
            if h > 0:
                _hatch(drawing, left + i * bar_w, y0, bar_w, h, _pen(i))
        drawing.add(
            String(
                x0 + (b + 0.5) * group_w,
                y0 - 10,
                name,
                fontName=font,
                fontSize=AXIS_FONT_SIZE,
                textAnchor="middle",
            )
        )
    # The target falls on a bin edge: a dashed line there, labelled.
    target_x = x0 + plot_w * (TARGET_S / 60 / width_min) / len(edges)
    drawing.add(
        Line(
            target_x,
            y0,
            target_x,
            y0 + plot_h + 4,
            strokeColor=black,
            strokeWidth=1.4,
            strokeDashArray=(6, 3),
        )
    )
    drawing.add(  # above the plot, where no bar can reach it
        String(
            target_x,
            y0 + plot_h + 6,
            labels.text("target_line", lang),
            fontName=font,
            fontSize=AXIS_FONT_SIZE,
            textAnchor="middle",
        )
    )
    drawing.add(
        String(
            6,
            y0 + plot_h + 6,
            labels.text("share_pct", lang),
            fontName=font,
            fontSize=AXIS_FONT_SIZE,
        )
    )
    drawing.add(
        String(
            x0 + plot_w,
            y0 - 24,
            labels.text("wait_minutes", lang),
            fontName=font,
            fontSize=AXIS_FONT_SIZE,
            textAnchor="end",
        )
    )
    entries = [("bar", labels.term(k, lang), _pen(i)) for i, k in enumerate(categories)]
    _legend(drawing, x0, 16, entries, font, plot_w)
    return drawing


def trend(figures: Figures, width: float, font: str, lang: Lang) -> Drawing:
    """Citizens' and other travellers' wait P90 per day against the 30-minute line."""
    height = 150.0
    drawing = Drawing(width, height)
    days = figures.trend
    groups = ("chinese_citizen", "other_travellers")
    if not any(d.groups.get(g) and d.groups[g].p90 is not None for d in days for g in groups):
        return _empty(drawing, font, lang)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 36, 40, width - 50, height - 58
    data: list[list[tuple[float, float]]] = []
    pens: list[Pen] = []
    top = TARGET_S / 60
    entries = []
    for i, group in enumerate(groups):
        points = [
            (d_index + 0.5, row.p90 / 60)
            for d_index, d in enumerate(days)
            if (row := d.groups.get(group)) is not None and row.p90 is not None
        ]
        if not points:
            continue
        top = max([top, *(v for _, v in points)])
        data.append(points)
        pens.append(_pen(i))
        entries.append(("line", labels.term(group, lang), _pen(i)))
    target = Pen(black, (6, 3), 1.6, "", white)
    data.append([(0, TARGET_S / 60), (len(days), TARGET_S / 60)])
    pens.append(target)
    entries.append(("line", labels.text("target_line", lang), target))
    plot.data = data
    for index, pen in enumerate(pens):
        line = plot.lines[index]
        line.strokeColor, line.strokeWidth, line.strokeDashArray = pen.stroke, pen.width, pen.dash
        if pen.marker:
            marker = makeMarker(pen.marker)
            marker.size, marker.strokeColor, marker.fillColor = 5, pen.stroke, pen.stroke
            line.symbol = marker
    x_axis = plot.xValueAxis
    x_axis.valueMin, x_axis.valueMax = 0, len(days)
    x_axis.valueSteps = [i + 0.5 for i in range(len(days))]
    x_axis.labelTextFormat = lambda v: (
        days[int(v)].day.strftime("%m-%d") if 0 <= int(v) < len(days) else ""
    )
    y_axis = plot.yValueAxis
    y_axis.valueMin, y_axis.valueMax = 0, _nice_max(top * 1.05, 35)
    y_axis.visibleGrid, y_axis.gridStrokeColor = True, Color(0.85, 0.85, 0.85)
    y_axis.gridStrokeWidth = 0.3
    for axis in (x_axis, y_axis):
        axis.labels.fontName, axis.labels.fontSize = font, AXIS_FONT_SIZE
    drawing.add(plot)
    drawing.add(
        String(
            6,
            plot.y + plot.height + 6,
            labels.text("wait_minutes", lang),
            fontName=font,
            fontSize=AXIS_FONT_SIZE,
        )
    )
    _legend(drawing, plot.x, 8, entries, font, plot.width)
    return drawing
