"""A hand-made post where every figure is known: what a deputy captain signs, what HQ reads.

Alashankou (ALS, Asia/Shanghai = UTC+8): travellers against 30 minutes of
waiting, vehicles 60 minutes of waiting, trains 25 minutes from joining to
leaving the desk (resources/reference/targets.json).  Times are UTC; local = +8 h.

Shift 1, day team, 03-10 00:00 → 12:00 (08:00 → 20:00 local), lanes P-IN-1, V-IN-1, R-IN
  A1 citizen  joined 01:00 started 01:10 finished 01:12 cleared   wait 10
  A2 citizen  joined 02:00 started 02:40 finished 02:45 cleared   wait 40  breach
              (corrected after the close: started 02:20, wait 20: an amended report)
  A3 foreign  joined 03:00 started 03:05 finished 03:06 refused   wait  5
  T1 train    joined 04:00 started 04:02 finished 04:30 cleared   total 30 > 25: breach (own)
  V1 vehicle  joined 05:00 started 05:50 finished 06:00 cleared   wait 50: over 30, within 60
  L2 citizen  joined 11:20, still waiting at the close: 40 so far, a breach (lower bound)
  L1 citizen  joined 11:40, still waiting at the close: 20 so far, undecided (not counted)
  signed at 12:00: citizens counted 3 (10, 40, ≥40): P50 40, P90 40, max ≥40, 1/3 within,
  breaches A2 and L2 (L2 still waiting); throughput P-IN-1 3 finished

Shift 2, night team, 12:00 → 00:00 (20:00 → 08:00 local): equipment check failed, opened
over it by deputy captain 1002 with a reason
  L2 served 12:05 → 12:07 (wait 45), L1 served 12:10 → 12:12 (wait 30, exactly the target)
  B1 citizen  joined 15:50 (23:50 local) started 16:25 (00:25 local, next day) wait 35 breach
  B2 citizen  joined 20:00 started 20:50 finished 20:55                         wait 50 breach
  B3 citizen  joined 23:20, still waiting at the close: 40 so far              breach (≥)
  signed at 00:00: citizens counted 3 (35, 50, ≥40): P50 40, P90 48, 0 within, 3 breaches;
  P-IN-1 finished 4 (L2 and L1 joined in shift 1: throughput counts them here)
  forecasts: F1 bus expected 13:00, pre-inspection cleared 12:30, arrived 13:05 (on time);
  F3 expected 14:10 never came; F2 expected 15:30 never came

Shift 3, 00:00 → 04:00 on 03-11: B3 served 00:10 → 00:12 (wait 50).

Local day 03-10 (UTC 03-09 16:00 → 03-10 16:00): A1 A2 A3 T1 V1 L2 L1 B1 joined on it; it
is final when shift 2 closes (03-11 00:00).  After the correction, citizens 10, 20, 45, 30,
35: P50 30, P90 41, P95 43, max 45, 3/5 within, breaches L2 and B1.  Forecasts F0 (expected
06:00, arrived 06:30: late, never pre-inspected), F1, F3, F2: 1 of 2 arrived pre-inspected.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import PIN, Clock, Post, make_post
from pypdf import PdfReader
from sqlalchemy import select

from db.enums import CheckResult, Direction, Mode, Outcome, PreInspection, SubjectKind
from db.enums import TravellerCategory as Category
from db.models import AuditEntry, DutyTeam, ShiftSignoff
from desktop_app import clearance, forecasts, lanes, reports, shifts
from desktop_app.cli import main
from desktop_app.errors import RuleViolation
from desktop_app.reports import figures, signoff, snapshot

MIN = 60.0
D1 = date(2026, 3, 10)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def type7(values: list[float], q: float) -> float:
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


def text_of(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join("".join((p.extract_text() or "") for p in pdf.pages).split())


def pages_of(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return ["".join((p.extract_text() or "").split()) for p in pdf.pages]


@dataclass
class HandPost:
    post: Post
    folder: Path
    shift1: uuid.UUID
    shift2: uuid.UUID
    shift3: uuid.UUID
    ids: dict[str, uuid.UUID]  # reference → clearance id
    signed1: bytes  # shift 1's report, built the moment it closed
    signed1_en: bytes
    signed2: bytes
    provisional_day: reports.ReportResult  # 03-10 at 14:30, while shift 2 runs
    provisional_day_later: reports.ReportResult  # 03-10 at 14:40, no new data
    provisional_shift: reports.ReportResult  # shift 2 at 14:30
    provisional_shift_figures: figures.Figures  # the same, as figures
    open_refusals: list[RuleViolation]


def build(directory: Path) -> HandPost:
    clock = Clock(utc(10, 2))
    post = make_post(directory / "post", clock, port="ALS")  # shift 1 opened at 00:00
    desk, officer, deputy, deputy2 = post.desk, post.officer, post.deputy, post.deputy2
    folder = directory / "pdf"
    ids: dict[str, uuid.UUID] = {}

    def at(t: datetime) -> datetime:
        clock.at = t
        return t

    def lane(code: str) -> uuid.UUID:
        return post.lane_by_code(code).id

    def subject(
        ref: str,
        code: str,
        kind: SubjectKind,
        joined: datetime | None,  # None: a subject already in the queue
        started: datetime | None = None,
        finished: datetime | None = None,
        *,
        outcome: Outcome = Outcome.CLEARED,
        category: Category | None = None,
    ) -> None:
        if ref not in ids:
            assert joined is not None, ref
            event = clearance.join_queue(
                desk,
                lane_id=lane(code),
                reference=ref,
                subject_kind=kind,
                traveller_category=category,
                by=officer.id,
                at=at(joined),
            )
            ids[ref] = event.clearance_id
        if started:
            clearance.start_service(desk, clearance_id=ids[ref], by=officer.id, at=at(started))
        if finished:
            clearance.finish(
                desk, clearance_id=ids[ref], outcome=outcome, by=officer.id, at=at(finished)
            )

    def person(
        ref: str, category: Category, *times: datetime | None, outcome: Outcome = Outcome.CLEARED
    ) -> None:
        subject(ref, "P-IN-1", SubjectKind.PERSON, *times, outcome=outcome, category=category)

    lanes.set_open(desk, lane_id=lane("R-IN"), open_=True, by=officer.id, at=utc(10, 0))
    citizen, foreign = Category.CHINESE_CITIZEN, Category.FOREIGN_NATIONAL

    # -- shift 1 ---------------------------------------------------------------------
    at(utc(10, 0, 30))
    f0 = forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="新B·00001",
        direction=Direction.ENTRY,
        expected_at=utc(10, 6),
        expected_travellers=1,
        by=officer.id,
    )
    person("A1", citizen, utc(10, 1), utc(10, 1, 10), utc(10, 1, 12))
    person("A2", citizen, utc(10, 2), utc(10, 2, 40), utc(10, 2, 45))
    person("A3", foreign, utc(10, 3), utc(10, 3, 5), utc(10, 3, 6), outcome=Outcome.REFUSED)
    subject("T1", "R-IN", SubjectKind.TRAIN, utc(10, 4), utc(10, 4, 2), utc(10, 4, 30))
    subject("V1", "V-IN-1", SubjectKind.VEHICLE, utc(10, 5), utc(10, 5, 50), utc(10, 6))
    forecasts.mark_arrived(desk, forecast_id=f0.id, by=officer.id, at=at(utc(10, 6, 30)))
    at(utc(10, 9))
    f1 = forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="KZ 0101 客车",
        direction=Direction.ENTRY,
        expected_at=utc(10, 13),
        expected_travellers=30,
        expected_vehicles=1,
        by=officer.id,
    )
    forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="车队 303",
        direction=Direction.EXIT,
        expected_at=utc(10, 14, 10),
        expected_vehicles=5,
        by=officer.id,
    )
    forecasts.add(
        desk,
        mode=Mode.RAIL,
        reference="X8202",
        direction=Direction.ENTRY,
        expected_at=utc(10, 15, 30),
        expected_vehicles=1,
        by=officer.id,
    )
    person("L2", citizen, utc(10, 11, 20))
    person("L1", citizen, utc(10, 11, 40))

    # The night team's checklist: the equipment check fails.
    with desk.read() as s:
        teams = list(s.scalars(select(DutyTeam).order_by(DutyTeam.name_en)))
    at(utc(10, 11, 30))
    night = shifts.plan_shift(
        desk, team_id=teams[1].id, planned_start=utc(10, 12), planned_end=utc(11, 0), by=deputy2.id
    )
    for status in shifts.checklist_status(desk, night.id):
        failed = status.item.code == "equipment"
        shifts.record_check(
            desk,
            shift_id=night.id,
            item_code=status.item.code,
            result=CheckResult.FAIL if failed else CheckResult.PASS,
            note="P-IN-2 读卡器故障" if failed else "",
            by=deputy2.id,
        )

    at(utc(10, 12))
    shifts.close_shift(
        desk, shift_id=post.shift.id, by=deputy.id, pin=PIN, handover_notes="L1、L2 仍在排队"
    )
    folder.mkdir()
    signed1 = reports.build_shift_report(desk, post.shift.id, folder / "s1.pdf")
    signed1_en = reports.build_shift_report(desk, post.shift.id, folder / "s1-en.pdf", "en")

    # -- shift 2: opened over the failed check ------------------------------------------
    refusals = []
    for attempt in (
        lambda: shifts.open_shift(desk, shift_id=night.id, by=deputy2.id),
        lambda: shifts.override_check(
            desk, shift_id=night.id, item_code="equipment", reason="备用", by=officer.id, pin=PIN
        ),
        lambda: shifts.override_check(
            desk, shift_id=night.id, item_code="equipment", reason="", by=deputy2.id, pin=PIN
        ),
        lambda: shifts.override_check(
            desk, shift_id=night.id, item_code="mock_inspection", reason="x", by=deputy2.id, pin=PIN
        ),
        lambda: shifts.override_check(
            desk, shift_id=night.id, item_code="equipment", reason="备用", by=deputy2.id, pin="0000"
        ),
    ):
        with pytest.raises(RuleViolation) as refused:
            attempt()
        refusals.append(refused.value)
    shifts.override_check(
        desk,
        shift_id=night.id,
        item_code="equipment",
        reason="P-IN-1 读卡器正常，P-IN-2 暂停使用",
        by=deputy2.id,
        pin=PIN,
    )
    shifts.open_shift(desk, shift_id=night.id, by=deputy2.id)

    person("L2", citizen, None, utc(10, 12, 5), utc(10, 12, 7))
    person("L1", citizen, None, utc(10, 12, 10), utc(10, 12, 12))
    at(utc(10, 12, 30))
    forecasts.set_preinspection(
        desk, forecast_id=f1.id, status=PreInspection.CLEARED, by=officer.id
    )
    forecasts.mark_arrived(desk, forecast_id=f1.id, by=officer.id, at=at(utc(10, 13, 5)))
    at(utc(10, 14, 30))
    provisional_day = reports.build_daily_report(desk, D1, folder / "day-1430.pdf")
    provisional_shift = reports.build_shift_report(desk, night.id, folder / "s2-1430.pdf", "en")
    provisional_shift_figures = reports.shift_figures(desk, night.id)
    at(utc(10, 14, 40))
    provisional_day_later = reports.build_daily_report(desk, D1, folder / "day-1440.pdf")
    person("B1", citizen, utc(10, 15, 50), utc(10, 16, 25), utc(10, 16, 27))
    person("B2", citizen, utc(10, 20), utc(10, 20, 50), utc(10, 20, 55))
    person("B3", citizen, utc(10, 23, 20))
    at(utc(11, 0))
    shifts.close_shift(desk, shift_id=night.id, by=deputy2.id, pin=PIN, handover_notes="B3 排队中")
    signed2 = reports.build_shift_report(desk, night.id, folder / "s2.pdf")

    # -- shift 3: the last leftover is served ---------------------------------------------
    at(utc(10, 23, 30))
    plan3 = shifts.plan_shift(
        desk, team_id=teams[2].id, planned_start=utc(11, 0), planned_end=utc(11, 4), by=deputy.id
    )
    for status in shifts.checklist_status(desk, plan3.id):
        shifts.record_check(
            desk,
            shift_id=plan3.id,
            item_code=status.item.code,
            result=CheckResult.PASS,
            by=deputy.id,
        )
    at(utc(11, 0))
    shifts.open_shift(desk, shift_id=plan3.id, by=deputy.id)
    person("B3", citizen, None, utc(11, 0, 10), utc(11, 0, 12))
    at(utc(11, 4))
    shifts.close_shift(desk, shift_id=plan3.id, by=deputy.id, pin=PIN, handover_notes="")
    at(utc(11, 17))  # both local days are over
    return HandPost(
        post=post,
        folder=folder,
        shift1=post.shift.id,
        shift2=night.id,
        shift3=plan3.id,
        ids=ids,
        signed1=signed1.path.read_bytes(),
        signed1_en=signed1_en.path.read_bytes(),
        signed2=signed2.path.read_bytes(),
        provisional_day=provisional_day,
        provisional_day_later=provisional_day_later,
        provisional_shift=provisional_shift,
        provisional_shift_figures=provisional_shift_figures,
        open_refusals=refusals,
    )


@pytest.fixture(scope="module")
def hand(tmp_path_factory) -> Iterator[HandPost]:
    made = build(tmp_path_factory.mktemp("hand"))
    yield made
    made.post.desk.close()


def correct_a2(hand: HandPost) -> None:
    """A correction recorded the morning after: A2's service began at 02:20, not 02:40."""
    desk = hand.post.desk
    a2 = next(
        c
        for c in reports.shift_figures(desk, hand.shift1, version="signed").snapshot.clearances
        if c.reference == "A2"
    )
    hand.post.clock.at = utc(11, 1)
    assert a2.started_event_id is not None
    clearance.correct(
        desk,
        event_id=a2.started_event_id,
        by=hand.post.deputy.id,
        reason="开始查验时间录入有误",
        at=utc(10, 2, 20),
    )
    hand.post.clock.at = utc(11, 17)


