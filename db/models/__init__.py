"""Every ORM model, importable from one place (Alembic's target metadata)."""

from db.models.audit import AuditEntry
from db.models.clearance import ClearanceEvent
from db.models.local import LocalState, OutboxEntry, PinLockout
from db.models.operations import (
    EmergencyPassage,
    Forecast,
    LaneAssignment,
    PriorityApproval,
    Shift,
    ShiftChecklistItem,
)
from db.models.reference import DutyTeam, Lane, LaneStateChange, Officer, Port
from db.models.sync import SyncBase, SyncConflict

__all__ = [
    "AuditEntry",
    "ClearanceEvent",
    "DutyTeam",
    "EmergencyPassage",
    "Forecast",
    "Lane",
    "LaneAssignment",
    "LaneStateChange",
    "LocalState",
    "Officer",
    "OutboxEntry",
    "PinLockout",
    "Port",
    "PriorityApproval",
    "Shift",
    "ShiftChecklistItem",
    "SyncBase",
    "SyncConflict",
]
