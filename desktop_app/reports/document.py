"""The A4 page: header and footer on every page, "page x of y", reproducible bytes.

ReportLab runs in invariant mode (fixed document id and creation date), and
nothing on a page comes from the wall clock or the process: the "generated
at" time is given by the caller (see ``desktop_app.reports``), so the same
data renders to the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop_app.reports.styles import (
    FONT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE,
    RULE_GREY,
    register_font,
)


@dataclass(frozen=True)
class PageFurniture:
    """What the header and footer say (all already in the report's language)."""

    header_left: str
    header_right: str
    footer_left: str
    page_of: Callable[[int, int], str]  # (page, pages) → "第 1 页 / 共 3 页"


class FurnishedCanvas(Canvas):
    """Holds every page until the end, so each can say how many pages there are."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            super().showPage()
        super().save()

    def _draw_furniture(self, page: int, pages: int) -> None:
        f = self._furniture
        width, height = PAGE
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillGray(0)
        top = height - MARGIN_TOP + 7
        self.drawString(MARGIN_X, top + 3, f.header_left)
        self.drawRightString(width - MARGIN_X, top + 3, f.header_right)
        self.setStrokeColor(RULE_GREY)
        self.setLineWidth(0.6)
        self.line(MARGIN_X, top, width - MARGIN_X, top)
        bottom = MARGIN_BOTTOM - 8
        self.line(MARGIN_X, bottom, width - MARGIN_X, bottom)
        self.setFont(FONT, 7)
        self.drawString(MARGIN_X, bottom - 10, f.footer_left)
        self.drawRightString(width - MARGIN_X, bottom - 10, f.page_of(page, pages))
        self.restoreState()


def render(
    story: Sequence[Flowable],
    out: str | Path | BinaryIO,
    furniture: PageFurniture,
    *,
    title: str,
    author: str,
    subject: str,
    creator: str,
    lang: str,
    progress: Callable[[float], None] | None = None,
) -> int:
    """Lay ``story`` out on A4 pages into ``out``; returns the number of pages.

    ``progress(fraction)`` is told how much of the story has been laid out.
    """
    register_font()
    doc = BaseDocTemplate(
        out if isinstance(out, str) else str(out) if isinstance(out, Path) else out,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator=creator,
        producer=creator,
        lang="zh-CN" if lang == "zh" else "en",
        invariant=1,
        initialFontName=FONT,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    if progress is not None:
        total = max(len(story), 1)
        done = [0.0]

        def on_progress(kind: str, value: int) -> None:
            # Splitting a table across pages puts pieces back in the queue, so
            # ReportLab's count can step back; the fraction passed on never does.
            if kind == "PROGRESS" and value / total > done[0]:
                done[0] = min(value / total, 1.0)
                progress(done[0])

        doc.setProgressCallBack(on_progress)
    doc.build(list(story), canvasmaker=partial(FurnishedCanvas, furniture=furniture))
    return doc.page
