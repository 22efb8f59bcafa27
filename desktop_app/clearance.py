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

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import queries
from db.base import new_id
from db.enums import (
    ClearanceStep,
    Direction,
    LaneDirection,
    LaneKind,
    LaneSubjects,
    Outcome,
    ShiftState,
    SubjectKind,
    TravellerCategory,
)
from db.models import ClearanceEvent, Forecast, Lane, LaneAssignment, Shift
from desktop_app import audit, checks
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation

# A reference scanned again within this window while still queued is a
# double scan, not a second traveller.
DUPLICATE_WINDOW = timedelta(hours=24)

_LANE_TAKES = {
    LaneSubjects.PERSONS: {SubjectKind.PERSON},
    LaneSubjects.VEHICLES: {SubjectKind.VEHICLE, SubjectKind.TRAIN},
    LaneSubjects.BOTH: set(SubjectKind),
}


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
) -> ClearanceEvent:
    """A traveller, vehicle or train joins a lane's queue (scan or typed reference)."""
    reference = checks.text("reference", reference, limit=40)
    at = checks.when(desk, "at", at)
    if subject_kind == SubjectKind.PERSON and traveller_category is None:
        raise RuleViolation("traveller_category", "required")
    with desk.unit() as s:
        checks.officer(s, desk, by)
        lane = checks.in_port(s, desk, Lane, lane_id, "lane_id")
        direction = _direction_for(lane, direction)
        if not lane.is_open:
            raise RuleViolation("lane_id", "lane_closed", lane=lane.code)
        if subject_kind not in _LANE_TAKES[lane.subjects]:
            raise RuleViolation(
                "subject_kind",
                "lane_subjects",
                lane=lane.code,
                subjects=lane.subjects.value,
                subject_kind=subject_kind.value,
            )
        shift = checks.open_shift(s, desk, at)
        if forecast_id is not None:
            checks.in_port(s, desk, Forecast, forecast_id, "forecast_id")
        _refuse_double_scan(s, desk, reference, at)
        if lane.kind == LaneKind.PRIORITY:
            _require_priority_assignment(s, lane, shift, reference)
        event_id = new_id()  # a clearance is named by its joined event
        event = ClearanceEvent(
            id=event_id,
            clearance_id=event_id,
            port_id=desk.port_id,
            shift_id=shift.id,
            lane_id=lane.id,
            step=ClearanceStep.JOINED,
            at=at,
            officer_id=by,
            direction=direction,
            subject_kind=subject_kind,
            traveller_category=traveller_category,
            reference=reference,
            forecast_id=forecast_id,
        )
        s.add(event)
        return event


def start_service(
    desk: Desk, *, clearance_id: uuid.UUID, by: uuid.UUID, at: datetime | None = None
) -> ClearanceEvent:
    """The subject reached the desk: waiting time ends here."""
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        steps = _steps(s, desk, clearance_id)
        if ClearanceStep.STARTED in steps or ClearanceStep.FINISHED in steps:
            raise RuleViolation(
                "clearance_id", "clearance_state", state=_state(steps), step="start"
            )
        joined = steps[ClearanceStep.JOINED]
        checks.order("at", at, after="joined queue", after_at=joined.at)
        shift = checks.open_shift(s, desk)
        return _add_step(s, desk, joined, ClearanceStep.STARTED, at, by, shift.id)


