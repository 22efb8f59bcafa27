"""A read-only table model over a list of rows, with named columns and a sort role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

R = TypeVar("R")

SortRole = Qt.ItemDataRole.UserRole  # raw values, so numbers and times sort as such
KeyRole = Qt.ItemDataRole.UserRole + 1  # the row's stable id (selection survives reloads)
FilterRole = Qt.ItemDataRole.UserRole + 2  # codes the filters compare (mode, status)

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one type; subclasses name their columns and answer ``cell``."""

    COLUMNS: Sequence[int] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[R] = []

    # Subclasses: the header text (translated at call time) and each cell.
    def header(self, column: int) -> str:
        raise NotImplementedError

    def cell(self, row: R, column: int, role: int) -> Any:
        raise NotImplementedError

    def key(self, row: R) -> Any:
        return id(row)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> R | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    def row_of_key(self, key: Any) -> int:
        return next((i for i, r in enumerate(self.rows) if self.key(r) == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        if role == KeyRole:
            return self.key(row)
        return self.cell(row, index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.header(section)
        return None

    def refresh_columns(self, columns: Sequence[int]) -> None:
        """Redraw some columns of every row (a clock tick), without a reset."""
        if not self.rows:
            return
        for column in columns:
            self.dataChanged.emit(self.index(0, column), self.index(len(self.rows) - 1, column))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.COLUMNS) - 1))
        self.refresh_columns(range(len(self.COLUMNS)))
