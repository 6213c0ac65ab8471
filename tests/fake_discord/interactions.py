"""Interactions: building what a member's action sends, and judging the bot's answer.

The injection side plays the Discord client: it refuses to send what a
real client could not (an option the command does not have, a disabled
button, a modal value shorter than ``min_length``) by raising
:class:`InjectionError`, because that is a mistake in the test.  The
callback side plays Discord's API: 3 s to acknowledge (10062), one
acknowledgement only (40060), a 15-minute token (50027), and limits on
every message, modal and autocomplete answer (50035).
"""

# The wait helpers take a per-call ``timeout=``: in a test that reads better than
# wrapping every await in ``asyncio.timeout``.
# ruff: noqa: ASYNC109

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fake_discord import errors as err
from tests.fake_discord import limits
from tests.fake_discord import permissions as perm
from tests.fake_discord.errors import DiscordError, FormErrors
from tests.fake_discord.messages import create_message, delete_message, edit_message
from tests.fake_discord.rest import body_of, files_of, no_content, reply, snowflake
from tests.fake_discord.state import (
    DM,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    JSON,
    Channel,
    Command,
    InteractionRecord,
    Member,
    Message,
    Role,
    User,
)

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord

# Interaction types.
PING = 1
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# Callback types.
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9
PREMIUM_REQUIRED = 10
LAUNCH_ACTIVITY = 12
CALLBACK_TYPES = (1, 4, 5, 6, 7, 8, 9, 10, 12)

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class InjectionError(ValueError):
    """The test asked for an action a real Discord client could not send."""


class InteractionRejectedError(AssertionError):
    """The bot's answer to an interaction was refused by the emulator."""

    def __init__(self, status: int, body: JSON) -> None:
        super().__init__(f"Discord refused the bot's interaction response: {status} {body}")
        self.status = status
        self.body = body
        self.code = body.get("code")


def _allowed_callbacks(record: InteractionRecord) -> tuple[int, ...]:
    if record.type == AUTOCOMPLETE:
        return (AUTOCOMPLETE_RESULT,)
    if record.type == APPLICATION_COMMAND:
        return (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL, PREMIUM_REQUIRED, LAUNCH_ACTIVITY)
    if record.type == MESSAGE_COMPONENT:
        return (
            CHANNEL_MESSAGE,
            DEFERRED_CHANNEL_MESSAGE,
            DEFERRED_UPDATE_MESSAGE,
            UPDATE_MESSAGE,
            MODAL,
            PREMIUM_REQUIRED,
        )
    if record.type == MODAL_SUBMIT:
        # Updating a message needs one: only modals opened from a component have it.
        if record.source_message_id is not None:
            return (
                CHANNEL_MESSAGE,
                DEFERRED_CHANNEL_MESSAGE,
                DEFERRED_UPDATE_MESSAGE,
                UPDATE_MESSAGE,
            )
        return (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE)
    return (PONG,)


