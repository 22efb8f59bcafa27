"""Pre-inspection forecasts: advance notice of arrivals, and how they actually arrived.

What a forecast knew and when, so that forecast accuracy and a backtest that
never looks ahead come from the database alone: when it was announced and
by whom (``announced_at``, ``source``, ``announced_by``), apart from when it
was entered here (``entered_at``); on arrival, when it came and the group's
actual size, counted or estimated.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select

from db.enums import (
    CargoCategory,
    Direction,
    ForecastSource,
    ForecastStatus,
    Mode,
    PreInspection,
    SizeMethod,
)
from db.models import Forecast
from desktop_app import audit, checks
from desktop_app.errors import RuleViolation

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk
    from desktop_app.port_reader import PortReader

# Arriving within this of the expected time counts as on time.
ON_TIME = timedelta(minutes=15)
# A forecast further out than this is a typing mistake, not a plan.
HORIZON = timedelta(days=60)
MAX_TRAVELLERS = 5_000  # a full train or a wide-body flight, with margin
MAX_VEHICLES = 500


class Arrival(StrEnum):
    EXPECTED = "expected"  # not due yet
    OVERDUE = "overdue"  # due, not arrived
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    CANCELLED = "cancelled"


class Timed(Protocol):
    """What arrival status needs of a forecast (the ORM row, or a report's copy of it)."""

    # Read-only, so that the ORM row's enum-typed status and a report's copy both fit.
    @property
    def status(self) -> str: ...
    @property
    def expected_at(self) -> datetime: ...
    @property
    def arrived_at(self) -> datetime | None: ...


def arrival_status(forecast: Timed, now: datetime) -> Arrival:
    if forecast.status == ForecastStatus.CANCELLED:
        return Arrival.CANCELLED
    if forecast.arrived_at is None:
        return Arrival.OVERDUE if now > forecast.expected_at + ON_TIME else Arrival.EXPECTED
    delta = forecast.arrived_at - forecast.expected_at
    if delta < -ON_TIME:
        return Arrival.EARLY
    return Arrival.LATE if delta > ON_TIME else Arrival.ON_TIME


_EDITABLE = {
    "announced_at",
    "announced_by",
    "mode",
    "reference",
    "carrier",
    "direction",
    "expected_at",
    "expected_travellers",
    "expected_vehicles",
    "cargo",
    "source",
    "notes",
}


def validated(desk: PortReader, values: dict[str, Any]) -> dict[str, Any]:
    """Checked forecast fields (the rules every editor applies: the desk's and HQ's)."""
    out = dict(values)
    if "reference" in out:
        out["reference"] = checks.text("reference", out["reference"], limit=40)
    if "carrier" in out:
        out["carrier"] = checks.text("carrier", out["carrier"], limit=80, required=False)
    if "notes" in out:
        out["notes"] = checks.text("notes", out["notes"], limit=2000, required=False)
    if "announced_by" in out:
        out["announced_by"] = checks.text(
            "announced_by", out["announced_by"], limit=80, required=False
        )
    if "announced_at" in out:
        announced = checks.when(desk, "announced_at", out["announced_at"] or desk.now())
        if announced < desk.now() - HORIZON:
            raise RuleViolation("announced_at", "too_old", limit=(desk.now() - HORIZON).isoformat())
        out["announced_at"] = announced
    if "expected_travellers" in out:
        checks.count("expected_travellers", out["expected_travellers"], high=MAX_TRAVELLERS)
    if "expected_vehicles" in out:
        checks.count("expected_vehicles", out["expected_vehicles"], high=MAX_VEHICLES)
    if "expected_at" in out:
        at = checks.aware("expected_at", out["expected_at"])
        if at > desk.now() + HORIZON:
            raise RuleViolation(
                "expected_at", "out_of_range", low="now - 2 days", high="now + 60 days"
            )
        if at < desk.now() - timedelta(days=2):
            raise RuleViolation(
                "expected_at", "too_old", limit=(desk.now() - timedelta(days=2)).isoformat()
            )
    for name, kind in (
        ("mode", Mode),
        ("direction", Direction),
        ("cargo", CargoCategory),
        ("source", ForecastSource),
    ):
        if name in out and not isinstance(out[name], kind):
            raise RuleViolation(name, "choice", choices=", ".join(m.value for m in kind))
    return out


@checks.validated
def add(
    desk: Desk,
    *,
    mode: Mode,
    reference: str,
    direction: Direction,
    expected_at: datetime,
    by: uuid.UUID,
    expected_travellers: int = 0,
    expected_vehicles: int = 0,
    cargo: CargoCategory = CargoCategory.NONE,
    source: ForecastSource = ForecastSource.MANUAL,
    carrier: str = "",
    notes: str = "",
    announced_at: datetime | None = None,
    announced_by: str = "",
) -> Forecast:
    """A new forecast; ``announced_at`` (default: now) is when the notice was given."""
    values = validated(
        desk,
        {
            "announced_at": announced_at,
            "announced_by": announced_by,
            "mode": mode,
            "reference": reference,
            "direction": direction,
            "expected_at": expected_at,
            "expected_travellers": expected_travellers,
            "expected_vehicles": expected_vehicles,
            "cargo": cargo,
            "source": source,
            "carrier": carrier,
            "notes": notes,
        },
    )
    with desk.unit() as s:
        checks.officer(s, desk, by)
        forecast = Forecast(
            port_id=desk.port_id,
            preinspection=PreInspection.PENDING,
            status=ForecastStatus.EXPECTED,
            entered_at=desk.now(),
            **values,
        )
        s.add(forecast)
        s.flush()
        audit.log(
            s,
            desk,
            action="forecast.added",
            by=by,
            entity="forecasts",
            entity_id=forecast.id,
            reference=forecast.reference,
        )
        return forecast


@checks.validated
def update(desk: Desk, *, forecast_id: uuid.UUID, by: uuid.UUID, **changes: Any) -> Forecast:
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise RuleViolation(sorted(unknown)[0], "choice", choices=", ".join(sorted(_EDITABLE)))
    values = validated(desk, changes)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        forecast = checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        before = {k: str(getattr(forecast, k)) for k in values}
        for key, value in values.items():
            setattr(forecast, key, value)
        audit.log(
            s,
            desk,
            action="forecast.updated",
            by=by,
            entity="forecasts",
            entity_id=forecast.id,
            before=before,
        )
        return forecast


def _actual_size(
    travellers: int | None, vehicles: int | None, method: SizeMethod | None
) -> dict[str, Any]:
    """The group's actual size: counts and how they were found, both or neither."""
    if travellers is None and vehicles is None:
        if method is not None:
            raise RuleViolation("actual_travellers", "required")
        return {}
    if travellers is not None:
        checks.count("actual_travellers", travellers, high=MAX_TRAVELLERS)
    if vehicles is not None:
        checks.count("actual_vehicles", vehicles, high=MAX_VEHICLES)
    if not isinstance(method, SizeMethod):
        raise RuleViolation(
            "actual_method", "choice", choices=", ".join(m.value for m in SizeMethod)
        )
    return {
        "actual_travellers": travellers,
        "actual_vehicles": vehicles,
        "actual_method": method,
    }


@checks.validated
def mark_arrived(
    desk: Desk,
    *,
    forecast_id: uuid.UUID,
    by: uuid.UUID,
    at: datetime | None = None,
    actual_travellers: int | None = None,
    actual_vehicles: int | None = None,
    actual_method: SizeMethod | None = None,
) -> Forecast:
    """The group arrived (now, or ``at``), with its actual size if it is known yet."""
    at = checks.when(desk, "arrived_at", at)
    size = _actual_size(actual_travellers, actual_vehicles, actual_method)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        forecast = checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        if forecast.status != ForecastStatus.EXPECTED:
            raise RuleViolation("forecast_id", "forecast_state", status=forecast.status.value)
        forecast.status, forecast.arrived_at = ForecastStatus.ARRIVED, at
        for key, value in size.items():
            setattr(forecast, key, value)
        audit.log(
            s,
            desk,
            action="forecast.arrived",
            by=by,
            entity="forecasts",
            entity_id=forecast.id,
            at=at,
            **{k: v.value if isinstance(v, SizeMethod) else v for k, v in size.items()},
        )
        return forecast


@checks.validated
def record_actual_size(
    desk: Desk,
    *,
    forecast_id: uuid.UUID,
    by: uuid.UUID,
    actual_travellers: int | None,
    actual_vehicles: int | None,
    actual_method: SizeMethod,
) -> Forecast:
    """The actual size of a group that arrived (counted at the desk, or estimated)."""
    size = _actual_size(actual_travellers, actual_vehicles, actual_method)
    if not size:
        raise RuleViolation("actual_travellers", "required")
    with desk.unit() as s:
        checks.officer(s, desk, by)
        forecast = checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        if forecast.status != ForecastStatus.ARRIVED:
            raise RuleViolation("forecast_id", "forecast_state", status=forecast.status.value)
        before = {k: getattr(forecast, k) for k in size}
        for key, value in size.items():
            setattr(forecast, key, value)
        audit.log(
            s,
            desk,
            action="forecast.actual_size",
            by=by,
            entity="forecasts",
            entity_id=forecast.id,
            before={k: str(v) for k, v in before.items()},
        )
        return forecast


@checks.validated
def set_preinspection(
    desk: Desk, *, forecast_id: uuid.UUID, status: PreInspection, by: uuid.UUID
) -> Forecast:
    with desk.unit() as s:
        checks.officer(s, desk, by)
        forecast = checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        forecast.preinspection = status
        audit.log(
            s,
            desk,
            action="forecast.preinspection",
            by=by,
            entity="forecasts",
            entity_id=forecast.id,
            status=status.value,
        )
        return forecast


@checks.validated
def cancel(desk: Desk, *, forecast_id: uuid.UUID, by: uuid.UUID, reason: str) -> Forecast:
    reason = checks.text("reason", reason, limit=500)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        forecast = checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        if forecast.status != ForecastStatus.EXPECTED:
            raise RuleViolation("forecast_id", "forecast_state", status=forecast.status.value)
        forecast.status = ForecastStatus.CANCELLED
        audit.log(
            s,
            desk,
            action="forecast.cancelled",
            by=by,
            entity="forecasts",
            entity_id=forecast.id,
            reason=reason,
        )
        return forecast


@dataclass(frozen=True)
class ForecastLine:
    forecast: Forecast
    arrival: Arrival
    delay_s: float | None  # arrived minus expected; None until arrived


def local_day_bounds(desk: PortReader, day: date) -> tuple[datetime, datetime]:
    """[start, end) in UTC of a calendar day in the port's time zone.

    In UTC: Python subtracts two times of the *same* zone as wall clocks, which
    would make a day with a daylight-saving change 24 hours long.
    """
    start = datetime.combine(day, time(0), tzinfo=desk.port_zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=desk.port_zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def board(desk: Desk, start: datetime, end: datetime) -> list[ForecastLine]:
    """Forecasts expected in [start, end), with their arrival status now."""
    now = desk.now()
    with desk.read() as s:
        rows = list(
            s.scalars(
                select(Forecast)
                .where(
                    Forecast.port_id == desk.port_id,
                    Forecast.expected_at >= start,
                    Forecast.expected_at < end,
                    ~Forecast.deleted,
                )
                .order_by(Forecast.expected_at)
            )
        )
    return [
        ForecastLine(
            f,
            arrival_status(f, now),
            (f.arrived_at - f.expected_at).total_seconds() if f.arrived_at else None,
        )
        for f in rows
    ]


def today(desk: Desk, *, upcoming_days: int = 1) -> list[ForecastLine]:
    """Today's forecasts in the port's time zone, and those of the next days."""
    start, _ = local_day_bounds(desk, desk.local_time(desk.now()).date())
    return board(desk, start, start + timedelta(days=1 + upcoming_days))
