"""Port calendars: each port's status (open, suspended, seasonal with dates) and daily hours.

HQ owns the record and sends it to the port's posts.  Every existing port
gets the same first version a new one is seeded with (``desktop_app.reference``):
open, at the hours its row holds, with the deterministic id and the seed
stamp, so a post and HQ that upgrade separately hold the very same row.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02 09:00:00.000000
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# desktop_app.reference's seed identity, copied: a revision must not change
# when the application's code does.
NAMESPACE = uuid.UUID("5b0c1d0e-8c1f-4f43-9a57-c0a1d2e3f4a5")
SEED_DEVICE = "reference"
SEED_STAMP = "0000000000000-000000-reference"
SEED_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    calendars = op.create_table(
        "port_calendars",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "suspended",
                "seasonal",
                name="port_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("first_day", sa.String(length=10), nullable=True),
        sa.Column("last_day", sa.String(length=10), nullable=True),
        sa.Column("opens_at", sa.Time(), nullable=True),
        sa.Column("closes_at", sa.Time(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(opens_at IS NULL) = (closes_at IS NULL)",
            name=op.f("ck_port_calendars_hours_both_or_neither"),
        ),
        sa.CheckConstraint(
            "status <> 'seasonal' OR (first_day IS NOT NULL AND last_day IS NOT NULL)",
            name=op.f("ck_port_calendars_season_has_dates"),
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_port_calendars_port_id_ports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_port_calendars")),
        sa.UniqueConstraint("port_id", name=op.f("uq_port_calendars_port_id")),
    )
    ports = sa.table(
        "ports",
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("opens_at", sa.Time()),
        sa.column("closes_at", sa.Time()),
    )
    rows = op.get_bind().execute(sa.select(ports)).all()
    op.bulk_insert(
        calendars,
        [
            {
                "id": uuid.uuid5(NAMESPACE, f"port_calendar:{port.code}"),
                "port_id": port.id,
                "status": "open",
                "first_day": None,
                "last_day": None,
                "opens_at": port.opens_at,
                "closes_at": port.closes_at,
                "note": "",
                "origin_device": SEED_DEVICE,
                "version": 1,
                "hlc": SEED_STAMP,
                "updated_at": SEED_TIME,
                "deleted": False,
            }
            for port in rows
        ],
    )


def downgrade() -> None:
    op.drop_table("port_calendars")
