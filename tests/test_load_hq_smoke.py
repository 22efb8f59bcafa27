"""The HQ load generator at a small scale, so that it cannot rot (the real run is bench/).

A few enrolled posts push their backlog at once to HQ served by two worker
processes on PostgreSQL, and pull: every push is acknowledged, nothing is
lost, and every HQ process is found and measured.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import load_hq  # noqa: E402


def test_a_few_posts_at_once_on_two_workers(pg_server_url: str, tmp_path: Path) -> None:
    # One push at a time per worker: a push HQ defers is sent again after Retry-After.
    [report] = load_hq.load(
        pg_server_url, posts=3, records=700, workers=2, pull_pages=1, work=tmp_path, limits=(1,)
    )
    r = report.results
    assert r.errors == []
    assert report.lost == 0
    # Every post sent its backlog in batches of at most 500 and HQ acknowledged each
    # (the deferred ones once sent again).
    assert len(r.push_s) == 3 * 2 and r.stored >= 3 * 700
    assert len(r.pull_s) == 3
    assert report.processes >= 3 and report.rss_peak_mb >= report.rss_start_mb > 0
