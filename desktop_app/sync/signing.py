"""Device credentials: an Ed25519 key pair, and signatures on requests and bundles.

A post makes its own key pair when it enrolls and sends HQ only the public
half, so HQ stores nothing that could sign as the post (not even a hash of a
shared secret: with an HMAC, whatever HQ keeps to check a signature would
also make one).  Every request is signed over its method, path, a timestamp,
a nonce and the SHA-256 of its body: an eavesdropper learns no credential
and cannot alter a body or forge a request; replaying one is bounded by the
timestamp window and harmless anyway (pushes are idempotent, pulls read).
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

from desktop_app.sync.protocol import AUTH_SCHEME


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
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError as error:
        raise BadCredential(f"not an Ed25519 public key: {error}") from None


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


def canonical_request(
    method: str, path: str, device_id: str, timestamp: int, nonce: str, body: bytes, clock: str
) -> bytes:
    """The bytes a request signature covers (the body by its SHA-256, and the clock header)."""
    return "\n".join(
        [
            AUTH_SCHEME,
            method.upper(),
            path,
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
    path: str,
    body: bytes,
    timestamp: int,
    clock: str = "",
) -> str:
    """The ``Authorization`` header value for one request (``clock``: its clock header)."""
    nonce = secrets.token_hex(12)
    signed = canonical_request(method, path, device_id, timestamp, nonce, body, clock)
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
            signature=base64.b64decode(fields["sig"], validate=True),
        )
    except (KeyError, ValueError) as error:
        raise BadCredential(f"malformed authorization header: {error}") from None
