"""Chinese renders with the bundled font, also on a machine with no fonts at all.

A glyph that is missing renders as the same empty box whatever the
character: two different Chinese characters drawing identical pixels means
boxes.  The check runs in a subprocess whose fontconfig sees no font
directory, so the system's own fonts cannot hide a missing bundle.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication([])

    def pixels(char):
        image = QImage(48, 48, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(QApplication.font())
        painter.setPen(QColor("black"))
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, char)
        painter.end()
        return bytes(image.constBits())

    print("before", pixels("验") == pixels("证"))
    from ui import look
    family = look.load_cjk_font()
    print("after", pixels("验") == pixels("证"), family)
    """
)


def test_chinese_renders_without_system_fonts(tmp_path):
    (tmp_path / "empty").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{tmp_path / 'empty'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>"
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(conf),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["before"] == "True"  # no font on this machine: both characters are boxes
    assert lines["after"].startswith("False")  # the bundled font draws them apart
    assert "WenQuanYi Micro Hei" in lines["after"]


def test_the_font_licence_ships_beside_it():
    from resources import CJK_FONT, CJK_FONT_LICENSE

    assert CJK_FONT.exists() and CJK_FONT_LICENSE.exists()
