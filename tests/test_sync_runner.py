"""The background sync runner and the sync state the UI reads: off the caller's thread,
on an interval, soon after local writes, on demand, and as soon as HQ answers again."""

from __future__ import annotations

import threading

import pytest
from test_sync_support import demo_post, record_clearances

from desktop_app.sync import RecordSync, SyncRunner, SyncState, read_state, record_states
from desktop_app.sync.client import SyncClient, SyncError
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import FaultProxy, HQServer
from tests.helpers.sync import enroll
from tests.helpers.waiting import wait_until


def wait_for(condition, timeout: float = 60.0) -> None:
    wait_until(condition, timeout)


@pytest.fixture
def hq_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    server = HQServer(url, log=tmp_path / "hq.log").start()
    yield server, engine
    server.kill()
    engine.dispose()


@pytest.fixture
def post(hq_server, tmp_path):
    server, engine = hq_server
    desk = demo_post(tmp_path / "trg", "TRG", days=1)
    enroll(engine, desk, server.url)
    yield desk
    desk.close()


def test_state_before_enrolment(tmp_path):
    desk = demo_post(tmp_path / "lone", "TRG", days=1)
    state = read_state(desk)
    assert isinstance(state, SyncState)
    assert not state.enrolled and state.hq_url is None and state.pending > 0
    assert state.last_success is None and not state.running
    desk.close()


def test_the_runner_syncs_in_the_background_and_reports_to_listeners(post):
    record_clearances(post, 5)
    seen: list[tuple[SyncState, str]] = []
    runner = SyncRunner(post, interval=60, soon=0.2)
    runner.add_listener(lambda state: seen.append((state, threading.current_thread().name)))
    assert read_state(post).pending > 0
    runner.start()
    try:
        # (the state after a sync is published first, then again with the next attempt)
        wait_for(
            lambda: (
                runner.syncs >= 1
                and not runner.state.running
                and runner.state.next_attempt is not None
            )
        )
        state = runner.state
        assert state.pending == 0 and state.last_error is None and state.last_success is not None
        assert state.enrolled and state.next_attempt is not None
        assert any(s.running and s.progress is not None for s, _ in seen)  # progress reported
        assert {name for _, name in seen} == {"checkpoint-sync"}  # never the caller's thread
        # A local write: the runner syncs it soon, without being asked.
        ids = [row.id for row in [record_clearances_returning(post)]]
        assert record_states(post, ids)[ids[0]] == RecordSync.PENDING
        wait_for(lambda: runner.syncs >= 2 and runner.state.pending == 0)
        assert record_states(post, ids)[ids[0]] == RecordSync.SENT
        # "Sync now".
        before = runner.syncs
        runner.sync_now()
        wait_for(lambda: runner.syncs > before)
    finally:
        runner.stop()
    assert not runner._thread  # stopped


def record_clearances_returning(desk):
    from sqlalchemy import select

    from db.models import ClearanceEvent

    record_clearances(desk, 1)
    with desk.read() as s:
        return s.scalars(select(ClearanceEvent).order_by(ClearanceEvent.id.desc())).first()


def test_the_runner_backs_off_while_hq_is_away_and_syncs_as_soon_as_it_answers(hq_server, post):
    server, _ = hq_server
    server.kill()  # HQ down before the runner starts
    record_clearances(post, 5)
    # Backing off, the runner would try again within the hour (a random wait, up to
    # it): its probe notices HQ within the minute this test waits at most.
    hour = 3600.0
    runner = SyncRunner(
        post, interval=hour, initial_backoff=hour, max_backoff=hour, probe_every=0.2
    )
    runner.start()
    try:
        wait_for(lambda: runner.state.last_error_kind == "offline", timeout=60)
        assert runner.state.pending > 0 and runner.state.next_attempt is not None
        server.start()
        wait_for(lambda: runner.state.pending == 0, timeout=60)
        assert runner.state.last_error is None
    finally:
        runner.stop()


def test_a_sync_cut_at_every_step_resumes_where_it_stopped(hq_server, post):
    server, engine = hq_server
    record_clearances(post, 60)
    from hq.testing import Faults
    from tests.helpers.sync import check_union

    faults = Faults(cut_request=0.35, cut_response=0.35, cut_within=3000)
    # Every cut first batch costs the one behind it HQ's wait for its predecessor (2 s),
    # and a day at TRG is ~1,700 rows: with half of all requests and half of all answers
    # cut it took over 300 s; cuts still land in every step (cut_within).
    failures = 0
    with (
        FaultProxy(server.port, faults) as proxy,
        SyncClient(post, proxy.url, push_rows=50, attempts=1) as client,
    ):
        while True:
            try:
                client.sync()
                break
            except SyncError:  # a cut: try again, as the runner would
                failures += 1
                assert failures < 500
    assert failures > 0
    assert check_union(engine, [post]).ok


def test_update_required_is_reported_and_not_hammered(post, monkeypatch):
    from desktop_app.protocol.messages import HEADER_PROTOCOL, version_headers
    from desktop_app.sync import client as client_module

    monkeypatch.setattr(
        client_module, "version_headers", lambda: {**version_headers(), HEADER_PROTOCOL: "99"}
    )
    runner = SyncRunner(post, interval=60, refused_retry=3600)
    runner.start()
    try:
        wait_for(lambda: runner.state.last_error_kind == "update_required")
        wait_for(lambda: runner.state.next_attempt is not None and not runner.state.running)
        wait = (runner.state.next_attempt - post.now()).total_seconds()
        assert wait > 3000  # an hour, not a retry storm
        assert "HQ must be updated" in runner.state.last_error
    finally:
        runner.stop()