def row(rows, key):
    return next(r for r in rows if r.key == key)


# -- signed at close-out ------------------------------------------------------------------


def test_shift_1_as_signed_matches_hand_computation(hand):
    f = reports.shift_figures(hand.post.desk, hand.shift1, version="signed")
    assert f.snapshot.period.as_of == utc(10, 12) and f.snapshot.period.final
    citizens = row(f.times, "chinese_citizen").wait
    # counted: A1 10, A2 40, L2 still waiting 40 so far; L1 (20 so far) undecided
    assert (citizens.count, citizens.unserved, citizens.waiting_over_target) == (3, 2, 1)
    assert citizens.p50 == citizens.p90 == citizens.max == 40 * MIN
    assert citizens.within_target == pytest.approx(1 / 3)
    assert [b.reference for b in citizens.breaches] == ["A2", "L2"]
    headline = {h.group: h for h in f.key.headline}
    assert list(headline) == ["chinese_citizen", "other_travellers", "vehicle", "train"]
    assert headline["other_travellers"].figures.p90 == 5 * MIN
    vehicle, train = headline["vehicle"], headline["train"]
    assert (vehicle.target.measure, vehicle.target.minutes) == ("wait", 60)
    assert vehicle.figures.within_target == 1.0 and vehicle.figures.breaches == []
    assert row(f.times, "vehicle").wait.breaches[0].reference == "V1"  # over 30, shown too
    assert (train.target.measure, train.target.minutes) == ("total", 25)
    assert train.figures.max == 30 * MIN and train.figures.within_target == 0.0
    assert row(f.times, "train").wait.within_target == 1.0  # 2 minutes' wait
    breaches = [(b.clearance.reference, b.value_s / MIN, b.still_waiting) for b in f.breaches]
    assert breaches == [("A2", 40.0, False), ("T1", 30.0, False), ("L2", 40.0, True)]
    throughput = {t.lane.code: t.finished for t in f.lanes}
    assert throughput == {"P-IN-1": 3, "V-IN-1": 1, "R-IN": 1}
    assert (f.key.subjects, f.key.referred, f.key.refused, f.key.unfinished) == (7, 0, 1, 2)


