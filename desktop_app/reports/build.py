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

from desktop_app.port_reader import PortReader
from desktop_app.reports import covers, document, sections, snapshot
from desktop_app.reports import formatting as fmt
from desktop_app.reports.figures import Figures, compute
from desktop_app.reports.labels import LANGS, Lang, text
from desktop_app.reports.reading import Version, day_snapshot, shift_data
from desktop_app.reports.redact import redacted
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
    as_of: datetime  # UTC: what the data is as of (printed on the cover)
    amended: bool = False  # a closed shift's report changed by corrections after the close
    signed_hash: str | None = None  # the signed report's hash (a shift signed at close-out)


def build_shift_report(
    desk: PortReader,
    shift_id: uuid.UUID,
    path: str | os.PathLike[str],
    lang: Lang = "zh",
    *,
    progress: Progress | None = None,
    generated_at: datetime | None = None,
    as_of: datetime | None = None,
    version: Version = "current",
    redact: bool = False,
) -> ReportResult:
    tell = _progress(progress)
    tell(0.0, "reading")
    data, signed_hash = shift_data(desk, shift_id, as_of=as_of, version=version)
    return _build(data, Path(path), lang, tell, generated_at, shift_story, signed_hash, redact)


def build_daily_report(
    desk: PortReader,
    day: date,
    path: str | os.PathLike[str],
    lang: Lang = "zh",
    *,
    progress: Progress | None = None,
    generated_at: datetime | None = None,
    as_of: datetime | None = None,
    redact: bool = False,
) -> ReportResult:
    tell = _progress(progress)
    tell(0.0, "reading")
    data = day_snapshot(desk, day, as_of=as_of)
    return _build(data, Path(path), lang, tell, generated_at, daily_story, None, redact)


def _progress(callback: Progress | None) -> Progress:
    return callback or (lambda fraction, stage: None)


def layout(figures: Figures, lang: Lang) -> list[Flowable]:
    """The numbered flowables of a report, before they are put on pages (tests walk them)."""
    st = styles(lang)
    story = shift_story if figures.snapshot.period.kind == "shift" else daily_story
    return sections.number(story(figures, st), st)


def shift_story(f: Figures, st: Styles) -> list[Flowable]:
    return [
        *covers.shift_cover(f, st),
        *sections.amendments(f, st),
        *sections.key_figures(f, st),
        *sections.volumes(f, st),
        *sections.times(f, st),
        *sections.lanes(f, st),
        *sections.forecasts(f, st),
        *sections.channels(f, st),
        *sections.alerts(f, st),
        *sections.duty_roster(f, st),
        *sections.plan_advice(f, st),
        *sections.approvals(f, st),
        *sections.checklist(f, st, per_shift=False),
        *sections.sync(f, st),
        *sections.breaches(f, st),
        *sections.handover(f, st, signatures=("handing_over", "taking_over")),
        *sections.breach_appendix(f, st),
    ]


def daily_story(f: Figures, st: Styles) -> list[Flowable]:
    return [
        *covers.daily_cover(f, st),
        *sections.key_figures(f, st),
        *sections.trend(f, st),
        *sections.volumes(f, st),
        *sections.times(f, st),
        *sections.lanes(f, st),
        *sections.forecasts(f, st),
        *sections.channels(f, st),
        *sections.alerts(f, st),
        *sections.approvals(f, st),
        *sections.checklist(f, st, per_shift=True),
        *sections.service_line_contacts(f, st),
        *sections.sync(f, st),
        *sections.breaches(f, st),
        *sections.handover(f, st, signatures=("duty_leader", "prepared_by")),
        *sections.breach_appendix(f, st),
    ]


def _build(
    data: snapshot.Snapshot,
    path: Path,
    lang: Lang,
    tell: Progress,
    generated_at: datetime | None,
    story: Callable[[Figures, Styles], list[Flowable]],
    signed_hash: str | None,
    redact: bool = False,
) -> ReportResult:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    tell(0.25, "computing")
    # The signed version prints the hash it was signed with, whatever fields a later
    # version of the desk adds to snapshots (they load with defaults).  The hash is the
    # full data's: a redacted copy names the same data as the original.
    digest = signed_hash if signed_hash and data.amendment is None else snapshot.data_hash(data)
    if redact:
        data = redacted(data)
    figures = compute(data)
    # A final report says when its data was last touched, so that the same data gives
    # the same bytes; a provisional one is as of the moment it was made.
    at = generated_at or (data.latest_moment() if data.period.final else data.period.as_of)
    tell(0.4, "layout")
    st = styles(lang)
    flowables = sections.number(story(figures, st), st)
    amended = data.amendment is not None
    marks = [
        # Pages get separated: each one says it is provisional or amended, not just the cover.
        *([text("amended_mark", lang)] if amended else []),
        *([] if data.period.final else [text("provisional_mark", lang)]),
        *([text("redacted_mark", lang)] if redact else []),
    ]
    stamp = (
        text("data_hash_amended", lang, digest=digest, signed=data.amendment.signed_hash)
        if data.amendment is not None
        else text("data_hash", lang, digest=digest)
    )
    furniture = document.PageFurniture(
        header_left=" · ".join(
            [covers.port_name(data.port, lang), covers.title(data, lang), *marks]
        ),
        header_right=f"{text('period', lang)} {covers.period_text(data, lang)}",
        footer_left="  ·  ".join(
            [
                text("generated", lang, at=fmt.full(at, data.zone)),
                f"Checkpoint Desk {text('version', lang, version=__version__)}",
                stamp,
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
    return ReportResult(
        path,
        pages,
        digest,
        at,
        data.period.final,
        data.period.as_of,
        amended=amended,
        signed_hash=signed_hash,
    )
