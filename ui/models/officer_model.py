"""The post's roster: badge, name, role and whether the officer may still sign in."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from db.models import Officer
from ui.labels import label
from ui.models.base import RowTableModel, SortRole


class OfficerModel(RowTableModel[Officer]):
    COL_BADGE = 0
    COL_NAME = 1
    COL_ROLE = 2
    COL_STATE = 3
    COLUMNS = (COL_BADGE, COL_NAME, COL_ROLE, COL_STATE)

    def key(self, row: Officer) -> uuid.UUID:
        return row.id

    def header(self, column: int) -> str:
        return [
            QCoreApplication.translate("OfficerModel", "Badge"),
            QCoreApplication.translate("OfficerModel", "Name"),
            QCoreApplication.translate("OfficerModel", "Role"),
            QCoreApplication.translate("OfficerModel", "On the roster"),
        ][column]

    def cell(self, row: Officer, column: int, role: int) -> Any:
        if role == SortRole:
            return [row.badge_no, row.name, row.role.value, not row.active][column]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.COL_BADGE:
            return row.badge_no
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_ROLE:
            return label(row.role)
        # Words, not a colour or a tick: the state must read the same in black and white.
        if row.active:
            return QCoreApplication.translate("OfficerModel", "Active")
        return QCoreApplication.translate("OfficerModel", "Deactivated")
