"""``checkpoint-desk``: the post's command line (with no subcommand, the desktop app)."""

from __future__ import annotations

import argparse
import getpass
import json
import sqlite3
import sys
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from db.backup import backup_path, online_backup, thin
from db.base import utcnow
from db.enums import Role
from db.migrate import DatabaseTooNew
from desktop_app import __version__, officers, stats
from desktop_app.bootstrap import WrongPort, initialize
from desktop_app.desk import Desk, NotInitialized
from desktop_app.errors import RuleViolation
from desktop_app.forecasts import local_day_bounds
from desktop_app.paths import ENV_VAR, backups_dir, data_dir, database_path
from desktop_app.reference import UnknownPort

if TYPE_CHECKING:
    from desktop_app import reports


def _desk(args: argparse.Namespace) -> Desk:
    return Desk.open(data_dir(args.data_dir))


def cmd_init(args: argparse.Namespace) -> int:
    directory = data_dir(args.data_dir)
    desk = initialize(directory, args.port)
    print(f"post {desk.port_code} ready in {directory}")
    if desk.upgrade_report and desk.upgrade_report.backup:
        print(f"upgraded the schema; the previous database is kept at {desk.upgrade_report.backup}")
    if args.admin_badge:
        pin = args.admin_pin or getpass.getpass("PIN for the first admin: ")
        officers.add_officer(
            desk, badge_no=args.admin_badge, name=args.admin_name, role=Role.ADMIN, pin=pin, by=None
        )
        print(f"admin {args.admin_badge} created")
    desk.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop_app import demo

    directory = data_dir(args.data_dir)
    if database_path(directory).exists() and not args.force:
        print(
            f"{database_path(directory)} exists; demo data goes into a fresh directory "
            "(use --data-dir, or --force to add demo days to it)",
            file=sys.stderr,
        )
        return 2
    desk = initialize(directory, args.port)
    summary = demo.generate(desk, days=args.days, seed=args.seed)
    desk.close()
    print(
        f"demo post {args.port.upper()} in {directory}: {summary.days} days, "
        f"{summary.shifts} shifts, {summary.forecasts} forecasts, {summary.clearances} clearances "
        f"({summary.events} events), {summary.approvals} priority approvals, "
        f"{summary.emergencies} emergency passages"
    )
    print(f"sign in with any of these badges and the demo PIN {demo.DEMO_PIN}:")
    for badge, name, role in summary.officers:
        print(f"  {badge}  {name}  {role}")
    if args.start:
        return cmd_gui(args)
    return 0


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.1f}"


def cmd_stats(args: argparse.Namespace) -> int:
    desk = _desk(args)
    first = args.date_from or desk.local_time(utcnow()).date()
    last = args.date_to or first
    start, _ = local_day_bounds(desk, first)
    _, end = local_day_bounds(desk, last)
    result = stats.wait_stats(desk, start, end, group_by=args.by)
    desk.close()
    if args.json:
        print(
            json.dumps(
                {
                    group: {
                        "count": s.count,
                        "p50_s": s.p50,
                        "p90_s": s.p90,
                        "p95_s": s.p95,
                        "max_s": s.max,
                        "within_30_min": s.within_target,
                        "breaches": len(s.breaches),
                        "unserved": s.unserved,
                    }
                    for group, s in result.items()
                },
                indent=2,
            )
        )
        return 0
    print(f"wait (joined queue → service started), {desk.port_code}, {first} – {last}, minutes")
    print(
        f"{args.by:<20} {'count':>6} {'P50':>6} {'P90':>6} {'P95':>6} {'max':>6} "
        f"{'≤30min':>7} {'breach':>6} {'unserved':>8}"
    )
    for group, s in result.items():
        share = "-" if s.within_target is None else f"{s.within_target:.1%}"
        print(
            f"{group:<20} {s.count:>6} {_minutes(s.p50):>6} {_minutes(s.p90):>6} "
            f"{_minutes(s.p95):>6} {_minutes(s.max):>6} {share:>7} {len(s.breaches):>6} "
            f"{s.unserved:>8}"
        )
    return 0


def _report_done(kind: str, result: reports.ReportResult) -> int:
    note = "" if result.final else ", provisional: the period is not closed"
    print(
        f"{kind} report written: {result.path} ({result.pages} pages, "
        f"data hash {result.data_hash}{note})"
    )
    return 0


def cmd_report_shift(args: argparse.Namespace) -> int:
    from desktop_app import reports  # ReportLab loads only for reports

    desk = _desk(args)
    try:
        shift_id = args.id or reports.latest_closed_shift_id(desk)
        result = reports.build_shift_report(desk, shift_id, Path(args.out), args.lang)
    except reports.ReportNotFound as error:
        print(f"checkpoint-desk: {error}", file=sys.stderr)
        return 2
    finally:
        desk.close()
    return _report_done("shift", result)