def finish(
    desk: Desk,
    *,
    clearance_id: uuid.UUID,
    outcome: Outcome,
    by: uuid.UUID,
    at: datetime | None = None,
) -> ClearanceEvent:
    """The subject leaves the desk: cleared, referred to secondary, or refused."""
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        steps = _steps(s, desk, clearance_id)
        if ClearanceStep.STARTED not in steps or ClearanceStep.FINISHED in steps:
            raise RuleViolation(
                "clearance_id", "clearance_state", state=_state(steps), step="finish"
            )
        started = steps[ClearanceStep.STARTED]
        checks.order("at", at, after="service started", after_at=started.at)
        shift = checks.open_shift(s, desk)
        event = _add_step(
            s, desk, steps[ClearanceStep.JOINED], ClearanceStep.FINISHED, at, by, shift.id
        )
        event.outcome = outcome
        return event


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
) -> ClearanceEvent:
    """Re-state one event with corrected values; the original stays, superseded."""
    reason = checks.text("reason", reason, limit=500)
    if at is not None:
        at = checks.when(desk, "at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        old = checks.in_port(s, desk, ClearanceEvent, event_id, "event_id")
        steps = _steps(s, desk, old.clearance_id)
        if steps.get(old.step) is not old:
            raise RuleViolation("event_id", "clearance_state", state="superseded", step="correct")
        if outcome is not None and old.step != ClearanceStep.FINISHED:
            raise RuleViolation("outcome", "clearance_state", state=old.step.value, step="outcome")
        if reference is not None:
            reference = checks.text("reference", reference, limit=40)
        new = ClearanceEvent(
            **{
                **_copy(old),
                "at": at or old.at,
                "traveller_category": traveller_category or old.traveller_category,
                "reference": reference or old.reference,
                "outcome": outcome or old.outcome,
                "supersedes_id": old.id,
                "reason": reason,
                "officer_id": by,
            }
        )
        _check_order({**steps, old.step: new})
        s.add(new)
        _audit_correction(s, desk, old, new, by, "clearance.corrected")
        return new


def undo(desk: Desk, *, clearance_id: uuid.UUID, by: uuid.UUID, reason: str) -> ClearanceEvent:
    """Void the latest step of a clearance (a mistaken key or scan)."""
    reason = checks.text("reason", reason, limit=500)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        steps = _steps(s, desk, clearance_id)
        last = next(
            steps[step]
            for step in (ClearanceStep.FINISHED, ClearanceStep.STARTED, ClearanceStep.JOINED)
            if step in steps
        )
        void = ClearanceEvent(
            **{
                **_copy(last),
                "step": ClearanceStep.VOID,
                "outcome": None,
                "at": desk.now(),
                "supersedes_id": last.id,
                "reason": reason,
                "officer_id": by,
            }
        )
        s.add(void)
        _audit_correction(s, desk, last, void, by, "clearance.undone")
        return void


def _copy(event: ClearanceEvent) -> dict[str, object]:
    """The fact's own columns, without the sync stamps the flush hook sets."""
    values = event.column_values()
    for stamp in ("id", "origin_device", "version", "hlc", "updated_at", "deleted"):
        values.pop(stamp)
    return values


def _add_step(
    s: Session,
    desk: Desk,
    joined: ClearanceEvent,
    step: ClearanceStep,
    at: datetime,
    by: uuid.UUID,
    shift_id: uuid.UUID,
) -> ClearanceEvent:
    event = ClearanceEvent(
        port_id=desk.port_id,
        shift_id=shift_id,
        lane_id=joined.lane_id,
        clearance_id=joined.clearance_id,
        step=step,
        at=at,
        officer_id=by,
    )
    s.add(event)
    return event


def _steps(s: Session, desk: Desk, clearance_id: uuid.UUID) -> dict[ClearanceStep, ClearanceEvent]:
    steps = queries.effective_steps(s, clearance_id)
    joined = steps.get(ClearanceStep.JOINED)
    if joined is None or joined.port_id != desk.port_id:
        raise RuleViolation("clearance_id", "not_found")
    return steps


def _state(steps: dict[ClearanceStep, ClearanceEvent]) -> str:
    if ClearanceStep.FINISHED in steps:
        outcome = steps[ClearanceStep.FINISHED].outcome
        return outcome.value if outcome else "finished"
    return "in service" if ClearanceStep.STARTED in steps else "waiting"


def _check_order(steps: dict[ClearanceStep, ClearanceEvent]) -> None:
    chain = [
        steps.get(k) for k in (ClearanceStep.JOINED, ClearanceStep.STARTED, ClearanceStep.FINISHED)
    ]
    present = [e for e in chain if e is not None]
    for earlier, later in itertools.pairwise(present):
        checks.order("at", later.at, after=earlier.step.value, after_at=earlier.at)


def _direction_for(lane: Lane, direction: Direction | None) -> Direction:
    if lane.direction == LaneDirection.BOTH:
        if direction is None:
            raise RuleViolation("direction", "required")
        return direction
    lane_direction = Direction(lane.direction.value)
    if direction is not None and direction != lane_direction:
        raise RuleViolation(
            "direction",
            "lane_direction",
            lane=lane.code,
            lane_direction=lane_direction.value,
            direction=direction.value,
        )
    return lane_direction


def _refuse_double_scan(s: Session, desk: Desk, reference: str, at: datetime) -> None:
    recent = s.scalars(
        select(ClearanceEvent.clearance_id).where(
            ClearanceEvent.port_id == desk.port_id,
            ClearanceEvent.reference == reference,
            ClearanceEvent.step == ClearanceStep.JOINED,
            ClearanceEvent.at >= at - DUPLICATE_WINDOW,
        )
    ).all()
    for clearance_id in set(recent):
        steps = queries.effective_steps(s, clearance_id)
        if ClearanceStep.JOINED in steps and ClearanceStep.FINISHED not in steps:
            lane = s.get(Lane, steps[ClearanceStep.JOINED].lane_id)
            raise RuleViolation(
                "reference",
                "already_in_queue",
                reference=reference,
                lane=lane.code if lane else "?",
            )


def _require_priority_assignment(s: Session, lane: Lane, shift: Shift, reference: str) -> None:
    assigned = s.scalar(
        select(LaneAssignment.id).where(
            LaneAssignment.lane_id == lane.id,
            LaneAssignment.shift_id == shift.id,
            LaneAssignment.subject_ref == reference,
            LaneAssignment.approval_id.is_not(None),
        )
    )
    if assigned is None:
        raise RuleViolation("lane_id", "approval_needed")


def _audit_correction(
    s: Session, desk: Desk, old: ClearanceEvent, new: ClearanceEvent, by: uuid.UUID, action: str
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
