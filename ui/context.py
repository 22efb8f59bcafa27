"""What every view shares: the desk, its worker, the signed-in officer, the language.

The desk's change listener runs on the worker thread (the thread that
committed); ``changed`` carries the set of changed table names to the UI
thread through a queued signal, and each view refreshes only if a table it
shows is in the set (Anki's ``operation_did_execute``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from db.enums import COMMAND_ROLES
from desktop_app.errors import RuleViolation
from ui import i18n, look
from ui.i18n import Language
from ui.sync_link import SyncLink
from ui.taskman import Op, TaskManager

if TYPE_CHECKING:
    # Types only: these modules import SQLAlchemy, and the main window is shown
    # before anything imports it (the worker does, while it opens the database).
    from db.models import DutyTeam, Officer
    from desktop_app import reference
    from desktop_app.desk import Desk
    from desktop_app.hub_host import HubHost

T = TypeVar("T")

TICK_MS = 1000  # live waiting times tick once a second


class AppContext(QObject):
    changed = Signal(object)  # frozenset[str] of table names, after each commit
    officer_changed = Signal(object)  # Officer | None
    desk_attached = Signal()
    reference_loaded = Signal()  # port names, duty teams, checklist labels
    tick = Signal()  # once a second: redraw live waiting times (no database work)
    rule_violation = Signal(str)  # a translated message nobody else showed
    status = Signal(str)  # a short confirmation for the status bar

    def __init__(self, taskman: TaskManager, language: Language) -> None:
        super().__init__()
        self.taskman = taskman
        self.language = language
        self._desk: Desk | None = None
        self._clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._zone: tzinfo = UTC
        self.officer: Officer | None = None
        self.teams: dict[uuid.UUID, DutyTeam] = {}
        self.port_name_zh = ""
        self.port_name_en = ""
        self.checklist_items: list[reference.ChecklistItem] = []
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        self.sync = SyncLink(self)  # background sync with HQ, once a desk is attached
        # The post's hub, when this desk hosts it (the sync panel's switch): a HubHost.
        self.hub_host: HubHost | None = None
        self.changed.connect(self._follow_merges)

    # -- the desk ------------------------------------------------------------

    @property
    def desk(self) -> Desk:
        if self._desk is None:
            raise RuntimeError("no desk attached yet")
        return self._desk

    @property
    def has_desk(self) -> bool:
        return self._desk is not None

    def attach(self, desk: Desk) -> None:
        self._desk = desk
        self._clock = desk.now
        self._zone = desk.port_zone
        desk.add_listener(self._on_commit)
        self.op(self, lambda: _load_reference(desk)).success(self._reference_loaded).run()
        self.sync.attach(desk)
        self.desk_attached.emit()

    def _reference_loaded(self, loaded: Reference) -> None:
        spec, teams, checklist = loaded
        self.port_name_zh, self.port_name_en = spec.name_zh, spec.name_en
        self.teams = {team.id: team for team in teams}
        self.checklist_items = checklist
        self.reference_loaded.emit()

    @property
    def names(self) -> dict[str, str]:
        """Codes the services put into messages (checklist items), with their labels."""
        return {i.code: self.language.pick(i.label_zh, i.label_en) for i in self.checklist_items}

    def port_name(self) -> str:
        return self.language.pick(self.port_name_zh, self.port_name_en)

    def _on_commit(self, tables: frozenset[str]) -> None:
        # Runs on the worker thread; emitting queues it to the UI thread.
        self.changed.emit(tables)

    def now(self) -> datetime:
        """The desk's clock (tests move it); reading it is not database work."""
        # After close a model may still be asked to paint once: the wall clock will do.
        return self._clock()

    @property
    def port_zone(self) -> tzinfo:
        return self._zone

    def local_time(self, at: datetime, *, seconds: bool = False) -> str:
        return look.clock_time(at, self._zone, seconds=seconds)

    # -- operations ----------------------------------------------------------

    def op(self, parent: QObject | None, fn: Callable[[], T]) -> Op[T]:
        return Op(self.taskman, parent, fn, report=self.report)

    def report(self, violation: RuleViolation) -> None:
        self.rule_violation.emit(self.describe(violation))

    def describe(self, violation: RuleViolation) -> str:
        return i18n.describe(violation, local_time=self._iso_local, names=self.names)

    def message(self, violation: RuleViolation) -> str:
        """The rule alone, for a label right next to the field it names."""
        return i18n.rule_message(violation, local_time=self._iso_local, names=self.names)

    def _iso_local(self, at: datetime) -> str:
        return look.date_time(at, self._zone)

    # -- who is signed in ----------------------------------------------------

    def _follow_merges(self, tables: frozenset[str]) -> None:
        """The signed-in officer merged into the same person entered at another desk
        (sync): carry on as the survivor, whose id the desk's records now name."""
        if "sync_aliases" not in tables or self.officer is None or not self.has_desk:
            return
        desk, officer_id = self.desk, self.officer.id
        self.op(self, lambda: _survivor(desk, officer_id)).success(self._merged_into).run()

    def _merged_into(self, officer: Officer | None) -> None:
        if officer is not None and self.officer is not None and officer.id != self.officer.id:
            self.set_officer(officer)

    def set_officer(self, officer: Officer | None) -> None:
        self.officer = officer
        self.officer_changed.emit(officer)

    @property
    def officer_id(self) -> uuid.UUID:
        if self.officer is None:
            raise RuntimeError("nobody is signed in")
        return self.officer.id

    @property
    def in_command(self) -> bool:
        """Deputy captain or above: may approve priority clearance, open and close shifts."""
        return self.officer is not None and self.officer.role in COMMAND_ROLES

    def close(self) -> None:
        """Stop ticking and syncing, finish the worker's queue, close the desk (on the worker)."""
        self._ticker.stop()
        self.sync.close()
        if self.hub_host is not None:  # the desk app supervises it: it ends with the app
            self.taskman.submit(self.hub_host.stop, lambda _f: None)
            self.hub_host = None
        if self._desk is not None:
            desk = self._desk
            desk.remove_listener(self._on_commit)
            self.taskman.submit(desk.close, lambda _f: None)
            self._desk = None
        self.taskman.shutdown()


Reference = tuple["reference.PortSpec", list["DutyTeam"], list["reference.ChecklistItem"]]


def _load_reference(desk: Desk) -> Reference:
    """Runs on the worker: the port's names and checklist (files) and its duty teams."""
    from desktop_app import reference, shifts

    spec = reference.port_spec(desk.port_code)
    return spec, shifts.duty_teams(desk), reference.checklist(spec)


def _survivor(desk: Desk, officer_id: uuid.UUID) -> Officer | None:
    """Runs on the worker: the officer under the id the desk has for them now."""
    from db.models import Officer, SyncAlias

    with desk.read() as s:
        survivor = s.get(SyncAlias, officer_id)
        return s.get(Officer, survivor.survivor_id if survivor else officer_id)
