"""The 12367 service line's log: a contact recorded, answered, carried over until it is.

Rules (``RuleViolation`` names the field):

* a contact's topic and language come from the reference data
  (``resources/reference/service_line.json``), its summary is required;
* the promised reply time is after the contact and no later than the limit
  for its kind (``reply_within_hours``: consultation 24 h, complaint 5 days,
  suggestion 15 days); the desk proposes the limit when none is given;
  praise needs no reply and has no promise;
* the related clearance is named by its reference: the latest clearance
  with that reference that joined at this port before the contact (within
  ``CLEARANCE_LOOKBACK``), whose measured wait the report prints beside
  the complaint;
* a contact is answered once (a reply, a fact of its own), not before it
  was received; answered by its promised time is *on time*, later is *late*,
  and a contact not answered by then is *overdue*;
* a contact stays open until answered, whatever the shift: at close-out the
  open ones are carried over to the next shift (``carried_over``), and the
  deputy captain sees them on the shift screen until they are answered.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from db import outbox, queries
from db.enums import ClearanceStep, ContactChannel, ContactKind
from db.models import ClearanceEvent, Officer, ServiceContact, ServiceContactReply, Shift
from db.outbox import FactRow
from desktop_app import checks, reference, shifts
from desktop_app.errors import RuleViolation
from desktop_app.port_reader import PortReader

if TYPE_CHECKING:  # the desk is passed in; HQ imports this module without it
    from desktop_app.desk import Desk

SUMMARY_LIMIT = 2000
CLEARANCE_LOOKBACK = timedelta(days=30)


@dataclass(frozen=True)
class Choice:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Reference:
    topics: list[Choice]
    languages: list[Choice]
    reply_within: dict[ContactKind, timedelta | None]


@cache
def reference_data() -> Reference:
    doc = reference.service_line()
    within = {
        ContactKind(kind): None if hours is None else timedelta(hours=hours)
        for kind, hours in doc["reply_within_hours"].items()
    }
    return Reference(
        topics=[Choice(t["code"], t["name_zh"], t["name_en"]) for t in doc["topics"]],
        languages=[Choice(x["code"], x["name_zh"], x["name_en"]) for x in doc["languages"]],
        reply_within=within,
    )


def default_reply_due(kind: ContactKind, received_at: datetime) -> datetime | None:
    """The promise the desk proposes: the limit for the kind (None: praise needs no reply)."""
    limit = reference_data().reply_within[kind]
    return None if limit is None else received_at + limit


@checks.validated
def record_contact(
    desk: Desk,
    *,
    channel: ContactChannel,
    kind: ContactKind,
    language: str,
    topic_code: str,
    summary: str,
    by: uuid.UUID,
    received_at: datetime | None = None,
    clearance_reference: str | None = None,
    reply_due_at: datetime | None = None,
) -> FactRow:
    """Record a contact with the 12367 line, on site or online; nothing is half-written."""
    ref = reference_data()
    received_at = checks.when(desk, "received_at", received_at)
    if topic_code not in {t.code for t in ref.topics}:
        raise RuleViolation("topic_code", "choice", choices=", ".join(t.code for t in ref.topics))
    if language not in {x.code for x in ref.languages}:
        raise RuleViolation("language", "choice", choices=", ".join(x.code for x in ref.languages))
    summary = checks.text("summary", summary, limit=SUMMARY_LIMIT)
    clearance_reference = (
        checks.text("clearance_reference", clearance_reference, limit=40, required=False) or None
    )
    limit = ref.reply_within[kind]
    if limit is None:
        reply_due_at = None  # praise: nothing to answer
    elif reply_due_at is None:
        reply_due_at = received_at + limit
    else:
        checks.aware("reply_due_at", reply_due_at)
        if not received_at < reply_due_at <= received_at + limit:
            raise RuleViolation(
                "reply_due_at",
                "out_of_range",
                low=received_at.isoformat(timespec="minutes"),
                high=(received_at + limit).isoformat(timespec="minutes"),
            )
    with desk.unit() as s:
        checks.officer(s, desk, by)
        clearance_id = None
        if clearance_reference is not None:
            clearance_id = _clearance_of(s, desk, clearance_reference, received_at)
            if clearance_id is None:
                raise RuleViolation("clearance_reference", "not_found")
        shift = shifts.current_shift(desk)
        return outbox.append(
            s,
            ServiceContact,
            port_id=desk.port_id,
            shift_id=shift.id if shift else None,
            received_at=received_at,
            channel=channel,
            kind=kind,
            language=language,
            topic_code=topic_code,
            clearance_reference=clearance_reference,
            clearance_id=clearance_id,
            summary=summary,
            officer_id=by,
            reply_due_at=reply_due_at,
            at=desk.now(),
        )


@checks.validated
def answer(
    desk: Desk,
    *,
    contact_id: uuid.UUID,
    outcome: str,
    by: uuid.UUID,
    answered_at: datetime | None = None,
) -> FactRow:
    """The reply given to a contact (once): when, and what came of it."""
    outcome = checks.text("outcome", outcome, limit=SUMMARY_LIMIT)
    answered_at = checks.when(desk, "answered_at", answered_at)
    with desk.unit() as s:
        checks.officer(s, desk, by)
        contact = checks.in_port(s, desk, ServiceContact, contact_id, "contact_id")
        if s.scalars(
            select(ServiceContactReply.id).where(ServiceContactReply.contact_id == contact_id)
        ).first():
            raise RuleViolation("contact_id", "already_answered")
        checks.order("answered_at", answered_at, after="received_at", after_at=contact.received_at)
        return outbox.append(
            s,
            ServiceContactReply,
            port_id=desk.port_id,
            contact_id=contact_id,
            answered_at=answered_at,
            outcome=outcome,
            officer_id=by,
            at=desk.now(),
        )


def _clearance_of(s: Any, desk: Desk, ref: str, before: datetime) -> uuid.UUID | None:
    e = ClearanceEvent
    return s.scalars(
        select(e.clearance_id)
        .where(
            e.port_id == desk.port_id,
            e.reference == ref,
            e.step == ClearanceStep.JOINED,
            e.at <= before,
            e.at >= before - CLEARANCE_LOOKBACK,
        )
        .order_by(e.at.desc())
        .limit(1)
    ).first()


# -- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactLine:
    id: uuid.UUID
    shift_id: uuid.UUID | None
    received_at: datetime
    channel: ContactChannel
    kind: ContactKind
    language: str
    topic_code: str
    clearance_reference: str | None
    wait_s: float | None  # the related traveller's measured wait (as of the reading)
    summary: str
    officer_badge: str
    officer_name: str
    reply_due_at: datetime | None
    answered_at: datetime | None
    outcome: str
    answered_by: str | None

    @property
    def open(self) -> bool:
        return self.reply_due_at is not None and self.answered_at is None

    def on_time(self) -> bool | None:
        """Answered by the promised time; None while open or with nothing to answer."""
        if self.reply_due_at is None or self.answered_at is None:
            return None
        return self.answered_at <= self.reply_due_at

    def overdue(self, now: datetime) -> bool:
        return self.open and self.reply_due_at is not None and now > self.reply_due_at


def contacts(
    desk: PortReader,
    *,
    received_from: datetime | None = None,
    received_until: datetime | None = None,
    as_of: datetime | None = None,
    open_only: bool = False,
) -> list[ContactLine]:
    """Contacts received in [from, until), oldest first, with replies given by ``as_of``."""
    as_of = as_of or desk.now()
    c, r = ServiceContact, ServiceContactReply
    officer, answerer = Officer.__table__.alias("o"), Officer.__table__.alias("a")
    query = (
        select(c, r.answered_at, r.outcome, officer.c.badge_no, officer.c.name, answerer.c.badge_no)
        .join(officer, officer.c.id == c.officer_id)
        .outerjoin(r, and_(r.contact_id == c.id, r.answered_at <= as_of))
        .outerjoin(answerer, answerer.c.id == r.officer_id)
        .where(c.port_id == desk.port_id, c.received_at <= as_of)
        .order_by(c.received_at, c.id, r.answered_at)
    )
    if received_from is not None:
        query = query.where(c.received_at >= received_from)
    if received_until is not None:
        query = query.where(c.received_at < received_until)
    with desk.read() as s:
        rows = s.execute(query).all()
        waits = _waits(s, desk, [row[0] for row in rows], as_of)
    out = []
    seen: set[uuid.UUID] = set()
    for contact, answered_at, outcome, badge, name, answered_by in rows:
        if contact.id in seen:
            continue  # two desks answered it offline: the first reply counts
        seen.add(contact.id)
        line = ContactLine(
            id=contact.id,
            shift_id=contact.shift_id,
            received_at=contact.received_at,
            channel=contact.channel,
            kind=contact.kind,
            language=contact.language,
            topic_code=contact.topic_code,
            clearance_reference=contact.clearance_reference,
            wait_s=waits.get(contact.clearance_id) if contact.clearance_id else None,
            summary=contact.summary,
            officer_badge=badge,
            officer_name=name,
            reply_due_at=contact.reply_due_at,
            answered_at=answered_at,
            outcome=outcome or "",
            answered_by=answered_by,
        )
        if not open_only or line.open:
            out.append(line)
    return out


def _waits(
    s: Any, desk: PortReader, rows: list[ServiceContact], as_of: datetime
) -> dict[uuid.UUID, float]:
    """The measured wait of each related clearance (``queries.clearances``' fold)."""
    ids = {row.clearance_id for row in rows if row.clearance_id is not None}
    if not ids:
        return {}
    joined = dict(
        s.execute(
            select(ClearanceEvent.clearance_id, ClearanceEvent.at).where(
                ClearanceEvent.clearance_id.in_(ids), ClearanceEvent.step == ClearanceStep.JOINED
            )
        ).all()
    )
    first, last = min(joined.values()), max(joined.values())
    folded = queries.clearances(s, desk.port_id, first, last + timedelta(seconds=1))
    return {f.clearance_id: f.wait(as_of) for f in folded if f.clearance_id in ids}


def open_contacts(desk: PortReader, as_of: datetime | None = None) -> list[ContactLine]:
    """Contacts waiting for their reply, oldest first, whichever shift took them."""
    return contacts(desk, as_of=as_of, open_only=True)


def carried_over(desk: PortReader, shift_id: uuid.UUID) -> list[ContactLine]:
    """What a shift hands over: contacts still open at its close (or now, if open)."""
    with desk.read() as s:
        shift = s.get(Shift, shift_id)
    if shift is None or shift.port_id != desk.port_id:
        raise RuleViolation("shift_id", "not_found")
    at = shift.actual_end or desk.now()
    return open_contacts(desk, at)


# -- figures (the daily report) --------------------------------------------------------


@dataclass(frozen=True)
class TopicCount:
    topic_code: str
    by_kind: dict[ContactKind, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class Figures:
    """Contacts by kind and topic; complaints; replies on time, late, waiting, overdue."""

    kinds: dict[ContactKind, int]
    topics: list[TopicCount]  # in reference order, only topics with contacts
    complaints: list[ContactLine]
    on_time: int
    late: int
    waiting: int  # open, within the promised time
    overdue: int  # open, past the promised time


def figures(lines: Iterable[ContactLine], as_of: datetime) -> Figures:
    lines = list(lines)
    kinds = {kind: sum(1 for c in lines if c.kind == kind) for kind in ContactKind}
    order = [t.code for t in reference_data().topics]
    codes = sorted(
        {c.topic_code for c in lines},
        key=lambda c: (c not in order, order.index(c) if c in order else 0, c),
    )
    topics = [
        TopicCount(
            code,
            {
                kind: sum(1 for c in lines if c.topic_code == code and c.kind == kind)
                for kind in ContactKind
            },
        )
        for code in codes
    ]
    return Figures(
        kinds=kinds,
        topics=topics,
        complaints=[c for c in lines if c.kind == ContactKind.COMPLAINT],
        on_time=sum(1 for c in lines if c.on_time() is True),
        late=sum(1 for c in lines if c.on_time() is False),
        waiting=sum(1 for c in lines if c.open and not c.overdue(as_of)),
        overdue=sum(1 for c in lines if c.overdue(as_of)),
    )
