"""``checkpoint-hq``: the headquarters service's command line.

Every command takes ``--db URL`` (default ``$CHECKPOINT_HQ_DB``, else an
SQLite file ``checkpoint-hq.sqlite3`` in the current directory); PostgreSQL
URLs look like ``postgresql+psycopg://user:password@host/dbname``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from db.base import utcnow
from db.migrate import DatabaseTooNew
from desktop_app.sync.bundle import BundleError
from desktop_app.version import __version__
from hq import devices, status
from hq.migrate import NotMigrated, upgrade
from hq.store import DEFAULT_DB_URL, hq_engine

ENV_DB = "CHECKPOINT_HQ_DB"
DEFAULT_PORT = 8470


def _engine(args: argparse.Namespace) -> Engine:
    return hq_engine(args.db)


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%SZ") if at else "never"


def cmd_migrate(args: argparse.Namespace) -> int:
    revisions = upgrade(_engine(args))
    print(f"HQ database ready: shared schema {revisions.shared}, HQ tables {revisions.hq}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hq.app import create_app

    engine = _engine(args)
    upgrade(engine)  # like the desk, HQ brings its database up to date on start
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    uvicorn.run(
        create_app(engine),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        # Posts reuse a connection for a whole sync; a lost one costs a reconnect.
        timeout_keep_alive=30,
        server_header=False,  # bytes on every answer that no post reads
        date_header=False,
        access_log=args.log_level == "debug",
    )
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    code = devices.create_code(_engine(args), args.port, utcnow(), device_id=args.device)
    port = args.port.upper()
    if args.device:
        what = f"gives device {args.device} of port {port} a new key (the old one stops working)"
    else:
        what = f"enrols a new device of port {port}"
    print(f"one-time enrolment code that {what}, valid for 24 hours:")
    print("on the post: checkpoint-desk enroll --hq URL --code CODE")
    print(code)  # alone on the last line, for scripts
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if args.action == "revoke":
        if not devices.revoke(engine, args.device_id, utcnow(), args.reason):
            print(f"checkpoint-hq: no active device {args.device_id}", file=sys.stderr)
            return 1
        print(f"device {args.device_id} revoked: its requests and bundles are refused from now on")
        return 0
    rows = devices.devices(engine)
    if args.json:
        print(json.dumps([asdict(d) for d in rows], default=str, indent=2))
        return 0
    print(
        f"{'device':<36}  {'port':<4}  {'enrolled':<20}  {'last seen':<20}  {'acked':>8}  "
        f"{'clock':>9}  state"
    )
    for d in rows:
        state = f"revoked {_when(d.revoked_at)}" if d.revoked_at else "active"
        clock = f"{d.clock_skew_ms / 1000:+.0f} s"  # its clock minus HQ's, last seen
        print(
            f"{d.id:<36}  {d.port_code:<4}  {_when(d.enrolled_at):<20}  "
            f"{_when(d.last_seen_at):<20}  {d.acked_through:>8}  {clock:>9}  {state}"
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    rows = status.port_status(_engine(args))
    if not args.all:
        rows = [r for r in rows if r.devices or r.records]
    if args.json:
        print(json.dumps([asdict(r) for r in rows], default=str, indent=2))
        return 0
    print(
        f"{'port':<4}  {'devices':>7}  {'last sync':<20}  {'records':>8}  "
        f"{'latest data':<20}  {'conflicts':>9}  {'refused':>7}"
    )
    for r in rows:
        devices_text = f"{r.devices - r.revoked}" + (f"+{r.revoked}r" if r.revoked else "")
        print(
            f"{r.code:<4}  {devices_text:>7}  {_when(r.last_sync):<20}  {r.records:>8}  "
            f"{_when(r.latest_data):<20}  {r.conflicts:>9}  {r.refused_batches:>7}"
        )
    if not rows:
        print("(no port has an enrolled device or data yet; --all lists every port)")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    rows = status.conflicts(_engine(args), args.port, args.limit)
    if args.json:
        print(json.dumps([asdict(c) for c in rows], default=str, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no conflicts")
        return 0
    for c in rows:
        print(
            f"{_when(c.detected_at)}  {c.port_code}  {c.entity} {c.record_id}  rule {c.rule}: "
            f"{c.losing_writer} lost to {c.winning_writer}"
        )
        for name in c.fields:
            print(
                f"    {name}: kept {_short(c.winning.get(name))}, lost {_short(c.losing.get(name))}"
            )
    return 0


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def cmd_import_bundle(args: argparse.Namespace) -> int:
    from hq.service import HQService

    engine = _engine(args)
    report = HQService(engine).import_bundle_file(Path(args.file))
    print(
        f"bundle of device {report.device_id} ({report.port_code}): {report.batches} batches, "
        f"{report.applied} applied, {report.duplicates} already imported; {report.stored} rows "
        f"stored, {report.skipped} already held, {report.conflicts} conflicts; acknowledged "
        f"through entry {report.acked_through}"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    default_db = os.environ.get(ENV_DB, DEFAULT_DB_URL)
    db_help = f"database URL (default ${ENV_DB} or {DEFAULT_DB_URL})"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=default_db, help=db_help)
    # Nested under ``devices``: SUPPRESS, so its default cannot undo the parent's --db.
    nested = argparse.ArgumentParser(add_help=False)
    nested.add_argument("--db", default=argparse.SUPPRESS, help=db_help)

    top = argparse.ArgumentParser(
        prog="checkpoint-hq", description="Checkpoint Desk headquarters service."
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", parents=[common], help="run the HTTP service (migrates first)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    p.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser(
        "migrate", parents=[common], help="create or upgrade the database; seed ports"
    )
    p.set_defaults(run=cmd_migrate)

    p = sub.add_parser("enroll", parents=[common], help="make a one-time enrolment code for a port")
    p.add_argument("--port", required=True, help="port code, e.g. TRG")
    p.add_argument(
        "--device",
        metavar="ID",
        help="re-key this enrolled device (a lost credential); without it the code enrols "
        "a new device only",
    )
    p.set_defaults(run=cmd_enroll)

    p = sub.add_parser("devices", parents=[common], help="list enrolled devices, or revoke one")
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(dest="action")
    revoke = actions.add_parser("revoke", parents=[nested], help="revoke a device")
    revoke.add_argument("device_id")
    revoke.add_argument("--reason", default="")
    p.set_defaults(run=cmd_devices)

    p = sub.add_parser("status", parents=[common], help="per port: last sync, records, conflicts")
    p.add_argument("--all", action="store_true", help="list ports with no device or data too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_status)

    p = sub.add_parser("conflicts", parents=[common], help="losing versions HQ kept, newest first")
    p.add_argument("--port", help="only this port")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_conflicts)

    p = sub.add_parser("import-bundle", parents=[common], help="apply a post's signed bundle file")
    p.add_argument("file")
    p.set_defaults(run=cmd_import_bundle)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BundleError as error:
        print(f"checkpoint-hq: bundle refused ({error.error}): {error.detail}", file=sys.stderr)
        return 2
    except (NotMigrated, DatabaseTooNew, devices.CodeRefused, KeyError, FileNotFoundError) as error:
        print(f"checkpoint-hq: {error.args[0] if error.args else error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
