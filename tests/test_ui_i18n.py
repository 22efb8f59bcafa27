"""Both languages complete, catalogues compiled from their sources, rules translated."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget

from db.enums import ClearanceStep
from desktop_app.errors import RULES, RuleViolation
from resources import TRANSLATIONS_DIR
from ui import i18n, i18n_tool, labels
from ui.app import language_for
from ui.testing import Desktop, make_desk
from ui.widgets.clearance import Recent

CJK = re.compile(r"[\u4e00-\u9fff]")


def messages(path: Path) -> dict[tuple[str, str], str]:
    found = {}
    for context in ET.parse(path).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message.findtext("translation") or ""
    return found


def test_every_string_is_translated_in_both_languages():
    assert i18n_tool.unfinished("zh_CN") == []
    assert i18n_tool.unfinished("en") == []
    zh = messages(i18n_tool.ts_path("zh_CN"))
    assert set(zh) == set(messages(i18n_tool.ts_path("en")))
    # Chinese is a translation, not a copy of the English (codes like "P50" excepted).
    copies = [key for key, text in zh.items() if text == key[1] and CJK.search(key[1]) is None]
    assert [k for k in copies if not re.fullmatch(r"[#A-Z0-9 :\[\]+,.{}\\-]*", k[1])] == []


def test_catalogues_match_the_sources_and_are_compiled(tmp_path, monkeypatch):
    """lupdate over ui/ finds no new string, and lrelease gives the committed .qm."""
    for code in i18n_tool.CATALOGS:
        (tmp_path / f"checkpoint_desk_{code}.ts").write_bytes(i18n_tool.ts_path(code).read_bytes())
    monkeypatch.setattr(i18n_tool, "TRANSLATIONS_DIR", tmp_path)
    i18n_tool.lupdate()
    for code in i18n_tool.CATALOGS:
        fresh = messages(tmp_path / f"checkpoint_desk_{code}.ts")
        committed = messages(TRANSLATIONS_DIR / f"checkpoint_desk_{code}.ts")
        assert set(fresh) == set(committed), f"run `python -m ui.i18n_tool update` ({code})"
    i18n_tool.lrelease()
    for code in i18n_tool.CATALOGS:
        built = (tmp_path / f"checkpoint_desk_{code}.qm").read_bytes()
        assert built == (TRANSLATIONS_DIR / f"checkpoint_desk_{code}.qm").read_bytes()
    assert (TRANSLATIONS_DIR / "qtbase_zh_CN.qm").stat().st_size > 10_000


@pytest.fixture
def zh_translator(qapp):
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "checkpoint_desk_zh_CN.qm"))
    return translator


def test_every_rule_code_is_translated_with_its_placeholders(zh_translator):
    assert set(i18n.RULE_TEXT) == set(RULES)
    for code, source in i18n.RULE_TEXT.items():
        assert i18n.placeholders(source) == i18n.placeholders(RULES[code]), code
        chinese = zh_translator.translate("Rules", source)
        assert chinese and chinese != source, code
        assert i18n.placeholders(chinese) == i18n.placeholders(source), code


def test_every_label_is_translated(zh_translator):
    for context, source in labels.all_sources():
        assert zh_translator.translate(context, source) not in ("", source), (context, source)


def test_rule_messages_translate_their_details(qapp):
    language = language_for(qapp, "zh_CN")
    violation = RuleViolation(
        "subject_kind", "lane_subjects", lane="P-IN-1", subjects="persons", subject_kind="vehicle"
    )
    assert i18n.rule_message(violation) == "通道 P-IN-1 受理旅客，不受理车辆"
    assert i18n.describe(violation) == "对象：通道 P-IN-1 受理旅客，不受理车辆"
    missing = RuleViolation("checklist", "checklist_incomplete", missing="equipment, oxygen_kit")
    names = {"equipment": "设备检查", "oxygen_kit": "应急药品与供氧设备"}
    expected = "以下检查项尚无结果：设备检查、应急药品与供氧设备"
    assert i18n.rule_message(missing, names=names) == expected
    language.set("en")
    assert i18n.rule_message(violation) == "lane P-IN-1 takes Travellers, not Vehicle"
    assert QCoreApplication.translate("Rules", "is required") == "is required"
    language.set("zh_CN")


def visible_texts(widget):
    texts = []
    for child in widget.findChildren(QLabel):
        if child.isVisible() and child.text():
            texts.append(child.text())
    for child in widget.findChildren(QAbstractButton):
        if child.isVisible() and child.text():
            texts.append(child.text())
    for child in widget.findChildren(QGroupBox):
        if child.isVisible() and child.title():
            texts.append(child.title())
    for tabs in widget.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return texts


def test_switching_language_at_run_time(qtbot, tmp_path):
    desk, _roster = make_desk(tmp_path / "post")
    ui = Desktop(desk, wait=lambda p: qtbot.waitUntil(p, timeout=10_000))
    qtbot.addWidget(ui.window)
    try:
        ui.sign_in("1001")
        ws = ui.workspace
        english_sources = {source for _ctx, source in messages(i18n_tool.ts_path("en"))}
        zh = messages(i18n_tool.ts_path("zh_CN"))
        untranslated = {s for (_c, s), t in zh.items() if t != s}
        for index in range(ws.tabs.count()):
            ws.tabs.setCurrentIndex(index)
            ui.idle()
            leftovers = [t for t in visible_texts(ui.window) if t in untranslated]
            assert leftovers == [], f"English left on screen {index}: {leftovers}"
        assert ws.header.sign_out.text() == "退出登录"

        qtbot.mouseClick(ws.header.language, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: ui.ctx.language.code == "en")
        assert ws.header.sign_out.text() == "Sign out"
        assert ws.header.language.text() == "中文"
        for index in range(ws.tabs.count()):
            ws.tabs.setCurrentIndex(index)
            ui.idle()
            # Officer names are data (and Chinese); everything else is English now.
            chinese = [
                t
                for t in visible_texts(ui.window)
                if CJK.search(t) and "何锐" not in t and t != "中文"  # the switch back
            ]
            assert chinese == [], f"Chinese left on screen {index}: {chinese}"
        assert english_sources  # the catalogue was read

        # Qt's own strings follow: the undo dialog's standard buttons.
        ui.language.set("zh_CN")
        ws.tabs.setCurrentWidget(ws.clearance)
        ws.clearance.recent.appendleft(
            Recent(ui.ctx.now(), "X1", uuid.uuid4(), ClearanceStep.JOINED)
        )
        ws.clearance.undo_last()
        dialog = ws.clearance.undo_dialog
        qtbot.waitUntil(dialog.isVisible)
        assert "确定" in dialog.buttons.button(dialog.buttons.StandardButton.Ok).text()
        dialog.reject()
    finally:
        ui.close()
