"""Run the post's hub on this desk's machine: a subprocess the desk app supervises.

The desk that hosts the hub starts ``checkpoint-hq serve --hub`` (the hub's
database has joined HQ with ``checkpoint-hq hub-join``: docs/hub.md); if the
hub stops, it is started again; closing the app stops it.  The listening
socket is bound here once and handed to every hub process (``--fd``), so a
restarted hub answers on the same port at once and no other program can
take the port in between.  It serves TLS with a self-signed certificate the
hub makes in ``hub/tls/`` on its first start (``hub_tls_dir``); desks pin it
through the fingerprint their enrolment code carries.  A systemd service is
the better home for a box that stays on; this is for a post whose hub is
simply "the deputy's PC".

Blocking: start and stop from a worker thread, never a UI thread.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from desktop_app.protocol.transport import pem_fingerprint, pinned_context

log = logging.getLogger("checkpoint.hub_host")

HUB_PORT = 8471
RESTART_AFTER_S = 2.0
STARTUP_S = 60.0  # how long ``start`` waits for the hub's first answer
# The certificate ``checkpoint-hq serve --tls-dir`` makes and serves (hq.tls.CERT_NAME).
CERT_NAME = "hq-cert.pem"


class HubFailed(RuntimeError):
    """The hub did not start; the message is the end of what it printed."""


def hub_database(data_dir: Path) -> str:
    """Where the hub a desk hosts keeps its database: beside the desk's, in ``hub/``."""
    return f"sqlite:///{data_dir / 'hub' / 'hub.sqlite3'}"


def hub_tls_dir(data_dir: Path) -> Path:
    """Where that hub keeps its TLS certificate and key."""
    return data_dir / "hub" / "tls"


class HubHost:
    def __init__(
        self,
        db_url: str,
        *,
        host: str = "0.0.0.0",
        port: int = HUB_PORT,
        log_dir: Path | None = None,
        extra: Sequence[str] = (),
        restart_after: float = RESTART_AFTER_S,
        tls_dir: Path | None = None,
        tls_hosts: Sequence[str] = (),
    ) -> None:
        self.db_url = db_url
        self.tls_dir = tls_dir
        self.tls_hosts = tuple(tls_hosts)
        self.host = host
        self.port = port
        self.log_dir = log_dir
        self.extra = tuple(extra)
        self.restart_after = restart_after
        self.starts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        scheme = "https" if self.tls_dir is not None else "http"
        return f"{scheme}://{shown}:{self.port}"

    def certificate(self) -> str | None:
        """The certificate the hub serves (PEM), once it has made one; None without TLS."""
        if self.tls_dir is None or not (self.tls_dir / CERT_NAME).exists():
            return None
        return (self.tls_dir / CERT_NAME).read_text()

    @property
    def fingerprint(self) -> str | None:
        """What the desks' enrolment codes carry to pin the hub's certificate."""
        pem = self.certificate()
        return pem_fingerprint(pem) if pem else None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> HubHost:
        """Start the hub and wait for its first answer; HubFailed if it exits instead.

        (A hub whose database has not joined HQ exits at once, saying so.)
        """
        self._listener = socket.create_server((self.host, self.port))
        self.port = int(self._listener.getsockname()[1])
        self._stop.clear()
        self._spawn()
        if not self._answers_or_exits():
            assert self.process is not None
            self.process.wait()
            self._listener.close()
            self._listener = None
            raise HubFailed(self._console_tail() or "the hub stopped at once")
        self._watcher = threading.Thread(target=self._watch, name="hub-host", daemon=True)
        self._watcher.start()
        return self

    def _answers_or_exits(self) -> bool:
        """True once the hub answers a ping; False if it exited first."""
        import httpx

        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            pem = self.certificate()
            if self.tls_dir is None or pem is not None:  # (the hub makes it as it starts)
                verify = pinned_context(pem) if pem else True
                try:
                    answer = httpx.get(self.url + "/v1/ping", timeout=5, verify=verify)
                    if answer.status_code == 200:
                        return True
                except httpx.HTTPError:
                    pass
            self._stop.wait(0.1)
        return False

    def _console(self) -> Path | None:
        return self.log_dir / "hub-console.log" if self.log_dir is not None else None

    def _console_tail(self) -> str:
        console = self._console()
        if console is None or not console.exists():
            return ""
        lines = console.read_text(errors="replace").strip().splitlines()
        return lines[-1] if lines else ""

    def _command(self) -> list[str]:
        assert self._listener is not None
        command = [sys.executable, "-m", "hq", "serve", "--hub", "--db", self.db_url]
        command += ["--fd", str(self._listener.fileno()), *self.extra]
        if self.tls_dir is not None:
            command += ["--tls-dir", str(self.tls_dir)]
            for name in self.tls_hosts:
                command += ["--tls-host", name]
        if self.log_dir is not None:
            command += ["--log-dir", str(self.log_dir)]
        return command

    def _spawn(self) -> None:
        assert self._listener is not None
        with self._lock:
            if self._stop.is_set():
                return
            console = self._console()
            if console is not None:
                console.parent.mkdir(parents=True, exist_ok=True)
            out = console.open("ab") if console is not None else subprocess.DEVNULL
            try:
                self.process = subprocess.Popen(
                    self._command(),
                    stdout=out,
                    stderr=out,
                    pass_fds=[self._listener.fileno()],
                    env={**os.environ},
                )
            finally:
                if not isinstance(out, int):
                    out.close()  # the child keeps its own copy
            self.starts += 1
        log.info("post hub started (pid %s) on port %s", self.process.pid, self.port)

    def _watch(self) -> None:
        while not self._stop.is_set():
            process = self.process
            if process is None:
                return
            code = process.wait()
            if self._stop.is_set():
                return
            log.warning("post hub stopped (exit status %s); starting it again", code)
            if self._stop.wait(self.restart_after):
                return
            self._spawn()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        if self._watcher is not None:
            self._watcher.join(timeout)
        if self._listener is not None:
            self._listener.close()
            self._listener = None
