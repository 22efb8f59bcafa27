"""The public feed (``/public/v1/ports``): the desk header's figures, stale ports, no personal data.

HQ runs for real (a subprocess on loopback) with a post that really synced
for the header test; the stale-port tests run HQ's app in a thread with a
clock they move (``ThreadedHQ``).  Every field of every answer is checked
against the list of what may be published, and every value against the
post's references, names and badges.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import httpx
import pytest
from sqlalchemy import select
from test_sync_support import HQ, demo_post, enrolled, joined_hub

from db.enums import Direction, LaneSubjects, Mode, Role, SubjectKind, TravellerCategory
from db.models import Officer
from desktop_app import clearance, forecasts, lanes, port_calendar, queue
from desktop_app.desk import Desk
from desktop_app.planning.plan import make_plan
from desktop_app.public_delay import (
    PREDICTED_HOURS,
    LaneHead,
    PublicLaneType,
    lane_type,
    port_delay,
    predicted_waits,
)
from desktop_app.sync.client import SyncClient
from hq.migrate import upgrade
from hq.public.feed import REFRESH, STALE_AFTER
from hq.public.ratelimit import RateLimiter
from hq.public.web import schema_fields
from hq.store import HQClock, hq_engine
from hq.testing import ThreadedHQ
from tests.conftest import Clock
from tests.helpers.sync import enroll
from tests.helpers.waiting import wait_until

pytest_plugins = ["test_sync_support"]

# Everything the feed may say: a new field is a decision, made here.
PUBLIC_FIELDS = {
    "schema",
    "generated_at",
    "refresh_s",
    "stale_after_s",
    "service_line",
    "ports",
    "ports[].code",
    "ports[].name_zh",
    "ports[].name_en",
    "ports[].time_zone",
    "ports[].status",
    "ports[].calendar_status",
    "ports[].open_now",
    "ports[].today_open",
    "ports[].today_opens",
    "ports[].today_closes",
    "ports[].stale",
    "ports[].updated_at",
    "ports[].waiting",
    "ports[].median_wait_s",
    "ports[].longest_wait_s",
    "ports[].lane_types",
    "ports[].lane_types[].lane_type",
    "ports[].lane_types[].lanes_open",
    "ports[].lane_types[].lanes",
    "ports[].lane_types[].waiting",
    "ports[].lane_types[].median_wait_s",
    "ports[].lane_types[].longest_wait_s",
    "ports[].lane_types[].predicted_wait",
    "ports[].lane_types[].predicted_wait[].start",
    "ports[].lane_types[].predicted_wait[].end",
    "ports[].lane_types[].predicted_wait[].median_s",
    "ports[].lane_types[].predicted_wait[].p90_s",
    "ports[].predicted_at",
}


def _officer(desk: Desk) -> Officer:
    with desk.read() as s:
        found = s.scalars(
            select(Officer).where(Officer.port_id == desk.port_id, Officer.role == Role.OFFICER)
        ).first()
    assert found is not None
    return found


def queue_up(desk: Desk, clock: Clock, count: int, prefix: str) -> None:
    """``count`` travellers and a vehicle joining open lanes a minute apart, none served."""
    officer = _officer(desk)
    board = lanes.lanes(desk)
    person = next(
        lane
        for lane in board
        if lane.kind.value == "regular"
        and lane.subjects == LaneSubjects.PERSONS
        and lane.direction.value == "entry"
    )
    vehicle = next(lane for lane in board if lane.subjects == LaneSubjects.VEHICLES)
    for lane in (person, vehicle):
        if not lane.is_open:
            lanes.set_open(desk, lane_id=lane.id, open_=True, by=officer.id)
    for i in range(count):
        clearance.join_queue(
            desk,
            lane_id=person.id,
            reference=f"{prefix}P{i:04d}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.FOREIGN_NATIONAL,
            by=officer.id,
        )
        clock.advance(minutes=1)
    clearance.join_queue(
        desk,
        lane_id=vehicle.id,
        reference=f"{prefix}V0001",
        subject_kind=SubjectKind.VEHICLE,
        traveller_category=None,
        by=officer.id,
    )


def sync(desk: Desk, url: str) -> None:
    with SyncClient(desk, url) as client:
        client.sync()


def personal_values(desk: Desk) -> set[str]:
    """Every reference, officer name and badge the post holds: none may leave in the feed."""
    with desk.read() as s:
        officers = s.scalars(select(Officer).where(Officer.port_id == desk.port_id)).all()
    values = {o.name for o in officers} | {o.badge_no for o in officers}
    values |= {c.reference for c in queue.current_queue(desk)}
    return {v for v in values if len(v) >= 3}


def check_no_personal_data(answer: dict, secrets: set[str], body: str) -> None:
    extra = set(schema_fields(answer)) - PUBLIC_FIELDS
    assert not extra, f"fields not on the public list: {sorted(extra)}"
    # A badge is four digits: it is looked for in the answer's texts, not in its figures or
    # times (a time's microseconds once held "9001"); the other values in the whole body.
    texts = " ".join(_texts(answer))
    leaked = sorted(v for v in secrets if v in texts or (not v.isdigit() and v in body))
    assert not leaked, f"personal values in the answer: {leaked[:5]}"


def _texts(value: object) -> list[str]:
    """The answer's strings, times left out (their digits are no one's badge)."""
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return [value]
        return []
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    return []


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- a real HQ, a synced post ----------------------------------------------------------


@pytest.fixture
def synced(hq: HQ, tmp_path: Path) -> Iterator[tuple[HQ, Desk]]:
    clock = Clock(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=8))
    desk = enrolled(hq, demo_post(tmp_path / "als", "ALS", days=1, seed=11, clock=clock))
    queue_up(desk, clock, 6, "Q")
    clock.at = datetime.now(UTC)  # the desk's clock is the machine's from here
    sync(desk, hq.url)
    try:
        yield hq, desk
    finally:
        desk.close()


def assert_feed_equals_header(url: str, desk: Desk) -> tuple[httpx.Response, dict]:
    """The server's feed for the desk's port says what the desk's header says: its answer."""
    asked = datetime.now(UTC)
    answer = httpx.get(url + "/public/v1/ports", timeout=30)
    assert answer.status_code == 200, answer.text
    (line,) = [p for p in answer.json()["ports"] if p["code"] == desk.port_code]
    as_of = _at(line["updated_at"])
    assert not line["stale"]
    assert abs(as_of - asked) <= REFRESH  # built now or at most one refresh ago
    # The header's figure (ui.live: queue.summarize over the current queue) at that moment.
    header = queue.summarize(queue.current_queue(desk), as_of)
    assert header.waiting >= 7
    assert line["waiting"] == header.waiting
    assert line["median_wait_s"] == int(header.median.total_seconds())
    assert line["longest_wait_s"] == int(header.longest.total_seconds())
    # Per lane type, from the desk's own lanes and queue.
    heads = [LaneHead(ln.id, ln.code, ln.kind, ln.subjects, ln.is_open) for ln in lanes.lanes(desk)]
    mine = port_delay(heads, queue.current_queue(desk), as_of)
    expected = {
        t.lane_type.value: (t.lanes_open, t.lanes, t.delay.waiting, t.delay.longest_s)
        for t in mine.lane_types
    }
    got = {
        t["lane_type"]: (t["lanes_open"], t["lanes"], t["waiting"], t["longest_wait_s"])
        for t in line["lane_types"]
    }
    assert got == expected
    assert got["regular"][2] >= 6 and got["vehicles"][2] >= 1
    check_no_personal_data(answer.json(), personal_values(desk), answer.text)
    return answer, line


