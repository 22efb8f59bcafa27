"""The command line and the demo generator, on real data directories."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from db.enums import ShiftState
from db.models import ClearanceEvent, Shift
from desktop_app import demo, queue
from desktop_app.bootstrap import initialize
from desktop_app.cli import main
from desktop_app.desk import Desk


def test_init_creates_a_post_and_refuses_another_port(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "init", "--port", "trg"]) == 0
    assert (tmp_path / "desk.sqlite3").exists()
    assert main(["--data-dir", str(tmp_path), "init", "--port", "ALS"]) == 2
    assert "belongs to port TRG" in capsys.readouterr().err


def test_unknown_port_names_the_known_codes(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "init", "--port", "XXX"]) == 2
    err = capsys.readouterr().err
    assert "unknown port code 'XXX'" in err and "TRG" in err


def test_commands_on_a_missing_post_say_how_to_start(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "none"), "stats"]) == 2
    assert "checkpoint-desk init" in capsys.readouterr().err


def test_init_with_first_admin_then_officer_add_needs_that_admin(tmp_path: Path, capsys) -> None:
    d = str(tmp_path)
    assert (
        main(
            [
                "--data-dir",
                d,
                "init",
                "--port",
                "TRG",
                "--admin-badge",
                "9001",
                "--admin-pin",
                "1357",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "--data-dir",
                d,
                "officer",
                "add",
                "--badge",
                "2001",
                "--name",
                "陈静",
                "--pin",
                "2468",
            ]
        )
        == 2
    )  # no admin given: refused, an admin exists
    assert "only an admin adds officers" in capsys.readouterr().err
    assert (
        main(
            [
                "--data-dir",
                d,
                "officer",
                "add",
                "--badge",
                "2001",
                "--name",
                "陈静",
                "--pin",
                "2468",
                "--admin",
                "9001",
                "--admin-pin",
                "1357",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--data-dir", d, "officer", "list"]) == 0
    listed = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert [row[:3] for row in listed] == [
        ["2001", "officer", "active"],
        ["9001", "admin", "active"],
    ]
    assert listed[0][3] == "陈静"


END = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)  # 16:30 in Beijing: TRG is open


def _demo(directory: Path, port: str, days: int = 2) -> Desk:
    desk = initialize(directory, port)
    demo.generate(desk, days=days, seed=11, end=END)
    return desk


def _facts(desk: Desk) -> list[tuple]:
    with desk.read() as s:
        rows = s.execute(
            select(
                ClearanceEvent.reference,
                ClearanceEvent.step,
                ClearanceEvent.at,
                ClearanceEvent.outcome,
            ).order_by(ClearanceEvent.at, ClearanceEvent.reference)
        )
        return [tuple(r) for r in rows]


@pytest.mark.slow
def test_demo_is_reproducible_for_a_seed(tmp_path: Path) -> None:
    a, b = _demo(tmp_path / "a", "TRG"), _demo(tmp_path / "b", "TRG")
    try:
        assert _facts(a) == _facts(b)
        assert len(_facts(a)) > 300
    finally:
        a.close()
        b.close()


@pytest.mark.slow
@pytest.mark.parametrize("port", ["TRG", "ALS"])
def test_demo_ends_live_and_keeps_every_rule(tmp_path: Path, port: str) -> None:
    desk = _demo(tmp_path / port, port)
    desk.clock = lambda: END  # look at it as of the demo's end
    try:
        with desk.read() as s:
            states = [sh.state for sh in s.scalars(select(Shift).order_by(Shift.planned_start))]
            orphans = s.execute(
                text(
                    "SELECT count(*) FROM clearance_events e LEFT JOIN outbox o "
                    "ON o.record_id = e.id WHERE o.seq IS NULL"
                )
            ).scalar_one()
        assert states[-1] == ShiftState.OPEN
        assert all(state == ShiftState.CLOSED for state in states[:-1])
        assert orphans == 0
        assert queue.current_queue(desk), "the demo ends with people in the queue"
    finally:
        desk.close()
    assert main(["--data-dir", str(tmp_path / port), "check"]) == 0


@pytest.mark.slow
def test_stats_command_reads_the_demo(tmp_path: Path, capsys) -> None:
    _demo(tmp_path, "ALS").close()
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path),
                "stats",
                "--from",
                "2026-11-19",
                "--to",
                "2026-11-20",
                "--json",
            ]
        )
        == 0
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["as_of"].endswith("Z") and figures["by"] == "traveller_category"
    groups = figures["groups"]
    assert {"crew", "chinese_citizen", "foreign_national"} <= set(groups)
    assert groups["chinese_citizen"]["count"] > 100
    assert 0 < groups["chinese_citizen"]["within_target"] <= 1
    assert "waiting_over_target" in groups["chinese_citizen"]
    # never a pooled headline: the figure over everyone is labelled as such, apart
    assert "all" not in groups and figures["pooled_all_categories"]["count"] > 100
    # trains and vehicles against their own targets at this rail port
    assert figures["own_target"]["train"]["measure"] == "total"
    assert figures["own_target"]["train"]["target_s"] == 25 * 60


def test_demo_refuses_an_existing_database(tmp_path: Path, capsys) -> None:
    initialize(tmp_path, "TRG").close()
    assert main(["--data-dir", str(tmp_path), "demo", "--port", "TRG"]) == 2
    assert "fresh directory" in capsys.readouterr().err


def test_officer_without_an_action_is_a_usage_error_not_the_desktop_app(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["--data-dir", str(tmp_path), "officer"])
    assert usage.value.code == 2


def test_a_reversed_period_and_held_on_a_desk_never_enrolled_say_so(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "init", "--port", "TRG"]) == 0
    capsys.readouterr()
    period = ["--from", "2026-12-05", "--to", "2026-12-01"]
    assert main(["--data-dir", str(tmp_path), "stats", *period]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "checkpoint-desk: --to 2026-12-01 is before --from 2026-12-05"
    # Nothing set aside, but nothing reaches HQ either: the desk is not enrolled.
    assert main(["--data-dir", str(tmp_path), "held"]) == 0
    out = capsys.readouterr().out
    assert "not enrolled" in out and "reaches HQ" not in out
