"""Reports from the desk: the reports screen and the close-out's generate-and-print.

Real widgets over a real post, real PDFs read back with pypdf; the print
dialog is replaced by a QPrinter writing a PDF file (``print_to_pdf_file``),
so nothing waits for a person and no dialog is ever exec()'d.  The guard
fails a test if a database transaction or any report work (building,
filing, rasterising, printing) ran on the UI thread.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pypdfium2
import pytest
from conftest import PIN, make_post
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget
from test_reports_dataset import DAY1, build_dataset, utc

from db.enums import Outcome, SubjectKind, TravellerCategory
from desktop_app import clearance
from desktop_app.paths import reports_dir
from desktop_app.reports import ReportNotFound, filing
from desktop_app.reports.filing import Filed
from ui import printing
from ui.models.shift_list_model import ShiftListModel, load_shift_list
from ui.testing import Desktop, MainThreadSqlGuard, print_to_pdf_file
from ui.widgets.report_panel import ReportPanel

CTRL = Qt.KeyboardModifier.ControlModifier


def text_of(path) -> str:
    """Every page's text, without the spaces and line breaks tables put in."""
    return "".join("".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def start_desktop(qtbot, desk, language="zh_CN"):
    guard = MainThreadSqlGuard(desk)
    ui = Desktop(desk, language=language, wait=lambda p: qtbot.waitUntil(p, timeout=20_000))
    ui.guard = guard
    qtbot.addWidget(ui.window)
    ui.window.resize(1366, 768)
    return ui


@pytest.fixture
def dataset_ui(qtbot, tmp_path):
    """The hand-checked data set (three closed shifts at TRG), the deputy captain signed in."""
    data = build_dataset(tmp_path / "post")
    ui = start_desktop(qtbot, data.post.desk)
    ui.data = data
    ui.sign_in("1001", PIN)
    yield ui
    ui.guard.stop()
    ui.close()


def open_reports(qtbot, ui):
    qtbot.keyClick(ui.window, Qt.Key.Key_5, CTRL)
    page = ui.workspace.reports
    assert ui.workspace.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.loaded)
    return page


def click_row(qtbot, page, row):
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def generate(qtbot, page):
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.panel.busy)
    assert not page.generate_button.isEnabled()  # one report at a time
    qtbot.waitUntil(lambda: not page.panel.busy, timeout=30_000)
    assert not page.panel.error.isVisible(), page.panel.error.text()
    return page.panel.filed


