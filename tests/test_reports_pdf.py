"""Generated PDFs, read back: headings, key figures, footers, reproducible bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from test_reports_dataset import DAY2, build_dataset, utc

from desktop_app import clearance, reports
from desktop_app.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    made = build_dataset(tmp_path_factory.mktemp("reports") / "post")
    yield made
    made.post.desk.close()


def text_of(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def flat(pages: list[str]) -> str:
    # Table cells and wrapped lines come back with line breaks and spaces.
    return "".join("".join(pages).split())


@pytest.fixture(scope="module")
def shift_pdf(data, tmp_path_factory) -> tuple[Path, reports.ReportResult]:
    path = tmp_path_factory.mktemp("pdf") / "shift-a.pdf"
    return path, reports.build_shift_report(data.post.desk, data.shift_a, path)


def test_shift_report_reads_back_in_chinese(shift_pdf):
    path, result = shift_pdf
    pages = text_of(path)
    assert len(pages) == result.pages >= 3
    body = flat(pages)
    for heading in (
        "吐尔尕特口岸执勤班次报告",
        "吐尔尕特出入境边防检查站",
        "一、通关量",
        "二、候检与通关时间",
        "三、通道开放与通行效率",
        "四、预报与实际到达",
        "五、特殊通道",
        "六、候检预警",
        "七、执勤安排",
        "八、预判建议",
        "九、优先通关审批",
        "十、勤前检查",
        "十一、数据同步状态",
        "十二、超过目标的等候",
        "十三、交接班与签字",
        "交班副队长（签字）",
    ):
        assert heading in body, heading
    # Citizens' waits 2, 5, 20, 35, 45 and Q007 still waiting at the close (420 min so far):
    # P50 27.5, P90 232.5, P95 326.25 (printed half up: 326.3), max 420, half within 30 min.
    assert "中国公民6≥27.5≥232.5≥326.3≥420.050.0%" in body  # the citizens' wait row
    assert "共3人/次超过目标。其中1人/次截至数据时间仍在等候" in body
    assert "Q003" in body and "Q006" in body and "Q007" in body and "仍在等候" in body
    assert "四舍五入" in body  # the rounding rule, on the page
    assert "数据截至2026-03-1108:00" in body
    assert "2026-03-1020:00–03-1108:00" in body  # shift times in the port's zone
    assert "跨日" in body
    assert "高原反应" in body and "吸氧，医务室观察" in body
    assert "急救药品运输车辆" in body and "李成龙（1002）" in body
    assert "<待更换>&交接完毕" in body  # handover notes, escaped not parsed as markup
    assert "不合格" in body  # the re-checked equipment


def test_every_page_has_header_and_footer(shift_pdf):
    path, result = shift_pdf
    pages = text_of(path)
    for number, page in enumerate(pages, start=1):
        squashed = "".join(page.split())
        assert f"第{number}页/共{len(pages)}页" in squashed
        assert f"数据校验{result.data_hash}" in squashed
        assert "吐尔尕特（TRG）" in squashed
        assert "期间2026-03-1020:00–03-1108:00" in squashed
        assert "生成于2026-03-1108:00" in squashed  # derived from the data: the close
        assert "CheckpointDesk版本0.1.0" in squashed


def test_pdf_metadata_and_embedded_font(shift_pdf):
    path, result = shift_pdf
    reader = PdfReader(path)
    assert reader.metadata.title == "吐尔尕特口岸执勤班次报告"
    assert result.data_hash in reader.metadata.subject
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/FontDescriptor" in font and "/FontFile2" in font["/FontDescriptor"]:
                embedded.add(str(font["/BaseFont"]))
    assert embedded and all("WenQuanYiMicroHei" in f for f in embedded)
    with pdfplumber.open(path) as pdf:  # every character drawn is set in the embedded font
        used = {char["fontname"] for page in pdf.pages for char in page.chars}
    assert used and all("WenQuanYiMicroHei" in f for f in used)
    assert result.final
    assert result.generated_at == utc(11, 0)


def test_same_data_same_bytes(data, tmp_path):
    desk = data.post.desk
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    reports.build_shift_report(desk, data.shift_a, one)
    reports.build_shift_report(desk, data.shift_a, two)
    assert one.read_bytes() == two.read_bytes()
    day_one, day_two = tmp_path / "d1.pdf", tmp_path / "d2.pdf"
    reports.build_daily_report(desk, DAY2, day_one, "en")
    reports.build_daily_report(desk, DAY2, day_two, "en")
    assert day_one.read_bytes() == day_two.read_bytes()


def test_same_bytes_from_another_process(data, tmp_path):
    """Nothing depends on the process: not string hashing, not the clock."""
    here = tmp_path / "here.pdf"
    reports.build_shift_report(data.post.desk, data.shift_a, here)
    there = tmp_path / "there.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--data-dir",
            str(data.post.path),
            "report",
            "shift",
            "--id",
            str(data.shift_a),
            "--out",
            str(there),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert there.read_bytes() == here.read_bytes()


def test_a_correction_after_the_close_makes_an_amended_report(tmp_path):
    data = build_dataset(tmp_path / "post")
    try:
        desk = data.post.desk
        before = reports.build_shift_report(desk, data.shift_b, tmp_path / "before.pdf")
        assert not before.amended and before.signed_hash == before.data_hash
        c9 = reports.shift_figures(desk, data.shift_b).snapshot.clearances[0]
        clearance.correct(
            desk,
            event_id=c9.started_event_id,
            by=data.post.deputy.id,
            reason="time keyed wrong",
            at=utc(11, 1, 20),
        )
        after = reports.build_shift_report(desk, data.shift_b, tmp_path / "after.pdf")
        assert after.amended and after.signed_hash == before.data_hash
        assert before.data_hash != after.data_hash
        pages = text_of(tmp_path / "after.pdf")
        assert all("更正版" in "".join(page.split()) for page in pages)  # on every page
        body = flat(pages)
        assert "20.0" in body  # the corrected wait
        assert f"签字版数据校验{before.data_hash}" in body
        assert "Q009开始查验2026-03-1109:40" in body  # signed value
        assert "2026-03-1109:20" in body and "timekeyedwrong" in body  # amended, and why
        # What was signed prints as it was, byte for byte.
        again = reports.build_shift_report(
            desk, data.shift_b, tmp_path / "signed.pdf", version="signed"
        )
        assert again.path.read_bytes() == (tmp_path / "before.pdf").read_bytes()
    finally:
        data.post.desk.close()


def test_english_daily_report(data, tmp_path):
    path = tmp_path / "day.pdf"
    result = reports.build_daily_report(data.post.desk, DAY2, path, "en")
    body = " ".join(" ".join(text_of(path)).split())
    assert "Torugart — Daily report" in body
    assert "1. 7-day trend" in body and "2. Volumes" in body and "7. Queue alerts" in body
    assert "12. Waits over target" in body and "10. The 12367 service line" in body
    assert f"Page 1 of {result.pages}" in body
    assert f"data {result.data_hash}" in body
    assert "crosses midnight" in body
    assert "Duty leader (signature)" in body
    # C6 45, C7 still waiting, C9 40; the vehicle C10 waited 31, within Torugart's 45 for vehicles
    assert "3 waits over target. 1 of them was still waiting at the as-of time" in body
    assert "rounded half up" in body


def test_empty_and_only_breach_shifts_render(data, tmp_path):
    empty = reports.build_shift_report(data.post.desk, data.shift_c, tmp_path / "c.pdf")
    body = flat(text_of(empty.path))
    assert "本期无数据" in body and "本期无超过目标的等候" in body
    breaches = reports.build_shift_report(data.post.desk, data.shift_b, tmp_path / "b.pdf")
    body = flat(text_of(breaches.path))
    assert "共1人/次超过目标" in body and "Q009" in body
    english = reports.build_shift_report(data.post.desk, data.shift_b, tmp_path / "b.pdf", "en")
    assert "1 wait over target." in " ".join(" ".join(text_of(english.path)).split())


def test_progress_is_reported_and_cancelling_leaves_nothing(data, tmp_path):
    seen: list[tuple[float, str]] = []
    path = tmp_path / "shift.pdf"
    reports.build_shift_report(
        data.post.desk, data.shift_a, path, progress=lambda f, s: seen.append((f, s))
    )
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {s for _, s in seen} >= {"reading", "computing", "layout", "writing", "done"}

    class Cancelled(Exception):
        pass

    def cancel(fraction: float, stage: str) -> None:
        if stage == "writing":
            raise Cancelled

    good = path.read_bytes()
    with pytest.raises(Cancelled):
        reports.build_shift_report(data.post.desk, data.shift_b, path, progress=cancel)
    assert path.read_bytes() == good  # the earlier report is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["shift.pdf"]  # no temporary left


def test_built_on_a_worker_thread(data, tmp_path):
    results: list[reports.ReportResult] = []
    worker = threading.Thread(
        target=lambda: results.append(
            reports.build_daily_report(data.post.desk, DAY2, tmp_path / "day.pdf")
        )
    )
    worker.start()
    worker.join(60)
    assert results and results[0].path.stat().st_size > 10_000


def test_unknown_language_is_refused(data, tmp_path):
    with pytest.raises(ValueError, match="lang"):
        reports.build_shift_report(data.post.desk, data.shift_a, tmp_path / "x.pdf", "fr")  # type: ignore[arg-type]


def test_cli(data, tmp_path, capsys):
    data_dir = str(data.post.path)
    out = tmp_path / "latest.pdf"
    assert main(["--data-dir", data_dir, "report", "shift", "--latest", "--out", str(out)]) == 0
    assert "shift report written" in capsys.readouterr().out
    # the latest closed shift is C, the empty one
    same = reports.build_shift_report(data.post.desk, data.shift_c, tmp_path / "c.pdf")
    assert out.read_bytes() == same.path.read_bytes()
    assert "执勤二队" in flat(text_of(out))
    day = tmp_path / "day.pdf"
    code = main(
        ["--data-dir", data_dir, "report", "daily", "--date", "2026-03-11", "--out", str(day)]
    )
    assert code == 0 and day.exists()
    missing = "01900000-0000-7000-8000-000000000000"
    code = main(["--data-dir", data_dir, "report", "shift", "--id", missing, "--out", str(out)])
    assert code == 2 and "no shift" in capsys.readouterr().err


def test_every_page_of_a_provisional_report_says_so(post, tmp_path, data):
    """Pages of a printed report get separated: each one of an open shift's says provisional."""
    result = reports.build_shift_report(post.desk, post.shift.id, tmp_path / "open.pdf")
    assert not result.final
    pages = text_of(result.path)
    assert len(pages) >= 2
    for page in pages:
        assert "临时数据" in "".join(page.split())
    english = reports.build_shift_report(post.desk, post.shift.id, tmp_path / "en.pdf", "en")
    assert all("PROVISIONAL" in page for page in text_of(english.path))
    closed = reports.build_shift_report(data.post.desk, data.shift_b, tmp_path / "closed.pdf")
    assert closed.final
    assert not any("临时数据" in "".join(page.split()) for page in text_of(closed.path))
