"""Enrolment codes, enrolment and revocation of the posts' devices.

An HQ operator makes a one-time code for a port (``checkpoint-hq enroll
--port TRG``) and hands it to the post; the post enrols once with it,
sending its device id and the public half of a key pair it made itself.
Only the code's SHA-256 is stored (80 random bits, one use, a day's life),
and only the device's public key: nothing at HQ can sign as a post.

Such a code enrols a *new* device only.  Device ids are not secret (every
row a post writes names its device), so a port's code must not let whoever
holds it replace the key of a device already enrolled: that takes a code
issued for that very device (``checkpoint-hq enroll --port TRG --device ID``).
A device id is the UUID a desk makes when it is installed; the names HQ's
own records carry (``hq``, and ``reference`` for the seeded reference data)
are never a device's, or a post could win the conflicts HQ owns.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from desktop_app.protocol.messages import EnrollRequest, EnrollResponse
from desktop_app.protocol.rules import RESERVED_NODES
from desktop_app.protocol.signing import BadCredential, public_key_from_text
from desktop_app.reference import port_spec, reference_id
from hq.ingest import DeviceInfo
from hq.models import Device, EnrollmentCode
from hq.store import begin_write

CODE_LIFETIME = timedelta(hours=24)
# A UUID in lowercase hex, with or without hyphens: a desk's device id is str(uuid7()).
DEVICE_ID = re.compile(r"[0-9a-f]{8}(?:-?[0-9a-f]{4}){3}-?[0-9a-f]{12}")


class CodeRefused(Exception):
    """HQ will not issue a code for this device (unknown, revoked, another port's)."""


class EnrolmentRefused(Exception):
    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail


# Base32 has no 0, 1 or 8: read them as the letters people mistake them for.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _normalise(code: str) -> str:
    return code.replace("-", "").replace(" ", "").upper().translate(_LOOKALIKES)


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def create_code(
    engine: Engine,
    port_code: str,
    now: datetime,
    device_id: str | None = None,
    *,
    kind: str = "desk",
) -> str:
    """A new one-time enrolment code for ``port_code``, like ``K7QM-2XPA-9RTF-WD3H``.

    Without ``device_id`` the code enrols a new device; with it, it gives that
    enrolled, active device of the port a new key (a lost credential).
    ``kind`` ``hub`` enrols the port's hub (PROTOCOL.md, "Hubs") instead of a desk.
    """
    spec = port_spec(port_code)  # KeyError naming the known codes for an unknown port
    if kind not in ("desk", "hub"):
        raise CodeRefused(f"a device is a desk or a hub, not {kind!r}")
    raw = base64.b32encode(secrets.token_bytes(10)).decode()  # 80 bits, 16 characters
    code = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    with begin_write(engine) as conn:
        if device_id is not None:
            device = conn.execute(select(Device.__table__).where(Device.id == device_id)).first()
            if device is None:
                raise CodeRefused(
                    f"no device {device_id} is enrolled; a code without --device enrols a new one"
                )
            if device.port_code != spec.code:
                raise CodeRefused(
                    f"device {device_id} is of port {device.port_code}, not {spec.code}"
                )
            if device.revoked_at is not None:
                raise CodeRefused(f"device {device_id} was revoked; it cannot enrol again")
        conn.execute(
            EnrollmentCode.__table__.insert(),
            {
                "code_hash": _hash(code),
                "port_code": spec.code,
                "created_at": now,
                "expires_at": now + CODE_LIFETIME,
                "for_device_id": device_id,
                "kind": kind,
            },
        )
    return code


def enroll(engine: Engine, request: EnrollRequest, now: datetime) -> EnrollResponse:
    """Enrol a new device, or re-key an enrolled one with a code issued for it; one transaction.

    A refusal changes nothing: the code stays unused, an enrolled device keeps its key.
    """
    if request.device_id.strip().lower() in RESERVED_NODES:
        raise EnrolmentRefused(
            403,
            "reserved_device",
            f"{request.device_id!r} names HQ's own records; a post's device id is its own UUID",
        )
    if not DEVICE_ID.fullmatch(request.device_id):
        raise EnrolmentRefused(
            422, "malformed", "a device id is the UUID a desk makes when it is installed"
        )
    try:
        public_key_from_text(request.public_key)
    except BadCredential as error:
        raise EnrolmentRefused(422, "malformed", str(error)) from None
    with begin_write(engine) as conn:
        code = conn.execute(
            select(EnrollmentCode.__table__)
            .where(EnrollmentCode.code_hash == _hash(request.code))
            .with_for_update()
        ).first()
        if code is None or code.used_at is not None or code.expires_at < now:
            raise EnrolmentRefused(
                403,
                "bad_code",
                "this enrolment code is unknown, already used or expired; ask HQ for a new one",
            )
        if code.port_code != request.port_code.upper():
            raise EnrolmentRefused(
                403,
                "wrong_port",
                f"this code is for port {code.port_code}, but this post is {request.port_code}",
            )
        if code.for_device_id is not None and code.for_device_id != request.device_id:
            raise EnrolmentRefused(
                403,
                "wrong_device",
                f"this code was issued for device {code.for_device_id}, "
                f"not for this post's device {request.device_id}",
            )
        existing = conn.execute(
            select(Device.__table__).where(Device.id == request.device_id)
        ).first()
        if existing is not None and (
            existing.revoked_at is not None or existing.port_code != code.port_code
        ):
            raise EnrolmentRefused(
                409,
                "device_refused",
                "this device id was revoked or belongs to another port; it cannot enrol again",
            )
        if existing is not None and code.for_device_id is None:
            # Anyone may know an enrolled device's id: a port's code must not take it over.
            raise _already_enrolled(request.device_id, code.port_code)
        port_id = reference_id("port", code.port_code)
        values = {
            "port_id": port_id,
            "port_code": code.port_code,
            "public_key": request.public_key,
            "label": request.label,
            "enrolled_at": now,
            "kind": code.kind,
        }
        if existing is None:
            # A fresh device: its acknowledged position starts at zero.  Two plain
            # codes racing with one new device id: the second insert fails here
            # (PostgreSQL), and the refusal rolls its transaction back.
            try:
                conn.execute(Device.__table__.insert(), {"id": request.device_id, **values})
            except IntegrityError:
                raise _already_enrolled(request.device_id, code.port_code) from None
        else:
            # The device's own code (a lost credential): a new key replaces the old.
            conn.execute(update(Device).where(Device.id == request.device_id).values(**values))
        conn.execute(
            update(EnrollmentCode)
            .where(EnrollmentCode.code_hash == code.code_hash)
            .values(used_at=now, device_id=request.device_id)
        )
    return EnrollResponse(
        device_id=request.device_id, port_code=code.port_code, port_id=port_id, enrolled_at=now
    )


def _already_enrolled(device_id: str, port_code: str) -> EnrolmentRefused:
    return EnrolmentRefused(
        409,
        "device_enrolled",
        f"device {device_id} is already enrolled, and this code enrols a new device only; "
        f"to give it a new key, ask HQ for a code issued for it "
        f"(checkpoint-hq enroll --port {port_code} --device {device_id})",
    )


@dataclass(frozen=True)
class DeviceLine:
    id: str
    port_code: str
    label: str
    enrolled_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None
    acked_through: int
    app_version: str
    clock_skew_ms: int  # its clock minus HQ's at its last request


def devices(engine: Engine) -> list[DeviceLine]:
    with engine.connect() as conn:
        return [
            DeviceLine(
                d.id,
                d.port_code,
                d.label,
                d.enrolled_at,
                d.revoked_at,
                d.last_seen_at,
                d.acked_through,
                d.app_version,
                d.clock_skew_ms,
            )
            for d in conn.execute(
                select(Device.__table__).order_by(Device.port_code, Device.enrolled_at)
            )
        ]


def revoke(engine: Engine, device_id: str, now: datetime, reason: str = "") -> bool:
    """Revoke a device: every later request of it is refused.  False if no such device."""
    with begin_write(engine) as conn:
        done = conn.execute(
            update(Device)
            .where(Device.id == device_id, Device.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
        )
        return done.rowcount == 1


def device_info(engine: Engine, device_id: str) -> tuple[DeviceInfo, str, bool] | None:
    """(device, its public key, revoked?) or None for an unknown device."""
    with engine.connect() as conn:
        row = conn.execute(select(Device.__table__).where(Device.id == device_id)).first()
    if row is None:
        return None
    return (
        DeviceInfo(row.id, row.port_id, row.port_code, row.clock_skew_ms),
        row.public_key,
        row.revoked_at is not None,
    )
