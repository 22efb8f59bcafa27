"""Languages (Chinese by default, English at run time) and the translation of rule violations.

The source strings in ``ui/`` are English; ``resources/translations`` holds
the Qt Linguist sources (``checkpoint_desk_zh_CN.ts``, ``checkpoint_desk_en.ts``)
and their compiled ``.qm``, plus Qt's own ``qtbase_zh_CN.qm`` so that Qt's
built-in texts (dialog buttons, context menus) are Chinese too.  Switching
language installs other translators; Qt then sends every widget a
``LanguageChange`` event and each one re-sets its texts.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QTranslator,
    Signal,
)

from db.enums import (
    ApprovalDecision,
    Direction,
    LaneDirection,
    LaneSubjects,
    Role,
    ShiftState,
    SubjectKind,
)
from desktop_app.errors import RULES, RuleViolation
from resources import TRANSLATIONS_DIR
from ui import labels
from ui.labels import QT_TRANSLATE_NOOP

ZH = "zh_CN"
EN = "en"
LANGUAGES = (ZH, EN)
APP_CATALOG = "checkpoint_desk"


class Language(QObject):
    """The current language; ``changed`` fires after the translators were swapped."""

    changed = Signal(str)

    def __init__(self, app: QCoreApplication, code: str = ZH) -> None:
        super().__init__(app)
        self._app = app
        self._installed: list[QTranslator] = []
        self.code = ""
        self.set(code)

    def set(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"unknown language {code!r}; one of {LANGUAGES}")
        if code == self.code:
            return
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        catalogs = [f"{APP_CATALOG}_{code}.qm"] + (["qtbase_zh_CN.qm"] if code == ZH else [])
        for name in catalogs:
            translator = QTranslator(self)
            if not translator.load(str(TRANSLATIONS_DIR / name)):
                raise FileNotFoundError(f"translation catalog missing: {TRANSLATIONS_DIR / name}")
            self._app.installTranslator(translator)
            self._installed.append(translator)
        self.code = code
        # Qt posts a LanguageChange event to every widget; deliver them now, so that the
        # whole desk has switched when this returns.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        QLocale.setDefault(
            QLocale(QLocale.Language.Chinese if code == ZH else QLocale.Language.English)
        )
        self.changed.emit(code)

    @property
    def is_zh(self) -> bool:
        return self.code == ZH

    def pick(self, zh: str, en: str) -> str:
        """Of a record's two names (lanes, teams, ports, checklist items), the current one."""
        return zh if self.is_zh or not en else en


# -- rule violations -----------------------------------------------------------

