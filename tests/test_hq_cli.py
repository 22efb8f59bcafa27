"""``checkpoint-hq`` and the post's sync commands (``checkpoint-desk enroll/sync/conflicts``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_sync_support import demo_post

from db.migrate import head_revision
from desktop_app import cli as desk_cli
from hq import cli as hq_cli
from hq.migrate import hq_head
from hq.testing import REPO, HQServer

CODE = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}")


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    assert hq_cli.main(["migrate", "--db", url]) == 0
    return url


def hq(capsys, *args: str) -> tuple[int, str, str]:
    code = hq_cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def desk(capsys, data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = desk_cli.main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_migrate_is_idempotent_and_runs_as_a_module(tmp_path):
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "hq", "migrate", "--db", url],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert f"shared schema {head_revision()}, HQ tables {hq_head()}" in done.stdout


def test_enroll_prints_the_code_alone_on_the_last_line(db, capsys):
    code, out, _ = hq(capsys, "enroll", "--port", "trg", "--db", db)
    assert code == 0
    last = out.strip().splitlines()[-1]
    assert CODE.fullmatch(last), last
    assert "TRG" in out
    code, _, err = hq(capsys, "enroll", "--port", "XYZ", "--db", db)
    assert code == 2 and "unknown port code 'XYZ'" in err and "TRG" in err
    code, out, err = hq(capsys, "enroll", "--port", "TRG", "--device", "not-enrolled", "--db", db)
    assert code == 2 and "no device not-enrolled is enrolled" in err and not CODE.search(out)


def test_a_post_enrolls_syncs_and_is_listed_then_revoked(db, tmp_path, capsys):
    post = demo_post(tmp_path / "trg", "TRG", days=1)
    post.close()
    with HQServer(db, log=tmp_path / "hq.log") as server:
        *_, enrolment = hq(capsys, "enroll", "--port", "TRG", "--db", db)[1].strip().splitlines()
        code, out, err = desk(
            capsys, tmp_path / "trg", "enroll", "--hq", server.url, "--code", enrolment
        )
        assert code == 0, err
        assert "enrolled" in out and "TRG" in out
        code, out, err = desk(capsys, tmp_path / "trg", "sync")
        assert code == 0, err
        assert re.search(r"sent \d+ records", out)
        code, out, _ = hq(capsys, "devices", "--db", db)
        assert code == 0 and "TRG" in out and "active" in out
        device_id = out.strip().splitlines()[-1].split()[0]
        code, out, _ = hq(capsys, "status", "--db", db, "--json")
        [trg] = json.loads(out)
        assert trg["code"] == "TRG" and trg["devices"] == 1 and trg["records"] > 10
        assert trg["last_sync"] is not None and trg["conflicts"] == 0
        code, out, _ = hq(capsys, "status", "--db", db)
        assert out.splitlines()[1].startswith("TRG")
        code, out, _ = hq(capsys, "conflicts", "--db", db)
        assert code == 0 and "no conflicts" in out
        # Enrolling again: a plain code is refused (it enrols new devices only)…
        *_, plain = hq(capsys, "enroll", "--port", "TRG", "--db", db)[1].strip().splitlines()
        code, _, err = desk(capsys, tmp_path / "trg", "enroll", "--hq", server.url, "--code", plain)
        assert code == 1 and f"--device {device_id}" in err
        # …a code issued for this device gives it a new key.
        code, out, _ = hq(capsys, "enroll", "--port", "TRG", "--device", device_id, "--db", db)
        assert code == 0 and device_id in out and "new key" in out
        rekey = out.strip().splitlines()[-1]
        assert CODE.fullmatch(rekey), rekey
        code, _, err = desk(capsys, tmp_path / "trg", "enroll", "--hq", server.url, "--code", rekey)
        assert code == 0, err
        code, out, err = desk(capsys, tmp_path / "trg", "sync")
        assert code == 0, err
        code, out, _ = hq(capsys, "devices", "revoke", device_id, "--db", db)
        assert code == 0 and "revoked" in out
        code, _, err = hq(capsys, "devices", "revoke", device_id, "--db", db)
        assert code == 1 and "no active device" in err
        code, _, err = desk(capsys, tmp_path / "trg", "sync")
        assert code == 1 and "sync failed (auth)" in err and "revoked" in err
        code, out, _ = desk(capsys, tmp_path / "trg", "conflicts")
        assert code == 0 and "no conflicts" in out


def test_sync_without_enrolment_says_what_to_do(tmp_path, capsys):
    post = demo_post(tmp_path / "trg", "TRG", days=1)
    post.close()
    code, _, err = desk(capsys, tmp_path / "trg", "sync")
    assert code == 1 and "checkpoint-desk enroll" in err


def test_sync_with_hq_away_fails_cleanly(tmp_path, capsys):
    post = demo_post(tmp_path / "trg", "TRG", days=1)
    post.close()
    code, _, err = desk(
        capsys, tmp_path / "trg", "enroll", "--hq", "http://127.0.0.1:9", "--code", "AAAA-BBBB"
    )
    assert code == 1 and "sync failed (offline)" in err


def test_serve_refuses_a_database_newer_than_itself(tmp_path, capsys):
    from sqlalchemy import text

    from hq.store import hq_engine

    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    assert hq_cli.main(["migrate", "--db", url]) == 0
    engine = hq_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    code, _, err = hq(capsys, "migrate", "--db", url)
    assert code == 2 and "newer than this HQ" in err
