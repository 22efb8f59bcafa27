"""The signed-in workspace: the header, the warning prompt and the eight screens.

Built once the desk is open: importing it imports the services (and with
them SQLAlchemy), which the main window does not wait for at start-up.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.alerts import AlertView, Episode
from ui.context import AppContext
from ui.dialogs.acknowledge_dialog import AcknowledgeDialog
from ui.live import LiveQueue
from ui.plan_watch import PlanWatch
from ui.queue_watch import QueueWatch
from ui.retranslating import Retranslating
from ui.widgets.clearance import ClearancePage
from ui.widgets.forecasts_board import ForecastsPage
from ui.widgets.header import AlertBanner, HeaderBar
from ui.widgets.lanes_board import LanesPage
from ui.widgets.officers import OfficersPage
from ui.widgets.plan_page import PlanPage
from ui.widgets.reports import ReportsPage
from ui.widgets.service_line import ServiceLinePage
from ui.widgets.shift import ShiftPage
from ui.widgets.sync_page import SyncPage


class Workspace(Retranslating, QWidget):
    """Header, warning prompt and the eight screens."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.live = LiveQueue(ctx)
        self.watch = QueueWatch(ctx, self.live)
        self.plan_watch = PlanWatch(ctx, self)
        self.header = HeaderBar(ctx, self.live, self.watch)
        self.banner = AlertBanner(ctx)
        self.dialog: AcknowledgeDialog | None = None
        self.clearance = ClearancePage(ctx, self.live)
        self.lanes = LanesPage(ctx, self.live)
        self.forecasts = ForecastsPage(ctx)
        self.shift = ShiftPage(ctx)
        self.reports = ReportsPage(ctx)
        self.sync = SyncPage(ctx)
        self.officers = OfficersPage(ctx)
        self.plan = PlanPage(ctx, self.plan_watch)
        self.service_line = ServiceLinePage(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("screens")
        for page in (
            self.clearance,
            self.lanes,
            self.forecasts,
            self.shift,
            self.reports,
            self.sync,
            self.officers,
            self.plan,
            self.service_line,
        ):
            self.tabs.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        body = QVBoxLayout()
        body.setContentsMargins(8, 8, 8, 8)
        body.addWidget(self.tabs)
        layout.addLayout(body, 1)
        self.watch.alerts_changed.connect(self._show_alerts)
        self.watch.level_changed.connect(lambda _level: self._show_live())
        self.banner.open_lanes.connect(lambda: self.tabs.setCurrentWidget(self.lanes))
        self.banner.acknowledge_requested.connect(self.acknowledge)
        self.header.sync_slot.clicked.connect(lambda: self.tabs.setCurrentWidget(self.sync))
        self.plan_watch.plan_ready.connect(self.header.show_plan)
        self.retranslate()

    def _show_alerts(self, view: AlertView) -> None:
        self.banner.show_alerts(view)
        self._show_live()

    def _show_live(self) -> None:
        self.banner.show_live(self.live.snapshot.entries)

    def acknowledge(self, episode: Episode) -> None:
        """An officer acknowledges an alert episode with the action taken (a dialog)."""
        dialog = AcknowledgeDialog(self.ctx, episode, self)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def retranslate(self) -> None:
        titles = [
            self.tr("Clearance  Ctrl+1"),
            self.tr("Lanes  Ctrl+2"),
            self.tr("Forecasts  Ctrl+3"),
            self.tr("Shift  Ctrl+4"),
            self.tr("Reports  Ctrl+5"),
            self.tr("Sync  Ctrl+6"),
            self.tr("Roster  Ctrl+7"),
            self.tr("Plan  Ctrl+8"),
            self.tr("12367  Ctrl+9"),
        ]
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
