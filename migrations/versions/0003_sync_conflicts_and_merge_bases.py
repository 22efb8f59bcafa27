"""Post-side sync bookkeeping: the conflicts HQ reported, and merge bases of pulled records.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 17:46:35.465716
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_bases",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("after_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id", name=op.f("pk_sync_bases")),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("detected_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("losing", sa.JSON(), nullable=False),
        sa.Column("winning", sa.JSON(), nullable=False),
        sa.Column("losing_writer", sa.String(length=64), nullable=False),
        sa.Column("winning_writer", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_conflicts_detected_at"), ["detected_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sync_conflicts_record_id"), ["record_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflicts_record_id"))
        batch_op.drop_index(batch_op.f("ix_sync_conflicts_detected_at"))

    op.drop_table("sync_conflicts")
    op.drop_table("sync_bases")
