"""What the close-out shows: what is still open and the shift's figures (no Qt here).

Runs on the worker.  The figures are the shift report's own
(``desktop_app.reports.shift_figures``) as of the desk's clock: what the
deputy captain sees is what is signed when they close (the sign-off stores
the same figures as of the close).  Citizens and everyone else apart, never
one average.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass

from db import queries
from db.enums import ApprovalDecision
from db.models import EmergencyPassage, PriorityApproval, Shift
from desktop_app import approvals, emergencies, queue, service_line, stats
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation
from desktop_app.reports import shift_figures
from desktop_app.reports.figures import Figures, Headline


@dataclass(frozen=True)
class ShiftOverview:
    shift: Shift
    in_queue: list[queries.Clearance]
    pending: list[PriorityApproval]
    approvals: list[PriorityApproval]
    emergencies: list[EmergencyPassage]
    figures: Figures
    open_contacts: list[service_line.ContactLine]  # 12367: carried over until answered

    @property
    def joined(self) -> int:
        return self.figures.key.subjects

    @property
    def outcomes(self) -> Counter[str]:
        rows = self.figures.volumes["subject"]
        return Counter(
            {
                "cleared": sum(r.cleared for r in rows),
                "referred": sum(r.referred for r in rows),
                "refused": sum(r.refused for r in rows),
                "open": sum(r.unfinished for r in rows),
            }
        )

    @property
    def by_category(self) -> dict[str, stats.Summary]:
        """Waits against 30 minutes per traveller category (vehicles and trains their own)."""
        return {t.key: t.wait for t in self.figures.times}

    @property
    def headline(self) -> list[Headline]:
        """Citizens, other travellers, vehicles, trains: each against its own target."""
        return self.figures.key.headline

    @property
    def special_channels(self) -> dict[str, int]:
        return {c.kind: c.volume.joined for c in self.figures.channels}

    def decided(self, decision: ApprovalDecision) -> int:
        return sum(1 for a in self.approvals if a.decision == decision)


def shift_overview(desk: Desk, shift_id: uuid.UUID) -> ShiftOverview:
    with desk.read() as s:
        shift = s.get(Shift, shift_id)
    if shift is None or shift.port_id != desk.port_id:
        raise RuleViolation("shift_id", "not_found")
    shift_approvals = approvals.for_shift(desk, shift.id)
    return ShiftOverview(
        shift=shift,
        in_queue=queue.current_queue(desk),
        pending=[a for a in shift_approvals if a.decision == ApprovalDecision.PENDING],
        approvals=shift_approvals,
        emergencies=emergencies.for_shift(desk, shift.id),
        figures=shift_figures(desk, shift.id, as_of=desk.now()),
        open_contacts=service_line.carried_over(desk, shift.id),
    )
