"""Undo a mistaken step: recorded as a correction event with a reason, never an edit."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.retranslating import Retranslating
from ui.widgets.common import error_label


class UndoDialog(Retranslating, QDialog):
    """Asks for the reason; ``reason()`` after ``accepted``. Enter confirms, Esc cancels."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoDialog")
        self._what = what
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.reason_label = QLabel()
        self.reasons = QComboBox()
        self.reasons.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reasons.setObjectName("undoReason")
        self.reasons.setEditable(True)
        self.error = error_label("reason")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reasons)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def reason(self) -> str:
        return self.reasons.currentText().strip()

    def _accept(self) -> None:
        if not self.reason():
            self.error.setText(self.tr("Say why this step is undone"))
            self.error.show()
            return
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Undo a step"))
        self.question.setText(
            self.tr("Undo {what}? The step stays in the record, marked as undone.").format(
                what=self._what
            )
        )
        self.reason_label.setText(self.tr("Reason"))
        current = self.reasons.currentText()
        self.reasons.clear()
        self.reasons.addItems(
            [
                self.tr("Wrong key pressed"),
                self.tr("Wrong code scanned"),
                self.tr("Wrong traveller"),
            ]
        )
        if current and self.reasons.findText(current) < 0:
            self.reasons.setEditText(current)