def test_the_feed_equals_the_desk_header_within_one_refresh(synced):
    hq, desk = synced
    _answer, als = assert_feed_equals_header(hq.url, desk)
    got = {t["lane_type"]: (t["lanes"], t["waiting"]) for t in als["lane_types"]}

    # The XML says the same, in CBP's shape.
    xml = httpx.get(hq.url + "/public/v1/ports.xml", timeout=30)
    assert xml.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(xml.content)
    assert root.tag == "border_wait_time"
    port = next(p for p in root.iter("port") if p.findtext("port_number") == "ALS")
    assert port.findtext("port_status") in {"Open", "Closed", "Suspended", "Seasonal"}
    regular = port.find("regular_lanes")
    assert regular is not None
    assert int(regular.findtext("waiting") or -1) == got["regular"][1]
    assert int(regular.findtext("maximum_lanes") or -1) == got["regular"][0]
    for value in personal_values(desk):
        assert value not in xml.text


def coach_party(desk: Desk) -> None:
    """A coach party due within the hour, as the overseas side announced it."""
    forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="KZ-BUS-7",
        direction=Direction.ENTRY,
        expected_at=desk.now() + timedelta(minutes=40),
        expected_travellers=120,
        by=_officer(desk).id,
    )


def assert_predictions_are_the_desks_plan(url: str, desk: Desk) -> dict[str, list]:
    """The server's predicted waits for the desk's port are the desk's own plan: per type."""
    wait_until(
        lambda: _port(url, desk.port_code)["predicted_at"] is not None,
        what="the server's first plan (made in the background after the first answer)",
    )
    answer = httpx.get(url + "/public/v1/ports", timeout=30)
    line = next(p for p in answer.json()["ports"] if p["code"] == desk.port_code)
    at = _at(line["predicted_at"])
    # The desk's own plan at the same moment, read the same way.
    plan = make_plan(desk, hours=PREDICTED_HOURS + 1, at=at)
    cal = port_calendar.calendar(desk)
    mine = predicted_waits(plan, lambda t: port_calendar.status_of(cal, t).is_open)
    expected = {
        kind.value: [[h.start.isoformat(), h.end.isoformat(), h.median_s, h.p90_s] for h in hours]
        for kind, hours in mine.items()
    }
    got = {
        t["lane_type"]: [
            [_at(h["start"]).isoformat(), _at(h["end"]).isoformat(), h["median_s"], h["p90_s"]]
            for h in t["predicted_wait"]
        ]
        for t in line["lane_types"]
        if t["predicted_wait"] is not None
    }
    assert got == expected
    assert set(got) <= {"regular", "vehicles", "rail"}  # only planned lanes are predicted
    regular = got["regular"]
    assert len(regular) == PREDICTED_HOURS  # ALS is open 24 hours: every hour ahead
    assert _at(regular[0][0]) <= at < _at(regular[0][1])  # from the plan's moment ...
    assert all(_at(h[1]) - _at(h[0]) == timedelta(hours=1) for h in regular[1:])  # ... by hour
    assert any((h[2] or 0) > 0 for h in regular[:2])  # the coach party's wait
    for hours in got.values():
        for h in hours:  # median ≤ P90; both null in an hour nobody is expected
            assert (h[2] is None) == (h[3] is None) and (h[2] is None or h[2] <= h[3])
    check_no_personal_data(answer.json(), personal_values(desk), answer.text)
    return got


