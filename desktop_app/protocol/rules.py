"""The conflict rule for mutable records: a three-way merge by field group.

Facts (clearance events, audit entries, checklist results, lane openings and
assignments) are append-only and never conflict: a row is stored once, by its
id.  Mutable records are merged at HQ, the one place that sees every version:

1. A version arrives with its *base*, the version it was edited from.  Its
   fields are split into groups (a forecast's schedule, its arrival, its
   pre-inspection status, its notes; a lane's open state and its set-up;
   an officer's PIN and the rest of the officer; one group for the whole
   record elsewhere).  A group the incoming version
   did not change is left alone; a group only it changed is taken (when the
   value HQ holds equals the base's but was written later than the incoming
   version, by another writer, the two are concurrent: rule 2).
2. A group both sides changed since the base is a conflict.  The group's
   owner wins it: HQ owns a lane's set-up, the post owns the lane's open
   state and a forecast's arrival and pre-inspection status, whoever created
   a forecast owns its schedule.  A group without an owner (or written by the
   owner on both sides) goes to the later writer by hybrid logical clock.
3. A closed shift is final: a version that would change it loses.  Of two
   close-outs of one shift (two desks closed it offline), the earlier one
   stands: it was signed first.

Identity (``merge_identities``): two records with the same natural key (an
officer's port and badge, a lane's code, a duty team's name, a shift's
planned start) are one real thing entered twice.  The one created first
(the smaller UUIDv7) survives; the other becomes an alias of it, and the
two versions merge group by group with no base: the later writer wins each
group (a closed shift over an open one, the earlier of two close-outs; an
owner over a non-owner), and every losing group is reported.

Clocks: a stamp is compared by its writer's clock for that writer's own
successive writes (which it orders whatever its wall clock says), and
otherwise by HQ's *bounded* reading of it: HQ caps a stamp's wall-clock part
at the time it received it plus ``MAX_FUTURE``, so a post whose clock runs a
day ahead wins no conflict it would not have won at the time it synced.

Every losing group is reported (``Loss``) so HQ keeps the losing version.
This module is pure: values are the JSON forms of ``desktop_app.protocol.codec``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from functools import cache
from typing import Any, Literal

from db.hlc import format_stamp, parse_stamp
from desktop_app.protocol.codec import synced_tables
from desktop_app.reference import SEED_DEVICE

HQ_NODE = "hq"  # the node name in every stamp HQ writes
# Writers whose records the merge treats as HQ's: no post may enrol as one of them.
RESERVED_NODES = frozenset({HQ_NODE, SEED_DEVICE})
MAX_FUTURE = timedelta(minutes=5)

# Columns outside every group: identity and the sync stamps themselves.
META = frozenset({"id", "origin_device", "port_id", "version", "hlc", "updated_at"})


class Side(StrEnum):
    HQ = "hq"
    POST = "post"


def side_of(node: str) -> Side:
    """HQ and the reference seed write as HQ; every other node is a post's device."""
    return Side.HQ if node in (HQ_NODE, SEED_DEVICE) else Side.POST


CREATOR: Literal["creator"] = "creator"
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
                    "announced_at",
                    "announced_by",
                    "entered_at",
                    "deleted",
                }
            ),
            CREATOR,
        ),
        Group(
            "arrival",
            frozenset(
                {"status", "arrived_at", "actual_travellers", "actual_vehicles", "actual_method"}
            ),
            Side.POST,
        ),
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
        stamp = current[group.name]
        if closed:
            # Of two close-outs the earlier stands (it was signed first): a rule on the
            # versions themselves, so the outcome does not depend on which arrived first.
            if incoming.get("state") == "closed" and newer(stamp, incoming_stamp):
                losses.append(Loss("stored", group.name, differing, "closed_shift"))
                for name in names:
                    result[name] = incoming.get(name)
                current[group.name] = incoming_stamp
            else:
                losses.append(Loss("incoming", group.name, differing, "closed_shift"))
            continue
        if stamp.node == incoming_stamp.node and not newer(incoming_stamp, stamp):
            continue  # the writer's own later write set this group: a late arrival, no conflict
        concurrent = base is None or any(stored.get(f) != base.get(f) for f in names)
        # Made on top of what HQ holds: taken.  Unless HQ's value, though equal to the
        # base, was written again later by someone else (A→B→A): then the writes are
        # concurrent after all, and the stamps decide as below, whatever order they came
        # in.  (Only a stamp HQ recorded for the group says so: the record's own stamp
        # may be of a write to another group.)
        if not concurrent and (group.name not in stamps or newer(incoming_stamp, stamp)):
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
    # The stamps to keep: those HQ knew, and those this version set.  A group never
    # written since HQ created the record keeps none (the record's stamp stood in for it
    # above, which may be of a write to another group).
    kept = {g: stamp for g, stamp in current.items() if g in stamps or stamp is incoming_stamp}
    return Merge(result, outcome, losses, kept)


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