RULE_TEXT: dict[str, str] = {
    "required": QT_TRANSLATE_NOOP("Rules", "is required"),
    "too_long": QT_TRANSLATE_NOOP("Rules", "must be at most {limit} characters"),
    "out_of_range": QT_TRANSLATE_NOOP("Rules", "must be between {low} and {high}"),
    "not_found": QT_TRANSLATE_NOOP("Rules", "does not exist at this port"),
    "in_future": QT_TRANSLATE_NOOP(
        "Rules", "is in the future (more than {tolerance_s} s ahead of this desk's clock)"
    ),
    "too_old": QT_TRANSLATE_NOOP("Rules", "is too far in the past (earlier than {limit})"),
    "time_order": QT_TRANSLATE_NOOP("Rules", "must not be earlier than {after} ({after_at})"),
    "lane_closed": QT_TRANSLATE_NOOP("Rules", "lane {lane} is closed"),
    "lane_open": QT_TRANSLATE_NOOP("Rules", "lane {lane} is already open"),
    "lane_not_empty": QT_TRANSLATE_NOOP("Rules", "lane {lane} still has {waiting} in its queue"),
    "officer_on_two_lanes": QT_TRANSLATE_NOOP(
        "Rules", "{officer} works lane {lane} already; move them, not a second lane"
    ),
    "not_on_duty": QT_TRANSLATE_NOOP("Rules", "{officer} is not on duty in this shift"),
    "already_on_duty": QT_TRANSLATE_NOOP("Rules", "{officer} is on duty already"),
    "posting_order": QT_TRANSLATE_NOOP(
        "Rules", "must not be earlier than {officer}'s last posting ({last_at})"
    ),
    "lane_subjects": QT_TRANSLATE_NOOP("Rules", "lane {lane} takes {subjects}, not {subject_kind}"),
    "lane_direction": QT_TRANSLATE_NOOP(
        "Rules", "lane {lane} is for {lane_direction}, not {direction}"
    ),
    "no_open_shift": QT_TRANSLATE_NOOP("Rules", "there is no open shift at this port"),
    "before_shift": QT_TRANSLATE_NOOP("Rules", "is before the open shift started ({shift_start})"),
    "shift_open": QT_TRANSLATE_NOOP("Rules", "another shift is already open ({shift})"),
    "shift_state": QT_TRANSLATE_NOOP("Rules", "the shift is {state}, it must be {expected}"),
    "shift_closed": QT_TRANSLATE_NOOP(
        "Rules", "the shift is closed; only corrections with a reason are accepted"
    ),
    "checklist_incomplete": QT_TRANSLATE_NOOP(
        "Rules", "checklist items without a result: {missing}"
    ),
    "checklist_failed": QT_TRANSLATE_NOOP(
        "Rules",
        "required checks failed: {failed}; a deputy captain must override each with a reason",
    ),
    "check_not_blocking": QT_TRANSLATE_NOOP(
        "Rules", "{item} is not a failed required check; nothing to override"
    ),
    "note_for_failure": QT_TRANSLATE_NOOP(
        "Rules", "a failed check needs a note saying what failed"
    ),
    "already_in_queue": QT_TRANSLATE_NOOP(
        "Rules", "{reference} is already in the queue on lane {lane}"
    ),
    "clearance_state": QT_TRANSLATE_NOOP(
        "Rules", "this clearance is {state}; {step} is not possible"
    ),
    "same_lane": QT_TRANSLATE_NOOP("Rules", "{reference} is already on lane {lane}"),
    "role": QT_TRANSLATE_NOOP("Rules", "needs one of the roles {roles}; {officer} is {role}"),
    "self_approval": QT_TRANSLATE_NOOP(
        "Rules", "a request cannot be approved by the officer who made it"
    ),
    "approval_needed": QT_TRANSLATE_NOOP(
        "Rules", "a priority lane needs an approved priority clearance"
    ),
    "approval_state": QT_TRANSLATE_NOOP("Rules", "the approval is {decision}"),
    "approval_used": QT_TRANSLATE_NOOP("Rules", "this approval was already used for an assignment"),
    "approval_subject": QT_TRANSLATE_NOOP(
        "Rules", "the approval is for {approved}, not {subject_ref}"
    ),
    "pending_approvals": QT_TRANSLATE_NOOP(
        "Rules", "{count} priority request(s) still wait for a decision"
    ),
    "wrong_pin": QT_TRANSLATE_NOOP("Rules", "badge number or PIN is wrong"),
    "locked_out": QT_TRANSLATE_NOOP("Rules", "too many wrong PINs; locked until {until}"),
    "pin_format": QT_TRANSLATE_NOOP("Rules", "must be {low} to {high} digits"),
    "duplicate": QT_TRANSLATE_NOOP("Rules", "{value} is already used"),
    "inactive": QT_TRANSLATE_NOOP("Rules", "officer {badge_no} is not active"),
    "last_admin": QT_TRANSLATE_NOOP(
        "Rules", "{badge_no} is the post's last active admin; make another admin first"
    ),
    "forecast_state": QT_TRANSLATE_NOOP("Rules", "the forecast is {status}"),
    "choice": QT_TRANSLATE_NOOP("Rules", "must be one of {choices}"),
    "wrong_type": QT_TRANSLATE_NOOP("Rules", "must be {expected}"),
    "already_answered": QT_TRANSLATE_NOOP("Rules", "this contact was already answered"),
    "bad_character": QT_TRANSLATE_NOOP(
        "Rules", "must not contain control or text-direction characters (found {char})"
    ),
}

