"""The emulated world: users, guilds, roles, members, channels, messages.

Everything here is plain data that tests set up and read back; the
``payload`` methods render it exactly as Discord's JSON so the gateway and
REST layers never hand-build an object twice.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any

from tests.fake_discord import permissions as perm
from tests.fake_discord.clock import Clock, SnowflakeFactory
from tests.fake_discord.permissions import Overwrite

# Channel types (https://discord.com/developers/docs/resources/channel#channel-object-channel-types).
GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2
GUILD_CATEGORY = 4
GUILD_ANNOUNCEMENT = 5
ANNOUNCEMENT_THREAD = 10
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
GUILD_FORUM = 15
THREAD_TYPES = frozenset({ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD})

# Message flags.
FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_SUPPRESS_NOTIFICATIONS = 1 << 12
FLAG_IS_COMPONENTS_V2 = 1 << 15

JSON = dict[str, Any]


@dataclass
class User:
    """A Discord user (the bot, or a member a test acts as)."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    # A user who blocks DMs from server members: the bot's DM gets 50007.
    accepts_dms: bool = True

    def payload(self) -> JSON:
        """Return the user object."""
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "primary_guild": None,
        }

    @property
    def mention(self) -> str:
        """Return the ``<@id>`` mention string."""
        return f"<@{self.id}>"


@dataclass
class Role:
    """A guild role; the role whose id equals the guild id is @everyone."""

    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    mentionable: bool = False
    managed: bool = False
    bot_id: int | None = None

    def payload(self) -> JSON:
        """Return the role object."""
        data: JSON = {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data

    @property
    def mention(self) -> str:
        """Return the ``<@&id>`` mention string (or @everyone)."""
        return "@everyone" if self.id == self.guild_id else f"<@&{self.id}>"


@dataclass
class Member:
    """A user's membership of one guild."""

    user: User
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = "2024-01-01T00:00:00+00:00"

    def payload(self, *, with_user: bool = True) -> JSON:
        """Return the guild member object."""
        data: JSON = {
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(r) for r in self.roles],
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data

    @property
    def id(self) -> int:
        """Return the member's user id."""
        return self.user.id

    @property
    def mention(self) -> str:
        """Return the ``<@id>`` mention string."""
        return self.user.mention


@dataclass
class Channel:
    """A guild channel, thread, or DM channel."""

    id: int
    type: int
    name: str | None
    guild_id: int | None = None
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    overwrites: dict[int, Overwrite] = field(default_factory=dict)
    rate_limit_per_user: int = 0
    message_ids: list[int] = field(default_factory=list)
    # (message id, pinned_at ISO time), newest first as Discord lists them.
    pins: list[tuple[int, str]] = field(default_factory=list)
    # Threads only.
    owner_id: int | None = None
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440
    create_timestamp: str | None = None
    archive_timestamp: str | None = None
    thread_member_ids: set[int] = field(default_factory=set)
    invitable: bool = True
    total_message_sent: int = 0
    # DMs only.
    recipient_ids: list[int] = field(default_factory=list)

    @property
    def is_thread(self) -> bool:
        """Return whether the channel is a thread."""
        return self.type in THREAD_TYPES

    @property
    def last_message_id(self) -> int | None:
        """Return the newest message id, as the channel object carries it."""
        return self.message_ids[-1] if self.message_ids else None

    @property
    def mention(self) -> str:
        """Return the ``<#id>`` mention string."""
        return f"<#{self.id}>"

    def payload(self, world: World | None = None) -> JSON:
        """Return the channel object."""
        last = str(self.last_message_id) if self.last_message_id else None
        if self.type == DM:
            recipients = [world.users[u].payload() for u in self.recipient_ids] if world else []
            return {
                "id": str(self.id),
                "type": DM,
                "last_message_id": last,
                "recipients": recipients,
                "flags": 0,
            }
        data: JSON = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "nsfw": False,
            "flags": 0,
            "last_message_id": last,
            "rate_limit_per_user": self.rate_limit_per_user,
        }
        if self.is_thread:
            data.update(
                {
                    "owner_id": str(self.owner_id),
                    "message_count": len(self.message_ids),
                    "member_count": min(len(self.thread_member_ids), 50),
                    "total_message_sent": self.total_message_sent,
                    "thread_metadata": {
                        "archived": self.archived,
                        "auto_archive_duration": self.auto_archive_duration,
                        "archive_timestamp": self.archive_timestamp or self.create_timestamp,
                        "locked": self.locked,
                        "invitable": self.invitable,
                        "create_timestamp": self.create_timestamp,
                    },
                }
            )
        else:
            data["topic"] = self.topic
            data["permission_overwrites"] = [o.payload() for o in self.overwrites.values()]
        return data


