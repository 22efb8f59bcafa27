"""Desk B's screen shows desk A's waiting traveller through the post's hub, with HQ down.

A real HQ and a real hub run as subprocesses; desk B runs the real window
(pytest-qt, offscreen) with the sync runner the app starts, which syncs with
the hub every second; desk A records a traveller joining the queue and
syncs.  B's header counts the traveller, and its sync slot shows both
links: the hub's and the hub's own link to HQ.
"""

from __future__ import annotations

import pytest
from test_sync_support import (
    HQ,
    Background,
    an_officer,
    demo_post,
    joined_hub,
    joined_hub_database,
    record_clearances,
)
from test_ui_sync import finish, start

from db.base import utcnow
from db.enums import SubjectKind, TravellerCategory
from desktop_app import clearance, lanes
from desktop_app.bootstrap import initialize
from desktop_app.demo import DEMO_PIN
from desktop_app.sync.client import SyncClient
from desktop_app.sync.join import join_post
from hq import devices
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import HQServer
from tests.helpers.sync import enroll
from ui.sync_link import SyncLink
from ui.widgets.hub_control import HubControl

pytest_plugins = ["test_sync_support"]


@pytest.fixture(autouse=True)
def hub_runner(monkeypatch):
    # The app's own choice for a desk of a hub: a short interval (runner.HUB_INTERVAL_S).
    monkeypatch.setattr(SyncLink, "runner_options", {"initial_backoff": 0.5, "probe_every": 0.3})


def test_desk_b_header_shows_desk_a_waiting_traveller_through_the_hub(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    server = HQServer(url, log=tmp_path / "hq.log").start()
    hq = HQ(server, engine, url)
    with joined_hub(hq, tmp_path / "hub") as hub:
        desk_a = demo_post(tmp_path / "a", "TRG", days=1, seed=1)
        enroll(hub.engine, desk_a, hub.url, "platform A")
        record_clearances(desk_a, 1)  # a shift and a lane open
        with SyncClient(desk_a, hub.url) as client:
            client.sync()
        code = devices.create_code(hub.engine, "TRG", utcnow())
        desk_b = join_post(tmp_path / "b", "TRG", hub.url, code, label="deputy").desk
        server.kill()  # HQ is out of reach for the rest of the test
        officer = an_officer(desk_b)
        ui = start(qtbot, desk_b)
        ui.sign_in(officer.badge_no, DEMO_PIN)
        box = ui.workspace.header.queue_box
        slot = ui.workspace.header.sync_slot
        ui.wait(lambda: slot.text.text().startswith("Hub ✓") and "HQ offline" in slot.text.text())
        before = box.level.waiting  # the demo's day left some travellers waiting

        def at_desk_a() -> None:  # another machine: off this window's thread
            lane = next(lane for lane in lanes.lanes(desk_a) if lane.is_open)
            clearance.join_queue(
                desk_a,
                lane_id=lane.id,
                reference="A-0001",
                subject_kind=SubjectKind.PERSON,
                traveller_category=TravellerCategory.CHINESE_CITIZEN,
                by=an_officer(desk_a).id,
            )
            with SyncClient(desk_a, hub.url) as client:
                client.sync()

        work = Background(at_desk_a)
        work.start()
        ui.wait(lambda: not work.is_alive())
        work.join()
        ui.wait(lambda: box.level.waiting == before + 1)
        assert box.waiting.text() == f"{before + 1} waiting"
        finish(ui)
        desk_a.close()
    engine.dispose()


@pytest.mark.parametrize("joined", [True, False], ids=["joined", "not-joined"])
def test_the_sync_panel_runs_the_posts_hub_on_this_computer(qtbot, tmp_path, monkeypatch, joined):
    monkeypatch.setattr(HubControl, "listen_host", "127.0.0.1")
    monkeypatch.setattr(HubControl, "listen_port", 0)
    desk = initialize(tmp_path / "desk", "TRG")
    if joined:
        url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
        engine = hq_engine(url)
        upgrade(engine)
        with HQServer(url, log=tmp_path / "hq.log") as server:
            joined_hub_database(HQ(server, engine, url), desk.data_dir / "hub")
        engine.dispose()
    ui = start(qtbot, desk)
    control = ui.workspace.sync.hub_control
    control.switch.setChecked(True)
    if not joined:
        ui.wait(lambda: "did not start" in control.note.text())
        assert "hub-join" in control.note.text()
        assert not control.switch.isChecked() and ui.ctx.hub_host is None
        finish(ui)
        return
    ui.wait(lambda: ui.ctx.hub_host is not None)
    host = ui.ctx.hub_host
    assert host.running and str(host.port) in control.note.text()
    # Served over TLS, and the note shows the fingerprint the desks' codes carry.
    assert host.url.startswith("https://") and host.fingerprint in control.note.text()
    control.switch.setChecked(False)
    ui.wait(lambda: control.switch.isEnabled() and "stopped" in control.note.text())
    assert not host.running
    finish(ui)
