"""Clearance events: the append-only facts behind every queue-time figure.

One traveller, vehicle or train passing through is a *clearance*, identified
by ``clearance_id`` (the id of its ``joined`` event).  Each step is its own
immutable row.  A correction is a new row with ``supersedes_id`` pointing at
the row it replaces (same step with new values, or ``void`` to cancel it);
``db.queries.clearances`` folds the effective rows back into one line each.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, Uuid
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
