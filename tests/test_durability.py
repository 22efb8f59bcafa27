"""Kill a writer with SIGKILL mid-stream: everything it reported as committed is still there.

Like SQLite's own crash tests: each change either completed or rolled back,
and the file passes ``PRAGMA integrity_check`` afterwards.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from db.enums import ClearanceStep
from desktop_app.desk import Desk
from desktop_app.paths import database_path
from tests.conftest import Clock, make_post
from tests.helpers import raw_db

ROOT = Path(__file__).resolve().parents[1]


def run_and_kill(data_dir: Path, prefix: str, after_lines: int) -> list[tuple[str, str]]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.record_loop", str(data_dir), "2001", prefix],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    reported: list[tuple[str, str]] = []
    while len(reported) < after_lines:  # a stuck writer ends in pytest's timeout
        line = child.stdout.readline()
        if not line:
            pytest.fail(f"writer died early: {child.stderr.read() if child.stderr else ''}")
        clearance_id, step = line.split()
        reported.append((clearance_id, step))
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)  # lines already in the pipe were committed too
    reported += [tuple(line.split()) for line in rest.splitlines() if line.strip()]  # type: ignore[misc]
    assert child.returncode == -signal.SIGKILL
    return reported


@pytest.mark.slow
def test_sigkill_loses_nothing_reported_and_leaves_a_sound_file(tmp_path: Path) -> None:
    post = make_post(tmp_path / "post", Clock())
    post.desk.close()
    rng = random.Random(2024)
    reported: list[tuple[str, str]] = []
    for round_ in range(4):
        reported += run_and_kill(post.path, f"K{round_}-", rng.randint(20, 400))

    path = database_path(post.path)
    conn = raw_db.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = {
        (uuid.UUID(hex=cid).hex, step)
        for cid, step in conn.execute("SELECT clearance_id, step FROM clearance_events")
    }
    # Every fact has its outbox entry: no commit carried one without the other.
    orphans = conn.execute(
        "SELECT count(*) FROM clearance_events e LEFT JOIN outbox o ON o.record_id = e.id "
        "WHERE o.seq IS NULL"
    ).fetchone()[0]
    conn.close()

    missing = [(cid, step) for cid, step in reported if (uuid.UUID(cid).hex, step) not in stored]
    print(f"reported committed: {len(reported)}, stored: {len(stored)}, missing: {len(missing)}")
    assert missing == []
    assert orphans == 0
    assert len(stored) >= len(reported)

    # The database opens normally afterwards and the service layer still agrees.
    desk = Desk.open(post.path)
    try:
        with desk.read() as s:
            from db.queries import effective_steps

            last = uuid.UUID(reported[-1][0])
            assert ClearanceStep.JOINED in effective_steps(s, last)
    finally:
        desk.close()
