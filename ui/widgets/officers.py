"""The roster screen: who may sign in at this post, in which role.

Everyone sees the roster and may change their own PIN; only an admin adds
officers, changes a role, takes an officer off the roster (or back on) and
resets a forgotten PIN.  The services enforce the same rules; the buttons an
officer may not use are hidden so that the screen does not invite a refusal.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from db.enums import Role
from db.models import Officer
from desktop_app import officers
from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.dialogs.officer_dialog import OfficerDialog
from ui.dialogs.pin_dialog import PinDialog
from ui.live import Refresher
from ui.models.officer_model import OfficerModel
from ui.retranslating import Retranslating
from ui.widgets.common import error_label, key_button, row_table, sort_proxy

ROSTER_TABLES = frozenset({"officers"})


class OfficersPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.note = QLabel()
        self.note.setObjectName("notice")
        self.note.setWordWrap(True)
        self.show_inactive = QCheckBox()
        self.show_inactive.setObjectName("showInactive")
        self.model = OfficerModel(self)
        self.proxy = sort_proxy(self.model, self)
        self.table = row_table("officerTable", self.proxy, OfficerModel.COL_BADGE)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OfficerModel.COL_NAME, QHeaderView.ResizeMode.Stretch)

        self.add_button = key_button("addOfficer")
        self.edit_button = key_button("editOfficer")
        self.active_button = key_button("toggleActive")
        self.reset_button = key_button("resetPin")
        self.own_pin_button = key_button("changeMyPin")
        self.error = error_label("officer_id")
        self.admin_buttons = (
            self.add_button,
            self.edit_button,
            self.active_button,
            self.reset_button,
        )
        buttons = QHBoxLayout()
        for button in self.admin_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.own_pin_button)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.show_inactive)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(lambda: self._open(OfficerDialog(ctx, None, self)))
        self.edit_button.clicked.connect(self.edit)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_pin)
        self.own_pin_button.clicked.connect(self.change_own_pin)
        self.show_inactive.toggled.connect(lambda _on: self.refresher.request())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._follow())
        ctx.officer_changed.connect(lambda _o: self._follow())

        include = self.show_inactive.isChecked
        self.refresher: Refresher = Refresher(
            ctx,
            self,
            lambda: officers.roster(ctx.desk, include_inactive=include()),
            self._loaded,
            ROSTER_TABLES,
            widget=self,
        )
        self.loaded = False
        self.dialog: QDialog | None = None
        self._follow()
        self.retranslate()

    @property
    def is_admin(self) -> bool:
        officer = self.ctx.officer
        return officer is not None and officer.role == Role.ADMIN

    def _loaded(self, rows: list[Officer]) -> None:
        selected = self.selected_officer()
        self.model.set_rows(rows)
        self.loaded = True
        if selected is not None:
            self.select(selected.badge_no)
        self._follow()

    def selected_officer(self) -> Officer | None:
        index = self.table.currentIndex()
        return self.model.row_at(self.proxy.mapToSource(index)) if index.isValid() else None

    def select(self, badge_no: str) -> bool:
        for row, officer in enumerate(self.model.rows):
            if officer.badge_no == badge_no:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    def _follow(self) -> None:
        """Buttons for who is signed in and what is selected."""
        admin = self.is_admin
        for button in self.admin_buttons:
            button.setVisible(admin)
        self.note.setVisible(not admin)
        selected = self.selected_officer()
        self.active_button.setText(
            self.tr("Put back on the roster")
            if selected is not None and not selected.active
            else self.tr("Take off the roster")
        )

    def _need_selection(self) -> Officer | None:
        officer = self.selected_officer()
        if officer is None:
            self.error.setText(self.tr("Select an officer first"))
            self.error.show()
            return None
        self.error.hide()
        return officer

    def _open(self, dialog: OfficerDialog | PinDialog) -> None:
        self.error.hide()
        dialog.saved.connect(self._saved)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _saved(self, officer: Officer) -> None:
        if self.ctx.officer is not None and officer.id == self.ctx.officer.id:
            self.ctx.set_officer(officer)  # one's own new role decides the buttons at once
        self.ctx.status.emit(self.tr("Roster: {badge} saved").format(badge=officer.badge_no))

    def edit(self) -> None:
        officer = self._need_selection()
        if officer is not None and self.is_admin:
            self._open(OfficerDialog(self.ctx, officer, self))

    def reset_pin(self) -> None:
        officer = self._need_selection()
        if officer is not None:
            self._open(PinDialog(self.ctx, officer, self))

    def change_own_pin(self) -> None:
        if self.ctx.officer is not None:
            self._open(PinDialog(self.ctx, self.ctx.officer, self))

    def toggle_active(self) -> None:
        officer = self._need_selection()
        if officer is None:
            return
        desk, by, active = self.ctx.desk, self.ctx.officer_id, not officer.active
        (
            self.ctx.op(
                self,
                lambda: officers.set_active(desk, officer_id=officer.id, active=active, by=by),
            )
            .success(self._saved)
            .failure(self._failed)
            .run()
        )

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RuleViolation):
            raise error
        self.error.setText(self.ctx.describe(error))
        self.error.show()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Roster"))
        self.note.setText(
            self.tr(
                "Only an administrator adds officers, changes roles and resets PINs. "
                "You can change your own PIN."
            )
        )
        self.show_inactive.setText(self.tr("Show officers taken off the roster"))
        self.add_button.setText(self.tr("Add officer…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.reset_button.setText(self.tr("Reset PIN…"))
        self.own_pin_button.setText(self.tr("Change my PIN…"))
        self._follow()
        self.model.retranslate()
