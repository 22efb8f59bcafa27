"""The sync panel's conflict list: every version that lost a conflict at HQ, newest first.

One row per losing version (``desktop_app.sync.ConflictView``): when HQ
decided it, the record (its kind and what an officer calls it: a forecast's
reference, a lane's code), the fields that lost, what was kept and what was
lost, who won and by which rule.  Values arrive in their JSON forms and are
shown as the screens show them (labels, times in the port's zone, officers'
names); a PIN hash is never shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont

from db.enums import (
    ApprovalDecision,
    CargoCategory,
    Direction,
    EmergencyKind,
    ForecastSource,
    ForecastStatus,
    LaneDirection,
    LaneKind,
    LaneSubjects,
    Mode,
    PreInspection,
    Role,
    ShiftState,
)
from desktop_app import lanes, officers, shifts
from desktop_app.desk import Desk
from ui import look
from ui.labels import QT_TRANSLATE_NOOP, label_for_value
from ui.models.base import RowTableModel, SortRole

if TYPE_CHECKING:
    from desktop_app.sync.state import ConflictView

Pick = Callable[[str, str], str]  # (Chinese, English) → the current language's

_ENTITIES = {
    "forecasts": QT_TRANSLATE_NOOP("SyncEntity", "Forecast"),
    "lanes": QT_TRANSLATE_NOOP("SyncEntity", "Lane"),
    "shifts": QT_TRANSLATE_NOOP("SyncEntity", "Shift"),
    "officers": QT_TRANSLATE_NOOP("SyncEntity", "Officer"),
    "duty_teams": QT_TRANSLATE_NOOP("SyncEntity", "Duty team"),
    "priority_approvals": QT_TRANSLATE_NOOP("SyncEntity", "Priority approval"),
    "emergency_passages": QT_TRANSLATE_NOOP("SyncEntity", "Emergency passage"),
    "ports": QT_TRANSLATE_NOOP("SyncEntity", "Port"),
    "clearance_events": QT_TRANSLATE_NOOP("SyncEntity", "Clearance step"),
    "audit_entries": QT_TRANSLATE_NOOP("SyncEntity", "Audit entry"),
    "lane_assignments": QT_TRANSLATE_NOOP("SyncEntity", "Lane assignment"),
    "lane_state_changes": QT_TRANSLATE_NOOP("SyncEntity", "Lane opened or closed"),
    "shift_checklist_items": QT_TRANSLATE_NOOP("SyncEntity", "Checklist result"),
}

# Field names as the screens call them (one context: a name means the same everywhere).
_FIELDS = {
    "mode": QT_TRANSLATE_NOOP("SyncField", "Mode"),
    "reference": QT_TRANSLATE_NOOP("SyncField", "Reference"),
    "carrier": QT_TRANSLATE_NOOP("SyncField", "Carrier"),
    "direction": QT_TRANSLATE_NOOP("SyncField", "Direction"),
    "expected_at": QT_TRANSLATE_NOOP("SyncField", "Expected at"),
    "expected_travellers": QT_TRANSLATE_NOOP("SyncField", "Expected travellers"),
    "expected_vehicles": QT_TRANSLATE_NOOP("SyncField", "Expected vehicles"),
    "cargo": QT_TRANSLATE_NOOP("SyncField", "Cargo"),
    "source": QT_TRANSLATE_NOOP("SyncField", "Source"),
    "preinspection": QT_TRANSLATE_NOOP("SyncField", "Pre-inspection"),
    "status": QT_TRANSLATE_NOOP("SyncField", "Status"),
    "arrived_at": QT_TRANSLATE_NOOP("SyncField", "Arrived at"),
    "notes": QT_TRANSLATE_NOOP("SyncField", "Notes"),
    "deleted": QT_TRANSLATE_NOOP("SyncField", "Deleted"),
    "code": QT_TRANSLATE_NOOP("SyncField", "Code"),
    "name_zh": QT_TRANSLATE_NOOP("SyncField", "Name (Chinese)"),
    "name_en": QT_TRANSLATE_NOOP("SyncField", "Name (English)"),
    "kind": QT_TRANSLATE_NOOP("SyncField", "Kind"),
    "subjects": QT_TRANSLATE_NOOP("SyncField", "Takes"),
    "is_open": QT_TRANSLATE_NOOP("SyncField", "Open"),
    "position": QT_TRANSLATE_NOOP("SyncField", "Position"),
    "capacity_per_hour": QT_TRANSLATE_NOOP("SyncField", "Capacity per hour"),
    "badge_no": QT_TRANSLATE_NOOP("SyncField", "Badge"),
    "name": QT_TRANSLATE_NOOP("SyncField", "Name"),
    "role": QT_TRANSLATE_NOOP("SyncField", "Role"),
    "pin_hash": QT_TRANSLATE_NOOP("SyncField", "PIN"),
    "active": QT_TRANSLATE_NOOP("SyncField", "Active"),
    "team_id": QT_TRANSLATE_NOOP("SyncField", "Duty team"),
    "planned_start": QT_TRANSLATE_NOOP("SyncField", "Planned start"),
    "planned_end": QT_TRANSLATE_NOOP("SyncField", "Planned end"),
    "actual_start": QT_TRANSLATE_NOOP("SyncField", "Opened at"),
    "actual_end": QT_TRANSLATE_NOOP("SyncField", "Closed at"),
    "opened_by": QT_TRANSLATE_NOOP("SyncField", "Opened by"),
    "closed_by": QT_TRANSLATE_NOOP("SyncField", "Closed by"),
    "state": QT_TRANSLATE_NOOP("SyncField", "State"),
    "handover_notes": QT_TRANSLATE_NOOP("SyncField", "Handover notes"),
    "shift_id": QT_TRANSLATE_NOOP("SyncField", "Shift"),
    "lane_id": QT_TRANSLATE_NOOP("SyncField", "Lane"),
    "forecast_id": QT_TRANSLATE_NOOP("SyncField", "Forecast"),
    "subject_ref": QT_TRANSLATE_NOOP("SyncField", "Subject"),
    "at": QT_TRANSLATE_NOOP("SyncField", "Time"),
    "recorded_by": QT_TRANSLATE_NOOP("SyncField", "Recorded by"),
    "action_taken": QT_TRANSLATE_NOOP("SyncField", "Action taken"),
    "outcome": QT_TRANSLATE_NOOP("SyncField", "Outcome"),
    "reason": QT_TRANSLATE_NOOP("SyncField", "Reason"),
    "requested_by": QT_TRANSLATE_NOOP("SyncField", "Requested by"),
    "requested_at": QT_TRANSLATE_NOOP("SyncField", "Requested at"),
    "decision": QT_TRANSLATE_NOOP("SyncField", "Decision"),
    "decided_by": QT_TRANSLATE_NOOP("SyncField", "Decided by"),
    "decided_at": QT_TRANSLATE_NOOP("SyncField", "Decided at"),
    "decision_note": QT_TRANSLATE_NOOP("SyncField", "Decision note"),
    "version": QT_TRANSLATE_NOOP("SyncField", "Version"),
    "updated_at": QT_TRANSLATE_NOOP("SyncField", "Saved at"),
}

_RULES = {
    "owner_hq": QT_TRANSLATE_NOOP("SyncRule", "HQ owns them"),
    "owner_post": QT_TRANSLATE_NOOP("SyncRule", "The post owns them"),
    "last_writer": QT_TRANSLATE_NOOP("SyncRule", "Later edit wins"),
    "closed_shift": QT_TRANSLATE_NOOP("SyncRule", "Closed shift is final"),
    "identity": QT_TRANSLATE_NOOP(
        "SyncRule", "Entered at two desks: merged into one, later edit wins"
    ),
}

# Coded fields, per record kind: shown with the screens' labels.
_ENUMS: dict[str, dict[str, type[Enum]]] = {
    "forecasts": {
        "mode": Mode,
        "direction": Direction,
        "cargo": CargoCategory,
        "source": ForecastSource,
        "preinspection": PreInspection,
        "status": ForecastStatus,
    },
    "lanes": {"kind": LaneKind, "direction": LaneDirection, "subjects": LaneSubjects},
    "shifts": {"state": ShiftState},
    "officers": {"role": Role},
    "priority_approvals": {"decision": ApprovalDecision},
    "emergency_passages": {"kind": EmergencyKind},
}
_TIMES = frozenset(
    {"planned_start", "planned_end", "actual_start", "actual_end", "at", "updated_at"}
)
_SECRET = frozenset({"pin_hash"})
# Shown in the details after the data fields; the other sync columns
# (desktop_app.protocol.rules.META) are not.
_DETAIL_META = ("version", "updated_at")
_HIDDEN = frozenset({"id", "origin_device", "port_id", "hlc"})


class Winner(StrEnum):
    HQ = "hq"
    THIS_DESK = "this_desk"
    OTHER_DESK = "other_desk"
    POST = "post"  # a desk of this post, its version merged and stamped by HQ


def winner(conflict: ConflictView, device_id: str) -> Winner:
    """Who won: HQ, this desk, another desk, or the post (merged at HQ)."""
    from desktop_app.protocol import rules  # loaded by the worker by the time conflicts exist

    won_by = conflict.winning_writer
    if conflict.won_here or won_by == device_id:
        return Winner.THIS_DESK
    if rules.side_of(won_by) == rules.Side.POST:
        return Winner.OTHER_DESK
    # HQ stamped the version that was kept.  If HQ's own version lost, HQ only
    # merged: a desk of the post won (not this one: its snapshots say so).
    if rules.side_of(conflict.losing_writer) == rules.Side.HQ:
        return Winner.POST
    return Winner.HQ


@dataclass(frozen=True)
class ConflictRow:
    conflict: ConflictView
    # Ids that appear in the versions → (Chinese, English) names: officers, lanes, teams.
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def load_conflicts(desk: Desk, limit: int = 200) -> list[ConflictRow]:
    """Runs on the worker: the newest conflicts, with the names of what their versions refer to."""
    from desktop_app.sync import conflicts

    found = conflicts(desk, limit=limit)
    if not found:
        return []
    names: dict[str, tuple[str, str]] = {}
    for officer in officers.roster(desk, include_inactive=True):
        text = f"{officer.name} ({officer.badge_no})"
        names[str(officer.id)] = (text, text)
    for lane in lanes.lanes(desk):
        names[str(lane.id)] = (lane.code, lane.code)
    for team in shifts.duty_teams(desk):
        names[str(team.id)] = (team.name_zh, team.name_en)
    return [ConflictRow(c, names) for c in found]


def entity_text(entity: str) -> str:
    source = _ENTITIES.get(entity)
    return QCoreApplication.translate("SyncEntity", source) if source else entity


def field_text(name: str) -> str:
    source = _FIELDS.get(name)
    return QCoreApplication.translate("SyncField", source) if source else name


def rule_text(rule: str) -> str:
    parts = [p for p in rule.split(",") if p]
    return "; ".join(
        QCoreApplication.translate("SyncRule", _RULES[p]) if p in _RULES else p for p in parts
    )


def winner_text(who: Winner) -> str:
    return {
        Winner.HQ: QCoreApplication.translate("ConflictModel", "HQ"),
        Winner.THIS_DESK: QCoreApplication.translate("ConflictModel", "This desk"),
        Winner.OTHER_DESK: QCoreApplication.translate("ConflictModel", "Another desk"),
        Winner.POST: QCoreApplication.translate("ConflictModel", "This post"),
    }[who]


def _as_time(value: Any) -> datetime | None:
    if isinstance(value, str) and len(value) >= 16:
        try:
            at = datetime.fromisoformat(value)
        except ValueError:
            return None
        return at if at.tzinfo is not None else None
    return None


def value_text(
    entity: str,
    name: str,
    value: Any,
    *,
    zone: Any,
    names: Mapping[str, tuple[str, str]] | None = None,
    pick: Pick | None = None,
    short: bool = False,
) -> str:
    """A value in its JSON form as the screens show it (``short``: times without the year)."""
    if name in _SECRET:
        return QCoreApplication.translate("ConflictModel", "(not shown)")
    if value is None:
        return "–"
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("ConflictModel", "yes")
            if value
            else QCoreApplication.translate("ConflictModel", "no")
        )
    kind = _ENUMS.get(entity, {}).get(name)
    if kind is not None:
        return label_for_value(kind, str(value))
    if name in _TIMES or name.endswith("_at"):
        at = _as_time(value)
        if at is not None:
            return look.short_date_time(at, zone) if short else look.date_time(at, zone)
    if isinstance(value, str) and names and (name.endswith(("_id", "_by"))):
        known = names.get(value) or names.get(_dashed(value))
        if known is not None:
            return (pick or (lambda zh, en: zh))(*known)
    if value == "":
        return QCoreApplication.translate("ConflictModel", "(empty)")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _dashed(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value


def record_text(row: ConflictRow, *, zone: Any, pick: Pick) -> str:
    """The record's kind and what an officer calls it: 'Forecast KG-7', 'Lane P-IN-1'."""
    c = row.conflict
    version = c.winning or c.losing
    kind = entity_text(c.entity)
    entity = c.entity
    described = ""
    if entity == "forecasts":
        described = str(version.get("reference", ""))
    elif entity == "lanes":
        described = str(version.get("code", ""))
    elif entity == "shifts":
        at = _as_time(version.get("planned_start"))
        team = row.names.get(str(version.get("team_id")))
        described = " ".join(
            p for p in (pick(*team) if team else "", look.short_date_time(at, zone)) if p
        )
    elif entity == "officers":
        described = f"{version.get('name', '')} ({version.get('badge_no', '')})"
    elif entity == "duty_teams":
        described = pick(str(version.get("name_zh", "")), str(version.get("name_en", "")))
    elif entity == "priority_approvals":
        described = str(version.get("subject_ref", ""))
    elif entity == "emergency_passages":
        kind_label = value_text(entity, "kind", version.get("kind"), zone=zone)
        described = " ".join(p for p in (kind_label, str(version.get("subject_ref", ""))) if p)
    if not described.strip():
        described = str(c.record_id)[:8]
    return f"{kind} {described}"


