"""The console: users, sessions, the audit of changes made there, and per-day port figures.

Revision ID: hq0005
Revises: hq0002
Create Date: 2026-12-02 09:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "hq0005"
down_revision: str | None = "hq0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hq_console_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=120), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_console_audit")),
    )
    with op.batch_alter_table("hq_console_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_console_audit_at"), ["at"], unique=False)

    op.create_table(
        "hq_console_users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_console_users")),
        sa.UniqueConstraint("username", name=op.f("uq_hq_console_users_username")),
    )
    op.create_table(
        "hq_day_figures",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("computed_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("subjects", sa.Integer(), nullable=False),
        sa.Column("citizens", sa.Integer(), nullable=False),
        sa.Column("citizen_p50_s", sa.Float(), nullable=True),
        sa.Column("citizen_p90_s", sa.Float(), nullable=True),
        sa.Column("citizen_p95_s", sa.Float(), nullable=True),
        sa.Column("citizen_max_s", sa.Float(), nullable=True),
        sa.Column("citizen_within", sa.Float(), nullable=True),
        sa.Column("citizen_breaches", sa.Integer(), nullable=False),
        sa.Column("breaches", sa.Integer(), nullable=False),
        sa.Column("longest_wait_s", sa.Float(), nullable=True),
        sa.Column("unserved", sa.Integer(), nullable=False),
        sa.Column("alerts", sa.Integer(), nullable=False),
        sa.Column("last_event_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("day", "port_id", name=op.f("pk_hq_day_figures")),
    )
    op.create_table(
        "hq_console_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["hq_console_users.id"],
            name=op.f("fk_hq_console_sessions_user_id_hq_console_users"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_hq_console_sessions")),
    )
    with op.batch_alter_table("hq_console_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hq_console_sessions_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("hq_console_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hq_console_sessions_user_id"))

    op.drop_table("hq_console_sessions")
    op.drop_table("hq_day_figures")
    op.drop_table("hq_console_users")
    with op.batch_alter_table("hq_console_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hq_console_audit_at"))

    op.drop_table("hq_console_audit")
