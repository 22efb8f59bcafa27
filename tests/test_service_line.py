"""The 12367 service line's log: recording, the reply deadline, answering once, carry-over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.enums import ContactChannel, ContactKind, SubjectKind, TravellerCategory
from db.models import ServiceContact, ServiceContactReply
from desktop_app import clearance, service_line, shifts
from desktop_app.errors import RuleViolation
from tests.conftest import PIN, Clock, Post

pytest_plugins = ["test_sync_support"]


def contact(post: Post, **changes):
    values: dict[str, Any] = {
        "channel": ContactChannel.PHONE_12367,
        "kind": ContactKind.COMPLAINT,
        "language": "zh",
        "topic_code": "waiting_time",
        "summary": "排队时间太长",
        "by": post.officer.id,
    }
    values.update(changes)
    return service_line.record_contact(post.desk, **values)


def test_a_contact_gets_the_limit_for_its_kind_as_its_promised_reply(post: Post):
    made = contact(post)
    assert made.reply_due_at == post.clock.at + timedelta(hours=120)
    consultation = contact(post, kind=ContactKind.CONSULTATION)
    assert consultation.reply_due_at == post.clock.at + timedelta(hours=24)
    praise = contact(post, kind=ContactKind.PRAISE, reply_due_at=post.clock.at + timedelta(hours=1))
    assert praise.reply_due_at is None  # nothing to answer
    assert made.shift_id == post.shift.id


@pytest.mark.parametrize(
    ("field", "changes", "rule"),
    [
        ("reply_due_at", {"reply_due_at_after": timedelta(hours=121)}, "out_of_range"),
        ("reply_due_at", {"reply_due_at_after": timedelta(0)}, "out_of_range"),
        ("topic_code", {"topic_code": "weather"}, "choice"),
        ("language", {"language": "xx"}, "choice"),
        ("summary", {"summary": "  "}, "required"),
        ("clearance_reference", {"clearance_reference": "NOBODY"}, "not_found"),
        ("received_at", {"received_after": timedelta(minutes=10)}, "in_future"),
    ],
)
def test_bad_contacts_are_refused_naming_the_field(post: Post, field, changes, rule):
    now = post.clock.at
    if "reply_due_at_after" in changes:
        changes = {"reply_due_at": now + changes["reply_due_at_after"]}
    if "received_after" in changes:
        changes = {"received_at": now + changes["received_after"]}
    with pytest.raises(RuleViolation) as error:
        contact(post, **changes)
    assert (error.value.field, error.value.rule) == (field, rule)
    assert post.count("service_contacts") == 0  # nothing half-written


def test_a_complaint_names_the_clearance_and_carries_its_measured_wait(post: Post):
    joined = clearance.join_queue(
        post.desk,
        lane_id=post.lane.id,
        reference="E12345678",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=post.officer.id,
    )
    post.clock.advance(minutes=42)
    clearance.start_service(post.desk, clearance_id=joined.clearance_id, by=post.officer.id)
    post.clock.advance(minutes=5)
    made = contact(post, clearance_reference="E12345678", channel=ContactChannel.ON_SITE)
    assert made.clearance_id == joined.clearance_id
    (line,) = service_line.contacts(post.desk)
    assert line.wait_s == 42 * 60
    assert line.officer_badge == post.officer.badge_no


def test_answered_once_on_time_or_late_and_never_before_it_came(post: Post):
    late = contact(post, kind=ContactKind.CONSULTATION)
    early = contact(post, kind=ContactKind.CONSULTATION)
    with pytest.raises(RuleViolation) as error:
        service_line.answer(
            post.desk,
            contact_id=early.id,
            outcome="已答复",
            by=post.deputy.id,
            answered_at=post.clock.at - timedelta(minutes=1),
        )
    assert (error.value.field, error.value.rule) == ("answered_at", "time_order")
    service_line.answer(
        post.desk, contact_id=early.id, outcome="电话答复开放时间", by=post.deputy.id
    )
    with pytest.raises(RuleViolation) as error:
        service_line.answer(post.desk, contact_id=early.id, outcome="again", by=post.deputy.id)
    assert error.value.rule == "already_answered"
    post.clock.advance(hours=25)
    assert [c.id for c in service_line.open_contacts(post.desk)] == [late.id]
    assert service_line.open_contacts(post.desk)[0].overdue(post.clock.at)
    service_line.answer(post.desk, contact_id=late.id, outcome="回电", by=post.deputy.id)
    lines = {c.id: c for c in service_line.contacts(post.desk)}
    assert lines[early.id].on_time() is True
    assert lines[late.id].on_time() is False
    assert service_line.open_contacts(post.desk) == []


def test_open_contacts_are_carried_over_at_close_out_until_answered(post: Post):
    first = contact(post)
    answered = contact(post, kind=ContactKind.CONSULTATION)
    service_line.answer(post.desk, contact_id=answered.id, outcome="已答复", by=post.officer.id)
    post.clock.advance(hours=9)
    shifts.close_shift(
        post.desk, shift_id=post.shift.id, by=post.deputy.id, pin=PIN, handover_notes="12367"
    )
    carried = service_line.carried_over(post.desk, post.shift.id)
    assert [c.id for c in carried] == [first.id]
    # The next shift sees it until it is answered, whoever took it.
    assert [c.id for c in service_line.open_contacts(post.desk)] == [first.id]
    post.clock.advance(hours=1)
    service_line.answer(post.desk, contact_id=first.id, outcome="调查后回复", by=post.deputy.id)
    assert service_line.open_contacts(post.desk) == []
    # What the closed shift handed over does not change.
    assert [c.id for c in service_line.carried_over(post.desk, post.shift.id)] == [first.id]
    with post.desk.read() as s:
        assert s.scalars(select(ServiceContact.shift_id)).all() == [post.shift.id] * 2


# -- at HQ: synced, and listed across ports on the console ---------------------------------


def test_contacts_and_replies_reach_hq_and_its_console_lists_them(hq, tmp_path: Path):
    from helpers.console import add_users, console

    from desktop_app.sync.client import SyncClient
    from tests.conftest import make_post
    from tests.helpers.sync import enroll

    clock = Clock(datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1))
    posts = [make_post(tmp_path / code, clock, code) for code in ("TRG", "ALS")]
    try:
        made = {}
        for post in posts:
            enroll(hq.engine, post.desk, hq.url)
            made[post.desk.port_code] = contact(post, summary=f"{post.desk.port_code} 投诉")
        answered = contact(posts[1], kind=ContactKind.CONSULTATION, summary="开关时间")
        clock.advance(minutes=30)
        service_line.answer(
            posts[1].desk, contact_id=answered.id, outcome="已答复", by=posts[1].deputy.id
        )
        clock.at = datetime.now(UTC)  # the desks sign with their clocks: HQ's time
        for post in posts:
            with SyncClient(post.desk, hq.url) as client:
                client.sync()
        with hq.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(ServiceContact)).scalar() == 3
            assert conn.execute(select(func.count()).select_from(ServiceContactReply)).scalar() == 1
        add_users(hq.engine)
        with console(hq.engine) as browser:
            browser.sign_in("analyst")
            listing = browser.get("/console/service-line.json").json()["listing"]
            rows = {(r["port"], r["contact"]["summary"]): r["state"] for r in listing["rows"]}
            assert rows == {
                ("TRG", "TRG 投诉"): "waiting",
                ("ALS", "ALS 投诉"): "waiting",
                ("ALS", "开关时间"): "on_time",
            }
            waiting = browser.get("/console/service-line.json?open=1").json()["listing"]
            assert waiting["open"] == 2 and len(waiting["rows"]) == 2
            page = browser.get("/console/service-line")
            assert page.status_code == 200 and "TRG 投诉" in page.text
    finally:
        for post in posts:
            post.desk.close()


# -- the daily report's section, parsed back ---------------------------------------------


def test_the_daily_report_counts_contacts_and_prints_complaints_with_the_measured_wait(
    post: Post, tmp_path: Path
):
    import pdfplumber

    from desktop_app import reports

    joined = clearance.join_queue(
        post.desk,
        lane_id=post.lane.id,
        reference="G98765432",
        subject_kind=SubjectKind.PERSON,
        traveller_category=TravellerCategory.CHINESE_CITIZEN,
        by=post.officer.id,
    )
    post.clock.advance(minutes=37)
    clearance.start_service(post.desk, clearance_id=joined.clearance_id, by=post.officer.id)
    complaint = contact(post, clearance_reference="G98765432")
    contact(post, topic_code="staff_conduct")  # a complaint with no clearance, left waiting
    asked = contact(post, kind=ContactKind.CONSULTATION, topic_code="opening_hours")
    contact(post, kind=ContactKind.PRAISE, topic_code="staff_conduct")
    post.clock.advance(minutes=20)
    service_line.answer(post.desk, contact_id=complaint.id, outcome="致歉", by=post.deputy.id)
    post.clock.advance(hours=30)  # the consultation's 24 hours have passed
    service_line.answer(post.desk, contact_id=asked.id, outcome="已回电", by=post.deputy.id)
    day = post.desk.local_time(complaint.received_at).date()
    figures = service_line.figures(
        service_line.contacts(post.desk, as_of=post.clock.at), post.clock.at
    )
    assert (figures.on_time, figures.late, figures.waiting, figures.overdue) == (1, 1, 1, 0)
    for lang in ("zh", "en"):
        result = reports.build_daily_report(post.desk, day, tmp_path / f"day-{lang}.pdf", lang)
        with pdfplumber.open(result.path) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        heading = "12367服务热线登记" if lang == "zh" else "The 12367 service line"
        assert heading in text
        section = text[text.index(heading) :]
        waiting_time = "排队等候时间" if lang == "zh" else "Waiting time"
        conduct = "执勤人员服务态度" if lang == "zh" else "Officers' conduct"
        # By topic: waiting time 1 complaint; conduct 1 complaint and 1 praise.
        assert f"{waiting_time} 0 1 0 0 1" in section
        assert f"{conduct} 0 1 0 1 2" in section
        # The complaint names its clearance with the traveller's measured wait (37 min).
        line = next(ln for ln in section.splitlines() if "G98765432" in ln)
        assert " 37.0 " in f" {line} "
        replies = (
            "答复：按时 1，逾期 1，待答复 1，超期未答复 0。"
            if lang == "zh"
            else "Replies: on time 1, late 1, waiting 1, overdue 0."
        )
        assert replies in section.replace("\n", "")


def test_a_contact_answered_at_two_desks_counts_once_by_its_first_reply(post: Post):
    from db import outbox

    made = contact(post, kind=ContactKind.CONSULTATION)
    post.clock.advance(minutes=10)
    service_line.answer(post.desk, contact_id=made.id, outcome="先答复", by=post.officer.id)
    with post.desk.unit() as s:  # what another desk's reply looks like once synced
        outbox.append(
            s,
            ServiceContactReply,
            port_id=post.desk.port_id,
            contact_id=made.id,
            answered_at=post.clock.at - timedelta(minutes=5),
            outcome="另一台先答",
            officer_id=post.deputy.id,
            at=post.clock.at,
        )
    (line,) = service_line.contacts(post.desk)
    assert line.outcome == "另一台先答" and line.on_time()
