"""Shifts: plan, check, open, close out; a closed shift is read-only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from db import outbox
from db.base import UTCDateTime
from db.enums import COMMAND_ROLES, ApprovalDecision, CheckResult, ShiftState
from db.models import DutyTeam, PriorityApproval, Shift, ShiftChecklistItem
from db.outbox import FactRow
from desktop_app import audit, checks, officers, queue, reference
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation

MAX_SHIFT = timedelta(hours=24)


def plan_shift(
    desk: Desk, *, team_id: uuid.UUID, planned_start: datetime, planned_end: datetime, by: uuid.UUID
) -> Shift:
    if planned_start.tzinfo is None or planned_end.tzinfo is None:
        raise RuleViolation("planned_start", "required")
    checks.order("planned_end", planned_end, after="planned_start", after_at=planned_start)
    if planned_end - planned_start > MAX_SHIFT:
        raise RuleViolation("planned_end", "out_of_range", low="start", high="start + 24 h")
    with desk.unit() as s:
        checks.officer(s, desk, by, COMMAND_ROLES)
        checks.in_port(s, desk, DutyTeam, team_id, "team_id")
        shift = Shift(
            port_id=desk.port_id,
            team_id=team_id,
            planned_start=planned_start,
            planned_end=planned_end,
            state=ShiftState.PLANNED,
        )
        s.add(shift)
        s.flush()
        audit.log(s, desk, action="shift.planned", by=by, entity="shifts", entity_id=shift.id)
        return shift


def record_check(
    desk: Desk,
    *,
    shift_id: uuid.UUID,
    item_code: str,
    result: CheckResult,
    by: uuid.UUID,
    note: str = "",
    at: datetime | None = None,
) -> FactRow:
    codes = [i.code for i in reference.checklist(reference.port_spec(desk.port_code))]
    if item_code not in codes:
        raise RuleViolation("item_code", "choice", choices=", ".join(codes))
    note = checks.text("note", note, limit=500, required=False)
    if result == CheckResult.FAIL and not note:
        raise RuleViolation("note", "note_for_failure")
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        shift = checks.in_port(s, desk, Shift, shift_id, "shift_id")
        checks.not_closed(shift)
        return outbox.append(
            s,
            ShiftChecklistItem,
            port_id=desk.port_id,
            shift_id=shift.id,
            item_code=item_code,
            result=result,
            note=note,
            officer_id=by,
            at=at,
        )


@dataclass(frozen=True)
class CheckStatus:
    item: reference.ChecklistItem
    result: CheckResult | None
    note: str
    at: datetime | None


def latest_checks(s: Session, shift_id: uuid.UUID) -> dict[str, ShiftChecklistItem]:
    """The latest result of each checklist item recorded for the shift (re-checks win)."""
    return {
        row.item_code: row  # ordered by time: the latest result wins
        for row in s.scalars(
            select(ShiftChecklistItem)
            .where(ShiftChecklistItem.shift_id == shift_id)
            .order_by(ShiftChecklistItem.at, ShiftChecklistItem.hlc)
        )
    }


def checklist_status(desk: Desk, shift_id: uuid.UUID) -> list[CheckStatus]:
    """Every checklist item of the port with its latest result for the shift."""
    with desk.read() as s:
        done = latest_checks(s, shift_id)
    return [
        CheckStatus(
            item,
            done[item.code].result if item.code in done else None,
            done[item.code].note if item.code in done else "",
            done[item.code].at if item.code in done else None,
        )
        for item in reference.checklist(reference.port_spec(desk.port_code))
    ]


def open_shift(
    desk: Desk, *, shift_id: uuid.UUID, by: uuid.UUID, at: datetime | None = None
) -> Shift:
    """Open a planned shift: no other shift open, every required check recorded."""
    at = checks.when(desk, "at", at)
    missing = [
        c.item.code
        for c in checklist_status(desk, shift_id)
        if c.item.required and c.result is None
    ]
    with desk.unit() as s:
        checks.officer(s, desk, by, COMMAND_ROLES)
        shift = checks.in_port(s, desk, Shift, shift_id, "shift_id")
        if shift.state != ShiftState.PLANNED:
            raise RuleViolation("shift", "shift_state", state=shift.state.value, expected="planned")
        other = s.scalars(
            select(Shift).where(Shift.port_id == desk.port_id, Shift.state == ShiftState.OPEN)
        ).first()
        if other is not None:
            raise RuleViolation("shift", "shift_open", shift=str(other.id))
        if missing:
            raise RuleViolation("checklist", "checklist_incomplete", missing=", ".join(missing))
        shift.state, shift.actual_start, shift.opened_by = ShiftState.OPEN, at, by
        audit.log(s, desk, action="shift.opened", by=by, entity="shifts", entity_id=shift.id, at=at)
        return shift


def set_handover_notes(desk: Desk, *, shift_id: uuid.UUID, notes: str, by: uuid.UUID) -> Shift:
    notes = checks.text("handover_notes", notes, limit=4000, required=False)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        shift = checks.in_port(s, desk, Shift, shift_id, "shift_id")
        checks.not_closed(shift)
        shift.handover_notes = notes
        return shift


def close_shift(
    desk: Desk,
    *,
    shift_id: uuid.UUID,
    by: uuid.UUID,
    pin: str,
    handover_notes: str,
    at: datetime | None = None,
) -> Shift:
    """Close out a shift, signed with the closing officer's PIN; it is read-only after."""
    notes = checks.text("handover_notes", handover_notes, limit=4000, required=False)
    at = checks.when(desk, "at", at)
    with desk.read() as s:  # the authority first: no PIN is asked of who may not decide
        checks.officer(s, desk, by, COMMAND_ROLES)
    officers.verify(desk, officer_id=by, pin=pin, purpose="shift.close.sign")
    with desk.unit() as s:
        checks.officer(s, desk, by, COMMAND_ROLES)
        shift = checks.in_port(s, desk, Shift, shift_id, "shift_id")
        if shift.state != ShiftState.OPEN:
            raise RuleViolation("shift", "shift_state", state=shift.state.value, expected="open")
        assert shift.actual_start is not None
        checks.order("at", at, after="shift start", after_at=shift.actual_start)
        pending = pending_approvals(desk, shift.id)
        if pending:
            raise RuleViolation("shift", "pending_approvals", count=len(pending))
        waiting = len(queue.current_queue(desk))  # inside the unit: what the audit says held
        shift.state, shift.actual_end, shift.closed_by = ShiftState.CLOSED, at, by
        shift.handover_notes = notes
        audit.log(
            s,
            desk,
            action="shift.closed",
            by=by,
            entity="shifts",
            entity_id=shift.id,
            at=at,
            carried_over_in_queue=waiting,
        )
        return shift