@dataclass
class Attachment:
    """A file uploaded with a message; ``data`` keeps the bytes for assertions."""

    id: int
    filename: str
    data: bytes
    content_type: str | None = None

    def payload(self) -> JSON:
        """Return the attachment object."""
        url = f"https://cdn.discordapp.com/attachments/0/{self.id}/{self.filename}"
        return {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": url,
            "proxy_url": url,
            "content_type": self.content_type,
        }


@dataclass
class Message:
    """A message in a channel (or an ephemeral interaction reply)."""

    id: int
    channel_id: int
    guild_id: int | None
    author: User
    content: str = ""
    embeds: list[JSON] = field(default_factory=list)
    components: list[JSON] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    timestamp: str = ""
    edited_timestamp: str | None = None
    nonce: str | int | None = None
    tts: bool = False
    mention_user_ids: list[int] = field(default_factory=list)
    mention_role_ids: list[int] = field(default_factory=list)
    mention_everyone: bool = False
    reference: JSON | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: JSON | None = None
    thread_id: int | None = None
    reactions: dict[str, set[int]] = field(default_factory=dict)
    pinned: bool = False
    deleted: bool = False

    @property
    def ephemeral(self) -> bool:
        """Return whether only the invoking user can see the message."""
        return bool(self.flags & FLAG_EPHEMERAL)

    def custom_ids(self) -> list[str]:
        """Return every component custom_id on the message, depth first."""
        found: list[str] = []

        def walk(items: list[JSON]) -> None:
            for item in items:
                if "custom_id" in item:
                    found.append(item["custom_id"])
                walk(item.get("components", []))
                if "component" in item:
                    walk([item["component"]])
                if "accessory" in item:
                    walk([item["accessory"]])

        walk(self.components)
        return found

    def find_component(self, custom_id: str) -> JSON | None:
        """Return the component with ``custom_id``, if the message has one."""

        def walk(items: list[JSON]) -> JSON | None:
            for item in items:
                if item.get("custom_id") == custom_id:
                    return item
                nested = list(item.get("components", []))
                nested += [item[k] for k in ("component", "accessory") if k in item]
                hit = walk(nested)
                if hit is not None:
                    return hit
            return None

        return walk(self.components)

    def payload(self, world: World, *, strip_content: bool = False) -> JSON:
        """Return the message object; ``strip_content`` mimics a missing intent."""
        data: JSON = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author.payload(),
            "content": "" if strip_content else self.content,
            "timestamp": self.timestamp,
            "edited_timestamp": self.edited_timestamp,
            "tts": self.tts,
            "mention_everyone": self.mention_everyone,
            "mentions": [
                world.users[u].payload() for u in self.mention_user_ids if u in world.users
            ],
            "mention_roles": [str(r) for r in self.mention_role_ids],
            "attachments": [] if strip_content else [a.payload() for a in self.attachments],
            "embeds": [] if strip_content else self.embeds,
            "components": [] if strip_content else self.components,
            "pinned": self.pinned,
            "type": self.type,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
            guild = world.guilds.get(self.guild_id)
            member = guild.members.get(self.author.id) if guild else None
            if member is not None and self.webhook_id is None:
                data["member"] = member.payload(with_user=False)
        if self.nonce is not None:
            data["nonce"] = self.nonce
        if self.reference is not None:
            data["message_reference"] = self.reference
            ref = world.messages.get(int(self.reference.get("message_id", 0) or 0))
            if ref is not None and not ref.deleted:
                data["referenced_message"] = ref.payload(world)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
        if self.application_id is not None:
            data["application_id"] = str(self.application_id)
        if self.interaction_metadata is not None:
            data["interaction_metadata"] = self.interaction_metadata
        if self.thread_id is not None and self.thread_id in world.channels:
            data["thread"] = world.channels[self.thread_id].payload(world)
        if self.reactions:
            data["reactions"] = [
                {
                    "emoji": {"id": None, "name": name},
                    "count": len(users),
                    "count_details": {"burst": 0, "normal": len(users)},
                    "me": world.bot.id in users,
                    "me_burst": False,
                    "burst_colors": [],
                }
                for name, users in self.reactions.items()
                if users
            ]
        return data


