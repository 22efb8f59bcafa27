"""``checkpoint-hq``: the headquarters service's command line.

Every command takes ``--db URL`` (default ``$CHECKPOINT_HQ_DB``, else an
SQLite file ``checkpoint-hq.sqlite3`` in the current directory); PostgreSQL
URLs look like ``postgresql+psycopg://user:password@host/dbname``.  HQ logs
to ``logs/checkpoint-hq.log`` (rotating) in its data folder: the SQLite
file's folder, or ``--log-dir``/``$CHECKPOINT_HQ_LOGS`` (for PostgreSQL, the
platform's user data folder by default).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import socket
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_path
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from db.base import utcnow
from db.migrate import DatabaseTooNew
from desktop_app import keys, logs
from desktop_app.protocol import pinning
from desktop_app.protocol.bundle import BundleError
from desktop_app.version import __version__
from hq import devices, setaside, status, tls
from hq.admission import DEFAULT_LIMIT as DEFAULT_PUSH_LIMIT
from hq.admission import Admission
from hq.hub import at_rest
from hq.hub import join as hub_join
from hq.hub import state as hub_state
from hq.hub.link import LinkError
from hq.migrate import NotMigrated, upgrade
from hq.store import DEFAULT_DB_URL, HQClock, hq_engine

ENV_DB = "CHECKPOINT_HQ_DB"
ENV_LOGS = "CHECKPOINT_HQ_LOGS"
ENV_WORKER = "CHECKPOINT_HQ_WORKER"  # what ``serve --workers`` tells its workers
ENV_TLS = "CHECKPOINT_HQ_TLS_DIR"
DEFAULT_PORT = 8470
LOG_NAME = "checkpoint-hq"

log = logging.getLogger("checkpoint.hq")


def _engine(args: argparse.Namespace) -> Engine:
    return hq_engine(args.db)


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%SZ") if at else "never"


def cmd_migrate(args: argparse.Namespace) -> int:
    revisions = upgrade(_engine(args))
    print(f"HQ database ready: shared schema {revisions.shared}, HQ tables {revisions.hq}")
    return 0


def log_folder(db_url: str, explicit: str | None = None) -> Path:
    """HQ's data folder, where its logs go: the SQLite file's folder, else the platform's."""
    if explicit or os.environ.get(ENV_LOGS):
        return Path(explicit or os.environ[ENV_LOGS]).expanduser()
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).expanduser().resolve().parent
    return user_data_path("checkpoint-hq", appauthor=False)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError:
        print(
            "checkpoint-hq: serving needs the hq extra: pip install -e '.[hq]' "
            "(or checkpoint-desk[hq])",
            file=sys.stderr,
        )
        return 2

    # A hub's database is encrypted at rest (made so, or a plaintext one encrypted in place).
    engine = at_rest.hub_engine(args.db) if args.hub else _engine(args)
    upgrade(engine)  # like the desk, HQ brings its database up to date on start
    certfile, keyfile = args.ssl_certfile, args.ssl_keyfile
    if certfile is None and args.tls_dir:
        cert_path, key_path = tls.ensure_certificate(Path(args.tls_dir), args.tls_host or [])
        certfile, keyfile = str(cert_path), str(key_path)
    if certfile:
        log.info(
            "TLS certificate %s, fingerprint %s",
            certfile,
            tls.certificate_fingerprint(Path(certfile)),
        )
    runner = None
    clock = HQClock(engine)
    if args.hub:
        from hq.hub.runner import HubRunner

        if args.workers > 1:  # the relay to HQ runs in the one process that serves the desks
            print("checkpoint-hq: a hub runs as one process (no --workers)", file=sys.stderr)
            return 2
        if args.upstream:
            hub_join.set_upstream(engine, args.upstream)
        hub = hub_state.config(engine)
        if hub is None:
            print(
                "checkpoint-hq: this database has not joined HQ as a hub yet: "
                "checkpoint-hq hub-join --upstream URL --code CODE --port PORT",
                file=sys.stderr,
            )
            return 2
        runner = HubRunner(engine, clock, hub, interval=args.upstream_interval).start()
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": args.log_level,
        "log_config": None,  # uvicorn's records go to HQ's log (desktop_app.logs), not its own
        "ssl_certfile": certfile,
        "ssl_keyfile": keyfile,
        # Posts reuse a connection for a whole sync; a lost one costs a reconnect.
        "timeout_keep_alive": 30,
        # A TLS connection a client dropped without TLS's closing handshake would hold a
        # SIGTERM'd HQ up to asyncio's 30 s SSL shutdown timeout: stop waiting after 10.
        "timeout_graceful_shutdown": 10,
        "server_header": False,  # bytes on every answer that no post reads
        "date_header": False,
        "access_log": args.log_level == "debug",
    }
    # A listening socket handed over by whoever started HQ (systemd's socket
    # activation, or the tests: they bind it first, so the port is HQ's at once).
    sockets = [socket.socket(fileno=args.fd)] if args.fd is not None else None
    if args.workers > 1:
        return _serve_workers(args, engine, options, sockets)
    from hq.app import create_app

    app = create_app(
        engine,
        clock,
        hub=runner is not None,
        on_push=runner.wake if runner else None,
        admission=Admission(limit=_push_limit(args)),
    )
    config = uvicorn.Config(app, **options)
    announcement = None
    if runner is not None and args.announce != "off":
        from desktop_app.protocol.discovery import announce

        tcp_port = sockets[0].getsockname()[1] if sockets else args.port
        only = None if args.announce == "lan" else [args.announce]
        scheme = "https" if certfile else "http"
        try:
            announcement = announce(
                runner.config.port_code, tcp_port, addresses=only, interfaces=only, scheme=scheme
            )
        except OSError as error:  # no multicast here: desks type the address
            log.warning("the hub could not announce itself on the LAN: %s", error)
    log.info(
        "%s %s serving on %s",
        "hub" if runner else "HQ",
        __version__,
        f"fd {args.fd}" if sockets else args.port,
    )
    try:
        uvicorn.Server(config).run(sockets=sockets)
    finally:
        if announcement is not None:
            announcement.close()
        if runner is not None:
            runner.stop()
    return 0


