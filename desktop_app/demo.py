"""Realistic synthetic days for a post, written through the real services.

A small discrete-event simulation builds each day first (forecasts and how
they really arrived, travellers joining queues in waves, lanes served at the
public rates, lanes opened when a queue passes 15 minutes and closed when
idle, priority clearances, emergencies), then replays every action in time
order through ``desktop_app`` with a simulated clock, so the data obeys
every rule the desk enforces.  The last day ends at the current time: the
screens show a live queue and an open shift.  Same ``seed``, same data.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from db.base import utcnow
from db.enums import (
    CargoCategory,
    CheckResult,
    Direction,
    EmergencyKind,
    ForecastSource,
    LaneKind,
    LaneSubjects,
    Mode,
    Outcome,
    PreInspection,
    Role,
    SizeMethod,
    SubjectKind,
    TravellerCategory,
)
from db.models import DutyTeam, Lane, Officer, Shift
from desktop_app import (
    alerts,
    approvals,
    clearance,
    emergencies,
    forecasts,
    lanes,
    officers,
    reference,
    shifts,
)
from desktop_app.desk import Desk
from desktop_app.lane_groups import groups_served, is_rail_track

DEMO_PIN = "1234"
OPEN_AT = timedelta(minutes=15)  # amber: open another lane
REACTION = timedelta(minutes=3)  # from amber to the lane actually opening
IDLE_CLOSE = timedelta(minutes=40)
# Traffic by weekday (Monday first): the weekend and Friday are busier, midweek quieter,
# so that a planner's "same weekday over recent weeks" has a pattern to find.
WEEKDAY = (1.0, 0.85, 0.85, 0.95, 1.2, 1.35, 1.15)
# Walk-ins nobody forecast, per hour and direction at the day's busiest (road ports).
WALK_IN_PEAK = 7.0
TRAINS_A_DAY = 24  # slots in a rail port's timetable (Alashankou: up to 30 trains a day)

OFFICER_NAMES = [
    "何锐", "李成龙", "王强", "刘洋", "陈静", "张伟", "杨帆", "赵磊", "黄敏", "周杰",
    "吴昊", "徐丽", "孙涛", "马俊", "朱琳", "胡斌", "郭鹏", "林峰", "罗欣", "高远",
]  # fmt: skip


@dataclass
class DemoSummary:
    days: int
    forecasts: int = 0
    clearances: int = 0
    events: int = 0
    shifts: int = 0
    approvals: int = 0
    emergencies: int = 0
    moves: int = 0  # subjects sent on to a lane opened for their queue
    acknowledged: int = 0  # alert episodes an officer acknowledged
    officers: list[tuple[str, str, str]] = field(default_factory=list)  # badge, name, role


class SimClock:
    """The desk's clock during replay: it reads whatever time the simulation is at."""

    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at


@dataclass(order=True)
class Action:
    at: datetime
    order: int  # same instant: shift changes first, then lanes, then the rest
    seq: int
    run: Callable[[], Any] = field(compare=False)


@dataclass
class Traveller:
    reference: str
    kind: SubjectKind
    category: TravellerCategory | None
    direction: Direction
    arrives: datetime
    service_s: float
    forecast: int | None = None  # index in the day's forecast list
    forecast_ids: dict[int, uuid.UUID] | None = None  # that list's ids, known at replay
    lane_kinds: tuple[LaneKind, ...] = (LaneKind.REGULAR,)
    priority_approval: bool = False
    approval_id: uuid.UUID | None = None
    clearance_id: uuid.UUID | None = None
    lane_id: uuid.UUID | None = None
    moved_at: datetime | None = None  # sent on to another lane then; served after it


@dataclass
class SimLane:
    lane: Lane
    open: bool = False
    open_since: datetime | None = None
    closed_at: datetime | None = None
    queue: list[Traveller] = field(default_factory=list)
    free_at: datetime | None = None
    idle_since: datetime | None = None
    serving: Traveller | None = None

    def takes(self, t: Traveller) -> bool:
        direction_ok = self.lane.direction.value in ("both", t.direction.value)
        if t.kind == SubjectKind.PERSON:
            subjects_ok = self.lane.subjects in (LaneSubjects.PERSONS, LaneSubjects.BOTH)
        else:
            subjects_ok = self.lane.subjects in (LaneSubjects.VEHICLES, LaneSubjects.BOTH)
        # Trains use the rail inspection lines ("R-" lanes), road vehicles never do.
        rail_ok = (t.kind == SubjectKind.TRAIN) == is_rail_track(self.lane.code)
        return direction_ok and subjects_ok and rail_ok and self.lane.kind in t.lane_kinds


