"""The Discord bot: a `commands.AutoShardedBot` that owns the bank, scorer and database.

Built once by `bot.run` from the settings and passed everything it needs;
`setup_hook` migrates the database, registers the restart-proof buttons and
modal routes, loads the extensions and syncs the command tree only when it
changed; `close()` disposes the engine.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Hashable
from datetime import datetime, tzinfo
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.exc import SQLAlchemyError

from bot.bank import Bank
from bot.db import Database, Sessions, migrate
from bot.scoring import Scorer
from bot.services.clock import utc_now
from bot.services.commands import record_sync, synced_hash
from bot.services.daily.zones import GuildZones
from bot.settings import Settings
from bot.tree import CoachTree, handle_error
from bot.ui import forget, leaderboard, mock, quiz, reports
from bot.ui.modals import ModalRouter

log = logging.getLogger(__name__)

EXTENSIONS = ("cogs.quiz", "cogs.leaderboard", "cogs.coach", "cogs.admin", "cogs.daily")

# Starting questions (/quiz start, /quiz review, Next): this many per member per window.
START_RATE = 5
START_PER = 15.0


class StartupError(Exception):
    """Start-up cannot go on; the message says what to fix."""


class Cooldowns:
    """One `app_commands.Cooldown` bucket per key (guild, member)."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[Hashable, app_commands.Cooldown] = {}

    def hit(self, key: Hashable) -> None:
        """Count one use; raise `CommandOnCooldown` when the key is over its rate."""
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 10_000:
                self._buckets.clear()
            bucket = self._buckets[key] = app_commands.Cooldown(self.rate, self.per)
        retry_after = bucket.update_rate_limit()
        if retry_after is not None:
            raise app_commands.CommandOnCooldown(bucket, retry_after)


class CoachBot(commands.AutoShardedBot):
    """Interview Coach on Discord. Slash commands only: no message content intent."""

    def __init__(
        self,
        settings: Settings,
        *,
        bank: Bank,
        scorer: Scorer,
        database: Database,
        dev_guild_id: int | None = None,
        sync_commands: bool = True,
        start_rate: tuple[int, float] = (START_RATE, START_PER),
        clock: Callable[[], datetime] = utc_now,
        **options: Any,
    ) -> None:
        options.setdefault("intents", discord.Intents(guilds=True))
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            tree_cls=CoachTree,
            **options,
        )
        self.settings = settings
        self.bank = bank
        self.scorer = scorer
        self.database = database
        self.dev_guild_id = dev_guild_id
        self.should_sync = sync_commands
        self.modals = ModalRouter()
        self.start_cooldowns = Cooldowns(*start_rate)
        # Time for scheduled work (the daily posts); tests pass a controlled clock.
        self.clock = clock
        # Each guild's zone comes from its daily schedule (loaded by cogs.daily).
        self.zones = GuildZones()

    @property
    def sessions(self) -> Sessions:
        return self.database.sessions

    def zone(self, guild_id: int | None) -> tzinfo:
        """The server's time zone for streaks and periods (UTC until it sets a schedule)."""
        return self.zones.get(guild_id)

    def check_start_cooldown(self, interaction: discord.Interaction[Any]) -> None:
        self.start_cooldowns.hit((interaction.guild_id, interaction.user.id))

    async def setup_hook(self) -> None:
        try:
            await migrate(self.database.engine)
            if self.database.checkpointer is not None:
                self.database.checkpointer.start()
        except (OSError, SQLAlchemyError) as exc:
            url = self.database.engine.url.render_as_string(hide_password=True)
            raise StartupError(f"cannot open the database {url}: {_reason(exc)}") from exc
        self.add_dynamic_items(
            *quiz.ITEMS, *leaderboard.ITEMS, *forget.ITEMS, *reports.ITEMS, *mock.ITEMS
        )
        for module in (quiz, reports, mock):
            module.register_modals(self.modals)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.should_sync:
            await self.sync_tree()

    async def sync_tree(self) -> None:
        """Sync the commands (to DEV_GUILD_ID when set) only when the tree's hash changed."""
        guild = discord.Object(self.dev_guild_id) if self.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        scope = f"guild:{guild.id}" if guild else "global"
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(
            json.dumps(payload, sort_keys=True, default=str).encode()
        ).hexdigest()
        if await synced_hash(self.sessions, scope) == digest:
            log.info("command tree unchanged (%s): not synced", scope)
            return
        synced = await self.tree.sync(guild=guild)
        await record_sync(self.sessions, scope, digest)
        log.info("synced %d commands (%s)", len(synced), scope)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Route modal submissions by custom id (see `bot.ui.modals`)."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        try:
            await self.modals.dispatch(interaction)
        except Exception as error:
            await handle_error(interaction, error)

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            await self.database.close()


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