def _push_limit(args: argparse.Namespace) -> int:
    return DEFAULT_PUSH_LIMIT if args.max_pushes is None else int(args.max_pushes)


def _serve_workers(
    args: argparse.Namespace,
    engine: Engine,
    options: dict[str, Any],
    sockets: list[socket.socket] | None,
) -> int:
    """Several worker processes on one listening socket (uvicorn's supervisor).

    Each worker is a whole HQ (its own app, engine and connection pool): HQ
    keeps no state between requests outside the database, so any worker may
    answer any request.  The workers find the database and their log folder
    in the environment (they are started afresh, not forked).
    """
    from uvicorn import Config
    from uvicorn.supervisors import Multiprocess

    engine.dispose()  # the workers open their own
    os.environ[ENV_DB] = args.db
    os.environ[ENV_WORKER] = json.dumps(
        {
            "logs": str(log_folder(args.db, getattr(args, "log_dir", None))),
            "level": args.log_level,
            "max_pushes": _push_limit(args),
        }
    )
    config = Config("hq.cli:worker_app", factory=True, workers=args.workers, **options)
    sock = sockets[0] if sockets else config.bind_socket()
    log.info("HQ %s serving on %s with %d workers", __version__, sock.getsockname(), args.workers)
    Multiprocess(config, sockets=[sock]).run()
    return 0


def worker_app() -> Any:
    """The app of one worker of ``serve --workers N`` (uvicorn calls it in the new process)."""
    from hq.app import create_app

    setup = json.loads(os.environ[ENV_WORKER])
    level = logging.getLevelName(setup["level"].upper())
    # A log file per worker: rotating one file from several processes loses records.
    logs.configure(
        f"{LOG_NAME}-{os.getpid()}",
        Path(setup["logs"]),
        level=level,
        console=level,
    )
    return create_app(hq_engine(os.environ[ENV_DB]), admission=Admission(limit=setup["max_pushes"]))


