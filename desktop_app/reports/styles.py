"""Fonts, paragraph styles and the table look shared by the shift and daily reports.

All text is set in WenQuanYi Micro Hei (``resources.CJK_FONT``, embedded as a
subset), the font the UI bundles: Chinese prints on a machine with no CJK
fonts, and Latin text uses the same face so both languages look alike.  The
font has one weight; headings stand out by size and rules, not bold.  No
other font is referenced at all: ReportLab's defaults (Helvetica, a base-14
font a PDF names without embedding) are replaced for tables and drawings.

A table cell never runs into its neighbour: ``table`` wraps a text that is
wider than its column (``fits``), and the tests check every table of the
sample reports for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeAlias
from xml.sax.saxutils import escape

from reportlab.graphics import shapes
from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table, TableStyle

from desktop_app.reports.labels import Lang
from resources import CJK_FONT

FONT = "WenQuanYiMicroHei"
PAGE = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 17 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN_X
HEADER_GREY = Color(0.86, 0.86, 0.86)
RULE_GREY = Color(0.45, 0.45, 0.45)
# Very long tables are cut into pieces of this many rows, each starting on a
# new page with its header: ReportLab re-measures a table's remaining rows at
# every page break, so one huge table costs O(n²) (5,000 rows: 2.7 s).
TABLE_CHUNK = 1000


@cache
def register_font() -> str:
    """Register the embedded CJK font once per process; its name for styles."""
    # A .ttc holds several faces: subfontIndex 0 is the regular Micro Hei.
    pdfmetrics.registerFont(TTFont(FONT, str(CJK_FONT), subfontIndex=0))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    # A drawing starts every render by setting its default font (Helvetica),
    # which puts an unembedded base-14 font in the PDF even if no string uses
    # it: the process only ever draws reports, so the default is ours.
    shapes.STATE_DEFAULTS["fontName"] = FONT
    return FONT


@dataclass(frozen=True)
class Styles:
    lang: Lang
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    head_center: ParagraphStyle
    head_right: ParagraphStyle


@cache
def styles(lang: Lang) -> Styles:
    font = register_font()
    # Chinese breaks between any two characters; English between words.
    wrap = "CJK" if lang == "zh" else None

    def style(name: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading, wordWrap=wrap, **extra
        )

    return Styles(
        lang=lang,
        title=style("title", 17, 22, alignment=TA_CENTER, spaceAfter=2),
        subtitle=style("subtitle", 9.5, 13, alignment=TA_CENTER, spaceAfter=8),
        h1=style("h1", 12.5, 16, spaceBefore=10, spaceAfter=5, keepWithNext=1),
        # A heading never ends a page: it goes with what it heads.
        h2=style("h2", 9.5, 13, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        body=style("body", 8.8, 12.5, spaceAfter=3),
        small=style("small", 7.2, 9.5, textColor=Color(0.2, 0.2, 0.2), spaceAfter=3),
        cell=style("cell", 7.6, 9.6),
        cell_center=style("cell_center", 7.6, 9.6, alignment=TA_CENTER),
        cell_right=style("cell_right", 7.6, 9.6, alignment=TA_RIGHT),
        head=style("head", 7.6, 9.4),
        head_center=style("head_center", 7.6, 9.4, alignment=TA_CENTER),
        head_right=style("head_right", 7.6, 9.4, alignment=TA_RIGHT),
    )


Cell: TypeAlias = str | Flowable


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: officers' notes may hold ``<`` or ``&``, never markup."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


# Left and right padding of every cell, in points.
CELL_PADDING = 3


def fits(value: str, column_width: float, st: Styles) -> bool:
    """Whether a one-line text fits its column, padding included."""
    width = pdfmetrics.stringWidth(value, st.cell.fontName, st.cell.fontSize)
    return width <= column_width - 2 * CELL_PADDING


def _cell(value: Cell, column_width: float, align: str, st: Styles) -> Cell:
    """A text wider than its column becomes a paragraph that wraps inside it."""
    if not isinstance(value, str) or ("\n" not in value and fits(value, column_width, st)):
        return value
    style = {"L": st.cell, "C": st.cell_center, "R": st.cell_right}[align]
    return para(value, style)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    st: Styles,
    *,
    align: str = "",
    total_row: bool = False,
    width: float = FRAME_WIDTH,
) -> list[Flowable]:
    """A ruled table with a grey header row repeated on every page.

    ``widths`` are fractions of ``width`` (the frame's, unless set); ``align`` gives each column
    L, C or R (default: first column left, the rest right, as for figures).
    """
    assert abs(sum(widths) - 1) < 0.01, widths
    col_widths = [w * width for w in widths]
    align = align or "L" + "R" * (len(header) - 1)
    head_styles = {"L": st.head, "C": st.head_center, "R": st.head_right}
    head = [para(h, head_styles[a]) for h, a in zip(header, align, strict=True)]
    rows = [
        [_cell(v, w, a, st) for v, w, a in zip(row, col_widths, align, strict=True)] for row in rows
    ]
    pieces = [rows[i : i + TABLE_CHUNK] for i in range(0, len(rows), TABLE_CHUNK)] or [[]]
    out: list[Flowable] = []
    for n, piece in enumerate(pieces):
        if n:
            out.append(PageBreak())
        commands: list[tuple[object, ...]] = [
            ("FONT", (0, 0), (-1, -1), st.cell.fontName, st.cell.fontSize, st.cell.leading),
            ("GRID", (0, 0), (-1, -1), 0.3, black),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        for col, a in enumerate(align):
            word = {"L": "LEFT", "C": "CENTER", "R": "RIGHT"}[a]
            commands.append(("ALIGN", (col, 1), (col, -1), word))
        if total_row and n == len(pieces) - 1 and piece:
            commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, black))
        out.append(
            Table(
                [head, *piece],
                colWidths=col_widths,
                repeatRows=1,
                style=TableStyle(commands),
                hAlign="LEFT",
            )
        )
    return out


def plain_table(
    data: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    commands: Sequence[tuple[object, ...]],
    **options: object,
) -> Table:
    """A table for layout (boxes, side by side) in the report's font, left-aligned."""
    font = register_font()
    return Table(
        data,
        colWidths=list(col_widths),
        # Even a table of paragraphs sets its cells' font: without this it is Helvetica.
        style=TableStyle([("FONT", (0, 0), (-1, -1), font, 8), *commands]),
        hAlign="LEFT",
        **options,
    )


def key_value_table(pairs: Sequence[tuple[str, Cell]], st: Styles, key_width: float) -> Table:
    """The cover block: labels in a grey column, values beside them."""
    data = [[para(k, st.head), para(v, st.cell) if isinstance(v, str) else v] for k, v in pairs]
    return plain_table(
        data,
        [key_width * FRAME_WIDTH, (1 - key_width) * FRAME_WIDTH],
        [
            ("GRID", (0, 0), (-1, -1), 0.3, black),
            ("BACKGROUND", (0, 0), (0, -1), HEADER_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ],
    )
