"""Taking or dismissing a line of the plan's advice: one keystroke, audited, synced.

Taking it records the officer's decision; the lane itself is opened on the
Lanes screen when it is due (advice is never applied by itself).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from db import outbox
from db.enums import AdviceChoice, ShiftState
from db.models import AdviceDecision, Shift
from desktop_app import audit, checks
from desktop_app.desk import Desk
from desktop_app.planning.advice import Advice
from desktop_app.planning.wording import advice_text


def decide(desk: Desk, *, advice: Advice, choice: AdviceChoice, by: uuid.UUID) -> AdviceDecision:
    at = desk.now()
    with desk.unit() as s:
        checks.officer(s, desk, by)
        shift = s.scalars(
            select(Shift).where(Shift.port_id == desk.port_id, Shift.state == ShiftState.OPEN)
        ).first()
        row = outbox.append(
            s,
            AdviceDecision,
            port_id=desk.port_id,
            shift_id=shift.id if shift is not None else None,
            advice_key=advice.key[:120],
            choice=choice,
            queue=advice.group.value,
            lane_code=advice.lane_code or "",
            open_by=advice.open_by,
            wave_at=advice.wave_at,
            p90_before_s=round(advice.p90_before_s),
            p90_after_s=round(advice.p90_after_s),
            text_zh=advice_text(advice, desk.port_zone, "zh"),
            text_en=advice_text(advice, desk.port_zone, "en"),
            decided_by=by,
            at=at,
        )
        audit.log(
            s,
            desk,
            action=f"advice.{choice.value}",
            by=by,
            entity="advice_decisions",
            entity_id=row.id,
            at=at,
            key=advice.key,
            lane=advice.lane_code or "",
        )
        return row


def decided(desk: Desk, since: datetime) -> dict[str, AdviceChoice]:
    """Advice keys decided since ``since`` and the choice (the Plan screen hides them)."""
    with desk.read() as s:
        rows = s.execute(
            select(AdviceDecision.advice_key, AdviceDecision.choice)
            .where(AdviceDecision.port_id == desk.port_id, AdviceDecision.at >= since)
            .order_by(AdviceDecision.at)
        )
        return {key: AdviceChoice(choice) for key, choice in rows}
