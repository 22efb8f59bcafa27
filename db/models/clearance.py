"""Clearance events: the append-only facts behind every queue-time figure.

One traveller, vehicle or train passing through is a *clearance*, identified
by ``clearance_id`` (the id of its ``joined`` event).  Each step is its own
immutable row.  A correction is a new row with ``supersedes_id`` pointing at
the row it replaces (same step with new values, or ``void`` to cancel it);
``db.queries.clearances`` folds the effective rows back into one line each.

A subject sent on to another lane while waiting gets a ``moved`` row naming
the lane it left (``from_lane_id``) and the lane it goes to (``lane_id``);
its wait still runs from the join.  A ``joined`` row at a lane that was not
open yet says so (``before_open``): a queue at the gate before opening is
measured from arrival and reported apart (``desktop_app.queue_figures``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, UTCDateTime, str_enum
from db.enums import ClearanceStep, Direction, Outcome, SubjectKind, TravellerCategory


class ClearanceEvent(Synced, Base):
    __tablename__ = "clearance_events"
    __append_only__ = True
    __table_args__ = (
        Index("ix_clearance_events_port_at", "port_id", "at"),
        # Finds a scanned reference already in the queue (double scans).
        # (port, reference, at): equality on both beats the (port, at) range
        # for SQLite's planner, whatever the day's volume.
        Index("ix_clearance_events_port_reference", "port_id", "reference", "at"),
        # Moves alone (a partial index): the fold finds a period's moves without
        # reading every event since (``db.queries.latest_moves``).
        Index(
            "ix_clearance_events_moves",
            "port_id",
            "at",
            sqlite_where=text("step = 'moved'"),
            postgresql_where=text("step = 'moved'"),
        ),
        # The arrivals of given forecasts (a report's forecast table, whenever they
        # joined): joins name a forecast, other steps never do.
        Index(
            "ix_clearance_events_forecast",
            "forecast_id",
            sqlite_where=text("forecast_id IS NOT NULL"),
            postgresql_where=text("forecast_id IS NOT NULL"),
        ),
        CheckConstraint("(step = 'finished') = (outcome IS NOT NULL)", name="outcome_iff_finished"),
        CheckConstraint(
            "step <> 'joined' OR (direction IS NOT NULL AND subject_kind IS NOT NULL"
            " AND reference IS NOT NULL)",
            name="joined_names_subject",
        ),
        CheckConstraint(
            "step <> 'joined' OR subject_kind <> 'person' OR traveller_category IS NOT NULL",
            name="person_has_category",
        ),
        CheckConstraint("supersedes_id IS NULL OR reason <> ''", name="correction_has_reason"),
        CheckConstraint("step <> 'moved' OR from_lane_id IS NOT NULL", name="move_names_lanes"),
    )

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"), index=True)
    lane_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("lanes.id"))
    clearance_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    step: Mapped[ClearanceStep] = mapped_column(str_enum(ClearanceStep, "step"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, "outcome"))
    officer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    # What the subject is; set on the joined step only.
    direction: Mapped[Direction | None] = mapped_column(str_enum(Direction, "direction"))
    subject_kind: Mapped[SubjectKind | None] = mapped_column(str_enum(SubjectKind, "subject_kind"))
    traveller_category: Mapped[TravellerCategory | None] = mapped_column(
        str_enum(TravellerCategory, "traveller_category")
    )
    reference: Mapped[str | None] = mapped_column(String(40))  # queue ticket, plate, train no.
    forecast_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("forecasts.id"))
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("clearance_events.id"), index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    # A move: the lane the subject left (``lane_id`` is the lane it went to).
    from_lane_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("lanes.id"))
    # A join: the lane was not open yet (a queue at the gate before opening).
    before_open: Mapped[bool] = mapped_column(Boolean, default=False)
