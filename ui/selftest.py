"""The self-test's Qt steps: the real main window shown and closed; a report printed.

Run by ``checkpoint-desk --self-test`` (``desktop_app/selftest.py``) in the
frozen build: proves that Qt, its offscreen platform plugin, the bundled font,
the translations and the icons are all in the bundle and work together, and
that printing works (QtPrintSupport and PDFium, through pypdfium2).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from desktop_app import officers
from desktop_app.desk import Desk
from ui.app import build
from ui.testing import wait_until


def open_and_close_main_window(desk: Desk) -> str:
    assert desk.data_dir is not None
    # The window owns (and closes) its own desk, like the app does.
    app, ctx, window = build(desk.data_dir, lock_after=timedelta(minutes=5))
    window.show()
    window.start()
    wait_until(lambda: window.login is not None and window.workspace is not None, timeout=30)
    officer = officers.roster(desk)[0]
    window.signed_in(officer)
    wait_until(lambda: window.workspace.isVisible(), timeout=10)
    app.processEvents()
    image = window.grab()
    if image.isNull() or image.width() < 800:
        raise RuntimeError("the main window did not paint")
    chinese = window.ctx.language.code.startswith("zh")
    window.close()
    ctx.close()
    app.processEvents()
    return (
        f"main window shown ({image.width()}x{image.height()}, "
        f"{'Chinese' if chinese else 'English'}), signed in as {officer.badge_no}, closed"
    )


def print_report(pdf: Path, out: Path) -> str:
    """Print ``pdf`` the way the desk does, onto a printer that writes the PDF file ``out``."""
    from PySide6.QtPrintSupport import QPrinter

    from ui import printing
    from ui.app import create_application

    create_application()
    printer = printing.new_printer(pdf.name)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    sent = printing.print_pdf(pdf, printer)
    expected, printed = printing.page_count(pdf), printing.page_count(out)
    if not sent == printed == expected:
        raise RuntimeError(f"{expected} pages in the report, {sent} sent, {printed} printed")
    return f"printed {sent} pages through PDFium onto a PDF printer ({out.stat().st_size} bytes)"
