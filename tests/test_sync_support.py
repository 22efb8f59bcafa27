"""Fixtures and helpers the HQ and sync tests share, and tests of the helpers themselves.

Other test modules import from here (``from test_sync_support import …``).
HQ runs for real: ``python -m hq serve`` in a subprocess on a loopback port,
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import itertools
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from db.base import utcnow
from db.enums import LaneSubjects, Outcome, Role, SubjectKind, TravellerCategory
from db.models import DutyTeam, Lane, Officer
from desktop_app import clearance, demo, lanes, shifts
from desktop_app.bootstrap import initialize
from desktop_app.demo import open_ready_shift
from desktop_app.desk import Desk
from hq import devices
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import FaultProxy, Faults, HQServer, wait_for_idle_database
from tests.helpers.sync import enroll
from tests.helpers.waiting import wait_until
from ui.testing import RunningClock


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def hq_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """HQ's database URL: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@dataclass
class HQ:
    server: HQServer
    engine: Engine
    db_url: str

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture
def hq(hq_db: str, tmp_path: Path) -> Iterator[HQ]:
    engine = hq_engine(hq_db)
    upgrade(engine)
    server = HQServer(hq_db, log=tmp_path / "hq.log")
    server.start()
    try:
        yield HQ(server, engine, hq_db)
    finally:
        server.kill()
        engine.dispose()
        if hq_db.startswith("postgresql"):
            # conftest's pg_url drops the database next, and cannot end an
            # autovacuum worker our writes may have started in it.
            wait_for_idle_database(hq_db)


@dataclass
class Hub:
    """A post's hub (``serve --hub``) in a subprocess, and its database."""

    server: HQServer
    engine: Engine
    db_url: str

    @property
    def url(self) -> str:
        return self.server.url


def joined_hub_database(
    hq: HQ, directory: Path, port: str = "TRG", *, fingerprint: str | None = None
) -> str:
    """A hub's SQLite database in ``directory``, joined to ``hq`` for ``port``: its URL.

    ``fingerprint``: HQ's certificate's, for an HQ serving TLS (the hub pins it).
    """
    from desktop_app.protocol import pinning
    from hq.hub import join as hub_join
    from hq.hub.at_rest import hub_engine

    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{directory / 'hub.sqlite3'}"
    engine = hub_engine(url)  # encrypted from its first page, as ``hub-join`` makes it
    upgrade(engine)
    code = devices.create_code(hq.engine, port, utcnow(), kind="hub")
    code = pinning.join_code(code, fingerprint)
    hub_join.join(engine, hq.url, code, port, f"{port} hub")
    engine.dispose()
    return url


@contextmanager
def joined_hub(hq: HQ, directory: Path, port: str = "TRG", upstream: str = "") -> Iterator[Hub]:
    """A hub on SQLite in ``directory``, joined to ``hq`` for ``port``, serving on loopback.

    ``upstream``: the address it reaches HQ by (a fault proxy's), HQ's own by default.
    """
    from hq.testing import hub_server

    url = joined_hub_database(hq, directory, port)
    engine = hq_engine(url)
    server = hub_server(url, upstream=upstream or None, log=directory / "hub.log")
    server.start()
    try:
        yield Hub(server, engine, url)
    finally:
        server.kill()
        engine.dispose()


def demo_post(directory: Path, port: str, *, days: int = 2, seed: int = 7, clock=None) -> Desk:
    """A post with realistic synthetic days (every kind of record), ending at its clock's now.

    By default its clock runs from the last 11:00 at the posts (``RunningClock``): at
    a real 'now' the demo's last day would depend on when the suite runs (after
    midnight a day port has nothing today and a 24x7 port no closed shift).
    """
    desk = initialize(directory, port, clock=clock or RunningClock())
    demo.generate(desk, days=days, seed=seed, end=desk.now())
    return desk


_references = itertools.count()


def record_clearances(desk: Desk, count: int, prefix: str = "L") -> int:
    """Record ``count`` complete clearances (join, start, finish) at an open person lane."""
    officer = an_officer(desk)
    lane = _open_person_lane(desk, officer)
    for _ in range(count):
        event = clearance.join_queue(
            desk,
            lane_id=lane.id,
            reference=f"{prefix}{next(_references):07d}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=officer.id,
        )
        clearance.start_service(desk, clearance_id=event.clearance_id, by=officer.id)
        clearance.finish(
            desk, clearance_id=event.clearance_id, outcome=Outcome.CLEARED, by=officer.id
        )
    return 3 * count


