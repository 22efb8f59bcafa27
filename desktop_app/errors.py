"""The one error type that services raise when input breaks a rule.

It names the field and the rule (a stable code the UI translates) and
carries the values that make the message specific.  A service raises it
before anything is written, or from inside the transaction, which then rolls
back whole: nothing is half-written.
"""

from __future__ import annotations

from typing import Any

# Rule codes and their English messages; ui/ holds the translations.
RULES: dict[str, str] = {
    "required": "is required",
    "too_long": "must be at most {limit} characters",
    "out_of_range": "must be between {low} and {high}",
    "not_found": "does not exist at this port",
    "in_future": "is in the future (more than {tolerance_s} s ahead of this desk's clock)",
    "too_old": "is too far in the past (earlier than {limit})",
    "time_order": "must not be earlier than {after} ({after_at})",
    "lane_closed": "lane {lane} is closed",
    "lane_open": "lane {lane} is already open",
    "lane_not_empty": "lane {lane} still has {waiting} in its queue",
    "lane_subjects": "lane {lane} takes {subjects}, not {subject_kind}",
    "lane_direction": "lane {lane} is for {lane_direction}, not {direction}",
    "no_open_shift": "there is no open shift at this port",
    "before_shift": "is before the open shift started ({shift_start})",
    "shift_open": "another shift is already open ({shift})",
    "shift_state": "the shift is {state}, it must be {expected}",
    "shift_closed": "the shift is closed; only corrections with a reason are accepted",
    "checklist_incomplete": "checklist items without a result: {missing}",
    "checklist_failed": (
        "required checks failed: {failed}; a deputy captain must override each with a reason"
    ),
    "check_not_blocking": "{item} is not a failed required check; nothing to override",
    "note_for_failure": "a failed check needs a note saying what failed",
    "already_in_queue": "{reference} is already in the queue on lane {lane}",
    "clearance_state": "this clearance is {state}; {step} is not possible",
    "same_lane": "{reference} is already on lane {lane}",
    "role": "needs one of the roles {roles}; {officer} is {role}",
    "self_approval": "a request cannot be approved by the officer who made it",
    "approval_needed": "a priority lane needs an approved priority clearance",
    "approval_state": "the approval is {decision}",
    "approval_used": "this approval was already used for an assignment",
    "approval_subject": "the approval is for {approved}, not {subject_ref}",
    "pending_approvals": "{count} priority request(s) still wait for a decision",
    "wrong_pin": "badge number or PIN is wrong",
    "locked_out": "too many wrong PINs; locked until {until}",
    "pin_format": "must be {low} to {high} digits",
    "duplicate": "{value} is already used",
    "inactive": "officer {badge_no} is not active",
    "last_admin": "{badge_no} is the post's last active admin; make another admin first",
    "forecast_state": "the forecast is {status}",
    "choice": "must be one of {choices}",
    "wrong_type": "must be {expected}",
    "already_answered": "this contact was already answered",
    "bad_character": "must not contain control or text-direction characters (found {char})",
    "officer_on_two_lanes": "{officer} works lane {lane} already; move them, not a second lane",
    "not_on_duty": "{officer} is not on duty in this shift",
    "already_on_duty": "{officer} is on duty already",
    "posting_order": "must not be earlier than {officer}'s last posting ({last_at})",
}


class RuleViolation(Exception):
    def __init__(self, field: str, rule: str, **detail: Any) -> None:
        if rule not in RULES:
            raise KeyError(f"unknown rule code {rule!r}")
        self.field = field
        self.rule = rule
        self.detail = detail
        super().__init__(f"{field}: {self.message}")

    @property
    def message(self) -> str:
        return RULES[self.rule].format(**self.detail)
