"""'Run this post's hub on this computer': the sync panel's switch for a desk-hosted hub.

The hub (``checkpoint-hq serve --hub``) runs as a subprocess this app
supervises (``desktop_app.hub_host``): restarted if it stops, stopped when
the app closes.  Its database is beside the desk's (``hub/hub.sqlite3``)
and must have joined HQ once (``checkpoint-hq hub-join``: docs/hub.md); if
it has not, the hub's own words say so here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.retranslating import Retranslating


def _start(data_dir: Any, host: str, port: int | None) -> Any:
    import socket

    from desktop_app.hub_host import HUB_PORT, HubHost, hub_database, hub_tls_dir

    chosen = HUB_PORT if port is None else port
    # TLS always: the post's LAN is shared.  The desks pin the certificate by the
    # fingerprint in their codes, so the names in it are for people, not for checks.
    return HubHost(
        hub_database(data_dir),
        host=host,
        port=chosen,
        log_dir=data_dir / "hub",
        tls_dir=hub_tls_dir(data_dir),
        tls_hosts=[socket.gethostname(), "localhost"],
    ).start()


class HubControl(Retranslating, QGroupBox):
    # Where the hub listens: every address of this computer, on the hub's port (tests: loopback).
    listen_host = "0.0.0.0"
    listen_port: int | None = None  # None: desktop_app.hub_host.HUB_PORT

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hubControl")
        self.ctx = ctx
        self.switch = QCheckBox()
        self.switch.setObjectName("runHub")
        self.note = QLabel()
        self.note.setObjectName("hubHostNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.switch)
        layout.addWidget(self.note)
        self.switch.toggled.connect(self._toggled)
        self.retranslate()

    def _toggled(self, on: bool) -> None:
        self.switch.setEnabled(False)
        host = self.ctx.hub_host
        if on and host is None:
            data_dir = self.ctx.desk.data_dir
            where = (self.listen_host, self.listen_port)
            self.note.setText(self.tr("Starting the hub…"))
            (
                self.ctx.op(self, lambda: _start(data_dir, *where))
                .success(self._started)
                .failure(self._failed)
                .done(lambda: self.switch.setEnabled(True))
                .run(slow=True)
            )
        elif not on and host is not None:
            self.ctx.hub_host = None
            (self.ctx.op(self, host.stop).done(self._stopped).run(slow=True))
        else:
            self.switch.setEnabled(True)

    def _started(self, host: Any) -> None:
        self.ctx.hub_host = host
        self.note.setText(
            self.tr(
                "The hub runs on this computer at port {port}, over TLS (certificate "
                "fingerprint {fingerprint}): the post's desks join it with this computer's "
                "address (it announces itself on the network) and a code from "
                "checkpoint-hq enroll --tls-dir hub/tls, which carries the fingerprint."
            ).format(port=host.port, fingerprint=host.fingerprint)
        )

    def _failed(self, error: Exception) -> None:
        self.switch.blockSignals(True)
        self.switch.setChecked(False)
        self.switch.blockSignals(False)
        self.note.setText(self.tr("The hub did not start: {detail}").format(detail=error))

    def _stopped(self) -> None:
        self.switch.setEnabled(True)
        self.note.setText(self.tr("The hub is stopped."))

    def retranslate(self) -> None:
        self.setTitle(self.tr("This post's hub"))
        self.switch.setText(self.tr("Run the post's hub on this computer"))
