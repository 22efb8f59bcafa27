"""The reports screen: any past shift or day as a PDF, made off the UI thread, opened or printed.

Left, the shifts (newest first, times in the port's zone): a closed shift
gives the final report, the open one a provisional report that says so on
every page.  Right, the daily report's date (the port's calendar), the
language, Generate with its progress and Cancel, then Open and Print….
The PDFs go to the post's ``reports/`` folder under clear names
(``desktop_app.reports.filing``): a final report already there is never
overwritten.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.reports import filing
from desktop_app.reports.labels import Lang
from ui import look, printing
from ui.context import AppContext
from ui.live import Refresher
from ui.models.shift_list_model import ShiftListModel, ShiftRow, load_shift_list
from ui.retranslating import Retranslating
from ui.widgets.common import error_label, key_button, row_table
from ui.widgets.report_panel import ReportPanel, folder_text

SHIFT_LIST_TABLES = frozenset({"shifts", "officers", "duty_teams"})
DAYS_SHOWN = 31  # the list starts with a month of shifts; "Show earlier" adds another
# The reports' languages, each named in itself (as language menus do).
REPORT_LANGUAGES: tuple[tuple[Lang, str], ...] = (("zh", "中文"), ("en", "English"))


class ReportsPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self.days = DAYS_SHOWN

        # Left: the shifts.
        self.shifts_box = QGroupBox()
        self.shifts_caption = QLabel()
        self.shifts_caption.setWordWrap(True)
        self.model = ShiftListModel(lambda: ctx.port_zone, ctx.language.pick, self)
        self.table = row_table("shiftTable", self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.earlier_button = key_button("earlierShifts")
        shifts_layout = QVBoxLayout(self.shifts_box)
        shifts_layout.addWidget(self.shifts_caption)
        shifts_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.earlier_button)
        row.addStretch(1)
        shifts_layout.addLayout(row)

        # Right: what to make, in which language.
        self.what_box = QGroupBox()
        self.shift_choice = QRadioButton()
        self.shift_choice.setObjectName("reportKindShift")
        self.day_choice = QRadioButton()
        self.day_choice.setObjectName("reportKindDay")
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.shift_choice)
        self.kind.addButton(self.day_choice)
        self.shift_choice.setChecked(True)
        self.day = QDateEdit()
        self.day.setObjectName("reportDay")
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.day_note = QLabel()
        self.day_note.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("reportLanguage")
        # A date and a language need no half a screen: fields at a readable width, left.
        self.day.setMaximumWidth(220)
        self.language.setMaximumWidth(220)
        for code, name in REPORT_LANGUAGES:
            self.language.addItem(name, code)
        # The copy for outside the post: references masked (docs/security.md).
        self.redact = QCheckBox()
        self.redact.setObjectName("reportRedact")
        self.labels = {key: QLabel() for key in ("kind", "day", "language")}
        kinds = QHBoxLayout()
        kinds.addWidget(self.shift_choice)
        kinds.addWidget(self.day_choice)
        kinds.addStretch(1)
        form = QFormLayout(self.what_box)
        form.addRow(self.labels["kind"], kinds)
        form.addRow(self.labels["day"], self.day)
        form.addRow("", self.day_note)
        form.addRow(self.labels["language"], self.language)
        form.addRow("", self.redact)
        self.selection = QLabel()
        self.selection.setObjectName("reportSelection")
        self.selection.setWordWrap(True)
        self.selection.setFont(look.live_font(look.BASE_POINT_SIZE + 1))
        self.generate_button = key_button("generateReport")
        self.generate_button.setProperty("kind", "primary")
        self.error = error_label("report")
        self.panel = ReportPanel(ctx)
        self.folder = QLabel()
        self.folder.setObjectName("reportsFolder")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = key_button("openReportsFolder")

        right = QVBoxLayout()
        right.addWidget(self.what_box)
        right.addWidget(self.selection)
        right.addWidget(self.generate_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.error)
        right.addWidget(self.panel)
        right.addStretch(1)
        right.addWidget(self.folder)
        right.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignLeft)
        # The report column scrolls: a long English status or file path must not make
        # the window taller than the desk's 1366x768 screen.
        right_widget = QWidget()
        right_widget.setLayout(right)
        right_scroll = QScrollArea()
        right_scroll.setObjectName("reportsScroll")
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right_scroll.setWidget(right_widget)
        layout = QHBoxLayout(self)
        layout.addWidget(self.shifts_box, 3)
        layout.addWidget(right_scroll, 2)

        self.table.selectionModel().currentRowChanged.connect(self._shift_picked)
        self.table.clicked.connect(lambda _i: self.shift_choice.setChecked(True))
        self.day.dateChanged.connect(self._day_picked)
        self.kind.buttonToggled.connect(lambda *_: self._show_selection())
        self.language.currentIndexChanged.connect(lambda _i: self._show_selection())
        self.generate_button.clicked.connect(self.generate)
        self.earlier_button.clicked.connect(self.show_earlier)
        self.folder_button.clicked.connect(self.open_folder)
        self.panel.busy_changed.connect(self._busy)
        self.refresher = Refresher(
            ctx,
            self,
            lambda: load_shift_list(ctx.desk, self.days),
            self._loaded,
            SHIFT_LIST_TABLES,
            widget=self,
        )
        ctx.desk_attached.connect(self._desk_attached)
        if ctx.has_desk:
            self._desk_attached()
        self.retranslate()

    # -- loading ---------------------------------------------------------------------------

    def _desk_attached(self) -> None:
        today = self.today()
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        yesterday = today - timedelta(days=1)  # the last whole day: the usual daily report
        self.day.blockSignals(True)
        self.day.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
        self.day.blockSignals(False)
        folder = self.reports_folder()
        self.folder.setText(folder_text(folder) if folder else "")

    def today(self) -> date:
        """The port's calendar day now (not the desk computer's)."""
        return self.ctx.now().astimezone(self.ctx.port_zone).date()

    def _loaded(self, rows: list[ShiftRow]) -> None:
        selected = self.selected_shift()
        self.model.set_rows(rows)
        first = not self.loaded
        self.loaded = True
        if selected is not None:
            self.select_shift(selected.shift.id)
        elif first and rows:
            # The newest closed shift: what a deputy captain comes here for after a close-out.
            closed = next((r for r in rows if not r.is_open), rows[0])
            self.select_shift(closed.shift.id)
        self._show_caption()
        self._show_selection()

    def show_earlier(self) -> None:
        self.days += DAYS_SHOWN
        self.refresher.request()

    # -- choosing --------------------------------------------------------------------------

    def selected_shift(self) -> ShiftRow | None:
        return self.model.row_at(self.table.currentIndex())

    def select_shift(self, shift_id: uuid.UUID) -> bool:
        row = self.model.row_of_key(shift_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def select_day(self, day: date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.day_choice.setChecked(True)

    def set_language(self, lang: Lang) -> None:
        self.language.setCurrentIndex(self.language.findData(lang))

    def chosen_day(self) -> date:
        picked = self.day.date()
        return date(picked.year(), picked.month(), picked.day())

    def chosen_language(self) -> Lang:
        return "en" if self.language.currentData() == "en" else "zh"

    def _shift_picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.table.hasFocus():
            self.shift_choice.setChecked(True)
        self._show_selection()

    def _day_picked(self, _day: QDate) -> None:
        self.day_choice.setChecked(True)
        self._show_selection()

    # -- making it -------------------------------------------------------------------------

    def generate(self) -> None:
        if self.panel.busy or not self.ctx.has_desk:
            return
        self.error.hide()
        desk, lang, redact = self.ctx.desk, self.chosen_language(), self.redact.isChecked()
        if self.day_choice.isChecked():
            day = self.chosen_day()
            self.panel.generate(
                lambda progress: filing.file_daily_report(
                    desk, day, lang, progress=progress, redact=redact
                )
            )
            return
        row = self.selected_shift()
        if row is None:
            self.error.setText(self.tr("Choose a shift in the list, or a day."))
            self.error.show()
            return
        shift_id = row.shift.id
        self.panel.generate(
            lambda progress: filing.file_shift_report(
                desk, shift_id, lang, progress=progress, redact=redact
            )
        )

    def _busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.what_box.setEnabled(not busy)
        self.shifts_box.setEnabled(not busy)

    def reports_folder(self) -> Path | None:
        if not self.ctx.has_desk or self.ctx.desk.data_dir is None:
            return None
        return filing.folder_for(self.ctx.desk)

    def open_folder(self) -> None:
        folder = self.reports_folder()
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)  # a directory, not database work
        if not printing.open_file(folder):
            self.error.setText(
                self.tr("The folder could not be opened: {folder}").format(folder=folder)
            )
            self.error.show()

    # -- showing ---------------------------------------------------------------------------

    def _show_caption(self) -> None:
        since = (self.ctx.now() - timedelta(days=self.days)).astimezone(self.ctx.port_zone)
        self.shifts_caption.setText(
            self.tr(
                "Shifts since {date}, newest first. A closed shift gives the final report; "
                "the open shift a provisional one."
            ).format(date=since.strftime("%Y-%m-%d"))
        )

    def _show_selection(self) -> None:
        lang = self.tr("in Chinese") if self.chosen_language() == "zh" else self.tr("in English")
        if self.day_choice.isChecked():
            day = self.chosen_day()
            text = self.tr("Daily report for {day}, {language}").format(
                day=day.isoformat(), language=lang
            )
            if day >= self.today():
                text += "\n" + self.tr("The day is not over: the report will be provisional.")
        else:
            row = self.selected_shift()
            if row is None:
                text = self.tr("Choose a shift in the list, or a day.")
            else:
                text = self.tr("Shift report: {team}, from {start}, {language}").format(
                    team=self.ctx.language.pick(row.team_zh, row.team_en),
                    start=look.date_time(row.start, self.ctx.port_zone),
                    language=lang,
                )
                if row.is_open:
                    text += "\n" + self.tr(
                        "The shift is still open: the report will be provisional, as of now."
                    )
                else:
                    text += "\n" + self.tr(
                        "The report as signed at close-out; corrections recorded since make "
                        "an amended report, saved beside it."
                    )
        self.selection.setText(text)

    def retranslate(self) -> None:
        self.shifts_box.setTitle(self.tr("Shifts"))
        self.earlier_button.setText(self.tr("Show earlier shifts"))
        self.what_box.setTitle(self.tr("Report"))
        self.labels["kind"].setText(self.tr("Report on"))
        self.shift_choice.setText(self.tr("the shift chosen on the left"))
        self.day_choice.setText(self.tr("a whole day"))
        self.labels["day"].setText(self.tr("Day"))
        self.labels["language"].setText(self.tr("Language"))
        self.redact.setText(self.tr("Redacted (for copies that leave the post)"))
        self.redact.setToolTip(
            self.tr("Traveller references masked, e.g. E482****70; the file name ends in -redacted")
        )
        zone = getattr(self.ctx.port_zone, "key", str(self.ctx.port_zone))
        self.day_note.setText(
            self.tr(
                "The port's calendar day ({zone}), midnight to midnight, with every shift "
                "that overlaps it."
            ).format(zone=zone)
        )
        self.generate_button.setText(self.tr("Generate"))
        self.folder_button.setText(self.tr("Open the reports folder"))
        folder = self.reports_folder()
        self.folder.setText(folder_text(folder) if folder else "")
        self.model.retranslate()
        self._show_caption()
        self._show_selection()
