"""The sync bundle: a post's unsent outbox in one sealed, signed file, for a post with no link.

Layout (all bytes are signed except the trailer)::

    CHECKPOINT-BUNDLE 2 <device id>\\n       a header a person can read
    <sealed zstd of the JSON manifest>      the batches, exactly as a push sends them,
                                            sealed to HQ's X25519 key (protocol/sealing.py)
    \\nSIG <base64 Ed25519 signature>\\n     94 bytes

Sealed, a bundle found on a lost USB stick tells the finder which device
wrote it and nothing else; only HQ opens it.  Signed (over the sealed
bytes), HQ knows which post wrote it before it decrypts anything.  Format 1,
the same without the sealing, is still read at HQ (bundles written before
desks learned HQ's key); desks write format 2 only.

HQ verifies the signature with the device's enrolled public key before it
reads anything else, so a changed byte anywhere, or a bundle of another
device, is refused before a row is looked at.  Every byte counts, the
trailer's too: it must be exactly ``\nSIG ``, the signature in canonical
base64 and a newline (base64 decoders ignore the spare bits of a last digit,
which would let a changed character pass).  The batches are applied
through the same path as a push (same keys, same idempotence): importing a
bundle twice, or pushing the same entries later, stores nothing twice.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from pydantic import Field, ValidationError

from desktop_app.protocol.codec import WireError, compress, decompress
from desktop_app.protocol.messages import (
    MAX_DECODED_BYTES,
    HubDesk,
    Message,
    PushBatch,
    RelayedBatch,
)
from desktop_app.protocol.sealing import SealError, open_sealed, seal
from desktop_app.protocol.signing import BadCredential, signature_from_text, verify

MAGIC = b"CHECKPOINT-BUNDLE 2 "
MAGIC_PLAIN = b"CHECKPOINT-BUNDLE 1 "  # before sealing: read, never written
TRAILER = b"\nSIG "
SIGNATURE_TEXT = 88  # base64 of 64 bytes
TRAILER_SIZE = len(TRAILER) + SIGNATURE_TEXT + 1
# A bundle may carry days of a busy post: more than one push body.
MAX_BUNDLE_DECODED = 16 * MAX_DECODED_BYTES


class BundleError(ValueError):
    """A file that is not a valid bundle for this HQ; nothing of it was stored."""

    def __init__(self, error: str, detail: str) -> None:
        super().__init__(detail)
        self.error = error
        self.detail = detail


class BundleManifest(Message):
    """A desk's bundle carries its own batches; a hub's, its desks and their batches.

    (A hub signs with its own key what it vouches for, as when it relays:
    PROTOCOL.md, "Hubs".)
    """

    format: Literal[1] = 1
    device_id: str
    port_code: str
    created_at: datetime
    protocol: int
    app_version: str
    schema_version: str
    batches: list[PushBatch]
    desks: list[HubDesk] = Field(default_factory=list)
    relayed: list[RelayedBatch] = Field(default_factory=list)


def encode_bundle(manifest: BundleManifest, key: Ed25519PrivateKey, hq_box_key: str) -> bytes:
    """The bundle file: sealed to ``hq_box_key`` (HQ's X25519 public key), signed by ``key``."""
    header = MAGIC + manifest.device_id.encode() + b"\n"
    body = compress(manifest.model_dump_json().encode(), level=9)
    signed = header + seal(body, hq_box_key, header)
    signature = base64.b64encode(key.sign(signed))
    return signed + TRAILER + signature + b"\n"


def bundle_device(data: bytes) -> str:
    """The device a bundle says it comes from (not yet verified)."""
    if not data.startswith((MAGIC, MAGIC_PLAIN)) or b"\n" not in data[: len(MAGIC) + 64]:
        raise BundleError("not_a_bundle", "this file is not a Checkpoint Desk sync bundle")
    header = data[len(MAGIC) : data.index(b"\n")]
    try:
        return header.decode("ascii")
    except UnicodeDecodeError:
        raise BundleError("not_a_bundle", "the bundle's header is unreadable") from None


def decode_bundle(
    data: bytes, public_key: str, box_key: X25519PrivateKey | None = None
) -> BundleManifest:
    """Verify the signature with the device's public key, then open and read the manifest.

    ``box_key``: HQ's X25519 private key, which opens a sealed bundle.
    """
    device_id = bundle_device(data)
    trailer = data[-TRAILER_SIZE:]
    if len(data) < TRAILER_SIZE or not (trailer.startswith(TRAILER) and trailer.endswith(b"\n")):
        raise BundleError("bad_signature", "the bundle has no signature (truncated?)")
    signed = data[:-TRAILER_SIZE]
    try:
        signature = signature_from_text(trailer[len(TRAILER) : -1])
    except BadCredential:
        raise BundleError("bad_signature", "the bundle's signature is unreadable") from None
    if not verify(public_key, signature, signed):
        raise BundleError(
            "bad_signature",
            f"the bundle was changed after it was written, or was not signed by device {device_id}",
        )
    header_end = signed.index(b"\n") + 1
    body = signed[header_end:]
    if data.startswith(MAGIC):
        if box_key is None:
            raise BundleError("sealed", "the bundle is sealed and this HQ has no key to open it")
        try:
            body = open_sealed(body, box_key, signed[:header_end])
        except SealError as error:
            raise BundleError("sealed", f"the bundle cannot be opened here: {error}") from None
    try:
        manifest = BundleManifest.model_validate_json(decompress(body, MAX_BUNDLE_DECODED))
    except (WireError, ValidationError) as error:
        raise BundleError("malformed", f"the bundle's content is unreadable: {error}") from None
    if manifest.device_id != device_id:
        raise BundleError("malformed", "the bundle's header and content name different devices")
    return manifest
