"""The close-out's "generate and print the shift report".

The provider builds the closed shift's report into the post's ``reports/``
folder (``desktop_app.reports.filing``); it runs on the task manager's slow
pool, off the UI thread and off the desk worker, and reports progress
through its callback.  The close-out's ``ReportPanel`` then asks for a
printer on the UI thread and prints the pages on the slow pool again
(``ui.printing``), and offers to open the PDF.

The provider is a class attribute so that a build without the reports (or
a test) can replace it; with none, ``available()`` is False and the
close-out says "not available" instead of showing a button that pretends.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import ClassVar

from desktop_app.desk import Desk
from desktop_app.reports.filing import FiledReport, file_shift_report
from desktop_app.reports.labels import Lang

# (desk, shift_id, lang, progress(fraction, stage)) -> the filed report
ShiftReportProvider = Callable[[Desk, uuid.UUID, Lang, Callable[[float, str], None]], FiledReport]


class ReportNotAvailable(RuntimeError):
    """The shift report is not part of this build."""


def _file_shift_report(
    desk: Desk, shift_id: uuid.UUID, lang: Lang, progress: Callable[[float, str], None]
) -> FiledReport:
    return file_shift_report(desk, shift_id, lang, progress=progress)


class ShiftReportHook:
    provider: ClassVar[ShiftReportProvider | None] = _file_shift_report

    @classmethod
    def available(cls) -> bool:
        return cls.provider is not None

    @classmethod
    def generate(
        cls,
        desk: Desk,
        shift_id: uuid.UUID,
        lang: Lang,
        progress: Callable[[float, str], None],
    ) -> FiledReport:
        """Runs on the slow pool: the filed report, or ReportNotAvailable."""
        provider = cls.provider
        if provider is None:
            raise ReportNotAvailable("the shift report is not available in this build")
        return provider(desk, shift_id, lang, progress)
