"""First run: create a new post (its first administrator), or join a post that has desks.

A post's first desk creates the post's first administrator.  Every further
desk of the port *joins* (``desktop_app.sync.join``): HQ's address and a
one-time code enrol it, one sync brings the port's roster, and officers sign
in with the badges and PINs they already have, so no second administrator
is invented for the same post.  Joining is network work: it runs on the
slow pool, never the UI thread.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.enums import Role
from desktop_app import officers, reference
from desktop_app.bootstrap import initialize
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.retranslating import Retranslating
from ui.widgets.common import FieldErrors, error_label, index_of, key_button, pin_edit
from ui.widgets.hub_finder import HubFinder


def create_post(directory: Path, port: str, badge: str, name: str, pin: str) -> Desk:
    """Runs on the worker: the post's database, then its first admin (the first officer)."""
    officers.hash_pin(pin)  # a PIN of the wrong form fails before any file is created
    desk = initialize(directory, port)
    try:
        officers.add_officer(desk, badge_no=badge, name=name, role=Role.ADMIN, pin=pin, by=None)
    except BaseException:
        desk.close()
        raise
    return desk


def join(directory: Path, port: str, url: str, code: str) -> Any:
    """Runs on the slow pool: enrol, then one sync brings the roster (``Joined``)."""
    from desktop_app.sync.join import join_post

    return join_post(directory, port, url, code, label=platform.node()[:80])


def _close(desk: Desk) -> None:
    desk.close()


