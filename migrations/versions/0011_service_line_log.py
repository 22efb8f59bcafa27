"""The 12367 service line's log: contacts (consultations, complaints, suggestions, praise)
and the replies to them, both synced facts; HQ runs the same revision on PostgreSQL.

Revision ID: 0011
Revises: 0005
Create Date: 2026-12-02 10:21:12.350501
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "0011"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_contacts",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=True),
        sa.Column("received_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "phone_12367",
                "on_site",
                "online",
                name="contact_channel",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "consultation",
                "complaint",
                "suggestion",
                "praise",
                name="contact_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("topic_code", sa.String(length=32), nullable=False),
        sa.Column("clearance_reference", sa.String(length=40), nullable=True),
        sa.Column("clearance_id", sa.Uuid(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("reply_due_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_service_contacts_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_service_contacts_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_service_contacts_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_contacts")),
    )
    with op.batch_alter_table("service_contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_contacts_port_received", ["port_id", "received_at"], unique=False
        )

    op.create_table(
        "service_contact_replies",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("answered_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["service_contacts.id"],
            name=op.f("fk_service_contact_replies_contact_id_service_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officers.id"],
            name=op.f("fk_service_contact_replies_officer_id_officers"),
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_service_contact_replies_port_id_ports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_contact_replies")),
    )
    with op.batch_alter_table("service_contact_replies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_contact_replies_contact_id"), ["contact_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("service_contact_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_contact_replies_contact_id"))

    op.drop_table("service_contact_replies")
    with op.batch_alter_table("service_contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_service_contacts_port_received")

    op.drop_table("service_contacts")