class Generator:
    def __init__(self, desk: Desk, *, seed: int, end: datetime) -> None:
        self.real = desk
        self.rng = random.Random(seed)
        self.end = end
        self.spec = reference.port_spec(desk.port_code)
        self.zone = desk.port_zone
        self.clock = SimClock(end)
        self.desk = Desk(desk.engine, clock=self.clock, data_dir=desk.data_dir)
        self.actions: list[Action] = []
        self.seq = itertools.count()
        self.summary = DemoSummary(days=0)
        self.tickets = itertools.count(1)
        self.latest: datetime | None = None

    # -- people -------------------------------------------------------------

    def roster(self) -> tuple[Officer, list[Officer], list[Officer]]:
        existing = officers.roster(self.desk, include_inactive=True)
        if existing:
            admin = next(o for o in existing if o.role == Role.ADMIN)
            deputies = [o for o in existing if o.role == Role.DEPUTY_CAPTAIN]
            staff = [o for o in existing if o.role == Role.OFFICER]
            return admin, deputies, staff
        self.clock.at = utcnow() - timedelta(days=400)
        admin = officers.add_officer(
            self.desk, badge_no="9001", name="系统管理员", role=Role.ADMIN, pin=DEMO_PIN, by=None
        )
        deputies, staff = [], []
        for i, name in enumerate(OFFICER_NAMES[:4]):
            deputies.append(
                officers.add_officer(
                    self.desk,
                    badge_no=f"{1001 + i}",
                    name=name,
                    role=Role.DEPUTY_CAPTAIN,
                    pin=DEMO_PIN,
                    by=admin.id,
                )
            )
        for i, name in enumerate(OFFICER_NAMES[4:16]):
            staff.append(
                officers.add_officer(
                    self.desk,
                    badge_no=f"{2001 + i}",
                    name=name,
                    role=Role.OFFICER,
                    pin=DEMO_PIN,
                    by=admin.id,
                )
            )
        officers.add_officer(
            self.desk,
            badge_no="3001",
            name=OFFICER_NAMES[16],
            role=Role.CAPTAIN,
            pin=DEMO_PIN,
            by=admin.id,
        )
        return admin, deputies, staff

    # -- scheduling ---------------------------------------------------------

    def at(self, when: datetime, order: int, run: Callable[[], Any]) -> None:
        if when <= self.end:
            heapq.heappush(self.actions, Action(when, order, next(self.seq), run))
            self.latest = max(self.latest, when) if self.latest else when

    def local(self, day: date, clock_time: time) -> datetime:
        return datetime.combine(day, clock_time, tzinfo=self.zone)

    def shift_plan(self, day: date) -> list[tuple[datetime, datetime]]:
        if self.spec.is_24x7:
            return [
                (self.local(day, time(8)), self.local(day, time(20))),
                (self.local(day, time(20)), self.local(day + timedelta(days=1), time(8))),
            ]
        assert self.spec.opens_at and self.spec.closes_at
        start = self.local(day, self.spec.opens_at) - timedelta(minutes=30)
        return [(start, self.local(day, self.spec.closes_at) + timedelta(minutes=30))]

    # -- the day's traffic ----------------------------------------------------

    def traffic(self, day: date) -> list[tuple[dict[str, Any], datetime | None, list[Traveller]]]:
        """Forecasts (as dicts for forecasts.add), their actual arrival, and who came."""
        rng = self.rng
        out: list[tuple[dict[str, Any], datetime | None, list[Traveller]]] = []
        if self.spec.is_24x7:  # trains around the clock; road and air traffic by day
            open_from, open_until = self.local(day, time(8, 45)), self.local(day, time(22, 30))
        else:
            windows = self.shift_plan(day)
            open_from = windows[0][0] + timedelta(minutes=45)
            open_until = windows[-1][1] - timedelta(minutes=60)
        span = (open_until - open_from).total_seconds()
        busy = WEEKDAY[day.weekday()]

        def moment() -> datetime:
            # Arrivals bunch in the late morning and the afternoon.
            x = min(max(rng.betavariate(2.2, 2.0), 0.0), 1.0)
            return open_from + timedelta(seconds=x * span)

        def person(direction: Direction, when: datetime, share_cn: float, fast: float) -> Traveller:
            category = (
                TravellerCategory.CHINESE_CITIZEN
                if rng.random() < share_cn
                else TravellerCategory.FOREIGN_NATIONAL
            )
            kinds = (LaneKind.REGULAR,) + ((LaneKind.GREEN,) if rng.random() < 0.06 else ())
            if self.spec.code == "KHJ" and rng.random() < 0.05:
                kinds = (LaneKind.SENIOR, LaneKind.REGULAR)
            return Traveller(
                reference=f"Q{next(self.tickets):05d}",
                kind=SubjectKind.PERSON,
                category=category,
                direction=direction,
                arrives=when,
                service_s=max(8.0, rng.lognormvariate(0, 0.35) * fast),
                lane_kinds=kinds,
            )

        if Mode.ROAD.value in self.spec.modes:
            # Torugart's published figure fell from 45 s to 15 s a traveller; elsewhere
            # we assume 25 s (a staffed booth does ~100 an hour, e-channels faster).
            per_traveller = 16.0 if self.spec.code == "TRG" else 25.0
            for _ in range(round(rng.randint(8, 13) * busy)):  # buses
                direction = rng.choice(list(Direction))
                expected = moment()
                n = rng.randint(18, 48)
                plate = self.plate(["新A", "新Q", "KG 01", "KG 03"])
                arrival = self.actual(expected)
                people = [
                    person(
                        direction,
                        (arrival or expected) + timedelta(seconds=rng.uniform(30, 420)),
                        0.55,
                        per_traveller,
                    )
                    for _ in range(n)
                ]
                out.append(
                    (
                        {
                            "mode": Mode.ROAD,
                            "reference": plate,
                            "direction": direction,
                            "expected_at": expected,
                            "expected_travellers": n + rng.randint(-3, 3),
                            "expected_vehicles": 1,
                            "cargo": CargoCategory.NONE,
                            "source": rng.choice([ForecastSource.OVERSEAS, ForecastSource.CARRIER]),
                            "carrier": rng.choice(["喀什国际运输", "Osh Trans", "伊犁客运"]),
                        },
                        arrival,
                        people if arrival else [],
                    )
                )
            for _ in range(round(rng.randint(6, 10) * busy)):  # truck convoys
                direction = rng.choice(list(Direction))
                expected = moment()
                cargo = rng.choices(
                    [
                        CargoCategory.GENERAL,
                        CargoCategory.ENERGY,
                        CargoCategory.LIVELIHOOD,
                        CargoCategory.BELT_ROAD,
                    ],
                    [5, 2, 2, 1 if "belt_road" in self.spec.channels else 0],
                )[0]
                n = rng.randint(4, 14)
                arrival = self.actual(expected)
                kinds = {
                    CargoCategory.ENERGY: (LaneKind.FAST, LaneKind.REGULAR),
                    CargoCategory.LIVELIHOOD: (LaneKind.FAST, LaneKind.REGULAR),
                    CargoCategory.BELT_ROAD: (LaneKind.BELT_ROAD, LaneKind.REGULAR),
                }.get(cargo, (LaneKind.REGULAR,))
                trucks = [
                    Traveller(
                        reference=self.plate(["新A", "新B", "新Q", "KG 02"]),
                        kind=SubjectKind.VEHICLE,
                        category=None,
                        direction=direction,
                        arrives=(arrival or expected)
                        + timedelta(seconds=40 * i + rng.uniform(0, 60)),
                        service_s=max(60.0, rng.lognormvariate(0, 0.3) * 150),
                        lane_kinds=kinds,
                    )
                    for i in range(n)
                ]
                out.append(
                    (
                        {
                            "mode": Mode.ROAD,
                            "reference": f"车队 {rng.randint(100, 999)}",
                            "direction": direction,
                            "expected_at": expected,
                            "expected_travellers": n,
                            "expected_vehicles": n,
                            "cargo": cargo,
                            "source": ForecastSource.OVERSEAS,
                            "carrier": rng.choice(["中亚物流", "Kyrgyz Cargo"]),
                        },
                        arrival,
                        trucks if arrival else [],
                    )
                )
            if not self.spec.is_24x7:  # a convoy that reaches the gate before it opens
                assert self.spec.opens_at is not None
                gate = self.local(day, self.spec.opens_at)
                arrival = gate - timedelta(minutes=rng.uniform(8, 20))
                n = rng.randint(4, 9)
                direction = rng.choice(list(Direction))
                trucks = [
                    Traveller(
                        reference=self.plate(["新A", "新B", "KG 02"]),
                        kind=SubjectKind.VEHICLE,
                        category=None,
                        direction=direction,
                        arrives=arrival + timedelta(seconds=40 * i + rng.uniform(0, 60)),
                        service_s=max(60.0, rng.lognormvariate(0, 0.3) * 150),
                    )
                    for i in range(n)
                ]
                out.append(
                    (
                        {
                            "mode": Mode.ROAD,
                            "reference": f"车队 {rng.randint(100, 999)}",
                            "direction": direction,
                            "expected_at": gate - timedelta(minutes=15),
                            "expected_travellers": n,
                            "expected_vehicles": n,
                            "cargo": CargoCategory.GENERAL,
                            "source": ForecastSource.OVERSEAS,
                            "carrier": "中亚物流",
                        },
                        arrival,
                        trucks,
                    )
                )
            # Walk-ins nobody forecast: a Poisson stream that swells late morning and
            # afternoon, by weekday.
            for direction in Direction:
                when = open_from
                while True:
                    when += timedelta(hours=rng.expovariate(WALK_IN_PEAK * busy))
                    if when >= open_until:
                        break
                    x = (when - open_from).total_seconds() / span
                    # thinning: the day's profile (0.3 at the edges, 1 at the peaks)
                    if rng.random() > 0.3 + 0.7 * math.sin(math.pi * x) ** 2:
                        continue
                    out.append(({}, when, [person(direction, when, 0.7, per_traveller)]))
            # A few travellers walk up just before the demo ends: the desk opens on a
            # live queue, whatever the random day looks like.
            last = self.end - timedelta(seconds=40)
            if open_from <= last <= open_until:
                direction = rng.choice(list(Direction))
                out.append(
                    (
                        {},
                        last,
                        [
                            person(direction, last + timedelta(seconds=i), 0.7, per_traveller)
                            for i in range(4)
                        ],
                    )
                )
        if Mode.RAIL.value in self.spec.modes:
            for hour, minute, direction in self.timetable():
                if rng.random() < 0.9:  # a timetabled train runs most days
                    expected = self.local(day, time(hour, minute))
                    arrival = self.actual(expected)
                    train = f"X{8000 + next(self.tickets) % 1900}"
                    arrives = arrival or expected
                    subjects = [
                        Traveller(
                            reference=train,
                            kind=SubjectKind.TRAIN,
                            category=None,
                            direction=direction,
                            arrives=arrives,
                            service_s=rng.uniform(14, 26) * 60,
                            lane_kinds=(LaneKind.REGULAR,),
                        )
                    ] + [
                        Traveller(
                            reference=f"{train}-C{i + 1}",
                            kind=SubjectKind.PERSON,
                            category=TravellerCategory.CREW,
                            direction=direction,
                            arrives=arrives + timedelta(minutes=2),
                            service_s=rng.uniform(30, 60),
                            lane_kinds=(LaneKind.CREW,),
                        )
                        for i in range(rng.randint(2, 4))
                    ]
                    out.append(
                        (
                            {
                                "mode": Mode.RAIL,
                                "reference": train,
                                "direction": direction,
                                "expected_at": expected,
                                "expected_travellers": len(subjects) - 1,
                                "expected_vehicles": 1,
                                "cargo": rng.choice(
                                    [CargoCategory.GENERAL, CargoCategory.BELT_ROAD]
                                ),
                                "source": ForecastSource.HQ,
                                "carrier": "中欧班列",
                            },
                            arrival,
                            subjects if arrival else [],
                        )
                    )
        if Mode.AIR.value in self.spec.modes:
            for _ in range(round(rng.randint(7, 11) * busy)):
                direction = rng.choice(list(Direction))
                expected = moment()
                flight = f"{rng.choice(['CZ', 'KC', 'HY', 'PK', 'SU'])}{rng.randint(100, 9999)}"
                n = rng.randint(60, 180)
                arrival = self.actual(expected)
                arrives = arrival or expected
                people = [
                    person(
                        direction, arrives + timedelta(seconds=rng.uniform(300, 1500)), 0.5, 30.0
                    )
                    for _ in range(n)
                ]
                people += [
                    Traveller(
                        reference=f"{flight}-C{i + 1}",
                        kind=SubjectKind.PERSON,
                        category=TravellerCategory.CREW,
                        direction=direction,
                        arrives=arrives + timedelta(minutes=5),
                        service_s=25.0,
                        lane_kinds=(LaneKind.CREW,),
                    )
                    for i in range(rng.randint(6, 10))
                ]
                out.append(
                    (
                        {
                            "mode": Mode.AIR,
                            "reference": flight,
                            "direction": direction,
                            "expected_at": expected,
                            "expected_travellers": n,
                            "expected_vehicles": 0,
                            "cargo": CargoCategory.NONE,
                            "source": ForecastSource.CARRIER,
                            "carrier": "航空公司预报",
                        },
                        arrival,
                        people if arrival else [],
                    )
                )
        return out

    def timetable(self) -> list[tuple[int, int, Direction]]:
        """The rail port's daily timetable: the same slots every day (its own seed)."""
        fixed = random.Random(f"timetable:{self.spec.code}")
        slots = sorted(
            (fixed.randrange(24), fixed.randrange(60), fixed.choice(list(Direction)))
            for _ in range(TRAINS_A_DAY)
        )
        return slots

    def plate(self, prefixes: list[str]) -> str:
        # The running number keeps a plate from being "already in the queue".
        return f"{self.rng.choice(prefixes)}·{10000 + next(self.tickets) % 90000}"

    def actual(self, expected: datetime) -> datetime | None:
        """When a forecast arrival really came: mostly near time, sometimes late, early or never."""
        r = self.rng.random()
        if r < 0.04:
            return None
        if r < 0.14:
            return expected + timedelta(minutes=self.rng.uniform(35, 100))
        if r < 0.20:
            return expected - timedelta(minutes=self.rng.uniform(20, 45))
        return expected + timedelta(minutes=self.rng.gauss(0, 8))

    # -- the simulation -------------------------------------------------------

    def simulate_day(
        self,
        day: date,
        lanes_by_id: dict[uuid.UUID, SimLane],
        admin: Officer,
        deputy: Officer,
        staff: list[Officer],
    ) -> list[Traveller]:
        """Schedule the day's forecasts, approvals and emergencies; return who will queue."""
        rng = self.rng
        traffic = self.traffic(day)
        forecast_ids: dict[int, uuid.UUID] = {}
        travellers: list[Traveller] = []
        for index, (fields, arrival, people) in enumerate(traffic):
            if fields:
                notice = fields["expected_at"] - timedelta(hours=rng.uniform(2, 20))
                self.at(
                    notice, 3, self._add_forecast(fields, index, forecast_ids, rng.choice(staff))
                )
                if fields["mode"] != Mode.RAIL and rng.random() < 0.7:
                    self.at(
                        notice + timedelta(minutes=30),
                        3,
                        self._preinspect(index, forecast_ids, rng.choice(staff)),
                    )
                if arrival is not None:
                    self.at(
                        arrival,
                        3,
                        self._arrived(index, forecast_ids, rng.choice(staff), fields, people),
                    )
            for person in people:
                person.forecast = index if fields else None
                person.forecast_ids = forecast_ids
                travellers.append(person)
        # A priority clearance or two: a vehicle with urgent medical supplies.
        vehicle_lanes = [s for s in lanes_by_id.values() if s.lane.kind == LaneKind.PRIORITY]
        if vehicle_lanes and travellers:
            for _ in range(rng.randint(1, 2)):
                when = min(t.arrives for t in travellers) + timedelta(hours=rng.uniform(1, 6))
                truck = Traveller(
                    reference=self.plate(["新A"]),
                    kind=SubjectKind.VEHICLE,
                    category=None,
                    direction=rng.choice(list(Direction)),
                    arrives=when + timedelta(minutes=6),
                    service_s=180.0,
                    lane_kinds=(LaneKind.PRIORITY,),
                    priority_approval=True,
                )
                travellers.append(truck)
                self._priority(truck, when, rng.choice(staff), deputy)
        if self.spec.plateau and rng.random() < 0.6:
            first = min((t.arrives for t in travellers), default=None)
            if first is not None:
                when = first + timedelta(hours=rng.uniform(0.5, 7))
                kind = rng.choice(
                    [
                        EmergencyKind.ALTITUDE_SICKNESS,
                        EmergencyKind.ALTITUDE_SICKNESS,
                        EmergencyKind.SUDDEN_ILLNESS,
                    ]
                )
                self._emergency(when, kind, rng.choice(staff))
        return travellers

    def _queues(
        self,
        travellers: list[Traveller],
        lanes_by_id: dict[uuid.UUID, SimLane],
        staff: list[Officer],
    ) -> None:
        """Multi-lane FIFO queues: join the shortest open queue that takes you."""
        rng = self.rng
        sims = list(lanes_by_id.values())
        pending = sorted(travellers, key=lambda t: t.arrives)
        travellers = pending
        horizon = (travellers[-1].arrives if travellers else self.end) + timedelta(hours=6)
        now = travellers[0].arrives if travellers else self.end
        step = timedelta(seconds=20)
        # (when, tie-break, id of the SimLane to open, id of the one whose queue it relieves)
        openings: list[tuple[datetime, int, int, int]] = []
        by_id = {id(s): s for s in sims}
        # Forecast arrivals, grouped: the post opens lanes for a wave it knows is coming.
        waves: dict[tuple[int, int], list[Traveller]] = {}
        for t in travellers:
            if t.forecast is not None and t.forecast_ids is not None:
                waves.setdefault((id(t.forecast_ids), t.forecast), []).append(t)
        prepared: set[tuple[int, int]] = set()
        reacted: set[int] = set()  # lanes whose long queue someone has answered
        while now < horizon and (pending or any(s.queue or s.serving for s in sims)):
            for due in [o for o in openings if o[0] <= now]:
                openings.remove(due)
                lane = by_id[due[2]]
                if not lane.open:
                    when = max(due[0], (lane.closed_at or due[0]) + timedelta(seconds=1))
                    if due[3] == due[2]:  # the gate at opening time, not a reaction
                        self._open(lane, when, rng.choice(staff), "开闸 / opening time")
                        continue
                    self._open(lane, when, rng.choice(staff), "排队超15分钟 / queue over 15 min")
                    self._relieve(by_id[due[3]], lane, max(when, now), rng.choice(staff))
            while pending and pending[0].arrives <= now:
                t = pending.pop(0)
                key = (id(t.forecast_ids), t.forecast or 0)
                if key in waves and key not in prepared:
                    prepared.add(key)
                    self._prepare(waves[key], sims, now, rng.choice(staff))
                choices = [
                    s
                    for s in sims
                    if s.open
                    and s.takes(t)
                    and s.open_since is not None
                    and s.open_since <= t.arrives
                ]
                opening = [s for s in sims if s.open and s.takes(t) and s not in choices]
                if not choices and opening:  # a lane opening right now: wait for it
                    lane = min(opening, key=lambda s: s.open_since or now)
                    t.arrives = max(t.arrives, lane.open_since or now)
                    choices = [lane]
                if not choices:
                    closed = [s for s in sims if s.takes(t) and not s.open]
                    if not closed:
                        continue
                    gate = self.opening_time(t.arrives)
                    if gate is not None:  # before opening time: queue at the closed gate
                        lane = min(closed, key=lambda s: s.lane.position)
                        if not any(o[2] == id(lane) for o in openings):
                            openings.append((gate, next(self.seq), id(lane), id(lane)))
                        lane.queue.append(t)
                        t.lane_id = lane.lane.id
                        self.at(t.arrives, 5, self._join(t, rng.choice(staff)))
                        continue
                    # Nobody open for this subject: the officer opens one.
                    lane = min(closed, key=lambda s: s.lane.position)
                    # Not before the lane's last closing, which may be later than
                    # this arrival within one simulation step.
                    opened = t.arrives - timedelta(seconds=30)
                    if lane.closed_at is not None:
                        opened = max(opened, lane.closed_at + timedelta(seconds=1))
                    t.arrives = max(t.arrives, opened + timedelta(seconds=1))
                    self._open(lane, opened, rng.choice(staff), "旅客到达 / arrivals")
                    choices = [lane]
                lane = min(choices, key=lambda s: (len(s.queue), s.lane.kind != t.lane_kinds[0]))
                lane.queue.append(t)
                t.lane_id = lane.lane.id
                officer = rng.choice(staff)
                if t.priority_approval:
                    self._assign(t, t.arrives - timedelta(seconds=10), officer)
                self.at(t.arrives, 5, self._join(t, officer))
            for s in sims:
                if s.serving is not None and s.free_at is not None and s.free_at <= now:
                    done = s.serving
                    outcome = rng.choices(list(Outcome), [970, 22, 8])[0]
                    self.at(s.free_at, 6, self._finish(done, outcome, rng.choice(staff)))
                    s.serving, s.idle_since = None, s.free_at
                if s.open and s.serving is None and s.queue:
                    t = s.queue.pop(0)
                    begin = max(now, t.arrives + timedelta(seconds=5))
                    if t.moved_at is not None:
                        begin = max(begin, t.moved_at + timedelta(seconds=5))
                    if s.open_since is not None:  # a queue from before the lane opened
                        begin = max(begin, s.open_since + timedelta(seconds=5))
                    s.serving, s.free_at = t, begin + timedelta(seconds=t.service_s)
                    self.at(begin, 6, self._start(t, rng.choice(staff)))
            # Lane management, as the glossary's early-warning practice says.
            for s in sims:
                if not s.queue or now - s.queue[0].arrives <= OPEN_AT:
                    reacted.discard(id(s))
                if s.open and s.queue and now - s.queue[0].arrives > OPEN_AT:
                    spare = [
                        o
                        for o in sims
                        if not o.open
                        and o.lane.kind == s.lane.kind
                        and o.lane.subjects == s.lane.subjects
                        and o.lane.direction == s.lane.direction
                    ]
                    waiting_on = {o[2] for o in openings}
                    spare = [o for o in spare if id(o) not in waiting_on]
                    if spare and rng.random() < 0.6:  # someone reacts, not always at once
                        # It opens a few minutes later; newcomers then pick it, and
                        # the tail of this queue is sent over.
                        openings.append((now + REACTION, next(self.seq), id(spare[0]), id(s)))
                        reacted.add(id(s))
                    elif not spare and id(s) not in reacted and rng.random() < 0.5:
                        reacted.add(id(s))  # no lane to open: more hands at this one
                        self._acknowledge(
                            s.lane,
                            now + REACTION,
                            rng.choice(staff),
                            f"无空闲通道，{s.lane.code} 增派人手 / no spare lane: "
                            f"extra officer at {s.lane.code}",
                        )
                if (
                    s.open
                    and not s.queue
                    and s.serving is None
                    and s.idle_since is not None
                    and now - s.idle_since > IDLE_CLOSE
                ):
                    self._close(s, now, rng.choice(staff))
            now += step

    def opening_time(self, at: datetime) -> datetime | None:
        """The day port's opening time when ``at`` is before it, else None."""
        if self.spec.is_24x7 or self.spec.opens_at is None:
            return None
        gate = self.local(at.astimezone(self.zone).date(), self.spec.opens_at)
        return gate if at < gate else None

    def _relieve(self, source: SimLane, lane: SimLane, now: datetime, by: Officer) -> None:
        """The floor's answer to an alert: send the tail of the long queue to the new lane.

        Half of the waiting (the last to come) move over, recorded as moves
        through ``clearance.move``; the officer acknowledges the alert episode
        with what was done.
        """
        tail = [t for t in source.queue if lane.takes(t)][len(source.queue) // 2 :]
        when = now + timedelta(seconds=20)
        if tail:
            for t in tail:
                source.queue.remove(t)
                t.lane_id, t.moved_at = lane.lane.id, when
            lane.queue.extend(tail)

            def move() -> None:
                ids = [t.clearance_id for t in tail if t.clearance_id is not None]
                clearance.move(
                    self.desk,
                    clearance_ids=ids,
                    lane_id=lane.lane.id,
                    by=by.id,
                    reason="增开通道分流 / lane opened",
                )
                self.summary.moves += len(ids)

            self.at(when, 4, move)
        code = lane.lane.code
        action = f"增开通道 {code}，分流 {len(tail)} 人 / opened {code}, moved {len(tail)}"
        self._acknowledge(lane.lane, when + timedelta(seconds=10), by, action)

    def _acknowledge(self, lane: Lane, when: datetime, by: Officer, action: str) -> None:
        """The officer acknowledges the alert of the lane's group with what was done."""
        groups = groups_served(lane.code, lane.subjects, lane.direction)

        def run() -> None:
            alerts.follow(self.desk, force=True)
            for episode in alerts.current(self.desk):
                if episode.lane_group in groups and not episode.acknowledged:
                    alerts.acknowledge(
                        self.desk, episode_id=episode.episode_id, by=by.id, action=action
                    )
                    self.summary.acknowledged += 1

        self.at(when, 4, run)

    def _prepare(
        self, wave: list[Traveller], sims: list[SimLane], now: datetime, by: Officer
    ) -> None:
        """Open enough lanes for a forecast wave to clear within ~15 minutes.

        Not always: short-staffed or busy, a team sometimes misses the cue,
        which is where most real breaches of the 30-minute target come from.
        """
        if self.rng.random() < 0.15 or self.opening_time(now) is not None:
            return  # (before opening time the gate opens on time, not for a wave)
        groups: dict[tuple[Direction, SubjectKind, LaneKind], list[Traveller]] = {}
        for t in wave:
            groups.setdefault((t.direction, t.kind, t.lane_kinds[0]), []).append(t)
        for (_, _, kind), members in groups.items():
            work = sum(t.service_s for t in members)
            needed = int(work // (15 * 60)) + 1
            fitting = [s for s in sims if s.takes(members[0]) and s.lane.kind == kind]
            already = sum(1 for s in fitting if s.open)
            for lane in [s for s in fitting if not s.open][: max(0, needed - already)]:
                when = now - timedelta(seconds=15)
                if lane.closed_at is not None:
                    when = max(when, lane.closed_at + timedelta(seconds=1))
                self._open(lane, when, by, "预报客流 / forecast wave")

    # -- actions replayed through the services -------------------------------

    def _open(self, lane: SimLane, when: datetime, by: Officer, reason: str) -> None:
        lane.open, lane.idle_since, lane.open_since = True, when, when
        self.at(
            when,
            2,
            lambda: lanes.set_open(
                self.desk, lane_id=lane.lane.id, open_=True, by=by.id, reason=reason
            ),
        )

    def _close(self, lane: SimLane, when: datetime, by: Officer) -> None:
        lane.open, lane.closed_at = False, when
        self.at(
            when,
            2,
            lambda: lanes.set_open(
                self.desk, lane_id=lane.lane.id, open_=False, by=by.id, reason="空闲 / idle"
            ),
        )

    def _add_forecast(
        self, fields: dict[str, Any], index: int, ids: dict[int, uuid.UUID], by: Officer
    ) -> Callable[[], None]:
        # Announced a while before someone enters it here.
        lag = timedelta(minutes=self.rng.uniform(5, 60))
        announced_by = {
            ForecastSource.HQ: "总站指挥中心 / HQ command centre",
            ForecastSource.OVERSEAS: f"{self.spec.neighbour or '邻国'}边防 / border service",
            ForecastSource.CARRIER: str(fields.get("carrier", "")),
        }.get(fields.get("source", ForecastSource.MANUAL), "")

        def run() -> None:
            ids[index] = forecasts.add(
                self.desk,
                by=by.id,
                announced_at=self.clock.at - lag,
                announced_by=announced_by,
                **fields,
            ).id
            self.summary.forecasts += 1

        return run

    def _preinspect(self, index: int, ids: dict[int, uuid.UUID], by: Officer) -> Callable[[], None]:
        def run() -> None:
            if index in ids:
                status = (
                    PreInspection.FLAGGED if self.rng.random() < 0.05 else PreInspection.CLEARED
                )
                forecasts.set_preinspection(
                    self.desk, forecast_id=ids[index], status=status, by=by.id
                )

        return run

    def _arrived(
        self,
        index: int,
        ids: dict[int, uuid.UUID],
        by: Officer,
        fields: dict[str, Any],
        came: list[Traveller],
    ) -> Callable[[], None]:
        """Arrived, with the group's actual size: counted at the gate, or estimated."""
        persons = sum(1 for t in came if t.kind == SubjectKind.PERSON)
        vehicles = sum(1 for t in came if t.kind != SubjectKind.PERSON)
        if fields["mode"] == Mode.ROAD and persons:
            vehicles = max(vehicles, 1)  # the bus
        if fields["mode"] == Mode.ROAD and not persons:
            persons = vehicles  # a driver each
        counted = persons < 10 or self.rng.random() < 0.7  # a big group may be estimated
        if not counted:
            persons = 5 * round(persons / 5)

        def run() -> None:
            if index in ids:
                forecasts.mark_arrived(
                    self.desk,
                    forecast_id=ids[index],
                    by=by.id,
                    actual_travellers=persons,
                    actual_vehicles=vehicles,
                    actual_method=SizeMethod.COUNTED if counted else SizeMethod.ESTIMATED,
                )

        return run

    def _join(self, t: Traveller, by: Officer) -> Callable[[], None]:
        lane_id = t.lane_id  # the lane it joins, whatever lane it is sent on to later
        assert lane_id is not None

        def run() -> None:
            event = clearance.join_queue(
                self.desk,
                lane_id=lane_id,
                reference=t.reference,
                subject_kind=t.kind,
                traveller_category=t.category,
                direction=t.direction,
                by=by.id,
                forecast_id=(t.forecast_ids or {}).get(t.forecast)
                if t.forecast is not None
                else None,
            )
            t.clearance_id = event.clearance_id
            self.summary.clearances += 1
            self.summary.events += 1

        return run

    def _start(self, t: Traveller, by: Officer) -> Callable[[], None]:
        def run() -> None:
            assert t.clearance_id is not None
            clearance.start_service(self.desk, clearance_id=t.clearance_id, by=by.id)
            self.summary.events += 1

        return run

    def _finish(self, t: Traveller, outcome: Outcome, by: Officer) -> Callable[[], None]:
        def run() -> None:
            assert t.clearance_id is not None
            clearance.finish(self.desk, clearance_id=t.clearance_id, outcome=outcome, by=by.id)
            self.summary.events += 1

        return run

    def _priority(
        self, truck: Traveller, when: datetime, officer: Officer, deputy: Officer
    ) -> None:
        """Request and approval now; the assignment follows when the vehicle reaches a lane."""

        def run() -> None:
            approval = approvals.request(
                self.desk,
                subject_ref=truck.reference,
                by=officer.id,
                reason="急救药品运输车辆，申请优先通关 / urgent medical supplies",
            )
            approvals.decide(
                self.desk,
                approval_id=approval.id,
                approve=True,
                by=deputy.id,
                pin=DEMO_PIN,
                note="同意",
            )
            truck.approval_id = approval.id
            self.summary.approvals += 1

        self.at(when, 4, run)

    def _assign(self, t: Traveller, when: datetime, by: Officer) -> None:
        lane_id = t.lane_id
        assert lane_id is not None

        def run() -> None:
            assert t.approval_id is not None
            lanes.assign(
                self.desk,
                lane_id=lane_id,
                subject_ref=t.reference,
                subject_kind=t.kind,
                by=by.id,
                approval_id=t.approval_id,
                reason="优先通关已批准 / approved priority clearance",
            )

        self.at(when, 4, run)

    def _emergency(self, when: datetime, kind: EmergencyKind, by: Officer) -> None:
        def run() -> None:
            passage = emergencies.record(
                self.desk,
                kind=kind,
                by=by.id,
                subject_ref="KG 旅客",
                action_taken="吸氧，医务室观察 / oxygen, first-aid room",
            )
            emergencies.update(
                self.desk,
                passage_id=passage.id,
                by=by.id,
                outcome="症状缓解后通关 / recovered, cleared",
            )
            self.summary.emergencies += 1

        self.at(when, 4, run)

    def _shift(
        self, start: datetime, end: datetime | None, team: DutyTeam, deputy: Officer
    ) -> None:
        """Plan, check and open a shift; close it at ``end`` unless that is still to come."""
        holder: dict[str, uuid.UUID] = {}

        def plan() -> None:
            shift = shifts.plan_shift(
                self.desk,
                team_id=team.id,
                planned_start=start,
                planned_end=planned_end,
                by=deputy.id,
            )
            holder["id"] = shift.id
            for status in shifts.checklist_status(self.desk, shift.id):
                failed = self.rng.random() < 0.03
                shifts.record_check(
                    self.desk,
                    shift_id=shift.id,
                    item_code=status.item.code,
                    result=CheckResult.FAIL if failed else CheckResult.PASS,
                    by=deputy.id,
                    note="备用读卡器故障，已报修 / spare reader faulty, reported" if failed else "",
                )

        def open_() -> None:
            # A failed required check blocks the opening unless the deputy captain
            # overrides it with a reason (signed with the PIN, printed in the reports).
            for status in shifts.checklist_status(self.desk, holder["id"]):
                if status.blocks and status.result == CheckResult.FAIL:
                    shifts.override_check(
                        self.desk,
                        shift_id=holder["id"],
                        item_code=status.item.code,
                        reason="备用设备已启用，先开班后维修 / spare in use, repair under way",
                        by=deputy.id,
                        pin=DEMO_PIN,
                    )
            shifts.open_shift(self.desk, shift_id=holder["id"], by=deputy.id)
            self.summary.shifts += 1

        def close() -> None:
            shifts.close_shift(
                self.desk,
                shift_id=holder["id"],
                by=deputy.id,
                pin=DEMO_PIN,
                handover_notes="设备正常，无遗留事项 / equipment normal, nothing outstanding",
            )

        planned_end = end or start + timedelta(hours=12)
        self.at(start - timedelta(minutes=60), 0, plan)
        self.at(start, 1, open_)
        if end is not None:
            self.at(end, 0, close)

    def _close_all(self, sims: dict[uuid.UUID, SimLane], when: datetime, by: Officer) -> None:
        for sim in sims.values():
            if sim.open:
                self._close(sim, when, by)

    def run(self, days: int) -> DemoSummary:
        admin, deputies, staff = self.roster()
        self.summary.days = days
        self.summary.officers = [
            (o.badge_no, o.name, o.role.value) for o in officers.roster(self.desk)
        ]
        with self.desk.read() as s:
            teams = list(
                s.scalars(
                    select(DutyTeam)
                    .where(DutyTeam.port_id == self.desk.port_id)
                    .order_by(DutyTeam.name_zh)
                )
            )
            all_lanes = list(
                s.scalars(
                    select(Lane).where(Lane.port_id == self.desk.port_id).order_by(Lane.position)
                )
            )
        sims = {lane.id: SimLane(lane) for lane in all_lanes}
        last = self.end.astimezone(self.zone).date()
        first = last - timedelta(days=days - 1)
        rotation = itertools.count()
        if self.spec.is_24x7:
            # Shifts follow each other round the clock, from the night before the first day.
            starts = [
                st for d in range(-1, days) for st, _ in self.shift_plan(first + timedelta(days=d))
            ]
            for st, nxt in itertools.pairwise([*starts, starts[-1] + timedelta(hours=12)]):
                if st > self.end or nxt < self.local(first, time(0)):
                    continue
                n = next(rotation)
                self._shift(st, nxt, teams[n % len(teams)], deputies[n % len(deputies)])
            # One queue simulation over all days: the night carries on from the evening.
            everyone: list[Traveller] = []
            for d in range(days):
                everyone += self.simulate_day(
                    first + timedelta(days=d), sims, admin, deputies[0], staff
                )
            self._queues(everyone, sims, staff)
        else:
            for d in range(days):
                day = first + timedelta(days=d)
                ((start, end),) = self.shift_plan(day)
                if start > self.end:
                    break
                n = next(rotation)
                deputy = deputies[n % len(deputies)]
                self.latest = None
                self._queues(self.simulate_day(day, sims, admin, deputies[0], staff), sims, staff)
                # The shift runs until the queue has drained; lanes close for the night.
                done = max(end, (self.latest or end) + timedelta(minutes=2))
                self._close_all(sims, done - timedelta(minutes=1), staff[0])
                self._shift(
                    start, done if done <= self.end else None, teams[n % len(teams)], deputy
                )
        # Tomorrow's forecasts are already in (today's came with the simulated day).
        for fields, _, _ in self.traffic(last + timedelta(days=1)):
            if fields:
                self.at(self.end, 3, self._add_forecast(fields, -1, {}, staff[0]))
        self.replay()
        alerts.follow(self.desk, force=True)  # where the queues stand at the end
        return self.summary

    def replay(self) -> None:
        """Run every action in time order, one transaction per simulated hour."""
        batch_end: datetime | None = None
        unit = None
        try:
            while self.actions:
                action = heapq.heappop(self.actions)
                if batch_end is None or action.at >= batch_end:
                    if unit is not None:
                        unit.__exit__(None, None, None)
                    unit = self.desk.unit()
                    unit.__enter__()
                    batch_end = action.at + timedelta(hours=1)
                self.clock.at = action.at
                action.run()
        except BaseException as error:
            if unit is not None:
                unit.__exit__(type(error), error, error.__traceback__)
            raise
        if unit is not None:
            unit.__exit__(None, None, None)


def open_ready_shift(
    desk: Desk,
    *,
    team_id: uuid.UUID,
    start: datetime,
    end: datetime,
    by: uuid.UUID,
    checked_at: datetime | None = None,
    opened_at: datetime | None = None,
) -> Shift:
    """Plan a shift, record every checklist item as passed, and open it.

    The set-up the self-test, the benchmarks and the tests share; at a post,
    people run the checklist on the shift screen.
    """
    shift = shifts.plan_shift(desk, team_id=team_id, planned_start=start, planned_end=end, by=by)
    for status in shifts.checklist_status(desk, shift.id):
        shifts.record_check(
            desk,
            shift_id=shift.id,
            item_code=status.item.code,
            result=CheckResult.PASS,
            by=by,
            at=checked_at,
        )
    return shifts.open_shift(desk, shift_id=shift.id, by=by, at=opened_at)


def generate(
    desk: Desk, *, days: int = 3, seed: int = 7, end: datetime | None = None
) -> DemoSummary:
    """Fill the post's database with ``days`` synthetic days ending at ``end`` (default: now)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    return Generator(desk, seed=seed, end=end or utcnow()).run(days)
