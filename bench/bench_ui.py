"""The desktop UI: start-up to the main window shown, and keystroke to committed.

1. Start-up.  Each run is a fresh Python process, timed by this process
   from launch to the child's report that its main window received its
   first paint.  The baseline is a bare PySide6 QMainWindow started the
   same way, in the same run (runs alternate, so both see the same disk
   cache and load).  The app's figure is ``checkpoint-desk``'s own
   start-up (``ui.app.build`` + ``show`` + ``start``) on a real post; its
   second figure, "sign-in ready", is when the desk is open on the worker
   and the badge field takes input; the third, when the screens behind the
   sign-in are built too (their code is imported on the worker while the
   sign-in page shows).  Target: shown ≤ 2× bare.

2. Keystroke to committed.  The real main window, offscreen, an officer
   signed in on an open lane.  For each traveller: the reference is typed,
   then Enter (joined), F5 (service started), F6 (cleared) are each timed
   from just before the key event is sent to when the UI thread receives
   the desk's change signal for that commit (the worker committed, with
   ``synchronous=FULL``, and the queued signal crossed back).  The UI
   thread waits in a Qt event loop, as it does at the desk.  Also shown:
   how much of it is the worker's (key to commit on the worker thread).
   Target: median ≤ 20 ms.

    QT_QPA_PLATFORM=offscreen python bench/bench_ui.py [--runs 7] [--travellers 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                print("shown", flush=True)
                app.quit()
            return False

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1366, 768)
    painted = FirstPaint()
    window.installEventFilter(painted)
    window.show()
    app.exec()
    """
)

APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject, QTimer
    from ui.app import build

    class FirstPaint(QObject):
        done = False
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                print("shown", flush=True)
            return False

    app, ctx, window = build(Path(sys.argv[1]))
    painted = FirstPaint()
    window.installEventFilter(painted)
    window.show()
    window.start()

    def changed(_index):
        # The sign-in page is current: print once it has been through the event loop.
        if window.login is not None and window.stack.currentWidget() is window.login:
            QTimer.singleShot(0, done)

    def done():
        print("ready", flush=True)
        built()

    def built():
        # The screens are built after the sign-in page shows (the officer types the
        # badge meanwhile): say when, too.
        if window.workspace is None:
            QTimer.singleShot(10, built)
            return
        print("workspace", flush=True)
        app.quit()

    window.stack.currentChanged.connect(changed)
    app.exec()
    ctx.close()
    """
)


def run_child(code: str, *args: str) -> dict[str, float]:
    """Seconds from launch to each line the child prints."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    marks: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        marks.setdefault(line.strip(), time.perf_counter() - start)
    child.wait(timeout=60)
    return marks


