"""``checkpoint-desk``: the post's command line (with no subcommand, the desktop app)."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.exc import DBAPIError

from db import cipher, health
from db.backup import integrity, take_backup, thin
from db.base import utcnow
from db.enums import Role
from db.health import DatabaseReadOnly, DatabaseUnusable
from db.migrate import DatabaseTooNew
from desktop_app import __version__, alerts, keys, logs, officers, queue_figures, rounding, stats
from desktop_app.bootstrap import WrongPort, initialize
from desktop_app.desk import Desk, NotInitialized
from desktop_app.errors import RuleViolation
from desktop_app.forecasts import local_day_bounds
from desktop_app.keys import KeyUnavailable
from desktop_app.paths import ENV_VAR, backups_dir, data_dir, database_path
from desktop_app.reference import UnknownPort

if TYPE_CHECKING:
    from desktop_app import reports

log = logging.getLogger("checkpoint.cli")
LOG_NAME = "checkpoint-desk"
DEMO_PORT = "ALS"


def _desk(args: argparse.Namespace) -> Desk:
    return Desk.open(data_dir(args.data_dir))


def _log_to(args: argparse.Namespace) -> None:
    """Log into the data folder, now that it exists (init, demo and the app create it)."""
    logs.configure(LOG_NAME, data_dir(args.data_dir), console=_console(args))


def _console(args: argparse.Namespace) -> int:
    return logging.INFO if args.verbose else logging.WARNING


def cmd_init(args: argparse.Namespace) -> int:
    directory = data_dir(args.data_dir)
    if args.join:
        return _sync_errors(lambda a: _join(a, directory))(args)
    desk = initialize(directory, args.port)
    _log_to(args)
    log.info("post %s ready in %s", desk.port_code, directory)
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


def _join(args: argparse.Namespace, directory: Path) -> int:
    from desktop_app.sync.join import join_post

    if not (args.hq and args.code):
        print("checkpoint-desk: --join needs --hq URL and --code CODE", file=sys.stderr)
        return 2
    if args.admin_badge:
        print(
            "checkpoint-desk: a desk joining a post takes the post's roster from HQ; "
            "it creates no administrator (leave out --admin-badge)",
            file=sys.stderr,
        )
        return 2
    joined = join_post(directory, args.port, args.hq, args.code, label=args.label)
    desk = joined.desk
    print(
        f"desk joined post {desk.port_code} at {args.hq} as device {desk.device_id}: "
        f"{joined.report.pulled_rows} records received, {joined.officers} officers"
    )
    if joined.officers:
        print("officers sign in here with their badge numbers and PINs")
    else:
        print(
            "HQ has no officer of this port yet: create the first administrator with "
            "`checkpoint-desk officer add --role admin`"
        )
    desk.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop_app import demo

    directory = data_dir(args.data_dir)
    port = args.port
    if health.inspect(database_path(directory), key=keys.opening_key(directory)) is not None:
        if not args.force:
            print(
                f"{database_path(directory)} exists; demo data goes into a fresh directory "
                "(use --data-dir, or --force to add demo days to it)",
                file=sys.stderr,
            )
            return 2
        if port is None:  # more days for the post that is there, whichever port it is
            existing = Desk.open(directory)
            port = existing.port_code
            existing.close()
    desk = initialize(directory, port or DEMO_PORT)
    _log_to(args)
    summary = demo.generate(desk, days=args.days, seed=args.seed)
    desk.close()
    print(
        f"demo post {desk.port_code} in {directory}: {summary.days} days, "
        f"{summary.shifts} shifts, {summary.forecasts} forecasts, {summary.clearances} clearances "
        f"({summary.events} events), {summary.approvals} priority approvals, "
        f"{summary.emergencies} emergency passages, {summary.moves} moved to a lane opened "
        f"for their queue, {summary.acknowledged} alerts acknowledged"
    )
    print(f"sign in with any of these badges and the demo PIN {demo.DEMO_PIN}:")
    for badge, name, role in summary.officers:
        print(f"  {badge}  {name}  {role}")
    if args.start:
        return cmd_gui(args)
    return 0


def _summary_json(s: stats.Summary) -> dict[str, object]:
    return {
        "measure": s.measure,
        "target_s": s.target_s,
        "count": s.count,
        "p50_s": s.p50,
        "p90_s": s.p90,
        "p95_s": s.p95,
        "max_s": s.max,
        "within_target": s.within_target,
        "breaches": len(s.breaches),
        "unserved": s.unserved,
        "waiting_over_target": s.waiting_over_target,
        "queued_before_opening": s.before_opening,  # left out of this figure, reported apart
        # with someone still waiting past the target, percentiles and max are lower bounds
        "lower_bound": s.waiting_over_target > 0,
    }


def _stats_row(name: str, s: stats.Summary) -> str:
    mark = "≥" if s.waiting_over_target else ""
    share = rounding.percent(s.within_target, "-")
    figures = (rounding.minutes(v, "-") for v in (s.p50, s.p90, s.p95, s.max))
    p50, p90, p95, top = ((mark + f if f != "-" else f) for f in figures)
    return (
        f"{name:<{NAME_WIDTH}} {s.count:>6} {p50:>7} {p90:>7} {p95:>7} {top:>7} {share:>7} "
        f"{len(s.breaches):>6} {s.unserved:>8} {s.waiting_over_target:>8}"
    )


NAME_WIDTH = 28  # "2026-11-25 other_travellers"
STATS_HEADER = (
    f"{'':<{NAME_WIDTH}} {'count':>6} {'P50':>7} {'P90':>7} {'P95':>7} {'max':>7} {'within':>7} "
    f"{'over':>6} {'unserved':>8} {'waiting>':>8}"
)


def _stats_notes(as_of: str) -> list[str]:
    return [
        f"as of {as_of}; minutes, rounded half up; P = Hyndman-Fan type 7 percentiles",
        "still waiting past the target: counted with the wait so far (>= marks a lower bound);",
        "'waiting>' = still waiting past the target, included in count and over;"
        " 'unserved' = not served yet",
    ]


def cmd_stats(args: argparse.Namespace) -> int:
    desk = _desk(args)
    as_of = args.as_of or desk.now()  # the desk's clock, never the machine's in the core
    first = args.date_from or desk.local_time(as_of).date()
    last = args.date_to or first
    if last < first:
        desk.close()
        print(f"checkpoint-desk: --to {last} is before --from {first}", file=sys.stderr)
        return 2
    start, _ = local_day_bounds(desk, first)
    _, end = local_day_bounds(desk, last)
    port = desk.port_code
    try:
        if args.by == "day":
            days = stats.daily_trend(desk, first, last, as_of=as_of)
            targets = stats.port_targets(desk)
            per_day = alerts.started_per_day(
                alerts.episodes(desk, start, end, as_of=as_of),
                stats.day_bounds(desk, first, last),
            )
            day_alerts = {day: (count, red) for day, count, red in per_day}
        else:
            result = stats.wait_stats(desk, start, end, as_of=as_of, group_by=args.by)
            split = queue_figures.wait_split(desk, start, end, as_of)
            episodes = queue_figures.episode_figures(
                alerts.episodes(desk, start, end, as_of=as_of), as_of
            )
    finally:
        desk.close()
    stamp = as_of.astimezone(UTC).isoformat().replace("+00:00", "Z")
    head = {"port": port, "as_of": stamp, "from": str(first), "to": str(last), "by": args.by}
    if args.by == "day":
        if args.json:
            doc = {
                **head,
                "days": [
                    {
                        "day": str(d.day),
                        "groups": {k: _summary_json(v) for k, v in d.groups.items()},
                        "own_target": {k: _summary_json(v) for k, v in d.own.items()},
                        # queue alert episodes that started on the day, and those that went red
                        "alerts": day_alerts[d.day][0],
                        "alerts_red": day_alerts[d.day][1],
                    }
                    for d in days
                ],
            }
            print(json.dumps(doc, indent=2))
            return 0
        print(f"wait (joined queue -> service started) per day, {port}, {first} - {last}")
        for line in _stats_notes(stamp):
            print(line)
        print("travellers against 30 minutes of waiting; vehicles and trains against their own:")
        print(
            "  "
            + ", ".join(
                f"{k} {t.measure} <= {t.minutes} min" for k, t in targets.items() if k != "person"
            )
        )
        print(f"{'day':<11}{STATS_HEADER[11:]}")
        for d in days:
            if not d.groups:
                print(f"{d.day!s:<{NAME_WIDTH}} no traffic")
            for group, summary in d.groups.items():
                shown = d.own.get(group, summary)
                print(_stats_row(f"{d.day} {group}", shown))
            count, red = day_alerts[d.day]
            print(f"{d.day!s:<{NAME_WIDTH}} queue alerts {count} ({red} red)")
        return 0
    if args.json:
        doc = {
            **head,
            "groups": {k: _summary_json(v) for k, v in result.groups.items()},
            "own_target": {k: _summary_json(v) for k, v in result.own.items()},
            # every category together: not a target figure (citizens and others apart)
            "pooled_all_categories": _summary_json(result.pooled),
            # queued at a lane before it opened: apart from every target figure
            "queued_before_opening": _summary_json(split.before_opening),
            "alert_episodes": {
                "count": episodes.count,
                "red": episodes.red,
                "acknowledged": episodes.acknowledged,
                "open": episodes.open,
                "by_lane_group": {g.value: n for g, n in episodes.by_group.items()},
                "longest_peak_s": episodes.longest_peak_s,
                "median_response_s": episodes.median_response_s,
            },
        }
        print(json.dumps(doc, indent=2))
        return 0
    print(f"wait (joined queue -> service started), {port}, {first} - {last}")
    for line in _stats_notes(stamp):
        print(line)
    print(f"{args.by:<{NAME_WIDTH}}{STATS_HEADER[NAME_WIDTH:]}")
    for group, summary in result.groups.items():
        print(_stats_row(group, summary))
    if result.own:
        print("against their own targets:")
        for group, summary in result.own.items():
            target = result.targets[group]
            print(_stats_row(f"{group} ({target.measure}<={target.minutes})", summary))
    print(_stats_row("all categories, pooled*", result.pooled))
    print("* pooled over every category: not a target figure; read the groups above")
    # Waits of subjects who queued before their lane opened, apart: every row above
    # leaves them out, so that the 30-minute figure stays comparable (desktop_app.stats).
    print(_stats_row("queued before opening**", split.before_opening))
    print("** joined a lane before it opened: measured from arrival, in no figure above")
    print(
        f"alert episodes: {episodes.count} (red {episodes.red}, acknowledged "
        f"{episodes.acknowledged}, still open {episodes.open}); median minutes until a lane "
        f"opened or the wait fell back: {rounding.minutes(episodes.median_response_s, '-')}"
    )
    return 0


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def cmd_plan(args: argparse.Namespace) -> int:
    from desktop_app.planning import plan as planning
    from desktop_app.planning.wording import advice_text

    desk = _desk(args)
    try:
        result = planning.make_plan(desk, hours=args.hours, at=args.at)
    finally:
        desk.close()
    zone = desk.port_zone
    if args.json:
        print(json.dumps(planning.plan_json(result, zone), indent=2, ensure_ascii=False))
        return 0
    local = result.at.astimezone(zone)
    print(
        f"plan for {desk.port_code} from {local:%Y-%m-%d %H:%M} ({args.hours} h, "
        f"computed in {result.elapsed_ms:.0f} ms); P90 wait in minutes with the lanes open now "
        "-> had the advice been taken; likely: with the lanes the post usually opens"
    )
    for queue, g in result.groups.items():
        # A group with no lane open gets one when its first subject comes (the desk opens
        # one then), and the plan counts it: say so, or "lanes 1" below reads as a mistake.
        shown = ", ".join(g.lanes_open) or "none (one counted from the first arrival)"
        print(f"{queue.value}: lanes open {shown}, waiting {g.waiting}")
        for b in range(result.bins):
            mean, sd = g.arrivals[b]
            if mean < 0.5 and g.current[b].p90_s < 60:
                continue
            print(
                f"  {result.bin_start(b).astimezone(zone):%H:%M}  arrivals {mean:5.1f} ±{sd:4.1f}"
                f"  lanes {g.lanes_current[b]} -> {g.lanes_advised[b]}"
                f"  P90 {g.current[b].p90_s / 60:5.1f} -> {g.advised[b].p90_s / 60:5.1f}"
                f"  likely {g.likely[b].p90_s / 60:5.1f} ({g.lanes_likely[b]} lanes)"
            )
    print("advice:" if result.advice else "advice: none (every queue within its limit)")
    for a in result.advice:
        print(f"  {advice_text(a, zone, 'en')}")
    return 0


def cmd_plan_backtest(args: argparse.Namespace) -> int:
    from desktop_app.planning import backtest

    desk = _desk(args)
    try:
        result = backtest.run(desk, args.date_from, args.date_to)
    finally:
        desk.close()
    doc = backtest.summary_json(result, desk.port_zone)
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    for line in backtest.summary_lines(result, desk.port_zone):
        print(line)
    return 0


def _report_done(kind: str, result: reports.ReportResult) -> int:
    note = "" if result.final else ", provisional: the period is not closed"
    if result.amended:
        note += f", amended: corrected since the close-out signed with data {result.signed_hash}"
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
        version: Literal["current", "signed"] = "signed" if args.signed else "current"
        result = reports.build_shift_report(
            desk, shift_id, Path(args.out), args.lang, version=version, redact=args.redact
        )
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
        result = reports.build_daily_report(
            desk, args.date, Path(args.out), args.lang, redact=args.redact
        )
    finally:
        desk.close()
    return _report_done("daily", result)


def cmd_backup(args: argparse.Namespace) -> int:
    directory = data_dir(args.data_dir)
    source, folder = database_path(directory), backups_dir(directory)
    if health.inspect(source, backups=folder, key=keys.opening_key(directory)) is None:
        raise NotInitialized(f"no post in {source}: nothing to back up")
    key = keys.post_key(directory)  # a post from before encryption is encrypted first
    target = take_backup(source, folder, now=utcnow, key=key)
    print(f"backup written (encrypted; integrity_check: ok): {target}")
    thinned = thin(folder, key=key)
    for removed in thinned.removed:
        print(f"thinned old backup: {removed.name}")
    for damaged in thinned.damaged:
        print(
            f"checkpoint-desk: {damaged} fails SQLite's quick_check: not counted as a backup "
            "and left in place; delete it once you have looked at it",
            file=sys.stderr,
        )
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from desktop_app import retention

    directory = data_dir(args.data_dir)
    path = database_path(directory)
    key = keys.opening_key(directory)
    if health.inspect(path, backups=backups_dir(directory), key=key) is None:
        raise NotInitialized(f"no post in {path}: nothing to archive")
    moved = retention.archive(
        path, key=key, older_than=timedelta(days=args.older_than_days), now=utcnow()
    )
    print(
        f"moved {moved.clearances} clearances ({moved.events} events, {moved.entries} outbox "
        f"entries) acknowledged by HQ and older than {args.older_than_days} days to {moved.archive}"
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    directory = data_dir(args.data_dir)
    path = database_path(directory)
    try:
        key = keys.opening_key(directory)
        if health.inspect(path, backups=backups_dir(directory), write=False, key=key) is None:
            raise NotInitialized(f"no post in {path}: nothing to check")
        conn = health.open_read_only(path, None if cipher.is_plaintext(path) else key)
        try:
            found = integrity(conn)
            broken_keys = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except cipher.DB_ERRORS as error:  # damaged beyond what the checks can walk
        problem = health.describe(path, error, backups_dir(directory))
        if isinstance(problem, DatabaseReadOnly):
            raise problem from None
        print(f"integrity_check: failed: {problem}")
        return 1
    except DatabaseReadOnly:
        raise  # could not be checked: exit 2, like every refusal
    except DatabaseUnusable as error:
        print(f"integrity_check: failed: {error}")
        return 1
    ok = found == ["ok"] and not broken_keys
    print(f"integrity_check: {', '.join(found[:10])}")
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


def cmd_key_status(args: argparse.Namespace) -> int:
    for name, value in keys.describe(data_dir(args.data_dir)).items():
        print(f"{name}: {value}")
    return 0


def cmd_key_recovery_code(args: argparse.Namespace) -> int:
    directory = data_dir(args.data_dir)
    desk = _desk(args)
    try:
        pin = args.pin or getpass.getpass(f"PIN of admin {args.by}: ")
        officer = officers.authenticate(desk, badge_no=args.by, pin=pin)
        if officer.role != Role.ADMIN:
            return _refused(f"{args.by} is not an administrator: only an admin makes the code")
    finally:
        desk.close()
    code = keys.new_recovery_code(directory)
    print("the post's recovery code (shown once; print it, keep it in the post's safe):")
    print(f"  {code}")
    print("with it, this data folder or its backups open on another machine")
    return 0


def cmd_key_recover(args: argparse.Namespace) -> int:
    directory = data_dir(args.data_dir)
    code = args.code or getpass.getpass("recovery code: ")
    keys.recover(directory, code)
    print(f"the post in {directory} opens on this machine now")
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
    directory = data_dir(args.data_dir)
    health.check_folder(directory)
    directory.mkdir(parents=True, exist_ok=True)  # the first run creates the post in it
    _log_to(args)
    return run(directory)


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
        enrolled = enroll(
            desk, args.hq, args.code, label=args.label, allow_plain_http=args.allow_plain_http
        )
    finally:
        desk.close()
    print(f"enrolled at {args.hq} as device {enrolled.device_id} of port {enrolled.port_code}")
    if "." in args.code:
        print("HQ's certificate is pinned: this desk refuses any other")
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
        f"{report.conflicts} new conflicts; {report.aliases} records merged; "
        f"HQ holds entries 1..{report.acked_through}"
    )
    if report.held:
        print(
            f"{report.held} entries set aside ({report.set_aside} new): HQ refused them, or they "
            "wait for one it refused; see `checkpoint-desk held`"
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
        if c.rule == "identity":  # one real thing entered at two desks, merged into one
            where = "this desk" if c.lost_here else c.losing_writer
            print(
                f"{c.detected_at:%Y-%m-%d %H:%M}Z  {c.entity} {c.record_id}  merged: {where} lost"
            )
            for name in c.fields:
                print(f"    {name}: kept {c.kept[name]!r}, lost {c.lost[name]!r}")
            continue
        where = "this desk" if c.lost_here else c.losing_writer
        print(f"{c.detected_at:%Y-%m-%d %H:%M}Z  {c.entity} {c.record_id}  {c.rule}: {where} lost")
        for name in c.fields:
            print(f"    {name}: kept {c.kept[name]!r}, lost {c.lost[name]!r}")
    return 0


def cmd_held(args: argparse.Namespace) -> int:
    """Entries set aside (quarantine): list, send again, or discard one (with authority)."""
    from desktop_app.sync import quarantine
    from desktop_app.sync.state import read_state

    desk = _desk(args)
    try:
        if args.send_again:
            again = quarantine.release(desk)
            print(
                f"{len(again)} entries queued again; they go with the next sync "
                "(`checkpoint-desk sync`)"
            )
            return 0
        if args.discard is not None:
            if not (args.by and args.reason):
                print("checkpoint-desk: --discard needs --by BADGE and --reason", file=sys.stderr)
                return 2
            pin = args.pin or getpass.getpass(f"PIN of {args.by}: ")
            by = _officer_id(desk, args.by)
            view = quarantine.discard(desk, seq=args.discard, by=by, pin=pin, reason=args.reason)
            print(
                f"entry {view.seq} ({view.entity} {view.record_id}) discarded by {args.by}: "
                "HQ will not receive it; the audit log says who and why"
            )
            return 0
        rows = quarantine.entries(desk, everything=args.all)
        enrolled = read_state(desk).enrolled
    finally:
        desk.close()
    if args.json:
        print(json.dumps([vars(v) for v in rows], default=str, ensure_ascii=False, indent=2))
        return 0
    if not rows and not enrolled:
        print(
            "no entry is set aside; this desk is not enrolled, so nothing is sent yet "
            "(checkpoint-desk enroll --hq URL --code CODE)"
        )
        return 0
    if not rows:
        print("no entry is set aside: everything recorded here reaches HQ")
        return 0
    advice = {
        "wait": "waits: it goes by itself once the record it names reaches HQ",
        "edit": "correct the record; the corrected version goes by itself",
        "discard": "send again once HQ is fixed (--send-again), or discard it with a reason",
    }
    for v in rows:
        state = "" if v.state == quarantine.HELD else f" [{v.state}]"
        print(f"entry {v.seq}{state}  {v.entity} {v.record_id}  {v.error}: {v.detail}")
        if v.state == quarantine.HELD:
            print(f"    what to do: {advice[v.advice]}")
        elif v.reason:
            print(f"    reason: {v.reason}")
    return 0


def _officer_id(desk: Desk, badge: str) -> uuid.UUID:
    for officer in officers.roster(desk, include_inactive=True):
        if officer.badge_no == badge:
            return officer.id
    raise RuleViolation("badge_no", "not_found")


def _moment(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time with its zone, like 2026-11-26T08:00+08:00"
        )
    return at.astimezone(UTC)


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
    data_help = f"the post's data directory (default: ${ENV_VAR} or the platform's)"
    verbose_help = "also print what the log file gets (DATA_DIR/logs/checkpoint-desk.log)"
    top.add_argument("--data-dir", help=data_help)
    top.add_argument("-v", "--verbose", action="store_true", help=verbose_help)
    # The same options after the command, where people type them: SUPPRESS, so that
    # a command's default cannot undo what was given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=data_help)
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=verbose_help
    )
    sub = top.add_subparsers(dest="command")

    p = sub.add_parser("init", parents=[common], help="create or upgrade the database for a port")
    p.add_argument("--port", required=True, help="port code, e.g. TRG, ALS, URC")
    p.add_argument("--admin-badge", help="also create the first admin with this badge number")
    p.add_argument("--admin-name", default="管理员")
    p.add_argument("--admin-pin", help="the admin's PIN (asked for if not given)")
    p.add_argument(
        "--join",
        action="store_true",
        help="join a post that already has desks: enrol (--hq, --code) and take its roster",
    )
    p.add_argument("--hq", help="with --join: HQ's address")
    p.add_argument("--code", help="with --join: a one-time code from `checkpoint-hq enroll`")
    p.add_argument("--label", default="", help="with --join: a name for this desk at HQ")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser(
        "demo", parents=[common], help="fill a new data directory with realistic synthetic days"
    )
    p.add_argument(
        "--port",
        help=f"port code (default: the existing post's with --force, else {DEMO_PORT}, "
        "a 24x7 rail port)",
    )
    p.add_argument("--days", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--force", action="store_true", help="add demo days to an existing database")
    p.add_argument("--start", action="store_true", help="start the desktop app afterwards")
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser(
        "stats", parents=[common], help="wait-time statistics for a period (port's local dates)"
    )
    p.add_argument("--from", dest="date_from", type=_date, help="first day (default today)")
    p.add_argument("--to", dest="date_to", type=_date, help="last day (default = --from)")
    p.add_argument("--by", choices=sorted([*stats.GROUPINGS, "day"]), default="traveller_category")
    p.add_argument(
        "--as-of",
        type=_moment,
        help="figures as known at this time (ISO, e.g. 2026-11-26T08:00+08:00; default now)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser(
        "plan",
        parents=[common],
        help="expected arrivals, predicted waits and lane advice for the next hours",
    )
    p.add_argument("--hours", type=int, default=12, choices=range(1, 25), metavar="1-24")
    p.add_argument("--at", type=_moment, help="plan as of this time (default now)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_plan)
    b = p.add_subparsers(dest="plan_command").add_parser(
        "backtest",
        parents=[common],
        help="replay past days as if live: predicted vs actual P90, advice before alerts",
    )
    b.add_argument("--from", dest="date_from", type=_date, required=True)
    b.add_argument("--to", dest="date_to", type=_date, required=True)
    b.add_argument("--json", action="store_true")
    b.set_defaults(run=cmd_plan_backtest)

    report = sub.add_parser(
        "report", parents=[common], help="shift and daily PDF reports"
    ).add_subparsers(dest="kind", required=True)
    p = report.add_parser("shift", parents=[common], help="a shift's report (Chinese by default)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=_uuid, help="the shift's id")
    which.add_argument("--latest", action="store_true", help="the latest closed shift")
    p.add_argument(
        "--signed",
        action="store_true",
        help="the report as signed at close-out, even if corrected since (default: amended)",
    )
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument(
        "--redact",
        action="store_true",
        help="mask traveller references (E482****70): the copy for outside the post",
    )
    p.set_defaults(run=cmd_report_shift)
    p = report.add_parser("daily", parents=[common], help="a port's local day: every shift of it")
    p.add_argument("--date", type=_date, required=True, help="the day, e.g. 2026-11-25")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument(
        "--redact",
        action="store_true",
        help="mask traveller references (E482****70): the copy for outside the post",
    )
    p.set_defaults(run=cmd_report_daily)

    p = sub.add_parser(
        "backup",
        parents=[common],
        help="consistent copy through SQLite's backup API; thin old ones",
    )
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser(
        "check", parents=[common], help="integrity and foreign-key checks (exit 1 on a problem)"
    )
    p.set_defaults(run=cmd_check)

    p = sub.add_parser(
        "archive",
        parents=[common],
        help="move old clearances HQ holds out of the database into archive.sqlite3",
    )
    p.add_argument(
        "--older-than-days",
        type=int,
        default=400,
        help="clearances that joined longer ago than this (default 400)",
    )
    p.set_defaults(run=cmd_archive)

    officer = sub.add_parser("officer", parents=[common], help="manage the roster").add_subparsers(
        dest="action", required=True
    )
    p = officer.add_parser("add", parents=[common], help="add an officer")
    p.add_argument("--badge", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--role", choices=[r.value for r in Role], default=Role.OFFICER.value)
    p.add_argument("--pin", help="the new officer's PIN (asked for if not given)")
    p.add_argument("--admin", help="badge of the admin adding them (not needed for the first)")
    p.add_argument("--admin-pin")
    p.set_defaults(run=cmd_officer_add)
    p = officer.add_parser("list", parents=[common], help="the roster, inactive officers included")
    p.set_defaults(run=cmd_officer_list)

    key = sub.add_parser(
        "key", parents=[common], help="the post's data key (encryption at rest)"
    ).add_subparsers(dest="action", required=True)
    p = key.add_parser("status", parents=[common], help="where the key's copies are (no secret)")
    p.set_defaults(run=cmd_key_status)
    p = key.add_parser(
        "recovery-code", parents=[common], help="make the post's recovery code (admin), shown once"
    )
    p.add_argument("--by", required=True, metavar="BADGE", help="an administrator's badge")
    p.add_argument("--pin", help="their PIN (asked for if not given)")
    p.set_defaults(run=cmd_key_recovery_code)
    p = key.add_parser(
        "recover", parents=[common], help="open the post on this machine with its recovery code"
    )
    p.add_argument("--code", help="the recovery code (asked for if not given)")
    p.set_defaults(run=cmd_key_recover)

    p = sub.add_parser(
        "enroll", parents=[common], help="enrol this post at HQ with a one-time code"
    )
    p.add_argument("--hq", required=True, help="HQ's address, e.g. https://hq.example:8470")
    p.add_argument("--code", required=True, help="the code from `checkpoint-hq enroll`")
    p.add_argument("--label", default="", help="a name for this desk in HQ's device list")
    p.add_argument(
        "--allow-plain-http",
        action="store_true",
        help="allow plain http:// to HQ on another machine (a closed network only: the data "
        "crosses it readable)",
    )
    p.set_defaults(run=cmd_enroll)

    p = sub.add_parser(
        "sync", parents=[common], help="send local changes to HQ and receive HQ's, once"
    )
    p.add_argument("--hq", help="HQ's address (default: the one enrolled with)")
    p.set_defaults(run=cmd_sync)

    p = sub.add_parser(
        "export-bundle", parents=[common], help="write unsent changes to a signed file for HQ"
    )
    p.add_argument("file")
    p.set_defaults(run=cmd_export_bundle)

    p = sub.add_parser(
        "conflicts", parents=[common], help="versions that lost a conflict at HQ, newest first"
    )
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_conflicts)

    p = sub.add_parser(
        "held", help="entries set aside because HQ refused them (or one they wait for)"
    )
    p.add_argument("--all", action="store_true", help="also those resolved since (history)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--send-again", action="store_true", help="queue every entry set aside again")
    p.add_argument("--discard", type=int, metavar="SEQ", help="give up this entry (audited)")
    p.add_argument("--by", metavar="BADGE", help="with --discard: a deputy captain or above")
    p.add_argument("--pin", help="with --discard: their PIN (asked for if not given)")
    p.add_argument("--reason", help="with --discard: why (kept in the audit log)")
    p.set_defaults(run=cmd_held)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    directory = data_dir(args.data_dir)
    # Into the data folder if there is one; init, demo and the app log there once made.
    logs.configure(LOG_NAME, directory if directory.is_dir() else None, console=_console(args))
    if args.self_test:
        from desktop_app import selftest

        return selftest.run(args.self_test_dir)
    run = getattr(args, "run", cmd_gui)
    # One line as each command starts and ends (the name only: arguments may hold a PIN),
    # so the log says what ran at a desk with no console, not only what failed.
    what = args.command or "the desk app"
    log.info("%s: started", what)
    started = time.monotonic()
    code = _run(run, args, directory)
    log.info("%s: ended, exit status %s, %.1f s", what, code, time.monotonic() - started)
    return code


def _run(run: Any, args: argparse.Namespace, directory: Path) -> int:
    try:
        return int(run(args))
    except (
        NotInitialized,
        WrongPort,
        DatabaseTooNew,
        UnknownPort,
        DatabaseUnusable,
        KeyUnavailable,
    ) as error:
        return _refused(error.args[0] if error.args else str(error))
    except RuleViolation as error:
        return _refused(str(error))
    except DATABASE_ERRORS as error:  # met while working on the database
        log.error("%s failed", args.command, exc_info=True, extra=logs.FILE_ONLY)
        path = database_path(directory)
        return _refused(str(health.describe(path, error, backups_dir(directory))))


DATABASE_ERRORS: tuple[type[Exception], ...] = (*cipher.DB_ERRORS, DBAPIError)


def _refused(message: str) -> int:
    """One line on stderr, and the exit status of every refusal."""
    log.info("refused: %s", message, extra=logs.FILE_ONLY)
    print(f"checkpoint-desk: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
