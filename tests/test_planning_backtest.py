"""The planner on a real demo post: no look-ahead, the CLI, the backtest's figures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app import demo
from desktop_app.bootstrap import initialize
from desktop_app.cli import main
from desktop_app.desk import Desk
from desktop_app.planning.history import Digests, History
from desktop_app.planning.inputs import Record
from desktop_app.planning.plan import make_plan, plan_for, plan_json

END = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)  # 16:30 in Beijing
# Early afternoon of the demo's last full day: forecasts for the afternoon are still coming in.
MOMENT = datetime(2026, 11, 19, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def post(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("trg")
    desk = initialize(directory, "TRG")
    demo.generate(desk, days=4, seed=5, end=END)
    desk.close()
    yield directory


def _plan(record: Record, at: datetime) -> dict:
    doc = plan_json(plan_for(record.known_at(at)), record.zone)
    doc.pop("elapsed_ms")
    return doc


@pytest.mark.slow
def test_a_plan_is_the_same_whatever_the_database_holds_after_its_moment(post: Path) -> None:
    desk = Desk.open(post)
    try:
        everything = Record.load(desk, MOMENT - timedelta(weeks=6), END)
        # A moment someone was waiting at: what happened to them next is not known yet.
        waited = next(
            r for r in everything.actual(MOMENT, END) if r.started_at and r.wait(END) > 120
        )
        at = waited.joined_at + timedelta(seconds=60)
        cut = Record.load(desk, at - timedelta(weeks=6), at)
        everything = Record.load(desk, at - timedelta(weeks=6), END)
    finally:
        desk.close()
    # The test means something: the later data holds joins after the moment, steps of
    # earlier joins after it, forecasts announced after it for the plan's hours, arrivals.
    assert len(everything.rows) > len(cut.rows)
    assert any(r.started_at and r.started_at > at for r in cut.rows)
    late_news = [
        f
        for f in everything.forecasts
        if f.announced_at is not None
        and f.announced_at > at
        and at < f.expected_at < at + timedelta(hours=12)
    ]
    assert late_news
    known = everything.known_at(at)
    assert all(j.joined_at < at for j in known.joins)
    assert all(j.started_at is None or j.started_at <= at for j in known.joins)
    assert all(f.known_from <= at for f in known.forecasts)
    assert all(f.arrived_at is None or f.arrived_at <= at for f in known.forecasts)
    assert not {f.id for f in late_news} & {f.id for f in known.forecasts}
    assert _plan(everything, at) == _plan(cut, at)


@pytest.mark.slow
def test_a_desk_reads_its_weeks_once_an_hour_and_plans_as_the_backtest_does(post: Path) -> None:
    at = MOMENT + timedelta(minutes=7)
    desk = Desk.open(post)
    try:
        history = History(desk)
        live = make_plan(desk, at=at, history=history)
        again = make_plan(desk, at=at + timedelta(minutes=20), history=history)
        assert history.reads == 1  # the same hour of the clock: the weeks were kept
        make_plan(desk, at=at + timedelta(hours=1), history=history)
        assert history.reads == 2
        # The backtest's way: one record holding data after the moment, digests by hour.
        replay = Digests(Record.load(desk, at - timedelta(weeks=6, hours=1), END))
    finally:
        desk.close()
    assert again.at == at + timedelta(minutes=20)
    replayed = plan_for(replay.known(at), digest=replay.at(at))
    doc, expected = plan_json(live, replay.record.zone), plan_json(replayed, replay.record.zone)
    doc.pop("elapsed_ms")
    expected.pop("elapsed_ms")
    assert doc == expected


@pytest.mark.slow
def test_known_at_copies_only_rows_settled_by_its_moment(post: Path) -> None:
    desk = Desk.open(post)
    try:
        record = Record.load(desk, MOMENT - timedelta(days=2), END)
    finally:
        desk.close()
    for at in (MOMENT, MOMENT + timedelta(minutes=13), END - timedelta(minutes=1)):
        slow = [r.as_of(at) for r in record.rows if r.joined_at < at]
        fast = record.known_at(at).joins
        assert len(fast) == len(slow)
        assert [(j.joined_at, j.started_at, j.finished_at) for j in fast] == [
            (r.joined_at, r.started_at, r.finished_at) for r in slow if r is not None
        ]


@pytest.mark.slow
def test_plan_command_prints_the_plan_and_its_json(post: Path, capsys) -> None:
    at = "2026-11-19T14:00+08:00"
    assert main(["--data-dir", str(post), "plan", "--hours", "6", "--at", at]) == 0
    out = capsys.readouterr().out
    assert out.startswith("plan for TRG from 2026-11-19 14:00 (6 h")
    assert "travellers_entry: lanes open" in out and " likely " in out
    assert main(["--data-dir", str(post), "plan", "--at", at, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["at"] == "2026-11-19T06:00:00Z" and doc["bin_minutes"] == 15
    entry = doc["queues"]["travellers_entry"]
    assert len(entry["bins"]) == 48
    assert sum(b["arrivals"] for b in entry["bins"]) > 5
    for a in doc["advice"]:
        assert a["text_en"] and a["text_zh"] and a["lead_min"] >= 0


@pytest.mark.slow
def test_backtest_command_scores_the_days(post: Path, capsys) -> None:
    args = ["--data-dir", str(post), "plan", "backtest", "--from", "2026-11-19", "--to"]
    assert main([*args, "2026-11-19", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["port"] == "TRG" and doc["plans"] == 48
    assert doc["hours"], "hours with traffic are scored"
    for h in doc["hours"]:
        assert h["joins"] >= 5 and h["predicted_p90_min"] >= 0
    assert 0 <= doc["within_5_min"] <= 1 and 0 <= doc["held_within_5_min"] <= 1
    assert all(h["held_p90_min"] >= 0 for h in doc["hours"])
    assert main([*args, "2026-11-19"]) == 0
    out = capsys.readouterr().out
    assert "holding the lanes open at each hour's start" in out
    assert "mean absolute error" in out and "preceded by advice >= 15 min earlier" in out
