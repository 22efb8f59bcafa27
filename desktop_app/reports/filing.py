"""Filing reports in the post's ``reports/`` folder under clear names, never losing one.

The desk's reports screen and the close-out write here (the CLI writes where
``--out`` says).  Names carry the port, the shift's start or the day in the
port's zone, and the language::

    reports/shift-report-ALS-2026-11-25-0800-zh.pdf
    reports/shift-report-ALS-2026-11-25-0800-zh-amended-3f9a0c12d4e5.pdf   (corrected later)
    reports/daily-report-ALS-2026-11-25-en.pdf
    reports/shift-report-ALS-2026-11-26-0800-zh-provisional.pdf   (shift still open)

What happens when the file is already there:

* a *final* report (closed shift, day over) is never overwritten.  The same
  data gives the same bytes (see ``desktop_app.reports``), so a rebuild is
  normally identical: the new build is dropped and the saved file kept
  (``IDENTICAL``).  A closed shift's report is the one signed at close-out
  whatever is recorded later; a correction after the close makes an
  *amended* report, filed as a new file with "amended" and its data hash in
  the name, beside the signed one (which is built too if it is not there:
  ``AMENDED``).  A day's report changed by a correction, or a report made by
  another version of the desk, is saved beside the old one with its data
  hash in the name (``KEPT_BOTH``);
* a *provisional* report is a snapshot of a period still running: the next
  one replaces it (``REPLACED``).

A build is written to a hidden file in the folder first (the builder itself
writes atomically), so a cancelled or failed build leaves nothing behind.
No Qt: the UI runs this on its slow pool.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.paths import reports_dir
from desktop_app.port_reader import PortReader
from desktop_app.reports import snapshot
from desktop_app.reports.labels import Lang

if TYPE_CHECKING:
    from desktop_app.reports.build import Progress, ReportResult

# Two builds (the slow pool runs two jobs) must not decide about the same name at once.
_FILING = threading.Lock()


class Filed(StrEnum):
    NEW = "new"  # nothing was there
    IDENTICAL = "identical"  # a final report with the same bytes was there: kept, nothing new
    KEPT_BOTH = "kept_both"  # a final report of other data was there: kept, new one beside it
    REPLACED = "replaced"  # an earlier provisional report was replaced
    AMENDED = "amended"  # a new amended report, beside the signed one (``existing``)


@dataclass(frozen=True)
class FiledReport:
    result: ReportResult  # pages, data hash, generated at, final; ``result.path == path``
    path: Path  # the report on disk now
    filed: Filed
    existing: Path | None = None  # the report already there (KEPT_BOTH), or the signed one


def folder_for(desk: PortReader) -> Path:
    if desk.data_dir is None:
        raise ValueError("this desk has no data directory to file reports in")
    return reports_dir(desk.data_dir)


def shift_report_name(
    port_code: str,
    start_local: datetime,
    lang: Lang,
    *,
    final: bool,
    amended: str | None = None,
    redacted: bool = False,
) -> str:
    """``amended``: the amended report's data hash; ``redacted``: references masked."""
    stem = f"shift-report-{port_code}-{start_local:%Y-%m-%d-%H%M}-{lang}"
    stem += "-redacted" if redacted else ""
    if amended:
        stem += f"-amended-{amended}"
    return stem + ("" if final else "-provisional") + ".pdf"


def daily_report_name(
    port_code: str, day: date, lang: Lang, *, final: bool, redacted: bool = False
) -> str:
    stem = f"daily-report-{port_code}-{day:%Y-%m-%d}-{lang}" + ("-redacted" if redacted else "")
    return stem + ("" if final else "-provisional") + ".pdf"


def file_shift_report(
    desk: PortReader,
    shift_id: uuid.UUID,
    lang: Lang = "zh",
    *,
    folder: Path | None = None,
    progress: Progress | None = None,
    as_of: datetime | None = None,
    redact: bool = False,
) -> FiledReport:
    """Build a shift's report into the reports folder (ReportNotFound for an unknown shift).

    A closed shift corrected after its close gets an amended report, and its
    signed report is filed too if it is not there yet.  ``redact``: the variant
    for copies that leave the post, references masked (``reports.redact``).
    """
    from desktop_app.reports.build import build_shift_report

    as_of = as_of or desk.now()
    start = snapshot.shift_period(desk, shift_id, as_of).start.astimezone(desk.port_zone)
    target = folder or folder_for(desk)
    building = _building_path(target)
    result = build_shift_report(
        desk, shift_id, building, lang, progress=progress, as_of=as_of, redact=redact
    )
    if not result.amended:
        name = shift_report_name(desk.port_code, start, lang, final=result.final, redacted=redact)
        return _file(building, target / name, result)
    name = shift_report_name(
        desk.port_code, start, lang, final=True, amended=result.data_hash, redacted=redact
    )
    signed = target / shift_report_name(desk.port_code, start, lang, final=True, redacted=redact)
    if not signed.exists():
        again = _building_path(target)
        built = build_shift_report(
            desk, shift_id, again, lang, version="signed", progress=progress, redact=redact
        )
        _file(again, signed, built)
    filed = _file(building, target / name, result)
    if filed.filed == Filed.NEW:
        return replace(filed, filed=Filed.AMENDED, existing=signed)
    return filed


def file_daily_report(
    desk: PortReader,
    day: date,
    lang: Lang = "zh",
    *,
    folder: Path | None = None,
    progress: Progress | None = None,
    as_of: datetime | None = None,
    redact: bool = False,
) -> FiledReport:
    """Build the daily report of the port's local ``day`` into the reports folder."""
    from desktop_app.reports.build import build_daily_report

    target = folder or folder_for(desk)
    building = _building_path(target)
    result = build_daily_report(
        desk, day, building, lang, progress=progress, as_of=as_of, redact=redact
    )
    name = daily_report_name(desk.port_code, day, lang, final=result.final, redacted=redact)
    return _file(building, target / name, result)


def _building_path(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f".building-{uuid.uuid4().hex}.pdf"


def _file(built: Path, target: Path, result: ReportResult) -> FiledReport:
    try:
        with _FILING:
            return _place(built, target, result)
    finally:
        built.unlink(missing_ok=True)


def _place(built: Path, target: Path, result: ReportResult) -> FiledReport:
    if not target.exists() or not result.final:
        filed = Filed.NEW if not target.exists() else Filed.REPLACED
        built.replace(target)
        return FiledReport(replace(result, path=target), target, filed)
    data = built.read_bytes()
    if target.read_bytes() == data:
        return FiledReport(replace(result, path=target), target, Filed.IDENTICAL)
    # Other data (or another version of the desk, which prints its version on every page).
    for n in range(1, 1000):
        suffix = f"-{result.data_hash}" + (f"-{n}" if n > 1 else "")
        beside = target.with_name(f"{target.stem}{suffix}{target.suffix}")
        if not beside.exists():
            built.replace(beside)
            return FiledReport(replace(result, path=beside), beside, Filed.KEPT_BOTH, target)
        if beside.read_bytes() == data:
            return FiledReport(replace(result, path=beside), beside, Filed.IDENTICAL)
    raise FileExistsError(f"too many reports beside {target}")
