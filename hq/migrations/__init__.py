"""HQ's own Alembic history (its own version table, beside the shared schema's)."""

VERSION_TABLE = "hq_alembic_version"
