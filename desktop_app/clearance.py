"""Clearance timing: joined queue → service started → finished (cleared, referred, refused).

Each step is one append-only ``ClearanceEvent``.  A mistake is never edited:
``correct`` re-states an event with new values and ``undo`` voids the latest
step; both reference the event they replace and need a reason, and both are
accepted after the shift closed (they are then audited as such).

A subject may join the queue of a lane that is not open yet (the gate before
opening time): the join is marked ``before_open`` and its wait runs from
arrival, but service starts only once the lane is open.  ``move`` sends
waiting subjects on to another open lane, keeping their joined time.

Every step ends by letting ``alerts.follow`` look at the queues, so alert
episodes are written whatever screen is open (it does real work at most once
every ``alerts.FOLLOW_EVERY`` of the desk's clock).
"""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

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
from desktop_app import alerts, audit, checks
from desktop_app.errors import RuleViolation

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk

# A reference scanned again within this window while still queued is a
# double scan, not a second traveller.
DUPLICATE_WINDOW = timedelta(hours=24)


@checks.validated
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
        event_id = new_id(desk.now())  # a clearance is named by its joined event
        joined = outbox.append(
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
            before_open=not ctx.lane_open,
        )
        alerts.follow(desk)
        return joined


@checks.validated
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
        placed = queries.current_lane(steps)
        if not placed.lane_open:  # queued before the lane opened: open it first
            raise RuleViolation("lane_id", "lane_closed", lane=placed.event_lane_code)
        checks.order("at", at, after=placed.step.value, after_at=placed.at)
        started = _add_step(
            s,
            desk,
            joined,
            placed.lane_id,
            ClearanceStep.STARTED,
            at,
            by,
            checks.shift_open_at(ctx, at),
        )
        alerts.follow(desk)
        return started


@checks.validated
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
        finished = _add_step(
            s, desk, joined, started.lane_id, ClearanceStep.FINISHED, at, by, shift_id, outcome
        )
        alerts.follow(desk)
        return finished


@checks.validated
def move(
    desk: Desk,
    *,
    clearance_ids: list[uuid.UUID],
    lane_id: uuid.UUID,
    by: uuid.UUID,
    reason: str = "",
    at: datetime | None = None,
) -> list[FactRow]:
    """Send waiting subjects on to another open lane that takes them; their wait runs on.

    One ``moved`` event each, naming the lane left and the lane taken, with who
    and when; all of them or none.  Refused: a subject already in service or
    finished, a lane that is closed, of another direction or for other
    subjects, a priority lane without an approved assignment, no open shift.
    ``undo`` takes a move back (the latest step of that subject).
    """
    reason = checks.text("reason", reason, limit=500, required=False)
    at = checks.when(desk, "at", at)
    if not clearance_ids:
        raise RuleViolation("clearance_ids", "required")
    if len(set(clearance_ids)) != len(clearance_ids):
        raise RuleViolation("clearance_ids", "duplicate", value="a subject")
    with desk.unit() as s:
        target = checks.context(s, desk, by, lane_id=lane_id)
        if target.lane_id is None:
            raise RuleViolation("lane_id", "not_found")
        if not target.lane_open:
            raise RuleViolation("lane_id", "lane_closed", lane=target.lane_code)
        shift_id = checks.shift_open_at(target, at)
        moves: list[FactRow] = []
        for clearance_id in clearance_ids:
            steps = _steps(s, desk, clearance_id)
            joined = s.get_one(ClearanceEvent, steps[ClearanceStep.JOINED].id)
            if ClearanceStep.STARTED in steps or ClearanceStep.FINISHED in steps:
                raise RuleViolation(
                    "clearance_id", "clearance_state", state=_state(steps), step="move"
                )
            placed = queries.current_lane(steps)
            if placed.lane_id == target.lane_id:
                raise RuleViolation(
                    "lane_id", "same_lane", reference=joined.reference, lane=target.lane_code
                )
            # A joined event names its subject (the table's CHECK constraint says so).
            assert joined.subject_kind is not None and joined.reference is not None
            checks.lane_takes(target.lane_code, target.lane_subjects, joined.subject_kind)
            _direction_for(target, joined.direction)
            checks.order("at", at, after=placed.step.value, after_at=placed.at)
            if target.lane_kind == LaneKind.PRIORITY:
                _require_priority_assignment(s, target.lane_id, shift_id, joined.reference)
            moves.append(
                outbox.append(
                    s,
                    ClearanceEvent,
                    port_id=desk.port_id,
                    shift_id=shift_id,
                    lane_id=target.lane_id,
                    from_lane_id=placed.lane_id,
                    clearance_id=joined.clearance_id,
                    step=ClearanceStep.MOVED,
                    at=at,
                    officer_id=by,
                    reason=reason,
                )
            )
        audit.log(
            s,
            desk,
            action="clearance.moved",
            by=by,
            entity="lanes",
            entity_id=target.lane_id,
            at=at,
            lane=target.lane_code,
            count=len(moves),
            reason=reason,
        )
        alerts.follow(desk)
        return moves


