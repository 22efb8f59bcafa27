"""Screen labels for the domain's closed vocabularies (``db.enums`` stores codes only).

Each enum gets its own translation context, so that the same English word
in two vocabularies ("Pending" approval, "Pending" pre-inspection) can have
two Chinese translations.  ``QT_TRANSLATE_NOOP`` marks the text for
``pyside6-lupdate``; ``label()`` translates it at display time, in whatever
language is current.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for ``pyside6-lupdate`` (which finds calls by this name) and returns it.

    The same as PySide6's own, whose stubs say it returns ``object``.
    """
    return text


# Keyed by the enum's class name: Arrival lives in a service module whose
# imports (SQLAlchemy) the start-up must not wait for.
_LABELS: dict[str, tuple[str, dict[str, str]]] = {
    "LaneKind": (
        "LaneKind",
        {
            "regular": QT_TRANSLATE_NOOP("LaneKind", "Regular"),
            "green": QT_TRANSLATE_NOOP("LaneKind", "Green channel"),
            "fast": QT_TRANSLATE_NOOP("LaneKind", "Fast lane"),
            "belt_road": QT_TRANSLATE_NOOP("LaneKind", "Belt and Road"),
            "emergency": QT_TRANSLATE_NOOP("LaneKind", "Emergency passage"),
            "priority": QT_TRANSLATE_NOOP("LaneKind", "Priority clearance"),
            "senior": QT_TRANSLATE_NOOP("LaneKind", "Over-60s lane"),
            "crew": QT_TRANSLATE_NOOP("LaneKind", "Crew lane"),
        },
    ),
    "Direction": (
        "Direction",
        {
            "entry": QT_TRANSLATE_NOOP("Direction", "Entry"),
            "exit": QT_TRANSLATE_NOOP("Direction", "Exit"),
        },
    ),
    "LaneDirection": (
        "Direction",
        {
            "entry": QT_TRANSLATE_NOOP("Direction", "Entry"),
            "exit": QT_TRANSLATE_NOOP("Direction", "Exit"),
            "both": QT_TRANSLATE_NOOP("Direction", "Both ways"),
        },
    ),
    "LaneSubjects": (
        "LaneSubjects",
        {
            "persons": QT_TRANSLATE_NOOP("LaneSubjects", "Travellers"),
            "vehicles": QT_TRANSLATE_NOOP("LaneSubjects", "Vehicles and trains"),
            "both": QT_TRANSLATE_NOOP("LaneSubjects", "Travellers and vehicles"),
        },
    ),
    "SubjectKind": (
        "SubjectKind",
        {
            "person": QT_TRANSLATE_NOOP("SubjectKind", "Traveller"),
            "vehicle": QT_TRANSLATE_NOOP("SubjectKind", "Vehicle"),
            "train": QT_TRANSLATE_NOOP("SubjectKind", "Train"),
        },
    ),
    "TravellerCategory": (
        "TravellerCategory",
        {
            "chinese_citizen": QT_TRANSLATE_NOOP("TravellerCategory", "Chinese citizen"),
            "foreign_national": QT_TRANSLATE_NOOP("TravellerCategory", "Foreign national"),
            "crew": QT_TRANSLATE_NOOP("TravellerCategory", "Crew"),
            "hk_macao_taiwan": QT_TRANSLATE_NOOP("TravellerCategory", "HK, Macao, Taiwan"),
        },
    ),
    "Role": (
        "Role",
        {
            "officer": QT_TRANSLATE_NOOP("Role", "Officer"),
            "deputy_captain": QT_TRANSLATE_NOOP("Role", "Deputy captain"),
            "captain": QT_TRANSLATE_NOOP("Role", "Captain"),
            "admin": QT_TRANSLATE_NOOP("Role", "Administrator"),
        },
    ),
    "ShiftState": (
        "ShiftState",
        {
            "planned": QT_TRANSLATE_NOOP("ShiftState", "Planned"),
            "open": QT_TRANSLATE_NOOP("ShiftState", "Open"),
            "closed": QT_TRANSLATE_NOOP("ShiftState", "Closed"),
        },
    ),
    "CheckResult": (
        "CheckResult",
        {
            "pass": QT_TRANSLATE_NOOP("CheckResult", "Pass"),
            "fail": QT_TRANSLATE_NOOP("CheckResult", "Fail"),
            "n/a": QT_TRANSLATE_NOOP("CheckResult", "Not applicable"),
        },
    ),
    "CargoCategory": (
        "CargoCategory",
        {
            "none": QT_TRANSLATE_NOOP("CargoCategory", "None"),
            "energy": QT_TRANSLATE_NOOP("CargoCategory", "Energy"),
            "livelihood": QT_TRANSLATE_NOOP("CargoCategory", "Livelihood materials"),
            "belt_road": QT_TRANSLATE_NOOP("CargoCategory", "Belt and Road project"),
            "general": QT_TRANSLATE_NOOP("CargoCategory", "General cargo"),
        },
    ),
    "ForecastSource": (
        "ForecastSource",
        {
            "hq": QT_TRANSLATE_NOOP("ForecastSource", "HQ"),
            "overseas": QT_TRANSLATE_NOOP("ForecastSource", "Overseas border authority"),
            "carrier": QT_TRANSLATE_NOOP("ForecastSource", "Carrier"),
            "manual": QT_TRANSLATE_NOOP("ForecastSource", "Entered here"),
        },
    ),
    "PreInspection": (
        "PreInspection",
        {
            "pending": QT_TRANSLATE_NOOP("PreInspection", "Pending"),
            "in_progress": QT_TRANSLATE_NOOP("PreInspection", "In progress"),
            "cleared": QT_TRANSLATE_NOOP("PreInspection", "Passed"),
            "flagged": QT_TRANSLATE_NOOP("PreInspection", "Flagged"),
        },
    ),
    "ForecastStatus": (
        "ForecastStatus",
        {
            "expected": QT_TRANSLATE_NOOP("ForecastStatus", "Expected"),
            "arrived": QT_TRANSLATE_NOOP("ForecastStatus", "Arrived"),
            "cancelled": QT_TRANSLATE_NOOP("ForecastStatus", "Cancelled"),
        },
    ),
    "Arrival": (
        "Arrival",
        {
            "expected": QT_TRANSLATE_NOOP("Arrival", "Not due yet"),
            "overdue": QT_TRANSLATE_NOOP("Arrival", "Overdue"),
            "early": QT_TRANSLATE_NOOP("Arrival", "Early"),
            "on_time": QT_TRANSLATE_NOOP("Arrival", "On time"),
            "late": QT_TRANSLATE_NOOP("Arrival", "Late"),
            "cancelled": QT_TRANSLATE_NOOP("Arrival", "Cancelled"),
        },
    ),
    "ApprovalDecision": (
        "ApprovalDecision",
        {
            "pending": QT_TRANSLATE_NOOP("ApprovalDecision", "Pending"),
            "approved": QT_TRANSLATE_NOOP("ApprovalDecision", "Approved"),
            "rejected": QT_TRANSLATE_NOOP("ApprovalDecision", "Rejected"),
        },
    ),
    "Outcome": (
        "Outcome",
        {
            "cleared": QT_TRANSLATE_NOOP("Outcome", "Cleared"),
            "referred": QT_TRANSLATE_NOOP("Outcome", "Referred"),
            "refused": QT_TRANSLATE_NOOP("Outcome", "Refused"),
        },
    ),
    "ClearanceStep": (
        "ClearanceStep",
        {
            "joined": QT_TRANSLATE_NOOP("ClearanceStep", "Joined queue"),
            "started": QT_TRANSLATE_NOOP("ClearanceStep", "Service started"),
            "finished": QT_TRANSLATE_NOOP("ClearanceStep", "Finished"),
            "void": QT_TRANSLATE_NOOP("ClearanceStep", "Undone"),
            "moved": QT_TRANSLATE_NOOP("ClearanceStep", "Moved to another lane"),
        },
    ),
    "EmergencyKind": (
        "EmergencyKind",
        {
            "altitude_sickness": QT_TRANSLATE_NOOP("EmergencyKind", "Altitude sickness"),
            "sudden_illness": QT_TRANSLATE_NOOP("EmergencyKind", "Sudden illness"),
            "injury": QT_TRANSLATE_NOOP("EmergencyKind", "Injury"),
            "other": QT_TRANSLATE_NOOP("EmergencyKind", "Other"),
        },
    ),
    "Mode": (
        "Mode",
        {
            "road": QT_TRANSLATE_NOOP("Mode", "Road"),
            "rail": QT_TRANSLATE_NOOP("Mode", "Rail"),
            "air": QT_TRANSLATE_NOOP("Mode", "Air"),
        },
    ),
    "SizeMethod": (
        "SizeMethod",
        {
            "counted": QT_TRANSLATE_NOOP("SizeMethod", "Counted"),
            "estimated": QT_TRANSLATE_NOOP("SizeMethod", "Estimated"),
        },
    ),
    "LaneGroup": (
        "LaneGroup",
        {
            "travellers_entry": QT_TRANSLATE_NOOP("LaneGroup", "Entry travellers"),
            "travellers_exit": QT_TRANSLATE_NOOP("LaneGroup", "Exit travellers"),
            "vehicles": QT_TRANSLATE_NOOP("LaneGroup", "Vehicles"),
            "rail": QT_TRANSLATE_NOOP("LaneGroup", "Trains"),
        },
    ),
    "ContactChannel": (
        "ContactChannel",
        {
            "phone_12367": QT_TRANSLATE_NOOP("ContactChannel", "12367 phone"),
            "on_site": QT_TRANSLATE_NOOP("ContactChannel", "On site"),
            "online": QT_TRANSLATE_NOOP("ContactChannel", "Online"),
        },
    ),
    "ContactKind": (
        "ContactKind",
        {
            "consultation": QT_TRANSLATE_NOOP("ContactKind", "Consultation"),
            "complaint": QT_TRANSLATE_NOOP("ContactKind", "Complaint"),
            "suggestion": QT_TRANSLATE_NOOP("ContactKind", "Suggestion"),
            "praise": QT_TRANSLATE_NOOP("ContactKind", "Praise"),
        },
    ),
    "WaitLevel": (
        "Level",
        {
            "ok": QT_TRANSLATE_NOOP("Level", "Within target"),
            "amber": QT_TRANSLATE_NOOP("Level", "Amber: open a lane"),
            "red": QT_TRANSLATE_NOOP("Level", "Red: emergency plan"),
        },
    ),
}


def label(member: Enum) -> str:
    """The translated screen label of an enum member (its code if it has none)."""
    context, texts = _LABELS[type(member).__name__]
    source = texts.get(str(member.value))
    return QCoreApplication.translate(context, source) if source else str(member.value)


def label_for_value(kind: type[Enum], value: str) -> str:
    """The label of a stored code, or the code itself when it is not one of ``kind``."""
    try:
        return label(kind(value))
    except ValueError:
        return value


def all_sources() -> list[tuple[str, str]]:
    """Every (context, source text): the i18n test checks each is translated."""
    return [(ctx, src) for ctx, texts in _LABELS.values() for src in texts.values()]
