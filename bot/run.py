"""`coach run`: build settings, bank, scorer, database and bot once, then run until stopped.

Every start-up problem a user can fix (no token, a refused token, a bank that
does not load, a database that cannot be opened) ends in one line on stderr
saying what to fix and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from typing import Any

import aiohttp
import discord
from pydantic import ValidationError
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.app import CoachBot, StartupError
from bot.bank import BankError, default_bank_path, load_bank
from bot.db import Database, create_engine, create_sessions
from bot.db.checkpoint import WalCheckpointer
from bot.db.engine import sqlite_file
from bot.scoring import Scorer
from bot.settings import Settings

log = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_USAGE = 2


TOKEN_HELP = """\
DISCORD_TOKEN is not set, so the bot cannot log in to Discord.

  1. Open https://discord.com/developers/applications and create an application.
  2. Under "Bot", press "Reset Token" and copy the token.
  3. Put it in the environment or in a .env file next to where you run coach:
       export DISCORD_TOKEN=your-token-here      (or: DISCORD_TOKEN=... in .env)
  4. Run `coach run` again.

No token yet? Practise offline right away: coach practice"""


def token_problem(token: str) -> str | None:
    """Why `token` cannot be a bot token, or None when it looks like one."""
    if not token:
        return "DISCORD_TOKEN is not set"
    if any(ch.isspace() for ch in token) or token.count(".") != 2:
        return "DISCORD_TOKEN does not look like a bot token (three parts separated by dots)"
    return None


def build_bot(settings: Settings, **options: Any) -> CoachBot:
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
        path = sqlite_file(make_url(settings.database_url))
        engine = create_engine(
            settings.database_url, background_checkpoints=path is not None, **pool
        )
    except (ArgumentError, SQLAlchemyError, OSError, ValueError) as exc:
        raise StartupError(f"cannot open the database {settings.database_url}: {exc}") from exc
    # Started in setup_hook, once the loop runs (WAL checkpoints off the answer path).
    checkpointer = WalCheckpointer(path) if path is not None else None
    database = Database(engine=engine, sessions=create_sessions(engine), checkpointer=checkpointer)
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


async def serve(settings: Settings) -> None:
    """Run the bot until it is stopped."""
    await serve_bot(build_bot(settings), settings.discord_token.get_secret_value())


async def serve_bot(bot: CoachBot, token: str) -> None:
    """Start a built bot and run it until it is closed."""
    settle_heap()
    async with bot:
        await bot.start(token)


def settle_heap() -> None:
    """Move everything built at start-up out of the garbage collector's sight.

    The bank, the scorer's word lists and indexes, discord.py and SQLAlchemy
    are about 240,000 long-lived objects; without this, every full
    collection walks all of them while an answer waits (~130 ms).
    """
    gc.collect()
    gc.freeze()


async def launch(settings: Settings) -> int:
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
    except (aiohttp.ClientConnectionError, TimeoutError, OSError) as exc:
        # No route to Discord (offline, DNS, firewall): the user's network, not a bug.
        return _fail(
            f"coach run: cannot reach Discord ({exc.__class__.__name__}: {exc}); check the "
            "internet connection and try again. Offline? `coach practice` works without one."
        )
    return 0


def main() -> int:
    """Entry point of `coach run`: read the settings once, then run until stopped."""
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]).upper() or "settings"
        return _fail(f"coach run: invalid setting {where}: {error['msg']}", EXIT_USAGE)
    token = settings.discord_token.get_secret_value()
    if not token.strip():
        return _fail(TOKEN_HELP, EXIT_USAGE)
    problem = token_problem(token)
    if problem is not None:
        return _fail(f"coach run: {problem}: copy the bot token from the developer portal.")
    discord.utils.setup_logging(level=getattr(logging, settings.log_level), root=True)
    # The bot never joins voice: no warnings about the voice libraries it does not need.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    try:
        return asyncio.run(launch(settings))
    except KeyboardInterrupt:
        return 130


def _is_sqlite(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0].lower() == "sqlite"


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    sys.stderr.write(message.rstrip() + "\n")
    return code
