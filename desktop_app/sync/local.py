"""What the post keeps about sync in ``local_state``: credential, cursor, last outcome.

Keys are namespaced ``sync.*``.  The pull cursor is written by the pull
itself, in the transaction that applies the page (``apply.py``); everything
else here is bookkeeping the sync state and the UI read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import LocalState
from desktop_app.desk import Desk
from desktop_app.protocol.signing import private_key_from_text

HQ_URL = "sync.hq_url"
PRIVATE_KEY = "sync.private_key"  # this device's signing key (base64); never leaves the post
ENROLLED_AT = "sync.enrolled_at"
CURSOR = "sync.pull_cursor"
HQ_CLOCK = "sync.hq_clock"  # the latest HQ stamp seen: this desk's clock stays past it
HQ_OFFSET = "sync.hq_offset_s"  # HQ's clock minus this desk's, as last measured
LAST_SUCCESS = "sync.last_success"
LAST_ATTEMPT = "sync.last_attempt"
LAST_ERROR = "sync.last_error"
LAST_ERROR_KIND = "sync.last_error_kind"
HQ_CERTIFICATE = "sync.hq_certificate"  # PEM of HQ's certificate, pinned at enrolment
ALLOW_PLAIN_HTTP = "sync.allow_plain_http"  # plain HTTP to another machine allowed explicitly
HQ_BOX_KEY = "sync.hq_box_key"  # HQ's X25519 public key (base64): bundles are sealed to it
# Set when this desk syncs with its post's hub, which says how its own link to HQ stands.
VIA_HUB = "sync.via_hub"
HUB_HQ_REACHED = "sync.hub_hq_reached_at"  # the hub's last exchange with HQ
HUB_HQ_OFFLINE = "sync.hub_hq_offline_since"  # since when the hub cannot reach HQ
HUB_HQ_PENDING = "sync.hub_hq_pending"  # the post's batches the hub still holds for HQ


class NotEnrolled(RuntimeError):
    """The post has no HQ credential yet (run ``checkpoint-desk enroll``)."""


@dataclass(frozen=True)
class Credential:
    hq_url: str
    device_id: str
    port_code: str
    key: Ed25519PrivateKey


def read_values(desk: Desk, *keys: str) -> dict[str, Any]:
    with desk.read() as s:
        rows = s.execute(select(LocalState.key, LocalState.value).where(LocalState.key.in_(keys)))
        return dict(rows.all())  # type: ignore[arg-type]  # (key, value) rows


def write(session: Session, values: dict[str, Any]) -> None:
    """Set ``local_state`` keys in the caller's transaction."""
    for key, value in values.items():
        session.merge(LocalState(key=key, value=value))


def save(desk: Desk, values: dict[str, Any]) -> None:
    with desk.unit(remote=True) as s:
        write(s, values)


def credential(desk: Desk) -> Credential:
    values = read_values(desk, HQ_URL, PRIVATE_KEY)
    if not values.get(PRIVATE_KEY) or not values.get(HQ_URL):
        raise NotEnrolled(
            "this post is not enrolled at HQ: run `checkpoint-desk enroll --hq URL --code CODE`"
        )
    return Credential(
        hq_url=values[HQ_URL],
        device_id=desk.device_id,
        port_code=desk.port_code,
        key=private_key_from_text(values[PRIVATE_KEY]),
    )


def as_time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
