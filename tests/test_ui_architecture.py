"""The house rules that a grep can check: Qt stays inside ui/."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|PyQt\d)", re.M)


def test_nothing_outside_ui_imports_qt():
    offenders = []
    for package in ("desktop_app", "db", "hq", "migrations", "resources"):
        for path in (ROOT / package).rglob("*.py") if (ROOT / package).exists() else []:
            if QT_IMPORT.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_cli_imports_the_ui_lazily():
    text = (ROOT / "desktop_app" / "cli.py").read_text(encoding="utf-8")
    top_level = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert not any(line.split()[1].split(".")[0] == "ui" for line in top_level)