# -- identity: one record for one real thing ------------------------------------------

# Records a person can enter twice at two desks, and what makes two of them the same.
# Lanes and duty teams are seeded with deterministic ids (``desktop_app.reference``),
# so only rows a post creates can collide; checklist results and the other facts
# have no identity of their own beyond their id and follow the records they name.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "officers": ("port_id", "badge_no"),
    "lanes": ("port_id", "code"),
    "duty_teams": ("port_id", "name_zh"),
    "shifts": ("port_id", "planned_start"),
}

# The text column of a unique natural key, and its width: a record being retired
# moves out of the way ("parks") for the survivor within one transaction.
_PARKED = {"officers": ("badge_no", 16), "lanes": ("code", 16), "duty_teams": ("name_zh", 40)}

IDENTITY = "identity"  # the rule named in a conflict an identity merge made


def natural_key(entity: str, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
    columns = NATURAL_KEYS.get(entity)
    return None if columns is None else tuple(values.get(c) for c in columns)


def survivor(a: Any, b: Any) -> Any:
    """Which of two ids of one real thing stays: the one created first (smaller UUIDv7).

    A rule on the records themselves, never on which arrived first, so every
    desk and HQ pick the same one in whatever order they meet the two.  Works
    on ``uuid.UUID`` values and on ids as text of one form (hex or dashed).
    """
    return a if a <= b else b


def parked(entity: str, record_id_hex: str) -> dict[str, str]:
    """Values that free a retiring record's unique natural key for the survivor."""
    if entity not in _PARKED:
        return {}
    column, width = _PARKED[entity]
    # The id's random tail: two records parked in one transaction never meet.
    return {column: "~" + record_id_hex[-(width - 1) :]}


@cache
def references(entity: str) -> tuple[tuple[str, str], ...]:
    """(table, column) of every synced column that refers to ``entity``'s ids."""
    return tuple(
        (table.name, fk.parent.key)
        for table in synced_tables().values()
        for fk in table.foreign_keys
        if fk.column.table.name == entity
    )


# Audit entries name the record a decision was about (``entity`` + ``entity_id``)
# without a foreign key: re-pointed with the others.
SOFT_REFERENCE = ("audit_entries", "entity", "entity_id")


@cache
def id_columns(entity: str) -> tuple[str, ...]:
    """Columns of ``entity`` that may hold the id of a record that can be merged.

    Its own id (for a natural-keyed table), its references to natural-keyed
    tables, and an audit entry's ``entity_id``: ids are unique across tables,
    so translating a merged id wherever it appears never touches another record.
    """
    table = synced_tables()[entity]
    own = ("id",) if entity in NATURAL_KEYS else ()
    refs = tuple(fk.parent.key for fk in table.foreign_keys if fk.column.table.name in NATURAL_KEYS)
    soft = (SOFT_REFERENCE[2],) if entity == SOFT_REFERENCE[0] else ()
    return own + refs + soft


def _group_winner(
    entity: str,
    group: Group,
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    stamp_a: Stamp,
    stamp_b: Stamp,
    creator: Side,
) -> bool:
    """Does ``a`` win ``group`` over ``b``?  Symmetric: swapping the two swaps the answer."""
    if entity == "shifts":
        a_closed, b_closed = a.get("state") == "closed", b.get("state") == "closed"
        if a_closed != b_closed:
            return a_closed  # closing is final
        if a_closed:  # two close-outs: the earlier was signed first and stands
            return newer(stamp_b, stamp_a)
    owner = _owner(group, creator)
    if owner is not None:
        a_owner, b_owner = side_of(stamp_a.node) == owner, side_of(stamp_b.node) == owner
        if a_owner != b_owner:
            return a_owner
    return newer(stamp_a, stamp_b)


def merge_identities(
    entity: str,
    stored: Mapping[str, Any],
    incoming: Mapping[str, Any],
    stored_stamps: Mapping[str, Stamp],
    incoming_stamp: Stamp,
) -> Merge:
    """Merge two records of one real thing (same natural key, two ids) into the survivor.

    There is no common base: each group both hold differently is decided by
    ``_group_winner`` and the loser reported (rule ``identity``).  The result
    keeps the survivor's id and creator; the caller stamps it as a new
    version.  Symmetric in the two records: merging A into B gives what
    merging B into A gives.
    """
    keep = survivor(stored["id"], incoming["id"])
    kept_one = stored if keep == stored["id"] else incoming
    creator = side_of(kept_one["origin_device"])
    result = dict(kept_one)
    losses: list[Loss] = []
    stamps: dict[str, Stamp] = {}
    for group in groups(entity):
        names = sorted(group.fields)
        stored_stamp = stored_stamps.get(group.name) or Stamp.unbounded(stored["hlc"])
        differing = tuple(f for f in names if incoming.get(f) != stored.get(f))
        incoming_wins = (
            _group_winner(entity, group, incoming, stored, incoming_stamp, stored_stamp, creator)
            if differing
            else newer(incoming_stamp, stored_stamp)
        )
        winner = incoming if incoming_wins else stored
        for name in names:
            result[name] = winner.get(name)
        stamps[group.name] = incoming_stamp if incoming_wins else stored_stamp
        if differing:
            loser: Literal["incoming", "stored"] = "stored" if incoming_wins else "incoming"
            losses.append(Loss(loser, group.name, differing, IDENTITY))
    return Merge(result, "merged", losses, stamps)


# -- entries set aside ------------------------------------------------------------------

# References without a foreign key that make an entry wait all the same: a
# clearance's later steps name its joined step (``clearance_id``), an audit
# entry the record it is about (the table in its ``entity`` column).
_SOFT_REFS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "clearance_events": (("clearance_id", "clearance_events"),),
    SOFT_REFERENCE[0]: ((SOFT_REFERENCE[2], None),),
}


