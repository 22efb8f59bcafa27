"""How the desk looks: the bundled CJK font, a high-contrast style, icons, time formats.

Readable at a glance on a bright day: dark text on white, thick focus
frames, large type for the live numbers, and every state shown as a word and
a shape as well as a colour.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontDatabase, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from desktop_app import rounding
from resources import CJK_FONT, ICONS_DIR

if TYPE_CHECKING:  # the service module imports SQLAlchemy; start-up must not wait for it
    from desktop_app.queue import Level

BASE_POINT_SIZE = 12
LIVE_POINT_SIZE = 26  # header wait times and the queue's waiting column

# Colours with at least 4.5:1 contrast against the text drawn on them.
GREEN = "#1b7f3b"
AMBER = "#ffb000"
RED = "#c00000"
INK = "#111111"
PAPER = "#ffffff"

_loaded_family: str | None = None


def load_cjk_font() -> str:
    """Register the bundled WenQuanYi Micro Hei and make it the application font.

    Chinese then renders on a machine with no CJK font installed; its Latin
    glyphs are good enough that one family serves both languages, so the
    two languages look the same on screen and in the screenshots.
    """
    global _loaded_family
    if _loaded_family is None:
        font_id = QFontDatabase.addApplicationFont(str(CJK_FONT))
        if font_id < 0:
            raise RuntimeError(f"cannot load the bundled CJK font {CJK_FONT}")
        families = QFontDatabase.applicationFontFamilies(font_id)
        _loaded_family = families[0]
    font = QFont(_loaded_family, BASE_POINT_SIZE)
    QApplication.setFont(font)
    return _loaded_family


STYLESHEET = f"""
QWidget {{ color: {INK}; background: {PAPER}; }}
QMainWindow, QDialog {{ background: {PAPER}; }}
QLineEdit, QPlainTextEdit {{
    border: 2px solid #444444; border-radius: 3px; padding: 4px; background: {PAPER};
    min-height: 1.6em;
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 3px solid #0a4ea3; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QComboBox:disabled, QDateTimeEdit:disabled,
QSpinBox:disabled {{ color: #4a4a4a; background: #e6e6e6; border-color: #9a9a9a; }}
QComboBox, QDateTimeEdit, QSpinBox {{ min-height: 1.8em; padding: 2px 6px; }}
QPushButton {{
    border: 2px solid #333333; border-radius: 4px; padding: 6px 12px; background: #eeeeee;
}}
QPushButton:focus {{ border: 3px solid #0a4ea3; }}
QPushButton:disabled {{ color: #6b6b6b; border-color: #9a9a9a; }}
QPushButton[kind="primary"] {{ background: #0a4ea3; color: {PAPER}; border-color: #062f63; }}
QPushButton[kind="danger"] {{ background: {RED}; color: {PAPER}; border-color: #400000; }}
QPushButton[kind="primary"]:disabled, QPushButton[kind="danger"]:disabled {{
    background: #d0d0d0; color: #555555; border-color: #9a9a9a;
}}
QTableView {{
    gridline-color: #b0b0b0; selection-background-color: #0a4ea3;
    selection-color: {PAPER}; alternate-background-color: #f2f2f2;
}}
QHeaderView::section {{
    background: #e4e4e4; color: {INK}; font-weight: bold; padding: 4px;
    border: 1px solid #b0b0b0;
}}
QTabBar::tab {{ padding: 8px 18px; border: 2px solid #777777; margin-right: 2px; }}
QTabBar::tab:selected {{ background: #0a4ea3; color: {PAPER}; border-color: #062f63; }}
QLabel#fieldError {{ color: {RED}; font-weight: bold; }}
QLabel#sectionTitle {{ font-size: {BASE_POINT_SIZE + 4}pt; font-weight: bold; }}
QFrame#header {{ background: #12355b; }}
QFrame#header QLabel {{ background: transparent; color: {PAPER}; }}
QFrame#header QPushButton {{ background: #e4e4e4; }}
QFrame#queueBox {{ border: 3px solid {PAPER}; border-radius: 6px; }}
QFrame#queueBox[level="ok"] {{ background: {GREEN}; }}
QFrame#queueBox[level="amber"] {{ background: {AMBER}; }}
QFrame#queueBox[level="red"] {{ background: {RED}; }}
QFrame#queueBox[level="amber"] QLabel {{ color: #000000; }}
QFrame#warningBanner {{ border: 3px solid #000000; }}
QFrame#warningBanner[level="amber"] {{ background: {AMBER}; }}
QFrame#warningBanner[level="red"] {{ background: {RED}; }}
QFrame#warningBanner[level="amber"] QLabel {{ color: #000000; background: transparent; }}
QFrame#warningBanner[level="red"] QLabel {{ color: {PAPER}; background: transparent; }}
QFrame#alertLine {{ background: transparent; border: none; }}
QLabel#lockBanner {{ background: #333333; color: {PAPER}; padding: 8px; font-weight: bold; }}
QLabel#notice {{ background: #fff4cc; border: 2px solid #8a6d00; padding: 6px; }}
"""


def apply_style(app: QApplication) -> None:
    # Fusion looks the same on every platform (and offscreen, in the screenshots); the
    # style sheet only adds contrast, leaving combo and spin box arrows to the style.
    if app.style().name().lower() != "fusion":  # creating a style costs ~6 ms of start-up
        app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)


@cache
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons`` (SVG, so it stays sharp at any size)."""
    return QIcon(str(ICONS_DIR / f"{name}.svg"))


def pixmap(name: str, size: int) -> QPixmap:
    return icon(name).pixmap(QSize(size, size))


def level_icon_name(level: Level) -> str:
    return f"level-{level.value}"


def live_font(point_size: int = LIVE_POINT_SIZE) -> QFont:
    font = QApplication.font()
    font.setPointSize(point_size)
    font.setBold(True)
    return font


def minutes_seconds(wait: timedelta | float) -> str:
    """A wait as m:ss (h:mm:ss past an hour); never negative."""
    seconds = int(max(0.0, wait.total_seconds() if isinstance(wait, timedelta) else wait))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_text(seconds: float | None, *, lower_bound: bool = False) -> str:
    """Minutes with one decimal, rounded half up as on paper; "≥" for a lower bound."""
    text = rounding.minutes(seconds)
    return f"≥{text}" if lower_bound and seconds is not None else text


def clock_time(at: datetime | None, zone: object, *, seconds: bool = False) -> str:
    """A UTC time as HH:MM in the port's zone (with the date when not today's)."""
    if at is None:
        return "–"
    local = at.astimezone(zone)  # type: ignore[arg-type]
    return local.strftime("%H:%M:%S" if seconds else "%H:%M")


def date_time(at: datetime | None, zone: object) -> str:
    if at is None:
        return "–"
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def short_date_time(at: datetime | None, zone: object) -> str:
    """Month, day and time: a board of today's and tomorrow's rows needs no year."""
    if at is None:
        return "–"
    return at.astimezone(zone).strftime("%m-%d %H:%M")  # type: ignore[arg-type]


def moment(at: datetime | None, zone: object, now: datetime) -> str:
    """HH:MM for a moment of the port's today, else month, day and time ('11-25 18:02')."""
    if at is None:
        return "–"
    local = at.astimezone(zone)  # type: ignore[arg-type]
    if local.date() == now.astimezone(zone).date():  # type: ignore[arg-type]
        return local.strftime("%H:%M")
    return local.strftime("%m-%d %H:%M")
