"""The duty roster of a shift (who works which lane, when) and decisions on the plan's advice.

Both are facts (append-only, synced): ``duty_postings`` and ``advice_decisions``.

Revision ID: 0010
Revises: 0013
Create Date: 2026-12-02 10:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "0010"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "duty_postings",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column(
            "action",
            _enum("duty_action", "on_duty", "lane", "off_lane", "off_duty"),
            nullable=False,
        ),
        sa.Column("lane_id", sa.Uuid(), nullable=True),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_duty_postings_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_duty_postings_shift_id_shifts")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_duty_postings_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["lane_id"], ["lanes.id"], name=op.f("fk_duty_postings_lane_id_lanes")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["officers.id"], name=op.f("fk_duty_postings_recorded_by_officers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_postings")),
    )
    op.create_index(
        op.f("ix_duty_postings_officer_id"), "duty_postings", ["officer_id"], unique=False
    )
    op.create_index("ix_duty_postings_shift_at", "duty_postings", ["shift_id", "at"], unique=False)
    op.create_table(
        "advice_decisions",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=True),
        sa.Column("advice_key", sa.String(length=120), nullable=False),
        sa.Column("choice", _enum("advice_choice", "taken", "dismissed"), nullable=False),
        sa.Column("queue", sa.String(length=24), nullable=False),
        sa.Column("lane_code", sa.String(length=16), nullable=False),
        sa.Column("open_by", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("wave_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("p90_before_s", sa.Integer(), nullable=False),
        sa.Column("p90_after_s", sa.Integer(), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_advice_decisions_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_advice_decisions_shift_id_shifts")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["officers.id"], name=op.f("fk_advice_decisions_decided_by_officers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_decisions")),
    )
    op.create_index(
        "ix_advice_decisions_port_at", "advice_decisions", ["port_id", "at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_advice_decisions_port_at", table_name="advice_decisions")
    op.drop_table("advice_decisions")
    op.drop_index("ix_duty_postings_shift_at", table_name="duty_postings")
    op.drop_index(op.f("ix_duty_postings_officer_id"), table_name="duty_postings")
    op.drop_table("duty_postings")
