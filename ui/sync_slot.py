"""The header's sync slot: a placeholder until the sync client (``desktop_app/sync``) lands.

The sync client keeps its own status dataclass; when it is wired in, the
app maps it to a ``SyncView`` (``sync_view_from``) on the UI thread and calls
``SyncStatusSlot.set_view``.  Until then the slot says, in words and with a
crossed-out icon, that this desk does not sync yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui import look
from ui.retranslating import Retranslating


class SyncState(StrEnum):
    NOT_CONNECTED = "not_connected"  # no sync client in this build yet
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"
    ERROR = "error"


@dataclass(frozen=True)
class SyncView:
    state: SyncState = SyncState.NOT_CONNECTED
    pending: int | None = None  # outbox entries not yet acknowledged by HQ
    last_success: datetime | None = None
    message: str = ""


def sync_view_from(status: object) -> SyncView:
    """Map the sync client's status to what the slot shows (to be written with the client)."""
    raise NotImplementedError("the sync client is not part of this build yet")


class SyncStatusSlot(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncSlot")
        self.view = SyncView()
        self.icon = QLabel()
        self.icon.setPixmap(look.pixmap("sync-none", 28))
        self.text = QLabel()
        self.text.setObjectName("syncText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        self.retranslate()

    def set_view(self, view: SyncView) -> None:
        self.view = view
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            SyncState.NOT_CONNECTED: self.tr("Sync: not connected yet"),
            SyncState.IDLE: self.tr("Sync: up to date"),
            SyncState.SYNCING: self.tr("Sync: sending…"),
            SyncState.OFFLINE: self.tr("Sync: no link, will retry"),
            SyncState.ERROR: self.tr("Sync: error"),
        }
        text = texts[self.view.state]
        if self.view.pending:
            text += " " + self.tr("({count} waiting)").format(count=self.view.pending)
        self.text.setText(text)
        self.setToolTip(self.view.message)
