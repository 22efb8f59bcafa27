"""Closed vocabularies of the domain (see shared/domain/GLOSSARY.md).

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


class Outcome(StrEnum):
    CLEARED = "cleared"
    REFERRED = "referred"
    REFUSED = "refused"


class EmergencyKind(StrEnum):
    ALTITUDE_SICKNESS = "altitude_sickness"
    SUDDEN_ILLNESS = "sudden_illness"
    INJURY = "injury"
    OTHER = "other"
