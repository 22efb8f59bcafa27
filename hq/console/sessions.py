"""Server-side console sessions: a random token in an HttpOnly cookie, its hash in the database.

A session is made only by signing in, with a new token each time (a token a
browser held before, or one an attacker planted, never becomes signed in:
no session fixation), and ends on sign-out, after 8 hours idle or 12 hours
in all, and with every session of a user an admin disables or resets.  Each
session carries its own CSRF token, which every form and htmx request must
send back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update

from hq.console.accounts import User, user_by_id
from hq.console.models import ConsoleSession
from hq.store import begin_write

IDLE = timedelta(hours=8)
LIFETIME = timedelta(hours=12)
# last_seen_at is written at most this often (not on every auto-refresh).
TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    token_hash: str
    user: User
    csrf_token: str
    created_at: datetime
    expires_at: datetime

    def csrf_ok(self, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(self.csrf_token, sent or "")


def start(engine: Engine, user: User, now: datetime) -> tuple[str, Session]:
    """A new session for a user who just signed in: (the cookie's token, the session)."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with begin_write(engine) as conn:
        conn.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))  # tidy up
        conn.execute(
            insert(ConsoleSession),
            {
                "token_hash": _hash(token),
                "user_id": user.id,
                "csrf_token": csrf,
                "created_at": now,
                "last_seen_at": now,
                "expires_at": now + IDLE,
            },
        )
    return token, Session(_hash(token), user, csrf, now, now + IDLE)


def load(engine: Engine, token: str | None, now: datetime) -> Session | None:
    """The live session of this token, or None (unknown, expired, or the user disabled)."""
    if not token or len(token) > 100:
        return None
    key = _hash(token)
    with engine.connect() as conn:
        row = conn.execute(
            select(ConsoleSession.__table__).where(ConsoleSession.token_hash == key)
        ).first()
        user = user_by_id(conn, row.user_id) if row else None
    if row is None or user is None or not user.active:
        return None
    if row.expires_at <= now or row.created_at + LIFETIME <= now:
        end(engine, token)
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        with begin_write(engine) as conn:
            conn.execute(
                update(ConsoleSession)
                .where(ConsoleSession.token_hash == key)
                .values(last_seen_at=now, expires_at=min(now + IDLE, row.created_at + LIFETIME))
            )
    return Session(key, user, row.csrf_token, row.created_at, row.expires_at)


def end(engine: Engine, token: str | None) -> None:
    if not token:
        return
    with begin_write(engine) as conn:
        conn.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _hash(token)))
