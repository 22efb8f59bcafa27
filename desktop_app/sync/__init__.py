"""Offline-first sync with HQ: the client, the background runner, bundles, and state for the UI.

The UI's entry points (plain Python, no Qt; see hq/PROTOCOL.md for the exchange):

* ``SyncRunner(desk).start()`` – background sync; ``runner.state`` is a
  ``SyncState``, ``runner.add_listener(fn)`` calls ``fn(state)`` on every change
  (on the runner's thread), ``runner.sync_now()`` is the "sync now" button;
* ``read_state(desk)``, ``pending_count(desk)`` – the same figures without a runner;
* ``record_state(desk, id)`` / ``record_states(desk, ids)`` – pending / sent / received;
* ``conflicts(desk)`` – the losing versions HQ kept for this port, newest first;
* ``enroll(desk, hq_url, code)`` – enrolment with a one-time code (the CLI's and the sync panel's).
"""

from desktop_app.sync.client import SyncClient, SyncError, SyncProgress, SyncReport, enroll
from desktop_app.sync.runner import SyncRunner
from desktop_app.sync.state import (
    ConflictView,
    RecordSync,
    SyncState,
    conflict_count,
    conflicts,
    pending_count,
    read_state,
    record_state,
    record_states,
)

__all__ = [
    "ConflictView",
    "RecordSync",
    "SyncClient",
    "SyncError",
    "SyncProgress",
    "SyncReport",
    "SyncRunner",
    "SyncState",
    "conflict_count",
    "conflicts",
    "enroll",
    "pending_count",
    "read_state",
    "record_state",
    "record_states",
]
