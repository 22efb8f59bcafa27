"""Correct a traveller's category: a new event that supersedes the joined event."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from db.enums import TravellerCategory
from ui.labels import label
from ui.retranslating import Retranslating
from ui.widgets.common import error_label, index_of


class CorrectCategoryDialog(Retranslating, QDialog):
    def __init__(
        self, reference: str, current: TravellerCategory | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("correctDialog")
        self._reference = reference
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.category = QComboBox()
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category.setObjectName("correctCategory")
        for member in TravellerCategory:
            self.category.addItem(label(member), member)
        if current is not None:
            self.category.setCurrentIndex(index_of(self.category, current))
        self.reason = QLineEdit()
        self.reason.setObjectName("correctReason")
        self.error = error_label("reason")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        self.category_label = QLabel()
        self.reason_label = QLabel()
        form.addRow(self.intro)
        form.addRow(self.category_label, self.category)
        form.addRow(self.reason_label, self.reason)
        form.addRow("", self.error)
        form.addRow(self.buttons)
        self.retranslate()

    def chosen(self) -> TravellerCategory:
        return TravellerCategory(self.category.currentData())

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.error.setText(self.tr("Say why the category is corrected"))
            self.error.show()
            return
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Correct the category"))
        self.intro.setText(
            self.tr("Correct the category of {reference}; the original entry is kept.").format(
                reference=self._reference
            )
        )
        self.category_label.setText(self.tr("Category"))
        self.reason_label.setText(self.tr("Reason"))
        for i in range(self.category.count()):
            self.category.setItemText(i, label(TravellerCategory(self.category.itemData(i))))
