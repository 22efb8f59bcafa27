"""``python -m ui.screenshots`` renders every main screen in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from ui import screenshots


@pytest.mark.slow
def test_renders_every_screen_in_both_languages(qapp, tmp_path):
    written = screenshots.render(tmp_path, port="ALS", days=1)  # 24x7: a shift is open
    names = sorted(p.name for p in written)
    for language in ("zh_CN", "en"):
        for screen in ("first-run", "first-run-join", "login", "clearance", "lanes",
                       "forecasts", "shift", "reports", "close-out", "forecast-dialog",
                       "assign-dialog", "emergency", "sync", "sync-held", "forecast-hq", "roster",
                       "officer-dialog", "service-line"):  # fmt: skip
            assert any(n.startswith(language) and n.endswith(f"-{screen}.png") for n in names)
    for path in written:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 300
    # The window keeps the desk monitor's size in both languages on every main screen,
    # whatever the header shows (two lane groups on alert at once, for one).
    for path in written:
        if any(path.name.endswith(f"-{screen}.png") for screen in WHOLE_WINDOW):
            image = QImage(str(path))
            assert (image.width(), image.height()) == screenshots.SIZE, path.name


WHOLE_WINDOW = ("clearance", "lanes", "forecasts", "shift", "reports", "sync", "sync-held",
                "roster", "service-line")  # fmt: skip
