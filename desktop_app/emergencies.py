"""Emergency passage: altitude sickness or sudden illness, recorded in two keystrokes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from db.enums import EmergencyKind, LaneKind
from db.models import EmergencyPassage, Lane, Shift
from desktop_app import audit, checks

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk


def emergency_lane(desk: Desk) -> Lane | None:
    with desk.read() as s:
        return s.scalars(
            select(Lane).where(Lane.port_id == desk.port_id, Lane.kind == LaneKind.EMERGENCY)
        ).first()


@checks.validated
def record(
    desk: Desk,
    *,
    kind: EmergencyKind,
    by: uuid.UUID,
    subject_ref: str = "",
    action_taken: str = "",
    lane_id: uuid.UUID | None = None,
    at: datetime | None = None,
) -> EmergencyPassage:
    """Record an emergency now; details can follow while the shift is open."""
    subject_ref = checks.text("subject_ref", subject_ref, limit=40, required=False)
    action_taken = checks.text("action_taken", action_taken, limit=2000, required=False)
    at = checks.when(desk, "at", at)
    with desk.unit() as s:
        if lane_id is None:  # the port's emergency passage (desk.read joins this unit)
            lane = emergency_lane(desk)
            lane_id = lane.id if lane else None
        checks.officer(s, desk, by)
        if lane_id is not None:
            checks.in_port(s, desk, Lane, lane_id, "lane_id")
        shift = checks.open_shift(s, desk, at)
        passage = EmergencyPassage(
            port_id=desk.port_id,
            shift_id=shift.id,
            lane_id=lane_id,
            kind=kind,
            subject_ref=subject_ref,
            at=at,
            recorded_by=by,
            action_taken=action_taken,
        )
        s.add(passage)
        s.flush()
        audit.log(
            s,
            desk,
            action="emergency.recorded",
            by=by,
            entity="emergency_passages",
            entity_id=passage.id,
            at=at,
            kind=kind.value,
        )
        return passage


@checks.validated
def update(
    desk: Desk,
    *,
    passage_id: uuid.UUID,
    by: uuid.UUID,
    action_taken: str | None = None,
    outcome: str | None = None,
    subject_ref: str | None = None,
) -> EmergencyPassage:
    with desk.unit() as s:
        checks.officer(s, desk, by)
        passage = checks.in_port(s, desk, EmergencyPassage, passage_id, "passage_id")
        shift = s.get(Shift, passage.shift_id)
        assert shift is not None
        checks.not_closed(shift)
        if action_taken is not None:
            passage.action_taken = checks.text(
                "action_taken", action_taken, limit=2000, required=False
            )
        if outcome is not None:
            passage.outcome = checks.text("outcome", outcome, limit=2000, required=False)
        if subject_ref is not None:
            passage.subject_ref = checks.text("subject_ref", subject_ref, limit=40, required=False)
        audit.log(
            s,
            desk,
            action="emergency.updated",
            by=by,
            entity="emergency_passages",
            entity_id=passage.id,
        )
        return passage


def for_shift(desk: Desk, shift_id: uuid.UUID) -> list[EmergencyPassage]:
    with desk.read() as s:
        return list(
            s.scalars(
                select(EmergencyPassage)
                .where(EmergencyPassage.shift_id == shift_id)
                .order_by(EmergencyPassage.at)
            )
        )
