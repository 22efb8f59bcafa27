"""The planner: queue model against closed forms, arrival model and advice on constructed data."""

from __future__ import annotations

import heapq
import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from db.enums import Direction, LaneKind, Mode, PortStatus
from desktop_app import reference
from desktop_app.planning import arrivals as arrival_model
from desktop_app.planning.inputs import ForecastFact, Join, Known, PlanLane, Queue
from desktop_app.planning.plan import plan_for
from desktop_app.planning.queueing import Lanes, erlang_c, erlang_c_wait_quantile, predict
from desktop_app.planning.wording import advice_text
from desktop_app.port_calendar import Calendar

ZONE = ZoneInfo("Asia/Shanghai")
# A Wednesday, 08:00 in Beijing.
AT = datetime(2026, 11, 25, 8, 0, tzinfo=ZONE).astimezone(UTC)


# -- the queue model against closed forms ---------------------------------------------


def test_erlang_c_matches_textbook_values() -> None:
    assert erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: P(wait) = rho
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c(3, 2.0) == pytest.approx(0.4444, abs=1e-4)


def mmc_simulation(servers: int, lam: float, mu: float, n: int, seed: int) -> list[float]:
    """An independent M/M/c FIFO simulation: every customer's wait (minutes)."""
    rng = random.Random(seed)
    free = [0.0] * servers
    heapq.heapify(free)
    t, waits = 0.0, []
    for _ in range(n):
        t += rng.expovariate(lam)
        start = max(t, heapq.heappop(free))
        waits.append(start - t)
        heapq.heappush(free, start + rng.expovariate(mu))
    return waits[n // 10 :]  # without the warm-up


@pytest.mark.parametrize(
    ("servers", "service_s", "rho"),
    [(1, 30.0, 0.5), (2, 30.0, 0.8), (4, 36.0, 0.7), (3, 150.0, 0.6)],
)
def test_steady_state_waits_are_erlang_c_within_5_percent(
    servers: int, service_s: float, rho: float
) -> None:
    mu = 60 / service_s  # per minute
    lam = rho * servers * mu
    minutes = 8 * 60
    lanes = Lanes([servers] * minutes, mu, 1.0, [False] * minutes)
    steady = [lam] * minutes
    bins = predict([steady], lanes, random_rate=steady)
    p90 = erlang_c_wait_quantile(servers, lam, mu, 0.9) * 60
    # The closed form itself, checked by a simulation: the share who wait, the mean wait
    # (a simulated P90 of a short wait is too noisy to hold to 5%).
    simulated = mmc_simulation(servers, lam, mu, 300_000, seed=servers)
    c = erlang_c(servers, lam / mu)
    assert sum(1 for w in simulated if w > 0) / len(simulated) == pytest.approx(c, rel=0.05)
    mean = sum(simulated) / len(simulated)
    assert mean == pytest.approx(c / (servers * mu - lam), rel=0.05)
    for b in bins[4:-4]:  # away from the edges of the horizon
        assert b.p90_s == pytest.approx(p90, rel=0.05)
        assert b.arrivals == pytest.approx(lam * 15, rel=1e-6)


def test_a_burst_over_capacity_queues_like_a_fluid() -> None:
    """60 arrive in 10 minutes at one lane clearing 2 a minute: the last waits ~25 minutes."""
    minutes = 120
    burst = [0.0] * minutes
    for m in range(30, 40):
        burst[m] = 6.0
    lanes = Lanes([1] * minutes, 2.0, 0.1, [False] * minutes)
    bins = predict([burst], lanes, random_rate=[0.0] * minutes)
    assert bins[2].p90_s / 60 == pytest.approx(0.9 * 25, rel=0.15)
    two = predict([burst], Lanes([2] * minutes, 2.0, 0.1, [False] * minutes))
    assert two[2].p90_s < bins[2].p90_s / 2 + 60


def test_a_closed_port_serves_nobody_until_it_opens() -> None:
    minutes = 60
    arrivals = [0.0] * minutes
    arrivals[5] = 3.0
    closed = [m < 30 for m in range(minutes)]
    bins = predict([arrivals], Lanes([1] * minutes, 2.0, 0.1, closed), random_rate=[0.0] * 60)
    assert bins[0].p90_s >= 25 * 60  # waits from minute 5 until the opening at 30


# -- constructed histories ---------------------------------------------------------------


def calendar(status: PortStatus = PortStatus.OPEN, first: date | None = None) -> Calendar:
    return Calendar("TRG", "Asia/Shanghai", status, first, None, None, None, "", 1)


LANES = [
    PlanLane(
        uuid.uuid4(), f"P-IN-{i}", LaneKind.REGULAR, frozenset({Queue.TRAVELLERS_ENTRY}), i, 100
    )
    for i in (1, 2, 3)
]


def known(
    at: datetime,
    joins: list[Join],
    forecasts: list[ForecastFact] = (),  # type: ignore[assignment]
    *,
    cal: Calendar | None = None,
    open_lanes: int = 1,
) -> Known:
    changes = {lane.id: [(at - timedelta(days=60), True)] for lane in LANES[:open_lanes]}
    return Known(
        at=at,
        port_code="TRG",
        zone=ZONE,
        calendar=cal or calendar(),
        targets=reference.targets(reference.port_spec("TRG")),
        lanes=LANES,
        joins=sorted(joins, key=lambda j: j.joined_at),
        forecasts=list(forecasts),
        lane_changes=changes,
        history_from=at - timedelta(weeks=6),
    )


def walk_in(at: datetime, klass: str = "citizen", forecast: uuid.UUID | None = None) -> Join:
    return Join(
        joined_at=at,
        started_at=at + timedelta(seconds=20),
        finished_at=at + timedelta(seconds=56),
        queue=Queue.TRAVELLERS_ENTRY,
        klass=klass,
        lane_kind=LaneKind.REGULAR,
        forecast_id=forecast,
    )


def weekly_walk_ins(counts: list[int], local: time) -> list[Join]:
    """``counts[w]`` walk-ins at ``local`` on the same weekday ``w + 1`` weeks before AT."""
    out = []
    day = AT.astimezone(ZONE).date()
    for w, n in enumerate(counts):
        start = datetime.combine(day - timedelta(weeks=w + 1), local, ZONE)
        out += [walk_in(start + timedelta(seconds=40 * i)) for i in range(n)]
    return out


def bin_at(arrivals: arrival_model.Arrivals, local: time) -> int:
    when = datetime.combine(AT.astimezone(ZONE).date(), local, ZONE)
    return int((when - arrivals.start).total_seconds() // 900)


def test_walk_ins_come_from_the_same_weekday_and_quarter_hour() -> None:
    history = weekly_walk_ins([8, 12, 10, 10], time(10, 0))
    # Another weekday at the same time does not count for a Wednesday.
    tuesday = datetime.combine(AT.astimezone(ZONE).date() - timedelta(days=1), time(10), ZONE)
    history += [walk_in(tuesday + timedelta(seconds=10 * i)) for i in range(40)]
    found = arrival_model.model(known(AT, history), hours=12)
    expected = found.expected(Queue.TRAVELLERS_ENTRY)
    b = bin_at(found, time(10, 0))
    mean, sd = expected[b]
    assert mean == pytest.approx(10.0)
    # the weeks' spread (variance 8/3) and Poisson noise (10)
    assert sd == pytest.approx((8 / 3 + 10) ** 0.5, rel=1e-6)
    assert sum(m for m, _ in expected) == pytest.approx(10.0)
    assert expected[bin_at(found, time(11, 0))][0] == 0


def test_a_holiday_without_holiday_history_scales_ordinary_days() -> None:
    at = datetime(2026, 9, 30, 8, 0, tzinfo=ZONE).astimezone(UTC)  # Wednesday before 1 October
    history = []
    for w in range(4):
        start = datetime.combine(date(2026, 10, 1) - timedelta(weeks=w + 1), time(10), ZONE)
        history += [walk_in(start + timedelta(seconds=30 * i)) for i in range(10)]
    found = arrival_model.model(known(at, history), hours=30)
    holiday_bin = int(
        (datetime(2026, 10, 1, 10, 0, tzinfo=ZONE) - found.start).total_seconds() // 900
    )
    factor = reference.holidays().factor
    assert found.expected(Queue.TRAVELLERS_ENTRY)[holiday_bin][0] == pytest.approx(10 * factor)


def test_nobody_is_expected_on_a_day_the_calendar_keeps_the_port_closed() -> None:
    history = weekly_walk_ins([10, 10, 10, 10], time(10, 0))
    shut = calendar(PortStatus.SUSPENDED, first=AT.astimezone(ZONE).date())
    found = arrival_model.model(known(AT, history, cal=shut), hours=12)
    assert sum(m for m, _ in found.expected(Queue.TRAVELLERS_ENTRY)) == 0


def bus(expected: datetime, travellers: int, *, arrived: datetime | None = None) -> ForecastFact:
    return ForecastFact(
        id=uuid.uuid4(),
        mode=Mode.ROAD,
        direction=Direction.ENTRY,
        reference="新A·12345",
        expected_at=expected,
        expected_travellers=travellers,
        expected_vehicles=1,
        known_from=expected - timedelta(hours=10),
        arrived_at=arrived,
        cancelled=False,
    )


def past_buses(late: timedelta, size: int = 40, count: int = 6) -> tuple[list, list]:
    """Buses of the last days that came ``late`` and unloaded over five minutes."""
    facts, joins = [], []
    for d in range(1, count + 1):
        expected = AT - timedelta(days=d) + timedelta(hours=3)
        f = bus(expected, size)
        facts.append(f)
        first = expected + late
        joins += [
            walk_in(first + timedelta(seconds=300 * i / size), forecast=f.id) for i in range(size)
        ]
    return facts, joins


def test_a_forecast_bus_comes_as_its_kind_came_before() -> None:
    facts, joins = past_buses(timedelta(minutes=20))
    coming = bus(AT + timedelta(hours=6), 20)
    found = arrival_model.model(known(AT, joins, [*facts, coming]), hours=12)
    expected = found.expected(Queue.TRAVELLERS_ENTRY)
    b = bin_at(found, time(14, 15))  # 14:00 forecast, 20 minutes late as they always were
    assert expected[b][0] == pytest.approx(20.0)
    assert sum(m for m, _ in expected) == pytest.approx(20.0)
    contribution = found.contributions[Queue.TRAVELLERS_ENTRY][coming.id]
    assert contribution.count == pytest.approx(20.0)


def test_a_group_not_come_yet_can_only_come_later() -> None:
    facts, joins = past_buses(timedelta(minutes=0))
    # half the past buses on time, half half an hour late: at 14:20 the 14:00 bus has not come
    facts2, joins2 = past_buses(timedelta(minutes=30))
    at = datetime.combine(AT.astimezone(ZONE).date(), time(14, 20), ZONE).astimezone(UTC)
    coming = bus(at - timedelta(minutes=20), 40)
    history = known(at, joins + joins2, [*facts, *facts2, coming])
    found = arrival_model.model(history, hours=4)
    expected = found.expected(Queue.TRAVELLERS_ENTRY)
    # every draw is the half-hour-late kind: it comes at 14:30, none before the plan's moment
    assert expected[bin_at(found, time(14, 30))][0] == pytest.approx(40.0)
    assert expected[0][0] == 0


# -- advice on constructed waves ---------------------------------------------------------


def wave_history() -> tuple[list, list]:
    facts, joins = past_buses(timedelta(minutes=0), size=40, count=8)
    return facts, joins


def test_a_forecast_wave_gets_a_lane_opened_ahead_of_it() -> None:
    facts, joins = wave_history()
    wave_at = datetime.combine(AT.astimezone(ZONE).date(), time(15, 50), ZONE).astimezone(UTC)
    buses = [bus(wave_at + timedelta(minutes=i), 20) for i in range(3)]
    plan = plan_for(known(AT, joins, [*facts, *buses]), hours=12)
    assert len(plan.advice) >= 1
    first = plan.advice[0]
    assert first.action == "open" and first.lane_code == "P-IN-2"
    assert first.open_by <= wave_at - timedelta(minutes=15)  # ready before the buses
    assert first.lead_s >= 15 * 60
    assert first.p90_before_s > 15 * 60 >= first.p90_after_s
    assert first.causes[0].groups == 3 and first.causes[0].subjects == 60
    text = advice_text(first, ZONE, "en")
    assert text.startswith("open P-IN-2 by 15:")
    assert "3 buses (≈60 travellers) forecast 15:50" in text
    assert "开放P-IN-2" in advice_text(first, ZONE, "zh")
    g = plan.groups[Queue.TRAVELLERS_ENTRY]
    assert max(w.p90_s for w in g.advised) <= 15 * 60
    assert plan.officers_needed[0] >= 1


def test_a_small_group_needs_no_advice() -> None:
    facts, joins = wave_history()
    small = bus(AT + timedelta(hours=5), 12)
    plan = plan_for(known(AT, joins, [*facts, small]), hours=12)
    assert plan.advice == []


def test_with_every_lane_open_the_advice_says_so() -> None:
    facts, joins = wave_history()
    wave_at = AT + timedelta(hours=6)
    buses = [bus(wave_at + timedelta(minutes=i), 60) for i in range(6)]
    plan = plan_for(known(AT, joins, [*facts, *buses], open_lanes=3), hours=12)
    assert [a.action for a in plan.advice] == ["short"]
    assert "no lane left to open" in advice_text(plan.advice[0], ZONE, "en")
