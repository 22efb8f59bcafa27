"""First run: choose the port this desk serves and create the first administrator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
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


class FirstRunPage(Retranslating, QWidget):
    created = Signal(object)  # the new Desk

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
        self.create = key_button("createPost")
        self.create.setProperty("kind", "primary")
        self.general_error = error_label("general")
        self.errors = FieldErrors(ctx, self.general_error)

        column = QFrame()  # a definite width, so that wrapped labels measure their height
        column.setFixedWidth(720)
        inner = QVBoxLayout(column)
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        for key, widget in (
            ("port", self.port),
            ("badge_no", self.badge),
            ("name", self.name),
            ("pin", self.pin),
            ("pin_repeat", self.pin_repeat),
        ):
            self.labels[key] = self.errors.row(form, widget, key)
        form.addRow("", self.create)
        form.addRow("", self.general_error)
        inner.addLayout(form)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

        self.create.clicked.connect(self.submit)
        self.pin_repeat.returnPressed.connect(self.submit)
        self.ctx.language.changed.connect(self._fill_ports)
        self.retranslate()
        self.ctx.op(self, reference.ports).success(self._ports_loaded).run()

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
        self.create.setEnabled(False)
        directory = self.data_dir
        (
            self.ctx.op(self, lambda: create_post(directory, port, badge, name, pin))
            .success(self.created.emit)
            .failure(self._failed)
            .done(lambda: self.create.setEnabled(True))
            .run()
        )

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.errors.show(error)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Set up this desk"))
        self.intro.setText(
            self.tr(
                "No post database was found in {path}. Choose the port this desk serves and "
                "create the first administrator; the administrator then adds the roster."
            ).format(path=str(self.data_dir))
        )
        self.labels["port"].setText(self.tr("Port"))
        self.labels["badge_no"].setText(self.tr("Administrator's badge number"))
        self.labels["name"].setText(self.tr("Administrator's name"))
        self.labels["pin"].setText(self.tr("PIN (4 to 8 digits)"))
        self.labels["pin_repeat"].setText(self.tr("PIN again"))
        self.create.setText(self.tr("Create the post"))