def test_shift_and_daily_reports_from_the_reports_screen(qtbot, dataset_ui, monkeypatch):
    ui, data = dataset_ui, dataset_ui.data
    page = open_reports(qtbot, ui)
    folder = reports_dir(data.post.path)
    assert str(folder) in page.folder.text()

    # The three closed shifts, newest first, in the port's time (UTC+8); the newest preselected.
    model = page.model
    assert model.rowCount() == 3
    starts = [model.index(r, ShiftListModel.COL_START).data() for r in range(3)]
    assert starts == ["2026-03-11 12:00", "2026-03-11 08:00", "2026-03-10 20:00"]
    assert model.index(2, ShiftListModel.COL_END).data() == "2026-03-11 08:00"  # next day
    assert model.index(2, ShiftListModel.COL_STATE).data() == "已交班"
    assert model.index(2, ShiftListModel.COL_DEPUTY).data() == "何锐"  # who closed it
    assert page.selected_shift().shift.id == data.shift_c

    # Shift A (20:00 to 08:00, across midnight), in Chinese.
    click_row(qtbot, page, 2)
    assert page.selected_shift().shift.id == data.shift_a
    assert page.shift_choice.isChecked()
    assert "2026-03-10 20:00" in page.selection.text()
    filed = generate(qtbot, page)
    assert filed.path == folder / "shift-report-TRG-2026-03-10-2000-zh.pdf"
    assert filed.filed == Filed.NEW and filed.result.final
    assert page.panel.progress.value() == 100 or not page.panel.progress.isVisible()
    reader = PdfReader(filed.path)
    assert len(reader.pages) == filed.result.pages >= 3
    body = text_of(filed.path)
    assert "吐尔尕特口岸执勤班次报告" in body
    # citizens' wait: count, P50 P90 P95 max (Q007 still waiting at the close), share within
    assert "中国公民6≥27.5≥232.5≥326.3≥420.050.0%" in body
    assert "共3人/次超过目标" in body and "Q003" in body and "Q006" in body
    assert "临时数据" not in body  # a closed shift's report is final
    assert filed.result.data_hash in page.panel.result.text()
    assert page.panel.open_button.isEnabled() and page.panel.print_button.isEnabled()

    # Open: the system's viewer gets the file.
    opened = []
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) or True)
    qtbot.mouseClick(page.panel.open_button, Qt.MouseButton.LeftButton)
    assert opened == [filed.path]

    # Print…: every page reaches the printer.
    printed = data.post.path / "printed-shift.pdf"
    monkeypatch.setattr(printing, "choose_printer", print_to_pdf_file(printed))
    qtbot.mouseClick(page.panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.panel.pages_printed > 0 and not page.panel.busy, timeout=30_000)
    assert len(PdfReader(printed).pages) == filed.result.pages
    assert "printed-shift.pdf" in page.panel.result.text()

    # Generating it again: the same bytes (reproducible), the saved file kept as it was.
    saved = filed.path.read_bytes()
    again = generate(qtbot, page)
    assert again.filed == Filed.IDENTICAL and again.path == filed.path
    assert filed.path.read_bytes() == saved
    assert "字节" in page.panel.result.text()  # "byte for byte the same", in Chinese

    # A whole day, in English: the port's local 10 March (C1 to C5; C3 waited 35 minutes).
    page.day.setDate(QDate(DAY1.year, DAY1.month, DAY1.day))
    assert page.day_choice.isChecked()
    page.language.setCurrentIndex(page.language.findData("en"))
    assert "2026-03-10" in page.selection.text()
    day = generate(qtbot, page)
    assert day.path == folder / "daily-report-TRG-2026-03-10-en.pdf"
    body = text_of(day.path)
    assert "Torugart—Dailyreport" in body and "Q003" in body  # the one breach, listed
    # Citizens' wait that day: 4 measured, P50 12.5, P90 30.5, P95 32.8, max 35.0, 75 % within,
    # one breach (C6, who waited 45 minutes, joined after midnight: the 11th's).
    assert "Chinesecitizens412.530.532.835.075.0%10" in body
    assert "Q006" not in body
    assert files(folder) == [
        "daily-report-TRG-2026-03-10-en.pdf",
        "shift-report-TRG-2026-03-10-2000-zh.pdf",
    ]
    ui.idle()
    assert ui.guard.violations == [], "database or report work ran on the UI thread"


def test_cancel_mid_way_leaves_no_file(qtbot, dataset_ui, monkeypatch):
    ui, data = dataset_ui, dataset_ui.data
    page = open_reports(qtbot, ui)
    folder = reports_dir(data.post.path)
    reached, go_on = threading.Event(), threading.Event()
    original = filing.file_shift_report

    def held_at_writing(desk, shift_id, lang, *, progress, redact=False):
        """The real report, held on the slow pool at its first 'writing' step."""

        def gate(fraction, stage):
            if stage == "writing" and not reached.is_set():
                reached.set()
                go_on.wait(20)
            progress(fraction, stage)

        return original(desk, shift_id, lang, progress=gate, redact=redact)

    monkeypatch.setattr(filing, "file_shift_report", held_at_writing)
    click_row(qtbot, page, 2)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=20_000)
    panel = page.panel
    qtbot.waitUntil(lambda: panel.stage.text() == "正在版面排布…")  # progress is shown
    assert panel.progress.isVisible() and panel.cancel_button.isEnabled()
    assert 0 < panel.progress.value() < 100
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)
    assert panel.filed is None
    assert panel.result.text() == "已取消：未写入任何报表。"
    assert not panel.open_button.isVisible() and not panel.progress.isVisible()
    assert files(folder) == []  # nothing at all: no report, no temporary file
    assert page.generate_button.isEnabled()
    ui.idle()
    assert ui.guard.violations == []


