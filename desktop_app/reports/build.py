"""Read, compute, lay out, write: the two reports end to end (see the package docstring)."""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab.platypus import Flowable

from desktop_app.desk import Desk
from desktop_app.reports import covers, document, sections, snapshot
from desktop_app.reports import formatting as fmt
from desktop_app.reports.figures import Figures, compute
from desktop_app.reports.labels import LANGS, Lang, text
from desktop_app.reports.styles import Styles, styles
from desktop_app.version import __version__

# progress(fraction 0..1, stage); stages: reading, computing, layout, writing, done.
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
    data_hash: str  # the 12 hex digits printed in every footer
    generated_at: datetime  # UTC, as printed (in the port's zone) in every footer
    final: bool  # False for an open shift or a day not over: figures may still change


def shift_figures(desk: Desk, shift_id: uuid.UUID) -> Figures:
    """The shift report's statistics, for a screen that shows them without a PDF."""
    return compute(snapshot.load_shift(desk, shift_id))


def daily_figures(desk: Desk, day: date) -> Figures:
    """The daily report's statistics for the port's local calendar day."""
    return compute(snapshot.load_day(desk, day))


def build_shift_report(
    desk: Desk,
    shift_id: uuid.UUID,
    path: str | os.PathLike[str],
    lang: Lang = "zh",
    *,
    progress: Progress | None = None,
    generated_at: datetime | None = None,
) -> ReportResult:
    tell = _progress(progress)
    tell(0.0, "reading")
    data = snapshot.load_shift(desk, shift_id)
    return _build(data, Path(path), lang, tell, generated_at, _shift_story)


def build_daily_report(
    desk: Desk,
    day: date,
    path: str | os.PathLike[str],
    lang: Lang = "zh",
    *,
    progress: Progress | None = None,
    generated_at: datetime | None = None,
) -> ReportResult:
    tell = _progress(progress)
    tell(0.0, "reading")
    data = snapshot.load_day(desk, day)
    return _build(data, Path(path), lang, tell, generated_at, _daily_story)


def _progress(callback: Progress | None) -> Progress:
    return callback or (lambda fraction, stage: None)


def _shift_story(f: Figures, st: Styles) -> list[Flowable]:
    return [
        *covers.shift_cover(f, st),
        *sections.key_figures(f, st),
        *sections.volumes(f, st),
        *sections.times(f, st),
        *sections.lanes(f, st),
        *sections.forecasts(f, st),
        *sections.channels(f, st),
        *sections.approvals(f, st),
        *sections.checklist(f, st, per_shift=False),
        *sections.sync(f, st),
        *sections.breaches(f, st),
        *sections.handover(f, st, signatures=("handing_over", "taking_over")),
    ]


def _daily_story(f: Figures, st: Styles) -> list[Flowable]:
    return [
        *covers.daily_cover(f, st),
        *sections.key_figures(f, st),
        *sections.volumes(f, st),
        *sections.times(f, st),
        *sections.lanes(f, st),
        *sections.forecasts(f, st),
        *sections.channels(f, st),
        *sections.approvals(f, st),
        *sections.checklist(f, st, per_shift=True),
        *sections.sync(f, st),
        *sections.breaches(f, st),
        *sections.handover(f, st, signatures=("duty_leader", "prepared_by")),
    ]


def _build(
    data: snapshot.Snapshot,
    path: Path,
    lang: Lang,
    tell: Progress,
    generated_at: datetime | None,
    story: Callable[[Figures, Styles], list[Flowable]],
) -> ReportResult:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    tell(0.25, "computing")
    figures = compute(data)
    digest = snapshot.data_hash(data)
    at = generated_at or data.as_of()
    tell(0.4, "layout")
    st = styles(lang)
    flowables = story(figures, st)
    furniture = document.PageFurniture(
        header_left=" · ".join(
            [covers.port_name(data.port, lang), covers.title(data, lang)]
            # Pages get separated: each one says it is provisional, not just the cover.
            + ([] if data.period.final else [text("provisional_mark", lang)])
        ),
        header_right=f"{text('period', lang)} {covers.period_text(data, lang)}",
        footer_left="  ·  ".join(
            [
                text("generated", lang, at=fmt.full(at, data.zone)),
                f"Checkpoint Desk {text('version', lang, version=__version__)}",
                text("data_hash", lang, digest=digest),
            ]
        ),
        page_of=lambda page, pages: text("page_of", lang, page=page, pages=pages),
    )
    # Written beside the target and moved into place: a failed or cancelled
    # build never leaves a half-written file where a good one was.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    Path(temp_name).chmod(0o644)  # mkstemp's 0600 would make the report private
    try:
        pages = document.render(
            flowables,
            temp_name,
            furniture,
            title=covers.title(data, lang),
            author=data.port.station_zh,
            subject=f"{covers.period_text(data, lang)} · {digest}",
            creator=f"Checkpoint Desk {__version__}",
            lang=lang,
            progress=lambda fraction: tell(0.4 + 0.55 * fraction, "writing"),
        )
        Path(temp_name).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp_name).unlink()
        raise
    tell(1.0, "done")
    return ReportResult(path, pages, digest, at, data.period.final)
