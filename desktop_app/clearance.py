"""Clearance timing: joined queue → service started → finished (cleared, referred, refused).

Each step is one append-only ``ClearanceEvent``.  A mistake is never edited:
``correct`` re-states an event with new values and ``undo`` voids the latest
step; both reference the event they replace and need a reason, and both are
accepted after the shift closed (they are then audited as such).
"""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import outbox, queries
from db.base import new_id
from db.enums import (
    ClearanceStep,
    Direction,
    LaneDirection,
    LaneKind,
    Outcome,
    ShiftState,
    SubjectKind,
    TravellerCategory,
)
from db.models import ClearanceEvent, Forecast, LaneAssignment, Shift
from db.outbox import FactRow
from db.serialize import row_values
from desktop_app import audit, checks
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation

# A reference scanned again within this window while still queued is a
# double scan, not a second traveller.
DUPLICATE_WINDOW = timedelta(hours=24)


def join_queue(
    desk: Desk,
    *,
    lane_id: uuid.UUID,
    reference: str,
    subject_kind: SubjectKind,
    by: uuid.UUID,
    traveller_category: TravellerCategory | None = None,
    direction: Direction | None = None,
    forecast_id: uuid.UUID | None = None,
    at: datetime | None = None,
) -> FactRow:
    """A traveller, vehicle or train joins a lane's queue (scan or typed reference)."""
    reference = checks.text("reference", reference, limit=40)
    at = checks.when(desk, "at", at)
    if subject_kind == SubjectKind.PERSON and traveller_category is None:
        raise RuleViolation("traveller_category", "required")
    with desk.unit() as s:
        ctx = checks.context(s, desk, by, lane_id=lane_id)
        if ctx.lane_id is None:
            raise RuleViolation("lane_id", "not_found")
        direction = _direction_for(ctx, direction)
        if not ctx.lane_open:
            raise RuleViolation("lane_id", "lane_closed", lane=ctx.lane_code)
        checks.lane_takes(ctx.lane_code, ctx.lane_subjects, subject_kind)
        shift_id = checks.shift_open_at(ctx, at)
        if forecast_id is not None:
            checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        queued_on = queries.queued_with_reference(s, desk.port_id, reference, at - DUPLICATE_WINDOW)
        if queued_on is not None:
            raise RuleViolation(
                "reference", "already_in_queue", reference=reference, lane=queued_on
            )
        if ctx.lane_kind == LaneKind.PRIORITY:
            _require_priority_assignment(s, ctx.lane_id, shift_id, reference)
        event_id = new_id()  # a clearance is named by its joined event
        return outbox.append(
            s,
            ClearanceEvent,
            id=event_id,
            clearance_id=event_id,
            port_id=desk.port_id,
            shift_id=shift_id,
            lane_id=ctx.lane_id,
            step=ClearanceStep.JOINED,
            at=at,
            officer_id=by,
            direction=direction,
            subject_kind=subject_kind,
            traveller_category=traveller_category,
            reference=reference,
            forecast_id=forecast_id,
        )


def start_service(
    desk: Desk, *, clearance_id: uuid.UUID, by: uuid.UUID, at: datetime | None = None
) -> FactRow:
    """The subject reached the desk: waiting time ends here."""
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        ctx, steps = _context_and_steps(s, desk, by, clearance_id)
        if ClearanceStep.STARTED in steps or ClearanceStep.FINISHED in steps:
            raise RuleViolation(
                "clearance_id", "clearance_state", state=_state(steps), step="start"
            )
        joined = steps[ClearanceStep.JOINED]
        checks.order("at", at, after="joined queue", after_at=joined.at)
        return _add_step(
            s, desk, joined, ClearanceStep.STARTED, at, by, checks.shift_open_at(ctx, at)
        )


