"""Forecasts entered at HQ: from the console's form or a CSV file, checked by the desk's own rules.

Arriving flows that overseas authorities and carriers announce reach HQ
first.  HQ enters them here (one by one, or a CSV file: previewed with each
row's errors, then stored whole or not at all); they are HQ's forecasts
(``hq.records``: HQ owns their schedule) and reach the port's posts at their
next sync.  Each one passes ``desktop_app.forecasts.validated``, the very
rules a desk applies, with the port's clock and zone (``PortView``).
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from db.enums import CargoCategory, Direction, ForecastSource, Mode
from db.models import Forecast, Port
from desktop_app import forecasts
from desktop_app.errors import RuleViolation
from desktop_app.protocol.rules import HQ_NODE
from hq import records
from hq.console import audit
from hq.console.portview import PortView
from hq.store import HQClock, begin_write

COLUMNS = (
    "port",
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
)
REQUIRED_COLUMNS = ("port", "mode", "reference", "direction", "expected_at")
MAX_ROWS = 2_000
MAX_BYTES = 1_000_000
# The sources HQ enters for (a post's own entries are "manual").
HQ_SOURCES = (ForecastSource.OVERSEAS, ForecastSource.CARRIER, ForecastSource.HQ)
ENUMS: dict[str, type[enum.Enum]] = {
    "mode": Mode,
    "direction": Direction,
    "cargo": CargoCategory,
    "source": ForecastSource,
}


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str  # a rule code (hq.console.i18n.RULES)
    # dataclasses.field: the attribute above shadows the bare name for type checkers.
    detail: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, violation: RuleViolation) -> FieldError:
        return cls(violation.field, violation.rule, dict(violation.detail))


class Invalid(Exception):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Entry:
    """A checked forecast for one port, in ``Forecast`` columns (Python values)."""

    port_code: str
    values: dict[str, Any]


def ports(engine: Engine) -> dict[str, str]:
    """Port codes HQ holds, with their time zones."""
    with engine.connect() as conn:
        return dict(conn.execute(select(Port.code, Port.time_zone).order_by(Port.code)).all())


def parse(engine: Engine, given: Mapping[str, Any], now: datetime) -> Entry:
    """A form's or a CSV row's text, checked; ``Invalid`` lists every field that is wrong."""
    errors: list[FieldError] = []
    text = {k: str(given.get(k) or "").strip() for k in COLUMNS}
    code = text["port"].upper()
    if not code:
        raise Invalid([FieldError("port", "required")])
    try:
        view = PortView(engine, code, now=lambda: now)
    except KeyError:
        raise Invalid([FieldError("port", "unknown_port")]) from None
    values: dict[str, Any] = {}
    for name, kind in ENUMS.items():
        raw = text[name].lower() or {"cargo": "none", "source": "overseas"}.get(name, "")
        if not raw:
            errors.append(FieldError(name, "required"))
            continue
        try:
            values[name] = kind(raw)
        except ValueError:
            choices = HQ_SOURCES if name == "source" else tuple(kind)
            errors.append(
                FieldError(name, "choice", {"choices": ", ".join(c.value for c in choices)})
            )
    if values.get("source") == ForecastSource.MANUAL:
        hq_sources = ", ".join(c.value for c in HQ_SOURCES)
        errors.append(FieldError("source", "choice", {"choices": hq_sources}))
    for name in ("expected_travellers", "expected_vehicles"):
        try:
            values[name] = int(text[name] or "0")
        except ValueError:
            errors.append(FieldError(name, "not_a_number"))
    values["reference"] = text["reference"]
    values["carrier"] = text["carrier"]
    values["notes"] = text["notes"]
    if not text["expected_at"]:
        errors.append(FieldError("expected_at", "required"))
    else:
        try:
            local = datetime.fromisoformat(text["expected_at"].replace("T", " "))
        except ValueError:
            errors.append(FieldError("expected_at", "not_a_time"))
        else:
            if local.tzinfo is None:
                local = local.replace(tzinfo=view.port_zone)
            values["expected_at"] = local
    checked = {k: v for k, v in values.items() if k not in {e.field for e in errors}}
    # The desk's rules, one field at a time, so that every wrong field is named.
    for name, value in checked.items():
        try:
            values.update(forecasts.validated(view, {name: value}))
        except RuleViolation as violation:
            errors.append(FieldError.of(violation))
    if errors:
        raise Invalid(errors)
    values["expected_at"] = values["expected_at"].astimezone(UTC)
    return Entry(view.port_code, values)


def create(engine: Engine, hq: HQClock, entries: list[Entry], who: audit.Who) -> list[uuid.UUID]:
    """Store checked forecasts (any ports) in one transaction, with their audit entries."""
    ids: list[uuid.UUID] = []
    with begin_write(engine) as conn:
        for entry in entries:
            [made] = records.insert_forecasts(conn, hq, entry.port_code, [entry.values])
            ids.append(made)
            audit.record(
                conn,
                who,
                "forecast.added",
                at=hq.now(),
                target=f"{entry.port_code} {entry.values['reference']}",
                forecast=str(made),
            )
    return ids


def update(
    engine: Engine, hq: HQClock, forecast_id: uuid.UUID, entry: Entry, who: audit.Who
) -> None:
    """Change an HQ forecast's schedule and notes; a post's own forecasts are the post's."""
    with begin_write(engine) as conn:
        row = conn.execute(select(Forecast.__table__).where(Forecast.id == forecast_id)).first()
        if row is None:
            raise KeyError(forecast_id)
        if row.origin_device != HQ_NODE:
            raise Invalid([FieldError("reference", "not_hq_forecast")])
        changes = {k: v for k, v in entry.values.items() if getattr(row, k) != v}
        if not changes:
            return
        records.change_record(conn, hq, "forecasts", forecast_id, **changes)
        audit.record(
            conn,
            who,
            "forecast.updated",
            at=hq.now(),
            target=f"{entry.port_code} {entry.values['reference']}",
            forecast=str(forecast_id),
            fields=sorted(changes),
        )


