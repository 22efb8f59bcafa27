"""Print a report PDF on a QPrinter, and open it in the system's PDF viewer.

PySide6-Essentials has QtPrintSupport but not QtPdf (that is the 59 MB
Addons wheel), so the pages are rasterised with pypdfium2 (PDFium, the
engine of Chrome's viewer) and painted onto the printer page by page:

* in grey levels (the reports tell nothing apart by colour), at the
  printer's resolution up to ``MAX_DPI`` (600 dpi; 1200 dpi would make the
  print job four times larger for no visible gain in 8-point type);
* in bands of ``BAND_ROWS`` rows, each overlapping the next by one row of
  the same pixels: a whole A4 page at 600 dpi is a 35 MB grey image, which
  Qt's print engine turns into 140 MB of 32-bit pixels while sending it;
* at actual size (the PDF is A4; the printer is set to full page so that
  the PDF's own margins apply), scaled down only when the paper is
  smaller, and centred;
* off the UI thread: QPainter may paint onto a QPrinter from another
  thread (Qt's threading notes), and only images are drawn, so no font
  rendering happens there.  ``print_pdf`` runs on the task manager's slow
  pool; the print dialog itself (``choose_printer``) runs on the UI thread
  and never blocks it (``open()``, not ``exec()``).

Tests replace ``choose_printer`` (a QPrinter writing a PDF file instead of
a dialog) and ``open_file`` (nothing to launch offscreen).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

MAX_DPI = 600
BAND_ROWS = 512  # rows rendered at a time: 2.5 MB of grey at 600 dpi on A4
POINTS_PER_INCH = 72.0

# PDFium is not thread-safe and the slow pool runs two jobs: one caller at a time.
_PDFIUM = threading.Lock()

ChoosePrinter = Callable[[QWidget, QPrinter, Callable[[bool], None]], None]
PageProgress = Callable[[int, int], None]  # (pages done, pages to print)


class PrintCancelled(Exception):
    """The officer cancelled while the pages were being sent."""


def new_printer(document_name: str) -> QPrinter:
    """A printer set up for the reports: A4, full page, grey levels, the document's name."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    return printer


def qt_print_dialog(parent: QWidget, printer: QPrinter, done: Callable[[bool], None]) -> None:
    """The platform's print dialog, window-modal and asynchronous; ``done(accepted)`` after."""
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)

    def finished(result: int) -> None:
        dialog.deleteLater()
        done(result == QDialog.DialogCode.Accepted)

    dialog.finished.connect(finished)
    # QPrintDialog's binding only has open(receiver, member); QDialog's open() is what we
    # want: window-modal, returns at once, never a nested event loop like exec().
    QDialog.open(dialog)


# The print dialog step; looked up at call time so that tests can replace it.
choose_printer: ChoosePrinter = qt_print_dialog