@checks.validated
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
        alerts.follow(desk)
        return new


@checks.validated
def undo(desk: Desk, *, clearance_id: uuid.UUID, by: uuid.UUID, reason: str) -> FactRow:
    """Void the latest step of a clearance (a mistaken key or scan)."""
    reason = checks.text("reason", reason, limit=500)
    with desk.unit() as s:
        checks.context(s, desk, by)
        steps = _steps(s, desk, clearance_id)
        last_id = next(
            steps[step].id
            for step in (
                ClearanceStep.FINISHED,
                ClearanceStep.STARTED,
                ClearanceStep.MOVED,  # the latest move; an earlier one is undone next
                ClearanceStep.JOINED,
            )
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
        alerts.follow(desk)
        return void


@checks.validated
def undo_moves(
    desk: Desk, *, move_ids: list[uuid.UUID], by: uuid.UUID, reason: str
) -> list[FactRow]:
    """Take back moves recorded together (a batch sent to a new lane): all or none.

    Each move must still be its subject's latest step: one already served since
    is refused (undo that step first), so nobody's later steps are voided here.
    """
    reason = checks.text("reason", reason, limit=500)
    if not move_ids:
        raise RuleViolation("move_ids", "required")
    with desk.unit() as s:
        checks.context(s, desk, by)
        voids = []
        for move_id in move_ids:
            moved = checks.in_port(s, desk, ClearanceEvent, move_id, "move_ids")
            steps = _steps(s, desk, moved.clearance_id)
            if moved.step != ClearanceStep.MOVED or steps.get(ClearanceStep.MOVED) is None:
                raise RuleViolation("move_ids", "clearance_state", state="undone", step="undo")
            if steps[ClearanceStep.MOVED].id != moved.id or {
                ClearanceStep.STARTED,
                ClearanceStep.FINISHED,
            } & set(steps):
                raise RuleViolation(
                    "move_ids", "clearance_state", state=_state(steps), step="undo the move"
                )
            void = outbox.append(
                s,
                ClearanceEvent,
                **{
                    **_copy(moved),
                    "step": ClearanceStep.VOID,
                    "at": desk.now(),
                    "supersedes_id": moved.id,
                    "reason": reason,
                    "officer_id": by,
                },
            )
            _audit_correction(s, desk, moved, void, by, "clearance.undone")
            voids.append(void)
        alerts.follow(desk)
        return voids


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
    lane_id: uuid.UUID,
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
        lane_id=lane_id,
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
        for step in (
            ClearanceStep.JOINED,
            ClearanceStep.MOVED,
            ClearanceStep.STARTED,
            ClearanceStep.FINISHED,
        )
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
    joined = s.execute(
        select(func.count()).where(
            ClearanceEvent.lane_id == lane_id,
            ClearanceEvent.shift_id == shift_id,
            ClearanceEvent.reference == reference,
            ClearanceEvent.step == ClearanceStep.JOINED,
            ClearanceEvent.id.not_in(superseded),
        )
    ).scalar_one()
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
