"""About Checkpoint Desk: the version (from desktop_app/version.py, the one place it
lives), this post and its database, and the licences of what ships inside."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.version import __version__
from ui.context import AppContext
from ui.retranslating import Retranslating


class AboutDialog(Retranslating, QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("aboutTitle")
        self.details = QLabel()
        self.details.setObjectName("aboutDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About Checkpoint Desk"))
        self.title.setText(self.tr("Checkpoint Desk {version}").format(version=__version__))
        lines = []
        if self.ctx.has_desk:
            desk = self.ctx.desk
            lines += [
                self.tr("Port: {name} ({code})").format(
                    name=self.ctx.port_name(), code=desk.port_code
                ),
                self.tr("Device: {device}").format(device=desk.device_id),
                self.tr("Database: {path}").format(path=desk.database_file or "-"),
            ]
        lines += [
            self.tr("Python {python}, Qt {qt}, PySide6 {pyside}").format(
                python=platform.python_version(), qt=qVersion(), pyside=pyside_version
            ),
            self.tr(
                "Chinese text uses WenQuanYi Micro Hei (Apache 2.0 or GPL 3 with the font "
                "exception), shipped with its licence."
            ),
        ]
        self.details.setText("\n".join(lines))
