"""Initial schema: reference data, shifts, forecasts, clearance events, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 17:17:09.186965
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "local_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_local_state")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("acked_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_acked_at"), ["acked_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_record_id"), ["record_id"], unique=False)

    op.create_table(
        "ports",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column("station_zh", sa.String(length=80), nullable=False),
        sa.Column("modes", sa.String(length=32), nullable=False),
        sa.Column("neighbour", sa.String(length=40), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("plateau", sa.Boolean(), nullable=False),
        sa.Column("opens_at", sa.Time(), nullable=True),
        sa.Column("closes_at", sa.Time(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ports")),
        sa.UniqueConstraint("code", name=op.f("uq_ports_code")),
    )
    op.create_table(
        "duty_teams",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("name_zh", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_duty_teams_port_id_ports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_teams")),
        sa.UniqueConstraint("port_id", "name_zh", name=op.f("uq_duty_teams_port_id_name_zh")),
    )
    with op.batch_alter_table("duty_teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_teams_port_id"), ["port_id"], unique=False)

    op.create_table(
        "forecasts",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column(
            "mode",
            sa.Enum(
                "road",
                "rail",
                "air",
                name="mode",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("carrier", sa.String(length=80), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "entry",
                "exit",
                name="direction",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("expected_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expected_travellers", sa.Integer(), nullable=False),
        sa.Column("expected_vehicles", sa.Integer(), nullable=False),
        sa.Column(
            "cargo",
            sa.Enum(
                "none",
                "energy",
                "livelihood",
                "belt_road",
                "general",
                name="cargo",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum(
                "hq",
                "overseas",
                "carrier",
                "manual",
                name="forecast_source",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "preinspection",
            sa.Enum(
                "pending",
                "in_progress",
                "cleared",
                "flagged",
                name="preinspection",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "expected",
                "arrived",
                "cancelled",
                name="forecast_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("arrived_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["port_id"], ["ports.id"], name=op.f("fk_forecasts_port_id_ports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecasts")),
    )
    with op.batch_alter_table("forecasts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forecasts_port_expected", ["port_id", "expected_at"], unique=False
        )

    op.create_table(
        "lanes",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "regular",
                "green",
                "fast",
                "belt_road",
                "emergency",
                "priority",
                "senior",
                "crew",
                name="lane_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "direction",
            sa.Enum(
                "entry",
                "exit",
                "both",
                name="lane_direction",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "subjects",
            sa.Enum(
                "persons",
                "vehicles",
                "both",
                name="lane_subjects",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["port_id"], ["ports.id"], name=op.f("fk_lanes_port_id_ports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lanes")),
        sa.UniqueConstraint("port_id", "code", name=op.f("uq_lanes_port_id_code")),
    )
    with op.batch_alter_table("lanes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lanes_port_id"), ["port_id"], unique=False)

    op.create_table(
        "officers",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("badge_no", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "officer",
                "deputy_captain",
                "captain",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("pin_hash", sa.String(length=160), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["port_id"], ["ports.id"], name=op.f("fk_officers_port_id_ports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officers")),
        sa.UniqueConstraint("port_id", "badge_no", name=op.f("uq_officers_port_id_badge_no")),
    )
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_officers_port_id"), ["port_id"], unique=False)

    op.create_table(
        "audit_entries",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_audit_entries_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_audit_entries_port_id_ports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entries_port_at", ["port_id", "at"], unique=False)

    op.create_table(
        "lane_state_changes",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("lane_id", sa.Uuid(), nullable=False),
        sa.Column("opened", sa.Boolean(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lane_id"], ["lanes.id"], name=op.f("fk_lane_state_changes_lane_id_lanes")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_lane_state_changes_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_lane_state_changes_port_id_ports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lane_state_changes")),
    )
    with op.batch_alter_table("lane_state_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lane_state_changes_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_lane_state_changes_lane_id"), ["lane_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lane_state_changes_port_id"), ["port_id"], unique=False
        )

    op.create_table(
        "shifts",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("planned_start", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("planned_end", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actual_start", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("actual_end", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("opened_by", sa.Uuid(), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "planned",
                "open",
                "closed",
                name="shift_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("handover_notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["officers.id"], name=op.f("fk_shifts_closed_by_officers")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["officers.id"], name=op.f("fk_shifts_opened_by_officers")
        ),
        sa.ForeignKeyConstraint(["port_id"], ["ports.id"], name=op.f("fk_shifts_port_id_ports")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["duty_teams.id"], name=op.f("fk_shifts_team_id_duty_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shifts")),
    )
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.create_index("ix_shifts_port_state", ["port_id", "state"], unique=False)

    op.create_table(
        "clearance_events",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("lane_id", sa.Uuid(), nullable=False),
        sa.Column("clearance_id", sa.Uuid(), nullable=False),
        sa.Column(
            "step",
            sa.Enum(
                "joined",
                "started",
                "finished",
                "void",
                name="step",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "cleared",
                "referred",
                "refused",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "entry",
                "exit",
                name="direction",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column(
            "subject_kind",
            sa.Enum(
                "person",
                "vehicle",
                "train",
                name="subject_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column(
            "traveller_category",
            sa.Enum(
                "chinese_citizen",
                "foreign_national",
                "crew",
                "hk_macao_taiwan",
                name="traveller_category",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("reference", sa.String(length=40), nullable=True),
        sa.Column("forecast_id", sa.Uuid(), nullable=True),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(step = 'finished') = (outcome IS NOT NULL)",
            name=op.f("ck_clearance_events_outcome_iff_finished"),
        ),
        sa.CheckConstraint(
            "step <> 'joined' OR (direction IS NOT NULL AND subject_kind IS NOT NULL AND reference IS NOT NULL)",
            name=op.f("ck_clearance_events_joined_names_subject"),
        ),
        sa.CheckConstraint(
            "step <> 'joined' OR subject_kind <> 'person' OR traveller_category IS NOT NULL",
            name=op.f("ck_clearance_events_person_has_category"),
        ),
        sa.CheckConstraint(
            "supersedes_id IS NULL OR reason <> ''",
            name=op.f("ck_clearance_events_correction_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["forecast_id"],
            ["forecasts.id"],
            name=op.f("fk_clearance_events_forecast_id_forecasts"),
        ),
        sa.ForeignKeyConstraint(
            ["lane_id"], ["lanes.id"], name=op.f("fk_clearance_events_lane_id_lanes")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_clearance_events_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_clearance_events_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_clearance_events_shift_id_shifts")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["clearance_events.id"],
            name=op.f("fk_clearance_events_supersedes_id_clearance_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearance_events")),
    )
    with op.batch_alter_table("clearance_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clearance_events_clearance_id"), ["clearance_id"], unique=False
        )
        batch_op.create_index("ix_clearance_events_port_at", ["port_id", "at"], unique=False)
        batch_op.create_index(
            "ix_clearance_events_port_reference", ["port_id", "reference", "at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clearance_events_shift_id"), ["shift_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clearance_events_supersedes_id"), ["supersedes_id"], unique=False
        )

    op.create_table(
        "emergency_passages",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("lane_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "altitude_sickness",
                "sudden_illness",
                "injury",
                "other",
                name="emergency_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("subject_ref", sa.String(length=40), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lane_id"], ["lanes.id"], name=op.f("fk_emergency_passages_lane_id_lanes")
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_emergency_passages_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["officers.id"],
            name=op.f("fk_emergency_passages_recorded_by_officers"),
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_emergency_passages_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_passages")),
    )
    with op.batch_alter_table("emergency_passages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_emergency_passages_port_id"), ["port_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_emergency_passages_shift_id"), ["shift_id"], unique=False
        )

    op.create_table(
        "priority_approvals",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("subject_ref", sa.String(length=40), nullable=False),
        sa.Column("forecast_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("requested_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                name="decision",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["officers.id"], name=op.f("fk_priority_approvals_decided_by_officers")
        ),
        sa.ForeignKeyConstraint(
            ["forecast_id"],
            ["forecasts.id"],
            name=op.f("fk_priority_approvals_forecast_id_forecasts"),
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_priority_approvals_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["officers.id"],
            name=op.f("fk_priority_approvals_requested_by_officers"),
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_priority_approvals_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority_approvals")),
    )
    with op.batch_alter_table("priority_approvals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_priority_approvals_port_id"), ["port_id"], unique=False
        )

    op.create_table(
        "shift_checklist_items",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(length=32), nullable=False),
        sa.Column(
            "result",
            sa.Enum(
                "pass",
                "fail",
                "n/a",
                name="check_result",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officers.id"],
            name=op.f("fk_shift_checklist_items_officer_id_officers"),
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_shift_checklist_items_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_shift_checklist_items_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_checklist_items")),
    )
    with op.batch_alter_table("shift_checklist_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shift_checklist_items_shift_id"), ["shift_id"], unique=False
        )

    op.create_table(
        "lane_assignments",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("lane_id", sa.Uuid(), nullable=False),
        sa.Column("forecast_id", sa.Uuid(), nullable=True),
        sa.Column("subject_ref", sa.String(length=40), nullable=False),
        sa.Column(
            "subject_kind",
            sa.Enum(
                "person",
                "vehicle",
                "train",
                name="subject_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("assigned_by", sa.Uuid(), nullable=False),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approval_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approval_id"],
            ["priority_approvals.id"],
            name=op.f("fk_lane_assignments_approval_id_priority_approvals"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by"], ["officers.id"], name=op.f("fk_lane_assignments_assigned_by_officers")
        ),
        sa.ForeignKeyConstraint(
            ["forecast_id"],
            ["forecasts.id"],
            name=op.f("fk_lane_assignments_forecast_id_forecasts"),
        ),
        sa.ForeignKeyConstraint(
            ["lane_id"], ["lanes.id"], name=op.f("fk_lane_assignments_lane_id_lanes")
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_lane_assignments_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_lane_assignments_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lane_assignments")),
        sa.UniqueConstraint("approval_id", name=op.f("uq_lane_assignments_approval_id")),
    )
    with op.batch_alter_table("lane_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lane_assignments_shift_id"), ["shift_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("lane_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lane_assignments_shift_id"))

    op.drop_table("lane_assignments")
    with op.batch_alter_table("shift_checklist_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_checklist_items_shift_id"))

    op.drop_table("shift_checklist_items")
    with op.batch_alter_table("priority_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_approvals_port_id"))

    op.drop_table("priority_approvals")
    with op.batch_alter_table("emergency_passages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergency_passages_shift_id"))
        batch_op.drop_index(batch_op.f("ix_emergency_passages_port_id"))

    op.drop_table("emergency_passages")
    with op.batch_alter_table("clearance_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clearance_events_supersedes_id"))
        batch_op.drop_index(batch_op.f("ix_clearance_events_shift_id"))
        batch_op.drop_index("ix_clearance_events_port_reference")
        batch_op.drop_index("ix_clearance_events_port_at")
        batch_op.drop_index(batch_op.f("ix_clearance_events_clearance_id"))

    op.drop_table("clearance_events")
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.drop_index("ix_shifts_port_state")

    op.drop_table("shifts")
    with op.batch_alter_table("lane_state_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lane_state_changes_port_id"))
        batch_op.drop_index(batch_op.f("ix_lane_state_changes_lane_id"))
        batch_op.drop_index(batch_op.f("ix_lane_state_changes_at"))

    op.drop_table("lane_state_changes")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_port_at")

    op.drop_table("audit_entries")
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_officers_port_id"))

    op.drop_table("officers")
    with op.batch_alter_table("lanes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lanes_port_id"))

    op.drop_table("lanes")
    with op.batch_alter_table("forecasts", schema=None) as batch_op:
        batch_op.drop_index("ix_forecasts_port_expected")

    op.drop_table("forecasts")
    with op.batch_alter_table("duty_teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_teams_port_id"))

    op.drop_table("duty_teams")
    op.drop_table("ports")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_record_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_acked_at"))

    op.drop_table("outbox")
    op.drop_table("local_state")
