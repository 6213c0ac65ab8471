"""`coach run`: build settings, bank, scorer, database and bot once, then run until stopped.

Every start-up problem a user can fix (no token, a refused token, a bank that
does not load, a database that cannot be opened) ends in one line on stderr
saying what to fix and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

import discord
from pydantic import SecretStr, ValidationError, field_validator
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.app import CoachBot, StartupError
from bot.bank import BankError, default_bank_path, load_bank
from bot.db import Database, create_engine, create_sessions
from bot.scoring import Scorer
from bot.settings import Settings

log = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_USAGE = 2


class BotSettings(Settings):
    """The settings `coach run` needs on top of the shared ones."""

    discord_token: SecretStr = SecretStr("")
    # Sync commands to this guild only (instantly) instead of globally.
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    shard_count: int | None = None
    # Comma-separated shard ids this process runs, e.g. "0,1"; needs SHARD_COUNT.
    shard_ids: str | None = None

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ValueError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return level

    def shard_id_list(self) -> list[int] | None:
        if not self.shard_ids:
            return None
        return [int(part) for part in self.shard_ids.replace(" ", "").split(",") if part]


def token_problem(token: str) -> str | None:
    """Why `token` cannot be a bot token, or None when it looks like one."""
    if not token:
        return "DISCORD_TOKEN is not set"
    if any(ch.isspace() for ch in token) or token.count(".") != 2:
        return "DISCORD_TOKEN does not look like a bot token (three parts separated by dots)"
    return None


def build_bot(settings: BotSettings, **options: Any) -> CoachBot:
    """Load the bank, build the scorer and the database engine, and make the bot.

    Raises `StartupError` with a one-line reason. `options` go to discord.py
    (tests pass `guild_ready_timeout`).
    """
    bank_path = settings.questions_dir or default_bank_path()
    try:
        bank = load_bank(bank_path)
    except BankError as exc:
        first = str(exc).strip().splitlines()
        raise StartupError(
            f"the question bank at {bank_path} does not load: {first[0] if first else exc}"
        ) from exc
    except OSError as exc:
        raise StartupError(f"cannot read the question bank at {bank_path}: {exc}") from exc
    if not len(bank):
        raise StartupError(f"the question bank at {bank_path} has no questions")
    # One SQLite connection: writers queue in the event loop (first come, first served)
    # instead of in SQLite's busy handler, whose sleeps made p99 latency jump under load.
    pool = {"pool_size": 1, "max_overflow": 0} if _is_sqlite(settings.database_url) else {}
    try:
        engine = create_engine(settings.database_url, **pool)
    except (ArgumentError, SQLAlchemyError, OSError, ValueError) as exc:
        raise StartupError(f"cannot open the database {settings.database_url}: {exc}") from exc
    database = Database(engine=engine, sessions=create_sessions(engine))
    shard_ids = settings.shard_id_list()
    if shard_ids is not None:
        options.setdefault("shard_ids", shard_ids)
    if settings.shard_count is not None:
        options.setdefault("shard_count", settings.shard_count)
    # With several processes, only the one running shard 0 syncs the command tree.
    sync = shard_ids is None or 0 in shard_ids
    return CoachBot(
        settings,
        bank=bank,
        scorer=Scorer(bank),
        database=database,
        dev_guild_id=settings.dev_guild_id,
        sync_commands=sync,
        **options,
    )


async def serve(settings: BotSettings) -> None:
    """Run the bot until it is stopped."""
    bot = build_bot(settings)
    async with bot:
        await bot.start(settings.discord_token.get_secret_value())


async def launch(settings: BotSettings) -> int:
    """Run the bot; an exit status, with one line on stderr for a problem the user can fix."""
    try:
        await serve(settings)
    except StartupError as exc:
        return _fail(f"coach run: {exc}")
    except discord.LoginFailure:
        return _fail(
            "coach run: Discord refused DISCORD_TOKEN: reset the token under Bot in the "
            "developer portal and set the new one."
        )
    except discord.PrivilegedIntentsRequired:
        return _fail("coach run: Discord refused the gateway intents this bot asked for.")
    return 0


def main() -> int:
    """Entry point of `coach run`: read the settings once, then run until stopped."""
    try:
        settings = BotSettings()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]).upper() or "settings"
        return _fail(f"coach run: invalid setting {where}: {error['msg']}", EXIT_USAGE)
    problem = token_problem(settings.discord_token.get_secret_value())
    if problem is not None:
        return _fail(f"coach run: {problem}: copy the bot token from the developer portal.")
    discord.utils.setup_logging(level=getattr(logging, settings.log_level), root=True)
    try:
        return asyncio.run(launch(settings))
    except KeyboardInterrupt:
        return 130


def _is_sqlite(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0].lower() == "sqlite"


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    sys.stderr.write(message.rstrip() + "\n")
    return code