class InteractionRoutes:
    """The callback and webhook (followup / original response) routes."""

    def __init__(self, emu: FakeDiscord) -> None:
        self.emu = emu
        self.world = emu.world

    def _metadata(self, record: InteractionRecord) -> JSON:
        user = self.world.users[record.user_id]
        owners = {"0": str(record.guild_id)} if record.guild_id else {"1": str(record.user_id)}
        data: JSON = {
            "id": str(record.id),
            "type": record.type,
            "user": user.payload(),
            "authorizing_integration_owners": owners,
        }
        if record.command_name is not None:
            data["name"] = record.command_name
            data["command_type"] = 1
        if record.source_message_id is not None:
            data["interacted_message_id"] = str(record.source_message_id)
        return data

    def _channel(self, record: InteractionRecord) -> Channel:
        channel = self.world.channels.get(record.channel_id)
        if channel is None:
            raise err.unknown("Channel")
        return channel

    def _reject(self, record: InteractionRecord | None, exc: DiscordError) -> DiscordError:
        if record is not None:
            record.rejections.append((exc.status, exc.body()))
        return exc

    async def callback(self, request: web.Request) -> web.Response:
        """POST /interactions/{id}/{token}/callback."""
        interaction_id = snowflake(request.match_info["interaction_id"], "interaction_id")
        record = self.world.interactions.get(interaction_id)
        if record is None or record.token != request.match_info["interaction_token"]:
            raise err.unknown("interaction")
        try:
            return await self._callback(request, record)
        except DiscordError as exc:
            raise self._reject(record, exc) from None

    async def _callback(self, request: web.Request, record: InteractionRecord) -> web.Response:
        if record.acknowledged:
            raise err.already_acknowledged()
        if self.world.clock.now() - record.created_at > limits.INTERACTION_ACK_WINDOW:
            # Past 3 s without an answer Discord forgets the interaction.
            raise err.unknown("interaction")
        body = body_of(request)
        files = files_of(request)
        kind = body.get("type")
        errors = FormErrors()
        if kind not in CALLBACK_TYPES:
            errors.choices(("type",), list(CALLBACK_TYPES))
            errors.raise_if_any()
        allowed = _allowed_callbacks(record)
        if kind not in allowed:
            errors.choices(("type",), list(allowed))
            errors.raise_if_any()
        data = body.get("data") or {}
        if kind == CHANNEL_MESSAGE:
            limits.validate_message(data, errors, ("data",), creating=False)
            errors.raise_if_any()
            if limits.is_empty_message(data, has_files=bool(files)):
                raise DiscordError(400, err.EMPTY_MESSAGE, "Cannot send an empty message")
        elif kind == UPDATE_MESSAGE:
            limits.validate_message(data, errors, ("data",), creating=False)
        elif kind == AUTOCOMPLETE_RESULT:
            limits.validate_choices(
                data.get("choices"),
                errors,
                ("data", "choices"),
                record.focused_option_type or limits.OPTION_STRING,
            )
        elif kind == MODAL:
            limits.validate_modal(data, errors, ("data",))
        errors.raise_if_any()

        channel = self._channel(record)
        message: Message | None = None
        loading = False
        if kind == CHANNEL_MESSAGE:
            message = await create_message(
                self.emu,
                channel,
                self.world.bot,
                data,
                files,
                message_type=20 if record.type == APPLICATION_COMMAND else 0,
                interaction_metadata=self._metadata(record),
                allow_ephemeral=True,
            )
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            loading = True
            message = await create_message(
                self.emu,
                channel,
                self.world.bot,
                {"flags": data.get("flags", 0)},
                message_type=20 if record.type == APPLICATION_COMMAND else 0,
                interaction_metadata=self._metadata(record),
                allow_ephemeral=True,
                extra_flags=FLAG_LOADING,
            )
            record.deferred_loading = True
        elif kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
            message = self.world.messages.get(record.source_message_id or 0)
            if message is None or message.deleted:
                raise err.unknown("Message")
            if kind == UPDATE_MESSAGE:
                await edit_message(self.emu, message, data, files)
        elif kind == MODAL:
            record.modal = data
        if message is not None:
            record.original_message_id = message.id
        record.callback = body
        record.callback_at = self.world.clock.now()
        self.world.touch()

        if request.query.get("with_response") not in ("1", "true", "True"):
            return no_content()
        summary: JSON = {"id": str(record.id), "type": record.type}
        resource: JSON = {"type": kind}
        if message is not None and kind != DEFERRED_UPDATE_MESSAGE:
            summary["response_message_id"] = str(message.id)
            summary["response_message_loading"] = loading
            summary["response_message_ephemeral"] = message.ephemeral
            resource["message"] = message.payload(self.world)
        return reply({"interaction": summary, "resource": resource})

    # --- webhook routes (followups and the original response) ---

    def _record_for_token(self, request: web.Request) -> InteractionRecord:
        app_id = snowflake(request.match_info["webhook_id"], "webhook_id")
        token = request.match_info["webhook_token"]
        record = self.emu.interaction_by_token(token)
        if record is None or app_id != self.world.application.id:
            raise err.unknown("Webhook")
        if self.world.clock.now() - record.created_at > limits.INTERACTION_TOKEN_TTL:
            raise self._reject(record, err.invalid_webhook_token())
        return record

    def _target(self, record: InteractionRecord, raw_id: str) -> Message:
        if raw_id == "@original":
            if record.original_message_id is None or record.deleted_original:
                raise err.unknown("Message")
            message_id = record.original_message_id
        else:
            message_id = snowflake(raw_id, "message_id")
            if message_id not in record.followup_ids and message_id != record.original_message_id:
                raise err.unknown("Message")
        message = self.world.messages.get(message_id)
        if message is None or message.deleted:
            raise err.unknown("Message")
        return message

    async def followup(self, request: web.Request) -> web.Response:
        """POST /webhooks/{application_id}/{token}: a followup message."""
        record = self._record_for_token(request)
        try:
            return await self._followup(request, record)
        except DiscordError as exc:
            raise self._reject(record, exc) from None

    async def _followup(self, request: web.Request, record: InteractionRecord) -> web.Response:
        if record.callback_type not in (
            CHANNEL_MESSAGE,
            DEFERRED_CHANNEL_MESSAGE,
            DEFERRED_UPDATE_MESSAGE,
            UPDATE_MESSAGE,
        ):
            # Until the interaction is acknowledged its webhook does not exist.
            raise err.unknown("Webhook")
        body = body_of(request)
        files = files_of(request)
        errors = FormErrors()
        limits.validate_message(body, errors, creating=False)
        errors.raise_if_any()
        if limits.is_empty_message(body, has_files=bool(files)):
            raise DiscordError(400, err.EMPTY_MESSAGE, "Cannot send an empty message")
        if record.deferred_loading and record.original_message_id is not None:
            # After a "thinking" defer, the first followup edits the loading
            # message instead (its ephemerality is kept), as Discord documents.
            message = self.world.messages[record.original_message_id]
            record.deferred_loading = False
            edit_body = {k: v for k, v in body.items() if k != "flags"}
            await edit_message(self.emu, message, edit_body, files, notify=True)
        else:
            metadata = self._metadata(record)
            if record.original_message_id is not None:
                metadata["original_response_message_id"] = str(record.original_message_id)
            message = await create_message(
                self.emu,
                self._channel(record),
                self.world.bot,
                body,
                files,
                interaction_metadata=metadata,
                allow_ephemeral=True,
            )
        record.followup_ids.append(message.id)
        self.world.touch()
        if request.query.get("wait") in ("1", "true", "True"):
            return reply(message.payload(self.world))
        return no_content()

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        """GET /webhooks/{application_id}/{token}/messages/{id or @original}."""
        record = self._record_for_token(request)
        message = self._target(record, request.match_info["message_id"])
        return reply(message.payload(self.world))

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        """PATCH /webhooks/{application_id}/{token}/messages/{id or @original}."""
        record = self._record_for_token(request)
        try:
            message = self._target(record, request.match_info["message_id"])
            body = body_of(request)
            errors = FormErrors()
            limits.validate_message(body, errors, creating=False)
            errors.raise_if_any()
        except DiscordError as exc:
            raise self._reject(record, exc) from None
        was_loading = bool(message.flags & FLAG_LOADING)
        await edit_message(self.emu, message, body, files_of(request), notify=was_loading)
        if was_loading:
            record.deferred_loading = False
        return reply(message.payload(self.world))

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        """DELETE /webhooks/{application_id}/{token}/messages/{id or @original}."""
        record = self._record_for_token(request)
        message = self._target(record, request.match_info["message_id"])
        if message.id == record.original_message_id:
            record.deleted_original = True
        await delete_message(self.emu, message)
        return no_content()


