"""Background sync: a thread that syncs on an interval, soon after local changes,
on demand, and as soon as HQ answers again after an outage.

Failures back off exponentially with jitter (tenacity), so a hundred posts
coming back after a network partition do not hit HQ in step.  While backing
off from "HQ did not answer", the runner pings HQ every few seconds (an
unauthenticated request of a few bytes) and syncs the moment it answers:
sync resumes on its own after a partition, without waiting out the backoff.

The UI never calls the network: it reads ``state`` and gets ``SyncState``
snapshots through listeners, which run on the runner's thread (a Qt UI
forwards them to its own thread with a signal).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_never,
    wait_random_exponential,
)

from desktop_app.desk import Desk
from desktop_app.sync import local
from desktop_app.sync.backoff import honouring_retry_after
from desktop_app.sync.client import (
    HQUnavailable,
    NotAuthorized,
    SyncClient,
    SyncError,
    SyncProgress,
    SyncReport,
)
from desktop_app.sync.local import NotEnrolled
from desktop_app.sync.state import SyncState, read_state

log = logging.getLogger("checkpoint.sync")

StateListener = Callable[[SyncState], None]

# With the post's hub on the LAN: a change at one desk shows at the others within seconds.
HUB_INTERVAL_S = 1.0
HUB_SOON_S = 0.2


class _Stopped(Exception):
    """The runner is stopping: leave the retry loop."""


class SyncRunner:
    def __init__(
        self,
        desk: Desk,
        *,
        client_factory: Callable[[], SyncClient] | None = None,
        interval: float = 60.0,
        soon: float = 5.0,
        initial_backoff: float = 2.0,
        max_backoff: float = 300.0,
        probe_every: float = 5.0,
        refused_retry: float = 3600.0,
    ) -> None:
        self.desk = desk
        self.client_factory = client_factory or (lambda: SyncClient(desk))
        self.interval = interval  # between syncs while all is well
        self.soon = soon  # after a local change
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.probe_every = probe_every
        self.refused_retry = refused_retry  # after update_required, auth or refused
        self._listeners: list[StateListener] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._state = read_state(desk)
        # After a restart the desk's clock starts from its own last write; it
        # must also be past everything HQ had when this desk last synced.
        hq_clock = local.read_values(desk, local.HQ_CLOCK).get(local.HQ_CLOCK)
        if hq_clock:
            desk.hlc.observe(hq_clock)
        self._unreachable = False  # the last failure was "no answer at all"
        self._timer: threading.Timer | None = None
        self.last_report: SyncReport | None = None
        self.syncs = 0

    # -- public API (any thread) -------------------------------------------------

    @property
    def state(self) -> SyncState:
        with self._lock:
            return self._state

    def add_listener(self, listener: StateListener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: StateListener) -> None:
        self._listeners.remove(listener)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self.desk.add_listener(self._local_change)
        self._thread = threading.Thread(target=self._loop, name="checkpoint-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current request (a sync in progress is safe to cut anywhere)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self.desk.remove_listener(self._local_change)
            self._thread.join(timeout)
            self._thread = None
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()

    def sync_now(self) -> None:
        """Ask for a sync at once (the sync panel's button); returns immediately."""
        self._wake.set()

    def refresh(self) -> SyncState:
        """Re-read the state from the database now (on the caller's thread) and publish it."""
        state = read_state(self.desk).with_run(
            running=self.state.running,
            progress=self.state.progress,
            next_attempt=self.state.next_attempt,
        )
        self._publish(state)
        return state

    # -- the thread ------------------------------------------------------------------

    def _local_change(self, tables: frozenset[str]) -> None:
        # Runs on the writer's thread right after its commit (the clearance hot
        # path): no query and no network here, only a timer that refreshes the
        # state and wakes the runner a moment later, once for a burst of writes.
        if threading.current_thread() is self._thread:
            return  # rows the sync itself applied
        with self._lock:
            if self._timer is not None and self._timer.is_alive():
                return
            soon = min(self.soon, HUB_SOON_S) if self._state.via_hub else self.soon
            self._timer = threading.Timer(soon, self._after_change)
            self._timer.daemon = True
            self._timer.start()

    def _after_change(self) -> None:
        if not self._stopping():
            self.refresh()
            self._wake.set()

    def _loop(self) -> None:
        self._wake.set()  # a first sync right after start
        wait = self.interval
        while not self._stop.is_set():
            self._wake.wait(wait)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                refused = self._attempts()
            except Exception:  # a bug must not end background sync for good
                log.exception("sync runner: unexpected error")
                refused = True
            # After a refusal (update required, revoked…) retrying soon cannot help.
            wait = self.refused_retry if refused else self._interval()
            self._publish(self.state.with_run(running=False, next_attempt=self._at(wait)))
        log.info("sync runner stopped")

    def _interval(self) -> float:
        """Between syncs: a hub is on the post's LAN, and its desks share one live picture."""
        return min(self.interval, HUB_INTERVAL_S) if self.state.via_hub else self.interval

    def _attempts(self) -> bool:
        """Sync until it succeeds or fails for a reason retrying cannot cure (→ True)."""
        retrying = Retrying(
            retry=retry_if_exception(
                lambda e: isinstance(e, HQUnavailable) and not self._stopping()
            ),
            wait=honouring_retry_after(
                wait_random_exponential(multiplier=self.initial_backoff, max=self.max_backoff)
            ),
            stop=stop_never,
            sleep=self._backoff_sleep,
            before_sleep=self._before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    self._sync_once()
        except (_Stopped, HQUnavailable):  # HQUnavailable gets here only when stopping
            return False
        except (SyncError, NotEnrolled) as error:
            log.warning("sync refused: %s", error)
            return True
        return False

    def _stopping(self) -> bool:
        return self._stop.is_set()

    def _sync_once(self) -> None:
        if self._stopping():
            raise _Stopped
        self._publish(read_state(self.desk).with_run(running=True))
        client: SyncClient | None = None
        try:
            client = self.client_factory()
            client.progress = self._progress
            self.last_report = client.sync()
            self.syncs += 1
            self._unreachable = False
        except HQUnavailable as error:
            # "did not answer" (no HTTP status) is what a probe can detect the end of
            self._unreachable = "did not answer" in error.detail
            self._publish(read_state(self.desk).with_run(running=False))
            raise
        except NotEnrolled as error:
            self._publish(read_state(self.desk).with_run(running=False))
            raise NotAuthorized(str(error)) from None
        except SyncError:
            self._publish(read_state(self.desk).with_run(running=False))
            raise
        finally:
            if client is not None:
                client.close()
        self._publish(read_state(self.desk).with_run(running=False))

    def _progress(self, progress: SyncProgress) -> None:
        self._publish(self.state.with_run(running=True, progress=progress))

    def _before_sleep(self, retry_state: RetryCallState) -> None:
        wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
        log.info("sync failed (%s); next attempt in %.1f s", retry_state.outcome, wait)
        self._publish(self.state.with_run(running=False, next_attempt=self._at(wait)))

    def _backoff_sleep(self, seconds: float) -> None:
        """Sleep out a backoff, but wake early: on stop, on "sync now", or when HQ answers."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            if self._stop.wait(0) or self._wake.wait(min(left, self.probe_every)):
                self._wake.clear()
                if self._stopping():
                    raise _Stopped
                return
            if self._unreachable and self._hq_answers():
                log.info("HQ answers again: syncing now")
                return

    def _hq_answers(self) -> bool:
        client: SyncClient | None = None
        try:
            client = self.client_factory()
            client.attempts = 1
            client.ping()
            return True
        except (SyncError, NotEnrolled):
            return False
        finally:
            if client is not None:
                client.close()

    def _at(self, seconds: float) -> datetime:
        return self.desk.now() + timedelta(seconds=seconds)

    def _publish(self, state: SyncState) -> None:
        with self._lock:
            self._state = state
        for listener in list(self._listeners):
            try:
                listener(state)
            except Exception:  # a listener's bug must not stop sync
                log.exception("sync state listener failed")
