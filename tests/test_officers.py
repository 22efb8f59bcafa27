"""The roster and PIN sign-in (desktop_app/officers.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from conftest import PIN
from sqlalchemy import select, text

from db.enums import Role
from db.models import AuditEntry, Officer, PinLockout
from desktop_app import officers
from desktop_app.bootstrap import initialize
from desktop_app.errors import RuleViolation
from desktop_app.paths import database_path
from tests.helpers.rules import actions, assert_violation, row_counter

TABLES = ("officers", "outbox", "audit_entries")


snapshot = row_counter(TABLES)


def add(post, badge="3001", pin="13579", role=Role.OFFICER, by=None):
    return officers.add_officer(
        post.desk, badge_no=badge, name="王强", role=role, pin=pin, by=by or post.admin.id
    )


def sign_in(post, badge=None, pin=PIN):
    return officers.authenticate(post.desk, badge_no=badge or post.officer.badge_no, pin=pin)


def lockout(post, officer_id):
    with post.desk.read() as s:
        return s.get(PinLockout, officer_id)


# -- adding officers --------------------------------------------------------------


def test_admin_adds_an_officer_and_it_is_audited(post):
    counts = snapshot(post)
    officer = add(post)
    assert officer.role == Role.OFFICER
    assert officer.active
    assert post.count("officers") == counts["officers"] + 1
    with post.desk.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == officer.id)).one()
    assert entry.action == "officer.added"
    assert entry.officer_id == post.admin.id
    assert entry.detail == {"badge_no": "3001", "role": "officer"}


def test_first_officer_of_a_post_needs_no_admin(tmp_path, clock):
    desk = initialize(tmp_path / "new", "TRG", clock=clock)
    try:
        first = officers.add_officer(
            desk, badge_no="9001", name="管理员", role=Role.ADMIN, pin="8642", by=None
        )
        assert [o.id for o in officers.roster(desk)] == [first.id]
    finally:
        desk.close()


@pytest.mark.parametrize(
    "pin",
    ["123", "123456789", "12a4", "", " 1234", "-123", "１２３４", "²³⁴⁵"],
    ids=["short", "long", "letter", "empty", "space", "sign", "fullwidth", "superscript"],
)
def test_pin_must_be_4_to_8_ascii_digits(post, pin):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        add(post, pin=pin)
    assert_violation(e, "pin", "pin_format")
    assert e.value.detail == {"low": 4, "high": 8}
    assert snapshot(post) == counts


@pytest.mark.parametrize("pin", ["1234", "12345678"])
def test_pins_of_4_and_8_digits_are_accepted(post, pin):
    officer = add(post, pin=pin)
    assert sign_in(post, officer.badge_no, pin).id == officer.id


def test_duplicate_badge_is_refused(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        add(post, badge=post.officer.badge_no)
    assert_violation(e, "badge_no", "duplicate")
    assert snapshot(post) == counts


@pytest.mark.parametrize("who", ["deputy", "officer"])
def test_only_an_admin_adds_officers_once_one_exists(post, who):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        add(post, by=getattr(post, who).id)
    assert_violation(e, "by", "role")
    assert snapshot(post) == counts


def test_nobody_adds_officers_anonymously_once_one_exists(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        officers.add_officer(
            post.desk, badge_no="3001", name="王强", role=Role.ADMIN, pin="13579", by=None
        )
    assert_violation(e, "by", "required")
    assert snapshot(post) == counts


def test_pins_are_stored_as_argon2id_hashes(post):
    officer = add(post, pin="73019468")
    with post.desk.read() as s:
        stored = s.execute(
            text("SELECT pin_hash FROM officers WHERE badge_no = :b"), {"b": "3001"}
        ).scalar_one()
        payloads = s.execute(text("SELECT payload FROM outbox WHERE entity = 'officers'")).scalars()
        assert all("73019468" not in (p or "") for p in payloads)
    assert stored.startswith("$argon2id$")
    assert "73019468" not in stored
    assert "m=19456,t=2,p=1" in stored
    assert PasswordHasher().verify(stored, "73019468")
    assert officer.pin_hash == stored
    # neither the database file nor its write-ahead log holds the PIN anywhere
    db_file = database_path(post.path)
    files = [db_file, db_file.with_name(db_file.name + "-wal")]
    assert db_file.exists()
    for file in files:
        if file.exists():
            assert b"73019468" not in file.read_bytes()


# -- sign in -----------------------------------------------------------------------


def test_sign_in_with_badge_and_pin(post):
    officer = sign_in(post)
    assert officer.id == post.officer.id
    assert actions(post)[-1] == "login"


def test_sign_in_with_wrong_pin_is_wrong_pin_and_counted(post):
    with pytest.raises(RuleViolation) as e:
        sign_in(post, pin="0000")
    assert_violation(e, "pin", "wrong_pin")
    assert lockout(post, post.officer.id).failures == 1
    assert actions(post)[-1] == "login.failed"


def test_sign_in_with_unknown_badge_is_wrong_pin(post):
    with pytest.raises(RuleViolation) as e:
        sign_in(post, badge="7777")
    assert_violation(e, "pin", "wrong_pin")
    assert actions(post)[-1] == "login.unknown_badge"
    assert post.count("pin_lockouts") == 0


def test_successful_sign_in_resets_the_failure_count(post):
    for _ in range(3):
        with pytest.raises(RuleViolation):
            sign_in(post, pin="0000")
    sign_in(post)
    assert lockout(post, post.officer.id).failures == 0
    for _ in range(4):  # four more do not lock: the count started again
        with pytest.raises(RuleViolation) as e:
            sign_in(post, pin="0000")
        assert_violation(e, "pin", "wrong_pin")
    assert sign_in(post).id == post.officer.id


def test_five_failures_lock_out_for_five_minutes(post, clock):
    for _ in range(5):
        with pytest.raises(RuleViolation) as e:
            sign_in(post, pin="0000")
        assert_violation(e, "pin", "wrong_pin")
    assert lockout(post, post.officer.id).locked_until == clock.at + timedelta(minutes=5)
    assert actions(post)[-1] == "login.locked_out"

    with pytest.raises(RuleViolation) as e:  # even the right PIN
        sign_in(post)
    assert_violation(e, "pin", "locked_out")

    clock.advance(minutes=4, seconds=59)
    with pytest.raises(RuleViolation) as e:
        sign_in(post)
    assert_violation(e, "pin", "locked_out")

    clock.advance(seconds=2)
    assert sign_in(post).id == post.officer.id
    lock = lockout(post, post.officer.id)
    assert (lock.failures, lock.locked_until) == (0, None)


def test_lockout_is_per_officer(post):
    for _ in range(5):
        with pytest.raises(RuleViolation):
            sign_in(post, pin="0000")
    assert sign_in(post, post.deputy.badge_no).id == post.deputy.id


def test_attempts_during_lockout_are_audited(post):
    # officers.verify: "every attempt is in the audit log, whatever the caller does next"
    for _ in range(5):
        with pytest.raises(RuleViolation):
            sign_in(post, pin="0000")
    before = post.count("audit_entries")
    with pytest.raises(RuleViolation) as e:
        sign_in(post, pin="1357")
    assert_violation(e, "pin", "locked_out")
    assert post.count("audit_entries") == before + 1


def test_attempts_by_an_inactive_officer_are_audited(post):
    officers.set_active(post.desk, officer_id=post.officer.id, active=False, by=post.admin.id)
    before = post.count("audit_entries")
    with pytest.raises(RuleViolation) as e:
        sign_in(post)
    assert_violation(e, "badge_no", "inactive")
    assert post.count("audit_entries") == before + 1


def test_inactive_officer_is_refused(post):
    officers.set_active(post.desk, officer_id=post.officer.id, active=False, by=post.admin.id)
    with pytest.raises(RuleViolation) as e:
        sign_in(post)
    assert_violation(e, "badge_no", "inactive")
    assert post.officer.id not in [o.id for o in officers.roster(post.desk)]
    assert post.officer.id in [o.id for o in officers.roster(post.desk, include_inactive=True)]
    officers.set_active(post.desk, officer_id=post.officer.id, active=True, by=post.admin.id)
    assert sign_in(post).id == post.officer.id


def test_only_an_admin_deactivates_officers(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        officers.set_active(post.desk, officer_id=post.officer.id, active=False, by=post.deputy.id)
    assert_violation(e, "by", "role")
    assert snapshot(post) == counts
    with post.desk.read() as s:
        assert s.get(Officer, post.officer.id).active


# -- the roster: roles, the last admin, PINs ------------------------------------------


def officer_row(post, officer_id):
    with post.desk.read() as s:
        return s.get(Officer, officer_id)


def test_admin_promotes_an_officer_and_it_is_audited(post):
    officers.edit_officer(
        post.desk,
        officer_id=post.officer.id,
        name="陈静 (副队长)",
        role=Role.DEPUTY_CAPTAIN,
        by=post.admin.id,
    )
    row = officer_row(post, post.officer.id)
    assert (row.name, row.role) == ("陈静 (副队长)", Role.DEPUTY_CAPTAIN)
    assert actions(post)[-1] == "officer.edited"
    with post.desk.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.hlc.desc()).limit(1)).one()
    assert entry.detail == {"role": "deputy_captain", "role_before": "officer"}


def test_only_an_admin_edits_officers(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        officers.edit_officer(
            post.desk, officer_id=post.officer.id, name="x", role=Role.ADMIN, by=post.deputy.id
        )
    assert_violation(e, "by", "role")
    assert snapshot(post) == counts
    assert officer_row(post, post.officer.id).role == Role.OFFICER


def test_an_empty_name_is_refused_by_name(post):
    with pytest.raises(RuleViolation) as e:
        officers.edit_officer(
            post.desk, officer_id=post.officer.id, name="  ", role=Role.OFFICER, by=post.admin.id
        )
    assert_violation(e, "name", "required")


def test_the_last_admin_cannot_be_deactivated_or_demoted(post):
    counts = snapshot(post)
    with pytest.raises(RuleViolation) as e:
        officers.set_active(post.desk, officer_id=post.admin.id, active=False, by=post.admin.id)
    assert_violation(e, "active", "last_admin")
    with pytest.raises(RuleViolation) as e:
        officers.edit_officer(
            post.desk, officer_id=post.admin.id, name="x", role=Role.CAPTAIN, by=post.admin.id
        )
    assert_violation(e, "role", "last_admin")
    assert snapshot(post) == counts
    row = officer_row(post, post.admin.id)
    assert row.active and row.role == Role.ADMIN


def test_an_admin_may_step_down_once_another_admin_is_active(post):
    second = add(post, badge="9002", role=Role.ADMIN)
    officers.set_active(post.desk, officer_id=post.admin.id, active=False, by=second.id)
    assert not officer_row(post, post.admin.id).active
    # An inactive admin does not count: the second is now the last.
    with pytest.raises(RuleViolation) as e:
        officers.edit_officer(
            post.desk, officer_id=second.id, name="x", role=Role.OFFICER, by=second.id
        )
    assert_violation(e, "role", "last_admin")


def test_admin_resets_a_forgotten_pin_and_lifts_the_lockout(post):
    for _ in range(officers.MAX_FAILURES):
        with pytest.raises(RuleViolation):
            sign_in(post, pin="00000")
    with pytest.raises(RuleViolation) as e:
        sign_in(post, pin="24680")
    assert_violation(e, "pin", "locked_out")
    officers.set_pin(post.desk, officer_id=post.officer.id, pin="24680", by=post.admin.id)
    assert sign_in(post, pin="24680").id == post.officer.id
    with pytest.raises(RuleViolation):
        sign_in(post)  # the old PIN no longer works
    assert "officer.pin_reset" in actions(post)


def test_only_an_admin_resets_another_officers_pin(post):
    before = officer_row(post, post.officer.id).pin_hash
    with pytest.raises(RuleViolation) as e:
        officers.set_pin(post.desk, officer_id=post.officer.id, pin="24680", by=post.deputy.id)
    assert_violation(e, "by", "role")
    assert officer_row(post, post.officer.id).pin_hash == before


def test_an_officer_changes_their_own_pin_with_the_current_one(post):
    officers.set_pin(
        post.desk, officer_id=post.officer.id, pin="86420", by=post.officer.id, current_pin=PIN
    )
    assert sign_in(post, pin="86420").id == post.officer.id
    assert "officer.pin_changed" in actions(post)


@pytest.mark.parametrize("current", [None, "99999"])
def test_a_wrong_current_pin_is_refused_counted_and_changes_nothing(post, current):
    before = officer_row(post, post.officer.id).pin_hash
    with pytest.raises(RuleViolation) as e:
        officers.set_pin(
            post.desk,
            officer_id=post.officer.id,
            pin="86420",
            by=post.officer.id,
            current_pin=current,
        )
    assert_violation(e, "current_pin", "wrong_pin")
    assert officer_row(post, post.officer.id).pin_hash == before
    assert lockout(post, post.officer.id).failures == 1
    assert actions(post)[-1] == "pin_change.failed"


def test_a_bad_new_pin_is_refused_before_the_current_one_is_checked(post):
    with pytest.raises(RuleViolation) as e:
        officers.set_pin(
            post.desk, officer_id=post.officer.id, pin="12a4", by=post.officer.id, current_pin=PIN
        )
    assert_violation(e, "pin", "pin_format")
    assert lockout(post, post.officer.id) is None  # no attempt was made
