"""The roster and PIN sign-in, with a lock-out after repeated failures.

PINs are hashed with argon2id (OWASP's minimum: 19 MiB, 2 passes) so a
stolen database does not give away the roster's PINs.  The lock-out is kept
per workstation (``pin_lockouts`` never syncs): it stops guessing at this
desk without locking the officer out of every post.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import Role
from db.models import Officer, PinLockout
from desktop_app import audit, checks
from desktop_app.errors import RuleViolation

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk

PIN_DIGITS = (4, 8)
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_pin(pin: str) -> str:
    low, high = PIN_DIGITS
    # ASCII only: a PIN typed in full-width mode ("１２３４") could never be typed
    # again on the desk's keypad.
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise RuleViolation("pin", "pin_format", low=low, high=high)
    return _hasher.hash(pin)


@checks.validated
def add_officer(
    desk: Desk, *, badge_no: str, name: str, role: Role, pin: str, by: uuid.UUID | None
) -> Officer:
    """Add an officer; only an admin may, except for the very first officer of a post."""
    badge_no = checks.text("badge_no", badge_no, limit=16)
    name = checks.text("name", name, limit=64)
    pin_hash = hash_pin(pin)
    with desk.unit() as s:
        first = s.scalar(select(Officer.id).where(Officer.port_id == desk.port_id).limit(1)) is None
        if not first or by is not None:
            checks.officer(s, desk, by, {Role.ADMIN})
        taken = s.scalar(
            select(Officer.id).where(Officer.port_id == desk.port_id, Officer.badge_no == badge_no)
        )
        if taken:
            raise RuleViolation("badge_no", "duplicate", value=badge_no)
        officer = Officer(
            port_id=desk.port_id, badge_no=badge_no, name=name, role=role, pin_hash=pin_hash
        )
        s.add(officer)
        s.flush()
        audit.log(
            s,
            desk,
            action="officer.added",
            by=by,
            entity="officers",
            entity_id=officer.id,
            badge_no=badge_no,
            role=role.value,
        )
        return officer


@checks.validated
def edit_officer(
    desk: Desk, *, officer_id: uuid.UUID, name: str, role: Role, by: uuid.UUID
) -> Officer:
    """Rename an officer or change their role (a promotion); only an admin may."""
    name = checks.text("name", name, limit=64)
    with desk.unit() as s:
        checks.officer(s, desk, by, {Role.ADMIN})
        officer = checks.in_port(s, desk, Officer, officer_id, "officer_id")
        if officer.role == Role.ADMIN and role != Role.ADMIN:
            _keep_an_admin(s, desk, officer, "role")
        before = officer.role
        officer.name, officer.role = name, role
        audit.log(
            s,
            desk,
            action="officer.edited",
            by=by,
            entity="officers",
            entity_id=officer.id,
            role=role.value,
            role_before=before.value,
        )
        return officer


@checks.validated
def set_active(desk: Desk, *, officer_id: uuid.UUID, active: bool, by: uuid.UUID) -> Officer:
    """Take an officer off the roster (they can no longer sign in or sign) or back on it."""
    with desk.unit() as s:
        checks.officer(s, desk, by, {Role.ADMIN})
        officer = checks.in_port(s, desk, Officer, officer_id, "officer_id")
        if not active and officer.role == Role.ADMIN:
            _keep_an_admin(s, desk, officer, "active")
        officer.active = active
        audit.log(
            s,
            desk,
            action="officer.activated" if active else "officer.deactivated",
            by=by,
            entity="officers",
            entity_id=officer.id,
        )
        return officer


def _keep_an_admin(s: Session, desk: Desk, leaving: Officer, field: str) -> None:
    # Without an active admin nobody could add, re-activate or reset anyone any more:
    # the post would be locked out of its own roster until HQ stepped in.
    others = s.scalar(
        select(func.count())
        .select_from(Officer)
        .where(
            Officer.port_id == desk.port_id,
            Officer.role == Role.ADMIN,
            Officer.active,
            Officer.id != leaving.id,
        )
    )
    if not others:
        raise RuleViolation(field, "last_admin", badge_no=leaving.badge_no)


@checks.validated
def set_pin(
    desk: Desk,
    *,
    officer_id: uuid.UUID,
    pin: str,
    by: uuid.UUID,
    current_pin: str | None = None,
) -> Officer:
    """Change one's own PIN (with the current one) or, as an admin, reset another's.

    A reset also lifts a lock-out: it is what an admin does for an officer
    who forgot their PIN.  Changing one's own PIN needs the current PIN even
    for an admin, so that a desk left signed in does not give the PIN away.
    """
    pin_hash = hash_pin(pin)
    own = by == officer_id
    if own:
        try:
            verify(desk, officer_id=officer_id, pin=current_pin or "", purpose="pin_change")
        except RuleViolation as violation:
            # Said of the current PIN: the new one (field "pin") was fine.
            raise RuleViolation("current_pin", violation.rule, **violation.detail) from None
    with desk.unit() as s:
        if not own:
            checks.officer(s, desk, by, {Role.ADMIN})
        officer = checks.in_port(s, desk, Officer, officer_id, "officer_id")
        officer.pin_hash = pin_hash
        lock = s.get(PinLockout, officer.id)
        if lock is not None:
            lock.failures, lock.locked_until = 0, None
        audit.log(
            s,
            desk,
            action="officer.pin_changed" if own else "officer.pin_reset",
            by=by,
            entity="officers",
            entity_id=officer.id,
        )
        return officer


@checks.validated
def authenticate(desk: Desk, *, badge_no: str, pin: str) -> Officer:
    """Sign in: the officer for this badge and PIN, or ``wrong_pin`` / ``locked_out``."""
    with desk.read() as s:
        officer_id = s.scalar(
            select(Officer.id).where(
                Officer.port_id == desk.port_id, Officer.badge_no == badge_no.strip()
            )
        )
    if officer_id is None:
        audit.record(desk, action="login.unknown_badge", by=None, badge_no=badge_no[:16])
        raise RuleViolation("pin", "wrong_pin")
    return verify(desk, officer_id=officer_id, pin=pin, purpose="login")


@checks.validated
def verify(desk: Desk, *, officer_id: uuid.UUID, pin: str, purpose: str) -> Officer:
    """Check an officer's PIN (to sign in, or to sign a decision such as a close-out).

    The attempt commits in its own unit before anything is raised: every
    failure counts towards the lock-out and every attempt is in the audit
    log, whatever the caller does next.
    """
    failure: RuleViolation | None = None
    with desk.unit() as s:
        officer = checks.in_port(s, desk, Officer, officer_id, "badge_no")
        now = desk.now()
        lock = s.get(PinLockout, officer.id)
        if lock is None:
            lock = PinLockout(officer_id=officer.id, failures=0)
            s.add(lock)
        if lock.locked_until is not None and lock.locked_until > now:
            audit.log(s, desk, action=f"{purpose}.while_locked", by=officer.id)
            failure = RuleViolation("pin", "locked_out", until=lock.locked_until.isoformat())
        elif not officer.active:
            audit.log(s, desk, action=f"{purpose}.inactive", by=officer.id)
            failure = RuleViolation("badge_no", "inactive", badge_no=officer.badge_no)
        elif _pin_matches(officer.pin_hash, pin):
            lock.failures, lock.locked_until = 0, None
            audit.log(s, desk, action=purpose, by=officer.id)
        else:
            lock.failures += 1
            if lock.failures >= MAX_FAILURES:
                lock.locked_until, lock.failures = now + LOCKOUT, 0
                audit.log(s, desk, action=f"{purpose}.locked_out", by=officer.id)
            else:
                audit.log(
                    s, desk, action=f"{purpose}.failed", by=officer.id, failures=lock.failures
                )
            failure = RuleViolation("pin", "wrong_pin")
    if failure is not None:
        raise failure
    return officer


def _pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def roster(desk: Desk, *, include_inactive: bool = False) -> list[Officer]:
    with desk.read() as s:
        query = select(Officer).where(Officer.port_id == desk.port_id).order_by(Officer.badge_no)
        if not include_inactive:
            query = query.where(Officer.active)
        return list(s.scalars(query))
