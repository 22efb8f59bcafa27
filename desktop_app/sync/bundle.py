"""The sync bundle: a post's unsent outbox in one signed file, for a post with no link.

Layout (all bytes are signed except the trailer)::

    CHECKPOINT-BUNDLE 1 <device id>\\n       a header a person can read
    <zstd of the JSON manifest>             the batches, exactly as a push sends them
    \\nSIG <base64 Ed25519 signature>\\n     94 bytes

HQ verifies the signature with the device's enrolled public key before it
reads anything else, so a changed byte anywhere, or a bundle of another
device, is refused before a row is looked at.  The batches are applied
through the same path as a push (same keys, same idempotence): importing a
bundle twice, or pushing the same entries later, stores nothing twice.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from desktop_app.sync.codec import WireError, compress, decompress
from desktop_app.sync.protocol import MAX_DECODED_BYTES, Message, PushBatch
from desktop_app.sync.signing import verify

MAGIC = b"CHECKPOINT-BUNDLE 1 "
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
    format: Literal[1] = 1
    device_id: str
    port_code: str
    created_at: datetime
    protocol: int
    app_version: str
    schema_version: str
    batches: list[PushBatch]


def encode_bundle(manifest: BundleManifest, key: Ed25519PrivateKey) -> bytes:
    signed = (
        MAGIC
        + manifest.device_id.encode()
        + b"\n"
        + compress(manifest.model_dump_json().encode(), level=9)
    )
    signature = base64.b64encode(key.sign(signed))
    return signed + TRAILER + signature + b"\n"


def bundle_device(data: bytes) -> str:
    """The device a bundle says it comes from (not yet verified)."""
    if not data.startswith(MAGIC) or b"\n" not in data[: len(MAGIC) + 64]:
        raise BundleError("not_a_bundle", "this file is not a Checkpoint Desk sync bundle")
    header = data[len(MAGIC) : data.index(b"\n")]
    try:
        return header.decode("ascii")
    except UnicodeDecodeError:
        raise BundleError("not_a_bundle", "the bundle's header is unreadable") from None


def decode_bundle(data: bytes, public_key: str) -> BundleManifest:
    """Verify the signature with the device's public key, then read the manifest."""
    device_id = bundle_device(data)
    if len(data) < TRAILER_SIZE or data[-TRAILER_SIZE:][: len(TRAILER)] != TRAILER:
        raise BundleError("bad_signature", "the bundle has no signature (truncated?)")
    signed, trailer = data[:-TRAILER_SIZE], data[-TRAILER_SIZE:]
    try:
        signature = base64.b64decode(trailer[len(TRAILER) : -1], validate=True)
    except ValueError:
        raise BundleError("bad_signature", "the bundle's signature is unreadable") from None
    if not verify(public_key, signature, signed):
        raise BundleError(
            "bad_signature",
            f"the bundle was changed after it was written, or was not signed by device {device_id}",
        )
    body = signed[signed.index(b"\n") + 1 :]
    try:
        manifest = BundleManifest.model_validate_json(decompress(body, MAX_BUNDLE_DECODED))
    except (WireError, ValidationError) as error:
        raise BundleError("malformed", f"the bundle's content is unreadable: {error}") from None
    if manifest.device_id != device_id:
        raise BundleError("malformed", "the bundle's header and content name different devices")
    return manifest
