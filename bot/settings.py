"""Typed settings read from the environment and `.env`, built once in `main()` and passed down."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Self

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/coach.db"

# Short URL schemes people paste (Heroku-style and plain SQLAlchemy ones) -> our async drivers.
_ASYNC_SCHEMES = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
}


class Settings(BaseSettings):
    """Everything configurable about the coach, read once at start-up and passed down."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    # SQLite by default; the directory of a SQLite file is created when the engine is built.
    database_url: str = DEFAULT_DATABASE_URL
    # A directory of question YAML files replacing the bundled bank; None means bundled.
    questions_dir: Path | None = None
    # The bot's token (`coach run` only); a secret, so never in reprs or logs.
    discord_token: SecretStr = SecretStr("")
    # Sync commands to this guild only (instantly) instead of globally.
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    # Sharding across processes: how many shards in all, and which this process runs.
    shard_count: int | None = None
    # Comma-separated shard ids, e.g. "0,1"; needs SHARD_COUNT.
    shard_ids: str | None = None

    @field_validator("database_url")
    @classmethod
    def _use_async_driver(cls, value: str) -> str:
        """Accept `postgres://` and `sqlite:///` URLs and point them at the async drivers."""
        scheme, sep, rest = value.partition("://")
        if not sep:
            raise ValueError("DATABASE_URL must look like scheme://...")
        return f"{_ASYNC_SCHEMES.get(scheme.lower(), scheme)}://{rest}"

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ValueError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return level

    @field_validator("shard_count")
    @classmethod
    def _positive_count(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("SHARD_COUNT must be 1 or more")
        return value

    @field_validator("shard_ids")
    @classmethod
    def _shard_id_list(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise ValueError(f"SHARD_IDS must be comma-separated shard numbers, not {value!r}")
        return ",".join(parts)

    @model_validator(mode="after")
    def _shards_fit(self) -> Self:
        ids = self.shard_id_list()
        if ids is not None:
            if self.shard_count is None:
                raise ValueError("SHARD_IDS needs SHARD_COUNT")
            if max(ids) >= self.shard_count:
                raise ValueError(f"SHARD_IDS must be below SHARD_COUNT ({self.shard_count})")
        return self

    def shard_id_list(self) -> list[int] | None:
        """The shard ids this process runs, or None for all of them."""
        if not self.shard_ids:
            return None
        return [int(part) for part in self.shard_ids.split(",")]
