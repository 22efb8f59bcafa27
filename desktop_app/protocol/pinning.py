"""HQ's certificate fingerprint, as an enrolment code carries it (HQ prints it, desks check it).

``K7QM-2XPA-9RTF-WD3H.ABCD-EFGH-…``: the one-time code HQ checks, a dot, and
the first 160 bits of the SHA-256 of HQ's certificate (DER) in base32, so a
desk can tell HQ's certificate from any other before it sends the code.
"""

from __future__ import annotations

import base64
import hashlib

FINGERPRINT_BYTES = 20  # 160 bits of the certificate's SHA-256: 32 base32 letters


def fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).digest()[:FINGERPRINT_BYTES]
    text = base64.b32encode(digest).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normal(print_: str) -> str:
    return print_.replace("-", "").replace(" ", "").upper()


def join_code(code: str, print_: str | None) -> str:
    return f"{code}.{print_}" if print_ else code


def split_code(code: str) -> tuple[str, str | None]:
    """``CODE.FINGERPRINT`` → (the one-time code HQ checks, the certificate's fingerprint)."""
    code = code.strip()
    if "." in code:
        head, _, tail = code.partition(".")
        return head, normal(tail) or None
    return code, None
