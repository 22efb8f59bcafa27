"""Support for tests and benchmarks: a real HQ in a subprocess, and a TCP proxy that misbehaves.

``HQServer`` runs ``python -m hq serve`` (uvicorn) on a free loopback port
and can be killed (SIGKILL) and restarted.  ``FaultProxy`` sits between a
post and HQ and does what bad links do (after Toxiproxy's list): it cuts
connections at random byte offsets of requests and of responses (with a
reset), adds latency with jitter, duplicates whole request streams to HQ
(the copy's answers are thrown away), refuses connections while
"partitioned", and counts the bytes that cross it in each direction.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from hq.admission import Admission
from hq.store import HQClock

REPO = Path(__file__).resolve().parent.parent


def listening_socket(port: int = 0) -> socket.socket:
    """A loopback socket already listening: its port is taken from the start, no race.

    (Asking for a free port and letting HQ bind it later leaves a moment in
    which another program on the machine can take it.)
    """
    return socket.create_server(("127.0.0.1", port))  # SO_REUSEADDR: a restart rebinds at once


class HQServer:
    """``checkpoint-hq serve`` in a subprocess, on a loopback socket this process binds.

    The socket is handed to HQ (``--fd``) and closed here: while HQ is killed,
    connections are refused, as a dead HQ's are; a restart binds the same port
    again.  HQ's log goes to ``log`` (its console) and ``log_dir/logs``.
    """

    def __init__(
        self,
        db_url: str,
        *,
        port: int = 0,
        log: Path | None = None,
        log_dir: Path | None = None,
        log_level: str = "warning",
        workers: int = 1,
        tls_dir: Path | None = None,
        extra: tuple[str, ...] = (),
        program: tuple[str, ...] = ("-m", "hq"),
    ) -> None:
        # What the interpreter runs: ``checkpoint-hq`` itself, or a benchmark's stand-in.
        self.program = program
        self.db_url = db_url
        self.workers = workers
        self.extra = extra  # more ``serve`` options (``--hub`` and its own)
        self.port = port
        # Served over TLS with the (self-signed) certificate in this folder, made if missing.
        self.tls_dir = tls_dir
        self.log = log
        self.log_dir = log_dir or (log.parent if log else None)
        self.log_level = log_level
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        scheme = "https" if self.tls_dir is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> HQServer:
        listener = listening_socket(self.port)
        self.port = int(listener.getsockname()[1])
        command = [
            sys.executable,
            *self.program,
            "serve",
            "--db",
            self.db_url,
            "--fd",
            str(listener.fileno()),
            "--log-level",
            self.log_level,
            *self.extra,
        ]
        if self.log_dir is not None:
            command += ["--log-dir", str(self.log_dir)]
        if self.workers > 1:  # stop() then, not kill(): SIGTERM makes the supervisor end them
            command += ["--workers", str(self.workers)]
        if self.tls_dir is not None:
            command += ["--tls-dir", str(self.tls_dir), "--tls-host", "127.0.0.1"]
        # This checkout's packages first, whatever is installed in the environment.
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        }
        try:
            if self.log:
                with self.log.open("ab") as out:  # the child keeps its own copy of the handle
                    self.process = subprocess.Popen(
                        command,
                        cwd=REPO,
                        env=env,
                        stdout=out,
                        stderr=out,
                        pass_fds=[listener.fileno()],
                    )
            else:
                self.process = subprocess.Popen(
                    command,
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=[listener.fileno()],
                )
        finally:
            listener.close()  # HQ holds it now
        self.starts += 1
        # The socket listens already: the first ping waits in its queue until HQ
        # serves it, and fails at once if HQ dies before (its socket closes).
        try:
            # (the certificate is not checked here: the desks under test check it)
            ping = httpx.get(self.url + "/v1/ping", timeout=timeout, verify=False)
            if ping.status_code == 200:
                return self
        except httpx.HTTPError:
            pass
        code = self.process.poll()
        self.kill()
        raise RuntimeError(f"HQ did not start (exit status {code}; see {self.log})")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def restart(self) -> None:
        self.kill()
        self.start()

    def __enter__(self) -> HQServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()


def hub_server(
    db_url: str,
    *,
    upstream: str | None = None,
    interval: float = 0.2,
    log: Path | None = None,
    announce: str = "off",
    tls_dir: Path | None = None,
    program: tuple[str, ...] = ("-m", "hq"),
) -> HQServer:
    """A post's hub (``serve --hub``) in a subprocess; its database has joined HQ already.

    ``announce``: ``off`` (tests run in parallel), or an address to announce it on by mDNS.
    ``tls_dir``: the hub serves TLS with the certificate there (made if missing).
    """
    extra = ["--hub", "--upstream-interval", str(interval), "--announce", announce]
    if upstream:
        extra += ["--upstream", upstream]
    return HQServer(db_url, log=log, extra=tuple(extra), tls_dir=tls_dir, program=program)


class ThreadedHQ:
    """HQ's app served by uvicorn on a loopback socket in a thread of this process.

    For tests that need to set HQ's clock (``HQClock(engine, wall=…)``); the
    others run the real thing, ``HQServer``.
    """

    def __init__(
        self, engine: Engine, clock: HQClock | None = None, admission: Admission | None = None
    ) -> None:
        import uvicorn

        from hq.app import create_app

        self._socket = listening_socket()
        self.port = int(self._socket.getsockname()[1])
        config = uvicorn.Config(
            create_app(engine, clock, admission=admission),
            log_level="warning",
            log_config=None,
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ThreadedHQ:
        self._thread.start()
        # Listening already: the ping waits until the server takes it.
        httpx.get(self.url + "/v1/ping", timeout=30).raise_for_status()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._socket.close()


# -- a proxy with faults -----------------------------------------------------------


@dataclass(frozen=True)
class Faults:
    cut_request: float = 0.0  # chance that a stretch of what the post sends is cut
    cut_response: float = 0.0  # … of what HQ answers
    cut_within: int = 40_000  # the stretch, in bytes (the cut falls at a random offset in it)
    delay: float = 0.0  # up to this many seconds added before each chunk
    duplicate: float = 0.0  # share of connections whose requests also reach HQ a second time
    partitioned: bool = False  # refuse every connection (and cut the open ones)


@dataclass
class ProxyStats:
    connections: int = 0
    bytes_up: int = 0  # post → HQ
    bytes_down: int = 0  # HQ → post
    cut_requests: int = 0
    cut_responses: int = 0
    duplicated: int = 0
    refused: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _reset(sock: socket.socket) -> None:
    """Drop a connection at once, as a dead link does: no more bytes either way.

    ``shutdown`` first: a thread blocked reading this socket keeps it alive
    through a plain ``close`` (and nothing would reach the peer); then a
    close with a zero linger, which sends a reset.
    """
    with suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        sock.close()


def _cut_point(rng: random.Random, share: float, within: int) -> int | None:
    """Where to cut a stream: each stretch of ``within`` bytes is cut with chance ``share``.

    Posts keep one connection open for a whole sync, so a chance per
    connection would leave long streams untouched.
    """
    if share <= 0:
        return None
    for stretch in range(10_000):
        if rng.random() < share:
            return stretch * within + rng.randrange(within)
    return None


class FaultProxy:
    def __init__(self, upstream_port: int, faults: Faults | None = None, seed: int = 7) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.faults = faults or Faults()
        self.random = random.Random(seed)
        self.stats = ProxyStats()
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = int(self._server.getsockname()[1])
        self._open: set[socket.socket] = set()
        self._running = False
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._running = True
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._running = False
        if self._thread:
            self._thread.join(2)
        self._cut_all()
        self._server.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_faults(self, faults: Faults) -> None:
        with self._lock:
            self.faults = faults
        if faults.partitioned:
            self._cut_all()

    def heal(self) -> None:
        self.set_faults(Faults())

    @contextmanager
    def partition(self) -> Iterator[None]:
        before = self.faults
        self.set_faults(replace(before, partitioned=True))
        try:
            yield
        finally:
            self.set_faults(before)

    def _cut_all(self) -> None:
        with self._lock:
            sockets, self._open = list(self._open), set()
        for sock in sockets:
            _reset(sock)

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with self._lock:
            faults = self.faults
            self.stats.connections += 1
            if faults.partitioned:
                self.stats.refused += 1
            rng = self.random
            cut_up = _cut_point(rng, faults.cut_request, faults.cut_within)
            cut_down = _cut_point(rng, faults.cut_response, faults.cut_within)
            duplicate = rng.random() < faults.duplicate
            seed = rng.random()
        if faults.partitioned:
            _reset(client)
            return
        try:
            upstream = socket.create_connection(self.upstream, timeout=60)
            shadow = socket.create_connection(self.upstream, timeout=60) if duplicate else None
        except OSError:
            _reset(client)  # HQ is down: the post sees a reset, as on a real link
            return
        sockets = [client, upstream] + ([shadow] if shadow else [])
        with self._lock:
            self._open.update(sockets)
            if shadow:
                self.stats.duplicated += 1
        jitter = random.Random(seed)
        threads = [
            threading.Thread(
                target=self._pump,
                args=(client, upstream, shadow, cut_up, "up", faults.delay, jitter, sockets),
                daemon=True,
            ),
            threading.Thread(
                target=self._pump,
                args=(upstream, client, None, cut_down, "down", faults.delay, jitter, sockets),
                daemon=True,
            ),
        ]
        if shadow:
            threads.append(threading.Thread(target=self._drain, args=(shadow,), daemon=True))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for sock in sockets:
            with suppress(OSError):
                sock.close()
        with self._lock:
            self._open.difference_update(sockets)

    def _pump(
        self,
        src: socket.socket,
        dst: socket.socket,
        copy: socket.socket | None,
        cut_at: int | None,
        direction: str,
        delay: float,
        jitter: random.Random,
        sockets: list[socket.socket],
    ) -> None:
        sent = 0
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    with suppress(OSError):
                        dst.shutdown(socket.SHUT_WR)
                    return
                if delay:
                    time.sleep(jitter.uniform(0, delay))
                if cut_at is not None and sent + len(data) > cut_at:
                    with suppress(OSError):
                        dst.sendall(data[: cut_at - sent])
                    with self._lock:
                        if direction == "up":
                            self.stats.cut_requests += 1
                        else:
                            self.stats.cut_responses += 1
                    for sock in sockets:
                        _reset(sock)
                    return
                dst.sendall(data)
                if copy is not None:
                    with suppress(OSError):
                        copy.sendall(data)
                sent += len(data)
                with self._lock:
                    if direction == "up":
                        self.stats.bytes_up += len(data)
                    else:
                        self.stats.bytes_down += len(data)
        except OSError:
            for sock in sockets:
                _reset(sock)

    @staticmethod
    def _drain(sock: socket.socket) -> None:
        """Read and drop HQ's answers to the duplicated requests."""
        with suppress(OSError):
            while sock.recv(65536):
                pass


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database for the block (like tests/conftest.py's ``pg_url``)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"cd_scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin, name)
        admin.dispose()


def drop_database(admin: Engine, name: str, attempts: int = 50) -> None:
    """DROP DATABASE, waiting out an autovacuum worker still busy in it.

    After a large write PostgreSQL may start an autovacuum worker in the
    database; ``WITH (FORCE)`` cannot end it for a role that is not a
    superuser ("must be a member of the role whose process is being
    terminated"), so wait for it to finish instead of failing.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for attempt in range(attempts):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2)


def wait_for_idle_database(url: str, timeout: float = 10.0) -> None:
    """Wait until no other session (an autovacuum worker, say) is in the database of ``url``."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + timeout
    try:
        with engine.connect() as conn:
            while time.monotonic() < deadline:
                others = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar()
                if not others:
                    return
                time.sleep(0.1)
    finally:
        engine.dispose()


class CountingProxy:
    """A ``FaultProxy`` without faults in a process of its own, to count bytes on the wire.

    In its own process its threads do not compete with the post's for the
    interpreter, so it adds only what a network hop adds.
    """

    def __init__(self, upstream_port: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._control, child = context.Pipe()
        self._process = context.Process(
            target=_serve_counting_proxy, args=(upstream_port, child), daemon=True
        )
        self._process.start()
        self.port: int = self._control.recv()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def bytes(self) -> tuple[int, int]:
        """(bytes post → HQ, bytes HQ → post) so far."""
        self._control.send("stats")
        up, down = self._control.recv()
        return int(up), int(down)

    def close(self) -> None:
        with suppress(OSError, EOFError):
            self._control.send("stop")
        self._process.join(5)

    def __enter__(self) -> CountingProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve_counting_proxy(upstream_port: int, control: Any) -> None:
    proxy = FaultProxy(upstream_port).start()
    control.send(proxy.port)
    while True:
        try:
            command = control.recv()
        except EOFError:
            break
        if command == "stats":
            control.send((proxy.stats.bytes_up, proxy.stats.bytes_down))
        else:
            break
    proxy.stop()
