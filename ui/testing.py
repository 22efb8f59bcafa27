"""Test and benchmark support: a post on a real SQLite file, the real main window, and a guard.

Used by ``tests/test_ui_*.py``, ``bench/bench_ui.py`` and ``ui.screenshots``.
The guard records any transaction begun on the UI thread: the house rule
is that the UI thread never runs database work, and the tests assert it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from db.enums import Role
from db.models import Officer
from desktop_app import officers
from desktop_app.bootstrap import initialize
from desktop_app.desk import Desk

PIN = "2468"


# A test's clock starts at the last 11:00 at the posts (every port's time zone
# is Asia/Shanghai; the narrowest daily hours are 10:00-20:00): inside every
# port's hours whatever time the suite runs (a real 'now' failed the alert and
# shift tests whenever CI ran after 21:00 in Shanghai), and never ahead of the
# machine's clock, which HQ's subprocesses keep (a desk behind HQ is the
# common case the protocol corrects; records from hours ahead are not).
START_HOUR = time(11, 0)
POST_ZONE = ZoneInfo("Asia/Shanghai")


def clock_start() -> datetime:
    """Where a test's clock starts: the last 11:00 at the posts, in UTC."""
    now = datetime.now(POST_ZONE)
    start = datetime.combine(now.date(), START_HOUR, tzinfo=POST_ZONE)
    if start > now:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


class RunningClock:
    """The machine's clock moved back to start at ``clock_start()``: time runs as usual.

    For tests with real-time parts (sync loops, HQ subprocesses) whose records must
    still fall in every port's hours, whatever time of day the suite runs.
    """

    def __init__(self) -> None:
        self.offset = clock_start() - datetime.now(UTC)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class Clock:
    """A clock the test moves; the desk and the screens read it for 'now'."""

    def __init__(self, at: datetime | None = None) -> None:
        self.at = at or clock_start()
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.at

    def advance(self, **delta: float) -> datetime:
        with self._lock:
            self.at += timedelta(**delta)
            return self.at


@dataclass
class Roster:
    admin: Officer
    deputy: Officer
    deputy2: Officer
    officer: Officer


def make_desk(
    directory: Path, clock: Callable[[], datetime] | None = None, port: str = "TRG"
) -> tuple[Desk, Roster]:
    """A new post with a roster and nothing else: no shift planned, every lane closed."""
    desk = initialize(directory, port, clock=clock) if clock else initialize(directory, port)
    admin = officers.add_officer(
        desk, badge_no="9001", name="管理员", role=Role.ADMIN, pin=PIN, by=None
    )
    deputy = officers.add_officer(
        desk, badge_no="1001", name="何锐", role=Role.DEPUTY_CAPTAIN, pin=PIN, by=admin.id
    )
    deputy2 = officers.add_officer(
        desk, badge_no="1002", name="李成龙", role=Role.DEPUTY_CAPTAIN, pin=PIN, by=admin.id
    )
    officer = officers.add_officer(
        desk, badge_no="2001", name="陈静", role=Role.OFFICER, pin=PIN, by=admin.id
    )
    return desk, Roster(admin, deputy, deputy2, officer)


# Report work that must never run on the UI thread: building a PDF, filing it,
# rasterising and printing its pages.  (module, function) pairs the guard wraps.
REPORT_WORK = (
    ("desktop_app.reports.build", "_build"),
    ("desktop_app.reports.filing", "_file"),
    ("ui.printing", "print_pdf"),
    ("ui.printing", "render_band"),
    ("ui.printing", "page_count"),
)

# Sync work that must never run on the UI thread: every HTTP request to HQ, a whole
# sync, enrolment, writing a bundle.  ``Class.method`` names wrap the method.
SYNC_WORK = (
    ("desktop_app.sync.client", "SyncClient._send"),
    ("desktop_app.sync.client", "SyncClient.sync"),
    ("desktop_app.sync.client", "enroll"),
    ("desktop_app.sync.export", "export_bundle"),
)


