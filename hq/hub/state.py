"""What a hub keeps about its link to HQ, in its own database (``hq_settings``, ``hub.*``).

The credential (its device id at HQ and its private key: a hub signs like a
desk), HQ's address, how far HQ acknowledged the relay queue, the cursor of
HQ's feed, and the link's last contact: each cursor is written in the same
transaction as what it counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, select

from hq.models import Setting
from hq.store import upsert

PREFIX = "hub."
UPSTREAM = "hub.upstream_url"
DEVICE_ID = "hub.device_id"
PRIVATE_KEY = "hub.private_key"
PORT_CODE = "hub.port_code"
PORT_ID = "hub.port_id"
HQ_CERTIFICATE = "hub.hq_certificate"  # HQ's TLS certificate (PEM), pinned at hub-join
ALLOW_PLAIN_HTTP = "hub.allow_plain_http"  # "1": plain HTTP to HQ allowed explicitly
HQ_BOX_KEY = "hub.hq_box_key"  # HQ's X25519 public key: the hub's own bundles are sealed to it
RELAYED_THROUGH = "hub.relayed_through"  # the last hq_relay id HQ acknowledged
# + a desk's id: how far HQ said it holds that desk's entries (to notice HQ restored older)
HQ_ACKED = "hub.hq_acked."
CURSOR = "hub.cursor"  # HQ's change log, read up to here
OFFSET = "hub.offset"  # HQ's clock minus the hub's (seconds)
REACHED_AT = "hub.reached_at"
OFFLINE_SINCE = "hub.offline_since"
ERROR = "hub.error"


class NotAHub(RuntimeError):
    """The database is HQ's, or a hub that has not joined HQ."""


@dataclass(frozen=True)
class HubConfig:
    upstream_url: str
    device_id: str
    private_key: str
    port_code: str
    port_id: str
    hq_box_key: str | None = None  # None: joined before HQ sealed bundles (join again)
    hq_certificate: str | None = None  # None: HQ on loopback, plain HTTP allowed, or no pin
    allow_plain_http: bool = False


def read_all(conn: Connection) -> dict[str, str]:
    query = select(Setting.key, Setting.value).where(Setting.key.like(f"{PREFIX}%"))
    return {str(k): str(v) for k, v in conn.execute(query)}


def config(engine: Engine) -> HubConfig | None:
    """The hub's credential, or None: this database is HQ's, or a hub that has not joined."""
    with engine.connect() as conn:
        values = read_all(conn)
    if DEVICE_ID not in values:
        return None
    return HubConfig(
        values[UPSTREAM],
        values[DEVICE_ID],
        values[PRIVATE_KEY],
        values[PORT_CODE],
        values[PORT_ID],
        values.get(HQ_BOX_KEY),
        values.get(HQ_CERTIFICATE),
        values.get(ALLOW_PLAIN_HTTP) == "1",
    )


def write(conn: Connection, values: Mapping[str, object]) -> None:
    rows = [{"key": k, "value": _text(v)} for k, v in values.items() if v is not None]
    upsert(conn, Setting.__table__, rows, ["key"])  # type: ignore[arg-type]
    gone = [k for k, v in values.items() if v is None]
    if gone:
        conn.execute(delete(Setting).where(Setting.key.in_(gone)))


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def number(values: Mapping[str, str], key: str) -> int:
    return int(values.get(key) or 0)


def moment(values: Mapping[str, str], key: str) -> datetime | None:
    raw = values.get(key)
    return datetime.fromisoformat(raw) if raw else None