# --- what the bot said back ---


@dataclass
class InteractionReply:
    """The bot's acknowledgement of an interaction, as a test reads it."""

    type: int
    data: JSON
    message: Message | None

    @property
    def content(self) -> str:
        """Return the response message's current content ("" if none)."""
        return (
            self.message.content
            if self.message is not None
            else str(self.data.get("content") or "")
        )

    @property
    def embeds(self) -> list[JSON]:
        """Return the response message's embeds."""
        return (
            self.message.embeds if self.message is not None else list(self.data.get("embeds") or [])
        )

    @property
    def components(self) -> list[JSON]:
        """Return the response message's components."""
        return (
            self.message.components
            if self.message is not None
            else list(self.data.get("components") or [])
        )

    @property
    def ephemeral(self) -> bool:
        """Return whether only the invoker sees the response."""
        if self.message is not None:
            return self.message.ephemeral
        return bool(int(self.data.get("flags") or 0) & FLAG_EPHEMERAL)

    @property
    def deferred(self) -> bool:
        """Return whether the bot deferred (type 5 or 6)."""
        return self.type in (DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE)

    @property
    def choices(self) -> list[JSON]:
        """Return autocomplete choices (type 8)."""
        return list(self.data.get("choices") or [])

    @property
    def modal(self) -> JSON | None:
        """Return the modal the bot opened (type 9)."""
        return self.data if self.type == MODAL else None


