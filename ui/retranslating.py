"""Widgets that re-read their texts when the language changes at run time."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    """Mix in before the Qt class: ``class Dialog(Retranslating, QDialog)``.

    Installing or removing a translator sends LanguageChange to every widget;
    the widget then sets its texts again in ``retranslate()``.
    """

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]

    def retranslate(self) -> None:
        raise NotImplementedError
