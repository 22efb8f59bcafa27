"""Hostile and careless files: every command on a damaged, empty, foreign or read-only
database says in one line which file and what to do, exits non-zero and changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.desk import Desk
from desktop_app.paths import database_path
from tests.helpers import raw_db

ROOT = Path(__file__).resolve().parents[1]

# Every command that opens the post's database (and the ones that only look at it).
COMMANDS = [
    ["init", "--port", "TRG"],
    ["demo", "--force", "--days", "1"],
    ["stats"],
    ["backup"],
    ["check"],
    ["officer", "list"],
    ["officer", "add", "--badge", "7001", "--name", "X", "--pin", "2468"],
    ["report", "daily", "--date", "2026-11-25", "--out", "report.pdf"],
    ["conflicts"],
    ["sync", "--hq", "http://127.0.0.1:9"],
    ["enroll", "--hq", "http://127.0.0.1:9", "--code", "AAAA-BBBB"],
    ["export-bundle", "bundle.bin"],
]


@pytest.fixture(scope="module")
def a_post(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real post's database, everything in the main file, in plaintext.

    A post from before encryption: SQLite's own header is what these checks read
    (an encrypted file has none in the clear; a damaged one fails its page HMACs).
    """
    directory = tmp_path_factory.mktemp("template")
    assert main(["--data-dir", str(directory), "init", "--port", "TRG"]) == 0
    Desk.open(directory).close()  # the last connection checkpoints the WAL into the file
    plain = directory / "plain.sqlite3"
    raw_db.decrypt_copy(database_path(directory), plain)
    return plain.read_bytes()


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2 + 100]  # mid-page


