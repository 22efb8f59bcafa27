"""Read models over the append-only clearance events.

Every figure on the screens and in the reports comes from this fold:
the *effective* events are those that are not ``void`` and that no later
event supersedes; a clearance is its effective joined event, joined (left)
with its effective started and finished events.  Its lane is the lane of its
latest effective move, if it was moved, else the lane it joined: the lane
where it waits now, or where it was served.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, func, select
from sqlalchemy.orm import Session, aliased

from db.enums import ClearanceStep, Direction, LaneKind, Outcome, SubjectKind, TravellerCategory
from db.models import ClearanceEvent, Lane
from db.prepared import Prepared


@dataclass(frozen=True, slots=True)
class Clearance:
    clearance_id: uuid.UUID
    lane_id: uuid.UUID
    lane_code: str
    lane_kind: LaneKind
    shift_id: uuid.UUID
    direction: Direction
    subject_kind: SubjectKind
    traveller_category: TravellerCategory | None
    reference: str
    forecast_id: uuid.UUID | None
    joined_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    outcome: Outcome | None
    joined_event_id: uuid.UUID
    started_event_id: uuid.UUID | None
    finished_event_id: uuid.UUID | None
    # Joined at a lane that was not open yet (a queue before opening).
    before_open: bool = False
    # The lane it joined, when it was moved since (``lane_id`` is where it is now).
    joined_lane_id: uuid.UUID | None = None
    moved_at: datetime | None = None  # its latest move

    def wait(self, now: datetime) -> float:
        """Seconds queued: until service started, or until ``now`` if still waiting."""
        return ((self.started_at or now) - self.joined_at).total_seconds()

    def total(self) -> float | None:
        """Seconds from joining the queue to leaving the desk."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.joined_at).total_seconds()

    def as_of(self, at: datetime) -> Clearance | None:
        """This clearance as it stood at ``at``: steps timed later are not there yet.

        None if it joined later.  A report "as of" a shift's close or a moment
        of the day shows a subject served after it as still waiting then.
        """
        if self.joined_at > at:
            return None
        started = self.started_at is not None and self.started_at <= at
        finished = started and self.finished_at is not None and self.finished_at <= at
        if started == (self.started_at is not None) and finished == (self.finished_at is not None):
            return self
        return replace(
            self,
            started_at=self.started_at if started else None,
            started_event_id=self.started_event_id if started else None,
            finished_at=self.finished_at if finished else None,
            finished_event_id=self.finished_event_id if finished else None,
            outcome=self.outcome if finished else None,
        )


def clearances_query(
    port_id: uuid.UUID,
    joined_from: datetime,
    joined_until: datetime,
    *,
    unfinished_only: bool = False,
    shift_id: uuid.UUID | None = None,
    waiting_at: datetime | None = None,
) -> Select[tuple[object, ...]]:
    """The fold as one query, its parameters bound (``clearances`` runs it and adds moves)."""
    query = _fold_query(unfinished_only, shift_id is not None, waiting_at is not None)
    return query.params(
        _fold_params(port_id, joined_from, joined_until, shift_id=shift_id, waiting_at=waiting_at)
    )


def _fold_params(
    port_id: uuid.UUID,
    joined_from: datetime,
    joined_until: datetime,
    *,
    shift_id: uuid.UUID | None,
    waiting_at: datetime | None,
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "port_id": port_id,
        "joined_from": joined_from,
        "joined_until": joined_until,
    }
    if shift_id is not None:
        params["shift_id"] = shift_id
    if waiting_at is not None:
        params["waiting_at"] = waiting_at
    return params


