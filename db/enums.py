"""Closed vocabularies of the domain (see docs/glossary.md).

Values are stored as these lowercase strings on both engines; labels for the
screen and the reports live with the UI and report code, not here.
"""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    ROAD = "road"
    RAIL = "rail"
    AIR = "air"


class Direction(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class LaneDirection(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"
    BOTH = "both"


class LaneKind(StrEnum):
    REGULAR = "regular"
    GREEN = "green"  # green channel
    FAST = "fast"  # energy vehicles, livelihood materials
    BELT_ROAD = "belt_road"  # Belt and Road project enterprises, staff, vehicles
    EMERGENCY = "emergency"  # altitude sickness, sudden illness
    PRIORITY = "priority"  # needs an approved priority clearance
    SENIOR = "senior"  # travellers over 60 (Khunjerab)
    CREW = "crew"  # air and rail crew


class LaneSubjects(StrEnum):
    PERSONS = "persons"
    VEHICLES = "vehicles"
    BOTH = "both"


class SubjectKind(StrEnum):
    PERSON = "person"
    VEHICLE = "vehicle"
    TRAIN = "train"


class TravellerCategory(StrEnum):
    CHINESE_CITIZEN = "chinese_citizen"
    FOREIGN_NATIONAL = "foreign_national"
    CREW = "crew"
    HK_MACAO_TAIWAN = "hk_macao_taiwan"


class Role(StrEnum):
    OFFICER = "officer"
    DEPUTY_CAPTAIN = "deputy_captain"
    CAPTAIN = "captain"
    ADMIN = "admin"


# Roles whose authority covers approving priority clearance and closing a
# shift ("the approval authority of priority clearance is strictly managed").
COMMAND_ROLES = frozenset({Role.DEPUTY_CAPTAIN, Role.CAPTAIN, Role.ADMIN})


class ShiftState(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class PortStatus(StrEnum):
    """A port's status on HQ's calendar (``db.models.port_calendar``)."""

    OPEN = "open"
    SUSPENDED = "suspended"  # closed from its first to its last date (either may be open-ended)
    SEASONAL = "seasonal"  # open only from its first to its last date


class CheckResult(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"


class CargoCategory(StrEnum):
    NONE = "none"
    ENERGY = "energy"
    LIVELIHOOD = "livelihood"
    BELT_ROAD = "belt_road"
    GENERAL = "general"


class ForecastSource(StrEnum):
    HQ = "hq"
    OVERSEAS = "overseas"  # overseas border authority
    CARRIER = "carrier"
    MANUAL = "manual"


class PreInspection(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    CLEARED = "cleared"
    FLAGGED = "flagged"


class SizeMethod(StrEnum):
    """How the actual size of an arrived group was found."""

    COUNTED = "counted"
    ESTIMATED = "estimated"


class ForecastStatus(StrEnum):
    EXPECTED = "expected"
    ARRIVED = "arrived"
    CANCELLED = "cancelled"


class ApprovalDecision(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ClearanceStep(StrEnum):
    JOINED = "joined"  # joined the queue
    STARTED = "started"  # service started at the desk
    FINISHED = "finished"  # left the desk with an outcome
    VOID = "void"  # a correction that cancels the event it supersedes
    # Sent on to another lane while waiting; the wait runs on from the join.
    MOVED = "moved"


class Outcome(StrEnum):
    CLEARED = "cleared"
    REFERRED = "referred"
    REFUSED = "refused"


class EmergencyKind(StrEnum):
    ALTITUDE_SICKNESS = "altitude_sickness"
    SUDDEN_ILLNESS = "sudden_illness"
    INJURY = "injury"
    OTHER = "other"


class WaitLevel(StrEnum):
    """The longest wait against the early-warning thresholds of the 30-minute target."""

    OK = "ok"
    AMBER = "amber"  # 15 minutes: open more lanes
    RED = "red"  # 25 minutes: start the emergency plan


class LaneGroup(StrEnum):
    """Queues an alert watches apart: a train or a truck queue is not the travellers' queue."""

    TRAVELLERS_ENTRY = "travellers_entry"
    TRAVELLERS_EXIT = "travellers_exit"
    VEHICLES = "vehicles"
    RAIL = "rail"


class AlertKind(StrEnum):
    STARTED = "started"  # the longest wait of a lane group reached amber
    LEVEL = "level"  # it changed level (amber, red, or back below amber for a while)
    ENDED = "ended"  # it stayed below amber long enough: the wave is over
    ACKNOWLEDGED = "acknowledged"  # an officer saw it and says what was done


class ContactChannel(StrEnum):
    """How a member of the public reached the post (the 12367 service line's log)."""

    PHONE_12367 = "phone_12367"
    ON_SITE = "on_site"
    ONLINE = "online"


class ContactKind(StrEnum):
    CONSULTATION = "consultation"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    PRAISE = "praise"


class DutyAction(StrEnum):
    """A step of an officer's duty in a shift (``db.models.DutyPosting``)."""

    ON_DUTY = "on_duty"  # came on duty (no lane yet)
    LANE = "lane"  # works this lane from now (moved here, if on another before)
    OFF_LANE = "off_lane"  # left the lane, still on duty
    OFF_DUTY = "off_duty"  # went off duty


class AdviceChoice(StrEnum):
    """What an officer did with a line of the plan's advice."""

    TAKEN = "taken"
    DISMISSED = "dismissed"
