"""Run desk work off the UI thread, one job at a time, and bring results back by signal.

Anki's pattern (``qt/aqt/taskman.py`` and ``qt/aqt/operations``): database
work is serialised on a single worker (``ThreadPoolExecutor(max_workers=1)``)
so that two user actions never race for the SQLite writer, and the result or
the failure comes back to the UI thread through a queued Qt signal.  Views
never call a service directly; they build an ``Op``::

    Op(taskman, self, lambda: clearance.start_service(desk, ...))
        .success(self._started).failure(self._show_error).run()
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop_app.errors import RuleViolation

T = TypeVar("T")


class TaskManager(QObject):
    """The one desk worker thread and the queued signal back to the UI thread."""

    # Carries a closure from the worker to the UI thread.
    _deliver = Signal(object)
    # Emitted on the UI thread when the last pending job's callbacks have run.
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-worker")
        # Slow work that only reads (report generation, later sync) runs apart, so that a
        # PDF being drawn never holds up the next clearance keystroke on the desk worker.
        self._slow = ThreadPoolExecutor(max_workers=2, thread_name_prefix="desk-slow")
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0
        self._closed = False

    def submit(
        self, fn: Callable[[], T], on_done: Callable[[Future[T]], None], *, slow: bool = False
    ) -> Future[T]:
        """Run ``fn`` on the worker; ``on_done(future)`` runs afterwards on the UI thread."""
        if self._closed:
            raise RuntimeError("the task manager is shut down")
        self.pending += 1
        future = (self._slow if slow else self._executor).submit(fn)
        future.add_done_callback(lambda f: self._deliver.emit(lambda: self._finish(on_done, f)))
        return future

    def run_on_main(self, fn: Callable[[], None]) -> None:
        """Queue ``fn`` to run on the UI thread (callable from any thread)."""
        self._deliver.emit(fn)

    def _finish(self, on_done: Callable[[Future[Any]], None], future: Future[Any]) -> None:
        if self._closed:
            return  # the window and its desk are gone: nobody is left to tell
        try:
            on_done(future)
        finally:
            self.pending -= 1
            if self.pending == 0:
                self.idle.emit()

    @Slot(object)
    def _on_deliver(self, fn: Callable[[], None]) -> None:
        fn()

    @staticmethod
    def on_worker() -> bool:
        return threading.current_thread().name.startswith(("desk-worker", "desk-slow"))

    def shutdown(self) -> None:
        """Finish queued jobs, then stop the worker (their UI callbacks are dropped)."""
        self._closed = True
        self._slow.shutdown(wait=True)
        self._executor.shutdown(wait=True)


class Op(Generic[T]):
    """One background desk operation with success and failure callbacks on the UI thread.

    ``parent`` is the widget the result belongs to: if it is gone when the
    result arrives (window closed), the callbacks are skipped.  Without a
    failure callback a ``RuleViolation`` goes to ``report`` (the main window
    shows it) and anything else is re-raised on the UI thread, where
    pytest-qt fails the test and the app's excepthook reports it.
    """

    def __init__(
        self,
        taskman: TaskManager,
        parent: QObject | None,
        op: Callable[[], T],
        *,
        report: Callable[[RuleViolation], None] | None = None,
    ) -> None:
        self._taskman = taskman
        self._parent = parent
        self._op = op
        self._report = report
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[Exception], None] | None = None
        self._finally: Callable[[], None] | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Op[T]:
        self._failure = callback
        return self

    def done(self, callback: Callable[[], None]) -> Op[T]:
        """Runs after success or failure (re-enable a button, drop a busy flag)."""
        self._finally = callback
        return self

    def run(self, *, slow: bool = False) -> Future[T]:
        """Queue it on the desk worker (``slow``: on the pool for long read-only work)."""
        return self._taskman.submit(self._op, self._on_done, slow=slow)

    def _on_done(self, future: Future[T]) -> None:
        if self._parent is not None and not shiboken6.isValid(self._parent):
            return
        try:
            error = future.exception()
            if error is None:
                if self._success is not None:
                    self._success(future.result())
            elif not isinstance(error, Exception):
                raise error
            elif self._failure is not None:
                self._failure(error)
            elif isinstance(error, RuleViolation) and self._report is not None:
                self._report(error)
            else:
                raise error
        finally:
            if self._finally is not None:
                self._finally()
