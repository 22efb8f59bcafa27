"""Reference data shipped in ``resources/reference``: ports, lane sets, checklist, teams.

Seeded rows get deterministic ids (UUIDv5 of their natural key) and a fixed
stamp, so a post and HQ that seed the same port create the very same rows
and sync never sees two versions of one lane.  They are written as *remote*
rows: not queued for sending, since every side already has them.
"""

from __future__ import annotations

import csv
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from db.enums import LaneDirection, LaneKind, LaneSubjects, PortStatus
from db.hlc import HybridClock
from db.models import DutyTeam, Lane, Port, PortCalendar
from db.outbox import WriteContext
from resources import REFERENCE_DIR

NAMESPACE = uuid.UUID("5b0c1d0e-8c1f-4f43-9a57-c0a1d2e3f4a5")
SEED_DEVICE = "reference"
SEED_STAMP = "0000000000000-000000-reference"
# Fixed, so that every side seeding a port writes exactly the same rows.
SEED_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def reference_id(*key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(key))


@dataclass(frozen=True)
class PortSpec:
    code: str
    name_en: str
    name_zh: str
    station_zh: str
    modes: tuple[str, ...]
    neighbour: str
    time_zone: str
    plateau: bool
    opens_at: time | None
    closes_at: time | None
    channels: tuple[str, ...]
    notes: str

    @property
    def is_24x7(self) -> bool:
        return self.opens_at is None


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(";") if v)


@cache
def ports() -> dict[str, PortSpec]:
    with (REFERENCE_DIR / "ports.csv").open(encoding="utf-8", newline="") as f:
        return {
            row["code"]: PortSpec(
                code=row["code"],
                name_en=row["name_en"],
                name_zh=row["name_zh"],
                station_zh=row["station_zh"],
                modes=_split(row["modes"]),
                neighbour=row["neighbour"],
                time_zone=row["time_zone"],
                plateau=row["plateau"] == "yes",
                opens_at=time.fromisoformat(row["opens_at"]) if row["opens_at"] else None,
                closes_at=time.fromisoformat(row["closes_at"]) if row["closes_at"] else None,
                channels=_split(row["channels"]),
                notes=row["notes"],
            )
            for row in csv.DictReader(f)
        }


class UnknownPort(KeyError):
    """A port code that is not in resources/reference/ports.csv."""


def port_spec(code: str) -> PortSpec:
    try:
        return ports()[code.upper()]
    except KeyError:
        known = ", ".join(sorted(ports()))
        raise UnknownPort(f"unknown port code {code!r}; known codes: {known}") from None


@cache
def _json_text(name: str) -> str:
    return (REFERENCE_DIR / name).read_text(encoding="utf-8")


def _json(name: str) -> Any:
    """A fresh copy each call (callers may change it), the file read once."""
    return json.loads(_json_text(name))


def service_line() -> dict[str, Any]:
    """The 12367 log's topics, languages and reply limits (``service_line.json``)."""
    doc: dict[str, Any] = _json("service_line.json")
    return doc


def lane_templates(spec: PortSpec) -> list[dict[str, Any]]:
    """The default lane set: the union of the port's modes' sets, then its extra channels."""
    doc = _json("lanes.json")
    lanes: dict[str, dict[str, Any]] = {}
    for source in [doc["modes"][m] for m in spec.modes] + [doc["extras"][c] for c in spec.channels]:
        for lane in source:
            lanes.setdefault(lane["code"], lane)
    return list(lanes.values())


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label_zh: str
    label_en: str
    required: bool


def checklist(spec: PortSpec) -> list[ChecklistItem]:
    return [
        ChecklistItem(i["code"], i["label_zh"], i["label_en"], i["required"])
        for i in _json("checklist.json")["items"]
        if spec.plateau or not i.get("plateau", False)
    ]


@dataclass(frozen=True)
class Target:
    """A service target: ``measure`` is ``wait`` (joined → service started) or ``total``
    (joined → left the desk), in whole minutes."""

    kind: str  # the subject kind it is for: person, vehicle, train
    measure: str
    minutes: int

    @property
    def seconds(self) -> float:
        return self.minutes * 60.0