def test_the_feed_predicts_the_waits_of_the_ports_own_plan(synced):
    """The predicted delay is the post's plan, as the desk makes it, per lane type and hour."""
    hq, desk = synced
    coach_party(desk)
    sync(desk, hq.url)
    got = assert_predictions_are_the_desks_plan(hq.url, desk)
    assert "green" not in got  # a lane type the planner does not model: no prediction
    page = httpx.get(hq.url + "/public/", timeout=30).text
    assert "Predicted wait" in page and "预计等候" in page


def test_caching_etag_no_session_and_no_write_path(synced):
    hq, desk = synced
    # The first answer sets the port's plan going; the feed renews once it is made.
    wait_until(lambda: _port(hq.url, "ALS")["predicted_at"] is not None, what="the first plan")
    first = httpx.get(hq.url + "/public/v1/ports", timeout=30)
    tag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = httpx.get(hq.url + "/public/v1/ports", headers={"If-None-Match": tag}, timeout=30)
    assert again.status_code == 304 and again.content == b""
    xml = httpx.get(hq.url + "/public/v1/ports", headers={"Accept": "application/xml"}, timeout=30)
    assert xml.headers["content-type"].startswith("application/xml")
    assert xml.headers["etag"] != tag  # another representation, another tag
    head = httpx.head(hq.url + "/public/v1/ports", timeout=30)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == tag
    for path in ("/public/v1/ports", "/public/v1/ports.xml", "/public/", "/public/board"):
        got = httpx.get(hq.url + path, timeout=30)
        assert got.status_code == 200, path
        assert "set-cookie" not in got.headers, path
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            assert httpx.request(method, hq.url + path, timeout=30).status_code == 405, (
                method,
                path,
            )
    page = httpx.get(hq.url + "/public/board?port=als", timeout=30).text
    assert "12367" in page
    for value in personal_values(desk):
        assert value not in page


# -- stale ports, with HQ's clock in the test's hands ----------------------------------


def test_a_port_silent_past_the_limit_is_marked_stale_with_its_last_figures(tmp_path):
    engine = hq_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    upgrade(engine)
    hq_clock = Clock()  # inside TRG's hours, whenever the suite runs: its shift is open
    desk_clock = Clock(hq_clock.at - timedelta(minutes=10))
    desk = demo_post(tmp_path / "trg", "TRG", days=1, seed=3, clock=desk_clock)
    try:
        with ThreadedHQ(engine, HQClock(engine, wall=hq_clock)) as server:
            hq = HQ(server, engine, "")  # type: ignore[arg-type]
            enrolled(hq, desk)
            queue_up(desk, desk_clock, 3, "S")
            desk_clock.at = hq_clock.at
            sync(desk, server.url)
            contact = hq_clock.at
            fresh = _port(server.url, "TRG")
            assert not fresh["stale"] and _at(fresh["updated_at"]) == contact
            waited = fresh["longest_wait_s"]

            hq_clock.advance(seconds=STALE_AFTER.total_seconds() - 1)
            still = _port(server.url, "TRG")
            assert not still["stale"]
            assert still["longest_wait_s"] > waited  # the queue's waits go on growing

            # Past the limit with no word from the post, once the cached answer is renewed.
            hq_clock.advance(seconds=2 + REFRESH.total_seconds())
            stale = _port(server.url, "TRG")
            assert stale["stale"]
            # A quiet port's queue is not predicted: no plan from figures that old.
            assert stale["predicted_at"] is None
            assert all(t["predicted_wait"] is None for t in stale["lane_types"])
            # As of the last contact, never as if current.
            assert _at(stale["updated_at"]) == contact
            assert stale["longest_wait_s"] == waited
            board = httpx.get(server.url + "/public/board?port=TRG", timeout=30).text
            assert "Not updated" in board and "数据暂未更新" in board
            xml = httpx.get(server.url + "/public/v1/ports.xml", timeout=30).content
            port = next(
                p for p in ET.fromstring(xml).iter("port") if p.findtext("port_number") == "TRG"
            )
            assert port.findtext("stale") == "true"
            statuses = {e.findtext("operational_status") for e in port if len(e)}
            assert "delay" not in statuses and "no delay" not in statuses
    finally:
        desk.close()
        engine.dispose()