@dataclass
class Guild:
    """A guild and everything in it."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    bot_role_id: int | None = None
    unavailable: bool = False
    preferred_locale: str = "en-US"

    @property
    def everyone(self) -> Role:
        """Return the @everyone role."""
        return self.roles[self.id]

    def payload(self, world: World, *, members: bool = True) -> JSON:
        """Return the full GUILD_CREATE object."""
        channels = [world.channels[c] for c in self.channel_ids if c in world.channels]
        member_list = list(self.members.values()) if members else []
        if not members and world.bot.id in self.members:
            member_list = [self.members[world.bot.id]]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "region": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "preferred_locale": self.preferred_locale,
            "features": [],
            "max_members": 500000,
            "max_video_channel_users": 25,
            "application_id": None,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "voice_states": [],
            "members": [m.payload() for m in member_list],
            "channels": [c.payload(world) for c in channels if not c.is_thread],
            "threads": [c.payload(world) for c in channels if c.is_thread and not c.archived],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "lazy": True,
        }


@dataclass
class Command:
    """A registered application command (global when ``guild_id`` is None)."""

    id: int
    data: JSON
    guild_id: int | None = None

    @property
    def name(self) -> str:
        """Return the command name."""
        return str(self.data["name"])

    @property
    def type(self) -> int:
        """Return the command type (1 slash, 2 user, 3 message)."""
        return int(self.data.get("type", 1))


@dataclass
class Ping:
    """A notification Discord would have delivered for a message."""

    message_id: int
    channel_id: int
    kind: str  # "user", "role", "everyone", "here" or "reply"
    target_id: int | None = None


@dataclass
class InteractionRecord:
    """An interaction the emulator sent, and everything the bot did with it."""

    id: int
    token: str
    type: int
    payload: JSON
    created_at: float
    guild_id: int | None
    channel_id: int
    user_id: int
    source_message_id: int | None = None
    # The modal this interaction submitted, and the interaction that showed it.
    modal_of: int | None = None
    callback: JSON | None = None
    callback_at: float | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    # After a type-5 defer, the first followup edits the loading message.
    deferred_loading: bool = False
    modal: JSON | None = None
    deleted_original: bool = False
    # The focused option's type, to type-check autocomplete choices.
    focused_option_type: int | None = None
    command_name: str | None = None
    # Callbacks Discord refused, as (status, body): surfaced by the wait helpers.
    rejections: list[tuple[int, JSON]] = field(default_factory=list)

    @property
    def acknowledged(self) -> bool:
        """Return whether a callback was accepted."""
        return self.callback is not None

    @property
    def callback_type(self) -> int | None:
        """Return the accepted callback's type."""
        return None if self.callback is None else int(self.callback["type"])


@dataclass
class Application:
    """The bot's application and its credentials."""

    id: int
    name: str
    token: str = field(default_factory=lambda: "fake." + secrets.token_urlsafe(24))
    flags: int = 0


class World:
    """All emulated state; mutated by the REST layer and by test helpers."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.ids = SnowflakeFactory(clock)
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.global_commands: dict[int, Command] = {}
        self.guild_commands: dict[int, dict[int, Command]] = {}
        # A server's Integrations overrides: (guild id, command name) -> user and role ids
        # allowed to use the command whatever its default_member_permissions say.
        self.command_overrides: dict[tuple[int, str], set[int]] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.interactions_by_token: dict[str, InteractionRecord] = {}
        self.pings: list[Ping] = []
        # (channel_id, author_id, nonce) -> (message_id, created_at)
        self.nonces: dict[tuple[int, int, str], tuple[int, float]] = {}
        self.guild_counter = 0
        bot_id = self.ids.next()
        self.application = Application(id=bot_id, name="Interview Coach")
        self.bot = User(id=bot_id, username="interview-coach", bot=True)
        self.users[bot_id] = self.bot
        self.changed = asyncio.Event()

    # --- lookups ---

    def guild_of(self, channel: Channel) -> Guild | None:
        """Return the guild a channel belongs to."""
        return self.guilds.get(channel.guild_id) if channel.guild_id is not None else None

    def permissions_in(self, channel: Channel, user_id: int) -> int:
        """Return a user's computed permissions in a channel (threads use the parent)."""
        if channel.type == DM:
            return (
                perm.VIEW_CHANNEL
                | perm.SEND_MESSAGES
                | perm.EMBED_LINKS
                | perm.ATTACH_FILES
                | (perm.READ_MESSAGE_HISTORY | perm.ADD_REACTIONS)
            )
        guild = self.guild_of(channel)
        if guild is None:
            return 0
        member = guild.members.get(user_id)
        if member is None:
            return 0
        role_perms = {r.id: r.permissions for r in guild.roles.values()}
        base = perm.base_permissions(
            guild_id=guild.id,
            owner_id=guild.owner_id,
            user_id=user_id,
            role_ids=member.roles,
            role_perms=role_perms,
        )
        source = channel
        if channel.is_thread and channel.parent_id in self.channels:
            source = self.channels[channel.parent_id]
        computed = perm.apply_overwrites(
            base,
            guild_id=guild.id,
            user_id=user_id,
            role_ids=member.roles,
            overwrites=source.overwrites,
            in_thread=channel.is_thread,
        )
        # Private threads are visible only to their members and thread managers.
        outsider = channel.type == PRIVATE_THREAD and user_id not in channel.thread_member_ids
        if outsider and not computed & perm.MANAGE_THREADS:
            return 0
        return computed

    def bot_permissions_in(self, channel: Channel) -> int:
        """Return the bot's computed permissions in a channel."""
        return self.permissions_in(channel, self.bot.id)

    def touch(self) -> None:
        """Wake everything waiting for the state to change."""
        self.changed.set()
        self.changed = asyncio.Event()
