"""Make a report off the UI thread with progress and Cancel, then open or print it.

Shared by the reports screen and the close-out.  The build runs on the task
manager's slow pool (never the UI thread, never the desk worker, so the
next clearance keystroke is not held up by a PDF being drawn); its progress
callback runs there too and is forwarded by a queued signal.  Cancel sets a
flag that the next progress call turns into ``ReportCancelled``: the
builder then removes what it had written, so nothing is left behind.
Printing asks for the printer on the UI thread (``printing.choose_printer``)
and paints the pages on the slow pool (``printing.print_pdf``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop_app.reports.filing import Filed, FiledReport
from desktop_app.reports.snapshot import ReportNotFound
from ui import printing
from ui.context import AppContext
from ui.labels import QT_TRANSLATE_NOOP
from ui.retranslating import Retranslating
from ui.widgets.common import error_label, key_button

log = logging.getLogger(__name__)

# progress(fraction 0..1, stage), called on the slow pool by the report builder.
Progress = Callable[[float, str], None]
Build = Callable[[Progress], FiledReport]

STAGES = {
    "reading": QT_TRANSLATE_NOOP("ReportPanel", "Reading the data…"),
    "computing": QT_TRANSLATE_NOOP("ReportPanel", "Computing the figures…"),
    "layout": QT_TRANSLATE_NOOP("ReportPanel", "Laying out the pages…"),
    "writing": QT_TRANSLATE_NOOP("ReportPanel", "Writing the PDF…"),
    "done": QT_TRANSLATE_NOOP("ReportPanel", "Done"),
}


class ReportCancelled(Exception):
    """The officer pressed Cancel (or the panel went away) while the report was being made."""


def stage_text(stage: str) -> str:
    source = STAGES.get(stage)
    return QCoreApplication.translate("ReportPanel", source) if source else stage


class ReportPanel(Retranslating, QWidget):
    generated = Signal(object)  # FiledReport, on the UI thread
    printed = Signal(int)  # pages sent to the printer
    busy_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPanel")
        self.ctx = ctx
        self._taskman = ctx.taskman
        self.filed: FiledReport | None = None
        self.pages_printed = 0
        self.job: str | None = None  # "build", "choose" (print dialog open), "print"
        self._cancel: threading.Event | None = None
        self._printer: QPrinter | None = None
        self._message: Callable[[], str] = lambda: ""
        self._error: Callable[[], str] | None = None
        self._stage: Callable[[], str] = lambda: ""

        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.stage = QLabel()
        self.stage.setObjectName("reportStage")
        self.cancel_button = key_button("reportCancel")
        self.result = QLabel()
        self.result.setObjectName("reportResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path = QLabel()
        self.path.setObjectName("reportPath")
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = error_label("report")
        self.open_button = key_button("reportOpen")
        self.print_button = key_button("reportPrint")

        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(progress_row)
        layout.addWidget(self.stage)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addWidget(self.path)
        layout.addLayout(actions)

        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_report)
        self.print_button.clicked.connect(self.print_report)
        # A job still running when the panel goes (its dialog closed) is cancelled.
        running = self._running = [threading.Event()]
        self.destroyed.connect(lambda *_: running[0].set())
        self.retranslate()
        self._update()

    # -- state -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.job is not None

    def _set_job(self, job: str | None) -> None:
        self.job = job
        self._update()
        self.busy_changed.emit(self.busy)

    def _update(self) -> None:
        working = self.job in ("build", "print")
        self.progress.setVisible(working)
        self.cancel_button.setVisible(working)
        self.cancel_button.setEnabled(working and not (self._cancel and self._cancel.is_set()))
        self.stage.setVisible(working)
        have = self.filed is not None and not self.busy
        self.open_button.setVisible(self.filed is not None)
        self.print_button.setVisible(self.filed is not None)
        self.open_button.setEnabled(have)
        self.print_button.setEnabled(have)
        self.path.setVisible(self.filed is not None)

    def _say(self, message: Callable[[], str]) -> None:
        self._message = message
        self.result.setText(message())

    def _fail(self, message: Callable[[], str] | None) -> None:
        self._error = message
        if message is None:
            self.error.clear()
            self.error.hide()
        else:
            self.error.setText(message())
            self.error.show()

    # -- making the report -------------------------------------------------------------

    def generate(self, build: Build, *, then_print: bool = False) -> None:
        """Run ``build(progress)`` on the slow pool; with ``then_print``, print it after."""
        if self.busy:
            return
        cancel = threading.Event()
        self._cancel = cancel
        self.filed = None
        self._fail(None)
        self._say(lambda: "")
        self.path.clear()
        self.progress.setValue(0)
        self._stage = lambda: stage_text("reading")
        self.stage.setText(self._stage())
        self._set_job("build")
        self._running[0] = cancel
        progress = self._forwarder(cancel)
        (
            self.ctx.op(self, lambda: build(progress))
            .success(lambda filed: self._built(filed, then_print))
            .failure(self._build_failed)
            .done(self._finished_build)
            .run(slow=True)
        )

    def _forwarder(self, cancel: threading.Event) -> Progress:
        """The builder's progress callback: runs on the slow pool."""
        last: list[Any] = [-1.0, ""]  # the fraction and stage last shown

        def progress(fraction: float, stage: str) -> None:
            if cancel.is_set():
                raise ReportCancelled
            if stage != last[1] or fraction - last[0] >= 0.01 or fraction >= 1.0:
                last[:] = [fraction, stage]
                self._on_ui(cancel, lambda: self._show_progress(fraction, stage))

        return progress

    def _on_ui(self, cancel: threading.Event, show: Callable[[], None]) -> None:
        """From the slow pool: ``show()`` on the UI thread, if this panel still exists then.

        Through the task manager (it lives as long as the app), not a signal of
        the panel: the panel may be deleted (its dialog closed) while a job runs.
        """
        panel = self

        def deliver() -> None:
            if shiboken6.isValid(panel):
                show()
            else:
                cancel.set()

        self._taskman.run_on_main(deliver)

    def _show_progress(self, fraction: float, stage: str) -> None:
        if self.job != "build":
            return
        self.progress.setValue(round(fraction * 100))
        self._stage = lambda: stage_text(stage)
        self.stage.setText(self._stage())

    def cancel(self) -> None:
        if self._cancel is not None and self.busy:
            self._cancel.set()
            self._stage = lambda: self.tr("Cancelling…")
            self.stage.setText(self._stage())
            self._update()

    def _built(self, filed: FiledReport, then_print: bool) -> None:
        self.filed = filed
        self.path.setText(str(filed.path))
        self._say(lambda: describe(filed))
        self.generated.emit(filed)
        if then_print:
            self._finished_build()
            self.print_report()

    def _build_failed(self, error: Exception) -> None:
        if isinstance(error, ReportCancelled):
            self._say(lambda: self.tr("Cancelled: no report was written."))
            return
        if isinstance(error, ReportNotFound):
            self._fail(lambda: self.tr("This shift is not in this post's database."))
            return
        if isinstance(error, OSError):
            self._fail(
                lambda: self.tr("The report could not be saved: {error}").format(
                    error=error.strerror or error
                )
            )
            return
        log.error("report failed", exc_info=error)
        self._fail(lambda: self.tr("The report failed: {error}").format(error=error))

    def _finished_build(self) -> None:
        if self.job == "build":
            self._cancel = None
            self._set_job(None)

    # -- opening and printing ------------------------------------------------------------

    def open_report(self) -> None:
        if self.filed is None:
            return
        if not printing.open_file(self.filed.path):
            path = self.filed.path
            self._fail(lambda: self.tr("No PDF viewer could open {path}.").format(path=path))

    def print_report(self) -> None:
        """Ask for a printer (UI thread, asynchronous), then print on the slow pool."""
        if self.filed is None or self.busy:
            return
        self._fail(None)
        printer = printing.new_printer(self.filed.path.name)
        self._printer = printer
        self._set_job("choose")
        parent = self.window() if isinstance(self.window(), QWidget) else self
        printing.choose_printer(parent, printer, lambda ok: self._printer_chosen(printer, ok))

    def _printer_chosen(self, printer: QPrinter, accepted: bool) -> None:
        if not shiboken6.isValid(self):
            return
        if not accepted or self.filed is None:
            self._printer = None
            self._set_job(None)
            self._say(
                lambda: self._with_report(self.tr("Printing cancelled; the report is saved."))
            )
            return
        cancel = threading.Event()
        self._cancel = cancel
        self._running[0] = cancel
        path = self.filed.path
        self.progress.setValue(0)
        self._stage = lambda: self.tr("Sending the pages to the printer…")
        self.stage.setText(self._stage())
        self._set_job("print")

        def sent(done: int, total: int) -> None:  # on the slow pool
            self._on_ui(cancel, lambda: self._show_pages_sent(done, total))

        (
            self.ctx.op(
                self,
                lambda: printing.print_pdf(path, printer, progress=sent, cancelled=cancel.is_set),
            )
            .success(lambda pages: self._printed(printer, pages))
            .failure(self._print_failed)
            .done(self._finished_print)
            .run(slow=True)
        )

    def _with_report(self, text: str) -> str:
        """``text`` after what was saved (the file, its pages and data hash stay on screen)."""
        return f"{describe(self.filed)} {text}" if self.filed is not None else text

    def _show_pages_sent(self, done: int, total: int) -> None:
        if self.job != "print":
            return
        self.progress.setValue(round(100 * done / max(total, 1)))
        self._stage = lambda: self.tr("Page {page} of {pages} sent").format(page=done, pages=total)
        self.stage.setText(self._stage())

    def _printed(self, printer: QPrinter, pages: int) -> None:
        self.pages_printed = pages
        where = printer.printerName() or printer.outputFileName()
        self._say(
            lambda: self._with_report(
                self.tr("{pages} pages sent to {printer}.").format(pages=pages, printer=where)
            )
        )
        self.printed.emit(pages)

    def _print_failed(self, error: Exception) -> None:
        if isinstance(error, printing.PrintCancelled):
            self._say(
                lambda: self._with_report(self.tr("Printing cancelled; the report is saved."))
            )
            return
        log.error("printing failed", exc_info=error)
        self._fail(lambda: self.tr("Printing failed: {error}").format(error=error))

    def _finished_print(self) -> None:
        self._printer = None
        self._cancel = None
        self._set_job(None)

    # -- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.open_button.setText(self.tr("Open the PDF"))
        self.print_button.setText(self.tr("Print…"))
        self.result.setText(self._message())
        self.stage.setText(self._stage())
        if self._error is not None:
            self.error.setText(self._error())


