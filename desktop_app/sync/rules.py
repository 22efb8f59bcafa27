"""The conflict rule for mutable records: a three-way merge by field group.

Facts (clearance events, audit entries, checklist results, lane openings and
assignments) are append-only and never conflict: a row is stored once, by its
id.  Mutable records are merged at HQ, the one place that sees every version:

1. A version arrives with its *base*, the version it was edited from.  Its
   fields are split into groups (a forecast's schedule, its arrival, its
   pre-inspection status, its notes; a lane's open state and its set-up;
   an officer's PIN and the rest of the officer; one group for the whole
   record elsewhere).  A group the incoming version
   did not change is left alone; a group only it changed is taken.
2. A group both sides changed since the base is a conflict.  The group's
   owner wins it: HQ owns a lane's set-up, the post owns the lane's open
   state and a forecast's arrival and pre-inspection status, whoever created
   a forecast owns its schedule.  A group without an owner (or written by the
   owner on both sides) goes to the later writer by hybrid logical clock.
3. A closed shift is final: a version that would change it loses.

Clocks: a stamp is compared by its writer's clock for that writer's own
successive writes (which it orders whatever its wall clock says), and
otherwise by HQ's *bounded* reading of it: HQ caps a stamp's wall-clock part
at the time it received it plus ``MAX_FUTURE``, so a post whose clock runs a
day ahead wins no conflict it would not have won at the time it synced.

Every losing group is reported (``Loss``) so HQ keeps the losing version.
This module is pure: values are the JSON forms of ``desktop_app.sync.codec``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from functools import cache
from typing import Any, Literal

from db.hlc import format_stamp, parse_stamp
from desktop_app.reference import SEED_DEVICE
from desktop_app.sync.codec import synced_tables

HQ_NODE = "hq"  # the node name in every stamp HQ writes
MAX_FUTURE = timedelta(minutes=5)

# Columns outside every group: identity and the sync stamps themselves.
META = frozenset({"id", "origin_device", "port_id", "version", "hlc", "updated_at"})


class Side(StrEnum):
    HQ = "hq"
    POST = "post"


def side_of(node: str) -> Side:
    """HQ and the reference seed write as HQ; every other node is a post's device."""
    return Side.HQ if node in (HQ_NODE, SEED_DEVICE) else Side.POST


CREATOR = "creator"
Owner = Side | Literal["creator"] | None


@dataclass(frozen=True)
class Group:
    name: str
    fields: frozenset[str]
    owner: Owner  # None: last writer wins


_EXPLICIT: dict[str, tuple[Group, ...]] = {
    "forecasts": (
        Group(
            "schedule",
            frozenset(
                {
                    "mode",
                    "reference",
                    "carrier",
                    "direction",
                    "expected_at",
                    "expected_travellers",
                    "expected_vehicles",
                    "cargo",
                    "source",
                    "deleted",
                }
            ),
            CREATOR,
        ),
        Group("arrival", frozenset({"status", "arrived_at"}), Side.POST),
        Group("preinspection", frozenset({"preinspection"}), Side.POST),
        Group("notes", frozenset({"notes"}), None),
    ),
    "lanes": (
        Group("state", frozenset({"is_open"}), Side.POST),
        Group(
            "setup",
            frozenset(
                {
                    "code",
                    "name_en",
                    "name_zh",
                    "kind",
                    "direction",
                    "subjects",
                    "position",
                    "capacity_per_hour",
                    "deleted",
                }
            ),
            Side.HQ,
        ),
    ),
    # Two desks of a post may change one officer at once: a PIN reset at one and a
    # promotion at the other must both stand, so the PIN is a group of its own.
    "officers": (Group("pin", frozenset({"pin_hash"}), None),),
}


@cache
def groups(entity: str) -> tuple[Group, ...]:
    """The entity's field groups; columns no rule names form one last-writer group."""
    columns = {c.key for c in synced_tables()[entity].columns} - META
    explicit = _EXPLICIT.get(entity, ())
    named = frozenset().union(*(g.fields for g in explicit)) if explicit else frozenset()
    rest = frozenset(columns - named)
    return explicit + ((Group("record", rest, None),) if rest else ())


def hq_owned_fields(entity: str, origin_device: str) -> frozenset[str]:
    """The fields of a record, created by ``origin_device``, whose groups HQ owns.

    A post's edit of them loses to any concurrent HQ edit, so an editor shows
    them read-only (a forecast HQ created: its schedule; a lane: its set-up).
    """
    creator = side_of(origin_device)
    owned = [g.fields for g in _EXPLICIT.get(entity, ()) if _owner(g, creator) == Side.HQ]
    return frozenset().union(*owned)


@dataclass(frozen=True)
class Stamp:
    """A version's HLC stamp, with its wall-clock part as HQ bounded it on receipt."""

    hlc: str
    eff_ms: int

    @property
    def node(self) -> str:
        return parse_stamp(self.hlc)[2]

    @property
    def counter(self) -> int:
        return parse_stamp(self.hlc)[1]

    @classmethod
    def unbounded(cls, hlc: str) -> Stamp:
        return cls(hlc, parse_stamp(hlc)[0])

    def as_json(self) -> list[Any]:
        return [self.hlc, self.eff_ms]

    @classmethod
    def from_json(cls, value: list[Any]) -> Stamp:
        return cls(str(value[0]), int(value[1]))

    def bounded_hlc(self) -> str:
        """The stamp with its bounded wall-clock part (what HQ's clock may observe)."""
        _, counter, node = parse_stamp(self.hlc)
        return format_stamp(self.eff_ms, counter, node)


