"""Shifts: plan, check, open, close out; a closed shift is read-only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from db import outbox
from db.base import UTCDateTime
from db.enums import COMMAND_ROLES, ApprovalDecision, CheckResult, ShiftState
from db.models import ChecklistOverride, DutyTeam, PriorityApproval, Shift, ShiftChecklistItem
from db.outbox import FactRow
from desktop_app import audit, checks, officers, queue, reference
from desktop_app.errors import RuleViolation

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk
    from desktop_app.port_reader import PortReader

MAX_SHIFT = timedelta(hours=24)


@checks.validated
def plan_shift(
    desk: Desk, *, team_id: uuid.UUID, planned_start: datetime, planned_end: datetime, by: uuid.UUID
) -> Shift:
    checks.aware("planned_start", planned_start)
    checks.aware("planned_end", planned_end)
    checks.order("planned_end", planned_end, after="planned_start", after_at=planned_start)
    if planned_end - planned_start > MAX_SHIFT:
        raise RuleViolation("planned_end", "out_of_range", low="start", high="start + 24 h")
    with desk.unit() as s:
        checks.officer(s, desk, by, COMMAND_ROLES)
        checks.in_port(s, desk, DutyTeam, team_id, "team_id")
        # A shift is known by its port and planned start (sync merges two desks' plans of
        # one shift into one: hq/PROTOCOL.md "Identity"), so a desk plans each start once.
        if s.scalar(
            select(Shift.id).where(
                Shift.port_id == desk.port_id, Shift.planned_start == planned_start
            )
        ):
            at = desk.local_time(planned_start).strftime("%Y-%m-%d %H:%M")
            raise RuleViolation("planned_start", "duplicate", value=at)
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


@checks.validated
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
    check_id: uuid.UUID | None = None  # the latest result's row
    override: ChecklistOverride | None = None  # a deputy captain opened over this failure

    @property
    def blocks(self) -> bool:
        """A required check that was never done, or failed with no override."""
        if not self.item.required:
            return False
        return self.result is None or (self.result == CheckResult.FAIL and self.override is None)


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


def overrides(s: Session, shift_id: uuid.UUID) -> dict[uuid.UUID, ChecklistOverride]:
    """The shift's checklist overrides, by the failed result each one overrides."""
    return {
        row.check_id: row
        for row in s.scalars(
            select(ChecklistOverride)
            .where(ChecklistOverride.shift_id == shift_id)
            .order_by(ChecklistOverride.at, ChecklistOverride.hlc)
        )
    }


def checklist_status(desk: Desk, shift_id: uuid.UUID) -> list[CheckStatus]:
    """Every checklist item of the port with its latest result for the shift."""
    with desk.read() as s:
        done = latest_checks(s, shift_id)
        overridden = overrides(s, shift_id)
    out = []
    for item in reference.checklist(reference.port_spec(desk.port_code)):
        row = done.get(item.code)
        out.append(
            CheckStatus(
                item,
                row.result if row else None,
                row.note if row else "",
                row.at if row else None,
                row.id if row else None,
                overridden.get(row.id) if row else None,
            )
        )
    return out


def override_check(
    desk: Desk,
    *,
    shift_id: uuid.UUID,
    item_code: str,
    reason: str,
    by: uuid.UUID,
    pin: str,
    at: datetime | None = None,
) -> FactRow:
    """A deputy captain takes the shift over a failed required check, with a reason.

    Signed with their PIN (as a close-out is), audited, synced and printed in
    the reports.  It covers that failed result only: a re-check that fails
    again needs a new override.
    """
    reason = checks.text("reason", reason, limit=500)
    at = checks.when(desk, "at", at)
    with desk.read() as s:  # the authority first: no PIN is asked of who may not decide
        checks.officer(s, desk, by, COMMAND_ROLES)
    officers.verify(desk, officer_id=by, pin=pin, purpose="checklist.override.sign")
    with desk.unit() as s:
        checks.officer(s, desk, by, COMMAND_ROLES)
        shift = checks.in_port(s, desk, Shift, shift_id, "shift_id")
        if shift.state != ShiftState.PLANNED:
            raise RuleViolation("shift", "shift_state", state=shift.state.value, expected="planned")
        status = next(
            (c for c in checklist_status(desk, shift.id) if c.item.code == item_code), None
        )
        if status is None or not status.blocks or status.result != CheckResult.FAIL:
            raise RuleViolation("item_code", "check_not_blocking", item=item_code)
        row = outbox.append(
            s,
            ChecklistOverride,
            port_id=desk.port_id,
            shift_id=shift.id,
            check_id=status.check_id,
            item_code=item_code,
            reason=reason,
            officer_id=by,
            at=at,
        )
        audit.log(
            s,
            desk,
            action="checklist.overridden",
            by=by,
            entity="shift_checklist_items",
            entity_id=status.check_id,
            at=at,
            item=item_code,
            reason=reason,
        )
        return row


@checks.validated
def open_shift(
    desk: Desk, *, shift_id: uuid.UUID, by: uuid.UUID, at: datetime | None = None
) -> Shift:
    """Open a planned shift: no other shift open, every required check passed (or a failure
    overridden by a deputy captain with a reason)."""
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        status = checklist_status(desk, shift_id)  # in the unit: what the audit says held
        missing = [c.item.code for c in status if c.blocks and c.result is None]
        failed = [c.item.code for c in status if c.blocks and c.result is not None]
        overridden = [c.item.code for c in status if c.override is not None]
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
        if failed:
            raise RuleViolation("checklist", "checklist_failed", failed=", ".join(failed))
        shift.state, shift.actual_start, shift.opened_by = ShiftState.OPEN, at, by
        audit.log(
            s,
            desk,
            action="shift.opened",
            by=by,
            entity="shifts",
            entity_id=shift.id,
            at=at,
            **({"overridden": overridden} if overridden else {}),
        )
        return shift


@checks.validated
def set_handover_notes(desk: Desk, *, shift_id: uuid.UUID, notes: str, by: uuid.UUID) -> Shift:
    notes = checks.text("handover_notes", notes, limit=4000, required=False)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        shift = checks.in_port(s, desk, Shift, shift_id, "shift_id")
        checks.not_closed(shift)
        shift.handover_notes = notes
        return shift


@checks.validated
def close_shift(
    desk: Desk,
    *,
    shift_id: uuid.UUID,
    by: uuid.UUID,
    pin: str,
    handover_notes: str,
    at: datetime | None = None,
) -> Shift:
    """Close out a shift, signed with the closing officer's PIN; it is read-only after.

    The shift report's data as of the close is stored with it (a ``ShiftSignoff``):
    the signed report never changes; a later correction makes an amended one.
    """
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
        # What the deputy captain signs: the report's data as of this close, stored
        # with the close (imported here: the reports read this module).
        from desktop_app.reports import signoff

        signoff.sign(desk, s, shift, by=by, at=at)
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


def latest_closed(desk: PortReader) -> Shift | None:
    with desk.read() as s:
        return s.scalars(
            select(Shift)
            .where(Shift.port_id == desk.port_id, Shift.state == ShiftState.CLOSED, ~Shift.deleted)
            .order_by(Shift.actual_end.desc())
            .limit(1)
        ).first()
