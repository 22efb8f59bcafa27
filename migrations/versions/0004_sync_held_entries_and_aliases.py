"""Post-side sync bookkeeping: entries set aside (quarantine) and records merged into another.

Revision ID: 0004
Revises: 0008
Create Date: 2026-11-28 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "0004"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_held",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("error", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("blocked_entity", sa.String(length=40), nullable=True),
        sa.Column("blocked_id", sa.Uuid(), nullable=True),
        sa.Column("held_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("resent_as", sa.Integer(), nullable=True),
        sa.Column("resolved_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("discarded_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_held")),
    )
    with op.batch_alter_table("sync_held", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_held_record_id"), ["record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_held_state"), ["state"], unique=False)
    op.create_table(
        "sync_aliases",
        sa.Column("merged_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("survivor_id", sa.Uuid(), nullable=False),
        sa.Column("merged_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("merged_id", name=op.f("pk_sync_aliases")),
    )
    with op.batch_alter_table("sync_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_aliases_survivor_id"), ["survivor_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_aliases_survivor_id"))
    op.drop_table("sync_aliases")
    with op.batch_alter_table("sync_held", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_held_state"))
        batch_op.drop_index(batch_op.f("ix_sync_held_record_id"))
    op.drop_table("sync_held")
