"""A year at a busy post, for the benchmarks: the demo's model, written in bulk.

Replaying a year (3M+ clearance events) through the services takes about an
hour; a benchmark wants it in minutes.  So the demo's simulation
(``desktop_app.demo``, with its traffic multiplied by ``scale``) writes a
*template* of ``template_days`` complete days through the real services, and
the rest of the year is that template copied back in time week by week with
plain SQL: every row the template wrote, with its times, its UUIDv7 ids (and
every reference to them), its HLC stamps and its outbox entries moved back by
the copy's offset.  The copies are the services' own rows, only older, so
they obey every rule the services enforce (tests/test_demo_year.py compares a
copied week with its template, figure by figure).  The last day, up to now,
is written through the services again: the desk opens on a live queue.

Every outbox entry older than an hour is marked acknowledged, as HQ would
have left it on a post that syncs; the last hour is still to send.

A day port (one shift a day, queues drained at night) is used by default:
its days are self-contained, so a copy never splits a shift or a queue.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, Uuid, func, select

from db import cipher
from db.base import Base, UTCDateTime, utcnow
from db.models import OutboxEntry
from desktop_app import demo, keys
from desktop_app.bootstrap import initialize
from desktop_app.desk import Desk

# A busy day port: Torugart's demo day (~1,250 clearance events) times seven.
DEFAULT_PORT = "TRG"
DEFAULT_SCALE = 7
TEMPLATE_DAYS = 7  # a week: the copies keep the days of the week apart
UNSENT = timedelta(hours=1)  # the outbox entries still to reach HQ at the end
ACK_DELAY = timedelta(minutes=2)  # when HQ acknowledged an entry, after its write


class ScaledGenerator(demo.Generator):
    """The demo's model with ``scale`` times its traffic: more buses, convoys and walk-ins.

    Each share is a whole independent draw of the demo's day (its own arrival
    times), so the waves stay waves, only more of them.
    """

    def __init__(
        self, desk: Desk, *, seed: int, end: datetime, scale: int, ahead: bool = True
    ) -> None:
        super().__init__(desk, seed=seed, end=end)
        self.scale = scale
        # The demo ends by entering tomorrow's forecasts; a template copied week
        # by week must not (the next copy brings that day's own).
        self.ahead = ahead

    def traffic(self, day: date) -> list[tuple[dict[str, Any], datetime | None, list[Any]]]:
        if not self.ahead and day > self.end.astimezone(self.zone).date():
            return []
        out = []
        for _ in range(self.scale):
            out += super().traffic(day)
        return out


@dataclass
class YearSummary:
    port: str
    days: int
    copies: int
    template: demo.DemoSummary
    live: demo.DemoSummary
    clearance_events: int
    outbox: int
    bytes: int


def _copied_tables() -> list[Table]:
    """Synced tables in parent-first order: the ones a day of work adds rows to."""
    return [
        t
        for t in Base.metadata.sorted_tables
        if "hlc" in t.c and "origin_device" in t.c and t.name not in _REFERENCE
    ]


# Set up once per post, never copied (a lane's opening and closing is copied
# as its lane_state_changes rows and its outbox entries).
_REFERENCE = {"ports", "lanes", "officers", "duty_teams", "port_calendars"}


def _millis(at: datetime) -> int:
    return int(at.timestamp() * 1000)


class _Shifter:
    """SQL functions that move a template row back by ``offset_ms``.

    ``remap`` moves the UUIDv7 ids of rows the template wrote (their first 48
    bits are the millisecond they were made) and leaves every other id (lanes,
    officers, the port) alone; ``hlc`` moves a stamp; ``payload`` does both,
    and the times, inside an outbox entry's JSON snapshot of a mutable record.
    """

    def __init__(self, ids: set[str]) -> None:
        self.ids = ids
        self.offset_ms = 0
        self.offset = timedelta(0)

    def remap(self, value: str | None) -> str | None:
        if value is None or value not in self.ids:
            return value
        return f"{int(value[:12], 16) - self.offset_ms:012x}{value[12:]}"

    def hlc(self, value: str | None) -> str | None:
        if value is None:
            return None
        return f"{int(value[:13]) - self.offset_ms:013d}{value[13:]}"

    def payload(self, entity: str, text: str | None) -> str | None:
        if text is None:
            return None
        table = Base.metadata.tables[entity]
        values = json.loads(text)
        for key, raw in values.items():
            if raw is None or key not in table.c:
                continue
            column_type = table.c[key].type
            if isinstance(column_type, Uuid):
                moved = self.remap(uuid.UUID(raw).hex)
                values[key] = str(uuid.UUID(moved)) if moved else raw
            elif isinstance(column_type, UTCDateTime):
                values[key] = (datetime.fromisoformat(raw) - self.offset).isoformat()
            elif key == "hlc":
                values[key] = self.hlc(raw)
        return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _shift_time(column: str, days: str) -> str:
    """SQL moving a stored time back: 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC), fraction kept.

    (SQLite's ``datetime()`` would round the fraction into the seconds.)
    """
    return f"datetime(substr({column}, 1, 19), {days}) || substr({column}, 20)"


def _expression(column: Any, days: str) -> str:
    name = f'"{column.name}"'
    if isinstance(column.type, Uuid):
        return f"shift_id({name})"
    if isinstance(column.type, UTCDateTime):
        return _shift_time(name, days)
    if column.name == "hlc":
        return f"shift_hlc({name})"
    return name


@contextmanager
def _raw(path: Path) -> Iterator[Any]:
    # The post's own key: a post's database is encrypted (``desktop_app.keys``).
    key = keys.data_key(path.parent)
    with closing(cipher.connect(path, key, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")  # a generator: a crash means run it again
        yield db


def copy_back(
    path: Path, *, since_seq: int, template_start: datetime, copies: int, step: int
) -> int:
    """Copy what the outbox holds after ``since_seq`` back ``copies`` times, ``step`` days apart.

    The oldest copy gets the lowest outbox numbers and the template keeps the
    highest: the outbox stays in commit order, and the desk's clock starts
    after the newest stamp.  Returns the rows added.
    """
    tables = _copied_tables()
    start_ms = _millis(template_start)
    added = 0
    with _raw(path) as db:
        db.execute("BEGIN")
        ids: set[str] = set()
        for table in tables:
            # UUIDv7 ids of rows made since the template started (version nibble 7).
            for (value,) in db.execute(f'SELECT id FROM "{table.name}"'):
                if value[12] == "7" and int(value[:12], 16) >= start_ms:
                    ids.add(value)
        shifter = _Shifter(ids)
        db.create_function("shift_id", 1, shifter.remap, deterministic=True)
        db.create_function("shift_hlc", 1, shifter.hlc, deterministic=True)
        db.create_function("shift_payload", 2, shifter.payload, deterministic=True)
        db.create_function("in_template", 1, ids.__contains__, deterministic=True)
        for table in tables:
            db.execute(
                f'CREATE TEMP TABLE "t_{table.name}" AS SELECT * FROM "{table.name}"'
                " WHERE in_template(id)"
            )
        (last_seq,) = db.execute("SELECT max(seq) FROM outbox").fetchone()
        span = last_seq - since_seq
        db.execute("CREATE TEMP TABLE t_outbox AS SELECT * FROM outbox WHERE seq > ?", (since_seq,))
        # The template's entries move up, past every copy's.
        db.execute("DELETE FROM outbox WHERE seq > ?", (since_seq,))
        db.execute(
            "INSERT INTO outbox SELECT seq + ?, entity, record_id, version, hlc, payload,"
            " created_at, acked_at FROM t_outbox",
            (copies * span,),
        )
        outbox_cols = [c.name for c in OutboxEntry.__table__.columns]
        for n in range(copies, 0, -1):  # oldest first
            shifter.offset = timedelta(days=n * step)
            shifter.offset_ms = int(shifter.offset.total_seconds() * 1000)
            days = f"'-{n * step} days'"
            for table in tables:
                cols = list(table.columns)
                names = ", ".join(f'"{c.name}"' for c in cols)
                exprs = ", ".join(_expression(c, days) for c in cols)
                cur = db.execute(
                    f'INSERT INTO "{table.name}" ({names}) SELECT {exprs} FROM "t_{table.name}"'
                )
                added += cur.rowcount
            base = (copies - n) * span
            entry = {
                "seq": f"seq + {base}",
                "record_id": "shift_id(record_id)",
                "hlc": "shift_hlc(hlc)",
                "payload": "shift_payload(entity, payload)",
                "created_at": _shift_time("created_at", days),
                "acked_at": "NULL",
            }
            cur = db.execute(
                f"INSERT INTO outbox ({', '.join(outbox_cols)}) "
                f"SELECT {', '.join(entry.get(c, c) for c in outbox_cols)} FROM t_outbox"
            )
            added += cur.rowcount
        db.execute("COMMIT")
    return added


def acknowledge_until(path: Path, until: datetime) -> None:
    """Mark every entry written before ``until`` acknowledged, as HQ leaves a post that syncs."""
    cutoff = until.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    later = _shift_time("created_at", f"'+{int(ACK_DELAY.total_seconds() // 60)} minutes'")
    with _raw(path) as db:
        db.execute(
            f"UPDATE outbox SET acked_at = {later} WHERE acked_at IS NULL AND created_at < ?",
            (cutoff,),
        )


def _local_midnight(desk: Desk, at: datetime) -> datetime:
    return datetime.combine(at.astimezone(desk.port_zone).date(), time(0), tzinfo=desk.port_zone)


def generate_year(
    directory: Path,
    *,
    port: str = DEFAULT_PORT,
    days: int = 365,
    scale: int = DEFAULT_SCALE,
    template_days: int = TEMPLATE_DAYS,
    seed: int = 7,
    now: datetime | None = None,
) -> YearSummary:
    """A new post in ``directory``: ``days`` days of ``scale`` x the demo's traffic, up to now."""
    now = now or utcnow()
    desk = initialize(directory, port)
    try:
        midnight = _local_midnight(desk, now)
        # Ends a moment before midnight: the template is whole days, all closed.
        end = midnight - timedelta(seconds=1)
        template = ScaledGenerator(desk, seed=seed, end=end, scale=scale, ahead=False)
        template.roster()  # the officers come first, and are never copied
        with desk.read() as s:
            since_seq = s.scalar(select(func.max(OutboxEntry.seq))) or 0
        template_summary = template.run(template_days)
        whole = days - 1  # the last day is written live
        copies = max(0, math.ceil(whole / template_days) - 1)
        template_start = midnight - timedelta(days=template_days + 1)  # forecasts come early
    finally:
        desk.close()
    path = directory / "desk.sqlite3"
    copy_back(
        path,
        since_seq=since_seq,
        template_start=template_start,
        copies=copies,
        step=template_days,
    )
    desk = Desk.open(directory)
    try:
        live = ScaledGenerator(desk, seed=seed + 1, end=now, scale=scale).run(1)
    finally:
        desk.close()
    acknowledge_until(path, now - UNSENT)
    with _raw(path) as db:
        (events,) = db.execute("SELECT count(*) FROM clearance_events").fetchone()
        (entries,) = db.execute("SELECT count(*) FROM outbox").fetchone()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return YearSummary(
        port=port,
        days=days,
        copies=copies,
        template=template_summary,
        live=live,
        clearance_events=events,
        outbox=entries,
        bytes=path.stat().st_size,
    )
