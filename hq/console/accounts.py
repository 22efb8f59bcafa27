"""Console users: argon2id passwords, roles, lock-out after failed sign-ins.

Five wrong passwords in a row lock a user out for 15 minutes (the desk's
PIN rule, ``desktop_app.officers``, made for a web form); an admin's reset
lifts it.  An unknown user and a wrong password get the same answer.  The
last active admin cannot be disabled.  Every change is audited in its own
transaction (``hq.console.audit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from hq.console import audit
from hq.console.access import ConsoleRole
from hq.console.models import ConsoleSession, ConsoleUser
from hq.store import begin_write

LOCK_AFTER = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 10
MAX_PASSWORD = 200
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")

_hasher = PasswordHasher()
# Checked against when the user does not exist, so that both answers take as long.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(Exception):
    """Bad input for an account: ``field`` and a message code the console translates."""

    def __init__(self, field: str, code: str, **detail: object) -> None:
        super().__init__(f"{field}: {code} {detail or ''}".strip())
        self.field = field
        self.code = code
        self.detail = detail


class LoginRefused(Exception):
    """``reason``: ``bad`` (unknown user or wrong password) or ``locked`` (until ``until``)."""

    def __init__(self, reason: str, until: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.until = until


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: ConsoleRole
    active: bool
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime
    last_login_at: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def _user(row: object) -> User:
    return User(
        id=row.id,  # type: ignore[attr-defined]
        username=row.username,  # type: ignore[attr-defined]
        display_name=row.display_name,  # type: ignore[attr-defined]
        role=ConsoleRole(row.role),  # type: ignore[attr-defined]
        active=row.active,  # type: ignore[attr-defined]
        failed_logins=row.failed_logins,  # type: ignore[attr-defined]
        locked_until=row.locked_until,  # type: ignore[attr-defined]
        created_at=row.created_at,  # type: ignore[attr-defined]
        last_login_at=row.last_login_at,  # type: ignore[attr-defined]
    )


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError("password", "password_short", minimum=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AccountError("password", "too_long", limit=MAX_PASSWORD)
    return password


def _role(role: str) -> ConsoleRole:
    try:
        return ConsoleRole(role)
    except ValueError:
        choices = ", ".join(r.value for r in ConsoleRole)
        raise AccountError("role", "choice", choices=choices) from None


def users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(select(ConsoleUser.__table__).order_by(ConsoleUser.username)).all()
    return [_user(r) for r in rows]


def user_by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(ConsoleUser.__table__).where(ConsoleUser.id == user_id)).first()
    return _user(row) if row else None


def _find(conn: Connection, username: str) -> User:
    row = conn.execute(
        select(ConsoleUser.__table__).where(ConsoleUser.username == username.strip().lower())
    ).first()
    if row is None:
        raise AccountError("username", "unknown_user", username=username)
    return _user(row)


def add_user(
    engine: Engine,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    now: datetime,
    who: audit.Who,
) -> User:
    name = username.strip().lower()
    if not USERNAME.fullmatch(name):
        raise AccountError("username", "username_form")
    display = display_name.strip() or name
    if len(display) > 80:
        raise AccountError("display_name", "too_long", limit=80)
    chosen = _role(role)
    check_password(password)
    with begin_write(engine) as conn:
        taken = conn.execute(select(ConsoleUser.id).where(ConsoleUser.username == name)).first()
        if taken:
            raise AccountError("username", "duplicate", value=name)
        conn.execute(
            insert(ConsoleUser),
            {
                "username": name,
                "display_name": display,
                "role": chosen.value,
                "password_hash": _hasher.hash(password),
                "active": True,
                "failed_logins": 0,
                "locked_until": None,
                "created_at": now,
                "password_changed_at": now,
                "last_login_at": None,
            },
        )
        audit.record(conn, who, "user.added", at=now, target=name, role=chosen.value)
        return _find(conn, name)


def set_active(
    engine: Engine, username: str, active: bool, *, now: datetime, who: audit.Who
) -> User:
    """Disable (sessions end at once) or re-enable a user; never the last active admin."""
    with begin_write(engine) as conn:
        user = _find(conn, username)
        if not active and user.role == ConsoleRole.ADMIN and user.active:
            admins = conn.execute(
                select(func.count())
                .select_from(ConsoleUser)
                .where(ConsoleUser.role == ConsoleRole.ADMIN.value, ConsoleUser.active)
            ).scalar_one()
            if admins <= 1:
                raise AccountError("username", "last_admin", username=user.username)
        conn.execute(update(ConsoleUser).where(ConsoleUser.id == user.id).values(active=active))
        if not active:
            conn.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user.id))
        action = "user.enabled" if active else "user.disabled"
        audit.record(conn, who, action, at=now, target=user.username)
        return _find(conn, user.username)


def reset_password(
    engine: Engine, username: str, password: str, *, now: datetime, who: audit.Who
) -> User:
    """A new password set by an admin: lifts a lock-out, ends the user's sessions."""
    check_password(password)
    with begin_write(engine) as conn:
        user = _find(conn, username)
        _set_password(conn, user.id, password, now)
        audit.record(conn, who, "user.password_reset", at=now, target=user.username)
        return _find(conn, user.username)