def test_shift_2_counts_leftovers_where_they_were_served(hand):
    f = reports.shift_figures(hand.post.desk, hand.shift2)
    citizens = row(f.times, "chinese_citizen").wait
    # B1 35, B2 50, B3 still waiting 40 at the close; L1 and L2 joined in shift 1
    assert citizens.count == 3
    assert citizens.p50 == pytest.approx(type7([35, 50, 40], 0.5) * MIN) == 40 * MIN
    assert citizens.p90 == pytest.approx(type7([35, 50, 40], 0.9) * MIN) == 48 * MIN
    assert citizens.within_target == 0.0 and citizens.waiting_over_target == 1
    assert [b.reference for b in citizens.breaches] == ["B1", "B2", "B3"]
    # the defect: finishes in the shift whatever the join time (L2, L1, B1, B2)
    assert {t.lane.code: t.finished for t in f.lanes}["P-IN-1"] == 4
    statuses = {r.forecast.reference: r.status for r in f.forecasts}
    assert statuses == {"KZ 0101 客车": "on_time", "车队 303": "no_show", "X8202": "no_show"}
    check = next(c for c in f.checks if c.item_code == "equipment")
    assert (check.result, check.override_by.badge_no) == ("fail", "1002")
    assert check.override_reason == "P-IN-1 读卡器正常，P-IN-2 暂停使用"