class FirstRunPage(Retranslating, QWidget):
    created = Signal(object)  # the new Desk
    joined = Signal(object)  # the Desk of a post joined (its roster came from HQ)

    def __init__(self, ctx: AppContext, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data_dir = data_dir
        self._ports: list[reference.PortSpec] = []

        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.port = QComboBox()
        self.port.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.port.setObjectName("port")
        self.badge = QLineEdit()
        self.badge.setObjectName("adminBadge")
        self.name = QLineEdit()
        self.name.setObjectName("adminName")
        self.pin = pin_edit("adminPin")
        self.pin_repeat = pin_edit("adminPinRepeat")
        self.create_button = key_button("createPost")
        self.create_button.setProperty("kind", "primary")
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)
        # Create a new post, or join one that already has desks.
        self.mode_new = QRadioButton()
        self.mode_new.setObjectName("modeNewPost")
        self.mode_join = QRadioButton()
        self.mode_join.setObjectName("modeJoinPost")
        self.mode_new.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self.mode_new)
        modes.addButton(self.mode_join)
        self.hq_url = QLineEdit()
        self.hq_url.setObjectName("joinHqUrl")
        self.hub_note = QLabel()
        self.hub_note.setObjectName("hubNote")
        self.hub_note.setWordWrap(True)
        self.find_hub = HubFinder(ctx, self.hq_url, self.hub_note, self._port_code)
        self.address = QWidget()  # the address, and the button that finds the hub's
        address = QHBoxLayout(self.address)
        address.setContentsMargins(0, 0, 0, 0)
        address.addWidget(self.hq_url, 1)
        address.addWidget(self.find_hub)
        self.code = QLineEdit()
        self.code.setObjectName("joinCode")
        self.join_button = key_button("joinPost")
        self.join_button.setProperty("kind", "primary")
        self.join_note = QLabel()
        self.join_note.setObjectName("joinNote")
        self.join_note.setWordWrap(True)

        column = QFrame()  # a definite width, so that wrapped labels measure their height
        column.setFixedWidth(720)
        inner = QVBoxLayout(column)
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.mode_new)
        mode_row.addWidget(self.mode_join)
        mode_row.addStretch(1)
        inner.addLayout(mode_row)
        # One form (one column of captions): the rows of the other mode are hidden.
        self.form = form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        self.labels["port"] = self.errors.row(form, self.port, "port")
        self.mode_rows: dict[bool, list[int]] = {False: [], True: []}  # joining? → rows
        for joining, fields, button in (
            (
                False,
                (
                    ("badge_no", self.badge),
                    ("name", self.name),
                    ("pin", self.pin),
                    ("pin_repeat", self.pin_repeat),
                ),
                self.create_button,
            ),
            (True, (("hq_url", self.address), ("code", self.code)), self.join_button),
        ):
            first = form.rowCount()
            for key, widget in fields:
                self.labels[key] = self.errors.row(form, widget, key)
            form.addRow("", button)
            if joining:
                form.addRow("", self.join_note)
                form.addRow("", self.hub_note)
            self.mode_rows[joining] = list(range(first, form.rowCount()))
        for row in self.mode_rows[True]:
            form.setRowVisible(row, False)
        inner.addLayout(form)
        inner.addWidget(self.general_error)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

        self.create_button.clicked.connect(self.submit)
        self.pin_repeat.returnPressed.connect(self.submit)
        self.join_button.clicked.connect(self.submit_join)
        self.code.returnPressed.connect(self.submit_join)
        self.mode_join.toggled.connect(self._mode)
        self.ctx.language.changed.connect(self._fill_ports)
        self.retranslate()
        self.ctx.op(self, reference.ports).success(self._ports_loaded).run()

    def _port_code(self) -> str:
        return str(self.port.currentData() or "")

    def _ports_loaded(self, ports: dict[str, reference.PortSpec]) -> None:
        self._ports = sorted(ports.values(), key=lambda p: p.code)
        self._fill_ports()

    def _fill_ports(self, *_: object) -> None:
        current = self.port.currentData()
        self.port.clear()
        for spec in self._ports:
            name = self.ctx.language.pick(spec.name_zh, spec.name_en)
            self.port.addItem(f"{spec.code}  {name}", spec.code)
        if current:
            self.port.setCurrentIndex(max(0, index_of(self.port, current)))

    def submit(self) -> None:
        port = self.port.currentData()
        badge, name = self.badge.text().strip(), self.name.text().strip()
        pin, repeat = self.pin.text(), self.pin_repeat.text()
        if not port:
            self.errors.show(RuleViolation("port", "required"))
            return
        if pin != repeat:
            self.errors.show_text("pin_repeat", self.tr("The two PINs differ"))
            return
        self.errors.clear()
        self.create_button.setEnabled(False)
        directory = self.data_dir
        (
            self.ctx.op(self, lambda: create_post(directory, port, badge, name, pin))
            .success(self.created.emit)
            .failure(self._failed)
            .done(lambda: self.create_button.setEnabled(True))
            .run()
        )

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    # -- joining a post that has desks ----------------------------------------------

    def _mode(self, joining: bool) -> None:
        for shown, rows in self.mode_rows.items():
            for row in rows:
                self.form.setRowVisible(row, shown == joining)
        self.errors.clear()  # (message lines show only with a message)
        self.retranslate()
        (self.hq_url if joining else self.badge).setFocus()

    def submit_join(self) -> None:
        port = self.port.currentData()
        url = self.hq_url.text().strip().rstrip("/")
        code = self.code.text().strip()
        self.errors.clear()
        if not port:
            self.errors.show(RuleViolation("port", "required"))
            return
        parsed = QUrl(url)
        if not url or parsed.scheme() not in ("http", "https") or not parsed.host():
            self.errors.show_text(
                "hq_url",
                self.tr("Enter HQ's address with https://, e.g. https://hq.example.cn:8470"),
            )
            return
        if not 4 <= len(code) <= 64:
            self.errors.show_text(
                "code", self.tr("Enter the one-time code from HQ, e.g. K7QM-2XPA-9RTF-WD3H")
            )
            return
        self.join_button.setEnabled(False)
        self.join_note.setText(self.tr("Asking HQ and taking the post's roster…"))
        directory = self.data_dir
        (
            self.ctx.op(self, lambda: join(directory, port, url, code))
            .success(self._joined)
            .failure(lambda error: self._join_failed(error, url))
            .done(lambda: self.join_button.setEnabled(True))
            .run(slow=True)  # network work
        )

    def _joined(self, joined: Any) -> None:
        self.join_note.setText("")
        if joined.officers:
            self.joined.emit(joined)
            return
        # Enrolled, but HQ knows no officer of this port yet: this is the post's first desk
        # after all, and creates the first administrator (on the database just joined).
        self.ctx.taskman.submit(lambda: _close(joined.desk), lambda _f: None)
        self.mode_new.setChecked(True)
        self.errors.show_text(
            "badge_no",
            self.tr(
                "This desk is enrolled, but HQ has no officer of this port yet: create the "
                "post's first administrator."
            ),
        )

    def _join_failed(self, error: Exception, url: str) -> None:
        from desktop_app.sync import client as sync_client

        self.join_note.setText("")
        if isinstance(error, RuleViolation):
            self.errors.show(error)
            return
        if not isinstance(error, sync_client.SyncError):
            raise error
        code = getattr(error, "error", "")
        if isinstance(error, sync_client.HQUnavailable):
            self.errors.show_text(
                "hq_url",
                self.tr("HQ did not answer at {url}: check the address and the link.").format(
                    url=url
                ),
            )
        elif code in ("bad_code", "malformed"):
            self.errors.show_text(
                "code",
                self.tr(
                    "HQ did not accept this code: it is unknown, already used or expired. "
                    "Ask HQ for a new one."
                ),
            )
        elif code == "wrong_port":
            self.errors.show_text(
                "code", self.tr("This code is for another port: choose the port it was made for.")
            )
        else:
            self.errors.show_text(
                "general", self.tr("Joining failed: {detail}").format(detail=error.detail)
            )

    def retranslate(self) -> None:
        self.title.setText(self.tr("Set up this desk"))
        self.mode_new.setText(self.tr("A new post: this is its first desk"))
        self.mode_join.setText(self.tr("Join a post that already has desks"))
        if self.mode_join.isChecked():
            intro = self.tr(
                "No post database was found in {path}. Choose the port, and enter the address "
                "of HQ or of this post's hub (Find the post's hub looks for it on this network) "
                "and a one-time code for this desk (checkpoint-hq enroll --port …): the desk "
                "enrols, takes the post's roster from HQ or the hub, and officers sign in with the "
                "badges and PINs they already have."
            )
        else:
            intro = self.tr(
                "No post database was found in {path}. Choose the port this desk serves and "
                "create the first administrator; the administrator then adds the roster."
            )
        self.intro.setText(intro.format(path=str(self.data_dir)))
        self.labels["hq_url"].setText(self.tr("HQ's or the post's hub's address"))
        self.labels["code"].setText(self.tr("One-time code"))
        self.hq_url.setPlaceholderText("https://hq.example.cn:8470")
        self.code.setPlaceholderText("K7QM-2XPA-9RTF-WD3H")
        self.join_button.setText(self.tr("Join the post"))
        self.labels["port"].setText(self.tr("Port"))
        self.labels["badge_no"].setText(self.tr("Administrator's badge number"))
        self.labels["name"].setText(self.tr("Administrator's name"))
        self.labels["pin"].setText(self.tr("PIN (4 to 8 digits)"))
        self.labels["pin_repeat"].setText(self.tr("PIN again"))
        self.create_button.setText(self.tr("Create the post"))