def _port(url: str, code: str) -> dict:
    feed = httpx.get(url + "/public/v1/ports", timeout=30).json()
    return next(p for p in feed["ports"] if p["code"] == code)


# -- the rate limit ---------------------------------------------------------------------


def test_the_rate_limit_holds_each_client_to_its_rate_and_forgets_idle_ones():
    now = [0.0]
    limiter = RateLimiter(2.0, 4.0, clients=3, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(4)] == [0, 0, 0, 0]  # the burst
    assert limiter.take("a") == pytest.approx(0.5)  # then 2 a second
    assert limiter.take("b") == 0  # another client has its own bucket
    now[0] += 0.5
    assert limiter.take("a") == 0
    for client in "cde":
        limiter.take(client)
    assert len(limiter) == 3  # bounded: the idlest were dropped


def test_a_client_over_its_rate_is_answered_429(tmp_path):
    engine = hq_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    upgrade(engine)
    try:
        with ThreadedHQ(engine) as server, httpx.Client(base_url=server.url) as client:
            codes = [client.get("/public/v1/ports").status_code for _ in range(60)]
            assert codes[0] == 200
            assert 429 in codes
            refused = client.get("/public/v1/ports")
            assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
            # Everything else HQ serves is not held to it.
            assert client.get("/v1/ping").status_code == 200
    finally:
        engine.dispose()


def test_public_lane_types():
    from db.enums import LaneKind

    assert lane_type("R-1", LaneKind.REGULAR, LaneSubjects.VEHICLES) == PublicLaneType.RAIL
    assert lane_type("V-IN-1", LaneKind.REGULAR, LaneSubjects.VEHICLES) == PublicLaneType.VEHICLES
    assert lane_type("FAST", LaneKind.FAST, LaneSubjects.VEHICLES) == PublicLaneType.FAST
    assert lane_type("GREEN", LaneKind.GREEN, LaneSubjects.PERSONS) == PublicLaneType.GREEN
    assert lane_type("BR", LaneKind.BELT_ROAD, LaneSubjects.BOTH) == PublicLaneType.BELT_ROAD
    assert lane_type("SEN", LaneKind.SENIOR, LaneSubjects.PERSONS) == PublicLaneType.REGULAR
    assert lane_type("EMG", LaneKind.EMERGENCY, LaneSubjects.PERSONS) is None
    assert lane_type("PRI", LaneKind.PRIORITY, LaneSubjects.PERSONS) is None


def test_schema_fields_walks_every_answer():
    answer = json.loads('{"a": 1, "b": [{"c": {"d": 2}}], "e": []}')
    assert schema_fields(answer) == ["a", "b", "b[].c", "b[].c.d", "e"]


# -- the post's hub, with the link to HQ down -------------------------------------------


def test_the_hub_publishes_its_port_as_the_desk_header_says_with_hq_stopped(hq: HQ, tmp_path: Path):
    """The hall board at a plateau post is served by the post's hub, from the rows it holds."""
    clock = Clock(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=8))
    desk = demo_post(tmp_path / "als", "ALS", days=1, seed=11, clock=clock)
    try:
        with joined_hub(hq, tmp_path / "hub", port="ALS") as hub:
            enroll(hub.engine, desk, hub.url, "platform")
            queue_up(desk, clock, 6, "H")
            coach_party(desk)
            clock.at = datetime.now(UTC)  # the desk's clock is the machine's from here
            sync(desk, hub.url)
            hq.server.kill()  # the post's link is down: the hub serves on
            answer, _line = assert_feed_equals_header(hub.url, desk)
            assert [p["code"] for p in answer.json()["ports"]] == ["ALS"]  # its own port only
            assert_predictions_are_the_desks_plan(hub.url, desk)
            board = httpx.get(hub.url + "/public/board?port=ALS", timeout=30)
            assert board.status_code == 200
            assert "12367" in board.text and "Next hour" in board.text
            for value in personal_values(desk):
                assert value not in board.text
    finally:
        desk.close()