def cmd_hub_export_bundle(args: argparse.Namespace) -> int:
    from hq.hub.export import export_bundle

    try:
        done = export_bundle(_engine(args), Path(args.file))
    except hub_state.NotAHub as error:
        print(f"checkpoint-hq: {error}", file=sys.stderr)
        return 2
    print(
        f"{args.file}: {done.batches} batch(es), {done.rows} rows of {done.desks} desk(s), "
        "for HQ: checkpoint-hq import-bundle FILE"
    )
    return 0


def cmd_hub_join(args: argparse.Namespace) -> int:
    engine = at_rest.hub_engine(args.db)  # encrypted from its first page
    upgrade(engine)
    try:
        answer = hub_join.join(
            engine,
            args.upstream,
            args.code,
            args.port,
            args.label,
            allow_plain_http=args.allow_plain_http,
        )
    except (hub_join.AlreadyJoined, LinkError) as error:
        print(f"checkpoint-hq: the hub could not join HQ: {error}", file=sys.stderr)
        return 2
    print(f"hub of port {answer.port_code} joined HQ at {args.upstream}")
    print("start it: checkpoint-hq serve --hub --host 0.0.0.0 --port 8471")
    return 0


def cmd_hub_key(args: argparse.Namespace) -> int:
    """The hub's data key, as ``checkpoint-desk key`` handles a desk's (desktop_app.keys)."""
    where = at_rest.place(args.db)
    if where is None:
        print("checkpoint-hq: only a hub on SQLite keeps a data key", file=sys.stderr)
        return 2
    if args.action == "recovery-code":
        code = keys.new_recovery_code(where)
        print("the hub's recovery code (shown once; print it, keep it in the post's safe):")
        print(f"  {code}")
        print(f"with it and {where.key_file.name}, the hub's database opens on another machine")
    elif args.action == "recover":
        keys.recover(where, args.code or getpass.getpass("recovery code: "))
        print(f"the hub's database {where.database} opens on this machine now")
    else:
        for name, value in keys.describe(where).items():
            print(f"{name}: {value}")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    engine = _engine(args)
    port = args.port.upper()
    hub = hub_state.config(engine)
    if hub is not None and (args.hub or port != hub.port_code):
        raise devices.CodeRefused(
            f"this is the hub of port {hub.port_code}: it enrols that port's desks only"
        )
    kind = "hub" if args.hub else "desk"
    code = devices.create_code(engine, args.port, utcnow(), device_id=args.device, kind=kind)
    cert = Path(args.tls_cert) if args.tls_cert else None
    if cert is None and args.tls_dir:
        cert = tls.paths(Path(args.tls_dir))[0]
    if cert is not None:
        if not cert.exists():
            print(
                f"checkpoint-hq: no certificate {cert} (serve --tls-dir makes one)", file=sys.stderr
            )
            return 2
        code = pinning.join_code(code, tls.certificate_fingerprint(cert))
    if args.hub:
        print(f"one-time code that enrols the hub of port {port}, valid for 24 hours:")
        print("on the hub: checkpoint-hq hub-join --upstream URL --port PORT --code CODE")
        print(code)
        return 0
    if args.device:
        what = f"gives device {args.device} of port {port} a new key (the old one stops working)"
    else:
        what = f"enrols a new device of port {port}"
    print(f"one-time enrolment code that {what}, valid for 24 hours:")
    print("on the post: checkpoint-desk enroll --hq URL --code CODE")
    if cert is not None:
        print(f"(after the dot: the fingerprint of {cert}; the desk pins that certificate)")
    print(code)  # alone on the last line, for scripts
    return 0


