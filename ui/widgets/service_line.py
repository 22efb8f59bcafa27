"""The 12367 screen (Ctrl+9): record a consultation, complaint, suggestion or praise, and
answer the ones still open.

The form proposes now as the time received and the longest promised reply
the kind allows (``service_line.default_reply_due``); the service holds the
rules.  The list below shows every contact still waiting for its reply,
whichever shift took it (carried over until answered): overdue ones say so
in words, and those taken before the open shift say "carried over".
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.enums import ContactChannel, ContactKind
from desktop_app import service_line, shifts
from desktop_app.errors import RuleViolation
from desktop_app.service_line import ContactLine
from ui.context import AppContext
from ui.labels import label
from ui.live import Refresher
from ui.models.base import RowTableModel, SortRole
from ui.retranslating import Retranslating
from ui.widgets.common import FieldErrors, error_label, key_button, row_table, with_key

SERVICE_LINE_TABLES = frozenset({"service_contacts", "service_contact_replies", "shifts"})


class OpenContactModel(RowTableModel[tuple[ContactLine, bool, bool]]):
    """Open contacts: (line, overdue now, carried over from an earlier shift)."""

    COLUMNS = (0, 1, 2, 3, 4, 5)

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def key(self, row: tuple[ContactLine, bool, bool]) -> uuid.UUID:
        return row[0].id

    def header(self, column: int) -> str:
        return [
            QCoreApplication.translate("OpenContactModel", "Received"),
            QCoreApplication.translate("OpenContactModel", "Kind"),
            QCoreApplication.translate("OpenContactModel", "Topic"),
            QCoreApplication.translate("OpenContactModel", "Reply by"),
            QCoreApplication.translate("OpenContactModel", "State"),
            QCoreApplication.translate("OpenContactModel", "Summary"),
        ][column]

    def _when(self, at: datetime) -> str:
        """Day and time in the port's zone: a contact carried over is from another day."""
        return at.astimezone(self.ctx.port_zone).strftime("%m-%d %H:%M")

    def cell(self, row: tuple[ContactLine, bool, bool], column: int, role: int) -> Any:
        line, overdue, carried = row
        if role == SortRole:
            return [
                line.received_at,
                line.kind.value,
                line.topic_code,
                line.reply_due_at,
                overdue,
                line.summary,
            ][column]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return self._when(line.received_at)
        if column == 1:
            return label(line.kind)
        if column == 2:
            return topic_name(line.topic_code, self.ctx.language.pick)
        if column == 3:
            return self._when(line.reply_due_at) if line.reply_due_at else ""
        if column == 4:
            words = [
                QCoreApplication.translate("OpenContactModel", "Overdue")
                if overdue
                else QCoreApplication.translate("OpenContactModel", "Open")
            ]
            if carried:
                words.append(QCoreApplication.translate("OpenContactModel", "carried over"))
            return " · ".join(words)
        return line.summary


def topic_name(code: str, pick: Callable[[str, str], str]) -> str:
    for topic in service_line.reference_data().topics:
        if topic.code == code:
            return pick(topic.name_zh, topic.name_en)
    return code


def load_open(desk: Any) -> list[tuple[ContactLine, bool, bool]]:
    """Runs on the worker: open contacts, whether overdue, whether carried over."""
    now = desk.now()
    shift = shifts.current_shift(desk)
    began = (shift.actual_start or shift.planned_start) if shift else None
    return [
        (c, c.overdue(now), began is not None and c.received_at < began)
        for c in service_line.open_contacts(desk, now)
    ]