def describe(filed: FiledReport) -> str:
    """What was made and where it went, in the current language."""
    result, name = filed.result, filed.path.name
    if filed.filed == Filed.IDENTICAL:
        text = QCoreApplication.translate(
            "ReportPanel",
            "{name} was already saved, byte for byte the same: a closed shift's or a past "
            "day's report is reproducible (the same data gives the same PDF), so the saved "
            "file was kept. {pages} pages, data hash {hash}.",
        )
    elif filed.filed == Filed.AMENDED:
        text = QCoreApplication.translate(
            "ReportPanel",
            "Saved {name}: an amended report ({pages} pages, data hash {hash}). Corrections "
            "were recorded after the close-out; every page says amended and the changes "
            "against the signed report (data hash {signed}) are listed up front. The signed "
            "report stays as {existing}.",
        )
    elif filed.filed == Filed.KEPT_BOTH:
        text = QCoreApplication.translate(
            "ReportPanel",
            "{existing} differs from this report: the data changed since it was saved (a "
            "correction recorded after the day was over) or another version of the desk made "
            "it. That file was kept and this report saved beside it as {name}. "
            "{pages} pages, data hash {hash}.",
        )
    elif filed.filed == Filed.REPLACED:
        text = QCoreApplication.translate(
            "ReportPanel",
            "Saved {name}: {pages} pages, data hash {hash}. It replaces the earlier "
            "provisional report.",
        )
    else:
        text = QCoreApplication.translate(
            "ReportPanel", "Saved {name}: {pages} pages, data hash {hash}."
        )
    existing = filed.existing.name if filed.existing else ""
    said = text.format(
        name=name,
        pages=result.pages,
        hash=result.data_hash,
        existing=existing,
        signed=result.signed_hash or "",
    )
    if result.amended and filed.filed != Filed.AMENDED:
        said += " " + QCoreApplication.translate(
            "ReportPanel",
            "Amended: corrected after the close-out signed with data hash {signed}.",
        ).format(signed=result.signed_hash or "")
    if not result.final:
        said += " " + QCoreApplication.translate(
            "ReportPanel",
            "Provisional: the period is not over yet, and every page of the report says so.",
        )
    return said


def folder_text(folder: Path) -> str:
    return QCoreApplication.translate("ReportPanel", "Reports are saved in {folder}").format(
        folder=folder
    )
