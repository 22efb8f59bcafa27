"""'Find the post's hub': looks for the hub on this LAN (mDNS) and fills in its address.

Used beside the address field of the first run's "join a post" and of the
sync panel's enrolment.  The search runs on the slow worker (it listens for
a few seconds); the answer fills the field, or says nothing answered, so an
officer can type the address the hub's label shows instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from ui.context import AppContext
from ui.retranslating import Retranslating


def _find(port_code: str) -> list[Any]:
    from desktop_app.protocol.discovery import find_hubs

    return find_hubs(port_code)


class HubFinder(Retranslating, QPushButton):
    def __init__(
        self,
        ctx: AppContext,
        target: QLineEdit,
        note: QLabel,
        port_code: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("findHub")
        self.ctx = ctx
        self.target = target
        self.note = note
        self.port_code = port_code
        self.found: list[Any] = []
        self.clicked.connect(self.search)
        self.retranslate()

    def search(self) -> None:
        port = self.port_code()
        self.setEnabled(False)
        looking = self.tr("Looking for the hub of {port} on this network…")
        self.note.setText(looking.format(port=port))
        (
            self.ctx.op(self, lambda: _find(port))
            .success(self._found)
            .failure(self._failed)
            .done(lambda: self.setEnabled(True))
            .run(slow=True)
        )

    def _found(self, hubs: list[Any]) -> None:
        self.found = hubs
        if not hubs:
            self.note.setText(
                self.tr("No hub answered on this network: type the address on the hub's label.")
            )
            return
        self.target.setText(hubs[0].url)
        self.note.setText(self.tr("Found {name}.").format(name=hubs[0].name))

    def _failed(self, error: Exception) -> None:
        self.note.setText(self.tr("Could not search this network: {error}").format(error=error))

    def retranslate(self) -> None:
        self.setText(self.tr("Find the post's hub"))
