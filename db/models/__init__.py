"""Every ORM model, importable from one place (Alembic's target metadata)."""

from db.models.alerts import QueueAlert
from db.models.audit import AuditEntry
from db.models.clearance import ClearanceEvent
from db.models.local import LocalState, OutboxEntry, PinLockout
from db.models.operations import (
    ChecklistOverride,
    EmergencyPassage,
    Forecast,
    LaneAssignment,
    PriorityApproval,
    Shift,
    ShiftChecklistItem,
    ShiftSignoff,
)
from db.models.planning import AdviceDecision, DutyPosting
from db.models.port_calendar import PortCalendar
from db.models.reference import DutyTeam, Lane, LaneStateChange, Officer, Port
from db.models.service_line import ServiceContact, ServiceContactReply
from db.models.sync import SyncAlias, SyncBase, SyncConflict, SyncHeld

__all__ = [
    "AdviceDecision",
    "AuditEntry",
    "ChecklistOverride",
    "ClearanceEvent",
    "DutyPosting",
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
    "PortCalendar",
    "PriorityApproval",
    "QueueAlert",
    "ServiceContact",
    "ServiceContactReply",
    "Shift",
    "ShiftChecklistItem",
    "ShiftSignoff",
    "SyncAlias",
    "SyncBase",
    "SyncConflict",
    "SyncHeld",
]
