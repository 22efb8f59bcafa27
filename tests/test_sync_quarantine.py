"""No record stops a post's sync: an entry refused for a rule is set aside with the entries that
depend on it, everything else reaches HQ, the fix releases them, and nothing is dropped silently
(a discard needs an officer with authority and a reason, and is audited).  Also: a desk joins a
post that already has desks, and takes its roster from HQ."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text
from test_sync_support import (
    Background,
    an_officer,
    demo_post,
    enrolled,
    ensure_open_shift,
    record_clearances,
)

from db.base import utcnow
from db.enums import (
    CargoCategory,
    Direction,
    ForecastSource,
    ForecastStatus,
    Mode,
    PreInspection,
    Role,
    SubjectKind,
    TravellerCategory,
)
from db.models import AuditEntry, Forecast, LaneAssignment, Officer
from desktop_app import approvals, clearance, forecasts, lanes, officers, shifts
from desktop_app.desk import Desk
from desktop_app.errors import RuleViolation
from desktop_app.protocol import rules
from desktop_app.protocol.messages import DEPENDS, DISCARD_ACTION
from desktop_app.sync import quarantine
from desktop_app.sync.client import SyncClient, SyncError
from desktop_app.sync.export import export_bundle
from desktop_app.sync.join import join_post
from desktop_app.sync.state import RecordSync, pending_count, record_state
from hq import devices, status
from hq.models import Held
from hq.service import HQService
from tests.helpers.sync import check_identity, check_union

pytest_plugins = ["test_sync_support"]


def sync(desk: Desk, url: str):
    with SyncClient(desk, url) as client:
        return client.sync()


def hq_held(hq) -> list[tuple[int, str, str, str | None]]:
    with hq.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(Held.seq, Held.entity, Held.error, Held.resolution).order_by(Held.seq)
            )
        ]


def port_held(hq, code: str) -> int:
    return next(p.held for p in status.port_status(hq.engine) if p.code == code)


def a_bad_forecast(desk: Desk) -> uuid.UUID:
    """A forecast whose reference is longer than the schema allows (as an older desk, or a
    bug, might have written it): no service writes it, the write goes straight to the ORM."""
    with desk.unit() as s:
        forecast = Forecast(
            port_id=desk.port_id,
            mode=Mode.ROAD,
            reference="KG-" + "7" * 57,
            direction=Direction.ENTRY,
            expected_at=desk.now(),
            cargo=CargoCategory.NONE,
            source=ForecastSource.MANUAL,
            preinspection=PreInspection.PENDING,
            status=ForecastStatus.EXPECTED,
        )
        s.add(forecast)
        s.flush()
        return forecast.id


def open_lane(desk: Desk, officer_id: uuid.UUID, code: str = "P-IN-1"):
    lane = lanes.lane_by_code(desk, code)
    if not lane.is_open:
        lane = lanes.set_open(desk, lane_id=lane.id, open_=True, by=officer_id)
    return lane


def test_a_refused_entry_in_the_middle_of_the_outbox_waits_with_its_dependents_and_the_fix_releases_them(  # noqa: E501
    hq, tmp_path
):
    post = enrolled(hq, demo_post(tmp_path / "trg", "TRG", days=1, seed=5))
    officer = an_officer(post).id
    before = record_clearances(post, 5, prefix="A")
    bad = a_bad_forecast(post)
    lane = open_lane(post, officer)
    joined = clearance.join_queue(
        post,
        lane_id=lane.id,
        reference="Q-WAIT-1",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=officer,
        forecast_id=bad,
    )
    clearance.start_service(post, clearance_id=joined.clearance_id, by=officer)
    assigned = lanes.assign(
        post,
        lane_id=lane.id,
        subject_ref="Q-WAIT-1",
        subject_kind=SubjectKind.PERSON,
        by=officer,
        forecast_id=bad,
    )
    after = record_clearances(post, 5, prefix="B")
    assert before and after

    report = sync(post, hq.url)
    # The forecast and what refers to it (the clearance's steps, the assignment, the audit
    # entry about the assignment) are set aside; everything before and after it is at HQ.
    assert report.set_aside == report.held == quarantine.held_count(post) == 5
    assert pending_count(post) == 0
    held = {v.record_id: v for v in quarantine.entries(post)}
    assert held[bad].error == "malformed" and "reference" in held[bad].detail
    assert held[bad].advice == "edit"
    waiting = [v for v in held.values() if v.record_id != bad]
    assert {v.error for v in waiting} == {DEPENDS}
    assert {v.advice for v in waiting} == {"wait"}
    assert held[assigned.id].blocked_id == bad
    assert record_state(post, bad) == RecordSync.HELD
    check = check_union(hq.engine, [post])
    assert (check.lost, check.diverged, check.duplicated) == (5, 0, 0)  # the five set aside
    assert port_held(hq, "TRG") == 5
    assert [(seq, entity, error) for seq, entity, error, _ in hq_held(hq)] == sorted(
        (v.seq, v.entity, v.error) for v in held.values()
    )
    # Syncing again changes nothing: they wait for a fix, without being sent again.
    again = sync(post, hq.url)
    assert (again.pushed_rows, again.sent_again, again.held) == (0, 0, 5)

    # The fix: the record corrected.  Its new version goes, and releases what waited for it.
    forecasts.update(post, forecast_id=bad, by=officer, reference="KG-7777")
    fixed = sync(post, hq.url)
    assert fixed.held == quarantine.held_count(post) == 0 and fixed.sent_again == 4
    assert pending_count(post) == 0
    assert port_held(hq, "TRG") == 0
    assert all(resolution.startswith("accepted as entry") for *_, resolution in hq_held(hq))
    check = check_union(hq.engine, [post])
    assert check.ok, check.line()
    with hq.engine.connect() as conn:
        at_hq = conn.execute(
            select(LaneAssignment.forecast_id).where(LaneAssignment.id == assigned.id)
        ).scalar()
    assert at_hq == bad
    assert {v.state for v in quarantine.entries(post, everything=True)} == {quarantine.ACCEPTED}
    post.close()


def _approved(desk: Desk, subject: str) -> uuid.UUID:
    ensure_open_shift(desk)  # whatever the hour at the post (these desks run on real time)
    with desk.read() as s:
        deputies = list(
            s.scalars(
                select(Officer)
                .where(Officer.role == Role.DEPUTY_CAPTAIN, Officer.active)
                .order_by(Officer.badge_no)
            )
        )
    request = approvals.request(
        desk, subject_ref=subject, reason="fresh produce", by=deputies[0].id
    )
    approvals.decide(desk, approval_id=request.id, approve=True, by=deputies[1].id, pin="1234")
    return request.id


def use_approval(desk: Desk, approval: uuid.UUID, subject: str) -> None:
    """The subject cleared at an open lane under the approval, then a few clearances."""
    officer = an_officer(desk).id
    lane = open_lane(desk, officer)
    lanes.assign(
        desk,
        lane_id=lane.id,
        subject_ref=subject,
        subject_kind=SubjectKind.VEHICLE if lane.code.startswith("V") else SubjectKind.PERSON,
        by=officer,
        approval_id=approval,
    )
    record_clearances(desk, 3, prefix=desk.device_id[-1])


def test_a_rule_hq_enforces_sets_the_entry_aside_and_a_discard_needs_authority_and_a_reason(
    hq, tmp_path
):
    """One approval used at two desks offline: HQ refuses the second use (used once), names
    it; the desk sets it aside and keeps sending.  A fact cannot be corrected: a deputy
    captain discards it, with a reason, signed with the PIN; HQ stops counting it."""
    first = enrolled(hq, demo_post(tmp_path / "first", "TRG", days=1, seed=3))
    approval = _approved(first, "KG-PRIO-1")
    sync(first, hq.url)
    code = devices.create_code(hq.engine, "TRG", utcnow())
    second = join_post(tmp_path / "second", "TRG", hq.url, code).desk
    for desk in (first, second):
        use_approval(desk, approval, "KG-PRIO-1")
    sync(first, hq.url)
    report = sync(second, hq.url)
    held = quarantine.entries(second)
    assert report.held == len(held) == 2  # the assignment, and the audit entry about it
    refused = next(v for v in held if v.entity == "lane_assignments")
    assert refused.error == "constraint" and refused.advice == "discard"
    assert next(v for v in held if v.entity == "audit_entries").error == DEPENDS
    assert pending_count(second) == 0
    assert check_union(hq.engine, [second]).lost == 2

    deputy, clerk = _badges(second, Role.DEPUTY_CAPTAIN), _badges(second, Role.OFFICER)
    with pytest.raises(RuleViolation) as no_reason:
        quarantine.discard(second, seq=refused.seq, by=deputy.id, pin="1234", reason=" ")
    assert no_reason.value.rule == "required"
    with pytest.raises(RuleViolation) as no_authority:
        quarantine.discard(second, seq=refused.seq, by=clerk.id, pin="1234", reason="twice")
    assert no_authority.value.rule == "role"
    with pytest.raises(RuleViolation) as wrong_pin:
        quarantine.discard(second, seq=refused.seq, by=deputy.id, pin="0000", reason="twice")
    assert wrong_pin.value.rule == "wrong_pin"
    quarantine.discard(
        second, seq=refused.seq, by=deputy.id, pin="1234", reason="approval already used at desk 1"
    )
    quarantine.release(second)  # the audit entry about it goes on its own ("send again")
    sync(second, hq.url)
    assert quarantine.held_count(second) == 0 and port_held(hq, "TRG") == 0
    resolutions = {entity: resolution for _, entity, _, resolution in hq_held(hq)}
    assert resolutions["lane_assignments"] == (
        "discarded at the post: approval already used at desk 1"
    )
    with hq.engine.connect() as conn:
        audited = conn.execute(
            select(AuditEntry.officer_id, AuditEntry.detail).where(
                AuditEntry.action == DISCARD_ACTION
            )
        ).one()
    assert audited.officer_id == deputy.id and audited.detail["seq"] == refused.seq
    with first.read() as s:  # the discard is in the port's audit log everywhere
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == DISCARD_ACTION)) is None
    sync(first, hq.url)
    with first.read() as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == DISCARD_ACTION))
    first.close()
    second.close()


def _badges(desk: Desk, role: Role) -> Officer:
    with desk.read() as s:
        officer = s.scalars(
            select(Officer).where(Officer.role == role, Officer.active).order_by(Officer.badge_no)
        ).first()
    assert officer is not None
    return officer


def test_a_bundle_with_a_refused_entry_is_imported_and_the_post_learns_what_waits(hq, tmp_path):
    """No link at all: HQ sets the refused entry aside itself when importing the bundle, with
    what depends on it, and imports the rest; the post learns it at its next contact."""
    first = enrolled(hq, demo_post(tmp_path / "first", "TRG", days=1, seed=3))
    approval = _approved(first, "KG-PRIO-2")
    sync(first, hq.url)
    second = join_post(
        tmp_path / "second", "TRG", hq.url, devices.create_code(hq.engine, "TRG", utcnow())
    ).desk
    for desk in (first, second):
        officer = an_officer(desk).id
        lane = open_lane(desk, officer)
        lanes.assign(
            desk,
            lane_id=lane.id,
            subject_ref="KG-PRIO-2",
            subject_kind=SubjectKind.PERSON,
            by=officer,
            approval_id=approval,
        )
        record_clearances(desk, 3, prefix="Z")
    sync(first, hq.url)
    summary = export_bundle(second, tmp_path / "second.ckpbundle")
    report = HQService(hq.engine).import_bundle_file(summary.path)
    assert report.held == 2 and report.acked_through == summary.last_seq
    assert port_held(hq, "TRG") == 2
    assert quarantine.held_count(second) == 0  # the post does not know yet…
    learned = sync(second, hq.url)
    assert learned.held == quarantine.held_count(second) == 2  # …until it asks
    assert learned.pushed_rows == 0 and pending_count(second) == 0
    first.close()
    second.close()


def test_a_desk_joins_a_post_with_its_roster_and_signs_in_with_an_existing_badge(hq, tmp_path):
    first = enrolled(hq, demo_post(tmp_path / "first", "ALS", days=1))
    sync(first, hq.url)
    with pytest.raises(SyncError):  # a wrong code leaves nothing behind: set it up again
        join_post(tmp_path / "second", "ALS", hq.url, "AAAA-BBBB-CCCC-DDDD")
    assert not list((tmp_path / "second").glob("*.sqlite3*"))
    joined = join_post(
        tmp_path / "second", "ALS", hq.url, devices.create_code(hq.engine, "ALS", utcnow())
    )
    second = joined.desk
    roster = {o.badge_no for o in officers.roster(first, include_inactive=True)}
    assert joined.officers == len(roster) and roster
    assert {o.badge_no for o in officers.roster(second, include_inactive=True)} == roster
    signed_in = officers.authenticate(second, badge_no="1001", pin="1234")
    assert signed_in.role == Role.DEPUTY_CAPTAIN
    assert shifts.current_shift(second) is not None  # the post's open shift came too
    with pytest.raises(RuleViolation):  # no second administrator is invented for the post
        officers.add_officer(
            second, badge_no="9002", name="另一位", role=Role.ADMIN, pin="1234", by=None
        )
    record_clearances(second, 4, prefix="J")
    sync(second, hq.url)
    sync(first, hq.url)
    identity = check_identity(hq.engine, [first, second])
    assert identity.ok and identity.aliases == 0, identity.line()  # nothing entered twice
    first.close()
    second.close()


def test_held_entries_while_the_desk_keeps_writing(hq, tmp_path):
    """A sync with entries set aside runs while clearances keep being recorded: pending
    ends at 0 and only the refused record and what refers to it wait."""
    post = enrolled(hq, demo_post(tmp_path / "trg", "TRG", days=1, seed=9))
    a_bad_forecast(post)
    writer = Background(record_clearances, post, 30)
    writer.start()
    sync(post, hq.url)
    writer.join()
    sync(post, hq.url)
    assert quarantine.held_count(post) == 1 and pending_count(post) == 0
    post.close()


# -- the rules, alone ----------------------------------------------------------------------


def test_dependents_follow_references_and_a_later_version_goes():
    held = {("forecasts", "f1")}
    entries = [
        (10, "clearance_events", "e1", [("forecasts", "f1")]),  # refers to it: waits
        (11, "clearance_events", "e2", [("clearance_events", "e1")]),  # to one that waits
        (12, "audit_entries", "a1", [("officers", "o1")]),  # to nothing set aside
        (13, "forecasts", "f1", []),  # a later version of the record: goes (the fix)
        (14, "lane_assignments", "l1", [("forecasts", "f1")]),  # after the fix: goes
    ]
    waiting = rules.dependents(entries, held)
    assert waiting == {10: ("forecasts", "f1"), 11: ("clearance_events", "e1")}


def _officer(**values):
    base = {
        "id": "0190a0a0-0000-7000-8000-0000000000b1",
        "port_id": "8df45453-34c3-53d5-8df5-6657ca926746",
        "origin_device": "desk-a",
        "version": 1,
        "hlc": "0000000001000-000000-desk-a",
        "updated_at": "x",
        "deleted": False,
        "badge_no": "9001",
        "name": "管理员",
        "role": "admin",
        "pin_hash": "$argon2id$a",
        "active": True,
    }
    return {**base, **values}


def test_an_identity_merge_is_the_same_whichever_record_arrives_first():
    a = _officer()
    b = _officer(
        id="0190a0a0-0000-7000-8000-0000000000b2",
        origin_device="desk-b",
        hlc="0000000002000-000000-desk-b",
        name="系统管理员",
        pin_hash="$argon2id$b",
    )
    stamp = {k: rules.Stamp.unbounded(v["hlc"]) for k, v in (("a", a), ("b", b))}
    ab = rules.merge_identities("officers", a, b, {}, stamp["b"])
    ba = rules.merge_identities("officers", b, a, {}, stamp["a"])
    assert ab.values == ba.values
    assert ab.values["id"] == a["id"]  # created first: it survives, with its creator
    assert ab.values["origin_device"] == "desk-a"
    assert (ab.values["name"], ab.values["pin_hash"]) == ("系统管理员", "$argon2id$b")  # later
    assert {(loss.group, loss.rule) for loss in ab.losses} == {
        ("pin", "identity"),
        ("record", "identity"),
    }


def test_two_close_outs_of_one_shift_the_earlier_stands_whichever_arrives_first():
    def shift(node: str, millis: int, notes: str):
        return {
            "id": f"0190a0a0-0000-7000-8000-00000000000{node[-1]}",
            "port_id": "p",
            "origin_device": node,
            "version": 3,
            "hlc": f"{millis:013d}-000000-{node}",
            "updated_at": "x",
            "deleted": False,
            "team_id": "t",
            "planned_start": "s",
            "planned_end": "e",
            "actual_start": "s",
            "actual_end": "e",
            "opened_by": "o",
            "closed_by": "o",
            "state": "closed",
            "handover_notes": notes,
        }

    early, late = shift("desk-1", 5_000, "closed first"), shift("desk-2", 6_000, "closed later")
    for stored, incoming in ((early, late), (late, early)):
        result = rules.merge_identities(
            "shifts", stored, incoming, {}, rules.Stamp.unbounded(incoming["hlc"])
        )
        assert result.values["handover_notes"] == "closed first"


def test_the_hq_command_counts_entries_set_aside_per_port(hq, tmp_path, capsys):
    from hq import cli as hq_cli

    post = enrolled(hq, demo_post(tmp_path / "trg", "TRG", days=1, seed=2))
    a_bad_forecast(post)
    sync(post, hq.url)
    assert hq_cli.main(["status", "--db", hq.db_url]) == 0
    out = capsys.readouterr().out
    header, line = out.splitlines()[0], next(x for x in out.splitlines() if x.startswith("TRG"))
    assert "held" in header
    assert line.split()[-2] == "1"  # held (set aside at the post), then refused batches
    with hq.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM hq_refused_batches")).scalar() == 0
    post.close()


def test_the_desk_command_lists_sends_again_and_discards(hq, tmp_path, capsys):
    from desktop_app import cli

    post = enrolled(hq, demo_post(tmp_path / "trg", "TRG", days=1, seed=4))
    a_bad_forecast(post)
    sync(post, hq.url)
    post.close()
    data = ["--data-dir", str(tmp_path / "trg")]
    assert cli.main([*data, "held"]) == 0
    out = capsys.readouterr().out
    assert "forecasts" in out and "malformed" in out and "correct the record" in out
    seq = int(out.split()[1])
    assert cli.main([*data, "held", "--discard", str(seq), "--by", "2001", "--pin", "1234",
                     "--reason", "typo"]) == 2  # fmt: skip
    assert "needs one of the roles" in capsys.readouterr().err
    assert cli.main([*data, "held", "--discard", str(seq), "--by", "1001", "--pin", "1234",
                     "--reason", "entered twice by mistake"]) == 0  # fmt: skip
    assert "discarded by 1001" in capsys.readouterr().out
    assert cli.main([*data, "held"]) == 0
    assert "no entry is set aside" in capsys.readouterr().out
    assert cli.main([*data, "held", "--all"]) == 0
    assert "[discarded]" in capsys.readouterr().out
    assert cli.main([*data, "sync", "--hq", hq.url]) == 0
    assert port_held(hq, "TRG") == 0


def test_join_from_the_command_line(hq, tmp_path, capsys):
    from desktop_app import cli

    first = enrolled(hq, demo_post(tmp_path / "first", "TRG", days=1))
    sync(first, hq.url)
    first.close()
    code = devices.create_code(hq.engine, "TRG", utcnow())
    data = ["--data-dir", str(tmp_path / "second")]
    assert cli.main([*data, "init", "--port", "TRG", "--join", "--hq", hq.url]) == 2
    assert "--code" in capsys.readouterr().err
    assert cli.main([*data, "init", "--port", "TRG", "--join", "--hq", hq.url, "--code", code]) == 0
    out = capsys.readouterr().out
    assert "joined post TRG" in out and "18 officers" in out
    assert cli.main([*data, "officer", "list"]) == 0
    assert "9001" in capsys.readouterr().out


def test_a_commit_sqlite_refuses_leaves_the_desk_usable(post):
    """Applying an alias defers foreign keys to the commit; should the commit be refused,
    the transaction must end with it, or no later unit could begin."""
    from sqlalchemy.exc import IntegrityError

    desk = post.desk
    with pytest.raises(IntegrityError), desk.unit(remote=True) as s:
        s.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        s.connection().exec_driver_sql(
            "UPDATE lanes SET port_id = '00000000000000000000000000000000' WHERE code = 'P-IN-1'"
        )
    record_clearances(desk, 1)  # a unit begins and commits as usual
    assert post.lane_by_code("P-IN-1").port_id == desk.port_id
