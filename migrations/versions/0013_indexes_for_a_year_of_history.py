"""Indexes for a year of history: what a close-out, a report and a sync read stays bounded.

Found by bench/bench_year.py (a year at a busy post, 3.3M clearance events):

* ``clearance_events``: the arrivals of given forecasts (a report's forecast
  table) were counted by reading every event; a partial index holds the joins
  that name a forecast;
* ``audit_entries``: a forecast's pre-inspection history was read from the
  whole audit log; an index on ``entity_id``;
* ``priority_approvals``: a shift's approvals (shift screen, close-out) were
  found by reading them all; an index on ``shift_id``;
* ``outbox``: the report's sync section read every entry to find a period's;
  an index on ``created_at``.  The index of every entry's ``acked_at`` (one
  entry in it per write, forever) becomes a partial index of the entries
  still to send, the only ones any query looks for by it.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-02 10:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clearance_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_clearance_events_forecast",
            ["forecast_id"],
            unique=False,
            sqlite_where=sa.text("forecast_id IS NOT NULL"),
            postgresql_where=sa.text("forecast_id IS NOT NULL"),
        )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entries_entity_id", ["entity_id"], unique=False)
    with op.batch_alter_table("priority_approvals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_priority_approvals_shift_id"), ["shift_id"], unique=False
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_acked_at")
        batch_op.create_index(
            "ix_outbox_unacked",
            ["seq"],
            unique=False,
            sqlite_where=sa.text("acked_at IS NULL"),
            postgresql_where=sa.text("acked_at IS NULL"),
        )
        batch_op.create_index("ix_outbox_created_at", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_created_at")
        batch_op.drop_index("ix_outbox_unacked")
        batch_op.create_index("ix_outbox_acked_at", ["acked_at"], unique=False)
    with op.batch_alter_table("priority_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_approvals_shift_id"))
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_entity_id")
    with op.batch_alter_table("clearance_events", schema=None) as batch_op:
        batch_op.drop_index("ix_clearance_events_forecast")