def lost_fields(conflict: ConflictView) -> list[str]:
    """The fields that lost, in the record's own column order (status before arrived at)."""
    order = {name: i for i, name in enumerate(conflict.losing)}
    return sorted(conflict.fields, key=lambda name: (order.get(name, len(order)), name))


def detail_fields(conflict: ConflictView) -> list[str]:
    """The losing version's fields for the details: data fields first, then version and time."""
    data = [name for name in conflict.losing if name not in _HIDDEN and name not in _DETAIL_META]
    lost_first = [n for n in lost_fields(conflict) if n in data] + [
        n for n in data if n not in conflict.fields
    ]
    return lost_first + [n for n in _DETAIL_META if n in conflict.losing]


class ConflictModel(RowTableModel[ConflictRow]):
    """Vorta's pattern: named columns, raw values under ``SortRole``; newest first as loaded."""

    COL_WHEN = 0
    COL_RECORD = 1
    COL_FIELDS = 2
    COL_KEPT = 3
    COL_LOST = 4
    COL_WINNER = 5
    COL_RULE = 6
    COLUMNS = tuple(range(7))
    CELL_CHARS = 30  # a long note is cut in the list; the details show it whole

    def __init__(
        self,
        zone: Callable[[], Any],
        pick: Pick,
        device_id: Callable[[], str],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._zone = zone
        self._pick = pick
        self._device_id = device_id

    def header(self, column: int) -> str:
        return [
            QCoreApplication.translate("ConflictModel", "When"),
            QCoreApplication.translate("ConflictModel", "Record"),
            QCoreApplication.translate("ConflictModel", "Fields"),
            QCoreApplication.translate("ConflictModel", "Kept"),
            QCoreApplication.translate("ConflictModel", "Lost"),
            QCoreApplication.translate("ConflictModel", "Won by"),
            QCoreApplication.translate("ConflictModel", "Rule"),
        ][column]

    def key(self, row: ConflictRow) -> Any:
        return row.conflict.id

    def winner(self, row: ConflictRow) -> Winner:
        return winner(row.conflict, self._device_id())

    def values_text(
        self, row: ConflictRow, values: Mapping[str, Any], *, cut: bool, named: bool = False
    ) -> str:
        """The values of the fields that lost, in the Fields column's order ('; ' between)."""
        parts = []
        for name in lost_fields(row.conflict):
            text = self.value(row, name, values.get(name), short=cut)
            if cut and len(text) > self.CELL_CHARS:
                text = text[: self.CELL_CHARS - 1] + "…"
            parts.append(f"{field_text(name)}: {text}" if named else text)
        return QCoreApplication.translate("ConflictModel", "; ").join(parts)

    def value(self, row: ConflictRow, name: str, value: Any, *, short: bool = False) -> str:
        return value_text(
            row.conflict.entity,
            name,
            value,
            zone=self._zone(),
            names=row.names,
            pick=self._pick,
            short=short,
        )

    def cell(self, row: ConflictRow, column: int, role: int) -> Any:
        c = row.conflict
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, cut=True)
        if role == SortRole:
            if column == self.COL_WHEN:
                return c.detected_at.timestamp()
            return self._text(row, column, cut=False)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.COL_KEPT, self.COL_LOST):
            values = c.kept if column == self.COL_KEPT else c.lost
            return self.values_text(row, values, cut=False, named=True)
        if role == Qt.ItemDataRole.FontRole and column == self.COL_LOST and c.lost_here:
            font = QFont()
            font.setBold(True)  # what this desk lost stands out (weight, not colour)
            return font
        return None

    def _text(self, row: ConflictRow, column: int, *, cut: bool) -> str:
        c = row.conflict
        zone = self._zone()
        if column == self.COL_WHEN:
            return look.short_date_time(c.detected_at, zone)
        if column == self.COL_RECORD:
            return record_text(row, zone=zone, pick=self._pick)
        if column == self.COL_FIELDS:
            return QCoreApplication.translate("ConflictModel", ", ").join(
                field_text(f) for f in lost_fields(c)
            )
        if column == self.COL_KEPT:
            return self.values_text(row, c.kept, cut=cut)
        if column == self.COL_LOST:
            return self.values_text(row, c.lost, cut=cut)
        if column == self.COL_WINNER:
            return winner_text(self.winner(row))
        return rule_text(c.rule)