def finish(
    desk: Desk,
    *,
    clearance_id: uuid.UUID,
    outcome: Outcome,
    by: uuid.UUID,
    at: datetime | None = None,
) -> FactRow:
    """The subject leaves the desk: cleared, referred to secondary, or refused."""
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        ctx, steps = _context_and_steps(s, desk, by, clearance_id)
        if ClearanceStep.STARTED not in steps or ClearanceStep.FINISHED in steps:
            raise RuleViolation(
                "clearance_id", "clearance_state", state=_state(steps), step="finish"
            )
        started = steps[ClearanceStep.STARTED]
        checks.order("at", at, after="service started", after_at=started.at)
        shift_id = checks.shift_open_at(ctx, at)
        joined = steps[ClearanceStep.JOINED]
        return _add_step(s, desk, joined, ClearanceStep.FINISHED, at, by, shift_id, outcome)


def correct(
    desk: Desk,
    *,
    event_id: uuid.UUID,
    by: uuid.UUID,
    reason: str,
    at: datetime | None = None,
    traveller_category: TravellerCategory | None = None,
    reference: str | None = None,
    outcome: Outcome | None = None,
) -> FactRow:
    """Re-state one event with corrected values; the original stays, superseded."""
    reason = checks.text("reason", reason, limit=500)
    if at is not None:
        at = checks.when(desk, "at", at)
    if reference is not None:
        reference = checks.text("reference", reference, limit=40)
    with desk.unit() as s:
        checks.context(s, desk, by)
        old = checks.in_port(s, desk, ClearanceEvent, event_id, "event_id")
        steps = _steps(s, desk, old.clearance_id)
        if old.step not in steps or steps[old.step].id != old.id:
            raise RuleViolation("event_id", "clearance_state", state="superseded", step="correct")
        if outcome is not None and old.step != ClearanceStep.FINISHED:
            raise RuleViolation("outcome", "clearance_state", state=old.step.value, step="outcome")
        values = {
            **_copy(old),
            "at": at or old.at,
            "traveller_category": traveller_category or old.traveller_category,
            "reference": reference or old.reference,
            "outcome": outcome or old.outcome,
            "supersedes_id": old.id,
            "reason": reason,
            "officer_id": by,
        }
        if (
            reference is not None
            and reference != old.reference
            and ClearanceStep.FINISHED not in steps
        ):
            queued_on = queries.queued_with_reference(
                s, desk.port_id, reference, desk.now() - DUPLICATE_WINDOW
            )
            if queued_on is not None:
                raise RuleViolation(
                    "reference", "already_in_queue", reference=reference, lane=queued_on
                )
        times = {step: row.at for step, row in steps.items()}
        times[old.step] = values["at"]
        _check_order(times)
        new = outbox.append(s, ClearanceEvent, **values)
        _audit_correction(s, desk, old, new, by, "clearance.corrected")
        return new


def undo(desk: Desk, *, clearance_id: uuid.UUID, by: uuid.UUID, reason: str) -> FactRow:
    """Void the latest step of a clearance (a mistaken key or scan)."""
    reason = checks.text("reason", reason, limit=500)
    with desk.unit() as s:
        checks.context(s, desk, by)
        steps = _steps(s, desk, clearance_id)
        last_id = next(
            steps[step].id
            for step in (ClearanceStep.FINISHED, ClearanceStep.STARTED, ClearanceStep.JOINED)
            if step in steps
        )
        last = s.get_one(ClearanceEvent, last_id)
        void = outbox.append(
            s,
            ClearanceEvent,
            **{
                **_copy(last),
                "step": ClearanceStep.VOID,
                "outcome": None,
                "at": desk.now(),
                "supersedes_id": last.id,
                "reason": reason,
                "officer_id": by,
            },
        )
        _audit_correction(s, desk, last, void, by, "clearance.undone")
        return void


def _copy(event: ClearanceEvent) -> dict[str, Any]:
    """The fact's own columns, without the sync stamps ``outbox.append`` sets."""
    values = row_values(event)
    for stamp in ("id", "origin_device", "version", "hlc", "updated_at", "deleted"):
        values.pop(stamp)
    return values


