"""Input as a careless caller or an attacker gives it: wrong types and hidden characters.

Every service checks its arguments against its type hints (``checks.validated``)
and every text field what it may hold (``checks.text``): the answer is a
``RuleViolation`` naming the field, never a ``LookupError``, ``AttributeError``
or ``IntegrityError`` from further down, and nothing is written.
"""

from __future__ import annotations

import typing
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from db.enums import (
    Direction,
    EmergencyKind,
    Mode,
    Outcome,
    PreInspection,
    Role,
    SubjectKind,
    TravellerCategory,
)
from desktop_app import (
    approvals,
    checks,
    clearance,
    emergencies,
    forecasts,
    lanes,
    officers,
    shifts,
)
from desktop_app.errors import RuleViolation
from tests.helpers.rules import row_counter

TABLES = (
    "clearance_events",
    "forecasts",
    "officers",
    "priority_approvals",
    "emergency_passages",
    "lane_state_changes",
    "audit_entries",
    "outbox",
)
snapshot = row_counter(TABLES)

# What a service gets called with, and a valid call of each (built from the post).
Call = tuple[Callable[..., Any], dict[str, Any]]


def calls(post: Any) -> dict[str, Call]:
    now = post.clock.at
    officer, deputy, admin = post.officer.id, post.deputy.id, post.admin.id
    forecast = forecasts.add(
        post.desk,
        mode=Mode.ROAD,
        reference="F-1",
        direction=Direction.ENTRY,
        expected_at=now + timedelta(hours=1),
        by=officer,
    )
    joined = clearance.join_queue(
        post.desk,
        lane_id=post.lane.id,
        reference="R-0",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=officer,
        at=now - timedelta(minutes=5),
    )
    return {
        "join_queue": (
            clearance.join_queue,
            {
                "lane_id": post.lane.id,
                "reference": "R-1",
                "subject_kind": SubjectKind.PERSON,
                "traveller_category": TravellerCategory.CHINESE_CITIZEN,
                "direction": Direction.ENTRY,
                "forecast_id": forecast.id,
                "by": officer,
                "at": now,
            },
        ),
        "start_service": (
            clearance.start_service,
            {"clearance_id": joined.clearance_id, "by": officer, "at": now},
        ),
        "finish": (
            clearance.finish,
            {"clearance_id": joined.clearance_id, "outcome": Outcome.CLEARED, "by": officer},
        ),
        "undo": (
            clearance.undo,
            {"clearance_id": joined.clearance_id, "by": officer, "reason": "x"},
        ),
        "set_open": (
            lanes.set_open,
            {"lane_id": post.lane.id, "open_": False, "by": officer, "reason": "", "at": now},
        ),
        "add_forecast": (
            forecasts.add,
            {
                "mode": Mode.RAIL,
                "reference": "X-1",
                "direction": Direction.EXIT,
                "expected_at": now + timedelta(hours=2),
                "by": officer,
                "expected_travellers": 3,
                "carrier": "c",
                "notes": "n",
            },
        ),
        "set_preinspection": (
            forecasts.set_preinspection,
            {"forecast_id": forecast.id, "status": PreInspection.CLEARED, "by": officer},
        ),
        "request_priority": (
            approvals.request,
            {"subject_ref": "S-1", "reason": "r", "by": officer, "forecast_id": forecast.id},
        ),
        "record_emergency": (
            emergencies.record,
            {
                "kind": EmergencyKind.ALTITUDE_SICKNESS,
                "by": officer,
                "subject_ref": "S-2",
                "action_taken": "oxygen",
                "at": now,
            },
        ),
        "add_officer": (
            officers.add_officer,
            {"badge_no": "5555", "name": "N", "role": Role.OFFICER, "pin": "2468", "by": admin},
        ),
        "handover_notes": (
            shifts.set_handover_notes,
            {"shift_id": post.shift.id, "notes": "all quiet", "by": deputy},
        ),
    }


def hints(function: Callable[..., Any]) -> dict[str, Any]:
    return checks.service_hints(getattr(function, "__wrapped__", function))


def wrong_values(hint: Any) -> list[Any]:
    """Values that are not of the type ``hint`` names (None only where it is not allowed)."""
    allowed = typing.get_args(hint) or (hint,)
    candidates: list[Any] = [
        123,
        1.5,
        True,
        b"bytes",
        ["a list"],
        {"a": "dict"},
        object(),
        "person",  # a vocabulary's code, not its member
        "not-a-member",
        uuid.uuid4(),
        datetime(2026, 1, 1),  # naive: not a point in time
        None,
    ]
    wrong: list[Any] = []
    for value in candidates:
        if value is None:
            if type(None) not in allowed:
                wrong.append(value)
            continue
        fits = any(
            isinstance(value, kind)
            and not (kind is int and isinstance(value, bool))
            and not (isinstance(value, datetime) and value.tzinfo is None)
            for kind in allowed
            if isinstance(kind, type)
        )
        if not fits:
            wrong.append(value)
    return wrong


