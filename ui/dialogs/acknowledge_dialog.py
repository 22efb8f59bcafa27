"""Acknowledge an alert episode with the action taken (``alerts.acknowledge``)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app import alerts
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.labels import label
from ui.retranslating import Retranslating
from ui.widgets.common import error_label


class AcknowledgeDialog(Retranslating, QDialog):
    """The officer says what was done; Enter records it (the first action is preset)."""

    def __init__(
        self, ctx: AppContext, episode: alerts.Episode, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("acknowledgeDialog")
        self.ctx = ctx
        self.episode = episode
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.action_label = QLabel()
        self.action = QComboBox()
        self.action.setObjectName("acknowledgeAction")
        self.action.setEditable(True)
        self.action.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.error = error_label("action")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.action_label)
        layout.addWidget(self.action)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def text(self) -> str:
        return self.action.currentText().strip()

    def submit(self) -> None:
        desk, by, action = self.ctx.desk, self.ctx.officer_id, self.text()
        episode_id = self.episode.episode_id
        self.buttons.setEnabled(False)
        (
            self.ctx.op(
                self,
                lambda: alerts.acknowledge(desk, episode_id=episode_id, by=by, action=action),
            )
            .success(lambda _row: self.accept())
            .failure(self._failed)
            .done(lambda: self.buttons.setEnabled(True))
            .run()
        )

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.error.setText(self.ctx.message(error))
        self.error.show()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Acknowledge the alert"))
        since = self.ctx.local_time(self.episode.started_at)
        self.question.setText(
            self.tr(
                "{group}: long waits since {since}. What was done? It is recorded with your "
                "name and the time."
            ).format(group=label(self.episode.lane_group), since=since)
        )
        self.action_label.setText(self.tr("Action taken"))
        current = self.action.currentText()
        self.action.clear()
        self.action.addItems(
            [
                self.tr("Opened another lane"),
                self.tr("Sent waiting travellers to another lane"),
                self.tr("Called more officers to the desks"),
                self.tr("Started the emergency plan"),
            ]
        )
        if current and self.action.findText(current) < 0:
            self.action.setEditText(current)
