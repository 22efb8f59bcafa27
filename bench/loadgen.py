"""A small HTTP/1.1 load generator on asyncio, for the public feed's benchmark and its test.

Each client is one keep-alive connection from a loopback address of its own
(127.0.0.0/8 all reaches this machine), so a per-address rate limit sees a
thousand clients as a thousand.  ``paced`` clients ask once per ``period``
and the latency of each answer counts from when it was due, not from when
it was sent (no coordinated omission: a slow server cannot hide its backlog);
``closed`` clients ask again as soon as an answer is in.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    bytes: int = 0
    seconds: float = 0.0

    @property
    def answered(self) -> int:
        return sum(self.statuses.values())

    @property
    def rate(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


class ProtocolError(OSError):
    """The server's bytes were not an HTTP/1.1 answer this generator reads."""


def client_address(n: int) -> str:
    """The n-th client's own loopback address: 127.1.0.1, 127.1.0.2, …"""
    n += 1
    # 254 hosts per /24 (never .0 or .255): every client its own address.
    return f"127.{1 + n // (254 * 256)}.{(n // 254) % 256}.{n % 254 + 1}"


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise ProtocolError(f"not an HTTP answer: {lines[0][:80]!r}")
    status = int(parts[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status, len(head) + length


async def _client(
    n: int,
    host: str,
    port: int,
    path: str,
    stop_at: float,
    period: float | None,
    result: Result,
    headers: dict[str, str],
    count: int | None,
) -> None:
    try:
        reader, writer = await asyncio.open_connection(
            host, port, local_addr=(client_address(n), 0)
        )
    except OSError as error:
        result.errors[type(error).__name__] += 1
        return
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode()
    due = time.perf_counter() + (random.random() * period if period else 0.0)
    sent = 0
    try:
        while count is None or sent < count:
            if period:
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
            else:
                due = time.perf_counter()
            if count is None and due >= stop_at:
                break
            writer.write(request)
            sent += 1
            status, size = await _read_answer(reader)
            result.latencies_ms.append((time.perf_counter() - due) * 1000)
            result.statuses[status] += 1
            result.bytes += size
            if period:
                due += period
    except (OSError, asyncio.IncompleteReadError) as error:
        result.errors[f"{type(error).__name__}: {error}"[:120]] += 1
    finally:
        writer.close()


async def run(
    host: str,
    port: int,
    path: str,
    *,
    clients: int,
    seconds: float = 0.0,
    period: float | None = None,
    headers: dict[str, str] | None = None,
    count: int | None = None,
    first_client: int = 0,
) -> Result:
    """``clients`` connections for ``seconds`` (or ``count`` requests each, bounded by
    number rather than time): paced at one request per ``period``, or closed."""
    result = Result()
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(
        *(
            _client(n, host, port, path, stop_at, period, result, headers or {}, count)
            for n in range(first_client, first_client + clients)
        )
    )
    result.seconds = time.perf_counter() - started
    return result
