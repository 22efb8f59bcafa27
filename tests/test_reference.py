"""Reference data (desktop_app/reference.py) and creating a post (desktop_app/bootstrap.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.enums import LaneDirection, LaneKind, LaneSubjects
from db.models import DutyTeam, Lane, LocalState, OutboxEntry, Port
from desktop_app.bootstrap import WrongPort, initialize
from desktop_app.desk import Desk
from desktop_app.paths import database_path
from desktop_app.reference import (
    SEED_DEVICE,
    SEED_STAMP,
    lane_templates,
    port_spec,
    ports,
    reference_id,
)

# The product design card's list of port codes, as given (resources/reference/ports.csv holds them).
SHARED_PORTS = """\
code,name_en,name_zh,modes,neighbour,time_zone,plateau
ALS,Alashankou,阿拉山口,road;rail,Kazakhstan,Asia/Shanghai,no
HRG,Khorgos,霍尔果斯,road;rail,Kazakhstan,Asia/Shanghai,no
BKT,Baktu,巴克图,road,Kazakhstan,Asia/Shanghai,no
JMN,Jeminay,吉木乃,road,Kazakhstan,Asia/Shanghai,no
DLT,Dulata,都拉塔,road,Kazakhstan,Asia/Shanghai,no
TKS,Takeshiken,塔克什肯,road,Mongolia,Asia/Shanghai,no
HSZ,Hongshanzui,红山嘴,road,Mongolia,Asia/Shanghai,no
LYM,Laoyemiao,老爷庙,road,Mongolia,Asia/Shanghai,no
WLS,Ulastai,乌拉斯台,road,Mongolia,Asia/Shanghai,no
TRG,Torugart,吐尔尕特,road,Kyrgyzstan,Asia/Shanghai,yes
IRK,Irkeshtam,伊尔克什坦,road,Kyrgyzstan,Asia/Shanghai,yes
KHJ,Khunjerab,红其拉甫,road,Pakistan,Asia/Shanghai,yes
KRS,Karasu,卡拉苏,road,Tajikistan,Asia/Shanghai,yes
URC,Urumqi Diwopu International Airport,乌鲁木齐地窝堡国际机场,air,,Asia/Shanghai,no
KHG,Kashgar Airport,喀什机场,air,,Asia/Shanghai,no
"""
PLATEAU = {"TRG", "IRK", "KHJ", "KRS"}
BELT_AND_ROAD = {"ALS", "HRG", "IRK", "KHJ", "KRS", "URC"}
RAIL = {"ALS", "HRG"}


def shared_ports() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in csv.DictReader(io.StringIO(SHARED_PORTS))}


def test_all_fifteen_ports_load_and_match_the_shared_list():
    loaded = ports()
    shared = shared_ports()
    assert len(loaded) == 15
    assert set(loaded) == set(shared)
    for code, row in shared.items():
        spec = loaded[code]
        assert spec.code == code
        assert spec.name_en == row["name_en"]
        assert spec.name_zh == row["name_zh"]
        assert ";".join(spec.modes) == row["modes"]
        assert spec.neighbour == row["neighbour"]
        assert spec.time_zone == row["time_zone"]
        assert spec.plateau == (row["plateau"] == "yes")
    assert {c for c, s in loaded.items() if s.plateau} == PLATEAU
    assert {c for c, s in loaded.items() if "rail" in s.modes} == RAIL


def test_port_codes_are_case_insensitive_and_unknown_codes_name_the_known_ones(tmp_path: Path):
    assert port_spec("trg") == port_spec("TRG") == port_spec("Trg")
    with pytest.raises(KeyError) as caught:
        port_spec("XYZ")
    message = str(caught.value)
    assert "XYZ" in message
    for code in ports():
        assert code in message
    directory = tmp_path / "nowhere"
    with pytest.raises(KeyError, match="known codes"):
        initialize(directory, "xyz")
    assert not database_path(directory).exists()


def test_initialize_takes_a_lower_case_code(tmp_path: Path):
    desk = initialize(tmp_path / "post", "trg")
    try:
        assert desk.port_code == "TRG"
        assert desk.port_id == reference_id("port", "TRG")
        with desk.read() as s:
            assert s.scalars(select(Port.code)).all() == ["TRG"]
            state = {r.key: r.value for r in s.scalars(select(LocalState))}
        assert state["port_code"] == "TRG"
    finally:
        desk.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Lane]]]:
    """Every port initialized once, in its own data directory: code -> lanes by code."""
    out: dict[str, dict[str, Lane]] = {}
    for code in sorted(ports()):
        desk = initialize(tmp_path_factory.mktemp(code.lower()), code)
        try:
            with desk.read() as s:
                out[code] = {lane.code: lane for lane in s.scalars(select(Lane))}
        finally:
            desk.close()
    yield out


def test_every_port_gets_a_lane_set(seeded):
    for code, lanes in seeded.items():
        assert lanes, code
        positions = sorted(lane.position for lane in lanes.values())
        assert positions == list(range(len(lanes))), code
        assert all(not lane.is_open for lane in lanes.values()), code
        assert all(lane.capacity_per_hour and lane.capacity_per_hour > 0 for lane in lanes.values())
        assert len(lanes) == len(lane_templates(port_spec(code)))


def test_plateau_ports_get_an_emergency_passage(seeded):
    for code, lanes in seeded.items():
        emergency = [lane for lane in lanes.values() if lane.kind == LaneKind.EMERGENCY]
        if code in PLATEAU:
            assert [lane.code for lane in emergency] == ["EMERGENCY"], code
            assert emergency[0].subjects == LaneSubjects.BOTH
        else:
            assert emergency == [], code


def test_belt_and_road_ports_get_a_belt_and_road_channel(seeded):
    for code, lanes in seeded.items():
        channel = [lane for lane in lanes.values() if lane.kind == LaneKind.BELT_ROAD]
        assert (len(channel) == 1) == (code in BELT_AND_ROAD), code
        assert len(channel) <= 1


def test_only_khunjerab_gets_a_lane_for_travellers_over_60(seeded):
    senior = {code for code, lanes in seeded.items() if "SENIOR" in lanes}
    assert senior == {"KHJ"}
    assert seeded["KHJ"]["SENIOR"].kind == LaneKind.SENIOR
    assert seeded["KHJ"]["SENIOR"].subjects == LaneSubjects.PERSONS


def test_torugart_has_four_vehicle_lanes_each_way(seeded):
    lanes = seeded["TRG"].values()
    for direction in (LaneDirection.ENTRY, LaneDirection.EXIT):
        vehicle = sorted(
            lane.code
            for lane in lanes
            if lane.subjects == LaneSubjects.VEHICLES and lane.direction == direction
        )
        prefix = "V-IN" if direction == LaneDirection.ENTRY else "V-OUT"
        assert vehicle == [f"{prefix}-{n}" for n in range(1, 5)]


def test_rail_ports_get_train_tracks_each_way(seeded):
    for code, lanes in seeded.items():
        if code in RAIL:
            assert lanes["R-IN"].direction == LaneDirection.ENTRY
            assert lanes["R-OUT"].direction == LaneDirection.EXIT
            assert lanes["R-IN"].subjects == LaneSubjects.VEHICLES
        else:
            assert "R-IN" not in lanes and "R-OUT" not in lanes, code


SEEDED: tuple[Any, ...] = (Port, Lane, DutyTeam)  # the synced models a port's seed writes


def _snapshot(directory: Path) -> dict[str, Any]:
    desk = Desk.open(directory)
    try:
        with desk.read() as s:
            return {
                "port": s.scalars(select(Port.id)).all(),
                "lanes": sorted((lane.code, lane.id) for lane in s.scalars(select(Lane))),
                "teams": sorted((t.name_zh, t.id) for t in s.scalars(select(DutyTeam))),
                "device": desk.device_id,
                "outbox": s.scalar(select(func.count()).select_from(OutboxEntry)),
                "stamps": {
                    (row.origin_device, row.version, row.hlc, row.deleted)
                    for model in SEEDED
                    for row in s.scalars(select(model))
                },
            }
    finally:
        desk.close()


def test_seeded_ids_are_deterministic_and_seeding_queues_nothing(tmp_path: Path):
    initialize(tmp_path / "a", "TRG").close()
    initialize(tmp_path / "b", "trg").close()
    a, b = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert a["port"] == b["port"] == [reference_id("port", "TRG")]
    assert a["lanes"] == b["lanes"]
    assert a["lanes"] and all(
        lane_id == reference_id("lane", "TRG", code) for code, lane_id in a["lanes"]
    )
    assert a["teams"] == b["teams"] and len(a["teams"]) == 4
    assert all(team_id == reference_id("team", "TRG", name) for name, team_id in a["teams"])
    # each installation is its own device
    assert a["device"] != b["device"]
    # the seeded rows carry the fixed reference stamp and were not queued for sending
    assert a["stamps"] == b["stamps"] == {(SEED_DEVICE, 1, SEED_STAMP, False)}
    assert a["outbox"] == b["outbox"] == 0


def test_different_ports_get_different_ids(tmp_path: Path):
    assert reference_id("port", "TRG") != reference_id("port", "KHJ")
    assert reference_id("lane", "TRG", "P-IN-1") != reference_id("lane", "KHJ", "P-IN-1")


def test_initializing_the_same_port_again_changes_nothing(tmp_path: Path):
    directory = tmp_path / "post"
    initialize(directory, "KHJ").close()
    first = _snapshot(directory)
    initialize(directory, "khj").close()
    assert _snapshot(directory) == first


def test_a_directory_of_another_port_raises_wrong_port(tmp_path: Path):
    directory = tmp_path / "post"
    initialize(directory, "TRG").close()
    before = _snapshot(directory)
    with pytest.raises(WrongPort) as caught:
        initialize(directory, "ALS")
    assert "TRG" in str(caught.value) and "ALS" in str(caught.value)
    after = _snapshot(directory)
    assert after == before  # no ALS port or lanes slipped in