class ServiceLinePage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.note = QLabel()
        self.note.setObjectName("notice")
        self.note.setWordWrap(True)

        self.received = QDateTimeEdit()
        self.received.setObjectName("contactReceived")
        self.received.setCalendarPopup(True)
        self.channel = QComboBox()
        self.channel.setObjectName("contactChannel")
        self.kind = QComboBox()
        self.kind.setObjectName("contactKind")
        self.language = QComboBox()
        self.language.setObjectName("contactLanguage")
        self.topic = QComboBox()
        self.topic.setObjectName("contactTopic")
        self.reference = QLineEdit()
        self.reference.setObjectName("contactReference")
        self.reference.setMaxLength(40)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("contactSummary")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(56)
        self.reply_due = QDateTimeEdit()
        self.reply_due.setObjectName("contactReplyDue")
        self.reply_due.setCalendarPopup(True)
        self.record_button = key_button("recordContact", "Ctrl+Return")
        self.general = error_label("contact")
        self.errors = FieldErrors(ctx, self.general)
        # Two columns, the summary across both: the open list below keeps its room.
        left, right, wide = QFormLayout(), QFormLayout(), QFormLayout()
        self.captions = [
            self.errors.row(left, self.received, "received_at"),
            self.errors.row(left, self.channel, "channel"),
            self.errors.row(left, self.kind, "kind"),
            self.errors.row(left, self.language, "language"),
            self.errors.row(right, self.topic, "topic_code"),
            self.errors.row(right, self.reference, "clearance_reference"),
            self.errors.row(right, self.reply_due, "reply_due_at"),
            self.errors.row(wide, self.summary, "summary"),
        ]
        form = QVBoxLayout()
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        form.addLayout(columns)
        form.addLayout(wide)
        for channel in ContactChannel:
            self.channel.addItem("", channel.value)
        for kind in ContactKind:
            self.kind.addItem("", kind.value)
        ref = service_line.reference_data()
        for language in ref.languages:
            self.language.addItem("", language.code)
        for topic in ref.topics:
            self.topic.addItem("", topic.code)

        self.open_title = QLabel()
        self.open_title.setObjectName("sectionTitle")
        self.model = OpenContactModel(ctx, self)
        self.table = row_table("openContacts", self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.outcome = QLineEdit()
        self.outcome.setObjectName("replyOutcome")
        self.answer_button = key_button("answerContact")
        self.answer_error = error_label("outcome")
        answer_row = QHBoxLayout()
        self.outcome_caption = QLabel()
        answer_row.addWidget(self.outcome_caption)
        answer_row.addWidget(self.outcome, 1)
        answer_row.addWidget(self.answer_button)

        # In a scroll area: the window keeps its size (1366x768) whatever this page asks.
        inner = QWidget()
        scroll = QScrollArea()
        scroll.setObjectName("serviceLineScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.general)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        layout.addLayout(buttons)
        layout.addWidget(self.open_title)
        self.table.setMinimumHeight(120)
        layout.addWidget(self.table, 1)
        layout.addLayout(answer_row)
        layout.addWidget(self.answer_error)

        self.kind.currentIndexChanged.connect(lambda _i: self._propose_reply())
        self.received.dateTimeChanged.connect(lambda _t: self._propose_reply())
        self.record_button.clicked.connect(self.record)
        self.answer_button.clicked.connect(self.answer)
        self.outcome.returnPressed.connect(self.answer)
        self.refresher = Refresher(
            ctx, self, lambda: load_open(ctx.desk), self._loaded, SERVICE_LINE_TABLES, widget=self
        )
        self.loaded = False
        self.reset_form()
        self.retranslate()

    # -- the form ------------------------------------------------------------------

    # The edits show the port's wall-clock time, whatever the machine's zone is.
    def _to_qt(self, at: datetime) -> QDateTime:
        local = at.astimezone(self.ctx.port_zone)
        return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))

    def _from_qt(self, value: QDateTime) -> datetime:
        day, time = value.date(), value.time()
        local = datetime(
            day.year(),
            day.month(),
            day.day(),
            time.hour(),
            time.minute(),
            tzinfo=self.ctx.port_zone,
        )
        return local.astimezone(UTC)

    def reset_form(self) -> None:
        now = self.ctx.now()
        self.received.setDateTime(self._to_qt(now.replace(second=0, microsecond=0)))
        self.reference.clear()
        self.summary.clear()
        self._propose_reply()

    def _kind(self) -> ContactKind:
        return ContactKind(str(self.kind.currentData()))

    def _propose_reply(self) -> None:
        due = service_line.default_reply_due(self._kind(), self._from_qt(self.received.dateTime()))
        self.reply_due.setEnabled(due is not None)
        if due is not None:
            self.reply_due.setDateTime(self._to_qt(due))

    def record(self) -> None:
        desk, by = self.ctx.desk, self.ctx.officer_id
        kind = self._kind()
        received_at = self._from_qt(self.received.dateTime())
        channel = ContactChannel(str(self.channel.currentData()))
        language = str(self.language.currentData())
        topic_code = str(self.topic.currentData())
        summary = self.summary.toPlainText()
        reference = self.reference.text().strip() or None
        due = self._from_qt(self.reply_due.dateTime()) if self.reply_due.isEnabled() else None
        self.errors.clear()
        self.record_button.setEnabled(False)
        (
            self.ctx.op(
                self,
                lambda: service_line.record_contact(
                    desk,
                    by=by,
                    received_at=received_at,
                    channel=channel,
                    kind=kind,
                    language=language,
                    topic_code=topic_code,
                    summary=summary,
                    clearance_reference=reference,
                    reply_due_at=due,
                ),
            )
            .success(lambda _row: self.reset_form())
            .failure(self._failed)
            .done(lambda: self.record_button.setEnabled(True))
            .run()
        )

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    # -- the open contacts -------------------------------------------------------

    def _loaded(self, rows: list[tuple[ContactLine, bool, bool]]) -> None:
        self.model.set_rows(rows)
        self.loaded = True
        self.retranslate_counts()

    def selected(self) -> ContactLine | None:
        row = self.model.row_at(self.table.currentIndex())
        return row[0] if row else None

    def answer(self) -> None:
        line = self.selected()
        self.answer_error.hide()
        if line is None:
            self.answer_error.setText(self.tr("Choose the contact you answered in the list."))
            self.answer_error.show()
            return
        desk, by, outcome, contact_id = (
            self.ctx.desk,
            self.ctx.officer_id,
            self.outcome.text(),
            line.id,
        )
        self.answer_button.setEnabled(False)
        (
            self.ctx.op(
                self,
                lambda: service_line.answer(desk, contact_id=contact_id, outcome=outcome, by=by),
            )
            .success(lambda _row: self.outcome.clear())
            .failure(self._answer_failed)
            .done(lambda: self.answer_button.setEnabled(True))
            .run()
        )

    def _answer_failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.answer_error.setText(self.ctx.message(error))
        self.answer_error.show()

    # -- words ---------------------------------------------------------------------

    def retranslate_counts(self) -> None:
        overdue = sum(1 for _line, late, _c in self.model.rows if late)
        self.open_title.setText(
            self.tr("Waiting for a reply: {count} (overdue: {overdue})").format(
                count=len(self.model.rows), overdue=overdue
            )
        )

    def retranslate(self) -> None:
        self.title.setText(self.tr("12367 service line"))
        self.note.setText(
            self.tr(
                "Record every consultation, complaint, suggestion or praise from the 12367 line, "
                "on site or online. A contact stays on the list below, shift after shift, until "
                "its reply is recorded."
            )
        )
        for caption, text in zip(
            self.captions,
            [
                self.tr("Received"),
                self.tr("Channel"),
                self.tr("Kind"),
                self.tr("Language"),
                self.tr("Topic"),
                self.tr("Related clearance (reference)"),
                self.tr("Reply promised by"),
                self.tr("Summary"),
            ],
            strict=True,
        ):
            caption.setText(text)
        for i in range(self.channel.count()):
            self.channel.setItemText(i, label(ContactChannel(self.channel.itemData(i))))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, label(ContactKind(self.kind.itemData(i))))
        pick = self.ctx.language.pick
        ref = service_line.reference_data()
        for i, language in enumerate(ref.languages):
            self.language.setItemText(i, pick(language.name_zh, language.name_en))
        for i, topic in enumerate(ref.topics):
            self.topic.setItemText(i, pick(topic.name_zh, topic.name_en))
        self.record_button.setText(with_key(self.tr("Record"), "Ctrl+Enter"))
        self.outcome_caption.setText(self.tr("Reply given"))
        self.answer_button.setText(self.tr("Record the reply"))
        self.model.retranslate()
        self.retranslate_counts()
