"""The About box shows the one version of the app, in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.version import __version__
from ui.dialogs.about_dialog import AboutDialog
from ui.testing import PIN, Desktop


@pytest.fixture
def desktop(qtbot, post):
    ui = Desktop(post.desk, wait=lambda p: qtbot.waitUntil(p, timeout=10_000))
    qtbot.addWidget(ui.window)
    ui.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ui.window)
    ui.sign_in(post.officer.badge_no, PIN)
    yield ui
    ui.close()


def test_about_box_shows_the_version_port_and_font_licence(qtbot, desktop):
    desktop.workspace.header.about.click()
    qtbot.waitUntil(lambda: isinstance(desktop.window.dialog, AboutDialog))
    dialog = desktop.window.dialog
    assert __version__ in dialog.title.text()
    assert "TRG" in dialog.details.text()
    assert "文泉驿" in dialog.details.text()
    desktop.window.toggle_language()
    qtbot.waitUntil(lambda: "WenQuanYi" in dialog.details.text())
    assert dialog.windowTitle() == "About Checkpoint Desk"
    dialog.close()