CASES = [
    "join_queue",
    "start_service",
    "finish",
    "undo",
    "set_open",
    "add_forecast",
    "set_preinspection",
    "request_priority",
    "record_emergency",
    "add_officer",
    "handover_notes",
]


@pytest.mark.parametrize("case", CASES)
def test_wrong_typed_values_are_rule_violations_naming_the_field(post, case: str) -> None:
    function, valid = calls(post)[case]
    before = snapshot(post)
    tried = 0
    for field in valid:
        for value in wrong_values(hints(function)[field]):
            with pytest.raises(RuleViolation) as refused:
                function(post.desk, **{**valid, field: value})
            assert refused.value.field == field, (field, value, refused.value)
            tried += 1
    assert tried > 5 * len(valid)
    assert snapshot(post) == before  # nothing written by any refusal


HIDDEN = {
    "NUL": "\x00",
    "BEL": "\x07",
    "ESC": "\x1b",
    "newline": "\n",
    "carriage return": "\r",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "right-to-left mark": "\u200f",
    "zero-width space": "\u200b",
    "line separator": "\u2028",
}
SINGLE_LINE = [
    ("join_queue", "reference"),
    ("add_forecast", "reference"),
    ("add_forecast", "carrier"),
    ("request_priority", "subject_ref"),
    ("request_priority", "reason"),
    ("record_emergency", "subject_ref"),
    ("add_officer", "badge_no"),
    ("add_officer", "name"),
    ("undo", "reason"),
]
MULTI_LINE = [
    ("add_forecast", "notes"),
    ("record_emergency", "action_taken"),
    ("handover_notes", "notes"),
]


# Where a service names the field otherwise than its argument.
NAMED = {("handover_notes", "notes"): "handover_notes"}


@pytest.mark.parametrize("case,field", SINGLE_LINE + MULTI_LINE)
def test_control_and_direction_characters_are_refused_in_text(post, case: str, field: str) -> None:
    function, valid = calls(post)[case]
    before = snapshot(post)
    multi_line = (case, field) in MULTI_LINE
    for name, char in HIDDEN.items():
        value = f"AB{char}C-123"
        if multi_line and char == "\n":
            continue  # notes may run over lines: shown below
        with pytest.raises(RuleViolation) as refused:
            function(post.desk, **{**valid, field: value})
        named = NAMED.get((case, field), field)
        assert (refused.value.field, refused.value.rule) == (named, "bad_character"), name
        assert f"U+{ord(char):04X}" in str(refused.value)
    assert snapshot(post) == before


def test_notes_may_run_over_lines_and_chinese_text_is_welcome(post) -> None:
    notes = "交班正常\n设备检查完毕\t无异常"
    shift = shifts.set_handover_notes(
        post.desk, shift_id=post.shift.id, notes=notes, by=post.deputy.id
    )
    assert shift.handover_notes == notes
    event = clearance.join_queue(
        post.desk,
        lane_id=post.lane.id,
        reference="新A-60418",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=post.officer.id,
    )
    assert event.reference == "新A-60418"


def test_times_outside_the_stored_range_are_refused(post) -> None:
    """A clearance dated year 1 would reach HQ and be refused there, blocking the outbox."""
    before = snapshot(post)
    for at in (datetime(1, 1, 1, tzinfo=UTC), datetime(1999, 12, 31, 23, 59, tzinfo=UTC)):
        with pytest.raises(RuleViolation) as refused:
            clearance.join_queue(
                post.desk,
                lane_id=post.lane.id,
                reference="OLD-1",
                subject_kind=SubjectKind.PERSON,
                traveller_category=TravellerCategory.CHINESE_CITIZEN,
                by=post.officer.id,
                at=at,
            )
        assert (refused.value.field, refused.value.rule) == ("at", "out_of_range")
        with pytest.raises(RuleViolation) as refused:
            shifts.plan_shift(
                post.desk,
                team_id=post.team.id,
                planned_start=at,
                planned_end=at + timedelta(hours=8),
                by=post.deputy.id,
            )
        assert (refused.value.field, refused.value.rule) == ("planned_start", "out_of_range")
    assert snapshot(post) == before