@dataclass
class MainThreadSqlGuard:
    """Records every database transaction, report and sync work begun on the UI thread.

    Report and sync work is caught by wrapping the functions in
    ``REPORT_WORK`` and ``SYNC_WORK`` (they are looked up by module or class
    attribute at call time); ``stop()`` unwraps them.
    """

    desk: Desk | None  # None: every engine of the process
    violations: list[str] = field(default_factory=list)
    active: bool = True
    report_work: bool = True
    sync_work: bool = True
    # Only what runs while Qt delivers an event counts (a key, a click, a timer, a
    # queued signal: the UI code's turn), not what the test itself does on the
    # main thread to set up or check an outcome.  This is the guard every Qt test
    # gets (tests/conftest.py); it needs the QApplication of ``guarded_application``.
    ui_code_only: bool = False
    _wrapped: list[tuple[Any, str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        event.listen(self._target(), "begin", self._on_begin)
        if self.report_work:
            for module_name, name in REPORT_WORK:
                self._watch(module_name, name)
        if self.sync_work:
            for module_name, name in SYNC_WORK:
                self._watch(module_name, name)

    def _watch(self, module_name: str, dotted: str) -> None:
        import functools
        import importlib

        module: Any = importlib.import_module(module_name)
        *owners, name = dotted.split(".")
        for owner in owners:
            module = getattr(module, owner)
        original = getattr(module, name)

        @functools.wraps(original)
        def watched(*args: Any, **kwargs: Any) -> Any:
            self._check(f"{module_name}.{dotted}")
            return original(*args, **kwargs)

        setattr(module, name, watched)
        self._wrapped.append((module, name, original))

    def _on_begin(self, conn: Any) -> None:
        self._check("a database transaction")

    def _target(self) -> Any:
        from sqlalchemy import Engine

        return self.desk.engine if self.desk is not None else Engine

    def _check(self, what: str) -> None:
        if not self.active or threading.current_thread() is not threading.main_thread():
            return
        if self.ui_code_only and not _delivering[0]:
            return
        import traceback

        self.violations.append(what + "\n" + "".join(traceback.format_stack(limit=14)))

    @contextmanager
    def paused(self) -> Iterator[None]:
        """While the test itself reads the database on the main thread."""
        self.active = False
        try:
            yield
        finally:
            self.active = True

    def stop(self) -> None:
        """Before the test itself reads the database to check the outcome."""
        self.active = False
        if event.contains(self._target(), "begin", self._on_begin):
            event.remove(self._target(), "begin", self._on_begin)
        while self._wrapped:
            module, name, original = self._wrapped.pop()
            setattr(module, name, original)


# How deep Qt is in delivering events right now (counted by ``guarded_application``).
_delivering = [0]


def guarded_application() -> type:
    """A QApplication class that counts the events it is delivering, for the guard."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class GuardedApplication(QApplication):
        def notify(self, receiver: QObject, event: QEvent) -> bool:
            _delivering[0] += 1
            try:
                return super().notify(receiver, event)
            finally:
                _delivering[0] -= 1

    return GuardedApplication


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Process Qt events until ``predicate()`` holds (for scripts; tests use qtbot.waitUntil)."""
    import time

    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        QTest.qWait(2)


class Desktop:
    """The real main window over a desk, driven as an officer would."""

    def __init__(
        self,
        desk: Desk,
        *,
        language: str = "zh_CN",
        lock_after: timedelta = timedelta(hours=8),
        wait: Callable[[Callable[[], bool]], None] | None = None,
    ) -> None:
        from ui.app import create_application, language_for
        from ui.context import AppContext
        from ui.main_window import MainWindow
        from ui.taskman import TaskManager

        self.app = create_application()
        self.language = language_for(self.app, language)
        self.ctx = AppContext(TaskManager(), self.language)
        self.window = MainWindow(self.ctx, lock_after=lock_after)
        self.ctx.attach(desk)
        self.window.show()
        self.window.start()
        self.wait = wait or wait_until
        self.idle()

    @property
    def workspace(self) -> Any:
        return self.window.workspace

    def idle(self) -> None:
        """Wait until the worker has nothing queued and every callback ran."""
        self.wait(lambda: self.ctx.taskman.pending == 0)

    def sign_in(self, badge: str, pin: str = PIN) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        login = self.window.login
        self.wait(lambda: self.window.stack.currentWidget() is login)
        login.badge.clear()
        QTest.keyClicks(login.badge, badge)
        QTest.keyClick(login.badge, Qt.Key.Key_Return)
        QTest.keyClicks(login.pin, pin)
        QTest.keyClick(login.pin, Qt.Key.Key_Return)
        self.wait(lambda: self.ctx.officer is not None and self.ctx.officer.badge_no == badge)
        self.idle()

    def close(self) -> None:
        self.window.close()
        self.ctx.close()


def print_to_pdf_file(path: Path, resolution: int = 96) -> Callable[..., None]:
    """A print dialog step for tests and scripts: the printer writes ``path`` (a PDF), no dialog.

    Install it with ``monkeypatch.setattr(ui.printing, "choose_printer", ...)``.
    """

    def choose(_parent: Any, printer: Any, done: Callable[[bool], None]) -> None:
        from PySide6.QtPrintSupport import QPrinter

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(resolution)
        done(True)

    return choose
