"""Small SVG bar charts drawn on the server (no script, no web font, nothing fetched).

Each chart is an ``<svg role="img">`` with a title and a description, and
its numbers are also in a table beside it, so a screen reader and a
black-and-white printout both get them.  Colours are from the console's
style sheet (classes), the target line is dashed: nothing is told apart by
colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar (every few bars), and in its tooltip
    value: float | None  # None: no data (drawn as a gap)
    text: str  # the value as shown in the tooltip
    over: bool = False  # above the target: drawn with the warning class


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    target: float | None = None,
    target_label: str = "",
    width: int = 640,
    height: int = 170,
    label_every: int = 1,
) -> Markup:
    left, right, top, bottom = 36, 8, 10, 22
    inner_w, inner_h = width - left - right, height - top - bottom
    values = [b.value for b in bars if b.value is not None]
    peak = max([*values, target or 0, 1e-9])
    scale = inner_h / (peak * 1.1)
    step = inner_w / max(len(bars), 1)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
    ]
    for tick in _ticks(peak * 1.1):
        y = top + inner_h - tick * scale
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">{tick:g}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{left}" y1="{top + inner_h}" x2="{width - right}" '
        f'y2="{top + inner_h}"/>'
    )
    for i, bar in enumerate(bars):
        x = left + i * step
        if bar.value is not None:
            h = max(bar.value * scale, 1.0 if bar.value > 0 else 0.0)
            css = "bar over" if bar.over else "bar"
            parts.append(
                f'<rect class="{css}" x="{x + step * 0.15:.1f}" y="{top + inner_h - h:.1f}" '
                f'width="{step * 0.7:.1f}" height="{h:.1f}"><title>{escape(bar.label)}: '
                f"{escape(bar.text)}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{x + step / 2:.1f}" y="{height - 6}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    if target is not None:
        y = top + inner_h - target * scale
        parts.append(
            f'<line class="target" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>'
            f'<text class="tick target-label" x="{width - right - 2}" y="{y - 3:.1f}" '
            f'text-anchor="end">{escape(target_label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _ticks(top: float) -> list[float]:
    """Round values for up to four grid lines from zero to ``top``."""
    for step in (0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 3000, 6000):
        if top / step <= 4:
            return [step * i for i in range(int(top // step) + 1)]
    return [0.0]