def withdraw(engine: Engine, hq: HQClock, forecast_id: uuid.UUID, who: audit.Who) -> None:
    """Withdraw an HQ forecast (its tombstone travels to the post like any change)."""
    with begin_write(engine) as conn:
        row = conn.execute(select(Forecast.__table__).where(Forecast.id == forecast_id)).first()
        if row is None:
            raise KeyError(forecast_id)
        if row.origin_device != HQ_NODE:
            raise Invalid([FieldError("reference", "not_hq_forecast")])
        records.change_record(conn, hq, "forecasts", forecast_id, deleted=True)
        audit.record(
            conn, who, "forecast.withdrawn", at=hq.now(), target=row.reference, forecast=str(row.id)
        )


# -- listing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastLine:
    id: uuid.UUID
    port_code: str
    time_zone: str
    mode: str
    reference: str
    carrier: str
    direction: str
    expected_at: datetime
    expected_travellers: int
    expected_vehicles: int
    cargo: str
    source: str
    status: str
    preinspection: str
    notes: str
    from_hq: bool
    version: int


def listing(
    engine: Engine, now: datetime, *, port: str | None = None, days: int = 14
) -> list[ForecastLine]:
    """Forecasts expected from yesterday to ``days`` ahead (every port, or one), soonest first."""
    query = (
        select(Forecast.__table__, Port.code, Port.time_zone)
        .join(Port, Port.id == Forecast.port_id)
        .where(
            ~Forecast.deleted,
            Forecast.expected_at >= now - timedelta(days=1),
            Forecast.expected_at < now + timedelta(days=days),
        )
        .order_by(Forecast.expected_at, Forecast.id)
        .limit(1000)
    )
    if port:
        query = query.where(Port.code == port.upper())
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        ForecastLine(
            id=r.id,
            port_code=r.code,
            time_zone=r.time_zone,
            mode=str(r.mode),
            reference=r.reference,
            carrier=r.carrier,
            direction=str(r.direction),
            expected_at=r.expected_at,
            expected_travellers=r.expected_travellers,
            expected_vehicles=r.expected_vehicles,
            cargo=str(r.cargo),
            source=str(r.source),
            status=str(r.status),
            preinspection=str(r.preinspection),
            notes=r.notes,
            from_hq=r.origin_device == HQ_NODE,
            version=r.version,
        )
        for r in rows
    ]


def one(engine: Engine, forecast_id: uuid.UUID) -> ForecastLine | None:
    with engine.connect() as conn:
        r = conn.execute(
            select(Forecast.__table__, Port.code, Port.time_zone)
            .join(Port, Port.id == Forecast.port_id)
            .where(Forecast.id == forecast_id)
        ).first()
    if r is None:
        return None
    return ForecastLine(
        r.id, r.code, r.time_zone, str(r.mode), r.reference, r.carrier, str(r.direction),
        r.expected_at, r.expected_travellers, r.expected_vehicles, str(r.cargo), str(r.source),
        str(r.status), str(r.preinspection), r.notes, r.origin_device == HQ_NODE, r.version,
    )  # fmt: skip


def form_values(line: ForecastLine) -> dict[str, str]:
    """An HQ forecast as the edit form shows it (the time in the port's zone)."""
    local = line.expected_at.astimezone(ZoneInfo(line.time_zone))
    return {
        "port": line.port_code,
        "mode": line.mode,
        "reference": line.reference,
        "carrier": line.carrier,
        "direction": line.direction,
        "expected_at": local.strftime("%Y-%m-%dT%H:%M"),
        "expected_travellers": str(line.expected_travellers),
        "expected_vehicles": str(line.expected_vehicles),
        "cargo": line.cargo,
        "source": line.source,
        "notes": line.notes,
    }


# -- CSV import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    line: int  # the file's line number (the header is line 1)
    given: dict[str, str]
    entry: Entry | None
    errors: list[FieldError]


@dataclass(frozen=True)
class ImportPreview:
    rows: list[ImportRow]
    file_errors: list[FieldError]

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and all(r.entry for r in self.rows)

    @property
    def bad_rows(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def preview(engine: Engine, data: bytes, now: datetime) -> ImportPreview:
    """Every row of a CSV file checked; nothing is stored."""
    if len(data) > MAX_BYTES:
        return ImportPreview([], [FieldError("file", "too_long", {"limit": MAX_BYTES})])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportPreview([], [FieldError("file", "columns", {"columns": ", ".join(COLUMNS)})])
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not set(REQUIRED_COLUMNS) <= set(header) or set(header) - set(COLUMNS):
        return ImportPreview([], [FieldError("file", "columns", {"columns": ", ".join(COLUMNS)})])
    reader.fieldnames = header
    rows: list[Any] = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            return ImportPreview(rows, [FieldError("file", "too_long", {"limit": MAX_ROWS})])
        given = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS}
        if not any(given.values()):
            continue  # a blank line
        try:
            rows.append(ImportRow(number, given, parse(engine, given, now), []))
        except Invalid as invalid:
            rows.append(ImportRow(number, given, None, invalid.errors))
    if not rows:
        return ImportPreview([], [FieldError("file", "no_rows")])
    return ImportPreview(rows, [])
