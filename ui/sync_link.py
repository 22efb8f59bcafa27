"""The desk's link to HQ as the UI sees it: the background sync runner and its state.

When a desk is attached, the worker reads its sync state and, if the post is
enrolled, builds a ``SyncRunner`` (``desktop_app.sync``), which then syncs on
its own thread (``checkpoint-sync``): on an interval, soon after local
changes, on "Sync now", and as soon as HQ answers again after an outage.
The runner calls its listeners on that thread; ``SyncLink`` forwards each
``SyncState`` to the UI thread through a queued signal, and ``state_changed``
tells the header, the sync panel and the forecasts board.

Nothing here touches the database or the network on the UI thread: state
reads run on the desk worker, enrolment and bundle export on the slow pool,
sync itself on the runner's thread (``sync_now`` only wakes it).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ui.sync_slot import SyncView, sync_view_from

if TYPE_CHECKING:
    from desktop_app.desk import Desk
    from desktop_app.sync import SyncRunner, SyncState
    from ui.context import AppContext


def _open(desk: Desk, options: dict[str, Any]) -> tuple[SyncState, SyncRunner | None]:
    """Runs on the worker: the state, and a runner if the post is enrolled (not started)."""
    from desktop_app.sync import SyncRunner, read_state

    state = read_state(desk)
    return state, SyncRunner(desk, **options) if state.enrolled else None


def _read(desk: Desk, runner: SyncRunner | None) -> SyncState:
    """Runs on the worker: re-read the figures (the runner adds what it is doing)."""
    if runner is not None:
        return runner.refresh()
    from desktop_app.sync import read_state

    return read_state(desk)


class SyncLink(QObject):
    """Owns the sync runner of the attached desk and publishes its state on the UI thread."""

    state_changed = Signal(object)  # SyncState, on the UI thread
    _arrived = Signal(object)  # SyncState, emitted on the runner's thread

    # SyncRunner keyword arguments (interval, soon, backoff…): tests make them short.
    runner_options: ClassVar[dict[str, Any]] = {}
    # After local changes, re-read the pending count at most this often (one query on
    # the desk worker; a burst of clearance keystrokes costs one read, not one each).
    REFRESH_MS = 1500
    # After the desk opens, the sign-in page and the screens come first (the header,
    # the only place the state shows before sign-in, is built with the screens).
    OPEN_AFTER_MS = 800

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.state: SyncState | None = None
        self.runner: SyncRunner | None = None
        self.offline_since: datetime | None = None
        self._closed = False
        self._busy = False
        self._dirty = False
        self._arrived.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._desk: Desk | None = None
        self._open_timer = QTimer(self)
        self._open_timer.setSingleShot(True)
        self._open_timer.setInterval(self.OPEN_AFTER_MS)
        self._open_timer.timeout.connect(self._open_now)
        ctx.changed.connect(self._on_changed)

    # -- state ------------------------------------------------------------------------

    @property
    def view(self) -> SyncView:
        return sync_view_from(self.state, offline_since=self.offline_since)

    @property
    def enrolled(self) -> bool:
        return self.state is not None and self.state.enrolled

    def _apply(self, state: SyncState) -> None:
        if self._closed:
            return
        if state.last_error_kind == "offline" and not state.running:
            if self.offline_since is None:
                # The link was last known good at the last successful sync; never
                # synced, it is lost since the first attempt that failed.
                self.offline_since = state.last_success or state.last_attempt or self.ctx.now()
        elif state.last_error_kind != "offline":
            self.offline_since = None
        self.state = state
        self.state_changed.emit(state)

    def _from_runner(self, state: SyncState) -> None:
        """The runner's listener: runs on ``checkpoint-sync``; only queues the state."""
        self._arrived.emit(state)

    # -- the runner -------------------------------------------------------------------

    def attach(self, desk: Desk) -> None:
        """Read the state and start the runner a moment after the sign-in page is up."""
        self._desk = desk
        self._open_timer.start()

    def _open_now(self) -> None:
        desk = self._desk
        if self._closed or desk is None or not self.ctx.has_desk:
            return
        options = dict(self.runner_options)
        # On the slow pool: the first read imports the sync package (~150 ms of Python),
        # which neither the officer's sign-in on the desk worker nor the screens being
        # built on the UI thread should wait for.
        self.ctx.op(self, lambda: _open(desk, options)).success(self._opened).run(slow=True)

    def _opened(self, opened: tuple[SyncState, SyncRunner | None]) -> None:
        state, runner = opened
        if runner is not None:
            self._start(runner)
        self._apply(state)

    def _start(self, runner: SyncRunner) -> None:
        if self._closed:
            return
        self.runner = runner
        runner.add_listener(self._from_runner)
        runner.start()  # a thread and a desk listener: no query, no request here

    def enrolled_now(self) -> None:
        """After a successful enrolment: start background sync (or sync at once, re-enrolled)."""
        if self.runner is not None:
            self.runner.sync_now()
            self.refresh()
            return
        desk, options = self.ctx.desk, dict(self.runner_options)
        self.ctx.op(self, lambda: _open(desk, options)).success(self._opened).run()

    def sync_now(self) -> bool:
        """Wake the runner for a sync at once (it runs on the runner's thread)."""
        if self.runner is None:
            return False
        self.runner.sync_now()
        return True

    def refresh(self) -> None:
        """Re-read the sync figures on the worker (at most one read in flight)."""
        if self._closed or not self.ctx.has_desk or self._open_timer.isActive():
            return  # (before the first read, which is on its way)
        if self._busy:
            self._dirty = True
            return
        self._busy, self._dirty = True, False
        desk, runner = self.ctx.desk, self.runner
        op = self.ctx.op(self, lambda: _read(desk, runner))
        if runner is None:  # with a runner, the state arrives through its listener
            op.success(self._apply)
        op.done(self._settled).run()

    def _settled(self) -> None:
        self._busy = False
        if self._dirty:
            self.refresh()

    def _on_changed(self, _tables: frozenset[str]) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def close(self) -> None:
        """Stop background sync (on the worker, before the desk closes there)."""
        self._closed = True
        self._timer.stop()
        self._open_timer.stop()
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.remove_listener(self._from_runner)
            self.ctx.taskman.submit(runner.stop, lambda _f: None)
