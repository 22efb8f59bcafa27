"""A small, hand-checked data set for the report tests, written through the services.

Torugart (TRG, Asia/Shanghai = UTC+8).  All times below are UTC; local = +8 h.

Shift A  12:00 → 00:00 UTC (20:00 → 08:00 local: it crosses midnight)
  C1 citizen  P-IN-1 joined 12:10 started 12:15 finished 12:17 cleared    wait  5  total  7
  C2 citizen  P-IN-1 joined 12:20 started 12:40 finished 12:45 referred   wait 20  total 25
              (service start first keyed as 12:50, corrected to 12:40)
  X  citizen  P-IN-1 joined 12:40, undone (a mistaken scan: not counted)
  C3 citizen  P-IN-1 joined 12:30 started 13:05 finished 13:10 cleared    wait 35  total 40  breach
  C4 foreign  P-IN-1 joined 12:30 started 12:31 finished 12:33 refused    wait  1  total  3
  V1 vehicle  V-IN-1 joined 13:00 started 13:10 finished 13:30 cleared    wait 10  total 30 (F1)
  C8 citizen  GREEN  joined 14:00 started 14:02 finished 14:03 cleared    wait  2  total  3
  C5 foreign  P-IN-1 joined 15:50 started 16:10 finished 16:12 cleared    wait 20  total 22
              (joined 23:50 local on the 10th, served 00:10 on the 11th)
  C6 citizen  P-IN-1 joined 16:05 started 16:50 finished 16:55 cleared    wait 45  total 50  breach
  C7 citizen  P-IN-1 joined 17:00, never served (still waiting)
  lanes: P-IN-1, V-IN-1 open all shift; GREEN 12:00–15:00; P-IN-2 13:00–14:00; PRIORITY from 14:40
  forecasts: F1 bus expected 12:50, arrived 13:00 (on time); F2 expected 13:30, never came
             (no-show); F3 expected 15:00, arrived 14:20 (early)
  approval: requested by officer 2001 at 14:35, approved by deputy 1002, used on PRIORITY
  emergency: altitude sickness at 14:30, oxygen given, recovered
  checklist: all pass before the shift; equipment re-checked at 13:20: fail (reader)
  closed at 00:00 by deputy 1001 with handover notes

Shift B  00:00 → 04:00 UTC on the 11th: only breaches
  C9  foreign P-IN-1 joined 01:00 started 01:40 finished 01:45 cleared    wait 40  total 45
  C10 vehicle V-IN-1 joined 02:00 started 02:31 finished 02:40 cleared    wait 31  total 40

Shift C  04:00 → 05:00 UTC on the 11th: empty

Local day 2026-03-10 (UTC 03-09 16:00 → 03-10 16:00): C1 C2 C3 C4 V1 C8 C5
Local day 2026-03-11 (UTC 03-10 16:00 → 03-11 16:00): C6 C7 C9 C10; shifts A, B, C
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from conftest import PIN, Clock, Post, make_post
from sqlalchemy import select

from db.enums import (
    CheckResult,
    Direction,
    EmergencyKind,
    Mode,
    Outcome,
    SubjectKind,
    TravellerCategory,
)
from db.models import DutyTeam
from desktop_app import approvals, clearance, emergencies, forecasts, lanes, shifts
from desktop_app.demo import open_ready_shift

DAY1 = date(2026, 3, 10)
DAY2 = date(2026, 3, 11)
HANDOVER = "P-IN-1 证件阅读器故障，已报修 <待更换> & 交接完毕"


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@dataclass
class Dataset:
    post: Post
    shift_a: uuid.UUID
    shift_b: uuid.UUID
    shift_c: uuid.UUID
    approval_id: uuid.UUID


def build_dataset(directory: Path) -> Dataset:
    clock = Clock(utc(10, 14))
    post = make_post(directory, clock)  # shift A opened at 12:00; P-IN-1, V-IN-1 open at 12:00
    desk, officer, deputy, deputy2 = post.desk, post.officer, post.deputy, post.deputy2

    def at(t: datetime) -> datetime:
        clock.at = t
        return t

    def lane(code: str) -> uuid.UUID:
        return post.lane_by_code(code).id

    def person(
        code: str,
        ref: str,
        category: TravellerCategory,
        joined: datetime,
        started: datetime | None = None,
        finished: datetime | None = None,
        outcome: Outcome = Outcome.CLEARED,
        **extra: object,
    ) -> uuid.UUID:
        event = clearance.join_queue(
            desk,
            lane_id=lane(code),
            reference=ref,
            subject_kind=SubjectKind.PERSON,
            traveller_category=category,
            by=officer.id,
            at=at(joined),
            **extra,  # type: ignore[arg-type]
        )
        cid = event.clearance_id
        if started:
            clearance.start_service(desk, clearance_id=cid, by=officer.id, at=at(started))
        if finished:
            clearance.finish(
                desk, clearance_id=cid, outcome=outcome, by=officer.id, at=at(finished)
            )
        return cid

    citizen, foreign = TravellerCategory.CHINESE_CITIZEN, TravellerCategory.FOREIGN_NATIONAL
    lanes.set_open(desk, lane_id=lane("GREEN"), open_=True, by=officer.id, at=at(utc(10, 12)))

    # Forecasts, noted in the afternoon (local) before the shift.
    at(utc(10, 9))
    f1 = forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="新Q·12345",
        direction=Direction.ENTRY,
        expected_at=utc(10, 12, 50),
        expected_travellers=2,
        expected_vehicles=1,
        by=officer.id,
    )
    forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="KG 01·777",
        direction=Direction.ENTRY,
        expected_at=utc(10, 13, 30),
        expected_travellers=30,
        expected_vehicles=1,
        by=officer.id,
    )
    f3 = forecasts.add(
        desk,
        mode=Mode.ROAD,
        reference="车队 101",
        direction=Direction.EXIT,
        expected_at=utc(10, 15),
        expected_vehicles=4,
        by=officer.id,
    )

    person("P-IN-1", "Q001", citizen, utc(10, 12, 10), utc(10, 12, 15), utc(10, 12, 17))
    c2 = clearance.join_queue(
        desk,
        lane_id=lane("P-IN-1"),
        reference="Q002",
        subject_kind=SubjectKind.PERSON,
        traveller_category=citizen,
        by=officer.id,
        at=at(utc(10, 12, 20)),
    )
    mistaken_start = clearance.start_service(
        desk, clearance_id=c2.clearance_id, by=officer.id, at=at(utc(10, 12, 50))
    )
    clearance.correct(
        desk,
        event_id=mistaken_start.id,
        by=officer.id,
        reason="keyed late",
        at=utc(10, 12, 40),
    )
    clearance.finish(
        desk,
        clearance_id=c2.clearance_id,
        outcome=Outcome.REFERRED,
        by=officer.id,
        at=at(utc(10, 12, 45)),
    )
    mistaken = clearance.join_queue(
        desk,
        lane_id=lane("P-IN-1"),
        reference="Q099",
        subject_kind=SubjectKind.PERSON,
        traveller_category=citizen,
        by=officer.id,
        at=at(utc(10, 12, 40)),
    )
    clearance.undo(desk, clearance_id=mistaken.clearance_id, by=officer.id, reason="double scan")
    person("P-IN-1", "Q003", citizen, utc(10, 12, 30), utc(10, 13, 5), utc(10, 13, 10))
    person(
        "P-IN-1",
        "Q004",
        foreign,
        utc(10, 12, 30),
        utc(10, 12, 31),
        utc(10, 12, 33),
        Outcome.REFUSED,
    )

    forecasts.mark_arrived(desk, forecast_id=f1.id, by=officer.id, at=at(utc(10, 13)))
    v1 = clearance.join_queue(
        desk,
        lane_id=lane("V-IN-1"),
        reference="新Q·12345",
        subject_kind=SubjectKind.VEHICLE,
        by=officer.id,
        forecast_id=f1.id,
        at=at(utc(10, 13)),
    )
    clearance.start_service(
        desk, clearance_id=v1.clearance_id, by=officer.id, at=at(utc(10, 13, 10))
    )
    lanes.set_open(desk, lane_id=lane("P-IN-2"), open_=True, by=officer.id, at=at(utc(10, 13)))
    shifts.record_check(
        desk,
        shift_id=post.shift.id,
        item_code="equipment",
        result=CheckResult.FAIL,
        note="P-IN-1 读卡器故障",
        by=deputy.id,
        at=at(utc(10, 13, 20)),
    )
    clearance.finish(
        desk,
        clearance_id=v1.clearance_id,
        outcome=Outcome.CLEARED,
        by=officer.id,
        at=at(utc(10, 13, 30)),
    )
    lanes.set_open(desk, lane_id=lane("P-IN-2"), open_=False, by=officer.id, at=at(utc(10, 14)))
    person(
        "GREEN",
        "Q008",
        citizen,
        utc(10, 14),
        utc(10, 14, 2),
        utc(10, 14, 3),
        direction=Direction.ENTRY,
    )
    forecasts.mark_arrived(desk, forecast_id=f3.id, by=officer.id, at=at(utc(10, 14, 20)))
    passage = emergencies.record(
        desk,
        kind=EmergencyKind.ALTITUDE_SICKNESS,
        by=officer.id,
        subject_ref="KG 旅客",
        action_taken="吸氧，医务室观察",
        at=at(utc(10, 14, 30)),
    )
    emergencies.update(desk, passage_id=passage.id, by=officer.id, outcome="症状缓解后通关")
    at(utc(10, 14, 35))
    approval = approvals.request(
        desk, subject_ref="新A·99999", reason="急救药品运输车辆", by=officer.id
    )
    at(utc(10, 14, 38))
    approvals.decide(
        desk, approval_id=approval.id, approve=True, by=deputy2.id, pin=PIN, note="同意"
    )
    lanes.set_open(
        desk, lane_id=lane("PRIORITY"), open_=True, by=officer.id, at=at(utc(10, 14, 40))
    )
    lanes.assign(
        desk,
        lane_id=lane("PRIORITY"),
        subject_ref="新A·99999",
        subject_kind=SubjectKind.VEHICLE,
        approval_id=approval.id,
        by=officer.id,
        at=at(utc(10, 14, 41)),
    )
    lanes.set_open(desk, lane_id=lane("GREEN"), open_=False, by=officer.id, at=at(utc(10, 15)))
    person("P-IN-1", "Q005", foreign, utc(10, 15, 50), utc(10, 16, 10), utc(10, 16, 12))
    person("P-IN-1", "Q006", citizen, utc(10, 16, 5), utc(10, 16, 50), utc(10, 16, 55))
    person("P-IN-1", "Q007", citizen, utc(10, 17))  # still waiting
    shifts.close_shift(
        desk,
        shift_id=post.shift.id,
        by=deputy.id,
        pin=PIN,
        handover_notes=HANDOVER,
        at=at(utc(11, 0)),
    )

    with desk.read() as s:
        teams = list(s.scalars(select(DutyTeam).order_by(DutyTeam.name_zh)))

    def new_shift(team: DutyTeam, start: datetime, end: datetime) -> uuid.UUID:
        at(start - timedelta(minutes=30))
        shift = open_ready_shift(
            desk, team_id=team.id, start=start, end=end, by=deputy2.id, opened_at=at(start)
        )
        return shift.id

    shift_b = new_shift(teams[1], utc(11, 0), utc(11, 4))
    person("P-IN-1", "Q009", foreign, utc(11, 1), utc(11, 1, 40), utc(11, 1, 45))
    v10 = clearance.join_queue(
        desk,
        lane_id=lane("V-IN-1"),
        reference="KG 02·1010",
        subject_kind=SubjectKind.VEHICLE,
        by=officer.id,
        at=at(utc(11, 2)),
    )
    clearance.start_service(
        desk, clearance_id=v10.clearance_id, by=officer.id, at=at(utc(11, 2, 31))
    )
    clearance.finish(
        desk,
        clearance_id=v10.clearance_id,
        outcome=Outcome.CLEARED,
        by=officer.id,
        at=at(utc(11, 2, 40)),
    )
    shifts.close_shift(
        desk, shift_id=shift_b, by=deputy2.id, pin=PIN, handover_notes="", at=at(utc(11, 4))
    )

    shift_c = new_shift(teams[2], utc(11, 4), utc(11, 8))
    shifts.close_shift(
        desk, shift_id=shift_c, by=deputy2.id, pin=PIN, handover_notes="无", at=at(utc(11, 5))
    )
    at(utc(12, 1))  # both local days are over
    return Dataset(post, post.shift.id, shift_b, shift_c, approval.id)


def test_dataset_builds_through_the_services(tmp_path):
    data = build_dataset(tmp_path / "post")
    try:
        assert data.post.count("shifts") == 3
        # 12 joined (one of them undone), 10 started (one corrected), 10 finished, 1 void
        assert data.post.count("clearance_events") == 12 + 10 + 1 + 10 + 1
    finally:
        data.post.desk.close()
