"""A port's status and daily hours as HQ sets them: open, suspended or seasonal.

One record per port, owned by HQ: edited at the HQ console, pulled by the
port's posts (posts never write it: ``hq.ingest.HQ_ONLY``), read through
``desktop_app.port_calendar``.  Every side seeds the same first version from
``resources/reference/ports.csv`` (open, the CSV's hours) with the
deterministic id ``reference_id("port_calendar", code)``, as for lanes.

Dates are ISO text (``2027-04-01``), the port's own calendar days: the wire
format has no date type, and ISO text sorts as dates do.
"""

from __future__ import annotations

import uuid
from datetime import time

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, Time, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, str_enum
from db.enums import PortStatus


class PortCalendar(Synced, Base):
    __tablename__ = "port_calendars"
    __table_args__ = (
        CheckConstraint("(opens_at IS NULL) = (closes_at IS NULL)", name="hours_both_or_neither"),
        CheckConstraint(
            "status <> 'seasonal' OR (first_day IS NOT NULL AND last_day IS NOT NULL)",
            name="season_has_dates",
        ),
    )

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"), unique=True)
    status: Mapped[PortStatus] = mapped_column(str_enum(PortStatus, "port_status"))
    # Seasonal: the season's first and last day.  Suspended: the first and last
    # day closed (no first day: closed already; no last day: until further notice).
    first_day: Mapped[str | None] = mapped_column(String(10))
    last_day: Mapped[str | None] = mapped_column(String(10))
    # Daily hours in the port's zone on the days it is open; both None: 24 hours.
    # A closing time before the opening time runs past midnight.
    opens_at: Mapped[time | None] = mapped_column(Time)
    closes_at: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str] = mapped_column(Text, default="")
