"""ORM models, engines and queries shared by the post (SQLite) and HQ (PostgreSQL)."""
