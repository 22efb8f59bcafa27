"""The always-visible header: port, shift and team, officer, the live queue level, sync."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.models import Officer
from desktop_app.queue import TARGET, Level, QueueLevel
from ui import look
from ui.context import AppContext
from ui.labels import label
from ui.live import LiveQueue, LiveSnapshot
from ui.queue_watch import QueueWatch
from ui.retranslating import Retranslating
from ui.sync_slot import SyncStatusSlot
from ui.widgets.common import key_button


class QueueBox(QFrame):
    """Longest and median wait in large type, with the level as icon, word and colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueBox")
        self.setProperty("level", "ok")
        self.icon = QLabel()
        self.icon.setObjectName("levelIcon")
        self.level_text = QLabel()
        self.level_text.setObjectName("levelText")
        self.level_text.setFont(look.live_font(look.BASE_POINT_SIZE + 2))
        self.longest_caption = QLabel()
        self.longest = QLabel("0:00")
        self.longest.setObjectName("longestWait")
        self.longest.setFont(look.live_font())
        self.median_caption = QLabel()
        self.median = QLabel("0:00")
        self.median.setObjectName("medianWait")
        self.median.setFont(look.live_font(look.LIVE_POINT_SIZE - 6))
        self.target = QLabel()
        self.waiting = QLabel()
        self.waiting.setObjectName("waitingCount")

        grid = QGridLayout(self)
        grid.setContentsMargins(10, 4, 10, 4)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.icon, 0, 0, 2, 1)
        grid.addWidget(self.longest_caption, 0, 1)
        grid.addWidget(self.longest, 1, 1)
        grid.addWidget(self.median_caption, 0, 2)
        grid.addWidget(self.median, 1, 2)
        grid.addWidget(self.level_text, 0, 3)
        grid.addWidget(self.target, 1, 3)
        grid.addWidget(self.waiting, 1, 4)
        self.level = QueueLevel(0, TARGET * 0, TARGET * 0, Level.OK)
        self.show_level(self.level)

    def show_level(self, level: QueueLevel) -> None:
        self.level = level
        self.icon.setPixmap(look.pixmap(look.level_icon_name(level.level), 44))
        self.longest.setText(look.minutes_seconds(level.longest))
        self.median.setText(look.minutes_seconds(level.median))
        self.level_text.setText(label(level.level))
        self.retranslate()
        if self.property("level") != level.level.value:
            self.setProperty("level", level.level.value)
            # A dynamic property does not restyle by itself.
            self.style().unpolish(self)
            self.style().polish(self)
            for child in self.findChildren(QLabel):
                child.style().unpolish(child)
                child.style().polish(child)

    def retranslate(self) -> None:
        self.longest_caption.setText(self.tr("Longest wait"))
        self.median_caption.setText(self.tr("Median"))
        self.target.setText(
            self.tr("Target {minutes} min").format(minutes=int(TARGET.total_seconds() // 60))
        )
        self.waiting.setText(self.tr("{count} waiting").format(count=self.level.waiting))
        self.level_text.setText(label(self.level.level))


class WarningBanner(Retranslating, QFrame):
    """The visible prompt when the queue crosses 15 (open a lane) or 25 minutes."""

    open_lanes = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningBanner")
        self.setProperty("level", "amber")
        self.level = Level.OK
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setObjectName("warningText")
        self.text.setFont(look.live_font(look.BASE_POINT_SIZE + 3))
        self.text.setWordWrap(True)
        self.go = key_button("openLanesBoard")
        self.go.clicked.connect(self.open_lanes)
        self.dismiss = key_button("dismissWarning")
        self.dismiss.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.go)
        row.addWidget(self.dismiss)
        self.hide()

    def raise_level(self, level: Level) -> None:
        self.level = level
        self.setProperty("level", level.value)
        self.style().unpolish(self)
        self.style().polish(self)
        self.icon.setPixmap(look.pixmap(look.level_icon_name(level), 40))
        self.retranslate()
        self.show()

    def follow(self, level: QueueLevel) -> None:
        """Hide the prompt once the queue is back within the amber threshold."""
        if level.level == Level.OK and self.isVisible():
            self.hide()

    def retranslate(self) -> None:
        if self.level == Level.RED:
            self.text.setText(
                self.tr(
                    "Queue wait has reached 25 minutes: start the emergency plan and open "
                    "every available lane."
                )
            )
        else:
            self.text.setText(self.tr("Queue wait has reached 15 minutes: open another lane now."))
        self.go.setText(self.tr("Open a lane…"))
        self.dismiss.setText(self.tr("Hide"))


class HeaderBar(Retranslating, QFrame):
    """Port · shift and team · officer · queue level · sync · language, lock, sign out."""

    language_toggled = Signal()
    lock_requested = Signal()
    sign_out_requested = Signal()
    about_requested = Signal()

    def __init__(
        self, ctx: AppContext, live: LiveQueue, watch: QueueWatch, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.ctx = ctx
        self.live = live
        self.port = QLabel()
        self.port.setObjectName("headerPort")
        self.port.setFont(look.live_font(look.BASE_POINT_SIZE + 4))
        self.shift = QLabel()
        self.shift.setObjectName("headerShift")
        self.officer = QLabel()
        self.officer.setObjectName("headerOfficer")
        self.queue_box = QueueBox()
        self.sync_slot = SyncStatusSlot(when=self._moment)
        self.sync_slot.set_view(ctx.sync.view)
        self.language = QPushButton()
        self.language.setObjectName("languageToggle")
        self.lock = key_button("lockScreen", "Ctrl+L")
        self.sign_out = key_button("signOut")
        self.about = QPushButton()
        self.about.setObjectName("about")

        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.port)
        who.addWidget(self.shift)
        who.addWidget(self.officer)
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.sync_slot)
        row = QHBoxLayout()
        row.addWidget(self.language)
        row.addWidget(self.lock)
        row.addWidget(self.sign_out)
        row.addWidget(self.about)
        buttons.addLayout(row)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addLayout(who, 1)
        layout.addWidget(self.queue_box, 0)
        layout.addLayout(buttons, 0)

        self.language.clicked.connect(self.language_toggled)
        self.lock.clicked.connect(self.lock_requested)
        self.sign_out.clicked.connect(self.sign_out_requested)
        self.about.clicked.connect(self.about_requested)
        watch.level_changed.connect(self.queue_box.show_level)
        live.updated.connect(self._show_snapshot)
        ctx.officer_changed.connect(self._show_officer)
        ctx.language.changed.connect(self.refresh_texts)
        ctx.reference_loaded.connect(self.refresh_texts)
        ctx.sync.state_changed.connect(self._show_sync)
        self.retranslate()

    def _moment(self, at: datetime | None) -> str:
        return look.moment(at, self.ctx.port_zone, self.ctx.now())

    def _show_sync(self, _state: object) -> None:
        self.sync_slot.set_view(self.ctx.sync.view)

    def _show_snapshot(self, _snapshot: LiveSnapshot) -> None:
        self.refresh_texts()

    def _show_officer(self, _officer: Officer | None) -> None:
        self.refresh_texts()

    def refresh_texts(self, *_: object) -> None:
        ctx = self.ctx
        if ctx.has_desk:
            desk = ctx.desk
            name = ctx.port_name()
            self.port.setText(f"{name}  {desk.port_code}")
        shift = self.live.snapshot.shift
        if shift is None:
            self.shift.setText(self.tr("No open shift"))
        else:
            team = ctx.teams.get(shift.team_id)
            team_name = ctx.language.pick(team.name_zh, team.name_en) if team else "?"
            started = ctx.local_time(shift.actual_start) if shift.actual_start else "–"
            self.shift.setText(
                self.tr("Shift: {team}, open since {time}").format(team=team_name, time=started)
            )
        officer = ctx.officer
        if officer is None:
            self.officer.setText(self.tr("Nobody signed in"))
        else:
            self.officer.setText(
                self.tr("Officer: {name} ({badge}), {role}").format(
                    name=officer.name, badge=officer.badge_no, role=label(officer.role)
                )
            )

    def retranslate(self) -> None:
        # The button names the language it switches to, in that language.
        self.language.setText("English" if self.ctx.language.is_zh else "中文")
        self.lock.setText(self.tr("Lock  [Ctrl+L]"))
        self.sign_out.setText(self.tr("Sign out"))
        self.about.setText(self.tr("About"))
        self.queue_box.retranslate()
        self.refresh_texts()
        self.language.setToolTip(self.tr("Switch the language of the whole desk"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
