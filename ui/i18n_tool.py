"""Maintain the translations: ``python -m ui.i18n_tool update|check``.

``update`` runs Qt's ``lupdate`` over ``ui/`` into the two Linguist sources
(new strings arrive unfinished; Chinese is translated in Qt Linguist or the
``.ts`` file, English is the source text itself and is filled in here),
compiles both with ``lrelease`` and copies Qt's own ``qtbase_zh_CN.qm``
from PySide6.  ``check`` fails when a string is untranslated or a ``.qm``
is older than its ``.ts``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import PySide6

from resources import TRANSLATIONS_DIR

UI_DIR = Path(__file__).parent
PYSIDE_DIR = Path(PySide6.__file__).parent
CATALOGS = ("zh_CN", "en")


def ts_path(code: str) -> Path:
    return TRANSLATIONS_DIR / f"checkpoint_desk_{code}.ts"


def qm_path(code: str) -> Path:
    return TRANSLATIONS_DIR / f"checkpoint_desk_{code}.qm"


def sources() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py") if p.name != "i18n_tool.py")


def _tool(name: str) -> str:
    local = PYSIDE_DIR / name
    if local.exists():
        return str(local)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"Qt's {name} not found in {PYSIDE_DIR} or on PATH")
    return found


def lupdate() -> None:
    files = [str(p.relative_to(UI_DIR.parent)) for p in sources()]
    for code in CATALOGS:
        subprocess.run(
            [_tool("lupdate"), "-no-obsolete", "-locations", "none", *files,
             "-target-language", code, "-ts", str(ts_path(code))],
            check=True,
            cwd=UI_DIR.parent,
            capture_output=True,
        )  # fmt: skip


def fill_english() -> int:
    """English is the source language: its catalogue's translation is the source text."""
    path = ts_path("en")
    tree = ET.parse(path)
    filled = 0
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is not None and translation.get("type") == "unfinished":
            translation.text = source
            del translation.attrib["type"]
            filled += 1
    _write(tree, path)
    return filled


def _write(tree: ET.ElementTree[Any], path: Path) -> None:
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def lrelease() -> None:
    for code in CATALOGS:
        subprocess.run(
            [_tool("lrelease"), "-silent", str(ts_path(code)), "-qm", str(qm_path(code))],
            check=True,
        )
    qt_zh = PYSIDE_DIR / "Qt" / "translations" / "qtbase_zh_CN.qm"
    shutil.copyfile(qt_zh, TRANSLATIONS_DIR / "qtbase_zh_CN.qm")


def unfinished(code: str) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts_path(code)).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not (translation.text or "").strip()
            ):
                missing.append((name, message.findtext("source") or ""))
    return missing


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        TRANSLATIONS_DIR.mkdir(parents=True, exist_ok=True)
        lupdate()
        print(f"English: {fill_english()} new strings filled from the source")
        lrelease()
    for code in CATALOGS:
        missing = unfinished(code)
        print(f"{code}: {len(missing)} untranslated")
        for context, source in missing[:50]:
            print(f"  [{context}] {source}")
    return 1 if any(unfinished(code) for code in CATALOGS) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
