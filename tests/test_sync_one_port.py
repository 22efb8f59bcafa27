"""Several desks at one port, each set up on its own, sync with a real HQ in every order.

Each desk's first run made its own roster (the demo's: the same badges on every
desk, different ids and PIN hashes), planned and opened the same shifts and
worked a day.  After every desk synced, in any order: HQ holds everything,
one officer per badge and one shift per planned start, every reference names
the surviving record (at HQ and on every desk), nothing is pending or set
aside, every desk holds what HQ holds, and HQ ends in the very same state
whatever the order (ids, values, references; only HQ's own stamps differ).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db.base import utcnow
from db.enums import Role
from db.models import Officer
from desktop_app import demo, officers
from desktop_app.bootstrap import initialize
from desktop_app.desk import Desk
from desktop_app.protocol.codec import codec, synced_tables
from desktop_app.sync.client import SyncClient
from desktop_app.sync.join import join_post
from hq import devices
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import HQServer, scratch_postgres
from tests.helpers.sync import check_identity, check_union, enroll

STAMPS = {"version", "hlc", "updated_at"}  # HQ's own, which differ with the order


def _badge(desk: Desk, badge: str) -> Officer:
    return next(o for o in officers.roster(desk, include_inactive=True) if o.badge_no == badge)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three TRG desks set up apart, a day of work each, rosters overlapping but not equal."""
    root = tmp_path_factory.mktemp("desks")
    out = []
    for n, seed in enumerate((1, 2, 3)):
        directory = root / f"desk{n}"
        desk = initialize(directory, "TRG")
        demo.generate(desk, days=1, seed=seed, end=desk.now())
        admin = _badge(desk, "9001")
        if n == 1:  # a name entered differently at this desk (the later edit wins)
            officer = _badge(desk, "2001")
            officers.edit_officer(
                desk, officer_id=officer.id, name="陈静（二）", role=officer.role, by=admin.id
            )
        if n == 2:  # an officer only this desk knows
            officers.add_officer(
                desk, badge_no="2101", name="阿依古丽", role=Role.OFFICER, pin="4321", by=admin.id
            )
        desk.close()
        out.append(directory)
    return out


@contextmanager
def hq_database(backend: str, tmp: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'hq.sqlite3'}"
        return
    with scratch_postgres(request.getfixturevalue("pg_server_url")) as url:
        yield url


def _sync(desk: Desk, url: str) -> None:
    with SyncClient(desk, url) as client:
        client.sync()


def _digest(engine, port_id) -> str:
    """HQ's rows of the port, without HQ's stamps: what must not depend on the order."""
    content = {}
    with engine.connect() as conn:
        for name, table in synced_tables().items():
            if "port_id" not in table.c:
                continue
            rows = [
                {k: v for k, v in codec(name).json_dict(r._mapping).items() if k not in STAMPS}
                for r in conn.execute(select(table).where(table.c.port_id == port_id))
            ]
            content[name] = sorted(json.dumps(r, sort_keys=True) for r in rows)
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def run_order(templates, order, backend, tmp, request):
    """Fresh copies of the desks, a fresh HQ; sync in ``order``, then until all is quiet."""
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    desks = []
    for n in range(len(order)):
        shutil.copytree(templates[n], tmp / f"desk{n}")
        desks.append(Desk.open(tmp / f"desk{n}"))
    with hq_database(backend, tmp, request) as url:
        engine = hq_engine(url)
        upgrade(engine)
        try:
            with HQServer(url, log=tmp / "hq.log") as server:
                for desk in desks:
                    enroll(engine, desk, server.url)
                for n in order:
                    _sync(desks[n], server.url)
                for _ in range(2):
                    for desk in desks:
                        _sync(desk, server.url)
                # A desk joining afterwards reads the whole log from the start, merged
                # records and all: every row after the rows it refers to.
                code = devices.create_code(engine, "TRG", utcnow())
                desks.append(join_post(tmp / "joined", "TRG", server.url, code).desk)
            union = check_union(engine, desks[:-1])
            identity = check_identity(engine, desks)
            with engine.connect() as conn:
                badges = conn.execute(
                    text("SELECT count(*), count(DISTINCT badge_no) FROM officers")
                ).one()
                shifts = conn.execute(
                    text("SELECT count(*), count(DISTINCT planned_start) FROM shifts")
                ).one()
            digest = _digest(engine, desks[0].port_id)
            at_desks = []
            for desk in desks:
                with desk.read() as s:
                    at_desks.append(s.scalar(select(func.count()).select_from(Officer)))
        finally:
            for desk in desks:
                desk.close()
            engine.dispose()
    return union, identity, tuple(badges), tuple(shifts), at_desks, digest


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
@pytest.mark.parametrize("count", [2, 3])
def test_desks_set_up_apart_end_with_one_identity_whatever_the_order(
    templates, backend, count, tmp_path, request, capsys
):
    digests = set()
    badges_expected = 19 if count == 3 else 18
    for order in itertools.permutations(range(count)):
        union, identity, badges, shifts, at_desks, digest = run_order(
            templates, order, backend, tmp_path / "run", request
        )
        with capsys.disabled():
            print(f"\n[{backend}] order {order}: {union.line()}\n    {identity.line()}")
        assert union.ok, union.line()
        assert identity.ok, identity.line()
        assert identity.aliases > 0  # the same people were entered on every desk
        assert badges == (badges_expected, badges_expected)  # one officer per badge
        assert shifts[0] == shifts[1]  # one shift per planned start
        assert at_desks == [badges_expected] * (count + 1)  # the joined desk too
        digests.add(digest)
    assert len(digests) == 1, "HQ's final state depends on the order the desks synced in"
