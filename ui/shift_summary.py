"""What the close-out shows: what is still open and the shift's figures (no Qt here).

Runs on the worker, built from the core's services; the wait statistics
are the core's (percentiles per traveller category, never one average).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from db import queries
from db.enums import ApprovalDecision, LaneKind
from db.models import EmergencyPassage, PriorityApproval, Shift
from desktop_app import approvals, emergencies, queue, stats
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation

SPECIAL_KINDS = [k.value for k in LaneKind if k != LaneKind.REGULAR]


@dataclass(frozen=True)
class ShiftOverview:
    shift: Shift
    in_queue: list[queries.Clearance]
    pending: list[PriorityApproval]
    approvals: list[PriorityApproval]
    emergencies: list[EmergencyPassage]
    by_category: dict[str, stats.Summary]  # per traveller category (or subject kind), and "all"
    special_channels: dict[str, int]  # clearances per non-regular lane kind
    outcomes: Counter[str] = field(default_factory=Counter)
    joined: int = 0

    @property
    def breaches(self) -> int:
        return len(self.by_category["all"].breaches) if "all" in self.by_category else 0

    def decided(self, decision: ApprovalDecision) -> int:
        return sum(1 for a in self.approvals if a.decision == decision)


def shift_overview(desk: Desk, shift_id: uuid.UUID) -> ShiftOverview:
    with desk.read() as s:
        shift = s.get(Shift, shift_id)
    if shift is None or shift.port_id != desk.port_id:
        raise RuleViolation("shift_id", "not_found")
    start = shift.actual_start or shift.planned_start
    end = (shift.actual_end or desk.now()) + timedelta(seconds=1)
    rows = [c for c in stats.period_clearances(desk, start, end) if c.shift_id == shift.id]
    groups: dict[str, list[queries.Clearance]] = defaultdict(list)
    key = stats.GROUPINGS["traveller_category"]
    for row in rows:
        groups[key(row)].append(row)
    by_category = {name: stats.wait_summary(members) for name, members in sorted(groups.items())}
    by_category["all"] = stats.wait_summary(rows)
    special = Counter(r.lane_kind.value for r in rows if r.lane_kind != LaneKind.REGULAR)
    outcomes: Counter[str] = Counter(r.outcome.value if r.outcome else "open" for r in rows)
    shift_approvals = approvals.for_shift(desk, shift.id)
    return ShiftOverview(
        shift=shift,
        in_queue=queue.current_queue(desk),
        pending=[a for a in shift_approvals if a.decision == ApprovalDecision.PENDING],
        approvals=shift_approvals,
        emergencies=emergencies.for_shift(desk, shift.id),
        by_category=by_category,
        special_channels={k: special[k] for k in SPECIAL_KINDS if special[k]},
        outcomes=outcomes,
        joined=len(rows),
    )
