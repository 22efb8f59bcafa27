"""The header's sync slot, and the words both it and the sync panel use for the sync state.

The sync runner (``desktop_app.sync.SyncRunner``) publishes ``SyncState``
snapshots on its own thread; ``ui.sync_link.SyncLink`` brings them to the UI
thread, where ``sync_view_from`` reduces one to what the officer needs to
know (``SyncView``) and ``sync_texts`` words it in the current language.
Every state is an icon of its own shape *and* words, never a colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui import look
from ui.retranslating import Retranslating

if TYPE_CHECKING:  # the sync package brings httpx and SQLAlchemy: the worker imports it
    from desktop_app.sync.state import SyncState

# A desk clock further than this from HQ's is worth a warning: recorded times come from it.
SKEW_WARNING_S = 120.0
# The header shows this much of HQ's words; the tooltip and the sync panel show them whole.
HEADER_DETAIL_CHARS = 48


class SyncKind(StrEnum):
    UNKNOWN = "unknown"  # not read yet (the desk is opening)
    NOT_ENROLLED = "not_enrolled"
    NEVER = "never"  # enrolled, no sync completed yet
    SYNCED = "synced"
    SYNCING = "syncing"
    OFFLINE = "offline"  # HQ did not answer: retried with backoff, resumes by itself
    UPDATE_REQUIRED = "update_required"
    REFUSED = "refused"  # HQ refused this desk (auth) or its data
    ERROR = "error"


ICONS = {
    SyncKind.UNKNOWN: "sync-none",
    SyncKind.NOT_ENROLLED: "sync-none",
    SyncKind.NEVER: "sync-running",
    SyncKind.SYNCED: "sync-ok",
    SyncKind.SYNCING: "sync-running",
    SyncKind.OFFLINE: "sync-offline",
    SyncKind.UPDATE_REQUIRED: "sync-update",
    SyncKind.REFUSED: "sync-error",
    SyncKind.ERROR: "sync-error",
}

_ERROR_KINDS = {
    "offline": SyncKind.OFFLINE,
    "update_required": SyncKind.UPDATE_REQUIRED,
    "auth": SyncKind.REFUSED,
    "refused": SyncKind.REFUSED,
    "insecure": SyncKind.REFUSED,  # plain HTTP refused, or another certificate than the pinned
    "error": SyncKind.ERROR,
}


@dataclass(frozen=True)
class SyncView:
    kind: SyncKind = SyncKind.UNKNOWN
    pending: int | None = None  # local changes HQ has not acknowledged
    conflicts: int = 0
    held: int = 0  # entries set aside: HQ refused them, or they wait for one
    last_success: datetime | None = None
    offline_since: datetime | None = None
    next_attempt: datetime | None = None
    phase: str | None = None  # status, push, pull (while syncing)
    done: int = 0
    total: int | None = None
    detail: str = ""  # the client's or HQ's own words (English), shown whole in the panel
    auth: bool = False  # refused because of the credential: enrolling again may cure it
    clock_skew_s: float | None = None  # HQ's clock minus this desk's
    hq_url: str | None = None
    link: str | None = None  # desktop_app.protocol.transport.LinkSecurity's value
    # Syncing with the post's hub: the hub's own link to HQ, as it last said.
    via_hub: bool = False
    hub_hq_reached: datetime | None = None
    hub_hq_offline_since: datetime | None = None

    @property
    def enrolled(self) -> bool:
        return self.kind not in (SyncKind.UNKNOWN, SyncKind.NOT_ENROLLED)

    @property
    def skew_warning(self) -> bool:
        return self.clock_skew_s is not None and abs(self.clock_skew_s) > SKEW_WARNING_S


def sync_view_from(state: SyncState | None, *, offline_since: datetime | None = None) -> SyncView:
    """What the slot and the panel show for a runner's (or ``read_state``'s) snapshot.

    ``offline_since``: when this desk lost HQ (``SyncLink`` remembers it);
    without it the last successful sync stands for it.
    """
    if state is None:
        return SyncView()
    if not state.enrolled:
        kind = SyncKind.NOT_ENROLLED
    elif state.running:
        kind = SyncKind.SYNCING
    elif state.last_error_kind:
        kind = _ERROR_KINDS.get(state.last_error_kind, SyncKind.ERROR)
    elif state.last_success is not None:
        kind = SyncKind.SYNCED
    else:
        kind = SyncKind.NEVER
    progress = state.progress if state.running else None
    return SyncView(
        kind=kind,
        pending=state.pending,
        conflicts=state.conflicts,
        held=state.held,
        last_success=state.last_success,
        offline_since=(offline_since or state.last_success) if kind == SyncKind.OFFLINE else None,
        next_attempt=state.next_attempt,
        phase=progress.phase if progress else ("status" if state.running else None),
        done=progress.done if progress else 0,
        total=progress.total if progress else None,
        detail=state.last_error or "",
        # Enrolling again may cure these: a new credential, or HQ's new certificate pinned.
        auth=state.last_error_kind in ("auth", "insecure"),
        clock_skew_s=state.clock_skew_s,
        hq_url=state.hq_url,
        link=state.link.value if state.link else None,
        via_hub=state.via_hub,
        hub_hq_reached=state.hub_hq_reached,
        hub_hq_offline_since=state.hub_hq_offline_since,
    )


def link_text(link: str | None) -> str:
    """How the link to HQ is protected, in words an officer can act on."""
    return {
        "pinned": QCoreApplication.translate(
            "SyncSlot", "Encrypted (TLS), HQ's certificate pinned at enrolment"
        ),
        "tls": QCoreApplication.translate(
            "SyncSlot", "Encrypted (TLS), HQ's certificate not pinned"
        ),
        "loopback": QCoreApplication.translate(
            "SyncSlot", "Not encrypted: HQ on this computer (nothing crosses a wire)"
        ),
        "plain_allowed": QCoreApplication.translate(
            "SyncSlot", "NOT ENCRYPTED: plain HTTP, allowed for this post"
        ),
        "plain_refused": QCoreApplication.translate(
            "SyncSlot", "Refused: plain HTTP to another computer, nothing sent"
        ),
    }.get(link or "", "–")


def phase_text(phase: str | None) -> str:
    return {
        "status": QCoreApplication.translate("SyncSlot", "checking with HQ"),
        "push": QCoreApplication.translate("SyncSlot", "sending"),
        "pull": QCoreApplication.translate("SyncSlot", "receiving"),
    }.get(phase or "", phase or "")


def _cut(text: str, limit: int | None) -> str:
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def headline(view: SyncView, when: Callable[[datetime | None], str], *, short: bool) -> str:
    """One line for the state; ``short`` cuts HQ's words to fit the header."""
    limit = HEADER_DETAIL_CHARS if short else None
    pending = view.pending or 0
    kind = view.kind
    if kind == SyncKind.UNKNOWN:
        return QCoreApplication.translate("SyncSlot", "Sync: reading the state…")
    if kind == SyncKind.NOT_ENROLLED:
        return QCoreApplication.translate(
            "SyncSlot", "Sync: not enrolled at HQ ({count} not sent)"
        ).format(count=pending)
    if kind == SyncKind.NEVER:
        return QCoreApplication.translate(
            "SyncSlot", "Sync: enrolled, not synced yet ({count} pending)"
        ).format(count=pending)
    if kind == SyncKind.SYNCED and view.via_hub:
        return QCoreApplication.translate("SyncSlot", "Hub ✓ {time} · {hq}").format(
            time=when(view.last_success), hq=hq_link_text(view, when)
        )
    if kind == SyncKind.SYNCED:
        if view.held:
            return QCoreApplication.translate(
                "SyncSlot", "Synced {time} ({count} pending, {held} set aside)"
            ).format(time=when(view.last_success), count=pending, held=view.held)
        return QCoreApplication.translate("SyncSlot", "Synced {time} ({count} pending)").format(
            time=when(view.last_success), count=pending
        )
    if kind == SyncKind.SYNCING:
        if view.phase in ("push", "pull") and view.total is not None:
            progress = f"{view.done}/{view.total}"
        elif view.phase in ("push", "pull"):
            progress = str(view.done)
        else:
            progress = ""
        return (
            QCoreApplication.translate("SyncSlot", "Syncing… {phase} {progress}")
            .format(phase=phase_text(view.phase), progress=progress)
            .strip()
        )
    if kind == SyncKind.OFFLINE:
        since = view.offline_since
        if view.next_attempt is None:
            if since is None:
                return QCoreApplication.translate("SyncSlot", "Offline, trying again")
            return QCoreApplication.translate(
                "SyncSlot", "Offline since {since}, trying again"
            ).format(since=when(since))
        if since is None:
            return QCoreApplication.translate("SyncSlot", "Offline, next try {next}").format(
                next=when(view.next_attempt)
            )
        return QCoreApplication.translate(
            "SyncSlot", "Offline since {since}, next try {next}"
        ).format(since=when(since), next=when(view.next_attempt))
    if kind == SyncKind.UPDATE_REQUIRED:
        return QCoreApplication.translate("SyncSlot", "Sync stopped: update required")
    if kind == SyncKind.REFUSED:
        return QCoreApplication.translate("SyncSlot", "HQ refused: {detail}").format(
            detail=_cut(view.detail, limit)
        )
    return QCoreApplication.translate("SyncSlot", "Sync error: {detail}").format(
        detail=_cut(view.detail, limit)
    )