# The national rule: a Chinese citizen queues no more than 30 minutes (June 2018).
CITIZEN_TARGET = Target("person", "wait", 30)


def targets(spec: PortSpec) -> dict[str, Target]:
    """The port's targets per subject kind: travellers the national rule, vehicles and
    trains the station's own (``targets.json``: the port's override, else its modes',
    else the default)."""
    doc = _json("targets.json")
    out = {"person": CITIZEN_TARGET}
    for kind in ("vehicle", "train"):
        found = doc["default"][kind]
        for mode in spec.modes:
            found = doc["modes"].get(mode, {}).get(kind, found)
        found = doc["ports"].get(spec.code, {}).get(kind, found)
        if found["measure"] not in ("wait", "total") or int(found["minutes"]) <= 0:
            raise ValueError(f"targets.json: bad target for {kind} at {spec.code}: {found}")
        out[kind] = Target(kind, found["measure"], int(found["minutes"]))
    return out


@dataclass(frozen=True)
class Holidays:
    days: frozenset[date]
    factor: float  # ordinary days' traffic scaled by this when history has no holiday


@cache
def holidays() -> Holidays:
    """Public holidays (``holidays.json``): the planner expects traffic apart on them."""
    doc = _json("holidays.json")
    return Holidays(frozenset(date.fromisoformat(d) for d in doc["days"]), float(doc["factor"]))


def seed_context() -> WriteContext:
    return WriteContext(device_id=SEED_DEVICE, clock=HybridClock(SEED_DEVICE), remote=True)


def _stamped(obj: Any) -> Any:
    obj.origin_device, obj.version, obj.hlc = SEED_DEVICE, 1, SEED_STAMP
    obj.updated_at, obj.deleted = SEED_TIME, False
    return obj


def seed_port(session: Session, code: str) -> Port:
    """Create the port, its default lanes, duty teams and calendar unless they exist."""
    spec = port_spec(code)
    port = session.get(Port, reference_id("port", spec.code))
    if port is not None:
        return port
    port = _stamped(
        Port(
            id=reference_id("port", spec.code),
            code=spec.code,
            name_en=spec.name_en,
            name_zh=spec.name_zh,
            station_zh=spec.station_zh,
            modes=";".join(spec.modes),
            neighbour=spec.neighbour,
            time_zone=spec.time_zone,
            plateau=spec.plateau,
            opens_at=spec.opens_at,
            closes_at=spec.closes_at,
            notes=spec.notes,
        )
    )
    session.add(port)
    session.flush()  # no ORM relationships: the port must exist before its lanes
    for position, t in enumerate(lane_templates(spec)):
        session.add(
            _stamped(
                Lane(
                    id=reference_id("lane", spec.code, t["code"]),
                    port_id=port.id,
                    code=t["code"],
                    name_en=t["name_en"],
                    name_zh=t["name_zh"],
                    kind=LaneKind(t["kind"]),
                    direction=LaneDirection(t["direction"]),
                    subjects=LaneSubjects(t["subjects"]),
                    is_open=False,
                    position=position,
                    capacity_per_hour=t["capacity_per_hour"],
                )
            )
        )
    for team in _json("teams.json")["teams"]:
        session.add(
            _stamped(
                DutyTeam(
                    id=reference_id("team", spec.code, team["name_zh"]),
                    port_id=port.id,
                    name_zh=team["name_zh"],
                    name_en=team["name_en"],
                )
            )
        )
    # The port's calendar starts as the CSV says: open, at its hours; HQ edits it.
    session.add(
        _stamped(
            PortCalendar(
                id=reference_id("port_calendar", spec.code),
                port_id=port.id,
                status=PortStatus.OPEN,
                first_day=None,
                last_day=None,
                opens_at=spec.opens_at,
                closes_at=spec.closes_at,
                note="",
            )
        )
    )
    session.flush()
    return port