class InteractionHandle:
    """An interaction the test sent; await its answer or act on its message."""

    def __init__(self, emu: FakeDiscord, record: InteractionRecord) -> None:
        self.emu = emu
        self.record = record

    @property
    def id(self) -> int:
        """Return the interaction id."""
        return self.record.id

    @property
    def token(self) -> str:
        """Return the interaction token."""
        return self.record.token

    async def response(self, timeout: float = 5.0) -> InteractionReply:
        """Wait for the bot's acknowledgement (see FakeDiscord.wait_for_response)."""
        return await self.emu.wait_for_response(self, timeout=timeout)

    async def followups(self, count: int = 1, timeout: float = 5.0) -> list[Message]:
        """Wait until at least ``count`` followups were sent, and return them."""
        return await self.emu.wait_for_followups(self, count=count, timeout=timeout)

    def original_message(self) -> Message | None:
        """Return the original response message as it is now (after edits)."""
        mid = self.record.original_message_id
        return None if mid is None else self.emu.world.messages.get(mid)

    async def click(
        self, custom_id: str, *, member: Member | User | None = None
    ) -> InteractionHandle:
        """Click a button on this interaction's response message."""
        message = self.original_message()
        if message is None:
            raise InjectionError("this interaction has no response message to click on")
        return await self.emu.click(message, custom_id, member=member or self._invoker())

    async def select(
        self, custom_id: str, values: list[str], *, member: Member | User | None = None
    ) -> InteractionHandle:
        """Choose ``values`` in a select menu on this interaction's response message."""
        message = self.original_message()
        if message is None:
            raise InjectionError("this interaction has no response message")
        return await self.emu.select(message, custom_id, values, member=member or self._invoker())

    async def submit_modal(
        self, values: dict[str, str | list[str]], *, member: Member | User | None = None
    ) -> InteractionHandle:
        """Submit the modal the bot opened in answer to this interaction."""
        return await self.emu.submit_modal(self, values, member=member)

    def _invoker(self) -> Member | User:
        user = self.emu.world.users[self.record.user_id]
        if self.record.guild_id is not None:
            guild = self.emu.world.guilds.get(self.record.guild_id)
            if guild is not None and user.id in guild.members:
                return guild.members[user.id]
        return user


# --- building interaction payloads ---


def new_token() -> str:
    """Return a token shaped like Discord's (base64 "interaction:<id>:..." style)."""
    return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)


def resolve_user(
    emu: FakeDiscord, who: Member | User | int | None, channel: Channel
) -> tuple[User, Member | None]:
    """Return the acting user (and member in guild channels)."""
    world = emu.world
    if who is None:
        raise InjectionError("say which member acts (member=...)")
    user_id = who if isinstance(who, int) else who.id
    user = world.users.get(user_id)
    if user is None:
        raise InjectionError(f"unknown user {user_id}")
    if channel.type == DM:
        return user, None
    guild = world.guild_of(channel)
    if guild is None or user_id not in guild.members:
        raise InjectionError(f"{user.username} is not a member of the channel's guild")
    return user, guild.members[user_id]


