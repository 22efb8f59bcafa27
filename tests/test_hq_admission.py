"""HQ's admission control: a worker stores a bounded number of pushes at a time and answers
the rest at once with 503 ``busy`` and ``Retry-After``; the post waits at least that long
(jittered) and sends the batch again, and nothing is lost.

HQ is served over real HTTP (``ThreadedHQ``) so the test can hold its places; the post's
waits go through an injected ``sleep`` that records them instead of sleeping."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select
from tenacity import RetryCallState, Retrying, wait_fixed
from test_sync_support import demo_post, record_clearances

from db.models import ClearanceEvent
from desktop_app.protocol.codec import compress
from desktop_app.protocol.messages import BATCH_MEDIA_TYPE, ZSTD, version_headers
from desktop_app.sync import pending_count
from desktop_app.sync.backoff import honouring_retry_after, retry_after
from desktop_app.sync.batches import build_batch
from desktop_app.sync.client import HQUnavailable, SyncClient
from hq.admission import Admission
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import ThreadedHQ
from tests.helpers.sync import enroll


@pytest.fixture
def scene(tmp_path):
    engine = hq_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    upgrade(engine)
    admission = Admission(limit=2, retry_after_s=3)
    with ThreadedHQ(engine, admission=admission) as hq:
        post = demo_post(tmp_path / "trg", "TRG", days=1)
        enroll(engine, post, hq.url)
        yield engine, hq, admission, post
        post.close()
    engine.dispose()


def events_at_hq(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ClearanceEvent)).scalar_one()


def test_a_push_beyond_the_limit_is_answered_503_with_retry_after_and_stores_nothing(scene):
    engine, hq, admission, post = scene
    batch = build_batch(post, 0, 500)
    assert batch is not None
    body = compress(batch.model_dump_json().encode())
    admission.in_progress = admission.limit  # two pushes being stored
    headers = {**version_headers(), "Content-Type": BATCH_MEDIA_TYPE, "Content-Encoding": ZSTD}
    with httpx.Client(base_url=hq.url) as http:
        # Deferred before the signature is checked: this one carries none.
        answer = http.post("/v1/push", content=body, headers=headers)
        assert answer.status_code == 503
        assert answer.json()["error"] == "busy"
        assert answer.headers["Retry-After"] == "3"
        assert retry_after(answer) == 3.0
        # The body was read to its end: the same connection answers the next request.
        assert http.get("/v1/ping").status_code == 200
    assert admission.deferred == 1 and admission.admitted == 0
    assert admission.in_progress == admission.limit  # a deferred push takes no place
    assert events_at_hq(engine) == 0


def test_the_post_waits_out_retry_after_then_its_push_is_stored(scene):
    engine, _hq, admission, post = scene
    record_clearances(post, 5)
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # the injected clock: time passes, HQ frees its places
        waits.append(seconds)
        admission.in_progress = 0

    admission.in_progress = admission.limit
    with SyncClient(post, sleep=sleep) as client:
        report = client.sync()
    assert admission.deferred >= 1
    assert waits, "the deferred push was not retried"
    # At least the 3 s HQ asked for, jittered up to twice that (tenacity's own backoff
    # for a first retry is at most 0.4 s, so a client ignoring Retry-After fails this).
    assert all(3.0 <= w <= 6.0 for w in waits[: admission.deferred])
    assert report.pushed_rows > 0
    assert pending_count(post) == 0
    assert events_at_hq(engine) > 0
    assert admission.in_progress == 0  # every admitted push gave its place back


def test_a_post_still_deferred_after_its_attempts_reports_hq_unavailable_with_the_wait(scene):
    _engine, _hq, admission, post = scene
    admission.in_progress = admission.limit
    waits: list[float] = []
    with (
        SyncClient(post, sleep=waits.append, attempts=2) as client,
        pytest.raises(HQUnavailable) as raised,
    ):
        client.push_batch(0)
    assert raised.value.retry_after == 3.0
    assert raised.value.error == "busy"
    assert len(waits) == 1 and 3.0 <= waits[0] <= 6.0
    assert pending_count(post) > 0


def _state_after(error: BaseException) -> RetryCallState:
    state = RetryCallState(Retrying(), fn=None, args=(), kwargs={})
    state.set_exception((type(error), error, None))
    return state


def test_the_wait_is_the_longer_of_the_backoff_and_retry_after_jittered():
    wait = honouring_retry_after(wait_fixed(10), uniform=lambda low, high: high)
    assert wait(_state_after(HQUnavailable("busy", retry_after=2.0))) == 10  # backoff longer
    assert wait(_state_after(HQUnavailable("busy", retry_after=30.0))) == 60  # jittered up to 2x
    assert wait(_state_after(HQUnavailable("no answer"))) == 10  # nothing asked
    low = honouring_retry_after(wait_fixed(0), uniform=lambda low, high: low)
    assert low(_state_after(HQUnavailable("busy", retry_after=30.0))) == 30


def test_a_retry_after_header_is_read_as_seconds_and_bounded():
    def answer(value: str) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": value})

    assert retry_after(answer("7")) == 7.0
    assert retry_after(answer("86400")) == 300.0  # a wrong header must not park a post
    assert retry_after(answer("Wed, 21 Oct 2026 07:28:00 GMT")) is None
    assert retry_after(httpx.Response(503)) is None


def test_admission_counts_places():
    admission = Admission(limit=2)
    assert admission.enter() and admission.enter()
    assert not admission.enter()
    admission.leave()
    assert admission.enter()
    assert (admission.admitted, admission.deferred, admission.in_progress) == (3, 1, 2)
    unlimited = Admission(limit=0)
    assert all(unlimited.enter() for _ in range(100))