FIELD_TEXT: dict[str, str] = {
    "reference": QT_TRANSLATE_NOOP("Fields", "Reference"),
    "traveller_category": QT_TRANSLATE_NOOP("Fields", "Traveller category"),
    "lane_id": QT_TRANSLATE_NOOP("Fields", "Lane"),
    "lane": QT_TRANSLATE_NOOP("Fields", "Lane"),
    "subject_kind": QT_TRANSLATE_NOOP("Fields", "Subject"),
    "direction": QT_TRANSLATE_NOOP("Fields", "Direction"),
    "forecast_id": QT_TRANSLATE_NOOP("Fields", "Forecast"),
    "clearance_id": QT_TRANSLATE_NOOP("Fields", "Clearance"),
    "event_id": QT_TRANSLATE_NOOP("Fields", "Clearance step"),
    "at": QT_TRANSLATE_NOOP("Fields", "Time"),
    "arrived_at": QT_TRANSLATE_NOOP("Fields", "Arrival time"),
    "reason": QT_TRANSLATE_NOOP("Fields", "Reason"),
    "outcome": QT_TRANSLATE_NOOP("Fields", "Outcome"),
    "shift": QT_TRANSLATE_NOOP("Fields", "Shift"),
    "shift_id": QT_TRANSLATE_NOOP("Fields", "Shift"),
    "checklist": QT_TRANSLATE_NOOP("Fields", "Checklist"),
    "item_code": QT_TRANSLATE_NOOP("Fields", "Checklist item"),
    "note": QT_TRANSLATE_NOOP("Fields", "Note"),
    "handover_notes": QT_TRANSLATE_NOOP("Fields", "Handover notes"),
    "planned_start": QT_TRANSLATE_NOOP("Fields", "Planned start"),
    "planned_end": QT_TRANSLATE_NOOP("Fields", "Planned end"),
    "team_id": QT_TRANSLATE_NOOP("Fields", "Duty team"),
    "by": QT_TRANSLATE_NOOP("Fields", "Officer"),
    "officer_id": QT_TRANSLATE_NOOP("Fields", "Officer"),
    "pin": QT_TRANSLATE_NOOP("Fields", "PIN"),
    "pin_repeat": QT_TRANSLATE_NOOP("Fields", "PIN again"),
    "current_pin": QT_TRANSLATE_NOOP("Fields", "Current PIN"),
    "role": QT_TRANSLATE_NOOP("Fields", "Role"),
    "active": QT_TRANSLATE_NOOP("Fields", "On the roster"),
    "badge_no": QT_TRANSLATE_NOOP("Fields", "Badge number"),
    "approver": QT_TRANSLATE_NOOP("Fields", "Approving officer"),
    "name": QT_TRANSLATE_NOOP("Fields", "Name"),
    "subject_ref": QT_TRANSLATE_NOOP("Fields", "Plate, train or group"),
    "approval_id": QT_TRANSLATE_NOOP("Fields", "Priority approval"),
    "expected_at": QT_TRANSLATE_NOOP("Fields", "Expected at"),
    "expected_travellers": QT_TRANSLATE_NOOP("Fields", "Expected travellers"),
    "expected_vehicles": QT_TRANSLATE_NOOP("Fields", "Expected vehicles"),
    "carrier": QT_TRANSLATE_NOOP("Fields", "Carrier"),
    "notes": QT_TRANSLATE_NOOP("Fields", "Notes"),
    "mode": QT_TRANSLATE_NOOP("Fields", "Mode"),
    "cargo": QT_TRANSLATE_NOOP("Fields", "Cargo"),
    "source": QT_TRANSLATE_NOOP("Fields", "Source"),
    "action_taken": QT_TRANSLATE_NOOP("Fields", "Action taken"),
    "passage_id": QT_TRANSLATE_NOOP("Fields", "Emergency passage"),
    "port": QT_TRANSLATE_NOOP("Fields", "Port"),
    "clearance_ids": QT_TRANSLATE_NOOP("Fields", "Who moves"),
    "move_ids": QT_TRANSLATE_NOOP("Fields", "Move"),
    "episode_id": QT_TRANSLATE_NOOP("Fields", "Alert"),
    "action": QT_TRANSLATE_NOOP("Fields", "Action taken"),
    "announced_at": QT_TRANSLATE_NOOP("Fields", "Announced at"),
    "announced_by": QT_TRANSLATE_NOOP("Fields", "Announced by"),
    "actual_travellers": QT_TRANSLATE_NOOP("Fields", "Travellers who came"),
    "actual_vehicles": QT_TRANSLATE_NOOP("Fields", "Vehicles that came"),
    "actual_method": QT_TRANSLATE_NOOP("Fields", "Found by"),
}

