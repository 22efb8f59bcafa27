"""Pre-inspection forecasts: advance notice of arrivals, and how they actually arrived."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import select

from db.enums import (
    CargoCategory,
    Direction,
    ForecastSource,
    ForecastStatus,
    Mode,
    PreInspection,
)
from db.models import Forecast
from desktop_app import audit, checks
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation

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

    status: str
    expected_at: datetime
    arrived_at: datetime | None


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


def _validated(desk: Desk, values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "reference" in out:
        out["reference"] = checks.text("reference", out["reference"], limit=40)
    if "carrier" in out:
        out["carrier"] = checks.text("carrier", out["carrier"], limit=80, required=False)
    if "notes" in out:
        out["notes"] = checks.text("notes", out["notes"], limit=2000, required=False)
    if "expected_travellers" in out:
        checks.count("expected_travellers", out["expected_travellers"], high=MAX_TRAVELLERS)
    if "expected_vehicles" in out:
        checks.count("expected_vehicles", out["expected_vehicles"], high=MAX_VEHICLES)
    if "expected_at" in out:
        at = out["expected_at"]
        if at.tzinfo is None:
            raise RuleViolation("expected_at", "required")
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
) -> Forecast:
    values = _validated(
        desk,
        {
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


def update(desk: Desk, *, forecast_id: uuid.UUID, by: uuid.UUID, **changes: Any) -> Forecast:
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise RuleViolation(sorted(unknown)[0], "choice", choices=", ".join(sorted(_EDITABLE)))
    values = _validated(desk, changes)
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


def mark_arrived(
    desk: Desk, *, forecast_id: uuid.UUID, by: uuid.UUID, at: datetime | None = None
) -> Forecast:
    at = checks.when(desk, "arrived_at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        forecast = checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        if forecast.status != ForecastStatus.EXPECTED:
            raise RuleViolation("forecast_id", "forecast_state", status=forecast.status.value)
        forecast.status, forecast.arrived_at = ForecastStatus.ARRIVED, at
        audit.log(
            s,
            desk,
            action="forecast.arrived",
            by=by,
            entity="forecasts",
            entity_id=forecast.id,
            at=at,
        )
        return forecast


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


def local_day_bounds(desk: Desk, day: date) -> tuple[datetime, datetime]:
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