def test_errors_are_shown_translated(qtbot, dataset_ui, monkeypatch):
    ui = dataset_ui
    page = open_reports(qtbot, ui)

    def gone(*_args, **_kwargs):
        raise ReportNotFound("no shift")

    monkeypatch.setattr(filing, "file_shift_report", gone)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.panel.busy and page.panel.error.isVisible())
    assert page.panel.error.text() == "本口岸数据库中没有这个班次。"

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(filing, "file_shift_report", disk_full)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.panel.busy and "No space" in page.panel.error.text())
    assert page.panel.error.text().startswith("报表无法保存")
    ui.language.set("en")
    assert page.panel.error.text() == "The report could not be saved: No space left on device"
    ui.language.set("zh_CN")


@pytest.fixture
def open_shift_ui(qtbot, tmp_path):
    """TRG with a shift open for two hours: four travellers, one of them waited 40 minutes."""
    post = make_post(tmp_path / "post", _clock())
    start = post.clock.at - timedelta(hours=2)
    for n, (wait, category) in enumerate(
        [
            (5, TravellerCategory.CHINESE_CITIZEN),
            (12, TravellerCategory.CHINESE_CITIZEN),
            (40, TravellerCategory.CHINESE_CITIZEN),
            (3, TravellerCategory.FOREIGN_NATIONAL),
        ]
    ):
        joined = start + timedelta(minutes=10 + 15 * n)
        event = clearance.join_queue(
            post.desk,
            lane_id=post.lane.id,
            reference=f"R{n:03d}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=category,
            by=post.officer.id,
            at=joined,
        )
        clearance.start_service(
            post.desk,
            clearance_id=event.clearance_id,
            by=post.officer.id,
            at=joined + timedelta(minutes=wait),
        )
        clearance.finish(
            post.desk,
            clearance_id=event.clearance_id,
            outcome=Outcome.CLEARED,
            by=post.officer.id,
            at=joined + timedelta(minutes=wait + 2),
        )
    ui = start_desktop(qtbot, post.desk)
    ui.post = post
    ui.sign_in("1001", PIN)
    yield ui
    ui.guard.stop()
    ui.close()


def _clock():
    from conftest import Clock

    return Clock(utc(10, 6))  # 14:00 port time


