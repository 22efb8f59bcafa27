"""The desk's and HQ's log files, the hooks that log what nobody caught, and the self-test's
time zones (tzdata ships with the app: Windows has no zone database)."""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop_app import logs, selftest
from desktop_app.cli import main
from desktop_app.reference import ports

ROOT = Path(__file__).resolve().parents[1]


def test_commands_log_to_a_file_in_the_data_folder(tmp_path: Path, capsys) -> None:
    directory = tmp_path / "post"
    assert main(["--data-dir", str(directory), "init", "--port", "TRG"]) == 0
    log_file = directory / "logs" / "checkpoint-desk.log"
    assert f"post TRG ready in {directory}" in log_file.read_text()
    capsys.readouterr()
    (directory / "desk.sqlite3").write_bytes(b"")  # a command that fails: one line on the
    assert main(["--data-dir", str(directory), "stats"]) == 2  # console, the details logged
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "refused: " in log_file.read_text() and "is empty" in log_file.read_text()
    # A command that went well leaves its trace too: what ran, how it ended, how long.
    (directory / "desk.sqlite3").unlink()
    assert main(["--data-dir", str(tmp_path / "other"), "init", "--port", "ALS"]) == 0
    assert main(["--data-dir", str(tmp_path / "other"), "officer", "list"]) == 0
    lines = (tmp_path / "other" / "logs" / "checkpoint-desk.log").read_text().splitlines()
    assert any(line.endswith("officer: started") for line in lines)
    assert any("officer: ended, exit status 0, " in line for line in lines)
    assert "stats: ended, exit status 2, " in log_file.read_text()


def test_verbose_prints_what_the_log_gets(tmp_path: Path, capsys) -> None:
    directory = tmp_path / "post"
    assert main(["--data-dir", str(directory), "init", "--port", "TRG"]) == 0
    assert "Running upgrade" not in capsys.readouterr().err
    assert main(["officer", "list", "--data-dir", str(directory), "--verbose"]) == 0
    logging.getLogger("checkpoint.test").info("an INFO line")
    assert "an INFO line" in capsys.readouterr().err


def test_an_uncaught_exception_is_logged_with_its_traceback(tmp_path: Path) -> None:
    """In a process of its own: the hooks are the process's."""
    script = (
        "import sys, threading; from pathlib import Path; from desktop_app import logs\n"
        "logs.configure('checkpoint-desk', Path(sys.argv[1]))\n"
        "t = threading.Thread(target=lambda: 1 / 0, name='sync-runner'); t.start(); t.join()\n"
        "raise RuntimeError('the main thread gives up')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1
    text = (tmp_path / "logs" / "checkpoint-desk.log").read_text()
    assert "uncaught exception in thread sync-runner" in text and "ZeroDivisionError" in text
    assert "RuntimeError: the main thread gives up" in text and "Traceback" in text


def test_a_read_only_folder_leaves_the_log_on_stderr_only(tmp_path: Path) -> None:
    blocker = tmp_path / "post"
    blocker.mkdir()
    (blocker / "logs").write_text("a file where the log folder would go")
    assert logs.configure("checkpoint-desk", blocker) is None  # no file, and no crash


def test_the_sync_runner_logs_into_the_desks_file(tmp_path: Path) -> None:
    from desktop_app.bootstrap import initialize
    from desktop_app.protocol.signing import new_private_key, private_key_text
    from desktop_app.sync import SyncRunner, local
    from tests.helpers.waiting import wait_until

    desk = initialize(tmp_path / "post", "TRG")
    log_file = logs.configure("checkpoint-desk", tmp_path / "post")
    assert log_file is not None
    # Enrolled (as far as the desk knows) at an HQ that is not there.
    local.save(
        desk,
        {
            local.HQ_URL: "http://127.0.0.1:9",
            local.PRIVATE_KEY: private_key_text(new_private_key()),
        },
    )
    runner = SyncRunner(
        desk, interval=3600, initial_backoff=3600, max_backoff=3600, probe_every=3600
    )
    runner.start()
    try:
        wait_until(lambda: "sync failed" in log_file.read_text(), what="the runner logged")
    finally:
        runner.stop()
        desk.close()
    assert "checkpoint.sync" in log_file.read_text()


# -- time zones ------------------------------------------------------------------------------


def test_the_self_test_opens_every_ports_zone_from_tzdata() -> None:
    detail = selftest.step_zones(selftest.Context(folder=Path()))
    assert f"the {len(ports())} ports' time zones open from tzdata" in detail
    assert selftest.STEPS[0][0] == "zones"


def test_the_self_test_fails_naming_a_port_whose_zone_does_not_open(monkeypatch) -> None:
    known = ports()
    mars = dataclasses.replace(known["TRG"], code="XXX", time_zone="Mars/Olympus_Mons")
    broken = {**known, "XXX": mars}
    monkeypatch.setattr(selftest, "ports", lambda: broken)
    with pytest.raises(RuntimeError, match="port XXX: time zone 'Mars/Olympus_Mons'"):
        selftest.step_zones(selftest.Context(folder=Path()))


def test_tzdata_is_a_dependency() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(dep.startswith("tzdata") for dep in project["dependencies"])
    assert threading.current_thread() is threading.main_thread()
