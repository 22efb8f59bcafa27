"""Finding a post's hub on the LAN: mDNS/DNS-SD (python-zeroconf), shared by hub and desk.

The hub announces ``_checkpoint-hub._tcp`` with its port code and address
(``announce``); a desk's first run and sync panel look for it (``find_hubs``)
and offer the hubs of the desk's port.  Discovery only fills in an address:
the desk still enrols with a one-time code from the hub, and every request
is signed, so a rogue announcement can waste an officer's minute but never
take a desk's records.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from zeroconf import IPVersion, ServiceBrowser, ServiceInfo, ServiceListener, Zeroconf

SERVICE = "_checkpoint-hub._tcp.local."


@dataclass(frozen=True)
class FoundHub:
    name: str  # the service's instance name, for people ("Checkpoint hub TRG on box-1")
    port_code: str
    url: str


class Announcement:
    """A hub's announcement on the LAN, withdrawn by ``close``."""

    def __init__(self, zc: Zeroconf, info: ServiceInfo) -> None:
        self._zc = zc
        self._info = info

    def close(self) -> None:
        try:
            self._zc.unregister_service(self._info)
        finally:
            self._zc.close()


def _lan_addresses() -> list[str]:
    """This machine's IPv4 addresses a desk on the LAN can reach (not loopback)."""
    found: set[str] = set()
    try:
        for family, _, _, _, address in socket.getaddrinfo(socket.gethostname(), None):
            if family == socket.AF_INET and not str(address[0]).startswith("127."):
                found.add(str(address[0]))
    except OSError:
        pass
    try:  # the address the default route leaves from (no packet is sent)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            found.add(probe.getsockname()[0])
    except OSError:
        pass
    return sorted(found) or ["127.0.0.1"]


def announce(
    port_code: str,
    tcp_port: int,
    *,
    addresses: Sequence[str] | None = None,
    interfaces: Sequence[str] | None = None,
    scheme: str = "http",
) -> Announcement:
    """Announce this hub; ``addresses``/``interfaces`` default to the machine's LAN ones."""
    shown = list(addresses or _lan_addresses())
    zc = Zeroconf(interfaces=list(interfaces) if interfaces else shown, ip_version=IPVersion.V4Only)
    host = socket.gethostname().split(".")[0] or "hub"
    info = ServiceInfo(
        SERVICE,
        f"Checkpoint hub {port_code} on {host}.{SERVICE}",
        addresses=[socket.inet_aton(a) for a in shown],
        port=tcp_port,
        properties={"port_code": port_code, "scheme": scheme},
        server=f"{host}.local.",
    )
    zc.register_service(info, allow_name_change=True)
    return Announcement(zc, info)


class _Collector(ServiceListener):
    def __init__(self, zc: Zeroconf, wanted: str | None) -> None:
        self.zc = zc
        self.wanted = wanted
        self.found: dict[str, FoundHub] = {}
        self.first = threading.Event()

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        info = zc.get_service_info(type_, name, timeout=2000)
        if info is None or not info.parsed_addresses():
            return
        props = {
            k.decode(): (v.decode() if isinstance(v, bytes) else "")
            for k, v in info.properties.items()
        }
        port_code = props.get("port_code", "")
        if self.wanted and port_code.upper() != self.wanted.upper():
            return
        scheme = props.get("scheme", "http")
        url = f"{scheme}://{info.parsed_addresses()[0]}:{info.port}"
        self.found[name] = FoundHub(name.removesuffix("." + SERVICE), port_code, url)
        self.first.set()

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.add_service(zc, type_, name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.found.pop(name, None)


def find_hubs(
    port_code: str | None = None,
    *,
    timeout: float = 3.0,
    interfaces: Sequence[str] | None = None,
) -> list[FoundHub]:
    """The hubs answering on the LAN (of ``port_code`` only, when given).

    Blocking, up to ``timeout`` seconds after nothing more answers: call it
    from a worker thread, never a UI thread.
    """
    zc = (
        Zeroconf(interfaces=list(interfaces), ip_version=IPVersion.V4Only)
        if interfaces
        else Zeroconf(ip_version=IPVersion.V4Only)
    )
    try:
        collector = _Collector(zc, port_code)
        browser = ServiceBrowser(zc, SERVICE, collector)
        collector.first.wait(timeout)
        browser.cancel()
        return sorted(collector.found.values(), key=lambda hub: hub.name)
    finally:
        zc.close()
