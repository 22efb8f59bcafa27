"""Queue operations: moves between lanes, joins before a lane opens, alert episodes, and
what a forecast knew and when.

* ``clearance_events``: a ``moved`` step (the lane left in ``from_lane_id``) and a
  ``before_open`` flag on joins at a lane that was not open yet;
* ``queue_alerts``: alert episodes per lane group, as facts;
* ``forecasts``: when and by whom a forecast was announced, when it was entered
  here, and the actual size of the group on arrival.

Existing rows: joins are taken as made at an open lane (the rule until now);
forecasts keep ``announced_at`` and ``entered_at`` unknown (None) rather than
a guess.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:52:34.356962
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.util import OrderedSet

import db.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEPS = ("joined", "started", "finished", "void")
STEPS_WITH_MOVE = (*STEPS, "moved")


def _steps_check(steps: tuple[str, ...]) -> str:
    return "step IN (" + ", ".join(f"'{s}'" for s in steps) + ")"


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def _as_it_is(name: str) -> sa.Table | None:
    """On SQLite, the table to rebuild from, its constraints in a fixed order.

    SQLite cannot change a table's constraints: batch mode makes a new table
    from the old one's, which SQLAlchemy keeps in a set, so two processes
    (the app from source, the frozen app) would write the same constraints in
    different orders.  Sorted by kind and name, every upgrade writes the same
    table.  Elsewhere (PostgreSQL) the table is altered in place: None.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    table = sa.Table(name, sa.MetaData(), autoload_with=bind)
    ordered = sorted(table.constraints, key=lambda c: (type(c).__name__, c.name or ""))
    table.constraints = OrderedSet(ordered)  # type: ignore[assignment]
    return table


def upgrade() -> None:
    op.create_table(
        "queue_alerts",
        sa.Column("port_id", sa.Uuid(), nullable=False),
        sa.Column("episode_id", sa.Uuid(), nullable=False),
        sa.Column(
            "lane_group",
            _enum("travellers_entry", "travellers_exit", "vehicles", "rail", name="lane_group"),
            nullable=False,
        ),
        sa.Column(
            "kind",
            _enum("started", "level", "ended", "acknowledged", name="alert_kind"),
            nullable=False,
        ),
        sa.Column("at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("level", _enum("ok", "amber", "red", name="wait_level"), nullable=True),
        sa.Column("wait_s", sa.Integer(), nullable=True),
        sa.Column("peak_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lane_id", sa.Uuid(), nullable=True),
        sa.Column("shift_id", sa.Uuid(), nullable=True),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["queue_alerts.id"],
            name=op.f("fk_queue_alerts_episode_id_queue_alerts"),
        ),
        sa.ForeignKeyConstraint(
            ["lane_id"], ["lanes.id"], name=op.f("fk_queue_alerts_lane_id_lanes")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_queue_alerts_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["port_id"], ["ports.id"], name=op.f("fk_queue_alerts_port_id_ports")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_queue_alerts_shift_id_shifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_alerts")),
    )
    with op.batch_alter_table("queue_alerts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_queue_alerts_episode_id"), ["episode_id"], unique=False
        )
        batch_op.create_index("ix_queue_alerts_port_at", ["port_id", "at"], unique=False)

    with op.batch_alter_table(
        "clearance_events", schema=None, copy_from=_as_it_is("clearance_events")
    ) as batch_op:
        batch_op.add_column(sa.Column("from_lane_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("before_open", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_clearance_events_from_lane_id_lanes"), "lanes", ["from_lane_id"], ["id"]
        )
        batch_op.drop_constraint(batch_op.f("ck_clearance_events_step"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_clearance_events_step"), _steps_check(STEPS_WITH_MOVE)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_clearance_events_move_names_lanes"),
            "step <> 'moved' OR from_lane_id IS NOT NULL",
        )
        batch_op.create_index(
            "ix_clearance_events_moves",
            ["port_id", "at"],
            unique=False,
            sqlite_where=sa.text("step = 'moved'"),
            postgresql_where=sa.text("step = 'moved'"),
        )

    with op.batch_alter_table(
        "forecasts", schema=None, copy_from=_as_it_is("forecasts")
    ) as batch_op:
        batch_op.add_column(
            sa.Column("announced_at", db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("announced_by", sa.String(length=80), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("entered_at", db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("actual_travellers", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("actual_vehicles", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "actual_method", _enum("counted", "estimated", name="size_method"), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("forecasts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_forecasts_size_method"), type_="check")
        batch_op.drop_column("actual_method")
        batch_op.drop_column("actual_vehicles")
        batch_op.drop_column("actual_travellers")
        batch_op.drop_column("entered_at")
        batch_op.drop_column("announced_by")
        batch_op.drop_column("announced_at")

    # Moves leave with the column that names their lanes: a downgraded desk knows no
    # such step (the subject is back on the lane it joined).
    op.execute("DELETE FROM clearance_events WHERE step = 'void' AND from_lane_id IS NOT NULL")
    op.execute("DELETE FROM clearance_events WHERE step = 'moved'")
    with op.batch_alter_table("clearance_events", schema=None) as batch_op:
        batch_op.drop_index("ix_clearance_events_moves")
        batch_op.drop_constraint(batch_op.f("ck_clearance_events_move_names_lanes"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_clearance_events_step"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_clearance_events_step"), _steps_check(STEPS)
        )
        batch_op.drop_constraint(
            batch_op.f("fk_clearance_events_from_lane_id_lanes"), type_="foreignkey"
        )
        batch_op.drop_column("before_open")
        batch_op.drop_column("from_lane_id")

    with op.batch_alter_table("queue_alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_alerts_port_at")
        batch_op.drop_index(batch_op.f("ix_queue_alerts_episode_id"))

    op.drop_table("queue_alerts")
