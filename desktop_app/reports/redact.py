"""The redacted variant of a report, for copies that leave the post: references masked.

``E48200070`` → ``E482****70``: the first four and last two characters kept
(fewer of a short reference, none of one of four or less), so an officer
holding the full record can still match a line, and a reader of the copy
cannot tell whose crossing it was.  Every traveller reference a report
prints goes through here (clearances, forecasts, emergency passages, priority
approvals, an
amended report's changes); names of officers are not masked (they sign the
report), nor free text (handover notes, reasons: officers are asked to keep
references out of them, docs/security.md).
"""

from __future__ import annotations

import dataclasses

from desktop_app.reports.snapshot import Snapshot


def mask(reference: str) -> str:
    n = len(reference)
    if n <= 4:
        return "*" * n
    head = 4 if n >= 10 else max(1, n // 3)
    tail = 2 if n >= 8 else 1
    return reference[:head] + "*" * (n - head - tail) + reference[n - tail :]


def redacted(data: Snapshot) -> Snapshot:
    """``data`` with every traveller reference masked."""
    changes_masked = {"added", "removed"}  # these carry the reference as their value
    amendment = data.amendment
    if amendment is not None:
        amendment = dataclasses.replace(
            amendment,
            changes=tuple(
                dataclasses.replace(
                    c,
                    reference=mask(c.reference),
                    signed=mask(c.signed) if c.field in changes_masked else c.signed,
                    amended=mask(c.amended) if c.field in changes_masked else c.amended,
                )
                for c in amendment.changes
            ),
            corrections=tuple(
                dataclasses.replace(c, reference=mask(c.reference)) for c in amendment.corrections
            ),
        )
    return dataclasses.replace(
        data,
        clearances=tuple(
            dataclasses.replace(c, reference=mask(c.reference)) for c in data.clearances
        ),
        forecasts=tuple(
            dataclasses.replace(f, reference=mask(f.reference)) for f in data.forecasts
        ),
        emergencies=tuple(
            dataclasses.replace(e, subject_ref=mask(e.subject_ref)) for e in data.emergencies
        ),
        approvals=tuple(
            dataclasses.replace(a, subject_ref=mask(a.subject_ref)) for a in data.approvals
        ),
        amendment=amendment,
    )
