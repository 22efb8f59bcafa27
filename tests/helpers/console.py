"""Driving HQ's console in-process (Starlette's TestClient over the real app) as a user would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from db.base import utcnow
from hq.app import create_app
from hq.console import accounts, audit
from hq.store import HQClock

PASSWORD = "a long enough password"
USERS = {"admin": "admin", "duty": "duty_officer", "analyst": "analyst"}

_TOKEN = re.compile(r'name="(?:login_token|csrf_token)" value="([^"]+)"')


def add_users(engine: Engine) -> None:
    for name, role in USERS.items():
        accounts.add_user(
            engine,
            username=name,
            display_name=name.title(),
            role=role,
            password=PASSWORD,
            now=utcnow(),
            who=audit.Who("test"),
        )


def token(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


@dataclass
class Browser:
    """A TestClient that keeps cookies like a browser, and knows the page's CSRF token."""

    client: TestClient

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, **kw)

    def sign_in(self, username: str, password: str = PASSWORD, next_: str = "/console/") -> Any:
        page = self.client.get("/console/login")
        return self.client.post(
            "/console/login",
            data={
                "username": username,
                "password": password,
                "login_token": token(page.text),
                "next": next_,
            },
        )

    def csrf(self, path: str = "/console/account") -> str:
        return token(self.client.get(path).text)

    def post(
        self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kw: Any
    ) -> Any:
        values = dict(data or {})
        if csrf:
            values["csrf_token"] = self.csrf()
        return self.client.post(path, data=values, **kw)


@contextmanager
def console(
    engine: Engine, clock: HQClock | None = None, base_url: str = "http://hq"
) -> Iterator[Browser]:
    app = create_app(engine, clock)
    client = TestClient(app, base_url=base_url, follow_redirects=False)
    try:
        yield Browser(client)
    finally:
        client.close()
