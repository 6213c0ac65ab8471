"""FakeDiscord: the emulator's public face.

It owns the aiohttp server (REST under ``/api/v10``, the gateway websocket
at ``/`` and ``/resume``), the world state, the fault switches and the
recorder, and offers the helpers tests use: set up guilds and members, act
as a member (slash commands, clicks, selects, modals), push gateway
events, and wait for the bot's replies.
"""

# The wait helpers take a per-call ``timeout=``: in a test that reads better than
# wrapping every await in ``asyncio.timeout``.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import web

from tests.fake_discord import gateway as gw
from tests.fake_discord import permissions as perm
from tests.fake_discord.clock import Clock
from tests.fake_discord.faults import Faults
from tests.fake_discord.gateway import Gateway
from tests.fake_discord.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    InjectionError,
    InteractionHandle,
    InteractionRejectedError,
    InteractionReply,
    InteractionRoutes,
    base_payload,
    build_options,
    check_component_user,
    check_invocable,
    find_command,
    message_of,
    modal_response_components,
    resolve_user,
)
from tests.fake_discord.messages import create_message
from tests.fake_discord.permissions import Overwrite, PermissionLike, as_int
from tests.fake_discord.recorder import Recorder
from tests.fake_discord.rest import EMU_KEY, Rest, add_routes, middleware
from tests.fake_discord.state import (
    DM,
    GUILD_CATEGORY,
    GUILD_FORUM,
    GUILD_TEXT,
    JSON,
    PRIVATE_THREAD,
    PUBLIC_THREAD,
    Channel,
    Command,
    Guild,
    InteractionRecord,
    Member,
    Message,
    Ping,
    Role,
    User,
    World,
)

if TYPE_CHECKING:
    import discord

    from tests.fake_discord.runner import RunningBot

log = logging.getLogger(__name__)

ClientT = TypeVar("ClientT", bound="discord.Client")
InteractionRef = InteractionHandle | InteractionRecord | int


class BotCrashedError(RuntimeError):
    """The bot's connection task died, or it logged an error, while a test waited."""


