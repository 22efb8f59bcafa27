"""A post's hub with its database encrypted at rest against the same hub in plaintext, same run.

One HQ (SQLite, ``python -m hq serve``) on loopback.  Per round and mode
(plaintext, then encrypted, alternating over ``--rounds`` so that a busy
machine weighs on both alike): a fresh hub joined to HQ and serving on
loopback (``serve --hub``), and a fresh TRG desk holding ``--events``
clearance events, enrolled at the hub.

* **desk → hub**: HQ stopped, the desk pushes everything to the hub
  (``SyncClient.sync``): entries per second the hub stores and queues.
* **hub → HQ**: HQ started; from then until HQ has acknowledged every one of
  the desk's entries: the hub's relay, entries per second.

The plaintext hub is the same ``checkpoint-hq serve --hub`` with its
at-rest step left out: this script stands in for ``python -m hq`` and
opens the hub's file as an unencrypted one (the product itself has no
switch for that).

    python bench/bench_hub_at_rest.py [--events 10000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, func, select

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's packages, whatever is installed

from bench_sync import record_events  # type: ignore[import-not-found]  # noqa: E402

from db import cipher  # noqa: E402
from db.base import utcnow  # noqa: E402
from db.models import OutboxEntry  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.desk import Desk  # noqa: E402
from desktop_app.sync.client import SyncClient  # noqa: E402
from hq import devices  # noqa: E402
from hq.hub import at_rest  # noqa: E402
from hq.hub import join as hub_join  # noqa: E402
from hq.migrate import upgrade  # noqa: E402
from hq.models import Device  # noqa: E402
from hq.store import hq_engine  # noqa: E402
from hq.testing import HQServer, hub_server  # noqa: E402
from tests.helpers.sync import enroll  # noqa: E402

MODES = ("plaintext", "encrypted")
PLAIN_SERVE = "serve-plaintext-hub"  # how this script is run as the plaintext hub


def last_seq(desk: Desk) -> int:
    with desk.read() as s:
        return int(s.scalar(select(func.max(OutboxEntry.seq))) or 0)


def acked(engine: Engine, device_id: str) -> int:
    with engine.connect() as conn:
        query = select(Device.acked_through).where(Device.id == device_id)
        return int(conn.execute(query).scalar() or 0)


def joined_hub(hq: HQServer, hq_engine_: Engine, folder: Path, mode: str) -> str:
    url = f"sqlite:///{folder / 'hub.sqlite3'}"
    folder.mkdir(parents=True)
    engine = at_rest.hub_engine(url) if mode == "encrypted" else hq_engine(url)
    upgrade(engine)
    code = devices.create_code(hq_engine_, "TRG", utcnow(), kind="hub")
    hub_join.join(engine, hq.url, code, "TRG")
    engine.dispose()
    return url


def one_round(hq: HQServer, hq_db: str, root: Path, mode: str, events: int) -> tuple[float, float]:
    """(desk → hub, hub → HQ) in entries per second."""
    engine = hq_engine(hq_db)
    url = joined_hub(hq, engine, root / "hub", mode)
    program = (str(Path(__file__).resolve()), PLAIN_SERVE) if mode == "plaintext" else ("-m", "hq")
    desk = initialize(root / "desk", "TRG")
    record_events(desk, events)
    pause = threading.Event()
    with hub_server(url, log=root / "hub.log", program=program) as hub:
        hub_engine = hq_engine(url)
        enroll(hub_engine, desk, hub.url, mode)
        # Encrypted or not, as meant (the plaintext hub must not have encrypted itself).
        assert cipher.is_plaintext(root / "hub" / "hub.sqlite3") == (mode == "plaintext")
        hq.kill()  # the hub holds the post's batches while HQ is away
        started = time.perf_counter()
        with SyncClient(desk, hub.url) as client:
            client.sync()
        push_s = time.perf_counter() - started
        target = last_seq(desk)
        hq.start()
        started = time.perf_counter()
        while acked(engine, desk.device_id) != target:
            pause.wait(0.02)
        relay_s = time.perf_counter() - started
        hub_engine.dispose()
    desk.close()
    engine.dispose()
    return target / push_s, target / relay_s


def serve_plaintext_hub(argv: list[str]) -> int:
    """``checkpoint-hq serve --hub`` on a hub database left in plaintext."""
    from hq import cli

    at_rest.hub_engine = hq_engine  # type: ignore[assignment]
    return cli.main(argv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    rates: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        hq_db = f"sqlite:///{root / 'hq.sqlite3'}"
        engine = hq_engine(hq_db)
        upgrade(engine)
        engine.dispose()
        print(f"hub on SQLite, HQ on SQLite, loopback; {args.events} events a round")
        with HQServer(hq_db, log=root / "hq.log") as hq:
            for n in range(args.rounds):
                for mode in MODES:
                    push, relay = one_round(hq, hq_db, root / f"{mode}-{n}", mode, args.events)
                    rates[mode].append((push, relay))
                    print(
                        f"  round {n + 1} {mode:>9}: desk → hub {push:,.0f} entries/s, "
                        f"hub → HQ {relay:,.0f} entries/s"
                    )
    plain_push = statistics.median(r[0] for r in rates["plaintext"])
    plain_relay = statistics.median(r[1] for r in rates["plaintext"])
    push = statistics.median(r[0] for r in rates["encrypted"])
    relay = statistics.median(r[1] for r in rates["encrypted"])
    print(f"median of {args.rounds} rounds (SQLCipher {cipher.sqlcipher_version()}):")
    print(
        f"  desk → hub  plaintext {plain_push:,.0f}  encrypted {push:,.0f} entries/s  "
        f"({push / plain_push:.2f}×)"
    )
    print(
        f"  hub → HQ    plaintext {plain_relay:,.0f}  encrypted {relay:,.0f} entries/s  "
        f"({relay / plain_relay:.2f}×)"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == PLAIN_SERVE:
        sys.exit(serve_plaintext_hub(sys.argv[2:]))
    main()
