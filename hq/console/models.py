"""The console's tables (HQ-only, on ``HQBase``'s metadata and history): users,
sessions, the audit of changes made at the console, and per-day port figures."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import UTCDateTime
from hq.models import HQBase


class ConsoleUser(HQBase):
    __tablename__ = "hq_console_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))  # hq.console.access.ConsoleRole
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsoleSession(HQBase):
    """A signed-in browser.  Only the token's SHA-256 is kept: the table signs nobody in."""

    __tablename__ = "hq_console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("hq_console_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConsoleAudit(HQBase):
    """One change made at the console (or a sign-in), who made it, from where."""

    __tablename__ = "hq_console_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    username: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(120), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    address: Mapped[str] = mapped_column(String(64), default="")


class DayFigures(HQBase):
    """A port's figures for one of its local days, as the desk's statistics compute them.

    Kept up to date by ``hq.console.rollup`` from the change log, so the
    overview reads one row per port instead of a day of events per port.
    """

    __tablename__ = "hq_day_figures"

    # The day first: the overview reads one day of every port through the key.
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    subjects: Mapped[int] = mapped_column(Integer)  # clearances that joined that day
    citizens: Mapped[int] = mapped_column(Integer)  # Chinese citizens served (wait known)
    citizen_p50_s: Mapped[float | None] = mapped_column(Float)
    citizen_p90_s: Mapped[float | None] = mapped_column(Float)
    citizen_p95_s: Mapped[float | None] = mapped_column(Float)
    citizen_max_s: Mapped[float | None] = mapped_column(Float)
    citizen_within: Mapped[float | None] = mapped_column(Float)  # share 0..1 within 30 min
    citizen_breaches: Mapped[int] = mapped_column(Integer)
    breaches: Mapped[int] = mapped_column(Integer)  # every category
    longest_wait_s: Mapped[float | None] = mapped_column(Float)  # every category
    unserved: Mapped[int] = mapped_column(Integer)
    alerts: Mapped[int] = mapped_column(Integer)  # 15- and 25-minute warnings raised
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
