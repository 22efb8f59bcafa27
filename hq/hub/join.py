"""A hub joins HQ once, for its port, with a code HQ issued for a hub.

It makes its own key pair and device id, as a desk does, and keeps them in
its database (``hub.*`` settings): the hub signs every request to HQ.

As a desk enrols: a code ending in ``.FINGERPRINT`` (``checkpoint-hq enroll
--hub --tls-dir``) names HQ's certificate; the hub fetches HQ's certificate,
compares it *before it sends the code*, and pins it from then on.  Plain
HTTP goes only to HQ on this machine, unless ``allow_plain_http``.
"""

from __future__ import annotations

from sqlalchemy import Engine

from db.base import new_id
from desktop_app.protocol import pinning, transport
from desktop_app.protocol.messages import EnrollRequest, EnrollResponse
from desktop_app.protocol.signing import new_private_key, private_key_text, public_key_text
from hq.hub import state
from hq.hub.link import LINK_REFUSED, HQLink, LinkError
from hq.store import begin_write


class AlreadyJoined(Exception):
    pass


def join(
    engine: Engine,
    upstream_url: str,
    code: str,
    port_code: str,
    label: str = "",
    *,
    allow_plain_http: bool = False,
) -> EnrollResponse:
    """Enrol this hub at HQ; LinkError if HQ refuses, does not answer, or is not the one
    the code names (then nothing was sent)."""
    if state.config(engine) is not None:
        raise AlreadyJoined("this hub has joined HQ already (its settings are in its database)")
    upstream_url = upstream_url.rstrip("/")
    one_time, print_ = pinning.split_code(code)
    security = transport.security(upstream_url, None, allow_plain_http)
    try:
        if security is transport.LinkSecurity.PLAIN_REFUSED:
            raise transport.refuse_plain(upstream_url)
        pem = transport.certificate_for_enrolment(upstream_url, print_)
    except transport.LinkRefused as error:
        raise LinkError(str(error), error="insecure", status=LINK_REFUSED) from None
    key = new_private_key()
    device_id = str(new_id())
    link = HQLink(upstream_url, pinned_pem=pem, allow_plain=allow_plain_http)
    try:
        answer = link.enroll(
            EnrollRequest(
                code=one_time,
                device_id=device_id,
                port_code=port_code.upper(),
                public_key=public_key_text(key),
                label=label or f"hub {port_code.upper()}",
            )
        )
    finally:
        link.close()
    with begin_write(engine) as conn:
        state.write(
            conn,
            {
                state.UPSTREAM: upstream_url,
                state.HQ_CERTIFICATE: pem,
                state.ALLOW_PLAIN_HTTP: "1" if allow_plain_http else None,
                state.DEVICE_ID: device_id,
                state.PRIVATE_KEY: private_key_text(key),
                state.PORT_CODE: answer.port_code,
                state.PORT_ID: answer.port_id,
                state.OFFSET: f"{link.offset:.3f}",
                state.HQ_BOX_KEY: answer.hq_box_key,  # None from an HQ that does not seal
            },
        )
    return answer


def set_upstream(engine: Engine, url: str) -> None:
    """HQ moved (or a proxy stands in front of it): the hub's credential stays."""
    with begin_write(engine) as conn:
        state.write(conn, {state.UPSTREAM: url.rstrip("/")})
