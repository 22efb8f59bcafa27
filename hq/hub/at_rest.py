"""The hub's database encrypted at rest, with the desk's key handling (``desktop_app.keys``).

A hub holds the whole port's records (every desk's clearances, travellers'
references, officers' names) on a box at the post, so its SQLite file is
encrypted with SQLCipher exactly as a desk's is: one random data key, never
written in plaintext; the key file beside the database
(``hub.sqlite3.keys.json``) holds it wrapped by the machine secret, which
lives outside the data folder (``CHECKPOINT_DESK_KEY_DIR``; the systemd unit
in docs/hub.md puts it in the service's configuration folder), so the hub
starts again after a power cut with nobody at it.

A hub database is made encrypted from its first page (``hub-join``); a
plaintext one from an earlier version is encrypted in place when the hub
next starts (``serve --hub``): every table's rows counted in the copy before
the plaintext is overwritten with zeros and removed, resumably after a kill.
Any other command opens an encrypted hub through ``hq.store.hq_engine``,
which finds the key file beside an SQLite database.  HQ's own database
(PostgreSQL, or SQLite with no key file) is not touched here.
"""

from __future__ import annotations

from sqlalchemy import Engine

from desktop_app import keys
from hq.store import hq_engine
from hq.store import keyed_place as place


def hub_engine(url: str) -> Engine:
    """The hub's engine, its database encrypted first if it is not yet (or made encrypted).

    A hub on PostgreSQL is the server's to protect (as HQ's own database is):
    it opens as it is.
    """
    where = place(url)
    if where is not None:
        keys.post_key(where)  # a key made, or a plaintext hub encrypted in place (logged)
    return hq_engine(url)
