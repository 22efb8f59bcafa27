"""Sealed to HQ: what a post writes for HQ alone (its bundles), readable with HQ's private key only.

An ephemeral X25519 key agrees a secret with HQ's X25519 public key (which
a desk learns at enrolment); HKDF-SHA256 turns it into an AES-256-GCM key;
the sealed form is ``ephemeral public key (32) ‖ nonce (12) ‖ ciphertext``.
The associated data binds the sealed bytes to their context (a bundle's
header), so they cannot be moved into another file.  The post keeps no key
that opens what it sealed: a lost stick is unreadable at the post too.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"checkpoint-desk sealed v1"
_RAW = serialization.Encoding.Raw


class SealError(ValueError):
    """Not sealed to this key, or changed after it was sealed."""


def new_box_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def public_text(key: X25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def private_text(key: X25519PrivateKey) -> str:
    raw = key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return base64.b64encode(raw).decode("ascii")


def private_from_text(text: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(base64.b64decode(text))


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + recipient, info=INFO).derive(shared)


def seal(plaintext: bytes, recipient_public: str, aad: bytes) -> bytes:
    recipient = base64.b64decode(recipient_public)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key(shared, ephemeral_public, recipient)).encrypt(nonce, plaintext, aad)
    return ephemeral_public + nonce + sealed


def open_sealed(data: bytes, key: X25519PrivateKey, aad: bytes) -> bytes:
    if len(data) < 32 + 12 + 16:
        raise SealError("too short to be sealed")
    ephemeral_public, nonce, sealed = data[:32], data[32:44], data[44:]
    recipient = key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    try:
        return AESGCM(_key(shared, ephemeral_public, recipient)).decrypt(nonce, sealed, aad)
    except Exception:
        raise SealError("not sealed to this HQ's key, or changed since") from None
