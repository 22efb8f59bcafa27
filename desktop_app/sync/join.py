"""Join a post that already has desks: enrol at HQ, take the roster, sign in with a badge.

The first desk of a post creates its first administrator; every further desk
of the port joins instead (the first-run screen's "join", ``checkpoint-desk
init --join``): its database is made for the port, it enrols with a one-time
code, and one sync brings the port's records from HQ (the roster among them),
so its officers sign in with the badges and PINs they already have, and no
second administrator is invented for the same post.

Blocking network work: call it from a worker thread, never a UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app import officers
from desktop_app.bootstrap import initialize
from desktop_app.desk import Desk
from desktop_app.paths import database_path
from desktop_app.sync import local
from desktop_app.sync.client import SyncClient, SyncReport, enroll


@dataclass(frozen=True)
class Joined:
    desk: Desk
    report: SyncReport
    officers: int  # officers of the port this desk now knows (they sign in with their badges)


def join_post(directory: Path, port: str, hq_url: str, code: str, *, label: str = "") -> Joined:
    """Create this desk's database for ``port``, enrol it and sync once.

    A failure before the enrolment leaves no database behind (the desk can
    be set up again, in either way); once enrolled, the database stays and
    joining again only syncs (the code is used up).
    """
    path = database_path(directory)
    fresh = not path.exists()
    desk = initialize(directory, port)
    try:
        if not local.read_values(desk, local.PRIVATE_KEY).get(local.PRIVATE_KEY):
            enroll(desk, hq_url, code, label=label)
    except BaseException:
        desk.close()
        if fresh:
            for leftover in path.parent.glob(path.name + "*"):  # the file, -wal, -shm
                leftover.unlink()
        raise
    try:
        with SyncClient(desk, hq_url) as client:
            report = client.sync()
    except BaseException:
        desk.close()
        raise
    return Joined(desk, report, len(officers.roster(desk, include_inactive=True)))
