"""Every message the console shows has its Chinese, and the catalogue holds nothing unused."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from hq.console import i18n

PACKAGE = Path(i18n.__file__).parent
# t("…"), t('…') and t(\n "…" ) in templates; in Python, the first argument of a t(...) call.
TEMPLATE_CALL = re.compile(r"""\bt\(\s*(["'])((?:(?!\1).)+)\1""", re.S)


def messages() -> set[str]:
    found: set[str] = set()
    for path in (PACKAGE / "templates").glob("*.html"):
        found |= {m.group(2) for m in TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8"))}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    found |= set(i18n.WORDS.values()) | set(i18n.RULES.values())
    return found


def test_every_message_has_its_chinese_and_no_entry_is_unused():
    catalogue = i18n.catalogue()
    used = messages()
    assert sorted(used - set(catalogue)) == []
    assert sorted(set(catalogue) - used) == []
    assert all(catalogue[m].strip() for m in used)


def test_placeholders_survive_translation():
    fields = re.compile(r"{(\w*)}")
    for source, chinese in i18n.catalogue().items():
        assert sorted(fields.findall(source)) == sorted(fields.findall(chinese)), source


def test_numbers_and_times_read_the_same_in_both_languages():
    zh, en = i18n.Translator("zh"), i18n.Translator("en")
    assert zh.wait(95.4) == en.wait(95.4) == "1:35"
    assert zh.wait(3725) == "1:02:05"
    assert zh.share(0.9731) == "97.3%"
    assert en.word("chinese_citizen") == "Chinese citizens"
    assert zh.word("chinese_citizen") == "中国公民"
    assert zh.rule("too_long", limit=40) == "最多 40 个字符"
