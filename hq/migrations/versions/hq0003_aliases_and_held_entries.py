"""Records merged by identity (aliases), and the entries each device set aside.

Revision ID: hq0003
Revises: hq0005
Create Date: 2026-11-28 09:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "hq0003"
down_revision: str | None = "hq0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hq_aliases",
        sa.Column("merged_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("survivor_id", sa.Uuid(), nullable=False),
        sa.Column("port_id", sa.Uuid(), nullable=True),
        sa.Column("natural_key", sa.String(length=200), nullable=False),
        sa.Column("merged_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("merged_id", name=op.f("pk_hq_aliases")),
    )
    with op.batch_alter_table("hq_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_aliases_port_id"), ["port_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hq_aliases_survivor_id"), ["survivor_id"], unique=False
        )
    op.create_table(
        "hq_held_entries",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("error", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("blocked_entity", sa.String(length=40), nullable=True),
        sa.Column("blocked_id", sa.Uuid(), nullable=True),
        sa.Column("held_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "seq", name=op.f("pk_hq_held_entries")),
    )
    with op.batch_alter_table("hq_held_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_held_entries_port_id"), ["port_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hq_held_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hq_held_entries_port_id"))
    op.drop_table("hq_held_entries")
    with op.batch_alter_table("hq_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hq_aliases_survivor_id"))
        batch_op.drop_index(batch_op.f("ix_hq_aliases_port_id"))
    op.drop_table("hq_aliases")
