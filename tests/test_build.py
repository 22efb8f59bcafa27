"""The PyInstaller build: build.spec makes a one-folder app that works with nothing else.

Builds into a temporary folder (about a minute), then runs the frozen
executable's ``--self-test`` and upgrades an old database with it exactly as
the source app does.  Select with ``-m build``; ``.ci/run`` runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from db.migrate import downgrade, head_revision
from desktop_app.bootstrap import initialize
from desktop_app.paths import backups_dir, database_path
from tests.helpers import raw_db

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.build, pytest.mark.slow]


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    app = work / "dist" / "checkpoint-desk" / "checkpoint-desk"
    size = sum(
        f.stat().st_size for f in app.parent.rglob("*") if f.is_file() and not f.is_symlink()
    )
    print(f"build: {time.monotonic() - started:.0f} s, folder {size / 2**20:.0f} MiB")
    # Nothing in the bundle may point back into the source tree.
    assert not any(str(ROOT) in p.read_text(errors="ignore") for p in app.parent.rglob("*.py"))
    return app


def frozen(app: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A clean environment: no PYTHONPATH into the sources, no display.
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        # The same machine as the tests: its machine secrets (posts the tests made) are here.
        "CHECKPOINT_DESK_KEY_DIR": os.environ["CHECKPOINT_DESK_KEY_DIR"],
    }
    return subprocess.run(
        [str(app), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_frozen_self_test_passes_and_writes_a_valid_pdf(frozen_app: Path, tmp_path: Path):
    result = frozen(
        frozen_app, "--self-test", "--self-test-dir", str(tmp_path / "st"), cwd=tmp_path
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "(frozen)" in result.stdout
    for step in ("zones", "database", "shift", "window", "report", "print"):
        assert f"ok   {step}:" in result.stdout
    pdf = PdfReader(tmp_path / "st" / "shift-report.pdf")
    text = "".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) >= 1 and "吐尔尕特" in text
    # Printed through the bundled PDFium onto a PDF printer: every page.
    assert len(PdfReader(tmp_path / "st" / "printed.pdf").pages) == len(pdf.pages)


def test_frozen_self_test_fails_loudly_when_a_step_fails(frozen_app: Path, tmp_path: Path):
    blocker = tmp_path / "st"
    blocker.write_text("a file where the self-test wants a folder")
    result = frozen(frozen_app, "--self-test", "--self-test-dir", str(blocker), cwd=tmp_path)
    assert result.returncode != 0
    assert "FileExistsError" in result.stdout + result.stderr


def schema(path: Path) -> list[tuple[str, str]]:
    conn = raw_db.connect(path)
    try:
        return sorted(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchall()
        )
    finally:
        conn.close()


def test_frozen_app_upgrades_an_old_database_like_the_source_app(frozen_app: Path, tmp_path: Path):
    old = tmp_path / "old"
    initialize(old, "TRG").close()
    engine = raw_db.engine(database_path(old))
    downgrade(engine, "0001")
    engine.dispose()
    source_copy, frozen_copy = tmp_path / "source", tmp_path / "frozen"
    for copy in (source_copy, frozen_copy):
        shutil.copytree(old, copy)

    ran_source = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(source_copy), "stats"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
    )
    ran_frozen = frozen(frozen_app, "--data-dir", str(frozen_copy), "stats", cwd=tmp_path)
    assert ran_source.returncode == 0, ran_source.stderr
    assert ran_frozen.returncode == 0, ran_frozen.stderr

    for copy in (source_copy, frozen_copy):
        conn = raw_db.connect(database_path(copy))
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
        conn.close()
        backups = list(backups_dir(copy).glob("desk-*-pre-upgrade.sqlite3"))
        assert len(backups) == 1
        conn = raw_db.connect(backups[0])
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        conn.close()
    assert schema(database_path(frozen_copy)) == schema(database_path(source_copy))
