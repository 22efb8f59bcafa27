"""The duty roster of a shift and what officers did with the plan's advice: facts.

**Duty postings** are facts, not one mutable row per officer: the roster's
whole point is the history (who moved where, when), two desks of a post may
post officers while apart, and facts merge without a conflict for anyone to
look at.  An officer's place at a moment is their latest posting before it
(``desktop_app.duty_roster``); a wrong posting is corrected by a later one.

**Advice decisions** record that an officer took or dismissed a line of the
plan's advice (the line's words and figures as shown, so the shift report can
say what was advised, what was done and what happened).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, UTCDateTime, str_enum
from db.enums import AdviceChoice, DutyAction


class DutyPosting(Synced, Base):
    __tablename__ = "duty_postings"
    __append_only__ = True
    __table_args__ = (Index("ix_duty_postings_shift_at", "shift_id", "at"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    shift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shifts.id"))
    officer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"), index=True)
    action: Mapped[DutyAction] = mapped_column(str_enum(DutyAction, "duty_action"))
    # The lane worked from ``at`` (action ``lane``); None otherwise.
    lane_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("lanes.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    reason: Mapped[str] = mapped_column(Text, default="")


class AdviceDecision(Synced, Base):
    __tablename__ = "advice_decisions"
    __append_only__ = True
    __table_args__ = (Index("ix_advice_decisions_port_at", "port_id", "at"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    shift_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("shifts.id"))
    advice_key: Mapped[str] = mapped_column(String(120))
    choice: Mapped[AdviceChoice] = mapped_column(str_enum(AdviceChoice, "advice_choice"))
    queue: Mapped[str] = mapped_column(String(24))
    lane_code: Mapped[str] = mapped_column(String(16), default="")
    open_by: Mapped[datetime] = mapped_column(UTCDateTime)
    wave_at: Mapped[datetime] = mapped_column(UTCDateTime)
    p90_before_s: Mapped[int] = mapped_column(Integer)
    p90_after_s: Mapped[int] = mapped_column(Integer)
    text_zh: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
