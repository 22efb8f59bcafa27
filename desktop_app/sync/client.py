"""The post's sync client: one sync is status → push → pull, over signed HTTP requests.

Plain Python and blocking (httpx); the runner (``runner.py``) calls it from
its own thread, the command line directly.  A sync can stop anywhere — a cut
link, HQ killed mid-batch — and the next one carries on: pushes resume from
what HQ says it holds (``acked_through``), so a lost acknowledgement costs a
re-send HQ recognises, and pulls resume from the cursor saved with the
last page applied.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, func, select, update
from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from db.backup import RESTORED_MARK
from db.models import LocalState, OutboxEntry
from desktop_app.desk import Desk
from desktop_app.protocol import pinning, transport
from desktop_app.protocol.codec import compress
from desktop_app.protocol.messages import (
    BATCH_MEDIA_TYPE,
    HEADER_CLOCK,
    HEADER_PROTOCOL,
    HEADER_TIME,
    MIN_PROTOCOL,
    PULL_ROWS,
    PUSH_ROWS,
    ZSTD,
    EnrollRequest,
    EnrollResponse,
    HeldEntry,
    Ping,
    PullPage,
    PullRequest,
    PushAck,
    PushBatch,
    StatusResponse,
    version_headers,
)
from desktop_app.protocol.signing import (
    authorization,
    new_private_key,
    private_key_text,
    public_key_text,
)
from desktop_app.sync import local, quarantine
from desktop_app.sync.apply import apply_page
from desktop_app.sync.backoff import honouring_retry_after, retry_after
from desktop_app.sync.batches import build_batch, pending_after

log = logging.getLogger("checkpoint.sync")

M = TypeVar("M", bound=BaseModel)


class SyncError(Exception):
    """A sync that did not complete; ``kind`` says what the officer can do about it."""

    kind = "error"

    def __init__(self, detail: str, *, error: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.error = error


class HQUnavailable(SyncError):
    """No answer, a cut connection or HQ busy: try again later (with backoff).

    ``retry_after``: the seconds HQ asked the post to wait (a deferred push).
    """

    kind = "offline"

    def __init__(self, detail: str, *, error: str = "", retry_after: float | None = None) -> None:
        super().__init__(detail, error=error)
        self.retry_after = retry_after


class LinkNotSecure(SyncError):
    """Plain HTTP to another machine not allowed, or HQ showed another certificate than the
    one pinned at enrolment: nothing was sent, and a retry would not help."""

    kind = "insecure"


class UpdateRequired(SyncError):
    """HQ and this post cannot talk until one of them is updated (HTTP 426)."""

    kind = "update_required"


class NotAuthorized(SyncError):
    """Not enrolled, revoked, or a credential HQ does not accept."""

    kind = "auth"


class Refused(SyncError):
    """HQ refused the data itself (a batch conflict, a row it will not store)."""

    kind = "refused"


class EntriesRefused(Refused):
    """HQ refused some entries for a rule and named them: they are set aside, the rest goes."""

    def __init__(self, detail: str, *, error: str = "", entries: list[HeldEntry]) -> None:
        super().__init__(detail, error=error)
        self.entries = entries


# Push batches in flight at once: one being stored at HQ while the next is checked.
PUSH_DEPTH = 2
# Refusals naming entries in one push before the sync gives up (each sets entries aside).
MAX_REFUSALS = 50
# Rounds of "send again what may go now, push it" in one sync.
AUTO_ROUNDS = 3

# A refusal that a plain retry cures: the request's timestamp missed HQ's window
# (the answer carried HQ's clock, so the retry is stamped right).
_RETRY_401 = frozenset({"clock_skew"})


def _transient(error: BaseException) -> bool:
    return isinstance(error, HQUnavailable) or (
        isinstance(error, NotAuthorized) and error.error in _RETRY_401
    )


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # "status", "push", "pull"
    done: int  # rows pushed, or rows pulled
    total: int | None  # rows to push (unknown for a pull)


@dataclass
class SyncReport:
    pushed_rows: int = 0
    pushed_batches: int = 0
    duplicate_batches: int = 0
    pulled_rows: int = 0
    pulled_pages: int = 0
    deferred: int = 0
    conflicts: int = 0  # conflict records received from HQ
    aliases: int = 0  # records HQ merged into another (applied here)
    set_aside: int = 0  # entries HQ refused this time (and set aside here)
    sent_again: int = 0  # entries set aside earlier and queued again
    held: int = 0  # entries set aside, after the sync
    acked_through: int = 0
    cursor: int = 0
    started: datetime | None = None
    finished: datetime | None = None
    bytes_sent: int = 0
    bytes_received: int = 0
    clock_skew_s: float | None = None


class SyncClient:
    """Talks to one HQ for one desk.  Not thread-safe: one sync at a time."""

    def __init__(
        self,
        desk: Desk,
        hq_url: str | None = None,
        *,
        http: httpx.Client | None = None,
        timeout: float = 30.0,
        push_rows: int = PUSH_ROWS,
        pull_rows: int = PULL_ROWS,
        attempts: int = 4,
        progress: Callable[[SyncProgress], None] | None = None,
        link: transport.Link | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.desk = desk
        stored = local.read_values(
            desk,
            local.HQ_URL,
            local.HQ_OFFSET,
            local.HQ_CLOCK,
            local.HQ_CERTIFICATE,
            local.ALLOW_PLAIN_HTTP,
        )
        self.hq_url = (hq_url or stored.get(local.HQ_URL) or "").rstrip("/")
        if not self.hq_url:
            raise local.NotEnrolled(
                "no HQ address: give --hq URL, or enrol first (checkpoint-desk enroll)"
            )
        enrolled_here = self.hq_url == (stored.get(local.HQ_URL) or "").rstrip("/")
        # The certificate pinned at enrolment holds for the address enrolled with.
        self.link = link or transport.Link(
            self.hq_url,
            stored.get(local.HQ_CERTIFICATE) if enrolled_here else None,
            bool(stored.get(local.ALLOW_PLAIN_HTTP)),
        )
        self.offset = float(stored.get(local.HQ_OFFSET) or 0.0)
        if http is None:
            try:
                http = self.link.client(timeout)
            except transport.LinkRefused as error:
                refused = LinkNotSecure(str(error), error="plain_http")
                self._failed(refused)
                raise refused from None
        self.http = http
        self._owns_http = http is None
        self._trim_headers()
        self.push_rows = push_rows
        self.pull_rows = pull_rows
        self.attempts = attempts
        self.sleep = sleep  # between retries (a test records the waits instead)
        self.progress = progress or (lambda p: None)
        # HQ's clock minus this desk's: requests are stamped in HQ's time, so a
        # desk clock a day off still signs requests HQ accepts (read above).
        if stored.get(local.HQ_CLOCK):
            desk.hlc.observe(stored[local.HQ_CLOCK])
        self._credential: local.Credential | None = None
        self.bytes_sent = 0
        self.bytes_received = 0
        # Set when a batch came back refused: the batches in flight after it stop retrying.
        self._abandon = threading.Event()

    def _trim_headers(self) -> None:
        # httpx's default headers, trimmed: every byte of every request crosses the link.
        for name in ("user-agent", "accept"):
            self.http.headers.pop(name, None)
        self.http.headers["accept-encoding"] = "zstd"

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport --------------------------------------------------------------

    def _now(self) -> float:
        return self.desk.now().timestamp()

    def _send(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        signed: bool = True,
    ) -> httpx.Response:
        all_headers = {**version_headers(), **(headers or {})}
        if signed:
            cred = self.credential()
            now = self._now()
            clock = f"{now:.3f}"
            all_headers[HEADER_CLOCK] = clock
            all_headers["Authorization"] = authorization(
                cred.key, cred.device_id, method, path, body, int(now + self.offset), clock
            )
        try:
            response = self.http.request(
                method, self.hq_url + path, content=body, headers=all_headers
            )
        except httpx.HTTPError as error:  # refused, reset, timed out, cut mid-body…
            if transport.is_certificate_error(error):
                raise LinkNotSecure(
                    f"HQ at {self.hq_url} showed a certificate that is not the one this desk "
                    "pinned at enrolment: someone may be in the middle, or HQ's certificate "
                    "changed (then enrol again with a new code). Nothing was sent",
                    error="certificate",
                ) from None
            raise HQUnavailable(f"HQ did not answer: {type(error).__name__}: {error}") from None
        self.bytes_sent += len(body)
        self.bytes_received += len(response.content)
        self._learn_clock(response)
        self._check(response)
        return response

    def _learn_clock(self, response: httpx.Response) -> None:
        hq_time = response.headers.get(HEADER_TIME)
        if hq_time:
            with contextlib.suppress(ValueError):
                self.offset = float(hq_time) - self._now()

    def _check(self, response: httpx.Response) -> None:
        peer = response.headers.get(HEADER_PROTOCOL)
        if peer is not None and peer.isdigit() and int(peer) < MIN_PROTOCOL:
            raise UpdateRequired(f"HQ speaks sync protocol {peer}; this post needs {MIN_PROTOCOL}")
        if response.status_code < 400:
            return
        body: Any = None
        try:
            body = response.json()
            error, detail = str(body.get("error", "")), str(body.get("detail", ""))
        except (ValueError, AttributeError):
            error, detail = "", response.text[:200]
        detail = detail or f"HTTP {response.status_code}"
        status = response.status_code
        if status == 426:
            raise UpdateRequired(detail, error=error)
        if status == 401:
            raise NotAuthorized(detail, error=error)
        if status in (409, 403, 413, 415, 422):
            named = body.get("entries") if isinstance(body, dict) else None
            if named:
                try:
                    entries = [HeldEntry.model_validate(e) for e in named]
                except ValidationError:
                    raise Refused(detail, error=error) from None
                raise EntriesRefused(detail, error=error, entries=entries)
            raise Refused(detail, error=error)
        raise HQUnavailable(
            f"HQ answered {status}: {detail}", error=error, retry_after=retry_after(response)
        )

    def _call(self, method: str, path: str, model: type[M], body: bytes = b"", **kw: Any) -> M:
        """One request, retried a few times (jittered backoff) when the failure is transient."""
        for attempt in Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=honouring_retry_after(wait_random_exponential(multiplier=0.2, max=3.0)),
            retry=retry_if_exception(lambda e: _transient(e) and not self._abandon.is_set()),
            sleep=self.sleep,
            reraise=True,
        ):
            with attempt:
                response = self._send(method, path, body, **kw)
                try:
                    return model.model_validate_json(response.content)
                except ValidationError as error:
                    raise HQUnavailable(f"HQ's answer to {path} is unreadable: {error}") from None
        raise AssertionError("unreachable")  # Retrying re-raises the last error

    def credential(self) -> local.Credential:
        if self._credential is None:
            self._credential = local.credential(self.desk)
        return self._credential

    # -- operations ---------------------------------------------------------------

    def ping(self) -> Ping:
        return self._call("GET", "/v1/ping", Ping, signed=False)

    def enroll(self, code: str, label: str = "") -> EnrollResponse:
        """Enrol this post with a one-time code; stores the new credential locally.

        The code may carry HQ's certificate fingerprint (``CODE.FINGERPRINT``):
        the certificate HQ shows is checked against it before the code is
        sent, and pinned from then on.  A new key pair replaces the old one
        (re-enrolment is how the device's key is rotated).
        """
        one_time, print_ = pinning.split_code(code)
        try:
            pem = transport.certificate_for_enrolment(self.hq_url, print_)
        except transport.LinkRefused as error:
            raise LinkNotSecure(str(error), error="certificate") from None
        if pem is not None:
            self.close()
            self.link = transport.Link(self.hq_url, pem, self.link.allow_plain)
            self.http = self.link.client(self.http.timeout.read or 30.0)
            self._owns_http = True
            self._trim_headers()
        key = new_private_key()
        request = EnrollRequest(
            code=one_time,
            device_id=self.desk.device_id,
            port_code=self.desk.port_code,
            public_key=public_key_text(key),
            label=label,
        )
        response = self._call(
            "POST",
            "/v1/enroll",
            EnrollResponse,
            request.model_dump_json().encode(),
            headers={"Content-Type": "application/json"},
            signed=False,
        )
        local.save(
            self.desk,
            {
                local.HQ_URL: self.hq_url,
                local.HQ_CERTIFICATE: pem,
                local.ALLOW_PLAIN_HTTP: self.link.allow_plain or None,
                local.HQ_BOX_KEY: response.hq_box_key,
                local.PRIVATE_KEY: private_key_text(key),
                local.ENROLLED_AT: response.enrolled_at.isoformat(),
                local.HQ_OFFSET: self.offset,
                # A cursor belongs to one HQ's change log: start over (pulls are idempotent).
                local.CURSOR: 0,
            },
        )
        self._credential = None
        return response

    def status(self) -> StatusResponse:
        return self._call("GET", "/v1/status", StatusResponse)

    def _encode(self, after: int) -> tuple[PushBatch, bytes] | None:
        batch = build_batch(self.desk, after, self.push_rows)
        if batch is None:
            return None
        return batch, compress(batch.model_dump_json().encode())

    def _send_batch(self, body: bytes) -> PushAck:
        ack = self._call(
            "POST",
            "/v1/push",
            PushAck,
            body,
            headers={"Content-Type": BATCH_MEDIA_TYPE, "Content-Encoding": ZSTD},
        )
        # Not marked acked here: this runs on a short-lived sender thread, and a
        # write from it would open a desk connection for that thread alone.
        return ack

    def push_batch(self, after: int) -> tuple[PushAck, int] | None:
        """Send the batch after entry ``after``: (HQ's answer, rows sent), None if none left."""
        prepared = self._encode(after)
        if prepared is None:
            return None
        batch, body = prepared
        ack = self._send_batch(body)
        self._mark_acked(ack.acked_through)
        return ack, batch.row_count

    def push(self, acked_through: int, report: SyncReport) -> int:
        """Push everything after ``acked_through``; returns where HQ's acknowledgement ends.

        Two batches are in flight at a time, and the next one is built while
        they are: HQ checks one batch while it stores the other, and the
        post's work overlaps HQ's.  HQ acknowledges a device's entries as one
        growing prefix whatever order the batches land in.  If a request
        fails, the sync stops; the next one starts from what HQ holds.
        """
        with self.desk.read() as s:
            total = pending_after(s, acked_through)
        acked = acked_through
        refusals = 0
        in_flight: deque[tuple[PushBatch, Future[PushAck]]] = deque()
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-build") as builder,
            ThreadPoolExecutor(max_workers=PUSH_DEPTH, thread_name_prefix="sync-push") as sender,
        ):
            upcoming: Future[tuple[PushBatch, bytes] | None] | None = builder.submit(
                self._encode, acked
            )
            while True:
                while upcoming is not None and len(in_flight) < PUSH_DEPTH:
                    prepared = upcoming.result()
                    if prepared is None:
                        upcoming = None
                        break
                    batch, body = prepared
                    in_flight.append((batch, sender.submit(self._send_batch, body)))
                    upcoming = builder.submit(self._encode, batch.last_seq)
                if not in_flight:
                    return acked
                self.progress(SyncProgress("push", report.pushed_rows, total))
                batch, answer = in_flight.popleft()
                try:
                    ack = answer.result()
                except EntriesRefused as refused:
                    # Set the named entries aside, forget what is in flight after them
                    # (HQ cannot apply it before this batch), build again from here.
                    refusals += 1
                    named = quarantine.hold(self.desk, refused.entries)
                    if refusals > MAX_REFUSALS or not named:
                        raise
                    report.set_aside += named
                    acked = max(acked, self._drain(in_flight))
                    if upcoming is not None:
                        upcoming.result()
                    upcoming = builder.submit(self._encode, acked)
                    continue
                if batch.held:  # the entries it declared set aside
                    report.set_aside += quarantine.hold(self.desk, batch.held)
                self._mark_acked(ack.acked_through)  # on this (the sync's own) thread
                report.pushed_batches += 1
                report.duplicate_batches += ack.status == "duplicate"
                report.pushed_rows += batch.row_count
                acked = max(acked, ack.acked_through)
                if acked < batch.last_seq and not in_flight:
                    # HQ lacks entries before this batch (it says where it is):
                    # resume from there.
                    if upcoming is not None:
                        upcoming.result()
                    upcoming = builder.submit(self._encode, acked)

    def _drain(self, in_flight: deque[tuple[PushBatch, Future[PushAck]]]) -> int:
        """Wait out the batches still in flight, whatever HQ answers; returns HQ's position."""
        self._abandon.set()  # no retries: they cannot be applied before the refused one
        acked = 0
        try:
            while in_flight:
                _, answer = in_flight.popleft()
                with contextlib.suppress(SyncError):
                    ack = answer.result()
                    self._mark_acked(ack.acked_through)
                    acked = max(acked, ack.acked_through)
        finally:
            self._abandon.clear()
        return acked

    def push_all(self, acked_through: int, report: SyncReport) -> int:
        """Push, then send again what may go now of the entries set aside, and push that."""
        acked = self.push(acked_through, report)
        for _ in range(AUTO_ROUNDS):
            quarantine.settle(self.desk)
            again = quarantine.release(self.desk, quarantine.due(self.desk), auto=True)
            if not again:
                break
            report.sent_again += len(again)
            acked = self.push(acked, report)
        return acked

    def _mark_acked(self, through: int) -> None:
        """Entries HQ holds; recorded only on HQ's word (a lost answer means a re-send)."""
        with self.desk.unit(remote=True) as s:
            s.execute(
                update(OutboxEntry)
                .where(OutboxEntry.seq <= through, OutboxEntry.acked_at.is_(None))
                .values(acked_at=self.desk.now())
            )

    def _after_restore(self, hq_acked: int) -> None:
        """A database restored from a backup may reuse outbox numbers HQ already holds.

        HQ acknowledged entries this copy never saw (written after the backup),
        so the numbers of everything this copy has not sent — and of what it
        recorded since the restore — may be ones HQ holds for other rows:
        ``_reconcile`` would then take them as sent.  Move every unsent entry
        past HQ's number, in one transaction with clearing the mark, so they
        all go up (rows HQ already has are skipped there).  Rows written
        between the backup and the restore stay at HQ; the feed does not send a
        device's own rows back, so this post no longer shows them.
        """
        copy_of = local.read_values(self.desk, RESTORED_MARK).get(RESTORED_MARK)
        if copy_of is None:
            return
        with self.desk.unit(remote=True) as s:
            first = s.scalar(
                select(func.min(OutboxEntry.seq)).where(OutboxEntry.acked_at.is_(None))
            )
            if first is not None and first <= hq_acked:
                offset = hq_acked + 1 - first
                unsent = OutboxEntry.acked_at.is_(None)
                # Two steps, so that no number collides with another on the way.
                s.execute(update(OutboxEntry).where(unsent).values(seq=-OutboxEntry.seq))
                s.execute(
                    update(OutboxEntry)
                    .where(OutboxEntry.seq < 0)
                    .values(seq=-OutboxEntry.seq + offset)
                )
                log.warning(
                    "restored from %s: unsent entries renumbered after HQ's %s", copy_of, hq_acked
                )
            s.execute(delete(LocalState).where(LocalState.key == RESTORED_MARK))

    def _reconcile(self, hq_acked: int) -> None:
        """Mark what HQ already holds (e.g. from a bundle); re-queue what it lost (a restore)."""
        self._mark_acked(hq_acked)
        with self.desk.unit(remote=True) as s:
            lost = s.execute(
                update(OutboxEntry)
                .where(OutboxEntry.seq > hq_acked, OutboxEntry.acked_at.is_not(None))
                .values(acked_at=None)
            ).rowcount  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
        if lost:
            log.warning("HQ holds entries only up to %s: re-sending %s entries", hq_acked, lost)

    def _fetch(self, cursor: int) -> PullPage:
        request = PullRequest(cursor=cursor, limit=self.pull_rows)
        page = self._call(
            "POST",
            "/v1/pull",
            PullPage,
            request.model_dump_json().encode(),
            headers={"Content-Type": "application/json"},
        )
        if page.cursor != cursor:
            raise HQUnavailable("HQ answered a pull for another cursor")
        return page

    def pull(self, report: SyncReport) -> int:
        """Pull pages until HQ has no more; returns the cursor saved with the last one.

        The next page is requested (on a second thread) while this one is
        applied: its cursor is known as soon as this page arrives.  A page
        fetched ahead is only applied after the one before it committed.
        """
        cursor = int(local.read_values(self.desk, local.CURSOR).get(local.CURSOR) or 0)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-fetch") as fetcher:
            upcoming = fetcher.submit(self._fetch, cursor)
            while True:
                self.progress(SyncProgress("pull", report.pulled_rows, None))
                page = upcoming.result()
                if page.more:
                    upcoming = fetcher.submit(self._fetch, page.next_cursor)
                applied = apply_page(self.desk, page)
                report.pulled_pages += 1
                report.pulled_rows += applied.rows
                report.deferred += applied.deferred
                report.conflicts += applied.conflicts
                report.aliases += applied.aliases
                cursor = page.next_cursor
                if not page.more:
                    return cursor

    def sync(self) -> SyncReport:
        """One full sync.  Raises a ``SyncError`` (after recording it) if it does not complete."""
        started = self.desk.now()
        report = SyncReport(started=started)
        sent0, received0 = self.bytes_sent, self.bytes_received
        local.save(self.desk, {local.LAST_ATTEMPT: started.isoformat()})
        try:
            self.progress(SyncProgress("status", 0, None))
            status = self.status()
            link = _hub_link(status)
            self._after_restore(status.acked_through)
            self._reconcile(status.acked_through)
            quarantine.learn(self.desk, status.held, status.acked_through)
            self.desk.hlc.observe(status.hq_clock)
            report.acked_through = self.push_all(status.acked_through, report)
            report.cursor = self.pull(report)
            if report.aliases:  # a merge may have fixed entries set aside: send them now
                report.acked_through = self.push_all(report.acked_through, report)
            quarantine.settle(self.desk)
            report.held = quarantine.held_count(self.desk)
        except SyncError as error:
            self._failed(error)
            raise
        except Exception as error:
            # A bug or a broken database, not the network: still recorded and
            # shown as a sync error, so a background runner keeps running.
            log.exception("sync failed")
            failure = SyncError(f"sync failed: {type(error).__name__}: {error}")
            self._failed(failure)
            raise failure from error
        report.finished = self.desk.now()
        report.bytes_sent = self.bytes_sent - sent0
        report.bytes_received = self.bytes_received - received0
        report.clock_skew_s = self.offset
        local.save(
            self.desk,
            {
                local.LAST_SUCCESS: report.finished.isoformat(),
                local.LAST_ERROR: None,
                local.LAST_ERROR_KIND: None,
                **link,
                **self._clock(),
            },
        )
        return report

    def _failed(self, error: SyncError) -> None:
        local.save(
            self.desk,
            {local.LAST_ERROR: error.detail, local.LAST_ERROR_KIND: error.kind, **self._clock()},
        )

    def _clock(self) -> dict[str, Any]:
        return {local.HQ_OFFSET: self.offset}


def _hub_link(status: StatusResponse) -> dict[str, Any]:
    """What a hub said of its own link to HQ (nothing to keep when this desk syncs with HQ)."""
    upstream = status.upstream
    if upstream is None:
        return {local.VIA_HUB: None, local.HUB_HQ_REACHED: None, local.HUB_HQ_OFFLINE: None}
    return {
        local.VIA_HUB: "1",
        local.HUB_HQ_REACHED: upstream.reached_at.isoformat() if upstream.reached_at else None,
        local.HUB_HQ_OFFLINE: (
            upstream.offline_since.isoformat() if upstream.offline_since else None
        ),
        local.HUB_HQ_PENDING: upstream.pending,
    }


def enroll(
    desk: Desk, hq_url: str, code: str, *, label: str = "", allow_plain_http: bool = False
) -> EnrollResponse:
    """Enrol the post at ``hq_url`` with a one-time code (the CLI's enroll and the sync panel).

    Blocking network work: call it from a worker thread, never a UI thread.
    Raises ``SyncError`` (``Refused`` with ``error`` ``bad_code``/``wrong_port``/
    ``device_refused``, ``HQUnavailable``, ``UpdateRequired``) when HQ does not enrol it.
    """
    link = transport.Link(hq_url.rstrip("/"), None, allow_plain_http)
    with SyncClient(desk, hq_url, link=link) as client:
        return client.enroll(code, label=label)
