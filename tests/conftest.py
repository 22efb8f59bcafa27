"""Shared fixtures: a real post on a real SQLite file, and a real PostgreSQL when there is one.

PostgreSQL: set ``CHECKPOINT_TEST_PG_URL`` (``.ci/run`` does, after starting
the server).  Without it the PostgreSQL tests are skipped, except under CI
(``CI`` or ``CHECKPOINT_REQUIRE_PG`` set), where a missing server fails them.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from tenacity import retry, retry_if_exception_type, stop_after_delay, wait_fixed

from db.enums import Role
from db.models import DutyTeam, Lane, Officer, Shift
from desktop_app import lanes, officers
from desktop_app.bootstrap import initialize
from desktop_app.demo import open_ready_shift
from desktop_app.desk import Desk
from ui.testing import Clock  # one test clock for every test (re-exported)

PIN = "2468"


@dataclass
class Post:
    """A TRG post with a roster, an open shift and two open lanes."""

    desk: Desk
    clock: Clock
    path: Path
    admin: Officer
    deputy: Officer
    deputy2: Officer
    officer: Officer
    team: DutyTeam
    shift: Shift
    lane: Lane  # P-IN-1, entry travellers
    vehicle_lane: Lane  # V-IN-1, entry vehicles

    def lane_by_code(self, code: str) -> Lane:
        return lanes.lane_by_code(self.desk, code)

    def count(self, table: str) -> int:
        with self.desk.read() as s:
            return s.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.fixture
def clock() -> Clock:
    return Clock()


# A test that uses any of these runs Qt: it gets the UI-thread guard.
QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester"})


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """pytest-qt's application: one that tells the guard when Qt is delivering events."""
    from ui.testing import guarded_application

    return guarded_application()


@pytest.fixture(autouse=True)
def ui_thread_guard(request: pytest.FixtureRequest) -> Iterator[object]:
    """In every Qt test: no database transaction, HTTP request, sync or report work begun
    on the UI thread while Qt delivers an event to the app's code (a key, a click, a
    timer, a queued signal).  What the test itself does there to set up or check an
    outcome does not count (``ui.testing.MainThreadSqlGuard``).  Yields the guard, or None."""
    if not QT_FIXTURES & set(request.fixturenames):
        yield None
        return
    from ui.testing import MainThreadSqlGuard

    guard = MainThreadSqlGuard(None, ui_code_only=True)
    try:
        yield guard
    finally:
        guard.stop()
    assert guard.violations == [], "UI code did this on the UI thread:\n" + "\n".join(
        guard.violations
    )


@pytest.fixture(autouse=True, scope="session")
def _machine_secrets_in_a_temporary_folder(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Posts made by the tests keep their machine secrets here, not in the user's folder.

    Set in the environment, so that the desks the tests start as processes use it too.
    """
    before = os.environ.get("CHECKPOINT_DESK_KEY_DIR")
    os.environ["CHECKPOINT_DESK_KEY_DIR"] = str(tmp_path_factory.mktemp("machine-keys"))
    yield
    if before is None:
        os.environ.pop("CHECKPOINT_DESK_KEY_DIR", None)
    else:
        os.environ["CHECKPOINT_DESK_KEY_DIR"] = before


@pytest.fixture(autouse=True, scope="session")
def _hq_logs_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``checkpoint-hq`` run in-process on PostgreSQL would log into the user's data folder."""
    before = os.environ.get("CHECKPOINT_HQ_LOGS")
    os.environ["CHECKPOINT_HQ_LOGS"] = str(tmp_path_factory.mktemp("hq-logs"))
    yield
    if before is None:
        del os.environ["CHECKPOINT_HQ_LOGS"]
    else:
        os.environ["CHECKPOINT_HQ_LOGS"] = before


@pytest.fixture(autouse=True)
def _logging_as_it_was() -> Iterator[None]:
    """``checkpoint-desk`` and ``checkpoint-hq`` configure the process's logging and
    exception hooks (``desktop_app.logs``); a test that runs them in-process gets them
    back as they were, and the log file it opened is closed."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    hooks = sys.excepthook, threading.excepthook
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks


def make_post(directory: Path, clock: Clock, port: str = "TRG") -> Post:
    desk = initialize(directory, port, clock=clock)
    admin = officers.add_officer(
        desk, badge_no="9001", name="管理员", role=Role.ADMIN, pin=PIN, by=None
    )
    deputy = officers.add_officer(
        desk, badge_no="1001", name="何锐", role=Role.DEPUTY_CAPTAIN, pin=PIN, by=admin.id
    )
    deputy2 = officers.add_officer(
        desk, badge_no="1002", name="李成龙", role=Role.DEPUTY_CAPTAIN, pin=PIN, by=admin.id
    )
    officer = officers.add_officer(
        desk, badge_no="2001", name="陈静", role=Role.OFFICER, pin=PIN, by=admin.id
    )
    with desk.read() as s:
        team = s.scalars(select(DutyTeam).order_by(DutyTeam.name_zh)).first()
    assert team is not None
    start = clock.at - timedelta(hours=2)
    shift = open_ready_shift(
        desk,
        team_id=team.id,
        start=start,
        end=start + timedelta(hours=12),
        by=deputy.id,
        checked_at=start - timedelta(minutes=30),
        opened_at=start,
    )
    lane = lanes.lane_by_code(desk, "P-IN-1")
    lanes.set_open(desk, lane_id=lane.id, open_=True, by=officer.id, at=start)
    vehicle_lane = lanes.lane_by_code(desk, "V-IN-1")
    lanes.set_open(desk, lane_id=vehicle_lane.id, open_=True, by=officer.id, at=start)
    return Post(
        desk=desk,
        clock=clock,
        path=directory,
        admin=admin,
        deputy=deputy,
        deputy2=deputy2,
        officer=officer,
        team=team,
        shift=shift,
        lane=lanes.lane_by_code(desk, "P-IN-1"),
        vehicle_lane=lanes.lane_by_code(desk, "V-IN-1"),
    )


@pytest.fixture
def post(tmp_path: Path, clock: Clock) -> Iterator[Post]:
    made = make_post(tmp_path / "post", clock)
    yield made
    made.desk.close()


# -- PostgreSQL ---------------------------------------------------------------


def _pg_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("CHECKPOINT_REQUIRE_PG"))


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    url = os.environ.get("CHECKPOINT_TEST_PG_URL")
    if not url:
        message = "no PostgreSQL: set CHECKPOINT_TEST_PG_URL (see .ci/run)"
        if _pg_required():
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"cd_test_{uuid.uuid4().hex[:12]}"
    admin: Engine = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _drop(admin, name)
        admin.dispose()


# An autovacuum worker may still be busy in a database a test wrote a lot to, and
# WITH (FORCE) cannot end it for a role that is not a superuser: wait it out.
@retry(
    retry=retry_if_exception_type(DBAPIError),
    stop=stop_after_delay(20),
    wait=wait_fixed(0.2),
    reraise=True,
)
def _drop(admin: Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
