"""Checklist overrides (a failed required check opened over, with a reason) and shift signoffs
(what the deputy captain signed at close-out: the report's data as of the close).

Both are synced facts; HQ runs the same revision on PostgreSQL.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-02 06:51:44.765572
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "0006"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shift_signoffs",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("as_of", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("data_hash", sa.String(length=64), nullable=False),
        sa.Column("format", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("signed_by", sa.Uuid(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_shift_signoffs_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_shift_signoffs_shift_id_shifts")
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"], ["officers.id"], name=op.f("fk_shift_signoffs_signed_by_officers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_signoffs")),
    )
    with op.batch_alter_table("shift_signoffs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_signoffs_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "checklist_overrides",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("check_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["shift_checklist_items.id"],
            name=op.f("fk_checklist_overrides_check_id_shift_checklist_items"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_checklist_overrides_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_checklist_overrides_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_checklist_overrides_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_overrides")),
    )
    with op.batch_alter_table("checklist_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_overrides_shift_id"), ["shift_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("checklist_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_overrides_shift_id"))

    op.drop_table("checklist_overrides")
    with op.batch_alter_table("shift_signoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_signoffs_shift_id"))

    op.drop_table("shift_signoffs")