# Words the services put into a rule's detail ("must not be earlier than
# joined queue"), translated like the rule text itself.
DETAIL_TEXT: dict[str, str] = {
    "joined queue": QT_TRANSLATE_NOOP("RuleDetail", "joined queue"),
    "service started": QT_TRANSLATE_NOOP("RuleDetail", "service started"),
    "shift start": QT_TRANSLATE_NOOP("RuleDetail", "shift start"),
    "planned_start": QT_TRANSLATE_NOOP("RuleDetail", "planned start"),
    "joined": QT_TRANSLATE_NOOP("RuleDetail", "joined queue"),
    "started": QT_TRANSLATE_NOOP("RuleDetail", "service started"),
    "waiting": QT_TRANSLATE_NOOP("RuleDetail", "waiting"),
    "in service": QT_TRANSLATE_NOOP("RuleDetail", "in service"),
    "finished": QT_TRANSLATE_NOOP("RuleDetail", "finished"),
    "superseded": QT_TRANSLATE_NOOP("RuleDetail", "already corrected"),
    "start": QT_TRANSLATE_NOOP("RuleDetail", "start service"),
    "finish": QT_TRANSLATE_NOOP("RuleDetail", "finish"),
    "correct": QT_TRANSLATE_NOOP("RuleDetail", "correct it"),
    "move": QT_TRANSLATE_NOOP("RuleDetail", "move it"),
    "moved": QT_TRANSLATE_NOOP("RuleDetail", "moved"),
    "undo": QT_TRANSLATE_NOOP("RuleDetail", "undo it"),
    "undone": QT_TRANSLATE_NOOP("RuleDetail", "undone already"),
    "undo the move": QT_TRANSLATE_NOOP("RuleDetail", "undo the move"),
    "a subject": QT_TRANSLATE_NOOP("RuleDetail", "a subject"),
    "start + 24 h": QT_TRANSLATE_NOOP("RuleDetail", "start + 24 h"),
    "now - 2 days": QT_TRANSLATE_NOOP("RuleDetail", "now - 2 days"),
    "now + 60 days": QT_TRANSLATE_NOOP("RuleDetail", "now + 60 days"),
    "not decided by an authorised role": QT_TRANSLATE_NOOP(
        "RuleDetail", "not decided by an authorised role"
    ),
}

# Detail values that are codes of a vocabulary, by the detail's key.
_DETAIL_VOCABULARY: dict[str, list[type]] = {
    "subjects": [LaneSubjects],
    "subject_kind": [SubjectKind],
    "lane_direction": [LaneDirection],
    "direction": [Direction],
    "state": [ShiftState],
    "expected": [ShiftState],
    "decision": [ApprovalDecision],
    "role": [Role],
}


def field_label(field: str) -> str:
    source = FIELD_TEXT.get(field)
    return QCoreApplication.translate("Fields", source) if source else field


def _localized(
    key: str,
    value: Any,
    local_time: Callable[[datetime], str] | None,
    names: Mapping[str, str],
) -> str:
    text = str(value)
    if key in ("roles", "missing", "choices") and text:
        part_key = "role" if key == "roles" else "item"
        parts = [_localized(part_key, p, local_time, names) for p in text.split(", ")]
        return QCoreApplication.translate("Rules", ", ").join(parts)
    if text in names:
        return names[text]
    for vocabulary in _DETAIL_VOCABULARY.get(key, []):
        try:
            return labels.label(vocabulary(text))
        except ValueError:
            pass
    if text in DETAIL_TEXT:
        return QCoreApplication.translate("RuleDetail", DETAIL_TEXT[text])
    if local_time is not None and len(text) >= 19 and text[4] == "-" and "T" in text:
        try:
            return local_time(datetime.fromisoformat(text))
        except ValueError:
            pass
    return text


def rule_message(
    violation: RuleViolation,
    *,
    local_time: Callable[[datetime], str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """The violated rule in the current language, without the field name.

    ``local_time`` formats the ISO times some rules carry (in the port's
    zone); ``names`` turns codes such as checklist item codes into labels.
    """
    source = RULE_TEXT.get(violation.rule, RULES.get(violation.rule, violation.rule))
    template = QCoreApplication.translate("Rules", source)
    detail = {
        key: _localized(key, value, local_time, names or {})
        for key, value in violation.detail.items()
    }
    try:
        return template.format(**detail)
    except (KeyError, IndexError, ValueError):
        # A translation that lost a placeholder must not hide the error itself.
        return violation.message


def describe(
    violation: RuleViolation,
    *,
    local_time: Callable[[datetime], str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """Field and rule, for a status line where the field is not visible next to it."""
    message = rule_message(violation, local_time=local_time, names=names)
    return QCoreApplication.translate("Rules", "{field}: {message}").format(
        field=field_label(violation.field), message=message
    )


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
