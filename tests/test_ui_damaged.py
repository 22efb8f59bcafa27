"""The desktop app on a database it cannot use: it says so in words, in the current
language, names the file, and leaves it as it is."""

from __future__ import annotations

import pytest

from ui.app import language_for
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.taskman import TaskManager


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_damaged_database_is_named_on_the_start_page(qtbot, qapp, tmp_path, language):
    data_dir = tmp_path / "post"
    data_dir.mkdir()
    database = data_dir / "desk.sqlite3"
    database.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)  # a garbled header
    before = database.read_bytes()
    ctx = AppContext(TaskManager(), language_for(qapp, language))
    window = MainWindow(ctx, data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: str(database) in window.starting.text())
        text = window.starting.text()
        lead = "验证台软件无法使用本站的数据库" if language == "zh_CN" else "cannot use this post"
        assert lead in text and "is damaged" in text
        assert window.stack.currentWidget() is window.starting
    finally:
        window.close()
        ctx.close()
    assert database.read_bytes() == before
