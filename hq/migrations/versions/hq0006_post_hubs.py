"""Post hubs: devices of kind hub, desks a hub vouches for, and a hub's relay queue.

Revision ID: hq0006
Revises: hq0003
Create Date: 2026-12-02 10:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "hq0006"
down_revision: str | None = "hq0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hq_devices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=8), nullable=False, server_default="desk")
        )
        batch_op.add_column(sa.Column("via_hub", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_hq_devices_via_hub"), ["via_hub"], unique=False)
    with op.batch_alter_table("hq_enrollment_codes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=8), nullable=False, server_default="desk")
        )
    op.create_table(
        "hq_relay",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("clock_skew_ms", sa.BigInteger(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("queued_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_relay")),
    )


def downgrade() -> None:
    op.drop_table("hq_relay")
    with op.batch_alter_table("hq_enrollment_codes", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("hq_devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hq_devices_via_hub"))
        batch_op.drop_column("via_hub")
        batch_op.drop_column("kind")
