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
    """Advance notice of an arrival (bus, truck convoy, train, flight)."""

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


class PriorityApproval(Synced, Base):
    __tablename__ = "priority_approvals"

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"), index=True)
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"))
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
