"""Device credentials: an Ed25519 key pair, and signatures on requests and bundles.

A post makes its own key pair when it enrolls and sends HQ only the public
half, so HQ stores nothing that could sign as the post (not even a hash of a
shared secret: with an HMAC, whatever HQ keeps to check a signature would
also make one).  Every request is signed over its method, path and query, a
timestamp, a nonce and the SHA-256 of its body: an eavesdropper learns no
credential and cannot alter a body, add a query or forge a request; replaying
one is bounded by the timestamp window and harmless anyway (pushes are
idempotent, pulls read).  Signatures are read strictly: canonical base64 of
exactly 64 bytes, so that one signature has one spelling.
The nonce makes every signature unique; HQ keeps no nonce cache.
Confidentiality is TLS's job (hq/PROTOCOL.md, "Deployment").
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from desktop_app.protocol.messages import AUTH_SCHEME


class BadCredential(ValueError):
    """A key or an Authorization header that cannot be read."""


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except ValueError as error:
        raise BadCredential(f"not an Ed25519 private key: {error}") from None


def public_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(strict_b64decode(text))
    except ValueError as error:
        raise BadCredential(f"not an Ed25519 public key: {error}") from None


SIGNATURE_BYTES = 64  # Ed25519


def strict_b64decode(text: str | bytes) -> bytes:
    """Base64 with one spelling per value: padding as it must be, no spare bits set.

    ``base64.b64decode(validate=True)`` ignores the low bits of the last digit
    before the padding, so four different last digits decode to the same
    signature: a changed character would pass as unchanged.
    """
    raw = text.encode("ascii") if isinstance(text, str) else text
    decoded = base64.b64decode(raw, validate=True)
    if base64.b64encode(decoded) != raw:
        raise ValueError("not in canonical base64")
    return decoded


def signature_from_text(text: str | bytes) -> bytes:
    try:
        signature = strict_b64decode(text)
    except (ValueError, UnicodeEncodeError) as error:
        raise BadCredential(f"unreadable signature: {error}") from None
    if len(signature) != SIGNATURE_BYTES:
        raise BadCredential(f"a signature is {SIGNATURE_BYTES} bytes, not {len(signature)}")
    return signature


def verify(public_key: str, signature: bytes, data: bytes) -> bool:
    try:
        public_key_from_text(public_key).verify(signature, data)
    except (InvalidSignature, BadCredential):
        return False
    return True


# -- requests -----------------------------------------------------------------


@dataclass(frozen=True)
class RequestAuth:
    device_id: str
    timestamp: int  # Unix seconds, by HQ's clock as the post estimates it
    nonce: str
    signature: bytes


def request_target(path: str, query: str = "") -> str:
    """What a signature covers of the URL: the path, and the query string as sent (if any)."""
    return f"{path}?{query}" if query else path


def canonical_request(
    method: str, target: str, device_id: str, timestamp: int, nonce: str, body: bytes, clock: str
) -> bytes:
    """The bytes a request signature covers: ``target`` is ``request_target(path, query)``;
    the body by its SHA-256, and the clock header."""
    return "\n".join(
        [
            AUTH_SCHEME,
            method.upper(),
            target,
            device_id,
            str(timestamp),
            nonce,
            clock,
            hashlib.sha256(body).hexdigest(),
        ]
    ).encode()


def authorization(
    key: Ed25519PrivateKey,
    device_id: str,
    method: str,
    target: str,
    body: bytes,
    timestamp: int,
    clock: str = "",
) -> str:
    """The ``Authorization`` header value for one request.

    ``target`` is the path and query string exactly as the request sends them
    (``/v1/pull``, or ``/v1/x?since=5``); ``clock`` is its clock header.
    """
    nonce = secrets.token_hex(12)
    signed = canonical_request(method, target, device_id, timestamp, nonce, body, clock)
    signature = key.sign(signed)
    encoded = base64.b64encode(signature).decode()
    return f"{AUTH_SCHEME} device={device_id},ts={timestamp},nonce={nonce},sig={encoded}"


def parse_authorization(header: str) -> RequestAuth:
    scheme, _, params = header.strip().partition(" ")
    if scheme != AUTH_SCHEME:
        raise BadCredential(f"expected the {AUTH_SCHEME} authorization scheme")
    fields = dict(part.split("=", 1) for part in params.split(",") if "=" in part)
    try:
        return RequestAuth(
            device_id=fields["device"],
            timestamp=int(fields["ts"]),
            nonce=fields["nonce"],
            signature=signature_from_text(fields["sig"]),
        )
    except (KeyError, ValueError) as error:
        raise BadCredential(f"malformed authorization header: {error}") from None