def hq_link_text(view: SyncView, when: Callable[[datetime | None], str]) -> str:
    """How the post's hub reaches HQ: "HQ ✓ 09:14" or "HQ offline since 09:12"."""
    if view.hub_hq_offline_since is not None:
        return QCoreApplication.translate("SyncSlot", "HQ offline since {since}").format(
            since=when(view.hub_hq_offline_since)
        )
    if view.hub_hq_reached is None:
        return QCoreApplication.translate("SyncSlot", "HQ not reached yet")
    return QCoreApplication.translate("SyncSlot", "HQ ✓ {time}").format(
        time=when(view.hub_hq_reached)
    )


def panel_headline(view: SyncView, when: Callable[[datetime | None], str]) -> str:
    """The sync panel's headline: HQ's own words go on their own line below it."""
    if view.kind == SyncKind.REFUSED:
        if view.auth:
            return QCoreApplication.translate("SyncSlot", "HQ refused this desk's credential")
        return QCoreApplication.translate("SyncSlot", "HQ refused the data")
    if view.kind == SyncKind.ERROR:
        return QCoreApplication.translate("SyncSlot", "The last sync failed")
    return headline(view, when, short=False)


def skew_text(view: SyncView, *, short: bool = False) -> str:
    """'This desk's clock is 3 min ahead of HQ's' (empty when the clocks agree)."""
    if not view.skew_warning or view.clock_skew_s is None:
        return ""
    seconds = abs(view.clock_skew_s)
    if seconds < 2 * 3600:
        amount = QCoreApplication.translate("SyncSlot", "{n} min").format(n=round(seconds / 60))
    elif seconds < 2 * 86400:
        amount = QCoreApplication.translate("SyncSlot", "{n} h").format(n=round(seconds / 3600))
    else:
        amount = QCoreApplication.translate("SyncSlot", "{n} days").format(n=round(seconds / 86400))
    ahead = view.clock_skew_s < 0  # HQ's clock is behind: this desk runs ahead
    if short:
        if ahead:
            return QCoreApplication.translate("SyncSlot", "Clock {amount} ahead of HQ").format(
                amount=amount
            )
        return QCoreApplication.translate("SyncSlot", "Clock {amount} behind HQ").format(
            amount=amount
        )
    if ahead:
        return QCoreApplication.translate(
            "SyncSlot", "This desk's clock is {amount} ahead of HQ's: check the time"
        ).format(amount=amount)
    return QCoreApplication.translate(
        "SyncSlot", "This desk's clock is {amount} behind HQ's: check the time"
    ).format(amount=amount)


