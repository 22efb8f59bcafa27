"""Lane service capacity (filled in for existing lanes) and local PIN lock-outs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 17:17:21.213639
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pin_lockouts",
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("officer_id", name=op.f("pk_pin_lockouts")),
    )
    with op.batch_alter_table("lanes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity_per_hour", sa.Integer(), nullable=True))

    # Existing lanes get the public rule of thumb (a staffed booth clears about
    # 100 travellers an hour; a vehicle lane about a quarter of that) so that
    # wait predictions work before anyone measures the real figure.
    op.execute("UPDATE lanes SET capacity_per_hour = 100 WHERE subjects = 'persons'")
    op.execute("UPDATE lanes SET capacity_per_hour = 25 WHERE subjects <> 'persons'")


def downgrade() -> None:
    with op.batch_alter_table("lanes", schema=None) as batch_op:
        batch_op.drop_column("capacity_per_hour")

    op.drop_table("pin_lockouts")
