"""``checkpoint-hq user …`` and ``report …``: console accounts and reports, from a shell.

``hq.cli`` adds these sub-commands with ``add_commands``; each takes the
same ``--db`` as every other command.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from db.base import utcnow
from hq.console import accounts, audit, station_report
from hq.console.access import ConsoleRole
from hq.console.i18n import Translator
from hq.store import hq_engine

CLI_WHO = audit.Who("cli")  # changes made from the shell are audited as "cli"


def _password(args: argparse.Namespace) -> str:
    if args.password:
        return str(args.password)
    if not sys.stdin.isatty():
        # (getpass would read a pipe with a warning, or die on end of input)
        raise accounts.AccountError("password", "no_terminal")
    first = getpass.getpass("new password: ")
    if getpass.getpass("again: ") != first:
        raise accounts.AccountError("password", "passwords_differ")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    engine = hq_engine(args.db)
    now = utcnow()
    try:
        if args.action == "add":
            user = accounts.add_user(
                engine,
                username=args.username,
                display_name=args.name or args.username,
                role=args.role,
                password=_password(args),
                now=now,
                who=CLI_WHO,
            )
            print(f"user {user.username} added ({user.role.value})")
        elif args.action == "disable":
            accounts.set_active(engine, args.username, False, now=now, who=CLI_WHO)
            print(f"user {args.username} disabled; their sessions ended")
        elif args.action == "enable":
            accounts.set_active(engine, args.username, True, now=now, who=CLI_WHO)
            print(f"user {args.username} enabled")
        elif args.action == "reset":
            accounts.reset_password(engine, args.username, _password(args), now=now, who=CLI_WHO)
            print(f"password of {args.username} reset; lock-out lifted, sessions ended")
        else:
            rows = accounts.users(engine)
            if args.json:
                print(json.dumps([asdict(u) for u in rows], default=str, indent=2))
                return 0
            print(f"{'user':<20}  {'role':<12}  {'state':<9}  {'last sign-in':<20}  name")
            for u in rows:
                state = "disabled" if not u.active else "locked" if u.locked(now) else "active"
                last = u.last_login_at.strftime("%Y-%m-%d %H:%MZ") if u.last_login_at else "never"
                role = u.role.value
                print(f"{u.username:<20}  {role:<12}  {state:<9}  {last:<20}  {u.display_name}")
    except accounts.AccountError as error:
        rule = Translator("en").rule(error.code, **error.detail)
        print(f"checkpoint-hq: {error.field} {rule}", file=sys.stderr)
        return 2
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    engine = hq_engine(args.db)
    now = utcnow()
    out = Path(args.out)
    if args.kind == "daily":
        day = date.fromisoformat(args.date) if args.date else now.date()
    else:
        day = date.fromisoformat(f"{args.month}-01") if args.month else now.date()
    if args.kind == "daily" and args.port:
        from desktop_app import reports
        from hq.console.portview import PortView

        result = reports.build_daily_report(
            PortView(engine, args.port, now=lambda: now), day, out, args.lang
        )
        note = "" if result.final else " (provisional: the day is not over or a shift is open)"
        print(f"daily report of {args.port.upper()} for {day}: {out} ({result.pages} pages){note}")
        return 0
    report = station_report.build(engine, args.kind, day, now)
    if out.suffix.lower() == ".csv":
        out.write_bytes(station_report.to_csv(report))
        what = "CSV"
    else:
        pages = station_report.write_pdf(report, out, args.lang)
        what = f"PDF, {pages} page{'s' if pages != 1 else ''}"
    print(
        f"station {args.kind} report for {report.period}, {len(report.lines)} ports: {out} ({what})"
    )
    return 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``user`` and ``report`` sub-commands, on ``hq.cli``'s parser."""
    # Under ``user ACTION``: SUPPRESS, so the nested default cannot undo ``user --db``.
    nested = argparse.ArgumentParser(add_help=False)
    nested.add_argument(
        "--db", default=argparse.SUPPRESS, help="database URL (as for every command)"
    )
    p = sub.add_parser("user", parents=[common], help="console users: add, list, disable, reset")
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", parents=[nested], help="add a console user")
    add.add_argument("username")
    add.add_argument("--name", help="the name shown (default: the user name)")
    add.add_argument("--role", required=True, choices=[r.value for r in ConsoleRole])
    add.add_argument(
        "--password", help="default: asked for twice (keeps it out of the shell history)"
    )
    listing = actions.add_parser("list", parents=[nested], help="every console user")
    listing.add_argument("--json", action="store_true")
    for name, text in (
        ("disable", "disable a user (ends their sessions)"),
        ("enable", "enable a disabled user"),
    ):
        one = actions.add_parser(name, parents=[nested], help=text)
        one.add_argument("username")
    reset = actions.add_parser(
        "reset", parents=[nested], help="set a new password; lifts a lock-out"
    )
    reset.add_argument("username")
    reset.add_argument("--password", help="default: asked for twice")
    p.set_defaults(run=cmd_user)

    p = sub.add_parser("report", help="station-wide daily or monthly report (PDF or CSV)")
    kinds = p.add_subparsers(dest="kind", required=True)
    daily = kinds.add_parser("daily", parents=[common], help="every port's day on one page")
    daily.add_argument("--date", help="the day, e.g. 2026-11-25 (default: today)")
    daily.add_argument("--port", help="one port's own daily report instead (the desk's PDF)")
    monthly = kinds.add_parser("monthly", parents=[common], help="every port's month on one page")
    monthly.add_argument("--month", help="e.g. 2026-11 (default: this month)")
    for one in (daily, monthly):
        one.add_argument("--out", required=True, help="FILE.pdf or FILE.csv")
        one.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(run=cmd_report)
