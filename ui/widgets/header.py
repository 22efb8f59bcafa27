"""The always-visible header: port, shift and team, officer, the live queue level, sync."""

from __future__ import annotations

from datetime import datetime, timedelta

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

from db import queries
from db.enums import LaneGroup
from db.models import Officer
from desktop_app import alerts, port_calendar
from desktop_app.alerts import AlertView, Episode
from desktop_app.planning.plan import Plan
from desktop_app.port_calendar import Calendar, Closed
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


class AlertBanner(Retranslating, QFrame):
    """The open alert episodes, one line per lane group: level, since when, the wait now.

    The episodes are the core's (``desktop_app.alerts``); each line offers to
    acknowledge its episode with the action taken.  **Hide** puts the prompt
    away until an episode starts or changes level.
    """

    open_lanes = Signal()
    acknowledge_requested = Signal(object)  # alerts.Episode

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningBanner")
        self.setProperty("level", "amber")
        self.ctx = ctx
        self.view: AlertView | None = None
        self.longest: dict[LaneGroup, timedelta] = {}
        self.rows: list[tuple[Episode, QLabel, QLabel, QPushButton]] = []
        self.compact = False
        self._hidden_for: frozenset[tuple[object, str]] | None = None
        self.lines = QVBoxLayout()
        self.lines.setSpacing(2)
        self.go = key_button("openLanesBoard")
        self.go.clicked.connect(self.open_lanes)
        self.dismiss = key_button("dismissWarning")
        self.dismiss.clicked.connect(self._hide_until_change)
        buttons = QVBoxLayout()
        buttons.addWidget(self.go)
        buttons.addWidget(self.dismiss)
        row = QHBoxLayout(self)
        row.addLayout(self.lines, 1)
        row.addLayout(buttons)
        self.hide()

    @property
    def level(self) -> Level:
        levels = [e.level for e in self.view.episodes] if self.view else []
        return Level.RED if Level.RED in levels else (Level.AMBER if levels else Level.OK)

    def _state(self) -> frozenset[tuple[object, str]]:
        episodes = self.view.episodes if self.view else []
        return frozenset((e.episode_id, e.level.value) for e in episodes)

    def show_alerts(self, view: AlertView) -> None:
        self.view = view
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = []
        # Several lane groups at once: one short line each, so that the window still
        # fits a 1366x768 desk screen (the details are in each line's tooltip).
        self.compact = len(view.episodes) > 1
        for episode in view.episodes:
            line = QFrame()
            line.setObjectName("alertLine")
            line.setProperty("group", episode.lane_group.value)
            icon, text, detail = QLabel(), QLabel(), QLabel()
            icon.setPixmap(
                look.pixmap(look.level_icon_name(episode.level), 24 if self.compact else 32)
            )
            text.setObjectName("warningText")
            text.setFont(look.live_font(look.BASE_POINT_SIZE + (0 if self.compact else 2)))
            text.setWordWrap(not self.compact)
            detail.setObjectName("alertDetail")
            detail.setWordWrap(True)
            if self.compact:  # (never setVisible(True) on a label with no parent yet:
                detail.hide()  # it would open as a window of its own)
            ack = key_button("acknowledgeAlert")
            ack.clicked.connect(lambda _c=False, e=episode: self.acknowledge_requested.emit(e))
            words = QVBoxLayout()
            words.setSpacing(0)
            words.addWidget(text)
            words.addWidget(detail)
            layout = QHBoxLayout(line)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(icon)
            layout.addLayout(words, 1)
            layout.addWidget(ack)
            self.lines.addWidget(line)
            self.rows.append((episode, text, detail, ack))
        level = self.level
        self.setProperty("level", (level if level != Level.OK else Level.AMBER).value)
        self.style().unpolish(self)
        self.style().polish(self)
        self.retranslate()
        if not view.episodes:
            self._hidden_for = None
            self.hide()
        elif self._hidden_for != self._state():
            self._hidden_for = None
            self.show()

    def show_live(self, entries: list[queries.Clearance]) -> None:
        """The groups' longest waits now (ticks with the clock, no database work)."""
        if self.view is None or not self.view.episodes:
            return
        self.longest = alerts.longest_waits(entries, self.ctx.now(), self.view.calendar)
        self._show_details()

    def _hide_until_change(self) -> None:
        self._hidden_for = self._state()
        self.hide()

    def _show_details(self) -> None:
        now = self.ctx.now()
        for episode, text, detail, _ack in self.rows:
            parts = [
                self.tr("longest wait now {wait}").format(
                    wait=look.minutes_seconds(self.longest.get(episode.lane_group, timedelta(0)))
                ),
                self.tr("peak {wait}").format(
                    wait=look.minutes_seconds(
                        max(
                            episode.peak_s,
                            self.longest.get(episode.lane_group, timedelta(0)).total_seconds(),
                        )
                    )
                ),
            ]
            if episode.acknowledgements:
                ack = episode.acknowledgements[-1]
                parts.append(
                    self.tr("acknowledged by {name} ({badge}) at {time}: {action}").format(
                        name=ack.name,
                        badge=ack.badge_no,
                        time=look.moment(ack.at, self.ctx.port_zone, now),
                        action=ack.action,
                    )
                )
            else:
                parts.append(self.tr("not acknowledged yet"))
            detail.setText(" · ".join(parts))
            text.setToolTip(detail.text() if self.compact else "")

    def retranslate(self) -> None:
        for episode, text, _detail, ack in self.rows:
            group = label(episode.lane_group)
            since = self.ctx.local_time(episode.changes[-1].at)
            if self.compact:
                line = {
                    Level.RED: self.tr(
                        "{group}: 25 minutes reached (since {since}): emergency plan, every lane"
                    ),
                    Level.AMBER: self.tr(
                        "{group}: 15 minutes reached (since {since}): open another lane"
                    ),
                }.get(episode.level, self.tr("{group}: back below 15 minutes since {since}"))
            elif episode.level == Level.RED:
                line = self.tr(
                    "{group}: the wait has reached 25 minutes (since {since}): start the "
                    "emergency plan and open every available lane."
                )
            elif episode.level == Level.AMBER:
                line = self.tr(
                    "{group}: the wait has reached 15 minutes (since {since}): open another "
                    "lane now."
                )
            else:
                line = self.tr(
                    "{group}: back below 15 minutes since {since}; the alert ends when it "
                    "stays there for 10 minutes."
                )
            text.setText(line.format(group=group, since=since))
            ack.setText(self.tr("Acknowledge…"))
        self._show_details()
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
        # The port's status on HQ's calendar (open, suspended, seasonal) and its hours.
        self.calendar = QLabel()
        self.calendar.setObjectName("headerCalendar")
        self.port_calendar: Calendar | None = None
        self.queue_box = QueueBox()
        # The plan's longest predicted P90 in the next hour, beside the live wait.
        self.predicted = QLabel()
        self.predicted.setObjectName("predictedWait")
        self.predicted.setWordWrap(True)
        self.predicted.setMaximumWidth(240)
        self.plan_peak: tuple[str | None, float] | None = None
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
        who.addWidget(self.calendar)
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
        layout.addWidget(self.predicted, 0)
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
        ctx.desk_attached.connect(self._load_calendar)
        ctx.changed.connect(self._calendar_changed)
        ctx.tick.connect(self._show_calendar)
        if ctx.has_desk:  # the header may be built after the desk was attached
            self._load_calendar()
        self.retranslate()

    def _moment(self, at: datetime | None) -> str:
        return look.moment(at, self.ctx.port_zone, self.ctx.now())

    def _show_sync(self, _state: object) -> None:
        self.sync_slot.set_view(self.ctx.sync.view)

    def _show_snapshot(self, _snapshot: LiveSnapshot) -> None:
        self.refresh_texts()

    def _show_officer(self, _officer: Officer | None) -> None:
        self.refresh_texts()

    def _calendar_changed(self, tables: frozenset[str]) -> None:
        if "port_calendars" in tables:  # HQ's new version arrived with a sync
            self._load_calendar()

    def _load_calendar(self) -> None:
        desk = self.ctx.desk
        self.ctx.op(self, lambda: port_calendar.calendar(desk)).success(self._calendar_loaded).run()

    def _calendar_loaded(self, calendar: Calendar) -> None:
        self.port_calendar = calendar
        self._show_calendar()

    def _show_calendar(self) -> None:
        """The calendar's word for now (no database work: the record is in memory)."""
        cal = self.port_calendar
        if cal is None:
            return
        status = port_calendar.status_of(cal, self.ctx.now())
        if cal.opens_at is None or cal.closes_at is None:
            hours = self.tr("24 hours")
        else:
            hours = f"{cal.opens_at:%H:%M}–{cal.closes_at:%H:%M}"
        first = cal.first_day.isoformat() if cal.first_day else ""
        last = cal.last_day.isoformat() if cal.last_day else ""
        if status.reason == Closed.SUSPENDED:
            text = (
                self.tr("Port suspended until {last}").format(last=last)
                if last
                else self.tr("Port suspended until further notice")
            )
        elif status.reason == Closed.SEASON:
            text = self.tr("Port closed: the season is {first} – {last}").format(
                first=first, last=last
            )
        elif cal.status.value == "seasonal":
            text = self.tr("Seasonal port, open until {last}, {hours}").format(
                last=last, hours=hours
            )
        elif status.reason == Closed.HOURS:
            text = self.tr("Port closed now; hours {hours}").format(hours=hours)
        else:
            text = self.tr("Port open, {hours}").format(hours=hours)
        if cal.note:
            text += f" · {cal.note}"
        if self.calendar.text() != text:
            self.calendar.setText(text)
            self.calendar.setProperty("closed", not status.is_open)

    def show_plan(self, plan: Plan) -> None:
        queue, seconds = plan.longest_next_hour()
        self.plan_peak = (queue.value if queue is not None else None, seconds)
        self._show_predicted()

    def _show_predicted(self) -> None:
        if self.plan_peak is None:
            self.predicted.setText(self.tr("Next hour:\ncomputing…"))
            return
        queue, seconds = self.plan_peak
        if queue is None:
            self.predicted.setText(self.tr("Next hour:\nno queue predicted"))
            return
        self.predicted.setText(
            self.tr("Next hour P90 ≈ {minutes} min\n{queue}").format(
                minutes=round(seconds / 60), queue=self._queue_word(queue)
            )
        )

    def _queue_word(self, queue: str) -> str:
        return {
            "travellers_entry": self.tr("entry travellers"),
            "travellers_exit": self.tr("exit travellers"),
            "vehicles_entry": self.tr("entry vehicles"),
            "vehicles_exit": self.tr("exit vehicles"),
            "rail_entry": self.tr("entry trains"),
            "rail_exit": self.tr("exit trains"),
        }.get(queue, queue)

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
        self._show_predicted()
        self.refresh_texts()
        self._show_calendar()
        self.language.setToolTip(self.tr("Switch the language of the whole desk"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