def test_signed_reports_are_byte_identical_after_later_data(hand, tmp_path):
    """Leftovers served later, the next shifts, the day's end: none of it changes them."""
    desk = hand.post.desk
    again = reports.build_shift_report(desk, hand.shift1, tmp_path / "s1.pdf")
    assert again.path.read_bytes() == hand.signed1
    assert not again.amended
    english = reports.build_shift_report(desk, hand.shift1, tmp_path / "s1-en.pdf", "en")
    assert english.path.read_bytes() == hand.signed1_en
    two = reports.build_shift_report(desk, hand.shift2, tmp_path / "s2.pdf")
    assert two.path.read_bytes() == hand.signed2  # B3 served in shift 3 afterwards
    with desk.read() as s:
        signoffs = list(s.scalars(select(ShiftSignoff).order_by(ShiftSignoff.at)))
    assert [(x.shift_id, x.as_of) for x in signoffs] == [
        (hand.shift1, utc(10, 12)),
        (hand.shift2, utc(11, 0)),
        (hand.shift3, utc(11, 4)),
    ]
    assert signoffs[0].data_hash[:12] == again.data_hash == again.signed_hash


def test_what_was_signed_travels_to_hq_in_the_outbox(hand):
    from db.models import OutboxEntry

    with hand.post.desk.read() as s:
        queued = s.scalars(
            select(OutboxEntry.entity).where(OutboxEntry.entity == "shift_signoffs")
        ).all()
    assert len(queued) == 3


