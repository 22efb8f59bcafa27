"""Roles, and the one table that says which role may do what at the console.

Every route names its action; ``allowed`` is the only check.  The README
prints this table.
"""

from __future__ import annotations

from enum import StrEnum


class ConsoleRole(StrEnum):
    ADMIN = "admin"  # accounts, devices, everything else
    DUTY_OFFICER = "duty_officer"  # the command centre's watch: forecasts, port calendar
    ANALYST = "analyst"  # reads figures and reports


class Action(StrEnum):
    VIEW = "view"  # overview, port pages, forecasts, calendar (reading)
    REPORTS = "reports"  # download daily, station and monthly reports
    OWN_PASSWORD = "own_password"
    FORECASTS_EDIT = "forecasts_edit"  # enter, edit, withdraw, import forecasts
    CALENDAR_EDIT = "calendar_edit"  # port status and daily hours
    DEVICES_VIEW = "devices_view"  # enrolled devices, their clock error
    DEVICES_MANAGE = "devices_manage"  # enrolment codes, revoking a device
    USERS_MANAGE = "users_manage"  # add, disable, reset console users
    AUDIT_VIEW = "audit_view"


_ALL = frozenset(ConsoleRole)
_WATCH = frozenset({ConsoleRole.ADMIN, ConsoleRole.DUTY_OFFICER})
_ADMIN = frozenset({ConsoleRole.ADMIN})

PERMISSIONS: dict[Action, frozenset[ConsoleRole]] = {
    Action.VIEW: _ALL,
    Action.REPORTS: _ALL,
    Action.OWN_PASSWORD: _ALL,
    Action.FORECASTS_EDIT: _WATCH,
    Action.CALENDAR_EDIT: _WATCH,
    Action.DEVICES_VIEW: _WATCH,
    Action.DEVICES_MANAGE: _ADMIN,
    Action.USERS_MANAGE: _ADMIN,
    Action.AUDIT_VIEW: _ADMIN,
}


def allowed(role: str, action: Action) -> bool:
    return role in PERMISSIONS[action]
