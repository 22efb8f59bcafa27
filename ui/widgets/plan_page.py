"""The Plan screen (Ctrl+8): expected arrivals, predicted and actual waits, and the advice.

The plan comes from ``PlanWatch`` (computed on the slow pool); this screen
only shows it.  Advice is never applied by itself: **Enter** takes the
selected line, **Delete** dismisses it (each one keystroke, recorded and
audited by ``desktop_app.planning.decisions``); the lane is opened on the
Lanes screen when it is due.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.enums import AdviceChoice
from desktop_app.planning import decisions
from desktop_app.planning.advice import Advice
from desktop_app.planning.inputs import Queue
from desktop_app.planning.plan import Plan
from desktop_app.planning.wording import Lang, advice_text
from ui.context import AppContext
from ui.plan_watch import PlanWatch
from ui.retranslating import Retranslating
from ui.widgets.common import key_button
from ui.widgets.plan_chart import PlanChart


class PlanPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, watch: PlanWatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.watch = watch
        self.plan: Plan | None = None
        self.decided: dict[str, AdviceChoice] = {}
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.queue = QComboBox()
        self.queue.setObjectName("planQueue")
        self.queue.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status = QLabel()
        self.status.setObjectName("planStatus")
        self.status.setWordWrap(True)
        self.chart = PlanChart()
        self.legend = QLabel()
        self.legend.setObjectName("planLegend")
        self.legend.setWordWrap(True)
        self.advice_title = QLabel()
        self.advice_title.setObjectName("sectionTitle")
        self.advice = QListWidget()
        self.advice.setObjectName("adviceList")
        self.advice.setWordWrap(True)
        self.advice.setMinimumHeight(60)
        self.take = key_button("takeAdvice", "Return")
        self.dismiss = key_button("dismissAdvice", "Delete")
        self.recompute = key_button("recomputePlan", "F5")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.queue)
        top.addStretch(1)
        top.addWidget(self.recompute)
        buttons = QHBoxLayout()
        buttons.addWidget(self.take)
        buttons.addWidget(self.dismiss)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.legend)
        layout.addWidget(self.advice_title)
        layout.addWidget(self.advice, 2)
        layout.addLayout(buttons)

        self.queue.currentIndexChanged.connect(lambda _i: self._show_chart())
        self.take.clicked.connect(lambda: self.decide(AdviceChoice.TAKEN))
        self.dismiss.clicked.connect(lambda: self.decide(AdviceChoice.DISMISSED))
        self.recompute.clicked.connect(watch.request)
        watch.plan_ready.connect(self.show_plan)
        watch.failed.connect(self._failed)
        if watch.plan is not None:
            self.show_plan(watch.plan)
        self.retranslate()

    # -- the plan ------------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        self.plan = plan
        chosen = self.queue.currentData()
        self.queue.blockSignals(True)
        self.queue.clear()
        for queue in plan.groups:
            self.queue.addItem(self._queue_name(queue), queue)
        index = self.queue.findData(chosen) if chosen is not None else -1
        self.queue.setCurrentIndex(max(index, 0))
        self.queue.blockSignals(False)
        self._show_status()
        self._show_chart()
        # The list waits for the decisions already taken: a moment of "No advice" (or of
        # lines already answered) would be read by whoever looks.
        self.advice.clear()
        self.take.setEnabled(False)
        self.dismiss.setEnabled(False)
        desk = self.ctx.desk
        since = plan.at - (plan.bin_start(plan.bins) - plan.start)
        self.ctx.op(self, lambda: decisions.decided(desk, since)).success(self._decided).run()

    def _decided(self, found: dict[str, AdviceChoice]) -> None:
        self.decided = found
        self._show_advice()

    def _failed(self, message: str) -> None:
        self.status.setText(
            self.tr("The plan could not be computed: {error}").format(error=message)
        )

    def _show_status(self) -> None:
        plan = self.plan
        if plan is None:
            self.status.setText(self.tr("Computing the plan…"))
            return
        self.status.setText(
            self.tr(
                "Plan for the next {hours} hours from {time} (computed in {ms} ms); "
                "officers needed now: {officers}"
            ).format(
                hours=plan.bins // 4,
                time=self.ctx.local_time(plan.at),
                ms=round(plan.elapsed_ms),
                officers=plan.officers_needed[0] if plan.officers_needed else 0,
            )
        )

    def _show_chart(self) -> None:
        plan = self.plan
        queue = self.queue.currentData()
        group = plan.groups.get(queue) if plan is not None and queue is not None else None
        if plan is not None:
            self.chart.show_group(plan, group, self.ctx.port_zone)

    def lines(self) -> list[Advice]:
        """The advice still to answer, as listed."""
        if self.plan is None:
            return []
        return [a for a in self.plan.advice if a.key not in self.decided]

    def _show_advice(self) -> None:
        self.advice.clear()
        lang: Lang = "zh" if self.ctx.language.is_zh else "en"
        zone = self.ctx.port_zone
        for a in self.lines():
            assert isinstance(zone, ZoneInfo)  # a plan exists: the desk (and its zone) too
            item = QListWidgetItem(advice_text(a, zone, lang))
            item.setData(Qt.ItemDataRole.UserRole, a.key)
            self.advice.addItem(item)
        if self.advice.count() == 0:
            placeholder = QListWidgetItem(self.tr("No advice: every queue stays within its limit"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.advice.addItem(placeholder)
        else:
            self.advice.setCurrentRow(0)
        enabled = bool(self.lines())
        self.take.setEnabled(enabled)
        self.dismiss.setEnabled(enabled)

    def decide(self, choice: AdviceChoice) -> None:
        """Take or dismiss the selected line (one keystroke; recorded and audited)."""
        item = self.advice.currentItem()
        officer = self.ctx.officer
        if item is None or officer is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        found = next((a for a in self.lines() if a.key == key), None)
        if found is None:
            return
        desk = self.ctx.desk
        self.ctx.op(
            self, lambda: decisions.decide(desk, advice=found, choice=choice, by=officer.id)
        ).success(lambda _row: self._answered(key, choice)).run()

    def _answered(self, key: str, choice: AdviceChoice) -> None:
        self.decided[key] = choice
        self._show_advice()

    # -- words ---------------------------------------------------------------------

    def _queue_name(self, queue: Queue) -> str:
        names = {
            Queue.TRAVELLERS_ENTRY: self.tr("Entry travellers"),
            Queue.TRAVELLERS_EXIT: self.tr("Exit travellers"),
            Queue.VEHICLES_ENTRY: self.tr("Entry vehicles"),
            Queue.VEHICLES_EXIT: self.tr("Exit vehicles"),
            Queue.RAIL_ENTRY: self.tr("Entry trains"),
            Queue.RAIL_EXIT: self.tr("Exit trains"),
        }
        return names[queue]

    def retranslate(self) -> None:
        self.title.setText(self.tr("Plan ahead of the queue"))
        self.advice_title.setText(self.tr("Advice (Enter: take · Delete: dismiss)"))
        self.take.setText(self.tr("Take  [Enter]"))
        self.dismiss.setText(self.tr("Dismiss  [Delete]"))
        self.recompute.setText(self.tr("Recompute  [F5]"))
        self.legend.setText(
            self.tr(
                "Bars: expected arrivals per 15 minutes (whisker: one standard deviation). "
                "Red: predicted P90 wait with the lanes open now; green dashed: had the advice "
                "been taken; dots: actual P90 of the hours before; amber dotted: the limit. "
                "Grey steps: lanes open."
            )
        )
        self.chart.captions = {
            "now": self.tr("now"),
            "lanes": self.tr("lanes"),
            "minutes": self.tr("P90 (min)"),
            "arrivals": self.tr("arrivals"),
            "empty": self.tr("Computing the plan…"),
        }
        for i in range(self.queue.count()):
            self.queue.setItemText(i, self._queue_name(self.queue.itemData(i)))
        self._show_status()
        self._show_advice()
        self.chart.update()
