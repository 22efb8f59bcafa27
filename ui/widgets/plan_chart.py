"""The Plan screen's chart: expected arrivals, predicted and actual P90 waits, lanes open.

Drawn with QPainter (QtCharts is in the 59 MB Addons wheel): per quarter-hour,
bars of expected arrivals (a whisker for one standard deviation), the P90
predicted with the lanes open now (solid) and had the advice been taken
(dashed), the actual P90 of the hours before (dots), the limit (dotted) and
the lanes open (steps along the bottom).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.planning.plan import GroupPlan, Plan
from ui import look

BAR = QColor("#9db7d5")
PREDICTED = QColor(look.RED)
ADVISED = QColor(look.GREEN)
ACTUAL = QColor(look.INK)
LIMIT = QColor(look.AMBER)


class PlanChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planChart")
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plan: Plan | None = None
        self.group: GroupPlan | None = None
        self.zone: object | None = None
        self.captions: dict[str, str] = {}

    def show_group(self, plan: Plan, group: GroupPlan | None, zone: object) -> None:
        self.plan, self.group, self.zone = plan, group, zone
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(look.PAPER))
        plan, g = self.plan, self.group
        if plan is None or g is None:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.captions.get("empty", "")
            )
            return
        font = QFont(painter.font())
        font.setPointSize(look.BASE_POINT_SIZE - 2)
        painter.setFont(font)
        left, right, top, bottom = 56.0, 56.0, 28.0, 58.0
        area = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        past = len(g.recent)
        slots = past + plan.bins
        step = area.width() / max(slots, 1)
        waits = [w.p90_s for w in g.current] + [w.p90_s for w in g.advised]
        waits += [r.p90_s for r in g.recent if r.p90_s is not None] + [g.limit_s * 1.2]
        top_wait = max(waits) / 60 or 1.0
        top_wait = max(10.0, min(top_wait, 120.0))
        top_arrivals = max([m + sd for m, sd in g.arrivals] + [1.0])

        def x(slot: float) -> float:
            return area.left() + slot * step

        def y_wait(seconds: float) -> float:
            return area.bottom() - min(seconds / 60, top_wait) / top_wait * area.height()

        def y_arrivals(n: float) -> float:
            return area.bottom() - n / top_arrivals * area.height()

        # axes and the "now" line
        painter.setPen(QPen(QColor(look.INK), 1))
        painter.drawRect(area)
        now_x = x(past)
        painter.setPen(QPen(QColor("#666666"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(now_x, area.top()), QPointF(now_x, area.bottom()))
        painter.drawText(QPointF(now_x + 3, area.top() + 12), self.captions.get("now", ""))
        # expected arrivals
        for b, (mean, sd) in enumerate(g.arrivals):
            if mean <= 0:
                continue
            bar = QRectF(
                x(past + b) + 1, y_arrivals(mean), step - 2, area.bottom() - y_arrivals(mean)
            )
            painter.fillRect(bar, BAR)
            painter.setPen(QPen(QColor("#5b7fa8"), 1))
            mid = x(past + b) + step / 2
            painter.drawLine(QPointF(mid, y_arrivals(mean)), QPointF(mid, y_arrivals(mean + sd)))
        # the limit
        painter.setPen(QPen(LIMIT, 2, Qt.PenStyle.DotLine))
        painter.drawLine(
            QPointF(area.left(), y_wait(g.limit_s)), QPointF(area.right(), y_wait(g.limit_s))
        )
        # predicted P90: lanes now (solid), with the advice (dashed)
        for values, colour, style in (
            (g.current, PREDICTED, Qt.PenStyle.SolidLine),
            (g.advised, ADVISED, Qt.PenStyle.DashLine),
        ):
            painter.setPen(QPen(colour, 2, style))
            points = [
                QPointF(x(past + b) + step / 2, y_wait(w.p90_s)) for b, w in enumerate(values)
            ]
            for here, there in pairwise(points):
                painter.drawLine(here, there)
        # actual P90 of the hours before
        painter.setPen(QPen(ACTUAL, 1))
        painter.setBrush(ACTUAL)
        for i, r in enumerate(g.recent):
            if r.p90_s is not None:
                painter.drawEllipse(QPointF(x(i) + step / 2, y_wait(r.p90_s)), 3, 3)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # lanes open (before), and now -> advised
        lanes = [r.lanes for r in g.recent] + g.lanes_advised
        lane_top = max([*lanes, 1])
        band = QRectF(area.left(), area.bottom() + 18, area.width(), 16)
        painter.setPen(QPen(QColor(look.INK), 1))
        for i, n in enumerate(lanes):
            h = band.height() * n / lane_top
            painter.fillRect(QRectF(x(i) + 1, band.bottom() - h, step - 2, h), QColor("#c8c8c8"))
        painter.drawText(QPointF(4, band.bottom()), self.captions.get("lanes", ""))
        # axis labels: minutes on the left, arrivals on the right, hours below
        painter.drawText(QPointF(4, area.top() - 8), self.captions.get("minutes", ""))
        painter.drawText(
            QPointF(area.right() - 40, area.top() - 8), self.captions.get("arrivals", "")
        )
        for minutes in (0, 15, 30, 60, 90):
            if minutes <= top_wait:
                painter.drawText(QPointF(20, y_wait(minutes * 60) + 4), f"{minutes}")
        painter.drawText(QPointF(area.right() + 6, area.top() + 10), f"{top_arrivals:.0f}")
        for slot in range(0, slots + 1, 4):
            start = plan.start + (slot - past) * (plan.bin_start(1) - plan.bin_start(0))
            painter.drawText(
                QPointF(x(slot) - 14, area.bottom() + 14), look.clock_time(start, self.zone)
            )
        painter.end()
