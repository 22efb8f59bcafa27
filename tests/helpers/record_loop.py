"""Child process for the durability test: record clearances until killed.

Prints one line per step *after* the service returned, i.e. after the commit:
``<clearance_id> <step>``.  Whatever it printed must survive a SIGKILL.
"""

from __future__ import annotations

import sys
from pathlib import Path

from db.enums import Outcome, SubjectKind, TravellerCategory
from desktop_app import clearance, lanes, officers
from desktop_app.desk import Desk


def main(data_dir: str, badge: str, prefix: str) -> None:
    desk = Desk.open(Path(data_dir))
    officer = next(o for o in officers.roster(desk) if o.badge_no == badge)
    lane = lanes.lane_by_code(desk, "P-IN-1")
    n = 0
    while True:
        n += 1
        event = clearance.join_queue(
            desk,
            lane_id=lane.id,
            reference=f"{prefix}{n:06d}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.FOREIGN_NATIONAL,
            by=officer.id,
        )
        print(f"{event.clearance_id} joined", flush=True)
        if n % 2 == 0:  # half of them go through the desk too: three kinds of commit
            clearance.start_service(desk, clearance_id=event.clearance_id, by=officer.id)
            print(f"{event.clearance_id} started", flush=True)
            clearance.finish(
                desk, clearance_id=event.clearance_id, outcome=Outcome.CLEARED, by=officer.id
            )
            print(f"{event.clearance_id} finished", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
