"""The head and known revisions read from the version files' text (the usual start, without
importing Alembic) are Alembic's own, for the desk's history and HQ's; a history that does
not read plainly, or has two heads, is left to Alembic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from db import migrate
from hq.migrate import HQ_MIGRATIONS_DIR


def _alembic(location: Path) -> ScriptDirectory:
    return ScriptDirectory.from_config(migrate.alembic_config(script_location=location))


HISTORIES = [migrate.MIGRATIONS_DIR, HQ_MIGRATIONS_DIR]


@pytest.mark.parametrize("location", HISTORIES, ids=["desk", "hq"])
def test_head_and_known_revisions_are_alembics(location):
    assert migrate._history(location) is not None, "the version files no longer read plainly"
    script = _alembic(location)
    assert migrate.head_revision(location) == script.get_current_head()
    assert migrate.known_revisions(location) == {s.revision for s in script.walk_revisions()}


def test_a_history_with_two_heads_is_left_to_alembic(tmp_path):
    location = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__"))
    first = sorted((location / "versions").glob("0001_*.py"))[0]
    text = first.read_text(encoding="utf-8").replace('revision: str = "0001"', 'revision = "x1"')
    (location / "versions" / "x1_second_root.py").write_text(text, encoding="utf-8")
    assert set(migrate._history(location) or {}) >= {"x1", "0001"}
    with pytest.raises(Exception, match="head"):
        migrate.head_revision(location)  # Alembic: multiple heads


def test_a_file_that_does_not_read_plainly_is_left_to_alembic(tmp_path):
    location = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__"))
    first = sorted((location / "versions").glob("0001_*.py"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace('"0001"', '"00" + "01"', 1), encoding="utf-8")
    assert migrate._history(location) is None
    assert migrate.head_revision(location) == _alembic(migrate.MIGRATIONS_DIR).get_current_head()
