"""Assertions the rule tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from db.models import AuditEntry


def row_counter(tables: tuple[str, ...]) -> Callable[[Any], dict[str, int]]:
    """``snapshot(post)``: the row counts of ``tables``, to show that a refusal wrote nothing."""

    def snapshot(post: Any) -> dict[str, int]:
        return {t: post.count(t) for t in tables}

    return snapshot


def assert_violation(excinfo: Any, field: str, rule: str) -> None:
    """The RuleViolation names this field and this rule."""
    assert excinfo.value.field == field, excinfo.value
    assert excinfo.value.rule == rule, excinfo.value


def actions(post: Any) -> list[str]:
    """The audit log's actions, in the order they were written."""
    with post.desk.read() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.hlc)))
