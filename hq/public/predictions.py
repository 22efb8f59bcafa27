"""The feed's predicted delay: each published port's plan, made in the background.

A plan reads weeks of a port's history (a second or more on a busy port),
so it is never made while someone waits for the feed: ``Predictions.want``
starts one background thread that plans every port whose plan is missing
or older than ``REFRESH``, and tells the feed when it is done (the next
answer carries the new plans).  A plan is the desk's own
(``desktop_app.planning.make_plan`` through HQ's read-only ``PortView``),
made from the rows this server holds as of its clock, so HQ's and a hub's
predictions for a port are the post's own; each port keeps a
``planning.history.History``, which reads the weeks once an hour.  A plan older than ``MAX_AGE``
(the worker failed, or the port went quiet) is not published: no prediction
rather than an old one presented as current.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from desktop_app import port_calendar
from desktop_app.planning.history import History
from desktop_app.planning.plan import make_plan
from desktop_app.port_calendar import Calendar
from desktop_app.public_delay import PREDICTED_HOURS, HourWait, PublicLaneType, predicted_waits
from hq.console.portview import PortView

log = logging.getLogger(__name__)

REFRESH = timedelta(minutes=5)  # forecasts and lanes change in minutes, history in weeks
MAX_AGE = timedelta(minutes=15)


@dataclass(frozen=True)
class PortPrediction:
    at: datetime  # the plan's moment
    waits: dict[PublicLaneType, list[HourWait]]


@dataclass(frozen=True)
class Due:
    """A port to plan: its id, code and calendar."""

    port_id: uuid.UUID
    code: str
    calendar: Calendar


def predict(history: History, due: Due, at: datetime) -> PortPrediction:
    """One port's predicted waits as of ``at``, from its history (HQ's rows of that port)."""
    plan = make_plan(history.desk, hours=PREDICTED_HOURS + 1, at=at, history=history)
    return PortPrediction(
        at, predicted_waits(plan, lambda t: port_calendar.status_of(due.calendar, t).is_open)
    )


class Predictions:
    """The ports' latest plans; made by one background thread at a time."""

    def __init__(
        self, engine: Engine, now: Callable[[], datetime], on_update: Callable[[], None]
    ) -> None:
        self.engine = engine
        self.now = now
        self.on_update = on_update
        self._made: dict[uuid.UUID, PortPrediction] = {}
        # Per port: the weeks of history read once an hour, as a desk's Plan screen does.
        self._histories: dict[uuid.UUID, History] = {}
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def get(self, port_id: uuid.UUID, now: datetime) -> PortPrediction | None:
        made = self._made.get(port_id)
        if made is None or now - made.at > MAX_AGE:
            return None
        return made

    def want(self, ports: Sequence[Due], now: datetime) -> None:
        """Plan, in the background, the ports whose plan is missing or older than ``REFRESH``."""
        due = [
            p for p in ports if (m := self._made.get(p.port_id)) is None or now - m.at >= REFRESH
        ]
        if not due:
            return
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return  # planning already: the next feed asks again
            self._worker = threading.Thread(
                target=self._plan, args=(due,), name="public-predictions", daemon=True
            )
            self._worker.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the background planning (if any) is done: for tests and an orderly exit."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _plan(self, due: list[Due]) -> None:
        for port in due:
            try:
                history = self._histories.get(port.port_id)
                if history is None:
                    view = PortView(self.engine, port.code, now=self.now)
                    history = self._histories[port.port_id] = History(view)
                self._made[port.port_id] = predict(history, port, self.now())
            except Exception:
                # A port that cannot be planned loses its prediction, never the feed's
                # measured figures or the other ports' plans.
                log.exception("public feed: no plan for %s", port.code)
        self.on_update()
