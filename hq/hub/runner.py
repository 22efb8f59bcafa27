"""The hub's loop: vouch for its desks at HQ, relay their batches, bring HQ's changes down.

It runs beside the web service in the hub's process, every few seconds
and at once after a desk pushed.  When HQ does not answer the loop notes
since when (desks show it: "HQ offline since 09:12") and tries again at the
next turn; the desks' own exchanges with the hub never wait for it.
"""

from __future__ import annotations

import logging
import threading
import uuid

from sqlalchemy import Engine, select

from desktop_app.protocol.messages import HubDesk, HubDesks, UpstreamLink
from hq import devices
from hq.hub import relay, state
from hq.hub.downlink import apply_page
from hq.hub.link import HQLink, LinkError
from hq.models import Device
from hq.store import HQClock, begin_write

log = logging.getLogger("checkpoint.hq.hub")

INTERVAL_S = 2.0


class HubRunner:
    def __init__(
        self,
        engine: Engine,
        clock: HQClock,
        config: state.HubConfig,
        *,
        interval: float = INTERVAL_S,
        pull_rows: int = 1000,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.config = config
        self.interval = interval
        self.pull_rows = pull_rows
        with engine.connect() as conn:
            offset = float(state.read_all(conn).get(state.OFFSET) or 0.0)
        self.link = HQLink(
            config.upstream_url,
            config.device_id,
            config.private_key,
            offset=offset,
            pinned_pem=config.hq_certificate,
            allow_plain=config.allow_plain_http,
        )
        self.port_id = uuid.UUID(config.port_id)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.refused_desks: set[str] = set()

    def start(self) -> HubRunner:
        self._thread = threading.Thread(target=self._run, name="hub-upstream", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.link.close()

    def wake(self) -> None:
        """A desk pushed: relay it now rather than at the next turn."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.cycle()
            except LinkError as error:
                self._offline(error.detail if not error.error else f"{error.error}: {error.detail}")
            except Exception as error:  # a bug here must not stop the hub serving its desks
                log.exception("hub upstream cycle failed")
                self._offline(f"{type(error).__name__}: {error}")
            self._wake.wait(self.interval)

    def cycle(self) -> None:
        """One exchange with HQ: desks, relay, pull; LinkError when HQ stops answering."""
        self.register_desks()
        relay.relay_pending(self.engine, self.link, self.clock, skip=self.refused_desks)
        with self.engine.connect() as conn:
            cursor = state.number(state.read_all(conn), state.CURSOR)
        while True:
            page = self.link.pull(cursor, self.pull_rows)
            apply_page(self.engine, self.clock, self.port_id, page)
            cursor = page.next_cursor
            if not page.more:
                break
        with begin_write(self.engine) as conn:
            state.write(
                conn,
                {
                    state.REACHED_AT: self.clock.now(),
                    state.OFFLINE_SINCE: None,
                    state.ERROR: None,
                    state.OFFSET: f"{self.link.offset:.3f}",
                },
            )

    def register_desks(self) -> None:
        with self.engine.connect() as conn:
            rows = conn.execute(select(Device.__table__).order_by(Device.enrolled_at)).all()
        if not rows:
            return
        answer = self.link.desks(
            HubDesks(
                desks=[
                    HubDesk(
                        device_id=r.id,
                        public_key=r.public_key,
                        label=r.label,
                        revoked=r.revoked_at is not None,
                    )
                    for r in rows
                ]
            )
        )
        local = {r.id: r for r in rows}
        refused = set()
        for desk in answer.desks:
            mine = local.get(desk.device_id)
            if desk.state == "refused":
                refused.add(desk.device_id)
            if mine is None or mine.revoked_at is not None or desk.state == "active":
                continue
            # Revoked at HQ, or an id HQ knows as another device's: refused here too.
            reason = "revoked at HQ" if desk.state == "revoked" else f"refused by HQ: {desk.detail}"
            devices.revoke(self.engine, desk.device_id, self.clock.now(), reason)
            log.warning("desk %s %s; it is refused at this hub from now on", desk.device_id, reason)
        self.refused_desks = refused
        relay.rewind(
            self.engine, {d.device_id: d.acked_through for d in answer.desks if d.state == "active"}
        )

    def _offline(self, detail: str) -> None:
        log.info("HQ not reached: %s", detail)
        with begin_write(self.engine) as conn:
            values = state.read_all(conn)
            state.write(
                conn,
                {
                    state.OFFLINE_SINCE: values.get(state.OFFLINE_SINCE) or self.clock.now(),
                    state.ERROR: detail[:300],
                },
            )


def upstream_link(engine: Engine) -> UpstreamLink:
    """The hub's link to HQ as its desks see it (``/v1/status``)."""
    with engine.connect() as conn:
        values = state.read_all(conn)
        queued = relay.pending(conn)
    return UpstreamLink(
        reached_at=state.moment(values, state.REACHED_AT),
        offline_since=state.moment(values, state.OFFLINE_SINCE),
        error=values.get(state.ERROR, "")[:300],
        pending=queued,
    )
