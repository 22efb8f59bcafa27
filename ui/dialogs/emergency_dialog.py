"""Emergency passage in two keystrokes: F12, then the digit of the kind.

Recorded at once with the time of the second key; the traveller's details
and the action taken can be added afterwards on the shift screen, while
the patient is already on the way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from db.enums import EmergencyKind
from ui import look
from ui.labels import label
from ui.retranslating import Retranslating

KINDS = {
    Qt.Key.Key_1: EmergencyKind.ALTITUDE_SICKNESS,
    Qt.Key.Key_2: EmergencyKind.SUDDEN_ILLNESS,
    Qt.Key.Key_3: EmergencyKind.INJURY,
    Qt.Key.Key_4: EmergencyKind.OTHER,
}


class EmergencyDialog(Retranslating, QDialog):
    chosen = Signal(object)  # EmergencyKind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyDialog")
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.icon = QLabel()
        self.icon.setPixmap(look.pixmap("emergency", 48))
        layout = QVBoxLayout(self)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        self.buttons: dict[EmergencyKind, QPushButton] = {}
        for kind in KINDS.values():
            button = QPushButton()
            button.setObjectName(f"emergency_{kind.value}")
            button.setMinimumHeight(48)
            button.setFont(look.live_font(look.BASE_POINT_SIZE + 4))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=kind: self._choose(k))
            layout.addWidget(button)
            self.buttons[kind] = button
        self.hint = QLabel()
        layout.addWidget(self.hint)
        self.retranslate()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        kind = KINDS.get(Qt.Key(event.key()))
        if kind is not None:
            self._choose(kind)
            return
        super().keyPressEvent(event)

    def _choose(self, kind: EmergencyKind) -> None:
        self.chosen.emit(kind)
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Emergency passage"))
        self.title.setText(self.tr("Emergency passage: press the number"))
        for number, kind in enumerate(KINDS.values(), start=1):
            self.buttons[kind].setText(f"{number}   {label(kind)}")
        self.hint.setText(self.tr("Esc: cancel. Details can be added on the shift screen."))