def cmd_tls_cert(args: argparse.Namespace) -> int:
    directory = Path(args.tls_dir or ".")
    if tls.paths(directory)[0].exists() and not args.force:
        print(
            f"checkpoint-hq: {tls.paths(directory)[0]} exists (--force replaces it; every "
            "desk must then be enrolled again)",
            file=sys.stderr,
        )
        return 2
    cert_path, key_path = tls.make_certificate(directory, args.tls_host or [])
    print(f"certificate {cert_path} (key {key_path}, readable by this user only)")
    print(f"fingerprint {tls.certificate_fingerprint(cert_path)}")
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
        f"{'latest data':<20}  {'conflicts':>9}  {'merged':>6}  {'held':>6}  {'refused':>7}"
    )
    for r in rows:
        devices_text = f"{r.devices - r.revoked}" + (f"+{r.revoked}r" if r.revoked else "")
        print(
            f"{r.code:<4}  {devices_text:>7}  {_when(r.last_sync):<20}  {r.records:>8}  "
            f"{_when(r.latest_data):<20}  {r.conflicts:>9}  {r.merged:>6}  {r.held:>6}  "
            f"{r.refused_batches:>7}"
        )
    if any(r.held for r in rows):
        print(
            "(held: outbox entries a post set aside because HQ refused them for a rule, or "
            "because they wait for one it refused; the post lists them with "
            "`checkpoint-desk held` and sends them again once fixed)"
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


def cmd_bad_records(args: argparse.Namespace) -> int:
    found = setaside.bad_records(_engine(args), args.port)
    if args.json:
        print(json.dumps([asdict(r) for r in found], indent=2))
        return 0
    for r in found:
        print(f"{r.entity} {r.record_id}  {r.column} = {r.value}")
    print(
        f"{len(found)} stored records with a time outside 2000–2100"
        + (": `checkpoint-hq set-aside ENTITY ID --reason …` takes one out" if found else "")
    )
    return 0


def cmd_set_aside(args: argparse.Namespace) -> int:
    now = utcnow()
    out = Path(args.out or f"set-aside-{args.entity}-{args.record_id}.json")
    setaside.set_aside(_engine(args), args.entity, args.record_id, args.reason, out, now)
    log.warning("set aside %s %s (%s): kept in %s", args.entity, args.record_id, args.reason, out)
    print(f"{args.entity} {args.record_id} set aside: removed from HQ's store, kept in {out}")
    return 0


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
    common.add_argument(
        "--log-dir", help=f"where logs/{LOG_NAME}.log goes (default ${ENV_LOGS}, else HQ's folder)"
    )
    # Nested under ``devices``: SUPPRESS, so its default cannot undo the parent's --db.
    nested = argparse.ArgumentParser(add_help=False)
    nested.add_argument("--db", default=argparse.SUPPRESS, help=db_help)

    top = argparse.ArgumentParser(
        prog="checkpoint-hq", description="Checkpoint Desk headquarters service."
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(dest="command", required=True)

    tls_help = (
        f"HQ's TLS folder (default ${ENV_TLS}): serve makes a self-signed certificate there "
        "if there is none; enroll puts its fingerprint into the code"
    )
    host_help = "a name or address the certificate is for (repeat; default localhost)"
    p = sub.add_parser("serve", parents=[common], help="run the HTTP service (migrates first)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    p.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")
    p.add_argument("--tls-dir", default=os.environ.get(ENV_TLS), help=tls_help)
    p.add_argument("--tls-host", action="append", help=host_help)
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument(
        "--fd",
        type=int,
        help="serve on this listening socket, already bound (an inherited file descriptor)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes on the one port (default 1; about one per core, see "
        "docs/capacity.md)",
    )
    p.add_argument(
        "--max-pushes",
        type=int,
        metavar="N",
        help="pushes each worker stores at a time, the others answered 503 with Retry-After "
        "at once (default 0: no limit; see docs/capacity.md)",
    )
    p.add_argument(
        "--hub",
        action="store_true",
        help="serve as this post's hub (after hub-join): desks sync here, the hub relays to HQ",
    )
    p.add_argument("--upstream", metavar="URL", help="with --hub: HQ's address, if it moved")
    p.add_argument(
        "--announce",
        default="lan",
        metavar="lan|off|ADDRESS",
        help="with --hub: announce the hub by mDNS on the LAN (default), not at all, or on "
        "one address only",
    )
    p.add_argument(
        "--upstream-interval",
        type=float,
        default=2.0,
        metavar="S",
        help="with --hub: seconds between exchanges with HQ (a desk's push starts one at once)",
    )
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser(
        "hub-join", parents=[common], help="enrol this database as a post's hub at HQ (once)"
    )
    p.add_argument("--upstream", required=True, metavar="URL", help="HQ's address")
    p.add_argument(
        "--code",
        required=True,
        help="a hub's code (checkpoint-hq enroll --hub at HQ; ending in .FINGERPRINT when HQ "
        "serves TLS: the hub pins that certificate)",
    )
    p.add_argument("--port", required=True, help="the post's port code, e.g. TRG")
    p.add_argument("--label", default="")
    p.add_argument(
        "--allow-plain-http",
        action="store_true",
        help="reach HQ by plain http:// on another machine (a closed network only: the port's "
        "records cross the link readable)",
    )
    p.set_defaults(run=cmd_hub_join)

    p = sub.add_parser(
        "hub-export-bundle",
        parents=[common],
        help="on a hub: write what waits for HQ into one signed file (no link at all)",
    )
    p.add_argument("file")
    p.set_defaults(run=cmd_hub_export_bundle)

    p = sub.add_parser(
        "hub-key",
        parents=[common],
        help="on a hub: where its data key's wrapped copies are (status), a recovery code "
        "for the safe, or open the hub's database on a new machine with it (recover)",
    )
    p.add_argument("action", choices=["status", "recovery-code", "recover"])
    p.add_argument("--code", help="with recover: the recovery code (asked for if not given)")
    p.set_defaults(run=cmd_hub_key)

    p = sub.add_parser(
        "migrate", parents=[common], help="create or upgrade the database; seed ports"
    )
    p.set_defaults(run=cmd_migrate)

    p = sub.add_parser(
        "tls-cert", parents=[common], help="make HQ's key and self-signed TLS certificate"
    )
    p.add_argument("--tls-dir", default=os.environ.get(ENV_TLS), help=tls_help)
    p.add_argument("--tls-host", action="append", help=host_help)
    p.add_argument("--force", action="store_true", help="replace the certificate there")
    p.set_defaults(run=cmd_tls_cert)

    p = sub.add_parser("enroll", parents=[common], help="make a one-time enrolment code for a port")
    p.add_argument("--tls-dir", default=os.environ.get(ENV_TLS), help=tls_help)
    p.add_argument("--tls-cert", help="the certificate HQ serves (PEM), if not in --tls-dir")
    p.add_argument("--port", required=True, help="port code, e.g. TRG")
    p.add_argument(
        "--device",
        metavar="ID",
        help="re-key this enrolled device (a lost credential); without it the code enrols "
        "a new device only",
    )
    p.add_argument("--hub", action="store_true", help="a code for the port's hub (hub-join)")
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

    p = sub.add_parser(
        "bad-records", parents=[common], help="stored records with a time outside 2000–2100"
    )
    p.add_argument("--port", help="only this port")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_bad_records)

    p = sub.add_parser(
        "set-aside",
        parents=[common],
        help="take a bad stored record out of HQ's store and feed, keeping it in a JSON file",
    )
    p.add_argument("entity", help="its table, e.g. clearance_events")
    p.add_argument("record_id")
    p.add_argument("--reason", required=True, help="why, for whoever reads the file later")
    p.add_argument("--out", help="the JSON file (default set-aside-ENTITY-ID.json here)")
    p.set_defaults(run=cmd_set_aside)
    from hq.console.cli import add_commands  # console users and station reports

    add_commands(sub, common)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # serve says what its --log-level says, on the console and in the file; the
    # other commands print their results and log warnings to the console.
    level = logging.getLevelName(getattr(args, "log_level", "info").upper())
    console = level if args.run is cmd_serve else logging.WARNING
    logs.configure(
        LOG_NAME, log_folder(args.db, getattr(args, "log_dir", None)), level=level, console=console
    )
    try:
        return int(args.run(args))
    except BundleError as error:
        print(f"checkpoint-hq: bundle refused ({error.error}): {error.detail}", file=sys.stderr)
        return 2
    except (
        NotMigrated,
        DatabaseTooNew,
        devices.CodeRefused,
        setaside.CannotSetAside,
        keys.KeyUnavailable,
        KeyError,
        FileNotFoundError,
    ) as error:
        print(f"checkpoint-hq: {error.args[0] if error.args else error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
