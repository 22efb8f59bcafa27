"""``checkpoint-hq`` whose clock runs ``--offset-s`` seconds from the machine's.

A test whose desks run on a moved clock (``ui.testing.RunningClock``) starts its
HQ subprocess with this stand-in (``HQServer(program=shifted_hq(offset))``), so
HQ's "today", its records' times and its signature window agree with the desks
whatever time of day the suite runs.  Everything else is the real ``serve``.
"""

from __future__ import annotations

import functools
import sys
from datetime import datetime, timedelta

from db.base import utcnow
from hq import cli, store


def shifted_hq(offset: timedelta) -> tuple[str, ...]:
    """``HQServer``'s ``program`` for an HQ whose clock is moved by ``offset``."""
    return ("-m", "tests.helpers.shifted_hq", "--offset-s", str(offset.total_seconds()))


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "--offset-s":
        print("usage: python -m tests.helpers.shifted_hq --offset-s SECONDS serve …")
        return 2
    offset = timedelta(seconds=float(argv[1]))

    def wall() -> datetime:
        return utcnow() + offset

    cli.HQClock = functools.partial(store.HQClock, wall=wall)  # type: ignore[assignment,misc]
    return cli.main(argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
