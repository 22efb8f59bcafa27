"""Alembic environment for HQ's own tables; the shared schema has its own (``/migrations``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from db.engine import engine_for_url
from hq.migrations import VERSION_TABLE
from hq.models import HQBase

config = context.config
target_metadata = HQBase.metadata


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # Only HQ's tables: the shared ones belong to the other history.
        include_name=lambda name, type_, parent: (
            type_ != "table" or name is None or name.startswith("hq_")
        ),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = engine_for_url(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        run_on(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
