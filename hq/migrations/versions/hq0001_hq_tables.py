"""HQ's tables: devices, enrolment codes, applied and refused batches, change log,
versions, field stamps, conflicts, counters, settings.

Revision ID: hq0001
Revises:
Create Date: 2026-11-26 17:48:48.545200
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "hq0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hq_applied_batches",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("applied_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "device_id", "first_seq", "last_seq", name=op.f("pk_hq_applied_batches")
        ),
    )
    op.create_table(
        "hq_changes",
        sa.Column("change_no", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("port_id", sa.Uuid(), nullable=True),
        sa.Column("source_device", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("change_no", name=op.f("pk_hq_changes")),
    )
    with op.batch_alter_table("hq_changes", schema=None) as batch_op:
        batch_op.create_index("ix_hq_changes_port_change", ["port_id", "change_no"], unique=False)

    op.create_table(
        "hq_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("port_id", sa.Uuid(), nullable=True),
        sa.Column("detected_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("losing", sa.JSON(), nullable=False),
        sa.Column("winning", sa.JSON(), nullable=False),
        sa.Column("losing_writer", sa.String(length=64), nullable=False),
        sa.Column("winning_writer", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_conflicts")),
    )
    with op.batch_alter_table("hq_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_conflicts_port_id"), ["port_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hq_conflicts_record_id"), ["record_id"], unique=False)

    counters = op.create_table(
        "hq_counters",
        sa.Column("name", sa.String(length=24), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_hq_counters")),
    )
    op.create_table(
        "hq_devices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("port_code", sa.String(length=8), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("enrolled_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=False),
        sa.Column("app_version", sa.String(length=24), nullable=False),
        sa.Column("last_seen_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_push_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_pull_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("acked_through", sa.BigInteger(), nullable=False),
        sa.Column("pull_cursor", sa.BigInteger(), nullable=False),
        sa.Column("clock_skew_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_devices")),
    )
    with op.batch_alter_table("hq_devices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_devices_port_id"), ["port_id"], unique=False)

    op.create_table(
        "hq_enrollment_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("port_code", sa.String(length=8), nullable=False),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_hq_enrollment_codes")),
    )
    op.create_table(
        "hq_field_stamps",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("stamps", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id", name=op.f("pk_hq_field_stamps")),
    )
    op.create_table(
        "hq_refused_batches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("error", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_refused_batches")),
    )
    with op.batch_alter_table("hq_refused_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hq_refused_batches_device_id"), ["device_id"], unique=False
        )

    op.create_table(
        "hq_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_hq_settings")),
    )
    op.create_table(
        "hq_versions",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id", "hlc", name=op.f("pk_hq_versions")),
    )
    # The change log's counter starts at zero: change numbers begin at 1.
    op.bulk_insert(counters, [{"name": "change", "value": 0}])


def downgrade() -> None:
    op.drop_table("hq_versions")
    op.drop_table("hq_settings")
    with op.batch_alter_table("hq_refused_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hq_refused_batches_device_id"))

    op.drop_table("hq_refused_batches")
    op.drop_table("hq_field_stamps")
    op.drop_table("hq_enrollment_codes")
    with op.batch_alter_table("hq_devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hq_devices_port_id"))

    op.drop_table("hq_devices")
    op.drop_table("hq_counters")
    with op.batch_alter_table("hq_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hq_conflicts_record_id"))
        batch_op.drop_index(batch_op.f("ix_hq_conflicts_port_id"))

    op.drop_table("hq_conflicts")
    with op.batch_alter_table("hq_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_changes_port_change")

    op.drop_table("hq_changes")
    op.drop_table("hq_applied_batches")