class FakeDiscord:
    """A local Discord: REST v10 + gateway on 127.0.0.1, strict like the real one."""

    def __init__(self, *, clock: Clock | None = None, host: str = "127.0.0.1") -> None:
        self.clock = clock or Clock()
        self.world = World(self.clock)
        self.recorder = Recorder()
        self.faults = Faults()
        self.gateway = Gateway(self)
        self.host = host
        self.port = 0
        # What GET /gateway/bot recommends to an AutoShardedClient.
        self.recommended_shards = 1
        self.owner_id = self.add_user("app-owner").id
        self.bots: list[RunningBot[Any]] = []
        self.failures: list[BaseException] = []
        self.bot_errors: list[logging.LogRecord] = []
        # Fail waits as soon as the bot logs an error (an exception in a command, view...).
        self.fail_on_bot_errors = True
        self._runner: web.AppRunner | None = None
        self._seed: tuple[Guild, Channel, Member] | None = None

    # --- lifecycle ---

    async def start(self) -> FakeDiscord:
        """Serve on an ephemeral loopback port."""
        app = web.Application(middlewares=[middleware], client_max_size=64 * 1024 * 1024)
        app[EMU_KEY] = self
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        add_routes(app, Rest(self), InteractionRoutes(self))
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Stop every bot started through the emulator, then the server."""
        for running in list(reversed(self.bots)):
            await running.stop()
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Return ``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """Return the value for ``discord.http.Route.BASE``."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Return the value for ``DiscordWebSocket.DEFAULT_GATEWAY``."""
        return f"ws://{self.host}:{self.port}/"

    @property
    def resume_gateway_url(self) -> str:
        """Return the URL READY hands out for RESUME (a distinct path, so tests can tell)."""
        return f"ws://{self.host}:{self.port}/resume"

    @property
    def token(self) -> str:
        """Return the bot token the emulator accepts."""
        return self.world.application.token

    @property
    def application_id(self) -> int:
        """Return the application (and bot user) id."""
        return self.world.application.id

    @property
    def bot_user(self) -> User:
        """Return the bot's user."""
        return self.world.bot

    # --- state set-up ---

    def add_user(self, username: str, *, bot: bool = False, accepts_dms: bool = True) -> User:
        """Create a user (not yet in any guild)."""
        user = User(
            self.world.ids.next(),
            username,
            global_name=username.title(),
            bot=bot,
            accepts_dms=accepts_dms,
        )
        self.world.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        guild_id: int | None = None,
        owner: User | None = None,
        bot_permissions: PermissionLike = perm.DEFAULT_BOT,
        everyone_permissions: PermissionLike = perm.DEFAULT_EVERYONE,
        locale: str = "en-US",
    ) -> Guild:
        """Create a guild with @everyone, the bot's managed role and the bot as member."""
        world = self.world
        if guild_id is None:
            world.guild_counter += 1
            guild_id = world.ids.spread(world.guild_counter)
        owner = owner or world.users[self.owner_id]
        guild = Guild(guild_id, name, owner.id, preferred_locale=locale)
        guild.roles[guild_id] = Role(guild_id, guild_id, "@everyone", as_int(everyone_permissions))
        bot_role = Role(
            world.ids.next(),
            guild_id,
            world.application.name,
            as_int(bot_permissions),
            1,
            managed=True,
            bot_id=world.bot.id,
        )
        guild.roles[bot_role.id] = bot_role
        guild.bot_role_id = bot_role.id
        world.guilds[guild_id] = guild
        guild.members[owner.id] = Member(owner, guild_id)
        guild.members[world.bot.id] = Member(world.bot, guild_id, roles=[bot_role.id])
        return guild

    def add_role(
        self, guild: Guild, name: str, permissions: PermissionLike = 0, *, mentionable: bool = False
    ) -> Role:
        """Create a role in a guild."""
        role = Role(
            self.world.ids.next(),
            guild.id,
            name,
            as_int(permissions),
            len(guild.roles),
            mentionable=mentionable,
        )
        guild.roles[role.id] = role
        return role

    def add_member(
        self,
        guild: Guild,
        user: User | str,
        *,
        roles: list[Role] | None = None,
        nick: str | None = None,
        accepts_dms: bool = True,
    ) -> Member:
        """Add a user (or a new user by name) to a guild."""
        if isinstance(user, str):
            user = self.add_user(user, accepts_dms=accepts_dms)
        member = Member(user, guild.id, roles=[r.id for r in roles or []], nick=nick)
        guild.members[user.id] = member
        return member

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        kind: int = GUILD_TEXT,
        topic: str | None = None,
        parent: Channel | None = None,
    ) -> Channel:
        """Create a guild channel (text by default; categories and forums too)."""
        channel = Channel(
            self.world.ids.next(),
            kind,
            name,
            guild_id=guild.id,
            position=len(guild.channel_ids),
            parent_id=parent.id if parent else None,
            topic=topic,
        )
        self.world.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        return channel

    def add_text_channel(self, guild: Guild, name: str, *, topic: str | None = None) -> Channel:
        """Create a text channel."""
        return self.add_channel(guild, name, topic=topic)

    def add_category(self, guild: Guild, name: str) -> Channel:
        """Create a category."""
        return self.add_channel(guild, name, kind=GUILD_CATEGORY)

    def add_forum(self, guild: Guild, name: str) -> Channel:
        """Create a forum channel."""
        return self.add_channel(guild, name, kind=GUILD_FORUM)

    def add_thread(
        self,
        parent: Channel,
        name: str,
        *,
        owner: User | Member | None = None,
        private: bool = False,
        archived: bool = False,
        locked: bool = False,
        thread_id: int | None = None,
        auto_archive_duration: int = 1440,
    ) -> Channel:
        """Create a thread under a text (or forum) channel."""
        if parent.guild_id is None:
            raise ValueError("threads live in guild channels")
        owner_id = (owner.id if owner else None) or self.owner_id
        now = self.clock.iso()
        thread = Channel(
            thread_id if thread_id is not None else self.world.ids.next(),
            PRIVATE_THREAD if private else PUBLIC_THREAD,
            name,
            guild_id=parent.guild_id,
            parent_id=parent.id,
            owner_id=owner_id,
            archived=archived,
            locked=locked,
            auto_archive_duration=auto_archive_duration,
            create_timestamp=now,
            archive_timestamp=now,
        )
        thread.thread_member_ids.add(owner_id)
        self.world.channels[thread.id] = thread
        self.world.guilds[parent.guild_id].channel_ids.append(thread.id)
        return thread

    def set_overwrite(
        self,
        channel: Channel,
        target: Role | Member | User,
        *,
        allow: PermissionLike = 0,
        deny: PermissionLike = 0,
    ) -> None:
        """Set a channel permission overwrite for a role or a member."""
        kind = 0 if isinstance(target, Role) else 1
        channel.overwrites[target.id] = Overwrite(target.id, kind, as_int(allow), as_int(deny))

    def set_bot_permissions(self, guild: Guild, permissions: PermissionLike) -> Role:
        """Replace the permissions of the bot's managed role."""
        role = guild.roles[int(guild.bot_role_id or 0)]
        role.permissions = as_int(permissions)
        return role

    def deny_bot(self, channel: Channel, permissions: PermissionLike) -> None:
        """Deny the bot permissions in one channel via a member overwrite."""
        self.set_overwrite(channel, self.world.bot, deny=permissions)

    def add_message(
        self,
        channel: Channel,
        author: Member | User,
        content: str,
        *,
        embeds: list[JSON] | None = None,
    ) -> Message:
        """Put a message in a channel's history without telling the bot (no event)."""
        user = author.user if isinstance(author, Member) else author
        message = Message(
            self.world.ids.next(),
            channel.id,
            channel.guild_id,
            user,
            content=content,
            embeds=embeds or [],
            timestamp=self.clock.iso(),
        )
        self.world.messages[message.id] = message
        channel.message_ids.append(message.id)
        return message

    def register_command(self, data: JSON, *, guild: Guild | None = None) -> Command:
        """Register a command directly (for bots whose test does not sync)."""
        command = Command(self.world.ids.next(), dict(data), guild.id if guild else None)
        scope = (
            self.world.guild_commands.setdefault(guild.id, {})
            if guild
            else self.world.global_commands
        )
        scope[command.id] = command
        return command

    def allow_command(self, name: str, *who: Member | Role, guild: Guild | None = None) -> None:
        """Let members or roles use ``/name`` whatever its default_member_permissions.

        Plays a server admin's Server Settings > Integrations override; the bot
        is not told, so its own checks still apply (as on Discord).
        """
        guild = guild or self.guild
        allowed = self.world.command_overrides.setdefault((guild.id, name), set())
        for target in who:
            allowed.add(target.user.id if isinstance(target, Member) else target.id)

    def dm_channel(self, user: User) -> Channel:
        """Return the bot's DM channel with ``user``, creating it on first use."""
        for channel in self.world.channels.values():
            if channel.type == DM and channel.recipient_ids == [user.id]:
                return channel
        channel = Channel(self.world.ids.next(), DM, None, recipient_ids=[user.id])
        self.world.channels[channel.id] = channel
        return channel

    def seed_default(self) -> tuple[Guild, Channel, Member]:
        """Create the default world: one guild, #general, and a member "alice"."""
        guild = self.add_guild("Interview Prep")
        channel = self.add_text_channel(guild, "general")
        member = self.add_member(guild, "alice")
        self._seed = (guild, channel, member)
        return self._seed

    def _seeded(self) -> tuple[Guild, Channel, Member]:
        if self._seed is None:
            raise RuntimeError(
                "no default world: call seed_default() (the fake_discord fixture does)"
            )
        return self._seed

    @property
    def guild(self) -> Guild:
        """Return the default guild."""
        return self._seeded()[0]

    @property
    def channel(self) -> Channel:
        """Return the default text channel."""
        return self._seeded()[1]

    @property
    def member(self) -> Member:
        """Return the default member (alice)."""
        return self._seeded()[2]

    # --- reading state ---

    def messages_in(self, channel: Channel) -> list[Message]:
        """Return a channel's visible messages, oldest first."""
        return [self.world.messages[m] for m in channel.message_ids]

    def pinned_in(self, channel: Channel) -> list[Message]:
        """Return a channel's pinned messages, newest pin first."""
        return [self.world.messages[m] for m, _ in channel.pins]

    def threads_of(self, channel: Channel) -> list[Channel]:
        """Return the threads under a channel."""
        return [
            c for c in self.world.channels.values() if c.is_thread and c.parent_id == channel.id
        ]

    def commands(self, guild: Guild | None = None) -> list[JSON]:
        """Return the registered command definitions (global, or one guild's)."""
        scope = self.world.guild_commands.get(guild.id, {}) if guild else self.world.global_commands
        return [c.data for c in scope.values()]

    @property
    def pings(self) -> list[Ping]:
        """Return every notification the bot's messages would have delivered."""
        return self.world.pings

    def assert_no_pings(self) -> None:
        """Fail if any message the bot sent would have pinged someone."""
        assert not self.world.pings, f"the bot would have pinged: {self.world.pings}"

    def interaction_by_token(self, token: str) -> InteractionRecord | None:
        """Return the interaction with this token."""
        return self.world.interactions_by_token.get(token)

    # --- gateway events ---

    async def dispatch(
        self, event: str, data: JSON, *, guild_id: int | None = None, intent: int = 0
    ) -> int:
        """Send a raw gateway event to the sessions covering ``guild_id``."""
        return await self.gateway.broadcast(event, data, intent=intent, guild_id=guild_id)

    async def announce_guild(self, guild: Guild) -> None:
        """Tell connected bots they joined ``guild`` (GUILD_CREATE)."""
        for session in self.gateway.live_sessions():
            if session.covers_guild(guild.id) and session.intents & gw.GUILDS:
                await self.gateway.dispatch(
                    session, "GUILD_CREATE", self.gateway.guild_create_payload(session, guild.id)
                )

    async def remove_bot_from_guild(self, guild: Guild) -> None:
        """Kick the bot: GUILD_DELETE without ``unavailable``, and the guild is gone."""
        self.world.guilds.pop(guild.id, None)
        await self.gateway.broadcast(
            "GUILD_DELETE", {"id": str(guild.id)}, intent=gw.GUILDS, guild_id=guild.id
        )
        self.world.touch()

    async def make_guild_unavailable(self, guild: Guild) -> None:
        """Signal an outage: GUILD_DELETE with ``unavailable: true``."""
        guild.unavailable = True
        await self.gateway.broadcast(
            "GUILD_DELETE",
            {"id": str(guild.id), "unavailable": True},
            intent=gw.GUILDS,
            guild_id=guild.id,
        )

    async def delete_channel(self, channel: Channel) -> None:
        """Delete a channel or thread and tell the bot (CHANNEL_DELETE / THREAD_DELETE)."""
        payload = channel.payload(self.world)
        self.world.channels.pop(channel.id, None)
        guild = self.world.guild_of(channel)
        if guild is not None and channel.id in guild.channel_ids:
            guild.channel_ids.remove(channel.id)
        for message_id in channel.message_ids:
            self.world.messages[message_id].deleted = True
        if channel.guild_id is None:
            return
        if channel.is_thread:
            data = {
                "id": str(channel.id),
                "guild_id": str(channel.guild_id),
                "parent_id": str(channel.parent_id),
                "type": channel.type,
            }
            await self.gateway.broadcast(
                "THREAD_DELETE", data, intent=gw.GUILDS, guild_id=channel.guild_id
            )
        else:
            await self.gateway.broadcast(
                "CHANNEL_DELETE", payload, intent=gw.GUILDS, guild_id=channel.guild_id
            )
        self.world.touch()

    async def update_channel(self, channel: Channel) -> None:
        """Send CHANNEL_UPDATE (e.g. after ``set_overwrite``)."""
        event = "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE"
        await self.gateway.broadcast(
            event, channel.payload(self.world), intent=gw.GUILDS, guild_id=channel.guild_id
        )

    async def update_role(self, role: Role) -> None:
        """Send GUILD_ROLE_UPDATE (e.g. after ``set_bot_permissions``)."""
        data = {"guild_id": str(role.guild_id), "role": role.payload()}
        await self.gateway.broadcast(
            "GUILD_ROLE_UPDATE", data, intent=gw.GUILDS, guild_id=role.guild_id
        )

    async def member_join(self, guild: Guild, user: User | str) -> Member:
        """Add a member and send GUILD_MEMBER_ADD (needs the members intent)."""
        member = self.add_member(guild, user)
        data = {**member.payload(), "guild_id": str(guild.id)}
        await self.gateway.broadcast(
            "GUILD_MEMBER_ADD", data, intent=gw.GUILD_MEMBERS, guild_id=guild.id
        )
        return member

    async def user_message(
        self,
        channel: Channel,
        author: Member | User,
        content: str,
        *,
        reply_to: Message | None = None,
    ) -> Message:
        """A member posts in a channel (or a user in a DM): MESSAGE_CREATE to the bot."""
        user = author.user if isinstance(author, Member) else author
        body: JSON = {"content": content}
        if reply_to is not None:
            body["message_reference"] = {
                "message_id": str(reply_to.id),
                "channel_id": str(channel.id),
            }
        return await create_message(self, channel, user, body, message_type=19 if reply_to else 0)

    async def drop_gateway(self, shard_id: int | None = None, *, code: int | None = None) -> int:
        """Cut the bot's gateway connection(s); without ``code`` the TCP link just dies."""
        return await self.gateway.drop(shard_id, code=code)

    async def request_reconnect(self, shard_id: int | None = None) -> int:
        """Send op 7 RECONNECT."""
        return await self.gateway.request_reconnect(shard_id)

    async def invalidate_session(
        self, shard_id: int | None = None, *, resumable: bool = False
    ) -> int:
        """Send op 9 INVALID_SESSION."""
        return await self.gateway.invalidate_session(shard_id, resumable=resumable)

    # --- acting as a member ---

    def _where(
        self, channel: Channel | None, member: Member | User | int | None
    ) -> tuple[Channel, Member | User | int]:
        channel = channel or self.channel
        who: Member | User | int = member if member is not None else self.member
        return channel, who

    async def _deliver(self, record: InteractionRecord) -> InteractionHandle:
        if not self.gateway.live_sessions():
            raise InjectionError("no bot is connected to the gateway")
        kwargs: dict[str, Any] = {}
        if record.guild_id is not None:
            kwargs["guild_id"] = record.guild_id
        else:
            kwargs["dm"] = True
        reached = await self.gateway.broadcast("INTERACTION_CREATE", record.payload, **kwargs)
        if not reached:
            raise InjectionError("no connected shard covers that guild")
        return InteractionHandle(self, record)

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        member: Member | User | int | None = None,
        channel: Channel | None = None,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """Invoke ``/name`` (``"quiz start"`` for subcommands) as a member."""
        channel, who = self._where(channel, member)
        user, guild_member = resolve_user(self, who, channel)
        path = find_command(self, name, channel)
        check_invocable(self, path.command, channel, user.id)
        tree, resolved, _ = build_options(self, path, options or {}, channel)
        data: JSON = {
            "id": str(path.command.id),
            "name": path.command.name,
            "type": 1,
            "options": tree,
        }
        if resolved:
            data["resolved"] = resolved
        if path.command.guild_id is not None:
            data["guild_id"] = str(path.command.guild_id)
        record = base_payload(
            self,
            APPLICATION_COMMAND,
            user=user,
            member=guild_member,
            channel=channel,
            data=data,
            locale=locale,
        )
        record.command_name = name
        return await self._deliver(record)

    async def autocomplete(
        self,
        name: str,
        *,
        focused: str,
        value: str,
        options: dict[str, Any] | None = None,
        member: Member | User | int | None = None,
        channel: Channel | None = None,
    ) -> InteractionHandle:
        """Type ``value`` into option ``focused`` of ``/name``: an autocomplete request."""
        channel, who = self._where(channel, member)
        user, guild_member = resolve_user(self, who, channel)
        path = find_command(self, name, channel)
        check_invocable(self, path.command, channel, user.id)
        given = dict(options or {})
        given[focused] = value
        tree, resolved, focused_type = build_options(self, path, given, channel, focused=focused)
        data: JSON = {
            "id": str(path.command.id),
            "name": path.command.name,
            "type": 1,
            "options": tree,
        }
        if resolved:
            data["resolved"] = resolved
        record = base_payload(
            self, AUTOCOMPLETE, user=user, member=guild_member, channel=channel, data=data
        )
        record.focused_option_type = focused_type
        record.command_name = name
        return await self._deliver(record)

    async def context_menu(
        self,
        name: str,
        target: Member | User | Message,
        *,
        member: Member | User | int | None = None,
        channel: Channel | None = None,
    ) -> InteractionHandle:
        """Run a user (or message) context-menu command on ``target``."""
        channel, who = self._where(channel, member)
        user, guild_member = resolve_user(self, who, channel)
        kind = 3 if isinstance(target, Message) else 2
        path = find_command(self, name, channel, kind=kind)
        check_invocable(self, path.command, channel, user.id)
        resolved: JSON = {}
        if isinstance(target, Message):
            resolved["messages"] = {str(target.id): target.payload(self.world)}
        else:
            target_user = target.user if isinstance(target, Member) else target
            resolved["users"] = {str(target_user.id): target_user.payload()}
            guild = self.world.guild_of(channel)
            if guild is not None and target_user.id in guild.members:
                member_data = guild.members[target_user.id].payload(with_user=False)
                member_data["permissions"] = str(self.world.permissions_in(channel, target_user.id))
                resolved["members"] = {str(target_user.id): member_data}
        data: JSON = {
            "id": str(path.command.id),
            "name": path.command.name,
            "type": kind,
            "target_id": str(target.id),
            "resolved": resolved,
        }
        record = base_payload(
            self, APPLICATION_COMMAND, user=user, member=guild_member, channel=channel, data=data
        )
        record.command_name = name
        return await self._deliver(record)

    def _source_record(self, message: Message) -> InteractionRecord | None:
        for record in self.world.interactions.values():
            if record.original_message_id == message.id or message.id in record.followup_ids:
                return record
        return None

    async def click(
        self,
        message: Message | int,
        custom_id: str,
        *,
        member: Member | User | int | None = None,
        forged: bool = False,
    ) -> InteractionHandle:
        """Click the button ``custom_id`` on one of the bot's messages.

        ``forged=True`` plays a modified client: it clicks a button on an
        ephemeral message that only someone else can see.
        """
        found = message_of(self, message)
        channel = self.world.channels.get(found.channel_id)
        if channel is None:
            raise InjectionError("the message's channel no longer exists")
        _, who = self._where(channel, member)
        user, guild_member = resolve_user(self, who, channel)
        source = self._source_record(found)
        if not forged:
            check_component_user(found, user, source.user_id if source else None)
        component = found.find_component(custom_id)
        if component is None or component.get("type") != 2:
            raise InjectionError(
                f"no button {custom_id!r} on that message (has {found.custom_ids()})"
            )
        if component.get("disabled"):
            raise InjectionError(f"button {custom_id!r} is disabled")
        data: JSON = {"custom_id": custom_id, "component_type": 2}
        if "id" in component:
            data["id"] = component["id"]
        record = base_payload(
            self,
            MESSAGE_COMPONENT,
            user=user,
            member=guild_member,
            channel=channel,
            data=data,
            message=found,
        )
        return await self._deliver(record)

    async def select(
        self,
        message: Message | int,
        custom_id: str,
        values: list[str],
        *,
        member: Member | User | int | None = None,
    ) -> InteractionHandle:
        """Choose ``values`` in the select menu ``custom_id`` on one of the bot's messages."""
        found = message_of(self, message)
        channel = self.world.channels.get(found.channel_id)
        if channel is None:
            raise InjectionError("the message's channel no longer exists")
        _, who = self._where(channel, member)
        user, guild_member = resolve_user(self, who, channel)
        source = self._source_record(found)
        check_component_user(found, user, source.user_id if source else None)
        component = found.find_component(custom_id)
        if component is None or component.get("type") not in (3, 5, 6, 7, 8):
            raise InjectionError(f"no select menu {custom_id!r} on that message")
        if component.get("disabled"):
            raise InjectionError(f"select {custom_id!r} is disabled")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(values) <= high:
            raise InjectionError(f"select {custom_id!r} takes {low}-{high} values")
        data: JSON = {
            "custom_id": custom_id,
            "component_type": component["type"],
            "values": list(values),
        }
        if component["type"] == 3:
            offered = [o["value"] for o in component.get("options") or []]
            unknown = [v for v in values if v not in offered]
            if unknown:
                raise InjectionError(f"select {custom_id!r} offers {offered}, not {unknown}")
        else:
            resolved: JSON = {}
            guild = self.world.guild_of(channel)
            for raw in values:
                target = int(raw)
                if target in self.world.users:
                    resolved.setdefault("users", {})[raw] = self.world.users[target].payload()
                    if guild is not None and target in guild.members:
                        resolved.setdefault("members", {})[raw] = guild.members[target].payload(
                            with_user=False
                        )
                elif guild is not None and target in guild.roles:
                    resolved.setdefault("roles", {})[raw] = guild.roles[target].payload()
                elif target in self.world.channels:
                    ch = self.world.channels[target]
                    resolved.setdefault("channels", {})[raw] = {
                        "id": raw,
                        "name": ch.name,
                        "type": ch.type,
                        "permissions": str(self.world.bot_permissions_in(ch)),
                    }
                else:
                    raise InjectionError(f"cannot resolve select value {raw}")
            data["resolved"] = resolved
        record = base_payload(
            self,
            MESSAGE_COMPONENT,
            user=user,
            member=guild_member,
            channel=channel,
            data=data,
            message=found,
        )
        return await self._deliver(record)

    async def submit_modal(
        self,
        interaction: InteractionRef,
        values: dict[str, str | list[str]],
        *,
        member: Member | User | int | None = None,
    ) -> InteractionHandle:
        """Fill in and submit the modal the bot opened in answer to ``interaction``."""
        shown = self._record(interaction)
        if shown.callback_type != MODAL or shown.modal is None:
            raise InjectionError("the bot did not answer that interaction with a modal")
        channel = self.world.channels.get(shown.channel_id)
        if channel is None:
            raise InjectionError("the interaction's channel no longer exists")
        who: Member | User | int = member if member is not None else shown.user_id
        user, guild_member = resolve_user(self, who, channel)
        if user.id != shown.user_id:
            raise InjectionError("only the member who opened the modal can submit it")
        components = modal_response_components(shown.modal, values)
        data: JSON = {"custom_id": shown.modal["custom_id"], "components": components}
        source = self.world.messages.get(shown.source_message_id or 0)
        record = base_payload(
            self,
            MODAL_SUBMIT,
            user=user,
            member=guild_member,
            channel=channel,
            data=data,
            message=source,
        )
        record.modal_of = shown.id
        return await self._deliver(record)

    # --- waiting for the bot ---

    def _record(self, interaction: InteractionRef) -> InteractionRecord:
        if isinstance(interaction, InteractionHandle):
            return interaction.record
        if isinstance(interaction, InteractionRecord):
            return interaction
        return self.world.interactions[int(interaction)]

    def _check_bot_health(self) -> None:
        if self.failures:
            raise BotCrashedError(
                f"the bot's connection task failed: {self.failures[0]!r}"
            ) from self.failures[0]
        if self.fail_on_bot_errors and self.bot_errors:
            record = self.bot_errors[0]
            detail = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                detail += f": {record.exc_info[1]!r}"
            raise BotCrashedError(f"the bot logged an error ({record.name}): {detail}")

    async def wait_until(
        self, predicate: Callable[[], bool], *, timeout: float = 5.0, what: str = "condition"
    ) -> None:
        """Wait until ``predicate()`` holds, failing fast if the bot crashed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self.world.changed
            self._check_bot_health()
            if predicate():
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
            # Emulator-side changes wake us at once; the short poll covers
            # predicates on the bot's own cache, which the emulator cannot see.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 0.01))

    async def wait_for_response(
        self, interaction: InteractionRef, *, timeout: float = 5.0
    ) -> InteractionReply:
        """Wait for the bot to acknowledge an interaction and return what it said.

        Raises :class:`InteractionRejectedError` if the emulator refused the bot's
        callback (a limit, a late answer, a second answer...).
        """
        record = self._record(interaction)

        def answered() -> bool:
            return record.acknowledged or bool(record.rejections)

        await self.wait_until(
            answered, timeout=timeout, what=f"a response to interaction {record.id}"
        )
        if not record.acknowledged:
            status, body = record.rejections[0]
            raise InteractionRejectedError(status, body)
        assert record.callback is not None
        message = self.world.messages.get(record.original_message_id or 0)
        return InteractionReply(
            int(record.callback["type"]), dict(record.callback.get("data") or {}), message
        )

    async def wait_for_followups(
        self, interaction: InteractionRef, *, count: int = 1, timeout: float = 5.0
    ) -> list[Message]:
        """Wait until the bot sent ``count`` followups (or edits filling a deferral)."""
        record = self._record(interaction)
        seen = len(record.rejections)

        def done() -> bool:
            if len(record.rejections) > seen and len(record.followup_ids) < count:
                status, body = record.rejections[-1]
                raise InteractionRejectedError(status, body)
            return len(record.followup_ids) >= count

        await self.wait_until(
            done, timeout=timeout, what=f"{count} followup(s) to interaction {record.id}"
        )
        return [self.world.messages[m] for m in record.followup_ids]

    async def wait_for_edit(self, interaction: InteractionRef, *, timeout: float = 5.0) -> Message:
        """Wait until the original response was edited (e.g. after a defer) and return it."""
        record = self._record(interaction)

        def edited() -> bool:
            message = self.world.messages.get(record.original_message_id or 0)
            return message is not None and message.edited_timestamp is not None

        await self.wait_until(
            edited, timeout=timeout, what=f"an edit of interaction {record.id}'s response"
        )
        return self.world.messages[int(record.original_message_id or 0)]

    async def wait_for_message(
        self,
        channel: Channel | None = None,
        *,
        predicate: Callable[[Message], bool] | None = None,
        after: Message | int | None = None,
        timeout: float = 5.0,
    ) -> Message:
        """Wait for a message from the bot (newer than ``after``) and return it."""
        channel = channel or self.channel
        floor = after.id if isinstance(after, Message) else (after or 0)

        def find() -> Message | None:
            for message_id in channel.message_ids:
                message = self.world.messages[message_id]
                # Type 6 is the "pinned a message" notice, never what a test awaits.
                mine = message.author.id == self.world.bot.id and message.type != 6
                if message.id > floor and mine and (predicate is None or predicate(message)):
                    return message
            return None

        await self.wait_until(
            lambda: find() is not None, timeout=timeout, what=f"a bot message in #{channel.name}"
        )
        found = find()
        assert found is not None
        return found

    # --- running bots ---

    async def start_bot(
        self,
        bot: ClientT | Callable[..., ClientT],
        /,
        *args: Any,
        ready_timeout: float = 10.0,
        fast_identify: bool = True,
        **kwargs: Any,
    ) -> ClientT:
        """Start a bot (an instance, or a class plus arguments) and wait until it is ready.

        Given a class, it is built with ``guild_ready_timeout=0.05`` unless
        the caller passes one, so start-up takes milliseconds.
        """
        from tests.fake_discord.runner import start_bot

        running = await start_bot(
            self, bot, *args, ready_timeout=ready_timeout, fast_identify=fast_identify, **kwargs
        )
        return running.client

    async def stop_bot(self, client: discord.Client) -> None:
        """Stop a bot started with :meth:`start_bot`."""
        for running in list(self.bots):
            if running.client is client:
                await running.stop()
