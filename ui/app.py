"""Start the desktop app: ``checkpoint-desk`` with no command calls ``run(data_dir)``."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from ui import look
from ui.context import AppContext
from ui.i18n import LANGUAGES, ZH, Language
from ui.main_window import LOCK_AFTER, MainWindow
from ui.taskman import TaskManager

log = logging.getLogger(__name__)

LANGUAGE_VAR = "CHECKPOINT_DESK_LANG"  # zh_CN (default) or en, for the first screen
LOCK_VAR = "CHECKPOINT_DESK_LOCK_MINUTES"


def create_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication with the bundled CJK font, the high-contrast style and the icon."""
    # The desk worker runs Python (SQLAlchemy) while the UI thread waits for the GIL to
    # paint or take the next key; Python's default 5 ms switch interval would add up to
    # 5 ms to every keystroke's round trip.  1 ms keeps the UI thread's turn short.
    sys.setswitchinterval(0.001)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv) or ["checkpoint-desk"])
    app.setApplicationName("Checkpoint Desk")
    app.setOrganizationName("checkpoint-desk")
    look.load_cjk_font()
    look.apply_style(app)
    app.setWindowIcon(look.icon("app"))
    return app


def language_for(app: QApplication, code: str | None = None) -> Language:
    """The app's one Language object (created on first use)."""
    existing = app.findChild(Language)
    if isinstance(existing, Language):
        if code:
            existing.set(code)
        return existing
    code = code or os.environ.get(LANGUAGE_VAR, ZH)
    return Language(app, code if code in LANGUAGES else ZH)


def build(
    data_dir: Path, *, argv: Sequence[str] = (), lock_after: timedelta | None = None
) -> tuple[QApplication, AppContext, MainWindow]:
    app = create_application(argv)
    ctx = AppContext(TaskManager(), language_for(app))
    if lock_after is None:
        minutes = float(os.environ.get(LOCK_VAR, LOCK_AFTER.total_seconds() / 60))
        lock_after = timedelta(minutes=minutes)
    window = MainWindow(ctx, data_dir=data_dir, lock_after=lock_after)
    return app, ctx, window


def _excepthook(window: MainWindow) -> object:
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        # Into the log file (desktop_app.logs), and onto the console when there is one.
        log.error("unexpected error\n%s", text)
        box = QMessageBox(
            QMessageBox.Icon.Critical, window.windowTitle(), str(error), parent=window
        )
        box.setDetailedText(text)
        box.open()  # never blocks the desk: recording goes on

    return hook


def run(data_dir: Path) -> int:
    app, ctx, window = build(data_dir, argv=sys.argv)
    sys.excepthook = _excepthook(window)  # type: ignore[assignment]
    window.show()
    window.start()
    try:
        return app.exec()
    finally:
        ctx.close()