def _add_step(
    s: Session,
    desk: Desk,
    joined: Any,
    step: ClearanceStep,
    at: datetime,
    by: uuid.UUID,
    shift_id: uuid.UUID,
    outcome: Outcome | None = None,
) -> FactRow:
    return outbox.append(
        s,
        ClearanceEvent,
        port_id=desk.port_id,
        shift_id=shift_id,
        lane_id=joined.lane_id,
        clearance_id=joined.clearance_id,
        step=step,
        at=at,
        outcome=outcome,
        officer_id=by,
    )


def _steps(s: Session, desk: Desk, clearance_id: uuid.UUID) -> dict[ClearanceStep, Any]:
    return _known(desk, queries.effective_steps(s, clearance_id))


def _context_and_steps(
    s: Session, desk: Desk, by: uuid.UUID, clearance_id: uuid.UUID
) -> tuple[Any, dict[ClearanceStep, Any]]:
    ctx, steps = checks.context_and_steps(s, desk, by, clearance_id)
    return ctx, _known(desk, steps)


def _known(desk: Desk, steps: dict[ClearanceStep, Any]) -> dict[ClearanceStep, Any]:
    joined = steps.get(ClearanceStep.JOINED)
    if joined is None or joined.port_id != desk.port_id:
        raise RuleViolation("clearance_id", "not_found")
    return steps


def _state(steps: dict[ClearanceStep, Any]) -> str:
    if ClearanceStep.FINISHED in steps:
        outcome = steps[ClearanceStep.FINISHED].outcome
        return outcome.value if outcome else "finished"
    return "in service" if ClearanceStep.STARTED in steps else "waiting"


def _check_order(times: dict[ClearanceStep, datetime]) -> None:
    chain = [
        (step, times[step])
        for step in (ClearanceStep.JOINED, ClearanceStep.STARTED, ClearanceStep.FINISHED)
        if step in times
    ]
    for (earlier, earlier_at), (_, later_at) in itertools.pairwise(chain):
        checks.order("at", later_at, after=earlier.value, after_at=earlier_at)


def _direction_for(ctx: Any, direction: Direction | None) -> Direction:
    if ctx.lane_direction == LaneDirection.BOTH:
        if direction is None:
            raise RuleViolation("direction", "required")
        return direction
    lane_direction = Direction(ctx.lane_direction.value)
    if direction is not None and direction != lane_direction:
        raise RuleViolation(
            "direction",
            "lane_direction",
            lane=ctx.lane_code,
            lane_direction=lane_direction.value,
            direction=direction.value,
        )
    return lane_direction


def _require_priority_assignment(
    s: Session, lane_id: uuid.UUID, shift_id: uuid.UUID, reference: str
) -> None:
    """An approved assignment for this subject, not yet used by an earlier join."""
    assigned = s.scalar(
        select(func.count()).where(
            LaneAssignment.lane_id == lane_id,
            LaneAssignment.shift_id == shift_id,
            LaneAssignment.subject_ref == reference,
            LaneAssignment.approval_id.is_not(None),
        )
    )
    if not assigned:
        raise RuleViolation("lane_id", "approval_needed")
    superseded = select(ClearanceEvent.supersedes_id).where(
        ClearanceEvent.supersedes_id.is_not(None)
    )
    joined = s.scalar(
        select(func.count()).where(
            ClearanceEvent.lane_id == lane_id,
            ClearanceEvent.shift_id == shift_id,
            ClearanceEvent.reference == reference,
            ClearanceEvent.step == ClearanceStep.JOINED,
            ClearanceEvent.id.not_in(superseded),
        )
    )
    if joined >= assigned:  # one approval, one priority clearance
        raise RuleViolation("lane_id", "approval_used")


def _audit_correction(
    s: Session,
    desk: Desk,
    old: ClearanceEvent | Any,
    new: FactRow,
    by: uuid.UUID,
    action: str,
) -> None:
    shift = s.get(Shift, old.shift_id)
    audit.log(
        s,
        desk,
        action=action,
        by=by,
        entity="clearance_events",
        entity_id=old.id,
        reason=new.reason,
        after_close=bool(shift and shift.state == ShiftState.CLOSED),
    )
