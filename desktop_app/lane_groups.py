"""Lane groups: which queues an alert watches together, and which lanes serve them.

Travellers are watched by direction (entry and exit queues are different
halls), vehicles together, trains apart: a train queue on the rail tracks or
a truck queue must not set off the travellers' alert.
"""

from __future__ import annotations

from db.enums import Direction, LaneDirection, LaneGroup, LaneSubjects, SubjectKind

# Rail inspection tracks; the reference lane sets name them so (resources/reference/lanes.json).
RAIL_TRACK_PREFIX = "R-"


def is_rail_track(lane_code: str) -> bool:
    return lane_code.startswith(RAIL_TRACK_PREFIX)


def group_of(subject_kind: SubjectKind, direction: Direction, lane_code: str) -> LaneGroup:
    """The group a waiting subject counts in: by what it is, and the lane it waits at."""
    if subject_kind == SubjectKind.TRAIN or is_rail_track(lane_code):
        return LaneGroup.RAIL
    if subject_kind == SubjectKind.VEHICLE:
        return LaneGroup.VEHICLES
    if direction == Direction.ENTRY:
        return LaneGroup.TRAVELLERS_ENTRY
    return LaneGroup.TRAVELLERS_EXIT


def groups_served(
    lane_code: str, subjects: LaneSubjects, direction: LaneDirection
) -> set[LaneGroup]:
    """The groups whose queue a lane takes subjects from (opening it answers their alert)."""
    if is_rail_track(lane_code):
        return {LaneGroup.RAIL}
    served: set[LaneGroup] = set()
    if subjects in (LaneSubjects.VEHICLES, LaneSubjects.BOTH):
        served.add(LaneGroup.VEHICLES)
    if subjects in (LaneSubjects.PERSONS, LaneSubjects.BOTH):
        if direction in (LaneDirection.ENTRY, LaneDirection.BOTH):
            served.add(LaneGroup.TRAVELLERS_ENTRY)
        if direction in (LaneDirection.EXIT, LaneDirection.BOTH):
            served.add(LaneGroup.TRAVELLERS_EXIT)
    return served
