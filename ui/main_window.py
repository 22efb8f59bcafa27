"""The main window: start-up, sign-in and lock screen, then the header over eight screens.

Keys that work everywhere in the workspace: Ctrl+1..8 switch screens,
F12 records an emergency passage (then a digit), Ctrl+L locks the screen.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QWidget

from db.enums import EmergencyKind
from desktop_app.errors import RuleViolation
from ui import look
from ui.context import AppContext
from ui.i18n import EN, ZH
from ui.labels import label
from ui.retranslating import Retranslating

if TYPE_CHECKING:
    # The main window is shown before these are imported: they bring SQLAlchemy, the
    # services and the screens (~0.5 s), which the worker imports while it opens the
    # database (see ``open_desk``), so building the screens afterwards is quick.
    from db.models import Lane, Officer
    from desktop_app.desk import Desk
    from ui.models.forecast_model import ForecastRow
    from ui.widgets.first_run import FirstRunPage
    from ui.widgets.login import LoginPage
    from ui.workspace import Workspace

# What the worker imports after opening the database (module names, in order): for
# the sign-in page first (``SIGN_IN``), then, once that page is on screen, for the
# workspace (``PRELOAD``), which the main window builds as soon as they are in.
SIGN_IN = ("desktop_app.officers", "ui.widgets.login")
PRELOAD = (
    "desktop_app.approvals",
    "desktop_app.audit",
    "desktop_app.clearance",
    "desktop_app.emergencies",
    "desktop_app.forecasts",
    "desktop_app.lanes",
    "desktop_app.officers",
    "desktop_app.queue",
    "desktop_app.reference",
    "desktop_app.shifts",
    "desktop_app.stats",
    "ui.widgets.login",
    "ui.workspace",
    "ui.dialogs.assign_dialog",
    "ui.dialogs.emergency_dialog",
)


def open_desk(directory: Path) -> Desk:
    """Runs on the worker: open (or upgrade) the post's database, then the sign-in's code."""
    from desktop_app.desk import Desk

    desk = Desk.open(directory)
    preload(SIGN_IN)
    return desk


def preload(names: tuple[str, ...] = PRELOAD) -> None:
    for name in names:
        importlib.import_module(name)


LOCK_AFTER = timedelta(minutes=5)
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class InactivityLock(QObject):
    """Fires ``timed_out`` after a period with no key, mouse or touch input anywhere.

    The period is measured on the desk's clock (``clock``, which tests move
    instead of waiting); a timer looks at it every few seconds (``check``).
    """

    timed_out = Signal()
    LOOK_EVERY_MS = 2000

    def __init__(
        self, after: timedelta, clock: Callable[[], datetime], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.after = after
        self._clock = clock
        self._last = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, min(self.LOOK_EVERY_MS, int(after.total_seconds() * 1000))))
        self._timer.timeout.connect(self.check)
        self._watching = False

    def arm(self) -> None:
        """Start counting; the filter sees every event, so it is only there while armed."""
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        self._last = self._clock()
        self._timer.start()

    def disarm(self) -> None:
        self._timer.stop()
        self.remove()

    def check(self) -> None:
        """Lock when the period has passed since the last input (the timer calls this)."""
        if self._timer.isActive() and self._clock() - self._last >= self.after:
            self._timer.stop()
            self.timed_out.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._last = self._clock()  # the countdown starts again
        return False

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
        self._watching = False


class MainWindow(Retranslating, QMainWindow):
    def __init__(
        self,
        ctx: AppContext,
        *,
        data_dir: Path | None = None,
        lock_after: timedelta = LOCK_AFTER,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.data_dir = data_dir
        self.resize(1366, 768)
        self.setWindowIcon(look.icon("app"))

        self.stack = QStackedWidget()
        self.starting = QLabel()
        self.starting.setObjectName("startingPage")
        self.starting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.starting.setWordWrap(True)
        # Built once the desk is open (``_build``): see PRELOAD.
        self.login: LoginPage = None  # type: ignore[assignment]
        self.workspace: Workspace = None  # type: ignore[assignment]
        self.first_run: FirstRunPage | None = None
        self.stack.addWidget(self.starting)
        self.setCentralWidget(self.stack)
        self.status = self.statusBar()
        self.status.setObjectName("statusBar")

        self.inactivity = InactivityLock(lock_after, ctx.now, self)
        self.inactivity.timed_out.connect(self.lock)
        # Bound methods, not lambdas: Qt drops the connection when the window goes.
        ctx.rule_violation.connect(self._show_violation)
        ctx.status.connect(self._show_status)
        ctx.reference_loaded.connect(self._show_port)
        ctx.language.changed.connect(self._show_port)

        self.shortcuts: list[QShortcut] = []  # made with the workspace, after start-up
        self.dialog: QWidget | None = None
        self.retranslate()

    def _shortcut(self, key: str, slot: object) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.activated.connect(slot)  # type: ignore[arg-type]
        self.shortcuts.append(shortcut)

    # -- start-up ------------------------------------------------------------------------

    def start(self) -> None:
        """Open the desk on the worker (it may upgrade the schema); meanwhile say so."""
        if self.ctx.has_desk:
            self._build()
            self._show_login()
            return
        assert self.data_dir is not None, "a data directory or an attached desk is needed"
        directory = self.data_dir
        self.stack.setCurrentWidget(self.starting)
        (
            self.ctx.op(self, lambda: open_desk(directory))
            .success(self.attach)
            .failure(self._open_failed)
            .run()
        )

    def attach(self, desk: Desk) -> None:
        self.ctx.attach(desk)
        self._build(load_workspace=True)
        self._show_login()

    def _build(self, *, load_workspace: bool = False) -> None:
        """The sign-in page now; the workspace right after it is on screen.

        Importing the screens' code (the services, the reports, the charts) and
        building the nine screens take seconds on a slow desk computer: at
        start-up (``load_workspace``) the worker imports that code while the
        sign-in page shows, and the screens are built when it is in.  The
        officer types the badge meanwhile (and the PIN check on the worker
        takes longer than what is left); signing in builds them at once if not.
        """
        if self.login is not None:
            return
        from ui.widgets.login import LoginPage

        self.login = LoginPage(self.ctx)
        self.stack.addWidget(self.login)
        self.login.signed_in.connect(self.signed_in)
        if load_workspace:
            QTimer.singleShot(0, self._load_workspace)
        else:
            QTimer.singleShot(0, self._build_workspace)

    def _load_workspace(self) -> None:
        self.ctx.op(self, preload).success(lambda _: self._build_workspace()).run()

    def _build_workspace(self) -> None:
        if self.workspace is not None:
            return
        from ui.workspace import Workspace

        self.workspace = Workspace(self.ctx)
        self.stack.addWidget(self.workspace)
        for index in range(self.workspace.tabs.count()):
            self._shortcut(f"Ctrl+{index + 1}", lambda i=index: self._go_to(i))
        self._shortcut("F12", self.emergency)
        header = self.workspace.header
        header.language_toggled.connect(self.toggle_language)
        header.lock_requested.connect(self.lock)
        header.sign_out_requested.connect(self.sign_out)
        header.about_requested.connect(self.about)
        self.workspace.lanes.assign_requested.connect(self.assign_to_lane)
        self.workspace.lanes.emergency_requested.connect(self.emergency)
        self.workspace.forecasts.assign_requested.connect(self.assign_forecast)

    def _open_failed(self, error: Exception) -> None:
        from db.health import DatabaseUnusable
        from db.migrate import DatabaseTooNew
        from desktop_app.desk import NotInitialized

        if isinstance(error, NotInitialized):
            assert self.data_dir is not None
            from ui.widgets.first_run import FirstRunPage

            self.first_run = FirstRunPage(self.ctx, self.data_dir)
            self.first_run.created.connect(self._created)
            self.first_run.joined.connect(self._joined)
            self.stack.addWidget(self.first_run)
            self.stack.setCurrentWidget(self.first_run)
            return
        if isinstance(error, DatabaseTooNew):
            self.starting.setText(
                self.tr(
                    "This database was written by a newer version of Checkpoint Desk and was "
                    "left untouched. Install the newer version.\n\n{detail}"
                ).format(detail=error)
            )
            return
        if isinstance(error, DatabaseUnusable):
            self.starting.setText(
                self.tr(
                    "Checkpoint Desk cannot use this post's database, and left it as it is."
                    "\n\n{detail}"
                ).format(detail=error)
            )
            return
        raise error

    def _created(self, desk: Desk) -> None:
        self.attach(desk)
        self.status.showMessage(self.tr("Post created. Sign in as the administrator."), 10000)

    def _joined(self, joined: Any) -> None:
        self.attach(joined.desk)
        self.status.showMessage(
            self.tr(
                "Joined the post: {count} officers came from HQ. Sign in with your badge."
            ).format(count=joined.officers),
            10000,
        )

    def _show_login(self) -> None:
        self._show_port()
        self.stack.setCurrentWidget(self.login)
        self.login.reset()

    def _show_violation(self, text: str) -> None:
        self.status.showMessage(text, 15000)

    def _show_status(self, text: str) -> None:
        self.status.showMessage(text, 8000)

    def _show_port(self, *_: object) -> None:
        if self.ctx.has_desk and self.login is not None:
            self.login.set_port_name(f"{self.ctx.port_name()}  {self.ctx.desk.port_code}")

    # -- officers --------------------------------------------------------------------------

    def signed_in(self, officer: Officer) -> None:
        self._build_workspace()  # normally built already, just after the sign-in page
        self.ctx.set_officer(officer)
        self.stack.setCurrentWidget(self.workspace)
        self.inactivity.arm()
        self.status.showMessage(
            self.tr("Signed in: {name}, {role}").format(
                name=officer.name, role=label(officer.role)
            ),
            5000,
        )
        if self.workspace.tabs.currentWidget() is self.workspace.clearance:
            self.workspace.clearance.scan.setFocus()

    def about(self) -> None:
        from ui.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self.ctx, self)
        self.dialog = dialog
        dialog.open()  # never blocks the desk

    def sign_out(self) -> None:
        self._leave("logout", locked=False)

    def lock(self) -> None:
        if self.ctx.officer is not None:
            self._leave("screen.locked", locked=True)

    def _leave(self, action: str, *, locked: bool) -> None:
        officer = self.ctx.officer
        self.inactivity.disarm()
        self._close_dialog()
        if officer is not None:
            from desktop_app import audit

            desk, officer_id = self.ctx.desk, officer.id
            self.ctx.op(self, lambda: audit.record(desk, action=action, by=officer_id)).run()
        self.ctx.set_officer(None)
        self.status.clearMessage()  # nothing of the last officer's work stays on screen
        self.login.show_locked(officer.name if locked and officer else None)
        self._show_login()

    def _close_dialog(self) -> None:
        for dialog in self.findChildren(QWidget):
            if dialog.isWindow() and dialog is not self and dialog.isVisible():
                dialog.close()

    # -- actions that work from every screen ---------------------------------------------

    def _in_workspace(self) -> bool:
        return (
            self.workspace is not None
            and self.stack.currentWidget() is self.workspace
            and self.ctx.officer is not None
        )

    def _go_to(self, index: int) -> None:
        if self._in_workspace():
            self.workspace.tabs.setCurrentIndex(index)

    def emergency(self) -> None:
        """F12: the emergency passage popup; the next digit records it."""
        if not self._in_workspace():
            return
        from ui.dialogs.emergency_dialog import EmergencyDialog

        dialog = EmergencyDialog(self)
        dialog.chosen.connect(self._record_emergency)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _record_emergency(self, kind: EmergencyKind) -> None:
        from desktop_app import emergencies

        at = self.ctx.now()
        desk, by = self.ctx.desk, self.ctx.officer_id
        (
            self.ctx.op(self, lambda: emergencies.record(desk, kind=kind, by=by, at=at))
            .success(
                lambda _p: self.status.showMessage(
                    self.tr("Emergency passage recorded: {kind}, {time}").format(
                        kind=label(kind), time=self.ctx.local_time(at)
                    ),
                    15000,
                )
            )
            .run()
        )

    def assign_to_lane(self, lane: Lane | None) -> None:
        self._assign(lane_id=lane.id if lane else None)

    def assign_forecast(self, row: ForecastRow) -> None:
        self._assign(forecast_id=row.forecast.id)

    def _assign(
        self, *, lane_id: uuid.UUID | None = None, forecast_id: uuid.UUID | None = None
    ) -> None:
        open_lanes = [lane for lane in self.workspace.live.snapshot.lanes if lane.is_open]
        if not open_lanes:
            self.status.showMessage(self.ctx.describe(RuleViolation("lane_id", "required")))
            return
        from ui.dialogs.assign_dialog import AssignDialog

        dialog = AssignDialog(
            self.ctx, open_lanes, lane_id=lane_id, forecast_id=forecast_id, parent=self
        )
        dialog.assigned.connect(
            lambda ref: self.status.showMessage(self.tr("{subject} assigned").format(subject=ref))
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def toggle_language(self) -> None:
        self.ctx.language.set(EN if self.ctx.language.is_zh else ZH)

    # -- window ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Checkpoint Desk: verification platform"))
        if self.stack.currentWidget() is self.starting and not self.starting.text().count("\n"):
            self.starting.setText(self.tr("Opening the post's database…"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.inactivity.remove()
        super().closeEvent(event)
