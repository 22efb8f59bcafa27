"""The shift report's duty roster and plan advice sections, and taking or dismissing advice."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pdfplumber
from sqlalchemy import select

from db.enums import AdviceChoice
from db.models import AdviceDecision, AuditEntry, OutboxEntry
from desktop_app import duty_roster, lanes, reports
from desktop_app.planning.advice import Advice, Cause
from desktop_app.planning.decisions import decide, decided
from desktop_app.planning.inputs import Queue
from desktop_app.reports import reading
from desktop_app.reports.figures import compute
from desktop_app.reports.snapshot import decode, encode


def spaced_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())


def an_advice(post) -> Advice:
    now = post.clock.at
    return Advice(
        key=f"travellers_entry:open:P-IN-2:{(now + timedelta(minutes=20)).isoformat()}",
        action="open",
        group=Queue.TRAVELLERS_ENTRY,
        lane_code="P-IN-2",
        lane_id=None,
        open_by=now + timedelta(minutes=20),
        wave_at=now + timedelta(minutes=35),
        lead_s=20 * 60,
        p90_before_s=34 * 60,
        p90_after_s=12 * 60,
        causes=(Cause("road:group", 3, 120, now + timedelta(minutes=35)),),
    )


def test_advice_taken_and_dismissed_is_audited_and_synced(post) -> None:
    advice = an_advice(post)
    decide(post.desk, advice=advice, choice=AdviceChoice.TAKEN, by=post.deputy.id)
    with post.desk.read() as s:
        [row] = s.scalars(select(AdviceDecision)).all()
        queued = s.scalars(select(OutboxEntry).where(OutboxEntry.entity == "advice_decisions"))
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "advice.taken"))
        assert len(queued.all()) == 1 and len(audited.all()) == 1
    assert row.shift_id == post.shift.id and row.lane_code == "P-IN-2"
    assert row.text_en.startswith("open P-IN-2 by ") and "3 buses (≈120 travellers)" in row.text_en
    assert "开放P-IN-2" in row.text_zh
    assert decided(post.desk, post.clock.at - timedelta(hours=1)) == {
        advice.key: AdviceChoice.TAKEN
    }


def test_the_shift_report_prints_the_roster_and_the_advice(post, tmp_path) -> None:
    duty_roster.take_lane(
        post.desk, shift_id=post.shift.id, officer_id=post.officer.id, lane_id=post.lane.id,
        by=post.deputy.id,
    )  # fmt: skip
    advice = an_advice(post)
    decide(post.desk, advice=advice, choice=AdviceChoice.TAKEN, by=post.deputy.id)
    post.clock.advance(minutes=15)
    lanes.set_open(
        post.desk, lane_id=post.lane_by_code("P-IN-2").id, open_=True, by=post.officer.id
    )
    snap = reading.shift_snapshot(post.desk, post.shift.id)
    assert snap.planning_recorded
    assert [(d.action, d.lane_code) for d in snap.duty] == [("lane", "P-IN-1")]
    assert snap.unstaffed == ("P-IN-2", "V-IN-1")  # open, and nobody works them
    [info] = snap.advice
    assert info.choice == "taken" and info.lane_opened_at == post.clock.at
    path = tmp_path / "shift.pdf"
    reports.build_shift_report(post.desk, post.shift.id, path, "en")
    body = spaced_text(path)
    assert "Duty roster" in body and "Plan advice" in body
    assert "no officer working them: P-IN-2, V-IN-1" in body
    assert "1 line of plan advice answered: 1 taken, 0 dismissed" in body
    assert "3 buses" in body
    zh = tmp_path / "shift-zh.pdf"
    reports.build_shift_report(post.desk, post.shift.id, zh, "zh")
    squashed = "".join(spaced_text(zh).split())
    assert "执勤安排" in squashed and "预判建议" in squashed and "采纳" in squashed
    # A snapshot signed by an earlier version has neither: the report says so.
    stored = encode(snap).replace(b',"planning_recorded":true', b"")
    assert not compute(decode(stored)).planning_recorded
