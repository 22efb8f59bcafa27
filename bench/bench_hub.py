"""A post's hub on loopback: how fast a change at one desk shows at another, and relay throughput.

A real HQ and a real hub (``python -m hq serve`` and ``serve --hub``), each
in its own process, on loopback.

* **A → B latency.** Desks A and B of TRG are enrolled at the hub and run
  the app's own ``SyncRunner`` (a desk of a hub syncs every second and
  0.2 s after a local change).  A traveller joins a queue at A; the clock
  stops when B's database holds the event, which is when B's screen is told
  (the desk's change listener, which the header's live view follows).
  Median and p99 over ``--changes`` changes; goal ≤ 2 s median, ≤ 5 s p99.
  Baseline, same run: the protocol's own cost, A syncing then B syncing back
  to back by hand (no runner waits).
* **Relay throughput.** With HQ stopped, a TRG desk pushes ``--events``
  events to the hub; HQ starts, and the clock runs from HQ answering until
  HQ holds all of them (the hub's relay).  Baseline, same run: a desk of
  another port pushing as many events to HQ directly.  Goal: relay ≥ 0.8×
  direct.  The two take turns, ``--rounds`` times (fresh desks each round,
  each push on a freshly started HQ, as the relay's is), so that other load
  on a shared machine weighs on both alike; printed per round and as the
  median with its spread, in entries per second and per CPU-second of HQ's
  process (which other load changes less; on PostgreSQL the database
  server's own CPU is not in it).  ``--changes 0``: the relay only;
  ``--profile``: then where a relay's time goes at HQ.

    python bench/bench_hub.py [--changes 50] [--events 20000] [--rounds 3] [--pg URL] [--profile]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, insert, select

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's packages, whatever is installed

from bench_sync import record_events  # type: ignore[import-not-found]  # noqa: E402

from db.base import utcnow  # noqa: E402
from db.enums import SubjectKind, TravellerCategory  # noqa: E402
from db.models import ClearanceEvent, Officer  # noqa: E402
from desktop_app import clearance, lanes  # noqa: E402
from desktop_app.bootstrap import initialize  # noqa: E402
from desktop_app.desk import Desk  # noqa: E402
from desktop_app.sync.client import SyncClient  # noqa: E402
from desktop_app.sync.runner import SyncRunner  # noqa: E402
from hq import devices  # noqa: E402
from hq.hub import join as hub_join  # noqa: E402
from hq.migrate import upgrade  # noqa: E402
from hq.models import Device  # noqa: E402
from hq.store import hq_engine  # noqa: E402
from hq.testing import HQServer, hub_server, scratch_postgres  # noqa: E402
from tests.helpers.sync import enroll  # noqa: E402

GOAL_MEDIAN_S = 2.0
GOAL_P99_S = 5.0
GOAL_RELAY_RATIO = 0.8
# Where each round's direct desk is (not TRG: the hub's port).
DIRECT_PORTS = ("ALS", "BKT", "DLT", "HRG", "HSZ", "IRK", "JMN", "KHG")


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def acked(engine: Engine, device_id: str) -> int:
    with engine.connect() as conn:
        query = select(Device.acked_through).where(Device.id == device_id)
        return int(conn.execute(query).scalar_one())


def last_seq(desk: Desk) -> int:
    from db.models import OutboxEntry

    with desk.read() as s:
        return int(s.scalar(select(func.max(OutboxEntry.seq))) or 0)


def latency(hub_url: str, hub_engine: Engine, root: Path, changes: int) -> None:
    desk_a = initialize(root / "a", "TRG")
    record_events(desk_a, 3)  # an admin, a shift, an open lane
    enroll(hub_engine, desk_a, hub_url, "A")
    with SyncClient(desk_a, hub_url) as client:
        client.sync()
    desk_b = initialize(root / "b", "TRG")
    enroll(hub_engine, desk_b, hub_url, "B")
    with SyncClient(desk_b, hub_url) as client:
        client.sync()
    with desk_a.read() as s:
        admin = s.scalars(select(Officer).where(Officer.badge_no == "B001")).one()
    lane = lanes.lane_by_code(desk_a, "P-IN-1")

    # Baseline: the protocol's own cost, two syncs back to back.
    floor = []
    for n in range(min(changes, 20)):
        clearance.join_queue(
            desk_a,
            lane_id=lane.id,
            reference=f"F{n:05d}",
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=admin.id,
        )
        started = time.perf_counter()
        with SyncClient(desk_a, hub_url) as client:
            client.sync()
        with SyncClient(desk_b, hub_url) as client:
            client.sync()
        floor.append(time.perf_counter() - started)

    seen: dict[str, float] = {}
    arrived = threading.Condition()

    def on_change(tables: frozenset[str]) -> None:  # B's screen is told here
        if "clearance_events" not in tables:
            return
        with desk_b.read() as s:
            refs = {r for r in s.scalars(select(ClearanceEvent.reference)) if r}
        with arrived:
            for ref in refs:
                seen.setdefault(ref, time.perf_counter())
            arrived.notify_all()

    desk_b.add_listener(on_change)
    runners = [SyncRunner(desk) for desk in (desk_a, desk_b)]
    for runner in runners:
        runner.start()
    for runner in runners:  # both have learnt they sync with a hub
        while not runner.state.via_hub:
            runner.sync_now()
            time.sleep(0.05)
    took = []
    for n in range(changes):
        ref = f"L{n:05d}"
        started = time.perf_counter()
        clearance.join_queue(
            desk_a,
            lane_id=lane.id,
            reference=ref,
            subject_kind=SubjectKind.PERSON,
            traveller_category=TravellerCategory.CHINESE_CITIZEN,
            by=admin.id,
        )
        with arrived:
            if not arrived.wait_for(lambda: ref in seen, timeout=30):  # noqa: B023
                raise SystemExit(f"change {ref} did not reach desk B within 30 s")
        took.append(seen[ref] - started)
    for runner in runners:
        runner.stop()
    print(f"A → B through the hub ({changes} changes, the app's runners):")
    print(
        f"  median {statistics.median(took):.2f} s, p99 {p99(took):.2f} s "
        f"(goal ≤ {GOAL_MEDIAN_S:.0f} s, ≤ {GOAL_P99_S:.0f} s)"
    )
    print(
        f"  baseline, two syncs back to back: median {statistics.median(floor):.3f} s, "
        f"p99 {p99(floor):.3f} s"
    )
    desk_a.close()
    desk_b.close()


@dataclass
class RelayRound:
    direct_entries: int
    relay_entries: int
    direct_s: float
    direct_cpu_s: float  # HQ's process
    relay_s: float
    relay_cpu_s: float

    @property
    def ratio(self) -> float:
        return (self.relay_entries / self.relay_s) / (self.direct_entries / self.direct_s)

    @property
    def cpu_ratio(self) -> float:
        """Entries per HQ CPU-second, relayed over direct: what other load on the machine
        changes least."""
        return (self.relay_entries / self.relay_cpu_s) / (self.direct_entries / self.direct_cpu_s)


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far, user and system (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def hq_pid(hq: HQServer) -> int:
    assert hq.process is not None
    return hq.process.pid


def relay_round(
    hq: HQServer,
    engine: Engine,
    hub_url: str,
    hub_engine: Engine,
    root: Path,
    events: int,
    port: str,
) -> RelayRound:
    """One direct push by a desk of ``port`` (a port of its own each round, so its pull
    finds no earlier round's rows), then one relay of as many events by a TRG desk."""
    direct = initialize(root / "direct", port)
    record_events(direct, events)
    via = initialize(root / "via", "TRG")
    record_events(via, events)
    enroll(engine, direct, hq.url, "direct")
    enroll(hub_engine, via, hub_url, "via hub")

    hq.restart()  # each push on a freshly started HQ, as the relay's is (HQ comes back)
    cpu = cpu_seconds(hq_pid(hq))
    started = time.perf_counter()
    with SyncClient(direct, hq.url) as client:
        client.sync()
    direct_s = time.perf_counter() - started
    direct_cpu_s = cpu_seconds(hq_pid(hq)) - cpu
    sent = last_seq(direct)
    assert acked(engine, direct.device_id) == sent

    hq.kill()  # the hub holds the post's batches while HQ is away
    with SyncClient(via, hub_url) as client:
        client.sync()
    target = last_seq(via)
    hq.start()
    cpu = cpu_seconds(hq_pid(hq))
    started = time.perf_counter()
    while acked(engine, via.device_id) != target:
        time.sleep(0.02)
    relay_s = time.perf_counter() - started
    relay_cpu_s = cpu_seconds(hq_pid(hq)) - cpu
    direct.close()
    via.close()
    return RelayRound(sent, target, direct_s, direct_cpu_s, relay_s, relay_cpu_s)


def relay(
    hq: HQServer, hq_db: str, hub_url: str, hub_engine: Engine, root: Path, events: int, rounds: int
) -> None:
    """Direct and relayed pushes in turn, ``rounds`` times: other load on a shared machine
    then weighs on both alike."""
    engine = hq_engine(hq_db)
    done = []
    print(f"relay to HQ ({events} events a round; HQ's CPU: its process alone):")
    for n in range(rounds):
        port = DIRECT_PORTS[n % len(DIRECT_PORTS)]
        r = relay_round(hq, engine, hub_url, hub_engine, root / f"round-{n}", events, port)
        done.append(r)
        print(
            f"  round {n + 1}: through the hub {r.relay_entries / r.relay_s:,.0f} entries/s "
            f"({r.relay_s:.2f} s, HQ CPU {r.relay_cpu_s:.2f} s); baseline, a desk pushing "
            f"directly {r.direct_entries / r.direct_s:,.0f} entries/s ({r.direct_s:.2f} s, "
            f"HQ CPU {r.direct_cpu_s:.2f} s); ratio {r.ratio:.2f}×, per HQ CPU {r.cpu_ratio:.2f}×"
        )
    ratios = sorted(r.ratio for r in done)
    cpu_ratios = sorted(r.cpu_ratio for r in done)
    print(
        f"  ratio, median of {rounds}: {statistics.median(ratios):.2f}× "
        f"(spread {ratios[0]:.2f}–{ratios[-1]:.2f}×; goal ≥ {GOAL_RELAY_RATIO}×); "
        f"per HQ CPU-second {statistics.median(cpu_ratios):.2f}× "
        f"({cpu_ratios[0]:.2f}–{cpu_ratios[-1]:.2f}×)"
    )
    print(f"  load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    engine.dispose()


def profile_relay(hq_db: str, hub_engine: Engine, fresh_db: str, top: int = 20) -> None:
    """Where a relay's time goes at HQ: cProfile of a fresh HQ applying the hub's whole queue.

    The requests are the ones the hub sends (``relay.prepare``), handed to
    ``HQService`` in this process (no HTTP, no threads, so one profile sees
    all of it); the hub and its desks are copied from the run's HQ.
    """
    import cProfile
    import pstats

    from hq.devices import device_info
    from hq.hub import relay as hub_relay
    from hq.hub import state
    from hq.models import RelayEntry
    from hq.service import HQService

    config = state.config(hub_engine)
    assert config is not None
    with hub_engine.connect() as conn:
        desks = set(conn.execute(select(RelayEntry.device_id).distinct()).scalars())
    run_engine, fresh = hq_engine(hq_db), hq_engine(fresh_db)
    upgrade(fresh)
    with run_engine.connect() as conn:
        query = select(Device.__table__).where(Device.id.in_(desks | {config.device_id}))
        known = [dict(row._mapping) for row in conn.execute(query)]
    with fresh.begin() as conn:
        conn.execute(insert(Device), known)
    bodies, after = [], 0
    while (request := hub_relay.prepare(hub_engine, after, (), 0)) is not None:
        bodies.append(request.body)
        after = request.entries[-1].id
    service = HQService(fresh)
    found = device_info(fresh, config.device_id)
    assert found is not None
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    rows = 0
    for body in bodies:
        request_ = service.decode_relay(body)
        answer = service.relay(found[0], request_)
        assert all(result.ack is not None for result in answer.results), answer
        rows += sum(item.batch.row_count for item in request_.batches)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{rows:,} relayed rows applied in-process: {rows / elapsed:,.0f} rows/s (profiled)")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
    run_engine.dispose()
    fresh.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--events", type=int, default=20000, help="each round's")
    parser.add_argument("--rounds", type=int, default=3, help="of direct and relayed pushes")
    parser.add_argument("--pg", help="HQ on this PostgreSQL server (default: SQLite)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="then: cProfile of a fresh HQ applying the hub's queue (as load_hq --profile)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.pg:
            with scratch_postgres(args.pg) as url:
                run(root, url, args)
                if args.profile:
                    with scratch_postgres(args.pg) as fresh:
                        profile(root, url, fresh)
        else:
            run(root, f"sqlite:///{root / 'hq.sqlite3'}", args)
            if args.profile:
                profile(root, f"sqlite:///{root / 'hq.sqlite3'}", f"sqlite:///{root / 'p.sqlite3'}")


def profile(root: Path, hq_db: str, fresh_db: str) -> None:
    hub_engine = hq_engine(f"sqlite:///{root / 'hub.sqlite3'}")
    profile_relay(hq_db, hub_engine, fresh_db)
    hub_engine.dispose()


def run(root: Path, hq_db: str, args: argparse.Namespace) -> None:
    engine = hq_engine(hq_db)
    upgrade(engine)
    print(f"HQ on {hq_db.split(':')[0]}, hub on SQLite, loopback")
    print(f"  load average at the start: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with HQServer(hq_db, log=root / "hq.log") as hq:
        hub_db = f"sqlite:///{root / 'hub.sqlite3'}"
        hub_engine = hq_engine(hub_db)
        upgrade(hub_engine)
        code = devices.create_code(engine, "TRG", utcnow(), kind="hub")
        hub_join.join(hub_engine, hq.url, code, "TRG")
        with hub_server(hub_db, log=root / "hub.log") as hub:
            if args.changes:
                latency(hub.url, hub_engine, root, args.changes)
            relay(hq, hq_db, hub.url, hub_engine, root, args.events, args.rounds)
        hub_engine.dispose()
    engine.dispose()


if __name__ == "__main__":
    main()
