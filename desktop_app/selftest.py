"""``checkpoint-desk --self-test``: prove that this build works, end to end, with no display.

Opens every port's time zone from the bundled zone database, creates a fresh
database in a temporary folder, migrates it, records a small shift through
the services, opens and closes the main window offscreen, writes the shift
report PDF and checks it, and prints it onto a PDF printer, printing each
step, exiting 0 when all pass and non-zero with the reason of the first
failure.  It is what the frozen (PyInstaller) app runs in CI, so every step
uses what ships in the bundle: tzdata, migrations, reference data, fonts,
translations, ReportLab, Qt, PDFium.
"""

from __future__ import annotations

import importlib.resources
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from db import cipher
from db.enums import Outcome, Role, SubjectKind, TravellerCategory
from db.migrate import current_revision, head_revision
from db.models import DutyTeam
from desktop_app import __version__, clearance, keys, lanes, officers, shifts
from desktop_app.bootstrap import initialize
from desktop_app.demo import open_ready_shift
from desktop_app.desk import Desk
from desktop_app.paths import database_path
from desktop_app.reference import ports

PIN = "2468"


@dataclass
class Context:
    folder: Path
    desk: Desk | None = None
    shift_id: Any = None
    report: Path | None = None
    notes: list[str] = field(default_factory=list)


def step_zones(ctx: Context) -> str:
    """Every port's zone, from the tzdata package the app ships (Windows has no zone
    database of its own: without it no time could be shown in a port's zone)."""
    zones = sorted({spec.time_zone for spec in ports().values()})
    data = importlib.resources.files("tzdata").joinpath("zoneinfo")
    for code, spec in sorted(ports().items()):
        try:
            with data.joinpath(*spec.time_zone.split("/")).open("rb") as f:
                ZoneInfo.from_file(f, key=spec.time_zone)
            ZoneInfo(spec.time_zone)  # and as the app opens it
        except (OSError, ValueError, ZoneInfoNotFoundError) as error:
            raise RuntimeError(f"port {code}: time zone {spec.time_zone!r}: {error}") from None
    return f"the {len(ports())} ports' time zones open from tzdata ({', '.join(zones)})"


def step_database(ctx: Context) -> str:
    # The self-test's post keeps its machine secret in its own folder, not the user's.
    os.environ[keys.KEY_DIR_ENV] = str(ctx.folder / "machine-keys")
    ctx.desk = initialize(ctx.folder / "post", "TRG")
    with ctx.desk.engine.connect() as conn:
        revision = current_revision(conn)
    if revision != head_revision():
        raise RuntimeError(f"database at {revision}, expected {head_revision()}")
    if cipher.is_plaintext(database_path(ctx.folder / "post")):
        raise RuntimeError("the database was written in plaintext: SQLCipher is not in this build")
    return f"fresh database (SQLCipher {cipher.sqlcipher_version()}) migrated to {revision}"


def step_shift(ctx: Context) -> str:
    desk = ctx.desk
    assert desk is not None
    admin = officers.add_officer(
        desk, badge_no="9001", name="自检", role=Role.ADMIN, pin=PIN, by=None
    )
    deputy = officers.add_officer(
        desk, badge_no="1001", name="副队长", role=Role.DEPUTY_CAPTAIN, pin=PIN, by=admin.id
    )
    with desk.read() as s:
        team = s.scalars(select(DutyTeam)).first()
    assert team is not None
    start = desk.now() - timedelta(hours=1)
    shift = open_ready_shift(
        desk,
        team_id=team.id,
        start=start,
        end=start + timedelta(hours=8),
        by=deputy.id,
        checked_at=start,
        opened_at=start,
    )
    lane = lanes.lane_by_code(desk, "P-IN-1")
    lanes.set_open(desk, lane_id=lane.id, open_=True, by=deputy.id, at=start)
    for n in range(5):
        joined = start + timedelta(minutes=5 * n + 1)
        event = clearance.join_queue(
            desk,
            lane_id=lane.id,
            reference=f"ST{n:03d}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=deputy.id,
            at=joined,
        )
        clearance.start_service(
            desk, clearance_id=event.clearance_id, by=deputy.id, at=joined + timedelta(minutes=2)
        )
        clearance.finish(
            desk,
            clearance_id=event.clearance_id,
            outcome=Outcome.CLEARED,
            by=deputy.id,
            at=joined + timedelta(minutes=3),
        )
    shifts.close_shift(desk, shift_id=shift.id, by=deputy.id, pin=PIN, handover_notes="self-test")
    ctx.shift_id = shift.id
    return "recorded and closed a shift with 5 clearances"


def step_window(ctx: Context) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.selftest import open_and_close_main_window  # Qt lives in ui/ only

    assert ctx.desk is not None
    return open_and_close_main_window(ctx.desk)


def step_report(ctx: Context) -> str:
    from desktop_app import reports

    assert ctx.desk is not None
    path = ctx.folder / "shift-report.pdf"
    result = reports.build_shift_report(ctx.desk, ctx.shift_id, path, "zh")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise RuntimeError(f"{path} is not a complete PDF")
    ctx.report = path
    return f"shift report written: {result.pages} pages, {len(data)} bytes"


def step_print(ctx: Context) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.selftest import print_report  # Qt lives in ui/ only

    assert ctx.report is not None
    return print_report(ctx.report, ctx.folder / "printed.pdf")


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("zones", step_zones),
    ("database", step_database),
    ("shift", step_shift),
    ("window", step_window),
    ("report", step_report),
    ("print", step_print),
]


def run(keep: Path | None = None) -> int:
    """Run every step; 0 when all pass, 1 on the first failure (with its reason)."""
    build = "frozen" if getattr(sys, "frozen", False) else "source"
    print(f"Checkpoint Desk {__version__} self-test ({build})")
    with tempfile.TemporaryDirectory(prefix="checkpoint-selftest-") as tmp:
        ctx = Context(folder=keep or Path(tmp))
        ctx.folder.mkdir(parents=True, exist_ok=True)
        try:
            for name, step in STEPS:
                started = time.perf_counter()
                try:
                    detail = step(ctx)
                except Exception as error:  # report the reason, then fail
                    print(f"FAIL {name}: {type(error).__name__}: {error}")
                    traceback.print_exc(file=sys.stderr)
                    return 1
                print(f"ok   {name}: {detail} ({time.perf_counter() - started:.2f} s)")
        finally:
            if ctx.desk is not None:
                ctx.desk.close()
    print("self-test passed")
    return 0
