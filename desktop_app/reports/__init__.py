"""Shift and daily PDF reports (issue #5): official documents, the same numbers as the screens.

No Qt here: the UI runs these off its thread and shows the progress.

API (plain Python; each call reads the database itself, in one read transaction)::

    from desktop_app import reports

    result = reports.build_shift_report(
        desk, shift_id, "shift.pdf", "zh",              # or "en"
        progress=lambda fraction, stage: ...,           # fraction 0..1; stage: reading,
    )                                                   # computing, layout, writing, done
    result = reports.build_daily_report(desk, date(2026, 11, 25), "day.pdf", "en")
    result.path, result.pages, result.data_hash, result.generated_at, result.final

    reports.latest_closed_shift_id(desk)      # what ``report shift --latest`` prints
    reports.shift_figures(desk, shift_id)     # the statistics alone (for a screen)
    reports.daily_figures(desk, day, as_of=moment)

* **As of.**  Every report is as of an explicit time: a closed shift as of its
  close, a day as of the moment it became final, an open period as of
  ``as_of=`` (default: the desk's clock).  Data timed after it is not in it.
* **Signed and amended.**  At close-out the shift report's whole input is
  stored (``signoff``); a closed shift's report is built from it, byte for
  byte the same whatever is recorded later.  A correction recorded after the
  close makes an *amended* report (``version="current"``, the default):
  "amended" on every page, the changes against the signed version listed up
  front.  ``version="signed"`` builds what was signed.  ``ReportResult``
  says ``amended`` and the ``signed_hash``.

* ``progress`` is called on the calling (worker) thread; forward it to the UI
  with a signal.  Raising from it cancels the build: the target file is then
  left as it was (reports are written beside it and moved into place).
* ``generated_at`` (keyword, UTC): the time printed as "generated at".  By
  default it is derived from the data: the latest moment the report's data
  records (the shift's close, the last event, the last HQ acknowledgement),
  so that the same data always gives the same PDF bytes (ReportLab runs in
  invariant mode); a provisional report prints its as-of time.
* Every page carries the port, the period, "page x of y", the generated-at
  time, the app version and a 12-digit hash of the data the report was built
  from (``snapshot.data_hash``): build the report again later and compare the
  hash to know whether a printed copy still matches the database.
* Errors: ``ReportNotFound`` for an unknown shift or no closed shift yet;
  ``ValueError`` for an unknown language.

* ``filing.file_shift_report(desk, shift_id, lang, progress=...)`` and
  ``filing.file_daily_report`` build into the post's ``reports/`` folder under
  clear names (port, shift start or day, language, "provisional") and never
  overwrite a final report: see ``desktop_app/reports/filing.py``.

Modules: ``snapshot`` (reading, as of a time; the stored form and the hash),
``signoff`` (what was signed; amendments), ``reading`` (which of them a report
uses), ``figures`` (statistics; no ReportLab), ``labels`` (words in both
languages), ``charts``, ``styles``, ``document`` (pages, header, footer),
``covers`` and ``sections`` (the layout), ``build``, ``filing`` (the reports
folder).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.reports.reading import daily_figures, shift_figures
from desktop_app.reports.snapshot import ReportNotFound, latest_closed_shift_id

if TYPE_CHECKING:
    from desktop_app.reports.build import (
        Progress,
        ReportResult,
        build_daily_report,
        build_shift_report,
    )

_BUILD = {
    "Progress",
    "ReportResult",
    "build_daily_report",
    "build_shift_report",
}


def __getattr__(name: str) -> Any:
    # ReportLab loads on first use of a builder, so that importing the
    # statistics (``desktop_app.reports.figures``) never pulls it in.
    if name in _BUILD:
        from desktop_app.reports import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Progress",
    "ReportNotFound",
    "ReportResult",
    "build_daily_report",
    "build_shift_report",
    "daily_figures",
    "latest_closed_shift_id",
    "shift_figures",
]
