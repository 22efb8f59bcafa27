"""The link to HQ: TLS pinned to the certificate learned at enrolment, plain HTTP only on loopback.

HQ serves TLS itself (``checkpoint-hq serve --tls-dir``), most often with a
certificate it made for itself: no public authority vouches for it, so the
enrolment code carries its fingerprint (``K7QM-2XPA-9RTF-WD3H.FINGERPRINT``,
``checkpoint-hq enroll`` prints it).  At enrolment the desk fetches HQ's
certificate, checks it against that fingerprint before it sends the code,
and keeps the certificate (in the encrypted database): from then on it
trusts that certificate and no other, whatever authorities the machine
trusts, so a proxy at a hotel, a ministry's TLS inspection box or a rogue
Wi-Fi cannot read or change the traffic.  HQ's certificate changes → the
desk refuses it and says so; it is enrolled again with a new code.

Plain HTTP carries travellers' data in the clear: a desk uses it only to
reach HQ on its own machine (the loopback address), or when an
administrator allowed it for this post explicitly (``--allow-plain-http``,
stored with the enrolment), and the sync panel says which.

A post's hub links to HQ the same way (``hq/hub/link.py``: its enrolment
code carries HQ's fingerprint, the hub keeps the certificate in its
encrypted database), and a desk of a hub pins the hub's certificate: so this
lives in the protocol package both sides share.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

import httpx

from desktop_app.protocol.pinning import fingerprint, normal


class LinkSecurity(StrEnum):
    PINNED = "pinned"  # TLS, HQ's certificate pinned at enrolment
    TLS = "tls"  # TLS checked against the machine's authorities (enrolled with no fingerprint)
    LOOPBACK = "loopback"  # plain HTTP to this machine: nothing crosses a wire
    PLAIN_ALLOWED = "plain_allowed"  # plain HTTP, allowed explicitly for this post
    PLAIN_REFUSED = "plain_refused"  # plain HTTP to another machine: no request is sent


class LinkRefused(Exception):
    """The desk will not talk to this address this way (plain HTTP, or the wrong certificate)."""


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def security(url: str, pinned_pem: str | None, allow_plain: bool) -> LinkSecurity:
    scheme = urlsplit(url).scheme
    if scheme == "https":
        return LinkSecurity.PINNED if pinned_pem else LinkSecurity.TLS
    if is_loopback(url):
        return LinkSecurity.LOOPBACK
    return LinkSecurity.PLAIN_ALLOWED if allow_plain else LinkSecurity.PLAIN_REFUSED


def refuse_plain(url: str) -> LinkRefused:
    return LinkRefused(
        f"{url} is plain HTTP to another machine: travellers' data would cross the link "
        "readable by anyone on it. Use HQ's https:// address (with the code's certificate "
        "fingerprint), or, on a closed network only, enrol with --allow-plain-http"
    )


def pinned_context(pem: str) -> ssl.SSLContext:
    """Trust exactly ``pem``: whoever shows any other certificate is refused in the handshake.

    The pinned certificate is the only trust anchor (a partial chain, so a
    certificate an authority issued can be pinned as well); the host name is
    not checked, the pin says more than a name could (a desk may reach HQ by
    an address its certificate does not list).
    """
    context = ssl.create_default_context(cadata=pem)
    context.check_hostname = False
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def fetch_certificate(url: str, timeout: float = 15.0) -> str:
    """HQ's certificate as it shows it (PEM), not yet trusted: the caller checks its fingerprint."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # looked at, then pinned only if the fingerprint matches
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    if der is None:
        raise LinkRefused(f"{url} showed no certificate")
    return ssl.DER_cert_to_PEM_cert(der)


def pem_fingerprint(pem: str) -> str:
    return fingerprint(ssl.PEM_cert_to_DER_cert(pem))


def certificate_for_enrolment(url: str, code_fingerprint: str | None) -> str | None:
    """The certificate to pin for ``url``, checked against the code's fingerprint (or None)."""
    if urlsplit(url).scheme != "https" or code_fingerprint is None:
        return None
    try:
        pem = fetch_certificate(url)
    except OSError as error:
        raise LinkRefused(f"HQ at {url} did not answer: {error}") from None
    shown = normal(pem_fingerprint(pem))
    if shown != normal(code_fingerprint):
        raise LinkRefused(
            f"HQ at {url} shows a certificate with fingerprint {pem_fingerprint(pem)}, not the "
            "one the enrolment code names: this is not your HQ (or HQ's certificate changed: "
            "ask HQ for a new code). Nothing was sent"
        )
    return pem


@dataclass(frozen=True)
class Link:
    url: str
    pinned_pem: str | None
    allow_plain: bool

    @property
    def security(self) -> LinkSecurity:
        return security(self.url, self.pinned_pem, self.allow_plain)

    def client(self, timeout: float) -> httpx.Client:
        """An HTTP client for this link; ``LinkRefused`` for plain HTTP that is not allowed."""
        kind = self.security
        if kind is LinkSecurity.PLAIN_REFUSED:
            raise refuse_plain(self.url)
        verify: ssl.SSLContext | bool = True
        if kind is LinkSecurity.PINNED and self.pinned_pem:
            verify = pinned_context(self.pinned_pem)
        return httpx.Client(timeout=timeout, verify=verify)


def is_certificate_error(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
