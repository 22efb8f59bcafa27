"""Small building blocks shared by the screens and dialogs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum

from PySide6.QtCore import (
    QAbstractItemModel,
    QObject,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.errors import RuleViolation
from ui.context import AppContext
from ui.labels import label_for_value
from ui.models.base import SortRole


def error_label(name: str, parent: QWidget | None = None) -> QLabel:
    """A red, bold message line under a field; hidden while empty."""
    widget = QLabel(parent)
    widget.setObjectName("fieldError")
    widget.setProperty("errorFor", name)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    widget.hide()
    return widget


class FieldErrors:
    """Shows a ``RuleViolation`` next to the field it names, else on the form's own line."""

    def __init__(self, ctx: AppContext, general: QLabel) -> None:
        self._ctx = ctx
        self._general = general
        self._labels: dict[str, QLabel] = {}
        self._focus: dict[str, QWidget] = {}

    def add(self, fields: str | Iterable[str], label: QLabel, focus: QWidget | None = None) -> None:
        for field in [fields] if isinstance(fields, str) else fields:
            self._labels[field] = label
            if focus is not None:
                self._focus[field] = focus

    def row(self, form: QFormLayout, widget: QWidget, fields: str | Sequence[str] = ()) -> QLabel:
        """A captioned row in ``form`` with the message line under it for ``fields``.

        Returns the caption, for the caller to give it a text (and a new one on
        a language change).  A row with no fields gets no message line.
        """
        caption = QLabel()
        form.addRow(caption, widget)
        names = [fields] if isinstance(fields, str) else list(fields)
        if names:
            err = error_label(names[0])
            form.addRow("", err)
            self.add(names, err, widget)
        return caption

    def clear(self) -> None:
        for label in {*self._labels.values(), self._general}:
            label.clear()
            label.hide()

    def show(self, violation: RuleViolation) -> QLabel:
        self.clear()
        label = self._labels.get(violation.field)
        if label is None:
            label = self._general
            label.setText(self._ctx.describe(violation))
        else:
            label.setText(self._ctx.message(violation))
        label.show()
        focus = self._focus.get(violation.field)
        if focus is not None:
            focus.setFocus()
        return label

    def show_text(self, field: str, text: str) -> None:
        self.clear()
        label = self._labels.get(field, self._general)
        label.setText(text)
        label.show()


def sort_proxy(model: QAbstractItemModel, parent: QObject) -> QSortFilterProxyModel:
    """A proxy that sorts by the model's raw values (``SortRole``): times as times, not text."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    return proxy


def row_table(
    name: str,
    model: QAbstractItemModel,
    sort_column: int | None = None,
    order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
) -> QTableView:
    """A read-only table picked one row at a time; with ``sort_column``, sorted by header clicks."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    if sort_column is not None:
        table.setSortingEnabled(True)
        table.sortByColumn(sort_column, order)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    return table


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """A dialog's buttons, right-aligned in the order given (the default action last)."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def pin_edit(name: str) -> QLineEdit:
    """A masked field that takes up to 8 digits: every PIN entry on the desk."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(8)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), edit))
    return edit


def key_button(name: str, key: str | None = None) -> QPushButton:
    """A button named for tests, with an optional key that clicks it while it is visible.

    The key is a QShortcut owned by the button rather than ``setShortcut``:
    ``setText`` resets a button's own shortcut to the text's mnemonic, and
    the texts change with the language.
    """
    button = QPushButton()
    button.setObjectName(name)
    if key is not None:
        shortcut = QShortcut(QKeySequence(key), button)
        shortcut.activated.connect(button.click)  # a disabled button ignores it
        button.setProperty("key", key)
    return button


def with_key(text: str, key: str) -> str:
    """A button caption with its key, e.g. 'Cleared  [F6]'."""
    return f"{text}  [{key}]"


def retranslate_enum_combo(combo: QComboBox, kind: type[Enum]) -> None:
    """Re-label a combo whose items hold codes of ``kind`` (Qt hands StrEnums back as str)."""
    for i in range(combo.count()):
        combo.setItemText(i, label_for_value(kind, str(combo.itemData(i))))


def index_of(combo: QComboBox, value: object) -> int:
    """The index of the item whose data equals ``value``, or -1.

    ``QComboBox.findData`` compares Python objects such as UUIDs by identity,
    and ids loaded in two reads are equal but not identical.
    """
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)