def test_the_stored_form_round_trips(hand):
    sig = signoff.signed(hand.post.desk, hand.shift1)
    assert sig is not None and sig.as_of == utc(10, 12)
    assert snapshot.full_hash(sig.snapshot) == sig.data_hash  # decoded, encoded: the same bytes
    assert sig.signed_by.badge_no == "1001"


# -- provisional: as of an explicit time ------------------------------------------------


def test_provisional_reports_state_their_as_of_time(hand):
    day = hand.provisional_day
    assert not day.final and day.as_of == utc(10, 14, 30)
    body = text_of(day.path)
    assert "数据截至2026-03-1022:30" in body and "截至2026-03-1022:30" in body
    # today's forecasts, those still to come too: F2 at 23:30 local is "not yet due"
    f = reports.daily_figures(hand.post.desk, D1, as_of=utc(10, 14, 30))
    statuses = {r.forecast.reference: r.status for r in f.forecasts}
    assert statuses == {
        "新B·00001": "late",
        "KZ 0101 客车": "on_time",
        "车队 303": "overdue",  # due 14:10, 15 minutes' grace: overdue, not yet a no-show
        "X8202": "expected",
    }
    assert "未到期" in body and "逾期未到" in body
    # the shift's lanes are open 12:00 → 14:30 (clipped to the as-of time)
    shift = hand.provisional_shift_figures
    assert shift.snapshot.period.until == utc(10, 14, 30)
    assert {t.lane.code: t.open_hours for t in shift.lanes}["P-IN-1"] == pytest.approx(2.5)
    first_hour = shift.hours[0]  # 20:00 local, all of it inside the period: three lanes open
    assert first_hour.lanes_open == pytest.approx(3)
    assert shift.hours[-1].start == utc(10, 14)  # the hour the as-of time falls in
    assert shift.hours[-1].lanes_open == pytest.approx(3)  # averaged over 14:00-14:30
    assert hand.provisional_shift.as_of == utc(10, 14, 30)
    assert all("PROVISIONAL" in page for page in pages_of(hand.provisional_shift.path))


def test_the_hash_of_unchanged_data_does_not_follow_the_clock(hand):
    assert hand.provisional_day.data_hash == hand.provisional_day_later.data_hash
    assert hand.provisional_day.as_of != hand.provisional_day_later.as_of


# -- the day --------------------------------------------------------------------------


