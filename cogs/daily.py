"""`/daily`: the question of the day, for moderators (Manage Server), and its scheduler loop.

The loop starts in `cog_load`, waits until the bot is ready, wakes every
`TICK_SECONDS` and is cancelled in `cog_unload`; a tick's failure is logged and
the next tick runs anyway. Each tick is one indexed query when nothing is due.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.app import CoachBot
from bot.services.daily import config
from bot.services.daily.config import ScheduleRequest
from bot.services.daily.posting import DailyScheduler, Shards
from bot.services.daily.schedule import zone_choices
from bot.services.errors import CoachError
from bot.ui import daily as ui
from bot.ui.context import guild_id
from bot.ui.embeds import notice
from bot.ui.options import topic_choices

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0
DifficultyName = Literal["mix", "any", "easy", "medium", "hard"]


async def autocomplete_topics(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Complete the last of comma-separated topics, keeping those already typed."""
    done, _, last = current.rpartition(",")
    prefix = f"{done}," if done else ""
    bot = interaction.client
    assert isinstance(bot, CoachBot)
    return [
        app_commands.Choice(name=(prefix + choice.value)[:100], value=(prefix + choice.value)[:100])
        for choice in topic_choices(bot.bank, last)
    ]


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Daily(
    commands.GroupCog, group_name="daily", group_description="Schedule a question of the day"
):
    def __init__(self, bot: CoachBot) -> None:
        self.bot = bot
        self.scheduler = DailyScheduler(bot.sessions, bot.bank, ui.DiscordPoster(bot), bot.clock)
        self.loop = tasks.loop(seconds=TICK_SECONDS)(self._tick)
        self.loop.before_loop(self._wait_until_ready)

    async def cog_load(self) -> None:
        ui.register(self.bot)
        await self.bot.zones.load(self.bot.sessions)
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()

    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def _tick(self) -> None:
        try:
            self.scheduler.shards = self._shards()
            report = await self.scheduler.tick()
            if report.due:
                log.info("daily tick: %s", report)
        except Exception:
            log.exception("daily scheduler tick failed")

    def _shards(self) -> Shards | None:
        ids = self.bot.shard_ids
        count = self.bot.shard_count
        if ids is None or not count or len(ids) >= count:
            return None
        return Shards(count, frozenset(ids))

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """The real check behind `default_permissions`: a server override can't bypass it."""
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @app_commands.command(name="setup", description="Post a question every day at a set time")
    @app_commands.describe(
        channel="Where to post",
        time="Local time, 24-hour HH:MM, e.g. 09:30",
        timezone="IANA time zone, e.g. Europe/Berlin or America/New_York",
        role="Role to ping with each post (default: nobody)",
        topics="Comma-separated topics (default: all)",
        difficulty="mix rotates easy, medium, hard (default: mix)",
        reveal_after_hours="Reveal the answer after this many hours (default: at the next post)",
        thread="Open a discussion thread on each post",
        pin="Pin each post (unpinning the previous one)",
    )
    @app_commands.autocomplete(topics=autocomplete_topics)
    async def setup(  # noqa: PLR0917 - one parameter per command option
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        time: str,
        timezone: str,
        role: discord.Role | None = None,
        topics: str | None = None,
        difficulty: DifficultyName = "mix",
        reveal_after_hours: app_commands.Range[int, 1, 72] | None = None,
        thread: bool = False,
        pin: bool = False,
    ) -> None:
        guild = interaction.guild
        me = guild.me if guild is not None else None
        if me is not None:
            missing = ui.missing_permissions(channel.permissions_for(me), thread=thread, pin=pin)
            if missing:
                raise CoachError(
                    f"I can't post in {channel.mention}: I'm missing {', '.join(missing)}. "
                    "Grant them there, or pick another channel."
                )
        found = await config.setup_schedule(
            self.bot.sessions,
            self.bot.bank,
            guild_id=guild_id(interaction),
            request=ScheduleRequest(
                channel_id=channel.id,
                post_time=time,
                timezone=timezone,
                configured_by=interaction.user.id,
                role_id=role.id if role else None,
                topics=topics.split(",") if topics else (),
                difficulty=difficulty,
                reveal_after_hours=reveal_after_hours,
                open_thread=thread,
                pin=pin,
            ),
            now=self.bot.clock(),
        )
        self.bot.zones.set(found.schedule.guild_id, found.schedule.timezone)
        await interaction.response.send_message(
            content="Daily question set up.",
            embed=ui.status_embed(found, self.bot.clock()),
            ephemeral=True,
        )

    @setup.autocomplete("timezone")
    async def _timezones(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in zone_choices(current)]

    @app_commands.command(name="status", description="Next post, settings and the last post")
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        found = await config.status(self.bot.sessions, guild_id=guild_id(interaction))
        await interaction.response.send_message(
            embed=ui.status_embed(found, self.bot.clock()), ephemeral=True
        )

    @app_commands.command(name="pause", description="Stop posting until resumed")
    async def pause(self, interaction: discord.Interaction[Any]) -> None:
        found = await config.set_paused(
            self.bot.sessions,
            guild_id=guild_id(interaction),
            paused=True,
            reason=f"paused by {interaction.user.display_name}",
            now=self.bot.clock(),
        )
        await interaction.response.send_message(
            embed=ui.status_embed(found, self.bot.clock()), ephemeral=True
        )

    @app_commands.command(name="resume", description="Start posting again (today's post if due)")
    async def resume(self, interaction: discord.Interaction[Any]) -> None:
        found = await config.set_paused(
            self.bot.sessions,
            guild_id=guild_id(interaction),
            paused=False,
            now=self.bot.clock(),
        )
        await interaction.response.send_message(
            embed=ui.status_embed(found, self.bot.clock()), ephemeral=True
        )

    @app_commands.command(name="post-now", description="Post an extra question right now")
    async def post_now(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        message_id = await self.scheduler.post_now(guild_id(interaction))
        await interaction.followup.send(
            embed=notice(f"Posted an extra question (message {message_id})."), ephemeral=True
        )

    @app_commands.command(name="skip-next", description="Skip the next scheduled post")
    async def skip_next(self, interaction: discord.Interaction[Any]) -> None:
        day = await config.skip_next(
            self.bot.sessions, guild_id=guild_id(interaction), now=self.bot.clock()
        )
        await interaction.response.send_message(
            embed=notice(f"The post for {day.isoformat()} will be skipped."), ephemeral=True
        )


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, CoachBot)
    await bot.add_cog(Daily(bot))