def cmd_report_daily(args: argparse.Namespace) -> int:
    from desktop_app import reports

    desk = _desk(args)
    try:
        result = reports.build_daily_report(desk, args.date, Path(args.out), args.lang)
    finally:
        desk.close()
    return _report_done("daily", result)


def cmd_backup(args: argparse.Namespace) -> int:
    directory = data_dir(args.data_dir)
    source = database_path(directory)
    if not source.exists():
        raise NotInitialized(f"no database at {source}")
    target = online_backup(source, backup_path(backups_dir(directory), utcnow(), unique=True))
    print(f"backup written: {target}")
    for removed in thin(backups_dir(directory)):
        print(f"thinned old backup: {removed.name}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = database_path(data_dir(args.data_dir))
    if not path.exists():
        raise NotInitialized(f"no database at {path}")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        broken_keys = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:  # damaged beyond what the checks can walk
        print(f"integrity_check: failed: {error}")
        print("restore the newest good copy from the backups folder")
        return 1
    finally:
        conn.close()
    ok = integrity == ["ok"] and not broken_keys
    print(f"integrity_check: {', '.join(integrity[:10])}")
    print(f"foreign_key_check: {'ok' if not broken_keys else f'{len(broken_keys)} broken'}")
    for row in broken_keys[:20]:
        print(f"  table {row[0]} rowid {row[1]} → {row[2]}")
    return 0 if ok else 1


def cmd_officer_add(args: argparse.Namespace) -> int:
    desk = _desk(args)
    pin = args.pin or getpass.getpass("PIN: ")
    by = None
    if not args.admin and officers.roster(desk, include_inactive=True):
        print("checkpoint-desk: only an admin adds officers: pass --admin BADGE", file=sys.stderr)
        return 2
    if args.admin:
        admin_pin = args.admin_pin or getpass.getpass(f"PIN of admin {args.admin}: ")
        by = officers.authenticate(desk, badge_no=args.admin, pin=admin_pin).id
    officer = officers.add_officer(
        desk, badge_no=args.badge, name=args.name, role=Role(args.role), pin=pin, by=by
    )
    print(f"officer {officer.badge_no} ({officer.role.value}) added")
    desk.close()
    return 0


def cmd_officer_list(args: argparse.Namespace) -> int:
    desk = _desk(args)
    for officer in officers.roster(desk, include_inactive=True):
        state = "active" if officer.active else "inactive"
        print(f"{officer.badge_no:<16} {officer.role.value:<15} {state:<9} {officer.name}")
    desk.close()
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from ui.app import run
    except ImportError as error:  # the desktop UI is its own package
        print(f"the desktop UI is not available in this build: {error}", file=sys.stderr)
        return 2
    return run(data_dir(args.data_dir))


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a shift id (a UUID)") from None


def _sync_errors(
    command: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """Sync failures as one clear line and exit status 1 (sync is imported only when used)."""

    def run(args: argparse.Namespace) -> int:
        from desktop_app.sync.client import SyncError
        from desktop_app.sync.local import NotEnrolled

        try:
            return command(args)
        except SyncError as error:
            print(f"checkpoint-desk: sync failed ({error.kind}): {error}", file=sys.stderr)
            return 1
        except NotEnrolled as error:
            print(f"checkpoint-desk: {error}", file=sys.stderr)
            return 1

    return run


@_sync_errors
def cmd_enroll(args: argparse.Namespace) -> int:
    from desktop_app.sync.client import enroll

    desk = _desk(args)
    try:
        enrolled = enroll(desk, args.hq, args.code, label=args.label)
    finally:
        desk.close()
    print(f"enrolled at {args.hq} as device {enrolled.device_id} of port {enrolled.port_code}")
    return 0


@_sync_errors
def cmd_sync(args: argparse.Namespace) -> int:
    from desktop_app.sync.client import SyncClient

    desk = _desk(args)
    try:
        with SyncClient(desk, args.hq) as client:
            report = client.sync()
    finally:
        desk.close()
    print(
        f"sent {report.pushed_rows} records in {report.pushed_batches} batches "
        f"({report.duplicate_batches} HQ already had); received {report.pulled_rows} in "
        f"{report.pulled_pages} pages; {report.deferred} held back (unsent local changes); "
        f"{report.conflicts} new conflicts; HQ holds entries 1..{report.acked_through}"
    )
    if report.clock_skew_s is not None and abs(report.clock_skew_s) > 120:
        print(f"warning: this desk's clock is {-report.clock_skew_s:+.0f} s off HQ's")
    return 0


@_sync_errors
def cmd_export_bundle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop_app.sync.export import export_bundle

    desk = _desk(args)
    try:
        summary = export_bundle(desk, Path(args.file))
    finally:
        desk.close()
    span = f"entries {summary.first_seq}..{summary.last_seq}" if summary.batches else "nothing"
    print(
        f"bundle written to {summary.path}: {summary.rows} records in {summary.batches} "
        f"batches ({span}), {summary.size} bytes; import it at HQ with "
        "`checkpoint-hq import-bundle FILE`"
    )
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from desktop_app.sync.state import conflicts

    desk = _desk(args)
    rows = conflicts(desk, limit=args.limit)
    desk.close()
    if args.json:
        print(json.dumps([vars(c) for c in rows], default=str, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no conflicts")
    for c in rows:
        where = "this desk" if c.lost_here else c.losing_writer
        print(f"{c.detected_at:%Y-%m-%d %H:%M}Z  {c.entity} {c.record_id}  {c.rule}: {where} lost")
        for name in c.fields:
            print(f"    {name}: kept {c.kept[name]!r}, lost {c.lost[name]!r}")
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-26") from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="checkpoint-desk",
        description="Checkpoint Desk, the verification platform's offline-first desk. "
        "With no command it starts the desktop app.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    top.add_argument(
        "--self-test",
        action="store_true",
        help="check this build end to end with no display (exit 0 when it works)",
    )
    top.add_argument(
        "--self-test-dir", type=Path, help="keep the self-test's database and PDF in this folder"
    )
    top.add_argument(
        "--data-dir", help=f"the post's data directory (default: ${ENV_VAR} or the platform's)"
    )
    sub = top.add_subparsers(dest="command")

    p = sub.add_parser("init", help="create or upgrade the database for a port")
    p.add_argument("--port", required=True, help="port code, e.g. TRG, ALS, URC")
    p.add_argument("--admin-badge", help="also create the first admin with this badge number")
    p.add_argument("--admin-name", default="管理员")
    p.add_argument("--admin-pin", help="the admin's PIN (asked for if not given)")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("demo", help="fill a new data directory with realistic synthetic days")
    p.add_argument("--port", default="ALS", help="port code (default ALS, a 24x7 rail port)")
    p.add_argument("--days", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--force", action="store_true", help="add demo days to an existing database")
    p.add_argument("--start", action="store_true", help="start the desktop app afterwards")
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser("stats", help="wait-time statistics for a period (port's local dates)")
    p.add_argument("--from", dest="date_from", type=_date, help="first day (default today)")
    p.add_argument("--to", dest="date_to", type=_date, help="last day (default = --from)")
    p.add_argument("--by", choices=sorted(stats.GROUPINGS), default="traveller_category")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_stats)

    report = sub.add_parser("report", help="shift and daily PDF reports").add_subparsers(
        dest="kind", required=True
    )
    p = report.add_parser("shift", help="a shift's report (Chinese by default)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=_uuid, help="the shift's id")
    which.add_argument("--latest", action="store_true", help="the latest closed shift")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(run=cmd_report_shift)
    p = report.add_parser("daily", help="a port's local day: every shift of it")
    p.add_argument("--date", type=_date, required=True, help="the day, e.g. 2026-11-25")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(run=cmd_report_daily)

    p = sub.add_parser("backup", help="consistent copy through SQLite's backup API; thin old ones")
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser("check", help="integrity and foreign-key checks (exit 1 on a problem)")
    p.set_defaults(run=cmd_check)

    officer = sub.add_parser("officer", help="manage the roster").add_subparsers(
        dest="action", required=True
    )
    p = officer.add_parser("add", help="add an officer")
    p.add_argument("--badge", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--role", choices=[r.value for r in Role], default=Role.OFFICER.value)
    p.add_argument("--pin", help="the new officer's PIN (asked for if not given)")
    p.add_argument("--admin", help="badge of the admin adding them (not needed for the first)")
    p.add_argument("--admin-pin")
    p.set_defaults(run=cmd_officer_add)
    p = officer.add_parser("list", help="the roster, inactive officers included")
    p.set_defaults(run=cmd_officer_list)

    p = sub.add_parser("enroll", help="enrol this post at HQ with a one-time code")
    p.add_argument("--hq", required=True, help="HQ's address, e.g. https://hq.example:8470")
    p.add_argument("--code", required=True, help="the code from `checkpoint-hq enroll`")
    p.add_argument("--label", default="", help="a name for this desk in HQ's device list")
    p.set_defaults(run=cmd_enroll)

    p = sub.add_parser("sync", help="send local changes to HQ and receive HQ's, once")
    p.add_argument("--hq", help="HQ's address (default: the one enrolled with)")
    p.set_defaults(run=cmd_sync)

    p = sub.add_parser("export-bundle", help="write unsent changes to a signed file for HQ")
    p.add_argument("file")
    p.set_defaults(run=cmd_export_bundle)

    p = sub.add_parser("conflicts", help="versions that lost a conflict at HQ, newest first")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_conflicts)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.self_test:
        from desktop_app import selftest

        return selftest.run(args.self_test_dir)
    run = getattr(args, "run", cmd_gui)
    try:
        return run(args)
    except (NotInitialized, WrongPort, DatabaseTooNew, UnknownPort) as error:
        print(f"checkpoint-desk: {error.args[0] if error.args else error}", file=sys.stderr)
        return 2
    except RuleViolation as error:
        print(f"checkpoint-desk: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