def open_file(path: Path) -> bool:
    """Open a file (the PDF, or the reports folder) with the system's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def page_count(pdf: Path) -> int:
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            return len(document)
        finally:
            document.close()


def _pages_to_print(printer: QPrinter, total: int) -> list[int]:
    """Zero-based page numbers, honouring a page range chosen in the dialog."""
    first, last = 1, total
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(total, printer.toPage() or total)
    pages = list(range(first - 1, last))
    # Where the print system cannot make copies itself (X11 without CUPS), send them.
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    return pages * copies


def render_band(pdf_page: object, dpi: float, top: int, rows: int) -> QImage:
    """Rows ``top .. top + rows`` of a PDF page rendered in grey at ``dpi`` (hold ``_PDFIUM``).

    The page is rendered band by band so that memory stays small at printer
    resolutions: a whole A4 page at 600 dpi is a 35 MB grey image, which Qt's
    print engine turns into 140 MB of 32-bit pixels while it sends it.
    """
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    width, height = page_pixels(pdf_page, dpi)
    rows = max(1, min(rows, height - top))
    bitmap = pypdfium2.PdfBitmap.new_native(width, rows, pdfium_c.FPDFBitmap_Gray)
    try:
        bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, rows)
        flags = pdfium_c.FPDF_ANNOT | pdfium_c.FPDF_GRAYSCALE | pdfium_c.FPDF_PRINTING
        # The whole page at this scale, shifted up by ``top``: the bitmap holds one band.
        pdfium_c.FPDF_RenderPageBitmap(bitmap, pdf_page, 0, -top, width, height, 0, flags)
        image = QImage(bitmap.buffer, width, rows, bitmap.stride, QImage.Format.Format_Grayscale8)
        return image.copy()  # own the pixels: the bitmap's buffer goes with it
    finally:
        bitmap.close()


def page_pixels(pdf_page: object, dpi: float) -> tuple[int, int]:
    width_pt, height_pt = pdf_page.get_size()  # type: ignore[attr-defined]
    scale = dpi / POINTS_PER_INCH
    return math.ceil(width_pt * scale), math.ceil(height_pt * scale)


def print_pdf(
    pdf: Path,
    printer: QPrinter,
    *,
    progress: PageProgress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Paint ``pdf`` onto ``printer`` page by page; returns the number of pages sent.

    Runs on a worker thread.  ``cancelled()`` is asked before every band of
    every page; when it says so the job is aborted (``PrintCancelled``).
    """
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(str(pdf))
    painter = QPainter()
    sent = 0
    try:
        with _PDFIUM:
            total = len(document)
        pages = _pages_to_print(printer, total)
        dpi = float(min(printer.resolution(), MAX_DPI))
        for number in pages:
            _stop_if(cancelled, printer, painter)
            with _PDFIUM:
                page = document[number]
            try:
                _print_page(page, dpi, printer, painter, cancelled)
            finally:
                with _PDFIUM:
                    page.close()
            sent += 1
            if progress is not None:
                progress(sent, len(pages))
    finally:
        if painter.isActive():
            painter.end()
        with _PDFIUM:
            document.close()
    return sent


def _print_page(
    page: object,
    dpi: float,
    printer: QPrinter,
    painter: QPainter,
    cancelled: Callable[[], bool],
) -> None:
    with _PDFIUM:
        width_pt, height_pt = page.get_size()  # type: ignore[attr-defined]
        _width, height = page_pixels(page, dpi)
    if not painter.isActive():
        if not painter.begin(printer):
            raise OSError(f"the printer {printer.printerName()!r} could not start")
    elif not printer.newPage():
        raise OSError(f"the printer {printer.printerName()!r} refused a new page")
    target = _target(printer, width_pt, height_pt)
    for top in range(0, height, BAND_ROWS):
        _stop_if(cancelled, printer, painter)
        # One row more than the step: each band overlaps the next by a row of the same
        # pixels, so that no hairline can open between two bands on paper.
        rows = min(BAND_ROWS + 1, height - top)
        with _PDFIUM:
            image = render_band(page, dpi, top, rows)
        y = target.top() + target.height() * top / height
        band_height = target.height() * rows / height
        painter.drawImage(QRectF(target.left(), y, target.width(), band_height), image)


def _stop_if(cancelled: Callable[[], bool], printer: QPrinter, painter: QPainter) -> None:
    if cancelled():
        if painter.isActive():
            printer.abort()  # the print system drops the job (where it can)
        raise PrintCancelled


def _target(printer: QPrinter, width_pt: float, height_pt: float) -> QRectF:
    """Where a page goes on the paper, in device pixels: actual size, centred, shrunk to fit."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    resolution = printer.resolution()
    width = width_pt / POINTS_PER_INCH * resolution
    height = height_pt / POINTS_PER_INCH * resolution
    scale = min(1.0, paper.width() / width, paper.height() / height)
    width, height = width * scale, height * scale
    # With full page on, the painter's origin is the paper's corner.
    return QRectF(
        (paper.width() - width) / 2,
        (paper.height() - height) / 2,
        width,
        height,
    )