def base_payload(
    emu: FakeDiscord,
    kind: int,
    *,
    user: User,
    member: Member | None,
    channel: Channel,
    data: JSON,
    message: Message | None = None,
    locale: str = "en-US",
) -> InteractionRecord:
    """Build and register an interaction the way Discord delivers it."""
    world = emu.world
    if channel.type != DM and not world.permissions_in(channel, user.id) & perm.VIEW_CHANNEL:
        raise InjectionError(f"{user.username} cannot see #{channel.name}")
    interaction_id = world.ids.next()
    token = new_token()
    member_perms = world.permissions_in(channel, user.id)
    channel_data = {**channel.payload(world), "permissions": str(member_perms)}
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(world.application.id),
        "type": kind,
        "data": data,
        "token": token,
        "version": 1,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "app_permissions": str(world.bot_permissions_in(channel)),
        "channel": channel_data,
        "channel_id": str(channel.id),
    }
    if member is not None and channel.guild_id is not None:
        guild = world.guilds[channel.guild_id]
        payload.update(
            {
                "guild_id": str(guild.id),
                "guild": {"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
                "guild_locale": guild.preferred_locale,
                "member": {**member.payload(), "permissions": str(member_perms)},
                "authorizing_integration_owners": {"0": str(guild.id)},
                "context": 0,
            }
        )
    else:
        payload.update(
            {
                "user": user.payload(),
                "authorizing_integration_owners": {"1": str(user.id)},
                "context": 1,
            }
        )
    if message is not None:
        payload["message"] = message.payload(world)
    record = InteractionRecord(
        id=interaction_id,
        token=token,
        type=kind,
        payload=payload,
        created_at=world.clock.now(),
        guild_id=channel.guild_id,
        channel_id=channel.id,
        user_id=user.id,
        source_message_id=message.id if message is not None else None,
    )
    world.interactions[interaction_id] = record
    world.interactions_by_token[token] = record
    return record


@dataclass
class CommandPath:
    """A resolved command: the registered command and the leaf's option schema."""

    command: Command
    names: list[str]
    leaf_options: list[JSON]


def find_command(emu: FakeDiscord, path: str, channel: Channel, kind: int = 1) -> CommandPath:
    """Find ``"quiz start"`` among the guild's then the global commands."""
    names = path.split()
    if not names:
        raise InjectionError("empty command name")
    scopes: list[dict[int, Command]] = []
    if channel.guild_id is not None:
        scopes.append(emu.world.guild_commands.get(channel.guild_id, {}))
    scopes.append(emu.world.global_commands)
    for scope in scopes:
        for command in scope.values():
            if command.name == names[0] and command.type == kind:
                options = list(command.data.get("options") or [])
                for sub in names[1:]:
                    match = [o for o in options if o.get("name") == sub and o.get("type") in (1, 2)]
                    if not match:
                        raise InjectionError(f"/{names[0]} has no subcommand {sub!r}")
                    options = list(match[0].get("options") or [])
                if any(o.get("type") in (1, 2) for o in options):
                    raise InjectionError(f"/{path} needs a subcommand")
                return CommandPath(command, names, options)
    registered = sorted({c.name for s in scopes for c in s.values()})
    raise InjectionError(
        f"no command {names[0]!r} is registered here (registered: {registered}); "
        "sync the bot's command tree first or register the command with emu.register_command()"
    )


def check_invocable(emu: FakeDiscord, command: Command, channel: Channel, user_id: int) -> None:
    """Refuse what the client would hide: DM-only/guild-only and member permissions."""
    contexts = command.data.get("contexts")
    context = 1 if channel.type == DM else 0
    if contexts is not None and context not in contexts:
        raise InjectionError(f"/{command.name} is not available in this context")
    if channel.type == DM and command.data.get("dm_permission") is False:
        raise InjectionError(f"/{command.name} is not available in DMs")
    required = command.data.get("default_member_permissions")
    if (
        required is not None
        and channel.type != DM
        and not _overridden(emu, command, channel, user_id)
    ):
        need = int(required)
        if emu.world.permissions_in(channel, user_id) & need != need:
            raise InjectionError(f"the member lacks the permissions /{command.name} requires")


def _overridden(emu: FakeDiscord, command: Command, channel: Channel, user_id: int) -> bool:
    """Whether the server's Integrations settings let this member use the command anyway."""
    guild = emu.world.guild_of(channel)
    allowed = emu.world.command_overrides.get((guild.id, command.name)) if guild else None
    if guild is None or not allowed or user_id not in guild.members:
        return False
    # The @everyone role's id is the guild's id.
    return bool({user_id, guild.id, *guild.members[user_id].roles} & allowed)


def _option_value(
    emu: FakeDiscord, schema: JSON, value: Any, resolved: JSON, channel: Channel
) -> str | int | float | bool:
    """Convert a Python value for an option, checking it as Discord's client does."""
    kind = int(schema["type"])
    name = schema["name"]
    if kind == limits.OPTION_STRING:
        if not isinstance(value, str):
            raise InjectionError(f"option {name!r} takes a string")
        low, high = schema.get("min_length", 0), schema.get("max_length", 6000)
        if not low <= len(value) <= high:
            raise InjectionError(f"option {name!r} must be {low}-{high} characters")
    elif kind == limits.OPTION_INTEGER:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InjectionError(f"option {name!r} takes an integer")
    elif kind == limits.OPTION_NUMBER:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InjectionError(f"option {name!r} takes a number")
    elif kind == limits.OPTION_BOOLEAN:
        if not isinstance(value, bool):
            raise InjectionError(f"option {name!r} takes a boolean")
    elif kind in (6, 7, 8, 9):
        return _resolve_entity(emu, kind, name, value, resolved, channel)
    else:
        raise InjectionError(f"option {name!r} has type {kind}, which injection does not support")
    if kind in (limits.OPTION_INTEGER, limits.OPTION_NUMBER):
        low, high = schema.get("min_value"), schema.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise InjectionError(f"option {name!r} must be within [{low}, {high}]")
    choices = schema.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise InjectionError(f"option {name!r} must be one of {[c['value'] for c in choices]}")
    return value  # type: ignore[no-any-return]


def _resolve_entity(
    emu: FakeDiscord, kind: int, name: str, value: Any, resolved: JSON, channel: Channel
) -> str:
    world = emu.world
    guild = world.guild_of(channel)
    user_id = value.id if isinstance(value, Member | User) else value
    if kind in (6, 9) and isinstance(user_id, int) and user_id in world.users:
        user = world.users[user_id]
        resolved.setdefault("users", {})[str(user_id)] = user.payload()
        if guild is not None and user_id in guild.members:
            member = guild.members[user_id]
            member_data = member.payload(with_user=False)
            member_data["permissions"] = str(world.permissions_in(channel, user_id))
            resolved.setdefault("members", {})[str(user_id)] = member_data
        return str(user_id)
    if kind in (8, 9) and guild is not None:
        role_id = value.id if isinstance(value, Role) else value
        if isinstance(role_id, int) and role_id in guild.roles:
            resolved.setdefault("roles", {})[str(role_id)] = guild.roles[role_id].payload()
            return str(role_id)
    if kind == 7:
        channel_id = value.id if isinstance(value, Channel) else value
        target = world.channels.get(channel_id) if isinstance(channel_id, int) else None
        if target is not None:
            data = {
                "id": str(target.id),
                "name": target.name,
                "type": target.type,
                "permissions": str(world.bot_permissions_in(target)),
            }
            if target.is_thread:
                full = target.payload(world)
                data.update(
                    {k: full[k] for k in ("parent_id", "owner_id", "member_count", "message_count")}
                )
                data["thread_metadata"] = full["thread_metadata"]
            resolved.setdefault("channels", {})[str(target.id)] = data
            return str(target.id)
    raise InjectionError(f"option {name!r}: cannot resolve {value!r}")


def build_options(
    emu: FakeDiscord,
    cmd: CommandPath,
    given: dict[str, Any],
    channel: Channel,
    *,
    focused: str | None = None,
) -> tuple[list[JSON], JSON, int | None]:
    """Return (options tree, resolved data, focused option type) for an invocation."""
    schema = {o["name"]: o for o in cmd.leaf_options}
    resolved: JSON = {}
    leaf: list[JSON] = []
    focused_type: int | None = None
    for name in given:
        if name not in schema:
            raise InjectionError(
                f"/{' '.join(cmd.names)} has no option {name!r} (has {sorted(schema)})"
            )
    if focused is not None:
        if focused not in schema:
            raise InjectionError(f"/{' '.join(cmd.names)} has no option {focused!r}")
        if not schema[focused].get("autocomplete"):
            raise InjectionError(f"option {focused!r} does not use autocomplete")
    for option in cmd.leaf_options:
        name = option["name"]
        if name == focused:
            focused_type = int(option["type"])
            # The client sends whatever was typed so far, as a string.
            leaf.append(
                {
                    "name": name,
                    "type": option["type"],
                    "value": str(given.get(name, "")),
                    "focused": True,
                }
            )
            continue
        if name not in given:
            if option.get("required") and focused is None:
                raise InjectionError(f"option {name!r} is required")
            continue
        value = _option_value(emu, option, given[name], resolved, channel)
        leaf.append({"name": name, "type": option["type"], "value": value})
    tree = leaf
    # Wrap the leaf options in their subcommand (and group) frames, innermost first.
    top_options = list(cmd.command.data.get("options") or [])
    frames: list[JSON] = []
    options = top_options
    for sub in cmd.names[1:]:
        match = next(o for o in options if o.get("name") == sub)
        frames.append(match)
        options = list(match.get("options") or [])
    for frame in reversed(frames):
        tree = [{"name": frame["name"], "type": frame["type"], "options": tree}]
    return tree, resolved, focused_type


def message_of(emu: FakeDiscord, message: Message | int) -> Message:
    """Return a stored bot message the member could interact with."""
    found = emu.world.messages.get(message if isinstance(message, int) else message.id)
    if found is None or found.deleted:
        raise InjectionError("that message does not exist (deleted?)")
    if found.author.id != emu.world.bot.id:
        raise InjectionError("components can only be used on the bot's own messages")
    return found


def check_component_user(message: Message, user: User, record_user: int | None) -> None:
    """Only the invoker can see (and so click) an ephemeral message."""
    if message.ephemeral and record_user is not None and user.id != record_user:
        raise InjectionError("only the invoking user can see this ephemeral message")


def modal_response_components(modal: JSON, values: dict[str, str | list[str]]) -> list[JSON]:
    """Build a modal submission's components, checking what the client enforces."""
    remaining = dict(values)
    out: list[JSON] = []

    def submitted(item: JSON) -> JSON:
        custom_id = item["custom_id"]
        value = remaining.pop(custom_id, None)
        entry: JSON = {"type": item["type"], "custom_id": custom_id}
        if "id" in item:
            entry["id"] = item["id"]
        if item["type"] == limits.TEXT_INPUT:
            text = "" if value is None else value
            if not isinstance(text, str):
                raise InjectionError(f"text input {custom_id!r} takes a string")
            required = item.get("required", True)
            if required and not text:
                raise InjectionError(f"text input {custom_id!r} is required")
            low, high = (
                item.get("min_length", 0),
                item.get("max_length", limits.TEXT_INPUT_VALUE_MAX),
            )
            if text and not low <= len(text) <= high:
                raise InjectionError(f"text input {custom_id!r} must be {low}-{high} characters")
            entry["value"] = text
        else:
            chosen = [] if value is None else ([value] if isinstance(value, str) else list(value))
            entry["values"] = chosen
        return entry

    for comp in modal.get("components") or []:
        if comp.get("type") == limits.ACTION_ROW:
            out.append(
                {"type": 1, "components": [submitted(c) for c in comp.get("components") or []]}
            )
        elif comp.get("type") == limits.LABEL and isinstance(comp.get("component"), dict):
            entry: JSON = {"type": limits.LABEL, "component": submitted(comp["component"])}
            if "id" in comp:
                entry["id"] = comp["id"]
            out.append(entry)
    if remaining:
        raise InjectionError(f"the modal has no inputs {sorted(remaining)}")
    return out
