"""Which data a report is built from: the signed close-out, an amendment, or "as of" a time.

No ReportLab here: screens (the close-out, the reports screen) read the same
figures as the PDFs without loading the layout.

* A closed shift: what the deputy captain signed at close-out
  (``signoff.signed``), or, as it stands, that with any correction recorded
  since (an amended report).  A shift closed before sign-offs existed is read
  as of its close.
* An open shift, or a day: as of ``as_of`` (default: the desk's clock).  A day
  that is over and whose shifts are all closed is read as of the moment it
  became final, whatever ``as_of`` says later.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from desktop_app.port_reader import PortReader
from desktop_app.reports import signoff, snapshot
from desktop_app.reports.figures import Figures, compute

# Which version of a closed shift's report: as it stands (amended if a correction
# was recorded after the close), or as signed at close-out.
Version = Literal["current", "signed"]


def shift_data(
    desk: PortReader,
    shift_id: uuid.UUID,
    *,
    as_of: datetime | None = None,
    version: Version = "current",
) -> tuple[snapshot.Snapshot, str | None]:
    """The shift report's snapshot and the signed data hash (None: no sign-off)."""
    sig = signoff.signed(desk, shift_id)
    if sig is None:
        return snapshot.load_shift(desk, shift_id, as_of=as_of or desk.now()), None
    if version == "signed":
        return sig.snapshot, sig.short_hash
    return signoff.amended(desk, shift_id, sig) or sig.snapshot, sig.short_hash


def shift_snapshot(
    desk: PortReader,
    shift_id: uuid.UUID,
    *,
    as_of: datetime | None = None,
    version: Version = "current",
) -> snapshot.Snapshot:
    return shift_data(desk, shift_id, as_of=as_of, version=version)[0]


def day_snapshot(
    desk: PortReader, day: date, *, as_of: datetime | None = None
) -> snapshot.Snapshot:
    return snapshot.load_day(desk, day, as_of=as_of or desk.now())


def shift_figures(
    desk: PortReader,
    shift_id: uuid.UUID,
    *,
    as_of: datetime | None = None,
    version: Version = "current",
) -> Figures:
    """The shift report's statistics, for a screen that shows them without a PDF."""
    return compute(shift_snapshot(desk, shift_id, as_of=as_of, version=version))


def daily_figures(desk: PortReader, day: date, *, as_of: datetime | None = None) -> Figures:
    """The daily report's statistics for the port's local calendar day."""
    return compute(day_snapshot(desk, day, as_of=as_of))
