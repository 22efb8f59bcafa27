"""The signed-in workspace: the header, the warning prompt and the seven screens.

Built once the desk is open: importing it imports the services (and with
them SQLAlchemy), which the main window does not wait for at start-up.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.live import LiveQueue
from ui.queue_watch import QueueWatch
from ui.retranslating import Retranslating
from ui.widgets.clearance import ClearancePage
from ui.widgets.forecasts_board import ForecastsPage
from ui.widgets.header import HeaderBar, WarningBanner
from ui.widgets.lanes_board import LanesPage
from ui.widgets.officers import OfficersPage
from ui.widgets.reports import ReportsPage
from ui.widgets.shift import ShiftPage
from ui.widgets.sync_page import SyncPage


class Workspace(Retranslating, QWidget):
    """Header, warning prompt and the seven screens."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.live = LiveQueue(ctx)
        self.watch = QueueWatch(ctx, self.live)
        self.header = HeaderBar(ctx, self.live, self.watch)
        self.banner = WarningBanner()
        self.clearance = ClearancePage(ctx, self.live)
        self.lanes = LanesPage(ctx, self.live)
        self.forecasts = ForecastsPage(ctx)
        self.shift = ShiftPage(ctx)
        self.reports = ReportsPage(ctx)
        self.sync = SyncPage(ctx)
        self.officers = OfficersPage(ctx)
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
        self.watch.threshold_crossed.connect(self.banner.raise_level)
        self.watch.level_changed.connect(self.banner.follow)
        self.banner.open_lanes.connect(lambda: self.tabs.setCurrentWidget(self.lanes))
        self.header.sync_slot.clicked.connect(lambda: self.tabs.setCurrentWidget(self.sync))
        self.retranslate()

    def retranslate(self) -> None:
        titles = [
            self.tr("Clearance  Ctrl+1"),
            self.tr("Lanes  Ctrl+2"),
            self.tr("Forecasts  Ctrl+3"),
            self.tr("Shift  Ctrl+4"),
            self.tr("Reports  Ctrl+5"),
            self.tr("Sync  Ctrl+6"),
            self.tr("Roster  Ctrl+7"),
        ]
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