@functools.cache
def _fold_query(unfinished_only: bool, by_shift: bool, waiting: bool) -> Select[Any]:
    """Built once per shape: building it costs more than SQLite spends running it.

    ``waiting``: only clearances whose service had not started by ``waiting_at``
    (still waiting, or started later); the rest are left out before the fold,
    which keeps the query small over a long window of joins.
    """
    e = ClearanceEvent.__table__
    later = e.alias("later")
    joined_from = bindparam("joined_from", type_=e.c.at.type)
    joined_until = bindparam("joined_until", type_=e.c.at.type)
    candidates = select(e.c.clearance_id).where(
        e.c.port_id == bindparam("port_id", type_=e.c.port_id.type),
        e.c.step == ClearanceStep.JOINED,
        e.c.at >= joined_from,
        e.c.at < joined_until,
    )
    if unfinished_only:
        # Left out before the fold: a clearance with a finished step nothing
        # supersedes.  The live queue reads a day of joins on every commit; folding
        # all of them to keep the few still waiting cost ~100 ms at a busy post.
        fin, y = e.alias("fin"), e.alias("y")
        candidates = candidates.where(
            ~exists().where(
                fin.c.clearance_id == e.c.clearance_id,
                fin.c.step == ClearanceStep.FINISHED,
                ~exists().where(y.c.supersedes_id == fin.c.id),
            )
        )
    if waiting:
        st, x = e.alias("st"), e.alias("x")
        candidates = candidates.where(
            ~exists().where(
                st.c.clearance_id == e.c.clearance_id,
                st.c.step == ClearanceStep.STARTED,
                st.c.at < bindparam("waiting_at", type_=e.c.at.type),
                ~exists().where(x.c.supersedes_id == st.c.id),
            )
        )
    effective = (
        select(e)
        .where(
            e.c.clearance_id.in_(candidates),
            e.c.step != ClearanceStep.VOID,
            ~exists().where(later.c.supersedes_id == e.c.id),
        )
        .cte("effective")
    )
    j = aliased(effective, name="j")
    s = aliased(effective, name="s")
    f = aliased(effective, name="f")
    query = (
        select(
            j.c.clearance_id,
            j.c.lane_id,
            Lane.code,
            Lane.kind,
            j.c.shift_id,
            j.c.direction,
            j.c.subject_kind,
            j.c.traveller_category,
            j.c.reference,
            j.c.forecast_id,
            j.c.at,
            s.c.at,
            f.c.at,
            f.c.outcome,
            j.c.id,
            s.c.id,
            f.c.id,
            j.c.before_open,
        )
        .join(Lane, Lane.id == j.c.lane_id)
        .outerjoin(s, and_(s.c.clearance_id == j.c.clearance_id, s.c.step == ClearanceStep.STARTED))
        .outerjoin(
            f, and_(f.c.clearance_id == j.c.clearance_id, f.c.step == ClearanceStep.FINISHED)
        )
        .where(
            j.c.step == ClearanceStep.JOINED,
            j.c.at >= joined_from,
            j.c.at < joined_until,
        )
        .order_by(j.c.at, j.c.clearance_id)
    )
    if unfinished_only:
        query = query.where(f.c.id.is_(None))
    if by_shift:
        query = query.where(j.c.shift_id == bindparam("shift_id", type_=e.c.shift_id.type))
    return query


def clearances(
    session: Session,
    port_id: uuid.UUID,
    joined_from: datetime,
    joined_until: datetime,
    *,
    unfinished_only: bool = False,
    shift_id: uuid.UUID | None = None,
    waiting_at: datetime | None = None,
) -> list[Clearance]:
    """One line per clearance that joined in [joined_from, joined_until), oldest first.

    ``unfinished_only``: still waiting or in service; ``shift_id``: joined in that
    shift; ``waiting_at``: not in service yet at that moment.
    """
    query = _fold_query(unfinished_only, shift_id is not None, waiting_at is not None)
    params = _fold_params(
        port_id, joined_from, joined_until, shift_id=shift_id, waiting_at=waiting_at
    )
    rows = [Clearance(*row) for row in session.execute(query, params)]
    if not rows:
        return rows
    # A few rows (the live queue): the moves of those alone, not of the whole window.
    moves = latest_moves(
        session, port_id, joined_from, [r.clearance_id for r in rows] if len(rows) <= 200 else None
    )
    if not moves:
        return rows
    return [
        _moved(row, moves[row.clearance_id]) if row.clearance_id in moves else row for row in rows
    ]


def _moved(row: Clearance, move: Any) -> Clearance:
    return replace(
        row,
        lane_id=move.lane_id,
        lane_code=move.code,
        lane_kind=move.kind,
        joined_lane_id=row.lane_id,
        moved_at=move.at,
    )


