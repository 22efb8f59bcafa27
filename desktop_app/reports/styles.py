"""Fonts, paragraph styles and the table look shared by the shift and daily reports.

All text is set in WenQuanYi Micro Hei (``resources.CJK_FONT``, embedded as a
subset), the font the UI bundles: Chinese prints on a machine with no CJK
fonts, and Latin text uses the same face so both languages look alike.  The
font has one weight; headings stand out by size and rules, not bold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

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
        h1=style("h1", 12.5, 16, spaceBefore=10, spaceAfter=5),
        h2=style("h2", 9.5, 13, spaceBefore=6, spaceAfter=3),
        body=style("body", 8.8, 12.5, spaceAfter=3),
        small=style("small", 7.2, 9.5, textColor=Color(0.2, 0.2, 0.2), spaceAfter=3),
        cell=style("cell", 7.6, 9.6),
        head=style("head", 7.6, 9.4),
        head_center=style("head_center", 7.6, 9.4, alignment=TA_CENTER),
        head_right=style("head_right", 7.6, 9.4, alignment=TA_RIGHT),
    )


Cell = str | Flowable


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: officers' notes may hold ``<`` or ``&``, never markup."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


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
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
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


def key_value_table(pairs: Sequence[tuple[str, Cell]], st: Styles, key_width: float) -> Table:
    """The cover block: labels in a grey column, values beside them."""
    data = [[para(k, st.head), para(v, st.cell) if isinstance(v, str) else v] for k, v in pairs]
    return Table(
        data,
        colWidths=[key_width * FRAME_WIDTH, (1 - key_width) * FRAME_WIDTH],
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, black),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_GREY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
        hAlign="LEFT",
    )