def bench_startup(runs: int, data_dir: Path) -> tuple[float, float, float, float]:
    bare, shown, ready, workspace = [], [], [], []
    run_child(BARE)  # warm the disk cache for both
    run_child(APP, str(data_dir))
    for _ in range(runs):
        bare.append(run_child(BARE)["shown"])
        marks = run_child(APP, str(data_dir))
        shown.append(marks["shown"])
        ready.append(marks["ready"])
        workspace.append(marks["workspace"])
    return (
        statistics.median(bare),
        statistics.median(shown),
        statistics.median(ready),
        statistics.median(workspace),
    )


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def bench_keys(travellers: int, data_dir: Path) -> dict[str, tuple[list[float], list[float]]]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    from desktop_app import lanes, shifts
    from desktop_app.demo import open_ready_shift
    from ui.testing import PIN, Desktop, make_desk

    desk, roster = make_desk(data_dir)
    now = desk.now()
    team = shifts.duty_teams(desk)[0]
    open_ready_shift(
        desk,
        team_id=team.id,
        start=now - timedelta(minutes=5),
        end=now + timedelta(hours=12),
        by=roster.deputy.id,
    )
    lane = lanes.lane_by_code(desk, "P-IN-1")
    lanes.set_open(desk, lane_id=lane.id, open_=True, by=roster.officer.id)

    worker_marks: list[float] = []
    desk.add_listener(lambda tables: worker_marks.append(time.perf_counter()))
    ui = Desktop(desk)
    ui.sign_in(roster.officer.badge_no, PIN)
    page = ui.workspace.clearance
    ui.wait(lambda: page.lane.count() > 0)
    page.select_lane("P-IN-1")
    page.scan.setFocus()

    def timed(press: Callable[[], None]) -> tuple[float, float]:
        loop = QEventLoop()
        seen: list[float] = []

        def on_changed(tables: frozenset[str]) -> None:
            if "clearance_events" in tables and not seen:
                seen.append(time.perf_counter())
                loop.quit()

        ui.ctx.changed.connect(on_changed)
        worker_marks.clear()
        start = time.perf_counter()
        press()
        if not seen:
            QTimer.singleShot(5000, loop.quit)
            loop.exec()
        ui.ctx.changed.disconnect(on_changed)
        if not seen:
            raise TimeoutError("no commit seen within 5 s")
        return seen[0] - start, worker_marks[0] - start

    steps: dict[str, tuple[list[float], list[float]]] = {
        "joined (Enter)": ([], []),
        "service started (F5)": ([], []),
        "cleared (F6)": ([], []),
    }
    for n in range(travellers):
        QTest.keyClicks(page.scan, f"B{n:08d}")
        total, worker = timed(lambda: QTest.keyClick(page.scan, Qt.Key.Key_Return))
        steps["joined (Enter)"][0].append(total)
        steps["joined (Enter)"][1].append(worker)
        ui.wait(lambda: page.selected_entry() is not None)
        total, worker = timed(lambda: QTest.keyClick(page.scan, Qt.Key.Key_F5))
        steps["service started (F5)"][0].append(total)
        steps["service started (F5)"][1].append(worker)
        ui.wait(lambda: page.selected_entry() is not None and page.selected_entry().started_at)
        total, worker = timed(lambda: QTest.keyClick(page.scan, Qt.Key.Key_F6))
        steps["cleared (F6)"][0].append(total)
        steps["cleared (F6)"][1].append(worker)
        ui.wait(lambda: page.model.rowCount() == 0)
    ui.close()
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--travellers", type=int, default=200)
    parser.add_argument("--dir", type=Path, help="where the benchmark's posts go (default: tmp)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    ok = True
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        from ui.testing import make_desk

        post, _roster = make_desk(Path(tmp) / "startup-post")
        post.close()
        bare, shown, ready, built = bench_startup(args.runs, Path(tmp) / "startup-post")
        ratio = shown / bare
        ok &= ratio <= 2
        print(f"start-up, median of {args.runs} fresh processes (launch to first paint)")
        print(f"  bare PySide6 QMainWindow     {bare * 1000:7.0f} ms")
        print(f"  Checkpoint Desk main window  {shown * 1000:7.0f} ms   {ratio:.2f}x bare")
        print(f"  ... sign-in ready (desk open){ready * 1000:7.0f} ms   {ready / bare:.2f}x bare")
        print(f"  ... every screen built       {built * 1000:7.0f} ms   {built / bare:.2f}x bare")
        print(f"  target: main window shown <= 2x bare: {'ok' if ratio <= 2 else 'MISS'}")

        steps = bench_keys(args.travellers, Path(tmp) / "keys-post")
        print(
            f"keystroke to committed (change signal on the UI thread), {args.travellers} travellers"
        )
        every = []
        for name, (total, worker) in steps.items():
            every += total
            print(
                f"  {name:<22} median {statistics.median(total) * 1000:6.2f} ms"
                f"  p90 {percentile(total, 90) * 1000:6.2f} ms"
                f"  max {max(total) * 1000:6.2f} ms"
                f"  (key to commit on the worker: median"
                f" {statistics.median(worker) * 1000:5.2f} ms)"
            )
        median = statistics.median(every)
        ok &= median <= 0.020
        print(
            f"  all steps              median {median * 1000:6.2f} ms  p99"
            f" {percentile(every, 99) * 1000:6.2f} ms"
        )
        print(f"  target: median <= 20 ms: {'ok' if median <= 0.020 else 'MISS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
