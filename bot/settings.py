"""Typed settings read from the environment and `.env`, built once in `main()` and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
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
    """Everything configurable about the coach. Later issues add fields (DISCORD_TOKEN, ...)."""

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

    @field_validator("database_url")
    @classmethod
    def _use_async_driver(cls, value: str) -> str:
        """Accept `postgres://` and `sqlite:///` URLs and point them at the async drivers."""
        scheme, sep, rest = value.partition("://")
        if not sep:
            raise ValueError("DATABASE_URL must look like scheme://...")
        return f"{_ASYNC_SCHEMES.get(scheme.lower(), scheme)}://{rest}"