def test_open_shift_report_then_close_out_generate_and_print(
    qtbot, open_shift_ui, monkeypatch, tmp_path
):
    ui, post = open_shift_ui, open_shift_ui.post
    folder = reports_dir(post.path)
    opened = []
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) or True)

    # The open shift is listed, and its report is provisional: by name and on every page.
    page = open_reports(qtbot, ui)
    assert page.model.rowCount() == 1
    assert page.model.index(0, ShiftListModel.COL_STATE).data() == "进行中：临时报表"
    assert "临时" in page.selection.text()
    provisional = generate(qtbot, page)
    assert not provisional.result.final
    assert provisional.path.name == "shift-report-TRG-2026-03-10-1200-zh-provisional.pdf"
    pages = PdfReader(provisional.path).pages
    assert all("临时数据" in "".join((p.extract_text() or "").split()) for p in pages)
    assert "临时" in page.panel.result.text()

    # The deputy captain closes the shift; the close-out generates and prints the report.
    printed = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing, "choose_printer", print_to_pdf_file(printed))
    shift_page = ui.workspace.shift
    qtbot.keyClick(ui.window, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: shift_page.loaded and shift_page.closeout_button.isVisible())
    qtbot.mouseClick(shift_page.closeout_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shift_page.dialog is not None and shift_page.dialog.isVisible())
    closeout = shift_page.dialog
    qtbot.waitUntil(lambda: closeout.overview is not None)
    qtbot.keyClicks(closeout.pin, PIN)
    qtbot.mouseClick(closeout.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(closeout.done_box.isVisible)
    button = closeout.report_button
    assert button.isEnabled() and button.text() == "生成并打印交班报告"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel = closeout.report_panel
    qtbot.waitUntil(lambda: panel.busy)
    assert not button.isEnabled()
    qtbot.waitUntil(lambda: panel.pages_printed > 0 and not panel.busy, timeout=30_000)
    filed = panel.filed
    assert filed.result.final and filed.filed == Filed.NEW
    assert filed.path == folder / "shift-report-TRG-2026-03-10-1200-zh.pdf"
    report_pages = len(PdfReader(filed.path).pages)
    assert report_pages == filed.result.pages
    assert len(PdfReader(printed).pages) == report_pages  # every page went to the printer
    assert _ink(printed) > 0.005  # and the pages carry the report, not blank paper
    body = text_of(filed.path)
    assert "R002" in body and "共1人/次超过目标" in body  # the 40-minute wait
    assert "中国公民3" in body  # three citizens measured
    assert str(printed.name) in panel.result.text()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened == [filed.path]
    assert button.isEnabled()  # can be printed again
    closeout.accept()
    assert files(folder) == sorted([filed.path.name, provisional.path.name])

    # The reports screen now shows it closed.
    ui.window.activateWindow()  # the window manager's job after a dialog; offscreen has none
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)
    qtbot.keyClick(ui.window, Qt.Key.Key_5, CTRL)
    assert ui.workspace.tabs.currentWidget() is page
    qtbot.waitUntil(
        lambda: (
            page.model.rowCount() == 1
            and page.model.index(0, ShiftListModel.COL_STATE).data() == "已交班"
        )
    )
    ui.idle()
    assert ui.guard.violations == [], "database or report work ran on the UI thread"