def change_own_password(
    engine: Engine, user_id: int, current: str, new: str, *, now: datetime, who: audit.Who
) -> None:
    check_password(new)
    with begin_write(engine) as conn:
        stored = conn.execute(
            select(ConsoleUser.password_hash).where(ConsoleUser.id == user_id)
        ).scalar_one()
        if not _verify(stored, current):
            raise AccountError("current", "wrong_password")
        _set_password(conn, user_id, new, now, keep_sessions=True)
        audit.record(conn, who, "user.password_changed", at=now, target=who.username)


def _set_password(
    conn: Connection, user_id: int, password: str, now: datetime, *, keep_sessions: bool = False
) -> None:
    conn.execute(
        update(ConsoleUser)
        .where(ConsoleUser.id == user_id)
        .values(
            password_hash=_hasher.hash(password),
            password_changed_at=now,
            failed_logins=0,
            locked_until=None,
        )
    )
    if not keep_sessions:
        conn.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(
    engine: Engine, username: str, password: str, *, now: datetime, address: str = ""
) -> User:
    """The user, if the password is right and they may sign in; else ``LoginRefused``.

    Each attempt is audited: sign-ins, failures and lock-outs are what a
    security review asks for first.  A refusal commits its count and its
    entry before it is raised.
    """
    name = username.strip().lower()[:40]
    refusal: LoginRefused | None = None
    with begin_write(engine) as conn:
        row = conn.execute(
            select(ConsoleUser.__table__).where(ConsoleUser.username == name).with_for_update()
        ).first()
        who = audit.Who(name or "?", address)
        if row is None or not row.active:
            _verify(_DUMMY_HASH, password)  # the same work as for a real user
            audit.record(conn, who, "login.refused", at=now, reason="unknown_or_disabled")
            refusal = LoginRefused("bad")
        elif _user(row).locked(now):
            audit.record(conn, who, "login.refused", at=now, reason="locked")
            refusal = LoginRefused("locked", row.locked_until)
        elif not _verify(row.password_hash, password):
            failures = row.failed_logins + 1
            until = now + LOCK_FOR if failures >= LOCK_AFTER else None
            conn.execute(
                update(ConsoleUser)
                .where(ConsoleUser.id == row.id)
                .values(failed_logins=0 if until else failures, locked_until=until)
            )
            action = "login.locked" if until else "login.refused"
            audit.record(conn, who, action, at=now, reason="password")
            refusal = LoginRefused("locked", until) if until else LoginRefused("bad")
        else:
            conn.execute(
                update(ConsoleUser)
                .where(ConsoleUser.id == row.id)
                .values(failed_logins=0, locked_until=None, last_login_at=now)
            )
            audit.record(conn, who, "login", at=now)
            user = _find(conn, name)
    if refusal is not None:
        raise refusal
    return user