def test_day_1_before_the_correction(hand):
    f = reports.daily_figures(hand.post.desk, D1)
    assert f.snapshot.period.as_of == utc(11, 0)  # final when its night shift closed
    citizens = row(f.times, "chinese_citizen").wait
    waits = [10, 40, 45, 30, 35]  # A1 A2 L2 L1 B1
    assert citizens.count == 5 and citizens.unserved == 0
    assert citizens.p90 == pytest.approx(type7(waits, 0.9) * MIN) == pytest.approx(43 * MIN)
    assert citizens.within_target == pytest.approx(0.4)
    assert [b.reference for b in citizens.breaches] == ["A2", "L2", "B1"]
    s = f.forecast_summary
    assert (s.arrived, s.preinspected_before_arrival) == (2, 1)
    assert s.preinspection == {"pending": 3, "in_progress": 0, "cleared": 1, "flagged": 0}
    assert {t.lane.code: t.finished for t in f.lanes}["P-IN-1"] == 5  # B1 left on the 11th
    assert [d.day for d in f.trend][-1] == D1 and len(f.trend) == 7
    assert f.trend[-1].groups["chinese_citizen"].p90 == citizens.p90
    assert all(not d.groups for d in f.trend[:-1])


# -- a correction after the close: the amended report -------------------------------------


@pytest.fixture(scope="module")
def corrected(hand, tmp_path_factory):
    folder = tmp_path_factory.mktemp("amended")
    correct_a2(hand)
    desk = hand.post.desk
    return {
        "zh": reports.build_shift_report(desk, hand.shift1, folder / "s1-amended.pdf"),
        "en": reports.build_shift_report(desk, hand.shift1, folder / "s1-amended-en.pdf", "en"),
        "signed": reports.build_shift_report(
            desk, hand.shift1, folder / "s1-signed.pdf", version="signed"
        ),
        "shift2": reports.build_shift_report(desk, hand.shift2, folder / "s2.pdf"),
        "folder": folder,
    }


def test_amended_figures_match_hand_computation(hand, corrected):
    f = reports.shift_figures(hand.post.desk, hand.shift1)
    citizens = row(f.times, "chinese_citizen").wait
    # A1 10, A2 20 (corrected), L2 still waiting 40 at the close
    assert citizens.p50 == 20 * MIN
    assert citizens.p90 == pytest.approx(type7([10, 20, 40], 0.9) * MIN) == 36 * MIN
    assert citizens.within_target == pytest.approx(2 / 3)
    assert [b.reference for b in citizens.breaches] == ["L2"]
    a = f.amendment
    assert a is not None and a.signed_hash == corrected["zh"].signed_hash
    assert [(c.reference, c.field, c.signed, c.amended) for c in a.changes] == [
        ("A2", "started_at", utc(10, 2, 40).isoformat(), utc(10, 2, 20).isoformat())
    ]
    (correction,) = a.corrections
    assert (correction.reference, correction.step, correction.officer.badge_no) == (
        "A2",
        "started",
        "1001",
    )
    assert correction.recorded_at == utc(11, 1) and correction.reason == "开始查验时间录入有误"


def test_the_amended_report_says_so_on_every_page_and_lists_the_change(hand, corrected):
    zh, en = corrected["zh"], corrected["en"]
    assert zh.amended and zh.data_hash != zh.signed_hash
    assert all("更正版" in page for page in pages_of(zh.path))
    body = text_of(zh.path)
    assert "A2开始查验2026-03-1010:402026-03-1010:20" in body
    assert "开始查验时间录入有误" in body
    assert f"数据校验{zh.data_hash}（签字版{zh.signed_hash}）" in body
    assert all("AMENDED" in page for page in pages_of(en.path))
    # what was signed is still printed byte for byte; the next shift is not amended
    assert corrected["signed"].path.read_bytes() == hand.signed1
    assert not corrected["shift2"].amended
    assert corrected["shift2"].path.read_bytes() == hand.signed2


def test_day_1_after_the_correction(hand, corrected):
    f = reports.daily_figures(hand.post.desk, D1)
    citizens = row(f.times, "chinese_citizen").wait
    waits = [10, 20, 45, 30, 35]
    assert citizens.p50 == 30 * MIN
    assert citizens.p90 == pytest.approx(type7(waits, 0.9) * MIN) == pytest.approx(41 * MIN)
    assert citizens.p95 == pytest.approx(43 * MIN)
    assert citizens.within_target == pytest.approx(0.6)
    assert [b.reference for b in citizens.breaches] == ["L2", "B1"]
    # B1 joined 23:50 local and was served 00:25 the next day: the date is printed
    path = corrected["folder"] / "day1.pdf"
    reports.build_daily_report(hand.post.desk, D1, path)
    assert "03-1023:5003-1100:25" in text_of(path)