def truncated_at_a_page(data: bytes) -> bytes:
    page = int.from_bytes(data[16:18], "big")
    return data[: (len(data) // page // 2) * page]  # whole pages, but fewer than the header says


def garbage(_data: bytes) -> bytes:
    return bytes((i * 7919) % 251 for i in range(64 * 1024))


def foreign(_data: bytes) -> bytes:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('not a post')")
    conn.commit()
    data = conn.serialize()
    conn.close()
    return data


DAMAGES: dict[str, Callable[[bytes], bytes] | None] = {
    "truncated": truncated,
    "truncated-at-a-page": truncated_at_a_page,
    "garbage": garbage,
    "empty": lambda _data: b"",
    "tables-without-alembic-version": foreign,
    "a-directory": None,
}


def lay_out(directory: Path, damage: str, data: bytes) -> Path:
    directory.mkdir()
    path = database_path(directory)
    make = DAMAGES[damage]
    if make is None:
        path.mkdir()
        (path / "something").write_text("a folder where the database should be")
    else:
        path.write_bytes(make(data))
    return path


def fingerprint(directory: Path) -> dict[str, str]:
    """Every file under the folder and its hash (the log folder aside: logging is allowed)."""
    found = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "logs" not in path.relative_to(directory).parts:
            found[str(path.relative_to(directory))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_every_command_refuses_a_damaged_database_in_one_line_and_changes_nothing(
    damage: str, a_post: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    directory = tmp_path / "post"
    path = lay_out(directory, damage, a_post)
    monkeypatch.chdir(tmp_path)  # where report.pdf and bundle.bin would go
    before = fingerprint(directory)
    for command in COMMANDS:
        code = main(["--data-dir", str(directory), *command])
        out, err = capsys.readouterr()
        lines = [line for line in (out + err).splitlines() if line.strip()]
        assert code != 0, (command, out, err)
        assert len(lines) == 1, (command, lines)
        assert str(path) in lines[0] or str(directory) in lines[0], (command, lines)
        assert "Traceback" not in out + err
        assert fingerprint(directory) == before, command
    assert not (tmp_path / "report.pdf").exists() and not (tmp_path / "bundle.bin").exists()


def test_check_does_not_call_an_empty_file_ok(tmp_path: Path, capsys) -> None:
    directory = tmp_path / "post"
    directory.mkdir()
    database_path(directory).write_bytes(b"")
    assert main(["--data-dir", str(directory), "check"]) == 1
    out = capsys.readouterr().out
    assert "integrity_check: ok" not in out and "is empty" in out


def test_stats_writes_no_schema_into_an_empty_file(tmp_path: Path, capsys) -> None:
    directory = tmp_path / "post"
    directory.mkdir()
    database_path(directory).write_bytes(b"")
    assert main(["--data-dir", str(directory), "stats"]) == 2
    assert database_path(directory).read_bytes() == b""
    assert "is empty (0 bytes)" in capsys.readouterr().err


def test_a_sqlite_file_without_tables_is_not_taken_for_a_post(tmp_path: Path, capsys) -> None:
    """Only ``init`` creates the schema; other commands leave such a file as it is."""
    directory = tmp_path / "post"
    directory.mkdir()
    conn = raw_db.connect(database_path(directory))
    conn.execute("PRAGMA user_version = 1")  # a header and nothing else
    conn.close()
    before = database_path(directory).read_bytes()
    assert main(["--data-dir", str(directory), "stats"]) == 2
    assert "checkpoint-desk init" in capsys.readouterr().err
    assert database_path(directory).read_bytes() == before


def test_data_dir_pointing_at_a_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    for command in (["init", "--port", "TRG"], ["stats"], ["backup"], ["demo"]):
        assert main(["--data-dir", str(a_file), *command]) == 2
        err = capsys.readouterr().err
        assert f"{a_file} is a file, not a folder" in err
        assert "FileExistsError" not in err and "Traceback" not in err
    assert a_file.read_text() == "not a folder"


def test_data_dir_is_accepted_after_the_command_too(tmp_path: Path, capsys) -> None:
    directory = tmp_path / "post"
    assert main(["init", "--port", "TRG", "--data-dir", str(directory)]) == 0
    assert database_path(directory).exists()
    capsys.readouterr()
    assert main(["officer", "list", "--data-dir", str(directory)]) == 0
    with pytest.raises(SystemExit):  # argparse's own refusal: the option was understood
        main(["report", "daily", "--data-dir", str(directory), "--date", "x", "--out", "r.pdf"])
    assert "is not a date" in capsys.readouterr().err
    # before and after the command: the one after it wins, as people expect
    elsewhere = tmp_path / "elsewhere"
    assert main(["--data-dir", str(elsewhere), "stats", "--data-dir", str(directory)]) == 0
    assert "TRG" in capsys.readouterr().out and not elsewhere.exists()


def test_demo_force_on_an_existing_post_takes_that_posts_port(tmp_path: Path, capsys) -> None:
    directory = tmp_path / "post"
    assert main(["--data-dir", str(directory), "init", "--port", "TRG"]) == 0
    assert main(["--data-dir", str(directory), "demo", "--force", "--days", "1"]) == 0
    assert "demo post TRG" in capsys.readouterr().out
    desk = Desk.open(directory)
    assert desk.port_code == "TRG"
    desk.close()
    # naming another port is still refused, without a traceback
    assert main(["--data-dir", str(directory), "demo", "--force", "--port", "ALS"]) == 2
    assert "belongs to port TRG" in capsys.readouterr().err


# -- a read-only data folder --------------------------------------------------------------------


def run_read_only(directory: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """``checkpoint-desk COMMAND`` with ``directory`` read-only for it.

    As root, permissions do not stop a write: the folder is bind-mounted
    read-only in a mount namespace of the command's own (``unshare``), as a
    read-only medium would be.  Otherwise it is made read-only by its modes.
    """
    args = [sys.executable, "-m", "desktop_app", "--data-dir", str(directory), *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if os.geteuid() != 0:
        for path in [directory, *directory.iterdir()]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            return subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT)
        finally:
            for path in [directory, *directory.iterdir()]:
                path.chmod(0o755 if path.is_dir() else 0o644)
    unshare = shutil.which("unshare")
    assert unshare, "unshare (util-linux) is needed to make a read-only folder as root"
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'
    return subprocess.run(
        [unshare, "--mount", "sh", "-c", script, "sh", str(directory), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    "command", [["stats"], ["backup"], ["officer", "list"], ["init", "--port", "TRG"]]
)
def test_a_read_only_data_folder_is_reported_as_read_only_not_damaged(
    command: list[str], a_post: bytes, tmp_path: Path
) -> None:
    directory = tmp_path / "post"
    directory.mkdir()
    database_path(directory).write_bytes(a_post)
    before = fingerprint(directory)
    done = run_read_only(directory, *command)
    assert done.returncode != 0, done
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "read-only" in lines[0] and str(database_path(directory)) in lines[0]
    assert "damaged" not in lines[0] and "restore" not in lines[0]
    assert fingerprint(directory) == before


def test_check_reads_a_database_on_a_read_only_medium(a_post: bytes, tmp_path: Path) -> None:
    directory = tmp_path / "post"
    directory.mkdir()
    database_path(directory).write_bytes(a_post)
    done = run_read_only(directory, "check")
    assert done.returncode == 0, done
    assert "integrity_check: ok" in done.stdout
