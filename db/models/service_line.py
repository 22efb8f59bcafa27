"""The 12367 service line's log at a post: consultations, complaints, suggestions, praise.

Both are facts.  A contact is recorded once; its answer is a reply, a fact of
its own that refers to it: the contact stays open until a reply exists, so
two desks never conflict over one contact's state.  The related clearance,
when there is one, is named by its reference and, once found, its
clearance id, which links the traveller's measured wait.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, UTCDateTime, str_enum
from db.enums import ContactChannel, ContactKind


class ServiceContact(Synced, Base):
    __tablename__ = "service_contacts"
    __append_only__ = True
    __table_args__ = (Index("ix_service_contacts_port_received", "port_id", "received_at"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    shift_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("shifts.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[ContactChannel] = mapped_column(str_enum(ContactChannel, "contact_channel"))
    kind: Mapped[ContactKind] = mapped_column(str_enum(ContactKind, "contact_kind"))
    language: Mapped[str] = mapped_column(String(8))
    topic_code: Mapped[str] = mapped_column(String(32))
    clearance_reference: Mapped[str | None] = mapped_column(String(40))
    clearance_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    summary: Mapped[str] = mapped_column(Text)
    officer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    reply_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it was entered here


class ServiceContactReply(Synced, Base):
    """The answer given to a contact: when, what came of it, by whom."""

    __tablename__ = "service_contact_replies"
    __append_only__ = True

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    contact_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("service_contacts.id"), index=True
    )
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(Text)
    officer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
