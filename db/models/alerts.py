"""Queue alerts: episodes of long waits per lane group, as append-only facts.

An *episode* is one wave of long waits in one lane group (travellers by
direction, vehicles, rail): it starts when the group's longest wait reaches
amber (15 minutes), changes level (red at 25, back to amber below 20, a dip
below amber), and ends once the wait has stayed below amber for a while, so
a change of who is at the head of the queue does not start a new one.  Each
of these is one row here, named by the episode (``episode_id``: the id of its
``started`` row), and so is an officer's acknowledgement with the action
taken.  ``desktop_app.alerts`` writes them and folds them back into episodes.

Facts rather than one mutable row per episode: an episode is what a desk saw
at a moment, and two desks of a post may both see a wave start before they
sync.  As facts both observations are kept and never conflict (the fold
joins overlapping episodes of a group into one); as a mutable record the two
would be a conflict an officer has to look at, and every minute of a growing
peak would be a new version to send.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, UTCDateTime, str_enum
from db.enums import AlertKind, LaneGroup, WaitLevel


class QueueAlert(Synced, Base):
    __tablename__ = "queue_alerts"
    __append_only__ = True
    __table_args__ = (Index("ix_queue_alerts_port_at", "port_id", "at"),)

    port_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ports.id"))
    episode_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("queue_alerts.id"), index=True)
    lane_group: Mapped[LaneGroup] = mapped_column(str_enum(LaneGroup, "lane_group"))
    kind: Mapped[AlertKind] = mapped_column(str_enum(AlertKind, "alert_kind"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The level from ``at`` on (started, level); the highest level reached (ended).
    level: Mapped[WaitLevel | None] = mapped_column(str_enum(WaitLevel, "wait_level"))
    # The group's longest wait at ``at`` in seconds (started, level); the peak (ended).
    wait_s: Mapped[int | None] = mapped_column(Integer)
    peak_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # ended: when it peaked
    # Where the longest waiter stood (started, level).
    lane_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("lanes.id"))
    shift_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("shifts.id"))
    officer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("officers.id"))
    action: Mapped[str] = mapped_column(Text, default="")  # acknowledged: what was done