def latest_moves(
    session: Session,
    port_id: uuid.UUID,
    since: datetime,
    clearance_ids: Sequence[uuid.UUID] | None = None,
) -> dict[uuid.UUID, Any]:
    """The latest effective move of each clearance moved at or after ``since``, with its lane.

    Moves are few: a partial index holds them alone (``ix_clearance_events_moves``),
    so this reads no other event, however long ago ``since`` is.  ``clearance_ids``:
    only those clearances' moves.
    """
    params = {"port_id": port_id, "since": since}
    query = _moves_query()
    if clearance_ids is not None:
        query = query.where(ClearanceEvent.__table__.c.clearance_id.in_(clearance_ids))
    # Later moves overwrite earlier ones.
    return {row.clearance_id: row for row in session.execute(query, params)}


@functools.cache
def _moves_query() -> Select[Any]:
    e = ClearanceEvent.__table__
    later = e.alias("later")
    return (
        select(e.c.clearance_id, e.c.lane_id, Lane.code, Lane.kind, e.c.at, e.c.id)
        .join(Lane, Lane.id == e.c.lane_id)
        .where(
            e.c.port_id == bindparam("port_id", type_=e.c.port_id.type),
            e.c.step == ClearanceStep.MOVED,
            e.c.at >= bindparam("since", type_=e.c.at.type),
            ~exists().where(later.c.supersedes_id == e.c.id),
        )
        .order_by(e.c.at, e.c.id)
    )


@dataclass(frozen=True, slots=True)
class Timing:
    """What a trend needs of a clearance: who and when, no ids (a week loads in a moment)."""

    subject_kind: SubjectKind
    traveller_category: TravellerCategory | None
    joined_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    before_open: bool = False  # joined a lane not open yet (reported apart)

    def as_of(self, at: datetime) -> Timing | None:
        """As ``Clearance.as_of``: the steps timed by ``at``."""
        if self.joined_at > at:
            return None
        started = self.started_at if self.started_at and self.started_at <= at else None
        finished = (
            self.finished_at if started and self.finished_at and self.finished_at <= at else None
        )
        if started is self.started_at and finished is self.finished_at:
            return self
        return replace(self, started_at=started, finished_at=finished)

    def wait(self, now: datetime) -> float:
        return ((self.started_at or now) - self.joined_at).total_seconds()


def timings(
    session: Session, port_id: uuid.UUID, joined_from: datetime, joined_until: datetime
) -> list[Timing]:
    """The clearances that joined in [from, until), folded as ``clearances`` does, times only."""
    full = clearances_query(port_id, joined_from, joined_until)

    def column(step: str, name: str) -> Any:  # by the step's alias (j, s, f) and name
        return next(
            c
            for c in full.selected_columns
            if c.name == name and getattr(c.table, "name", None) == step
        )

    query = full.with_only_columns(
        column("j", "subject_kind"),
        column("j", "traveller_category"),
        column("j", "at"),
        column("s", "at"),
        column("f", "at"),
        column("j", "before_open"),
    )
    return [Timing(*row) for row in session.execute(query)]


def arrivals_by_forecast(
    session: Session, forecast_ids: Sequence[uuid.UUID], as_of: datetime
) -> dict[tuple[uuid.UUID, bool], int]:
    """Effective clearances per (forecast, is a person) joined by ``as_of``, whenever.

    A clearance's effective joined event is a ``joined`` row that no later row
    supersedes (a correction re-states it, a void cancels it).  Read through
    ``ix_clearance_events_forecast``: the forecasts' own travellers, not a
    period's every clearance.
    """
    e = ClearanceEvent.__table__
    later = e.alias("later")
    is_person = e.c.subject_kind == SubjectKind.PERSON
    out: dict[tuple[uuid.UUID, bool], int] = {}
    ids = list(forecast_ids)
    for i in range(0, len(ids), 500):  # bound parameters SQLite accepts
        query = (
            select(e.c.forecast_id, is_person, func.count())
            .where(
                e.c.forecast_id.in_(ids[i : i + 500]),
                e.c.step == ClearanceStep.JOINED,
                e.c.at <= as_of,
                ~exists().where(later.c.supersedes_id == e.c.id),
            )
            .group_by(e.c.forecast_id, is_person)
        )
        for forecast_id, person, n in session.execute(query):
            out[(forecast_id, bool(person))] = n
    return out


