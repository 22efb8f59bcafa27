"""The redacted report, for copies that leave the post: every traveller reference masked."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from test_reports_dataset import build_dataset

from desktop_app import reports
from desktop_app.cli import main
from desktop_app.reports import filing
from desktop_app.reports.redact import mask


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    made = build_dataset(tmp_path_factory.mktemp("reports") / "post")
    yield made
    made.post.desk.close()


def text_of(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join("".join((page.extract_text() or "") for page in pdf.pages).split())


def references(data) -> list[str]:
    """Every traveller reference the post holds: clearances, forecasts, approvals, emergencies."""
    from sqlalchemy import text

    queries = [
        "SELECT reference FROM clearance_events WHERE reference != ''",
        "SELECT reference FROM forecasts WHERE reference != ''",
        "SELECT subject_ref FROM priority_approvals WHERE subject_ref != ''",
        "SELECT subject_ref FROM emergency_passages WHERE subject_ref != ''",
    ]
    with data.post.desk.read() as s:
        return sorted({r for q in queries for r in s.execute(text(q)).scalars().all()})


def test_mask_keeps_the_ends_only():
    assert mask("E482123470") == "E482****70"
    assert mask("G12345678") == "G12****78"
    assert mask("粤B12345") == "粤B****5"
    assert mask("K9797") == "K***7"
    assert mask("1234") == "****"
    for reference in ("E482123470", "G12345678", "K9797", "AB1234CD"):
        masked = mask(reference)
        assert len(masked) == len(reference) and masked != reference
        assert masked.count("*") >= 2 * len(reference) // 5


def test_a_redacted_report_prints_no_reference_in_full(data, tmp_path):
    full = tmp_path / "full.pdf"
    masked = tmp_path / "masked.pdf"
    plain = reports.build_shift_report(data.post.desk, data.shift_a, full, "en")
    redacted = reports.build_shift_report(data.post.desk, data.shift_a, masked, "en", redact=True)
    full_text, masked_text = text_of(full), text_of(masked)
    printed = [r for r in references(data) if r in full_text]
    assert printed, "the full report prints references (or this test proves nothing)"
    assert [r for r in printed if r in masked_text] == []
    assert all(mask(r) in masked_text for r in printed)
    assert "REFERENCESMASKED" in masked_text and "REFERENCESMASKED" not in full_text
    # The same data: the copy names the original's data hash.
    assert redacted.data_hash == plain.data_hash and redacted.pages == plain.pages


def test_filed_and_from_the_command_line(data, tmp_path, capsys):
    filed = filing.file_shift_report(
        data.post.desk, data.shift_a, "zh", folder=tmp_path, redact=True
    )
    assert filed.path.name.endswith("-redacted.pdf") or "-redacted-" in filed.path.name
    assert "编号已遮蔽" in text_of(filed.path)
    out = tmp_path / "shift.pdf"
    args = ["--data-dir", str(data.post.path), "report", "shift", "--id", str(data.shift_a)]
    assert main([*args, "--out", str(out), "--lang", "en", "--redact"]) == 0
    assert "REFERENCESMASKED" in text_of(out)
