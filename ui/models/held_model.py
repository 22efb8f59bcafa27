"""The sync panel's list of entries set aside: what, why, and what to do about it.

One row per outbox entry that waits (``desktop_app.sync.quarantine.HeldView``):
HQ refused it for a rule (a value it cannot store, a reference it does not
hold, a rule of its schema), or it refers to a record that was refused.  The
words say what to do: correct the record (its corrected version goes by
itself), wait (it goes once the record it names reaches HQ), or send it
again once HQ is fixed, or discard it with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt

from ui import look
from ui.labels import QT_TRANSLATE_NOOP
from ui.models.base import RowTableModel, SortRole
from ui.models.conflict_model import entity_text

if TYPE_CHECKING:
    from desktop_app.sync.quarantine import HeldView

_WHY = {
    "malformed": QT_TRANSLATE_NOOP("SyncHeld", "A value HQ cannot store"),
    "unknown_reference": QT_TRANSLATE_NOOP("SyncHeld", "Refers to a record HQ does not have"),
    "constraint": QT_TRANSLATE_NOOP("SyncHeld", "Breaks a rule HQ enforces"),
    "depends_on_held": QT_TRANSLATE_NOOP("SyncHeld", "Waits for a record set aside"),
}
# What to do, in the list (short) and under it for the selected entry (whole).
_TODO = {
    "edit": QT_TRANSLATE_NOOP("SyncHeld", "Correct the record"),
    "wait": QT_TRANSLATE_NOOP("SyncHeld", "Nothing: it waits"),
    "discard": QT_TRANSLATE_NOOP("SyncHeld", "Send again, or discard"),
}
_ADVICE = {
    "edit": QT_TRANSLATE_NOOP(
        "SyncHeld", "Correct the record: the corrected version goes by itself"
    ),
    "wait": QT_TRANSLATE_NOOP(
        "SyncHeld", "Nothing to do: it goes once the record it names reaches HQ"
    ),
    "discard": QT_TRANSLATE_NOOP(
        "SyncHeld", "Send it again once HQ is fixed, or discard it with a reason"
    ),
}


def why_text(error: str) -> str:
    text = _WHY.get(error)
    return QCoreApplication.translate("SyncHeld", text) if text else error


def advice_text(advice: str) -> str:
    return QCoreApplication.translate("SyncHeld", _ADVICE[advice])


def todo_text(advice: str) -> str:
    return QCoreApplication.translate("SyncHeld", _TODO[advice])


def load_held(desk: Any) -> list[HeldView]:
    """Runs on the worker: the entries set aside, oldest first."""
    from desktop_app.sync import quarantine

    return quarantine.entries(desk)


class HeldModel(RowTableModel["HeldView"]):
    COL_ENTRY, COL_WHEN, COL_RECORD, COL_WHY, COL_TODO = range(5)
    COLUMNS = (COL_ENTRY, COL_WHEN, COL_RECORD, COL_WHY, COL_TODO)

    def __init__(self, zone: Callable[[], Any], parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone

    def header(self, column: int) -> str:
        return [
            QCoreApplication.translate("SyncHeld", "Entry"),
            QCoreApplication.translate("SyncHeld", "Set aside"),
            QCoreApplication.translate("SyncHeld", "Record"),
            QCoreApplication.translate("SyncHeld", "Why"),
            QCoreApplication.translate("SyncHeld", "What to do"),
        ][column]

    def key(self, row: HeldView) -> Any:
        return row.seq

    def cell(self, row: HeldView, column: int, role: int) -> Any:
        if role == SortRole:
            return {
                self.COL_ENTRY: row.seq,
                self.COL_WHEN: row.held_at,
                self.COL_RECORD: (row.entity, str(row.record_id)),
                self.COL_WHY: row.error,
                self.COL_TODO: row.advice,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_WHY:
            return row.detail  # HQ's own words, whole
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_TODO:
            return todo_text(row.advice)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.COL_ENTRY:
            return str(row.seq)
        if column == self.COL_WHEN:
            return look.date_time(row.held_at, self._zone())
        if column == self.COL_RECORD:
            return f"{entity_text(row.entity)} {str(row.record_id)[:8]}"
        if column == self.COL_WHY:
            return why_text(row.error)
        return todo_text(row.advice)
