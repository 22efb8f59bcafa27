"""Make the sample reports linked from the README, from the demo generator's data.

    python docs/samples/make_samples.py

Fills a temporary Alashankou post (24x7 rail and road port) with three demo
days (seed 7) ending at a fixed time, 2026-11-26 10:00 local, and writes the
report of that post's day shift of 2026-11-25 and its daily report of
2026-11-25, plus a PNG of each first page (``pdftoppm -r 70``).  The figures
come out the same on every run; the data hash in the footers does not,
because the demo's record ids are random UUIDv7s.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # this checkout's packages, not an installed copy

from sqlalchemy import select  # noqa: E402

from db.models import Shift  # noqa: E402
from desktop_app import demo, reports  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402

HERE = Path(__file__).resolve().parent
END = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 at Alashankou (UTC+8)
DAY = date(2026, 11, 25)
SEED = 7


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="samples-") as temp:
        desk = initialize(Path(temp), "ALS")
        demo.generate(desk, days=3, seed=SEED, end=END)
        day_shift_start = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 08:00 local
        with desk.read() as s:
            shift_id = s.scalar(select(Shift.id).where(Shift.actual_start == day_shift_start))
        assert shift_id is not None
        made = [
            reports.build_shift_report(
                desk, shift_id, HERE / "shift-report-ALS-2026-11-25-day.pdf"
            ),
            reports.build_daily_report(desk, DAY, HERE / "daily-report-ALS-2026-11-25.pdf"),
        ]
        desk.close()
    for result in made:
        png = result.path.with_suffix("")
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", result.path, png],
            check=True,
        )
        print(f"{result.path.name}: {result.pages} pages, data {result.data_hash}; {png.name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
