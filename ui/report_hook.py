"""The close-out's "generate and print the shift report" hook.

The shift report (PDF, ReportLab) is built in ``desktop_app/reports`` by a
later issue.  Until it is there this adapter says so: ``available()`` is
False and the close-out shows "not available yet" instead of a button that
pretends.  To plug the reports in, give ``ShiftReportHook`` a provider:
a function ``(desk, shift_id) -> Path`` that writes the PDF and sends it to
the printer (it runs on the slow pool, off the UI thread and off the desk
worker), e.g. in ``ui.app.build_main_window``::

    ShiftReportHook.provider = reports.generate_and_print_shift_report
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from desktop_app.desk import Desk

ShiftReportProvider = Callable[[Desk, uuid.UUID], Path]


class ReportNotAvailable(RuntimeError):
    """The shift report is not part of this build yet."""


class ShiftReportHook:
    provider: ClassVar[ShiftReportProvider | None] = None

    @classmethod
    def available(cls) -> bool:
        return cls.provider is not None

    @classmethod
    def generate_and_print(cls, desk: Desk, shift_id: uuid.UUID) -> Path:
        """Runs on the slow pool: the provider's PDF path, or ReportNotAvailable."""
        if cls.provider is None:
            raise ReportNotAvailable("the shift report is not available in this build yet")
        return cls.provider(desk, shift_id)