def pending_approvals(desk: Desk, shift_id: uuid.UUID) -> list[PriorityApproval]:
    with desk.read() as s:
        return list(
            s.scalars(
                select(PriorityApproval).where(
                    PriorityApproval.shift_id == shift_id,
                    PriorityApproval.decision == ApprovalDecision.PENDING,
                )
            )
        )


def duty_teams(desk: Desk) -> list[DutyTeam]:
    """The port's duty teams, to choose one when planning a shift."""
    with desk.read() as s:
        return list(
            s.scalars(
                select(DutyTeam)
                .where(DutyTeam.port_id == desk.port_id, ~DutyTeam.deleted)
                # English names carry the team number ("Duty team 1"); the Chinese
                # numerals (一二三四) do not sort by code point.
                .order_by(DutyTeam.name_en)
            )
        )


def current_shift(desk: Desk) -> Shift | None:
    with desk.read() as s:
        return s.scalars(
            select(Shift).where(Shift.port_id == desk.port_id, Shift.state == ShiftState.OPEN)
        ).first()


def shifts_between(desk: Desk, start: datetime, end: datetime) -> list[Shift]:
    """Shifts that overlap [start, end), by their actual times where they have them.

    A shift that opened early or ran late counts by when it really ran; an
    open shift runs until now; a planned one by its plan.
    """
    began = func.coalesce(Shift.actual_start, Shift.planned_start)
    ended = case(
        (Shift.state == ShiftState.OPEN, literal(desk.now(), UTCDateTime())),
        else_=func.coalesce(Shift.actual_end, Shift.planned_end),
    )
    with desk.read() as s:
        return list(
            s.scalars(
                select(Shift)
                .where(Shift.port_id == desk.port_id, ~Shift.deleted, began < end, ended > start)
                .order_by(began)
            )
        )


def latest_closed(desk: Desk) -> Shift | None:
    with desk.read() as s:
        return s.scalars(
            select(Shift)
            .where(Shift.port_id == desk.port_id, Shift.state == ShiftState.CLOSED, ~Shift.deleted)
            .order_by(Shift.actual_end.desc())
            .limit(1)
        ).first()
