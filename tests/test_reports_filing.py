"""Reports filed in the post's reports/ folder: clear names, a final report never overwritten."""

from __future__ import annotations

import uuid

import pytest
from test_reports_dataset import DAY1, DAY2, build_dataset, utc

from desktop_app import clearance, reports
from desktop_app.paths import reports_dir
from desktop_app.reports import ReportNotFound
from desktop_app.reports.filing import Filed, file_daily_report, file_shift_report


@pytest.fixture
def data(tmp_path):
    made = build_dataset(tmp_path / "post")
    yield made
    made.post.desk.close()


def files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_names_say_port_period_and_language(data):
    desk = data.post.desk
    folder = reports_dir(data.post.path)
    shift = file_shift_report(desk, data.shift_a, "zh")
    # Shift A began 20:00 on the 10th, port time (12:00 UTC).
    assert shift.path == folder / "shift-report-TRG-2026-03-10-2000-zh.pdf"
    assert shift.filed == Filed.NEW and shift.result.path == shift.path
    assert shift.result.final and shift.result.pages >= 3
    day = file_daily_report(desk, DAY1, "en")
    assert day.path.name == "daily-report-TRG-2026-03-10-en.pdf"
    assert files(folder) == [day.path.name, shift.path.name]  # no temporary left


def test_a_closed_shift_is_never_overwritten(data):
    desk = data.post.desk
    first = file_shift_report(desk, data.shift_b)
    saved = first.path.read_bytes()
    again = file_shift_report(desk, data.shift_b)
    # Reproducible: the same data gives the same bytes, so the saved file is simply kept.
    assert again.filed == Filed.IDENTICAL and again.path == first.path
    assert first.path.read_bytes() == saved
    line = reports.shift_figures(desk, data.shift_b).snapshot.clearances[0]
    clearance.correct(
        desk,
        event_id=line.started_event_id,
        by=data.post.deputy.id,
        reason="time keyed wrong",
        at=utc(11, 1, 20),
    )
    changed = file_shift_report(desk, data.shift_b)
    # A correction after the close: an amended report, a new file beside the signed one.
    assert changed.filed == Filed.AMENDED and changed.existing == first.path
    assert changed.result.amended and changed.result.signed_hash == first.result.data_hash
    assert first.path.read_bytes() == saved  # the signed report is still there, untouched
    assert changed.path.name == (
        f"shift-report-TRG-2026-03-11-0800-zh-amended-{changed.result.data_hash}.pdf"
    )
    assert file_shift_report(desk, data.shift_b).filed == Filed.IDENTICAL  # found beside it
    assert len(files(first.path.parent)) == 2


def test_an_amended_report_files_the_signed_one_too(data):
    """Corrected before anyone filed the report: both go to the folder, never only one."""
    desk = data.post.desk
    line = reports.shift_figures(desk, data.shift_a).snapshot.clearances[0]
    clearance.correct(
        desk,
        event_id=line.started_event_id,
        by=data.post.deputy.id,
        reason="typo",
        at=utc(10, 12, 14),
    )
    amended = file_shift_report(desk, data.shift_a, "en")
    assert amended.filed == Filed.AMENDED
    assert amended.existing.name == "shift-report-TRG-2026-03-10-2000-en.pdf"
    assert amended.existing.exists()
    assert files(amended.path.parent) == sorted([amended.existing.name, amended.path.name])


def test_a_provisional_report_is_replaced_by_the_next(data):
    desk, clock = data.post.desk, data.post.clock
    clock.at = utc(11, 2)  # 10:00 on the 11th, port time: the day is not over
    try:
        first = file_daily_report(desk, DAY2)
        assert not first.result.final
        assert first.path.name == "daily-report-TRG-2026-03-11-zh-provisional.pdf"
        clock.at = utc(11, 3)
        second = file_daily_report(desk, DAY2)
        assert second.filed == Filed.REPLACED and second.path == first.path
    finally:
        clock.at = utc(12, 1)
    final = file_daily_report(desk, DAY2)
    assert final.result.final and final.filed == Filed.NEW
    assert final.path.name == "daily-report-TRG-2026-03-11-zh.pdf"


def test_cancelled_or_unknown_leaves_nothing(data):
    desk = data.post.desk
    folder = reports_dir(data.post.path)

    class Cancelled(Exception):
        pass

    def cancel(fraction, stage):
        if stage == "writing":
            raise Cancelled

    with pytest.raises(Cancelled):
        file_shift_report(desk, data.shift_a, progress=cancel)
    assert files(folder) == []
    with pytest.raises(ReportNotFound):
        file_shift_report(desk, uuid.uuid4())
    assert files(folder) == []
