"""HQ's X25519 key that opens the posts' sealed bundles (``desktop_app.protocol.sealing``).

Made on first use and kept in ``hq_settings``: HQ's database holds every
record the bundles carry, so keeping the key that opens them beside it
exposes nothing more, and every HQ process on one database opens the same
bundles.  Desks learn the public half when they enrol.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from desktop_app.protocol.sealing import new_box_key, private_from_text, private_text
from hq.models import Setting
from hq.store import begin_write

KEY = "bundle_box_key"


def box_key(engine: Engine) -> X25519PrivateKey:
    """HQ's box key, made (once, whoever asks first) if it has none."""
    with engine.connect() as conn:
        found = conn.execute(select(Setting.value).where(Setting.key == KEY)).scalar()
    if found:
        return private_from_text(found)
    made = {"key": KEY, "value": private_text(new_box_key())}
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    with begin_write(engine) as conn:
        conn.execute(insert(Setting.__table__).values(made).on_conflict_do_nothing())
        kept = conn.execute(select(Setting.value).where(Setting.key == KEY)).scalar_one()
    return private_from_text(kept)
