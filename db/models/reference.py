"""Reference data: ports, lanes, officers and duty teams.

HQ owns these and sends them down; a post seeds the same rows from
``resources/reference`` with deterministic ids (see ``desktop_app.reference``)
so that both sides name the same port and lane with the same key.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, Time, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, UTCDateTime, str_enum
from db.enums import LaneDirection, LaneKind, LaneSubjects, Role


class Port(Synced, Base):
    __tablename__ = "ports"

    code: Mapped[str] = mapped_column(String(8), unique=True)
    name_en: Mapped[str] = mapped_column(String(80))
    name_zh: Mapped[str] = mapped_column(String(80))
    station_zh: Mapped[str] = mapped_column(String(80), default="")
    modes: Mapped[str] = mapped_column(String(32))  # ";"-joined db.enums.Mode values
    neighbour: Mapped[str] = mapped_column(String(40), default="")
    time_zone: Mapped[str] = mapped_column(String(64))
    plateau: Mapped[bool] = mapped_column(Boolean, default=False)
    # Operating hours in the port's own time zone; both None means 24x7.
    opens_at: Mapped[time | None] = mapped_column(Time)
    closes_at: Mapped[time | None] = mapped_column(Time)
    notes: Mapped[str] = mapped_column(Text, default="")


class Lane(Synced, Base):
    __tablename__ = "lanes"
    __table_args__ = (UniqueConstraint("port_id", "code"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name_en: Mapped[str] = mapped_column(String(80))
    name_zh: Mapped[str] = mapped_column(String(80))
    kind: Mapped[LaneKind] = mapped_column(str_enum(LaneKind, "lane_kind"))
    direction: Mapped[LaneDirection] = mapped_column(str_enum(LaneDirection, "lane_direction"))
    subjects: Mapped[LaneSubjects] = mapped_column(str_enum(LaneSubjects, "lane_subjects"))
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Service capacity used to predict waits; None when nobody has measured it.
    capacity_per_hour: Mapped[int | None] = mapped_column(Integer)


class LaneStateChange(Synced, Base):
    """History of a lane's openings and closings (the lane row holds the current state)."""

    __tablename__ = "lane_state_changes"
    __append_only__ = True

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"), index=True)
    lane_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("lanes.id"), index=True)
    opened: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    officer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    reason: Mapped[str] = mapped_column(Text, default="")


class Officer(Synced, Base):
    __tablename__ = "officers"
    __table_args__ = (UniqueConstraint("port_id", "badge_no"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"), index=True)
    badge_no: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    pin_hash: Mapped[str] = mapped_column(String(160))  # argon2id, never the PIN
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DutyTeam(Synced, Base):
    __tablename__ = "duty_teams"
    __table_args__ = (UniqueConstraint("port_id", "name_zh"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"), index=True)
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(40))
