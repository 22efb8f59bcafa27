"""The worker: every service call off the UI thread, one at a time, results by signal."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject

from db.enums import SubjectKind, TravellerCategory
from desktop_app import clearance
from desktop_app.errors import RuleViolation
from ui.app import language_for
from ui.context import AppContext
from ui.taskman import Op, TaskManager


@pytest.fixture
def taskman(qtbot):
    manager = TaskManager()
    yield manager
    manager.shutdown()


def test_op_runs_on_the_worker_and_answers_on_the_ui_thread(qtbot, taskman):
    seen = []
    Op(taskman, None, lambda: threading.current_thread().name).success(
        lambda name: seen.append((name, threading.current_thread() is threading.main_thread()))
    ).run()
    qtbot.waitUntil(lambda: bool(seen))
    name, on_main = seen[0]
    assert name.startswith("desk-worker") and on_main


def test_ops_run_one_at_a_time_in_order(qtbot, taskman):
    """All on one worker thread, first in first out; the first op holds the rest back
    until the test lets it go (a gate, not a length of time)."""
    gate, started = threading.Event(), threading.Event()
    threads, ran, order = set(), [], []

    def work(n):
        threads.add(threading.get_ident())
        ran.append(n)
        if n == 0:
            started.set()
            assert gate.wait(60)
        return n

    for n in range(20):
        Op(taskman, None, lambda n=n: work(n)).success(order.append).run()
    assert started.wait(60)
    assert ran == [0]  # the others wait behind the first, however long it takes
    gate.set()
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == ran == list(range(20)) and len(threads) == 1
    assert taskman.pending == 0


def test_slow_work_runs_apart_from_the_desk_worker(qtbot, taskman):
    seen = []
    Op(taskman, None, lambda: threading.current_thread().name).success(seen.append).run(slow=True)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith("desk-slow")


def test_failures(qtbot, taskman):
    failed, reported = [], []

    def boom():
        raise RuleViolation("reference", "required")

    Op(taskman, None, boom).failure(failed.append).run()
    Op(taskman, None, boom, report=reported.append).run()
    qtbot.waitUntil(lambda: bool(failed) and bool(reported))
    assert failed[0].rule == "required" and reported[0].field == "reference"

    # Anything else is a bug: it is raised on the UI thread, where Qt's handler sees it.
    with qtbot.captureExceptions() as exceptions:
        Op(taskman, None, lambda: 1 / 0).run()
        qtbot.waitUntil(lambda: bool(exceptions))
    assert exceptions[0][0] is ZeroDivisionError


def test_callbacks_skip_a_deleted_parent(qtbot, taskman):
    parent = QObject()
    called, gate = [], threading.Event()
    Op(taskman, parent, gate.wait).success(called.append).run()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _valid(parent))
    gate.set()
    qtbot.waitUntil(lambda: taskman.pending == 0)
    assert called == []


def _valid(obj):
    import shiboken6

    return shiboken6.isValid(obj)


def test_change_listener_reaches_the_ui_thread(qtbot, qapp, post):
    ctx = AppContext(TaskManager(), language_for(qapp, "en"))
    ctx.attach(post.desk)
    qtbot.waitUntil(lambda: ctx.taskman.pending == 0)
    received = []
    on_main = threading.current_thread
    ctx.changed.connect(
        lambda tables: received.append((tables, on_main() is threading.main_thread()))
    )
    desk = post.desk
    ctx.op(
        None,
        lambda: clearance.join_queue(
            desk, lane_id=post.lane.id, reference="Z1", subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CREW, by=post.officer.id,
        ),
    ).run()  # fmt: skip
    qtbot.waitUntil(lambda: bool(received))
    tables, on_main = received[0]
    assert "clearance_events" in tables and on_main
    ctx._desk = None  # the post fixture closes the desk itself
    ctx.close()