class ElidedLabel(QLabel):
    """One line that ends in '…' when it does not fit, instead of widening the header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """The text as drawn (elided to the width it has)."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            QPalette.ColorRole.WindowText,
        )


class SyncStatusSlot(Retranslating, QWidget):
    """Icon and words for the sync state in the header; a click opens the sync panel.

    Its width is what the header's buttons leave it (the words end in '…' past
    that, whole in the tooltip), so a long refusal never pushes the queue box
    aside; a clock warning takes a second line.
    """

    clicked = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        when: Callable[[datetime | None], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncSlot")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.view = SyncView()
        self.when = when or (lambda at: look.clock_time(at, None) if at else "–")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.icon = QLabel()
        self.icon.setObjectName("syncIcon")
        self.text = ElidedLabel()
        self.text.setObjectName("syncText")
        self.skew_icon = QLabel()
        self.skew_icon.setObjectName("syncSkewIcon")
        self.skew_icon.setPixmap(look.pixmap("clock-warning", 22))
        self.skew = ElidedLabel()
        self.skew.setObjectName("syncSkewText")
        state = QHBoxLayout()
        state.setSpacing(6)
        state.addWidget(self.icon)
        state.addWidget(self.text, 1)
        skew = QHBoxLayout()
        skew.setSpacing(6)
        skew.addSpacing(3)
        skew.addWidget(self.skew_icon)
        skew.addWidget(self.skew, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(state)
        layout.addLayout(skew)
        self.retranslate()

    def set_view(self, view: SyncView) -> None:
        self.view = view
        self.retranslate()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)

    def retranslate(self) -> None:
        view = self.view
        self.icon.setPixmap(look.pixmap(ICONS[view.kind], 28))
        self.icon.setProperty("kind", view.kind.value)
        self.text.setText(headline(view, self.when, short=True))
        skew = skew_text(view)
        self.skew.setText(skew_text(view, short=True))  # in full in the tooltip and the panel
        self.skew.setVisible(bool(skew))
        self.skew_icon.setVisible(bool(skew))
        tips = [headline(view, self.when, short=False)]
        if skew:
            tips.append(skew)
        tips.append(QCoreApplication.translate("SyncSlot", "Click for the sync panel (Ctrl+6)"))
        self.setToolTip("\n".join(tips))