def test_stats_by_day_and_json_agree_with_the_report(hand, corrected, capsys):
    args = [
        "--data-dir",
        str(hand.post.path),
        "stats",
        "--from",
        "2026-03-10",
        "--to",
        "2026-03-11",
    ]
    as_of = ["--as-of", "2026-03-12T01:00+08:00"]
    assert main([*args, *as_of, "--by", "day", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["as_of"] == "2026-03-11T17:00:00Z" and doc["port"] == "ALS"
    day1, day2 = doc["days"]
    citizens = day1["groups"]["chinese_citizen"]
    assert citizens["p90_s"] == pytest.approx(41 * MIN) and citizens["breaches"] == 2
    assert citizens["within_target"] == pytest.approx(0.6)
    assert day1["own_target"]["train"]["breaches"] == 1  # T1: 30 minutes > 25
    assert day1["own_target"]["vehicle"]["breaches"] == 0  # V1: 50 minutes ≤ 60
    assert day2["groups"]["chinese_citizen"]["count"] == 2  # B2 and B3 (07:20 local on the 11th)
    assert main([*args, *as_of, "--by", "day"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("2026-03-10 chinese_citizen") and "41.0" in line for line in lines)
    # as of the evening of the 10th: B3 has not joined; L1 and L2 still in the queue
    early = ["--as-of", "2026-03-10T20:00+08:00", "--json"]
    assert main([*args[:3], "--from", "2026-03-10", *early]) == 0
    doc = json.loads(capsys.readouterr().out)
    cn = doc["groups"]["chinese_citizen"]
    assert (cn["unserved"], cn["waiting_over_target"], cn["lower_bound"]) == (2, 1, True)
    assert doc["pooled_all_categories"]["count"] >= cn["count"]


# -- the checklist override ----------------------------------------------------------------


def test_a_failed_required_check_blocks_until_a_deputy_captain_overrides(hand):
    rules = [(e.field, e.rule) for e in hand.open_refusals]
    assert rules == [
        ("checklist", "checklist_failed"),  # no override: it blocks
        ("by", "role"),  # an officer may not override
        ("reason", "required"),  # not without a reason
        ("item_code", "check_not_blocking"),  # a passed check needs none
        ("pin", "wrong_pin"),  # signed with the PIN
    ]
    with hand.post.desk.read() as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.at, AuditEntry.hlc)))
    overridden = [e for e in entries if e.action == "checklist.overridden"]
    assert len(overridden) == 1 and overridden[0].detail["item"] == "equipment"
    opened = [e for e in entries if e.action == "shift.opened" and e.entity_id == hand.shift2]
    assert opened[0].detail == {"overridden": ["equipment"]}
    body = text_of(hand.folder / "s2.pdf")
    # (the cell wraps: pdfplumber reads the lines of the row's cells interleaved)
    assert "副队长李成龙（1002）于03-1020:00决定带此" in body
    assert "故障开班，理由：P-IN-1读卡器正常，P-IN-2暂停使用" in body


# -- the printed record itself ----------------------------------------------------------


def every_font(path: Path) -> list[tuple[str, bool]]:
    """Every font the PDF names (pages and their forms), with whether it is embedded."""
    found: list[tuple[str, bool]] = []

    def walk(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()  # type: ignore[attr-defined]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object().get("/FontDescriptor")
                if descendants
                else font.get("/FontDescriptor")
            )
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.append((str(font.get("/BaseFont")), embedded))
        for form in (resources.get("/XObject") or {}).values():
            walk(form.get_object().get("/Resources"))

    for page in PdfReader(path).pages:
        walk(page.get("/Resources"))
    return found


def test_every_font_is_embedded_and_chinese_is_drawn(hand, corrected):
    for path in [hand.folder / "s1.pdf", hand.folder / "s1-en.pdf", corrected["en"].path]:
        fonts = every_font(path)
        assert fonts and all(embedded for _, embedded in fonts), fonts
        assert not any("Helvetica" in name for name, _ in fonts)
    assert "阿拉山口口岸执勤班次报告" in text_of(hand.folder / "s1.pdf")
