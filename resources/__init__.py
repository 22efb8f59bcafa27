"""Files the app ships with: reference data, fonts, translations, icons.

A package so that its folder can be found the same way from a source tree,
an installed wheel and a PyInstaller bundle.
"""

from pathlib import Path

RESOURCES_DIR = Path(__file__).parent
REFERENCE_DIR = RESOURCES_DIR / "reference"
FONTS_DIR = RESOURCES_DIR / "fonts"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
ICONS_DIR = RESOURCES_DIR / "icons"

# WenQuanYi Micro Hei (Apache-2.0 or GPL-3+ with font exception; licence beside
# it): Chinese renders on machines with no CJK fonts, in the UI and the PDFs.
CJK_FONT = FONTS_DIR / "wqy-microhei.ttc"
CJK_FONT_LICENSE = FONTS_DIR / "wqy-microhei.LICENSE.txt"
