"""Enrolment codes issued for one enrolled device (the only way to re-key a device).

Revision ID: hq0002
Revises: hq0001
Create Date: 2026-11-27 10:12:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "hq0002"
down_revision: str | None = "hq0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Codes made before this revision stay plain codes: they enrol new devices only.
    with op.batch_alter_table("hq_enrollment_codes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("for_device_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hq_enrollment_codes", schema=None) as batch_op:
        batch_op.drop_column("for_device_id")