def finishes_by_lane(
    session: Session, port_id: uuid.UUID, start: datetime, end: datetime
) -> dict[uuid.UUID, int]:
    """Subjects that left a desk in [start, end), per lane, whenever they joined.

    A lane's throughput: a traveller who queued in the shift before and was
    served in this one is this shift's work.
    """
    e = ClearanceEvent.__table__
    later = e.alias("later")
    query = (
        select(e.c.lane_id, func.count())
        .where(
            e.c.port_id == port_id,
            e.c.step == ClearanceStep.FINISHED,
            e.c.at >= start,
            e.c.at < end,
            ~exists().where(later.c.supersedes_id == e.c.id),
        )
        .group_by(e.c.lane_id)
    )
    return dict(session.execute(query).all())


def _effective_steps_query() -> Select[Any]:
    e = ClearanceEvent.__table__
    lanes = Lane.__table__
    return (
        select(
            e.c.id,
            e.c.clearance_id,
            e.c.port_id,
            e.c.lane_id,
            e.c.step,
            e.c.at,
            e.c.outcome,
            e.c.supersedes_id,
            lanes.c.is_open.label("lane_open"),
            lanes.c.code.label("event_lane_code"),
        )
        .select_from(e.join(lanes, lanes.c.id == e.c.lane_id))
        .where(e.c.clearance_id == bindparam("clearance_id"))
    )


def _queued_with_reference_query() -> Select[Any]:
    e = ClearanceEvent.__table__
    x, f, y = e.alias("x"), e.alias("f"), e.alias("y")
    lanes = Lane.__table__
    return (
        select(lanes.c.code, e.c.clearance_id)
        .select_from(e.join(lanes, lanes.c.id == e.c.lane_id))
        .where(
            e.c.port_id == bindparam("port_id"),
            e.c.reference == bindparam("reference"),
            e.c.step == ClearanceStep.JOINED,
            e.c.at >= bindparam("since", type_=e.c.at.type),
            ~exists().where(x.c.supersedes_id == e.c.id),
            ~exists().where(
                f.c.clearance_id == e.c.clearance_id,
                f.c.step == ClearanceStep.FINISHED,
                ~exists().where(y.c.supersedes_id == f.c.id),
            ),
        )
        .limit(1)
    )


# Built once: constructing these per call costs more than running them.
_EFFECTIVE_STEPS = Prepared(_effective_steps_query())
_QUEUED_WITH_REFERENCE = Prepared(_queued_with_reference_query())


def effective_steps(session: Session, clearance_id: uuid.UUID) -> dict[ClearanceStep, Any]:
    """The effective event of each step of one clearance (a handful of rows).

    Only the columns the timing rules need; load the event itself to copy it.
    """
    return effective(_EFFECTIVE_STEPS.rows(session.connection(), {"clearance_id": clearance_id}))


def effective(events: Sequence[Any]) -> dict[ClearanceStep, Any]:
    """Of one clearance's events, the one per step that nothing supersedes and is not void.

    A clearance moved more than once has several effective moves: the latest
    (by time, then id) stands for them, as it names the lane it is on.
    """
    superseded = {ev.supersedes_id for ev in events if ev.supersedes_id is not None}
    live = sorted(
        (ev for ev in events if ev.id not in superseded and ev.step != ClearanceStep.VOID),
        key=lambda ev: (ev.at, ev.id),
    )
    return {ev.step: ev for ev in live}


def current_lane(steps: dict[ClearanceStep, Any]) -> Any:
    """The effective event that placed the clearance on its lane: its latest move, or its join."""
    return steps.get(ClearanceStep.MOVED) or steps[ClearanceStep.JOINED]


def queued_with_reference(
    session: Session, port_id: uuid.UUID, reference: str, since: datetime
) -> str | None:
    """The lane code where ``reference`` is still queued (joined, not finished), if anywhere."""
    params = {"port_id": port_id, "reference": reference, "since": since}
    found = _QUEUED_WITH_REFERENCE.rows(session.connection(), params)
    if not found:
        return None
    steps = effective_steps(session, found[0].clearance_id)
    moved = steps.get(ClearanceStep.MOVED)
    if moved is None:
        return str(found[0].code)
    return session.scalar(select(Lane.code).where(Lane.id == moved.lane_id))
