"""Settings: typed, from the environment and `.env`, built when asked (no import-time singleton)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DATABASE_URL", "QUESTIONS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL == "sqlite+aiosqlite:///data/coach.db"
    assert settings.questions_dir is None


def test_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("QUESTIONS_DIR=/srv/questions\nDATABASE_URL=sqlite:///x.db\n")
    assert Settings().questions_dir == Path("/srv/questions")
    assert Settings().database_url == "sqlite+aiosqlite:///x.db"
    monkeypatch.setenv("DATABASE_URL", "postgres://coach@db:5432/coach")
    assert Settings().database_url == "postgresql+asyncpg://coach@db:5432/coach"


def test_explicit_async_urls_are_kept() -> None:
    url = "postgresql+asyncpg://u:p@h/d"
    assert Settings(database_url=url).database_url == url


def test_a_url_without_a_scheme_is_an_error() -> None:
    with pytest.raises(ValueError, match="DATABASE_URL"):
        Settings(database_url="data/coach.db")
