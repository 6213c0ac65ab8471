"""Settings: typed, from the environment and `.env`, built when asked (no import-time singleton)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "DATABASE_URL",
        "QUESTIONS_DIR",
        "DISCORD_TOKEN",
        "DEV_GUILD_ID",
        "LOG_LEVEL",
        "SHARD_COUNT",
        "SHARD_IDS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL == "sqlite+aiosqlite:///data/coach.db"
    assert settings.questions_dir is None
    assert settings.discord_token.get_secret_value() == ""
    assert settings.dev_guild_id is None and settings.log_level == "INFO"
    assert settings.shard_count is None and settings.shard_id_list() is None


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


def test_bot_settings_from_dotenv_keep_the_token_secret(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "DISCORD_TOKEN=aaaa.bbbb.cccc\nDEV_GUILD_ID=42\nLOG_LEVEL=debug\n"
        "SHARD_COUNT=4\nSHARD_IDS= 2, 3\n"
    )
    settings = Settings()
    assert settings.discord_token.get_secret_value() == "aaaa.bbbb.cccc"
    assert "aaaa.bbbb.cccc" not in repr(settings) and "aaaa.bbbb.cccc" not in str(settings)
    assert settings.dev_guild_id == 42 and settings.log_level == "DEBUG"
    assert settings.shard_count == 4 and settings.shard_id_list() == [2, 3]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"log_level": "chatty"}, "LOG_LEVEL"),
        ({"shard_ids": "0,1"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"shard_ids": "0,x", "shard_count": 2}, "SHARD_IDS must be comma-separated"),
        ({"shard_ids": "2", "shard_count": 2}, "below SHARD_COUNT"),
        ({"shard_count": 0}, "SHARD_COUNT"),
    ],
)
def test_bad_bot_settings_are_refused(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**values)  # type: ignore[arg-type]
