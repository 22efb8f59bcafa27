"""The hybrid logical clock (db/hlc.py): monotonic stamps whatever the wall clock does."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.hlc import HybridClock, format_stamp, parse_stamp
from db.models import OutboxEntry
from desktop_app import audit
from desktop_app.desk import Desk

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Wall-clock readings between 2001 and 2286 (13-digit milliseconds).
MILLIS = st.integers(min_value=10**12, max_value=10**13 - 1)
COUNTER = st.integers(min_value=0, max_value=10**6 - 1)
NODE = st.text(min_size=0, max_size=40)
STAMP_PARTS = st.tuples(MILLIS, COUNTER, NODE)


def at_millis(millis: int) -> datetime:
    return EPOCH + timedelta(milliseconds=millis)


def wall_from(readings: Iterable[int]) -> Callable[[], datetime]:
    """A wall clock that returns the given millisecond readings, one per call, then the last."""
    values = list(readings)
    state = {"i": 0}

    def wall() -> datetime:
        i = min(state["i"], len(values) - 1)
        state["i"] += 1
        return at_millis(values[i])

    return wall


def key(stamp: str) -> tuple[int, int]:
    millis, counter, _ = parse_stamp(stamp)
    return millis, counter


# A wall clock that jumps around: forwards, backwards (NTP corrections, a
# dead CMOS battery) and stands still (many writes in one millisecond).
@st.composite
def wall_readings(draw: st.DrawFn) -> list[int]:
    start = draw(MILLIS)
    steps = draw(
        st.lists(
            st.one_of(
                st.just(0),  # stands still
                st.integers(min_value=1, max_value=5_000),  # moves on
                st.integers(min_value=-(10**9), max_value=-1),  # jumps backwards
            ),
            min_size=1,
            max_size=200,
        )
    )
    readings = [start]
    for step in steps:
        readings.append(min(max(readings[-1] + step, 10**12), 10**13 - 1))
    return readings


@given(wall_readings())
def test_ticks_strictly_increase_whatever_the_wall_clock_does(readings):
    clock = HybridClock("post-a", wall=wall_from(readings))
    stamps = [clock.tick() for _ in readings]
    for earlier, later in itertools.pairwise(stamps):
        assert key(later) > key(earlier)
        assert later > earlier  # the stored strings sort the same way
    assert clock.last == stamps[-1]


@given(wall_readings(), STAMP_PARTS, st.data())
def test_tick_after_observing_a_remote_stamp_is_later_than_it(readings, remote_parts, data):
    clock = HybridClock("post-a", wall=wall_from(readings))
    before = [clock.tick() for _ in range(data.draw(st.integers(0, 20)))]
    remote = format_stamp(*remote_parts)
    clock.observe(remote)
    after = clock.tick()
    assert key(after) > key(remote)
    for stamp in before:
        assert key(after) > key(stamp)
    # and the clock goes on increasing afterwards
    assert key(clock.tick()) > key(after)


@given(STAMP_PARTS, STAMP_PARTS)
def test_string_order_equals_millis_counter_order(a, b):
    sa, sb = format_stamp(*a), format_stamp(*b)
    if a[:2] != b[:2]:
        assert (sa < sb) == (a[:2] < b[:2])
        assert (sa > sb) == (a[:2] > b[:2])


@given(STAMP_PARTS)
def test_format_parse_round_trip(parts):
    stamp = format_stamp(*parts)
    assert parse_stamp(stamp) == parts
    assert format_stamp(*parse_stamp(stamp)) == stamp


@given(MILLIS, COUNTER)
def test_clock_restored_from_its_last_stamp_continues_after_it(millis, counter):
    last = format_stamp(millis, counter, "post-a")
    # the machine restarts with its wall clock an hour behind
    clock = HybridClock("post-a", wall=lambda: at_millis(millis - 3_600_000), last=last)
    assert key(clock.tick()) > (millis, counter)


def test_a_full_millisecond_rolls_over_into_the_next():
    frozen = 1_795_000_000_000
    last = format_stamp(frozen, 10**6 - 1, "post-a")
    clock = HybridClock("post-a", wall=lambda: at_millis(frozen), last=last)
    stamp = clock.tick()
    assert key(stamp) == (frozen + 1, 0)
    assert stamp > last
    assert len(stamp) == len(last)


def test_concurrent_ticks_are_unique_and_ordered_per_thread():
    clock = HybridClock("post-a", wall=lambda: at_millis(1_795_000_000_000))
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        results[n] = [clock.tick() for _ in range(2_000)]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [s for stamps in results.values() for s in stamps]
    assert len(set(every)) == len(every) == 8_000
    for stamps in results.values():
        assert stamps == sorted(stamps)


def test_desk_reopened_with_a_clock_set_back_keeps_stamping_later(post):
    audit.record(post.desk, action="test.before", by=post.officer.id)
    with post.desk.read() as s:
        before = s.scalar(select(func.max(OutboxEntry.hlc)))
    post.desk.close()
    # the workstation comes back from a power cut with its clock a day behind
    post.clock.advance(days=-1)
    desk = Desk.open(post.path, clock=post.clock)
    try:
        audit.record(desk, action="test.after", by=post.officer.id)
        with desk.read() as s:
            latest = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert latest is not None
        assert key(latest.hlc) > key(before)
        assert latest.hlc > before
    finally:
        desk.close()