# A clock this close to HQ's is taken as right (request latency, jitter).
SKEW_TOLERANCE_MS = 2_000


def bounded(hlc: str, now_ms: int, skew_ms: int = 0, max_future: timedelta = MAX_FUTURE) -> Stamp:
    """HQ's reading of a stamp received at ``now_ms`` from a device ``skew_ms`` ahead.

    A clock known to run ahead is corrected (a post a day fast stamped its
    edit a day late: it is judged at the time it really made it).  A clock
    behind is not corrected upwards: once the post has synced its stamps
    follow HQ's clock anyway (hybrid logical clock), and raising them could
    only favour it.  Whatever is left is capped at ``now + max_future``.
    """
    millis = parse_stamp(hlc)[0]
    if skew_ms > SKEW_TOLERANCE_MS:
        millis -= skew_ms
    return Stamp(hlc, min(millis, now_ms + int(max_future.total_seconds() * 1000)))


def newer(a: Stamp, b: Stamp) -> bool:
    """Is ``a`` the later write?  One writer's own stamps order its writes exactly."""
    if a.node == b.node:
        return a.hlc > b.hlc
    return (a.eff_ms, a.counter, a.node) > (b.eff_ms, b.counter, b.node)


@dataclass(frozen=True)
class Loss:
    loser: Literal["incoming", "stored"]
    group: str
    fields: tuple[str, ...]
    rule: str


Outcome = Literal["insert", "incoming", "stored", "merged"]


@dataclass
class Merge:
    """What to store: ``values`` (data fields merged over the stored row) and why.

    ``outcome``: ``insert`` (a new record), ``incoming`` (the incoming version
    as it is), ``stored`` (nothing changes), ``merged`` (a new version HQ
    writes with its own stamp).
    """

    values: dict[str, Any]
    outcome: Outcome
    losses: list[Loss] = field(default_factory=list)
    stamps: dict[str, Stamp] = field(default_factory=dict)


def _owner(group: Group, creator: Side) -> Side | None:
    if group.owner == CREATOR:
        return creator
    return group.owner  # type: ignore[return-value]


def merge(
    entity: str,
    stored: Mapping[str, Any] | None,
    incoming: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    stamps: Mapping[str, Stamp],
    incoming_stamp: Stamp,
) -> Merge:
    """Merge ``incoming`` into ``stored`` given their common ``base`` (None: unknown)."""
    entity_groups = groups(entity)
    if stored is None:
        return Merge(dict(incoming), "insert", [], {g.name: incoming_stamp for g in entity_groups})
    current = {g.name: stamps.get(g.name) or Stamp.unbounded(stored["hlc"]) for g in entity_groups}
    creator = side_of(stored["origin_device"])
    writer = side_of(incoming_stamp.node)
    result = dict(stored)
    losses: list[Loss] = []
    reference = base if base is not None else stored
    closed = entity == "shifts" and stored.get("state") == "closed"
    for group in entity_groups:
        names = sorted(group.fields)
        changed = [f for f in names if incoming.get(f) != reference.get(f)]
        if not changed:
            continue
        differing = tuple(f for f in names if incoming.get(f) != stored.get(f))
        if not differing:  # both sides made the same change
            if newer(incoming_stamp, current[group.name]):
                current[group.name] = incoming_stamp
            continue
        if closed:
            losses.append(Loss("incoming", group.name, differing, "closed_shift"))
            continue
        stamp = current[group.name]
        if stamp.node == incoming_stamp.node and not newer(incoming_stamp, stamp):
            continue  # the writer's own later write set this group: a late arrival, no conflict
        concurrent = base is None or any(stored.get(f) != base.get(f) for f in names)
        if not concurrent:
            incoming_wins, rule = True, ""
        else:
            incoming_wins, rule = _decide(
                entity, group, stored, incoming, creator, writer, incoming_stamp, current
            )
        if incoming_wins:
            if rule:
                losses.append(Loss("stored", group.name, differing, rule))
            for name in names:
                result[name] = incoming.get(name)
            current[group.name] = incoming_stamp
        else:
            losses.append(Loss("incoming", group.name, differing, rule))
    data = [f for g in entity_groups for f in g.fields]
    if all(result.get(f) == stored.get(f) for f in data):
        outcome: Outcome = "stored"
    elif all(result.get(f) == incoming.get(f) for f in data) and (
        incoming["version"] > stored["version"]
    ):
        outcome = "incoming"
    else:
        outcome = "merged"
    return Merge(result, outcome, losses, current)


def _decide(
    entity: str,
    group: Group,
    stored: Mapping[str, Any],
    incoming: Mapping[str, Any],
    creator: Side,
    writer: Side,
    incoming_stamp: Stamp,
    current: Mapping[str, Stamp],
) -> tuple[bool, str]:
    """Who wins a group both sides changed: (incoming wins?, the rule that decided)."""
    if entity == "shifts" and incoming.get("state") == "closed":
        return True, "closed_shift"  # closing a shift is final; a concurrent edit loses
    owner = _owner(group, creator)
    if owner is not None:
        stored_by_owner = side_of(current[group.name].node) == owner
        if (writer == owner) != stored_by_owner:
            return writer == owner, f"owner_{owner.value}"
    return newer(incoming_stamp, current[group.name]), "last_writer"
