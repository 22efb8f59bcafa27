"""What happens at the post: shifts, forecasts, assignments, approvals, emergencies."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, UTCDateTime, str_enum
from db.enums import (
    ApprovalDecision,
    CargoCategory,
    CheckResult,
    Direction,
    EmergencyKind,
    ForecastSource,
    ForecastStatus,
    Mode,
    PreInspection,
    ShiftState,
    SizeMethod,
    SubjectKind,
)


class Shift(Synced, Base):
    __tablename__ = "shifts"
    __table_args__ = (Index("ix_shifts_port_state", "port_id", "state"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    team_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("duty_teams.id"))
    planned_start: Mapped[datetime] = mapped_column(UTCDateTime)
    planned_end: Mapped[datetime] = mapped_column(UTCDateTime)
    actual_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actual_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("officers.id"))
    closed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("officers.id"))
    state: Mapped[ShiftState] = mapped_column(str_enum(ShiftState, "shift_state"))
    handover_notes: Mapped[str] = mapped_column(Text, default="")


class ShiftChecklistItem(Synced, Base):
    """One check done before or during a shift; a re-check is a new row."""

    __tablename__ = "shift_checklist_items"
    __append_only__ = True

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(32))
    result: Mapped[CheckResult] = mapped_column(str_enum(CheckResult, "check_result"))
    note: Mapped[str] = mapped_column(Text, default="")
    officer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Forecast(Synced, Base):
    """Advance notice of an arrival (bus, truck convoy, train, flight).

    What the post knew and when: ``announced_at`` is when the notice was given
    (by ``source``, and ``announced_by`` names who), ``entered_at`` when it was
    recorded here; a backtest that must not look ahead uses a forecast only
    from the later of the two.  On arrival the group's actual size is kept
    beside the forecast one, counted or estimated.
    """

    __tablename__ = "forecasts"
    __table_args__ = (Index("ix_forecasts_port_expected", "port_id", "expected_at"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    mode: Mapped[Mode] = mapped_column(str_enum(Mode, "mode"))
    reference: Mapped[str] = mapped_column(String(40))  # plate, train or flight number
    carrier: Mapped[str] = mapped_column(String(80), default="")
    direction: Mapped[Direction] = mapped_column(str_enum(Direction, "direction"))
    expected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expected_travellers: Mapped[int] = mapped_column(Integer, default=0)
    expected_vehicles: Mapped[int] = mapped_column(Integer, default=0)
    cargo: Mapped[CargoCategory] = mapped_column(str_enum(CargoCategory, "cargo"))
    source: Mapped[ForecastSource] = mapped_column(str_enum(ForecastSource, "forecast_source"))
    preinspection: Mapped[PreInspection] = mapped_column(str_enum(PreInspection, "preinspection"))
    status: Mapped[ForecastStatus] = mapped_column(str_enum(ForecastStatus, "forecast_status"))
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    # None on forecasts recorded before these were kept (schema 0005).
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    announced_by: Mapped[str] = mapped_column(String(80), default="")
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actual_travellers: Mapped[int | None] = mapped_column(Integer)
    actual_vehicles: Mapped[int | None] = mapped_column(Integer)
    actual_method: Mapped[SizeMethod | None] = mapped_column(str_enum(SizeMethod, "size_method"))


class PriorityApproval(Synced, Base):
    __tablename__ = "priority_approvals"

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"), index=True)
    # A shift's approvals (the shift screen, the close-out).
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"), index=True)
    subject_ref: Mapped[str] = mapped_column(String(40))
    forecast_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("forecasts.id"))
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decision: Mapped[ApprovalDecision] = mapped_column(str_enum(ApprovalDecision, "decision"))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("officers.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class LaneAssignment(Synced, Base):
    """An arriving forecast, vehicle or group sent to a lane: who, when, why."""

    __tablename__ = "lane_assignments"
    __append_only__ = True

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"), index=True)
    lane_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("lanes.id"))
    forecast_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("forecasts.id"))
    subject_ref: Mapped[str] = mapped_column(String(40))
    subject_kind: Mapped[SubjectKind] = mapped_column(str_enum(SubjectKind, "subject_kind"))
    assigned_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    # Set for a priority clearance: the approval that allowed it (used once).
    approval_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("priority_approvals.id"), unique=True
    )


class EmergencyPassage(Synced, Base):
    """Altitude sickness or sudden illness sent through the emergency passage."""

    __tablename__ = "emergency_passages"

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"), index=True)
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"), index=True)
    lane_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("lanes.id"))
    kind: Mapped[EmergencyKind] = mapped_column(str_enum(EmergencyKind, "emergency_kind"))
    subject_ref: Mapped[str] = mapped_column(String(40), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    action_taken: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")


class ChecklistOverride(Synced, Base):
    """A deputy captain opened the shift although a required check failed: who, why, when.

    It names the failed result it overrides: a re-check that fails again needs
    a new decision.  Printed in the reports beside the check.
    """

    __tablename__ = "checklist_overrides"
    __append_only__ = True

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"), index=True)
    check_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shift_checklist_items.id"))
    item_code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    officer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class ShiftSignoff(Synced, Base):
    """What the deputy captain signed at close-out: the shift report's data as of the close.

    ``snapshot`` holds the report's whole input (``desktop_app.reports.snapshot``)
    as canonical JSON, zstd-compressed and base64-encoded (a text column: the
    sync codec carries text), and ``data_hash`` its SHA-256.  The signed report
    is rebuilt from it byte for byte, whatever happens later; a correction
    after the close makes an *amended* report listing what changed against it.
    It syncs like any fact, so HQ holds what was signed.  No unique key on the
    shift: two desks that closed the same shift offline must not stop a sync;
    the report takes the one that matches the shift's close.
    """

    __tablename__ = "shift_signoffs"
    __append_only__ = True

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"), index=True)
    as_of: Mapped[datetime] = mapped_column(UTCDateTime)
    data_hash: Mapped[str] = mapped_column(String(64))
    format: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)
    signed_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
