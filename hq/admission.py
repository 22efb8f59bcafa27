"""How many pushes one HQ worker stores at a time; the rest are told when to come back.

When every post pushes its backlog at once (links back after an outage), a
push that HQ accepted and queued behind hundreds of others waits minutes, and
each one waiting holds its decoded batch in HQ's memory.  Instead a worker
stores at most ``limit`` pushes at a time and answers the others at once
with 503 ``busy`` and ``Retry-After``: the pushes wait at the posts (which
come back after that many seconds, jittered), an accepted push takes about
its own service time, and HQ's memory is bounded by ``limit`` batches per
worker.  A deferred push costs HQ reading its body (and dropping it), no
signature check and no database.

Handlers run on the worker's event loop, one at a time between awaits: the
counts need no lock.
"""

from __future__ import annotations

from dataclasses import dataclass

# Pushes stored at a time by one worker; 0: no limit.  Off by default: on this
# project's shared 2-core machine a limit of 3 per worker halved the aggregate
# rate and did not bring the p99 of accepted pushes down (docs/capacity.md,
# "Admission control, measured"); an operator sets it with ``serve --max-pushes``.
DEFAULT_LIMIT = 0
# The limit load_hq.py measures beside the baseline.
MEASURED_LIMIT = 3
# Seconds a deferred post waits before it sends the batch again (it adds jitter).
DEFAULT_RETRY_AFTER_S = 1


@dataclass
class Admission:
    """Counts the pushes in progress in this worker; ``limit`` 0 admits every push."""

    limit: int = DEFAULT_LIMIT
    retry_after_s: int = DEFAULT_RETRY_AFTER_S
    in_progress: int = 0
    admitted: int = 0
    deferred: int = 0

    def enter(self) -> bool:
        """Take a place if there is one (then ``leave`` when done); False: defer the push."""
        if self.limit and self.in_progress >= self.limit:
            self.deferred += 1
            return False
        self.in_progress += 1
        self.admitted += 1
        return True

    def leave(self) -> None:
        self.in_progress -= 1
