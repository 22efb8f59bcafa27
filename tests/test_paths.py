"""Where a post's data lives: --data-dir beats the environment beats the platform default."""

from pathlib import Path

from desktop_app.paths import ENV_VAR, data_dir


def test_explicit_dir_wins(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"


def test_environment_beats_platform_default(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"


def test_platform_default_is_a_user_data_folder(monkeypatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert data_dir().name == "checkpoint-desk"