def an_officer(desk: Desk) -> Officer:
    with desk.read() as s:
        officer = s.scalars(
            select(Officer).where(
                Officer.port_id == desk.port_id, Officer.active, Officer.role != Role.ADMIN
            )
        ).first()
    assert officer is not None, "the post has no officer"
    return officer


def ensure_open_shift(desk: Desk) -> None:
    """Open a shift now if none is open (a port outside its opening hours has none)."""
    if shifts.current_shift(desk) is not None:
        return
    with desk.read() as s:
        deputy = s.scalars(
            select(Officer).where(
                Officer.port_id == desk.port_id,
                Officer.role == Role.DEPUTY_CAPTAIN,
                Officer.active,
            )
        ).first()
        team = s.scalars(select(DutyTeam).where(DutyTeam.port_id == desk.port_id)).first()
    assert deputy is not None and team is not None
    # The same start at every desk of the port within the hour: two desks that open
    # "the shift" apart merge into one (a port's shift is keyed by its start), and
    # neither desk's joins fall before the start the merge keeps.
    start = desk.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    open_ready_shift(
        desk,
        team_id=team.id,
        start=start,
        end=start + timedelta(hours=12),
        by=deputy.id,
        opened_at=start,
    )


def _open_person_lane(desk: Desk, officer: Officer) -> Lane:
    ensure_open_shift(desk)
    candidates = [
        lane
        for lane in lanes.lanes(desk)
        if lane.subjects == LaneSubjects.PERSONS and lane.kind.value == "regular"
    ]
    for lane in candidates:
        if lane.is_open:
            return lane
    return lanes.set_open(desk, lane_id=candidates[0].id, open_=True, by=officer.id)


class Background(threading.Thread):
    """A thread whose exception is re-raised by ``join`` (a silent failure would pass a test)."""

    def __init__(self, target, *args) -> None:
        super().__init__(daemon=True)
        self._work = (target, args)
        self.error: BaseException | None = None

    def run(self) -> None:
        target, args = self._work
        try:
            target(*args)
        except BaseException as error:
            self.error = error

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.error is not None:
            raise self.error


def enrolled(hq: HQ, desk: Desk) -> Desk:
    enroll(hq.engine, desk, hq.url)
    return desk


# -- tests of the helpers --------------------------------------------------------------


def test_fault_proxy_passes_bytes_and_counts_them():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def echo():
        conn, _ = server.accept()
        with conn:
            while data := conn.recv(1024):
                conn.sendall(data)

    threading.Thread(target=echo, daemon=True).start()
    with FaultProxy(port) as proxy:
        with socket.create_connection(("127.0.0.1", proxy.port)) as client:
            client.sendall(b"hello")
            assert client.recv(5) == b"hello"
        assert proxy.stats.bytes_up == 5
    server.close()


def test_fault_proxy_cuts_streams_and_refuses_when_partitioned():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def sink():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=_drain, args=(conn,), daemon=True).start()

    threading.Thread(target=sink, daemon=True).start()
    with FaultProxy(port, Faults(cut_request=1.0, cut_within=100)) as proxy:
        client = socket.create_connection(("127.0.0.1", proxy.port))
        client.sendall(b"x" * 200)  # past the cut, which falls within the first 100 bytes
        wait_until(lambda: proxy.stats.cut_requests == 1, what="the proxy cut the link")
        with pytest.raises(OSError):  # the reset arrives: writes fail from then on
            for _ in range(1000):
                client.sendall(b"x" * 4096)
        client.close()
        assert proxy.stats.cut_requests == 1
        proxy.set_faults(Faults(partitioned=True))
        client = socket.create_connection(("127.0.0.1", proxy.port))
        assert client.recv(1) == b""  # closed at once
        client.close()
        assert proxy.stats.refused == 1
    server.close()


def _drain(conn: socket.socket) -> None:
    with conn:
        while conn.recv(4096):
            pass