def _ink(pdf) -> float:
    """The share of dark pixels on the first page of a printed (image-only) PDF."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        bitmap = document[0].render(scale=0.5, grayscale=True)
        data = bytes(bitmap.buffer)
    finally:
        document.close()
    return sum(1 for value in data if value < 128) / len(data)


def test_shift_list_model(qtmodeltester, tmp_path, qapp):
    data = build_dataset(tmp_path / "post")
    try:
        rows = load_shift_list(data.post.desk, 31)
        model = ShiftListModel(lambda: data.post.desk.port_zone, lambda zh, en: en)
        model.set_rows(rows)
        qtmodeltester.check(model)
        assert [r.shift.id for r in rows] == [data.shift_c, data.shift_b, data.shift_a]
        assert model.index(0, ShiftListModel.COL_TEAM).data() == "Duty team 2"
        assert model.index(0, ShiftListModel.COL_END).data() == "13:00"  # same day: time only
    finally:
        data.post.desk.close()


def test_printing_can_be_cancelled_and_the_real_dialog_never_blocks(
    qtbot, dataset_ui, monkeypatch, tmp_path
):
    ui = dataset_ui
    page = open_reports(qtbot, ui)
    click_row(qtbot, page, 2)  # shift A: four pages
    filed = generate(qtbot, page)
    panel = page.panel

    # The platform's print dialog: window-modal and asynchronous (open(), not exec()).
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui.window.findChild(QWidget, "printDialog") is not None)
    dialog = ui.window.findChild(QWidget, "printDialog")
    qtbot.waitUntil(dialog.isVisible)
    assert panel.busy and not panel.print_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.result.text().endswith("已取消打印；报表已保存。")

    # Cancel while the pages are being sent: held at the second page's first band.
    reached, go_on = threading.Event(), threading.Event()
    render = printing.render_band
    calls = []

    def held(pdf_page, dpi, top, rows):
        calls.append((dpi, top))
        if top == 0 and len([c for c in calls if c[1] == 0]) == 2:
            reached.set()
            go_on.wait(20)
        return render(pdf_page, dpi, top, rows)

    monkeypatch.setattr(printing, "render_band", held)
    monkeypatch.setattr(printing, "choose_printer", print_to_pdf_file(tmp_path / "p.pdf", 150))
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=20_000)
    qtbot.waitUntil(lambda: panel.stage.text().startswith("已发送第 1 页"))
    assert {dpi for dpi, _top in calls} == {150}  # the printer's resolution (under the cap)
    assert [top for _dpi, top in calls] == [0, 512, 1024, 1536, 0]  # A4 at 150 dpi: 1754 rows
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)
    assert panel.result.text().endswith("已取消打印；报表已保存。")
    assert panel.pages_printed == 0 and filed.path.exists()
    assert len(calls) == 5  # nothing rasterised after the cancel
    ui.idle()
    assert ui.guard.violations == []


def test_a_report_whose_window_closes_is_cancelled(qtbot, dataset_ui):
    """The close-out dialog closed while its report is being made: the build stops, no file."""
    ui, data = dataset_ui, dataset_ui.data
    folder = reports_dir(data.post.path)
    reached, go_on = threading.Event(), threading.Event()
    desk = data.post.desk

    def build(progress):
        def gate(fraction, stage):
            if stage == "writing" and not reached.is_set():
                reached.set()
                go_on.wait(20)
            progress(fraction, stage)

        return filing.file_shift_report(desk, data.shift_a, "zh", progress=gate)

    panel = ReportPanel(ui.ctx)
    panel.generate(build)
    qtbot.waitUntil(reached.is_set, timeout=20_000)
    destroyed = []
    panel.destroyed.connect(lambda *_: destroyed.append(True))
    panel.deleteLater()
    qtbot.waitUntil(lambda: destroyed == [True])
    go_on.set()
    ui.idle()  # the job ended (its callbacks skipped: nobody is left to tell)
    assert files(folder) == []
    assert ui.guard.violations == []


def test_every_filing_outcome_is_described_in_both_languages(qapp, tmp_path):
    from datetime import UTC, datetime

    from desktop_app.reports import ReportResult
    from desktop_app.reports.filing import FiledReport
    from ui.app import language_for
    from ui.widgets.report_panel import describe

    path = tmp_path / "shift-report-TRG-2026-03-10-2000-zh-0123456789ab.pdf"
    at = datetime(2026, 3, 11, tzinfo=UTC)
    result = ReportResult(path, 4, "0123456789ab", at, False, at)
    amended = ReportResult(path, 4, "0123456789ab", at, True, at, True, "ba9876543210")
    existing = tmp_path / "shift-report-TRG-2026-03-10-2000-zh.pdf"
    language = language_for(qapp)
    try:
        for code in ("zh_CN", "en"):
            language.set(code)
            for outcome in Filed:
                text = describe(FiledReport(result, path, outcome, existing))
                assert path.name in text and "0123456789ab" in text and "{" not in text
                if outcome == Filed.KEPT_BOTH:
                    assert existing.name in text
                assert ("临时" if code == "zh_CN" else "Provisional") in text
                text = describe(FiledReport(amended, path, outcome, existing))
                assert "ba9876543210" in text and "{" not in text  # the signed report's hash
                if outcome == Filed.AMENDED:
                    assert existing.name in text
    finally:
        language.set("zh_CN")


def test_the_redacted_box_files_a_redacted_copy(qtbot, dataset_ui):
    """For copies that leave the post: the box makes the masked variant, named so."""
    ui, data = dataset_ui, dataset_ui.data
    page = open_reports(qtbot, ui)
    page.redact.setChecked(True)
    click_row(qtbot, page, 2)
    filed = generate(qtbot, page)
    assert (
        filed.path
        == reports_dir(data.post.path) / "shift-report-TRG-2026-03-10-2000-zh-redacted.pdf"
    )
    text = "".join(PdfReader(filed.path).pages[0].extract_text().split())
    assert "编号已遮蔽" in text
