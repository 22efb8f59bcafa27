"""How long a post waits before it tries HQ again: jittered exponential backoff, and never
less than the ``Retry-After`` HQ asked for (a push it deferred, hq/PROTOCOL.md).

The wait for a deferred push is jittered too (between Retry-After and twice
it): a few hundred posts deferred in the same second must not all come back
in the same second.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx
from tenacity import RetryCallState
from tenacity.wait import wait_base

# Longest Retry-After honoured (a wrong header must not park a post for a day).
MAX_RETRY_AFTER_S = 300.0


def retry_after(response: httpx.Response) -> float | None:
    """The seconds of a ``Retry-After: N`` header (HQ sends seconds; a date is ignored)."""
    value = response.headers.get("retry-after", "").strip()
    if not value.isdigit():
        return None
    return min(float(value), MAX_RETRY_AFTER_S)


def honouring_retry_after(
    backoff: wait_base, uniform: Callable[[float, float], float] = random.uniform
) -> Callable[[RetryCallState], float]:
    """``backoff``, or the failure's ``retry_after`` (jittered) when that is longer."""

    def wait(state: RetryCallState) -> float:
        seconds = backoff(state)
        error = state.outcome.exception() if state.outcome is not None else None
        asked = getattr(error, "retry_after", None)
        if asked is None:
            return seconds
        return max(seconds, uniform(asked, 2 * asked))

    return wait