@cache
def _ref_columns(entity: str) -> tuple[tuple[str, str | None], ...]:
    table = synced_tables()[entity]
    fks = tuple(
        (fk.parent.key, fk.column.table.name)
        for fk in table.foreign_keys
        if fk.column.table.name in synced_tables()
    )
    return fks + _SOFT_REFS.get(entity, ())


def row_refs(entity: str, value: Callable[[str], Any]) -> list[tuple[str, str]]:
    """(table, id as hex) of every record a row of ``entity`` refers to.

    ``value(column)`` gives the row's value of a column, in any form (a UUID,
    hex or dashed text).
    """
    out = []
    for column, target in _ref_columns(entity):
        found = value(column)
        if found is None:
            continue
        table = target or value(SOFT_REFERENCE[1])
        if table:
            out.append((str(table), str(found).replace("-", "")))
    return out


def dependents(
    entries: Iterable[tuple[int, str, str, Iterable[tuple[str, str]]]],
    held: set[tuple[str, str]],
) -> dict[int, tuple[str, str]]:
    """Entries that must wait for a record set aside: seq → (table, id) of what they wait for.

    ``entries`` are (seq, table, record id, references as (table, id)), ids
    as 32 hex digits, in outbox order; ``held`` holds the records set aside
    and is updated as the entries go by: an entry that waits joins it (what
    refers to it waits too), an entry of a held record that does not wait
    leaves it (a later version of a record is sent: it may be the fix).
    The post applies this rule to the batches it builds, HQ to a bundle.
    """
    waiting: dict[int, tuple[str, str]] = {}
    for seq, entity, record_id, refs in entries:
        blocked = next((ref for ref in refs if ref in held), None)
        if blocked is not None:
            waiting[seq] = blocked
            held.add((entity, record_id))
        else:
            held.discard((entity, record_id))
    return waiting
