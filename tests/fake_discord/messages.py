"""Creating, editing and deleting messages, shared by channel and interaction routes.

One code path means a message posted through ``channel.send`` and one
posted as an interaction reply get the same pings, events and storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tests.fake_discord import gateway as gw
from tests.fake_discord import mentions
from tests.fake_discord import permissions as perm
from tests.fake_discord.state import (
    FLAG_EPHEMERAL,
    FLAG_IS_COMPONENTS_V2,
    FLAG_LOADING,
    FLAG_SUPPRESS_EMBEDS,
    FLAG_SUPPRESS_NOTIFICATIONS,
    JSON,
    Attachment,
    Channel,
    Message,
    Ping,
    User,
)

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str
    data: bytes
    content_type: str | None


def _attachments_from(emu: FakeDiscord, files: list[UploadedFile]) -> list[Attachment]:
    return [
        Attachment(
            id=emu.world.ids.next(), filename=f.filename, data=f.data, content_type=f.content_type
        )
        for f in files
    ]


def message_event_data(emu: FakeDiscord, message: Message) -> gw.DataFor:
    """Return per-session MESSAGE_CREATE/UPDATE data honouring MESSAGE_CONTENT.

    Without the intent Discord blanks content, embeds, attachments and
    components, except in DMs, for the bot's own messages, and for messages
    that mention the bot.
    """

    def build(session: gw.GatewaySession) -> JSON:
        exempt = (
            message.guild_id is None
            or message.author.id == emu.world.bot.id
            or emu.world.bot.id in message.mention_user_ids
        )
        strip = not exempt and not session.intents & gw.MESSAGE_CONTENT
        return message.payload(emu.world, strip_content=strip)

    return build


async def dispatch_message(emu: FakeDiscord, event: str, message: Message) -> None:
    """Send MESSAGE_CREATE/UPDATE to sessions with the right intent (never for ephemerals)."""
    if message.ephemeral:
        return
    if message.guild_id is None:
        await emu.gateway.broadcast(
            event, message_event_data(emu, message), intent=gw.DIRECT_MESSAGES, dm=True
        )
    else:
        await emu.gateway.broadcast(
            event,
            message_event_data(emu, message),
            intent=gw.GUILD_MESSAGES,
            guild_id=message.guild_id,
        )


def record_pings(
    emu: FakeDiscord, message: Message, allowed: JSON | None, *, sender_id: int
) -> None:
    """Resolve mentions, store them on the message and log the pings."""
    world = emu.world
    channel = world.channels[message.channel_id]
    guild = world.guild_of(channel)
    can_everyone = bool(world.permissions_in(channel, sender_id) & perm.MENTION_EVERYONE)
    replied: int | None = None
    if message.reference is not None:
        ref = world.messages.get(int(message.reference.get("message_id") or 0))
        if ref is not None and ref.author.id != sender_id:
            replied = ref.author.id
    result = mentions.resolve(
        message.content,
        allowed,
        guild=guild,
        can_mention_everyone=can_everyone,
        replied_author_id=replied,
    )
    message.mention_user_ids = list(result.users)
    if result.replied_user is not None and result.replied_user not in message.mention_user_ids:
        message.mention_user_ids.append(result.replied_user)
    message.mention_role_ids = list(result.roles)
    message.mention_everyone = result.everyone or result.here
    if message.flags & FLAG_SUPPRESS_NOTIFICATIONS:
        return  # @silent messages mention but notify nobody
    for user_id in result.users:
        world.pings.append(Ping(message.id, message.channel_id, "user", user_id))
    for role_id in result.roles:
        world.pings.append(Ping(message.id, message.channel_id, "role", role_id))
    if result.everyone:
        world.pings.append(Ping(message.id, message.channel_id, "everyone"))
    if result.here:
        world.pings.append(Ping(message.id, message.channel_id, "here"))
    if result.replied_user is not None:
        world.pings.append(Ping(message.id, message.channel_id, "reply", result.replied_user))


def _message_flags(body: JSON, *, allow_ephemeral: bool) -> int:
    allowed = FLAG_SUPPRESS_EMBEDS | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_IS_COMPONENTS_V2
    if allow_ephemeral:
        allowed |= FLAG_EPHEMERAL
    return int(body.get("flags") or 0) & allowed


async def create_message(
    emu: FakeDiscord,
    channel: Channel,
    author: User,
    body: JSON,
    files: list[UploadedFile] | None = None,
    *,
    message_type: int = 0,
    interaction_metadata: JSON | None = None,
    allow_ephemeral: bool = False,
    extra_flags: int = 0,
    dispatch: bool = True,
    message_id: int | None = None,
) -> Message:
    """Store a new message, record its pings and dispatch MESSAGE_CREATE."""
    world = emu.world
    is_interaction = interaction_metadata is not None
    message = Message(
        id=message_id if message_id is not None else world.ids.next(),
        channel_id=channel.id,
        guild_id=channel.guild_id,
        author=author,
        content=str(body.get("content") or ""),
        embeds=[dict(e, type=e.get("type", "rich")) for e in body.get("embeds") or []],
        components=list(body.get("components") or []),
        attachments=_attachments_from(emu, files or []),
        flags=_message_flags(body, allow_ephemeral=allow_ephemeral) | extra_flags,
        type=message_type,
        timestamp=world.clock.iso(),
        nonce=body.get("nonce"),
        tts=bool(body.get("tts", False)),
        reference=body.get("message_reference"),
        webhook_id=world.application.id if is_interaction else None,
        application_id=world.application.id if is_interaction else None,
        interaction_metadata=interaction_metadata,
    )
    world.messages[message.id] = message
    if not message.ephemeral:
        channel.message_ids.append(message.id)
        channel.total_message_sent += 1
    record_pings(emu, message, body.get("allowed_mentions"), sender_id=author.id)
    if dispatch:
        await dispatch_message(emu, "MESSAGE_CREATE", message)
    world.touch()
    return message


async def edit_message(
    emu: FakeDiscord,
    message: Message,
    body: JSON,
    files: list[UploadedFile] | None = None,
    *,
    notify: bool = False,
) -> Message:
    """Apply an edit body (only the keys present change) and dispatch MESSAGE_UPDATE.

    ``notify`` is for the edit that fills a deferred "thinking" message: that
    is the content's first delivery, so its mentions do ping.
    """
    world = emu.world
    if "content" in body:
        message.content = str(body["content"] or "")
    if "embeds" in body:
        message.embeds = [dict(e, type=e.get("type", "rich")) for e in body["embeds"] or []]
    if "components" in body:
        message.components = list(body["components"] or [])
    if "attachments" in body or files:
        keep = {
            int(a["id"])
            for a in body.get("attachments") or []
            if "id" in a and str(a["id"]).isdigit()
        }
        kept = (
            [a for a in message.attachments if a.id in keep]
            if "attachments" in body
            else message.attachments
        )
        message.attachments = kept + _attachments_from(emu, files or [])
    if "flags" in body and body["flags"] is not None:
        toggle = FLAG_SUPPRESS_EMBEDS
        message.flags = (message.flags & ~toggle) | (int(body["flags"]) & toggle)
    message.flags &= ~FLAG_LOADING
    message.edited_timestamp = world.clock.iso()
    if "content" in body or "allowed_mentions" in body:
        # Mentions are recomputed on edit, but Discord does not notify anyone again.
        before = len(world.pings)
        record_pings(emu, message, body.get("allowed_mentions"), sender_id=message.author.id)
        if not notify:
            del world.pings[before:]
    await dispatch_message(emu, "MESSAGE_UPDATE", message)
    world.touch()
    return message


async def delete_message(emu: FakeDiscord, message: Message) -> None:
    """Delete a message and dispatch MESSAGE_DELETE."""
    world = emu.world
    message.deleted = True
    channel = world.channels.get(message.channel_id)
    if channel is not None:
        if message.id in channel.message_ids:
            channel.message_ids.remove(message.id)
        channel.pins = [p for p in channel.pins if p[0] != message.id]
    if not message.ephemeral:
        data: JSON = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
            await emu.gateway.broadcast(
                "MESSAGE_DELETE", data, intent=gw.GUILD_MESSAGES, guild_id=message.guild_id
            )
        else:
            await emu.gateway.broadcast("MESSAGE_DELETE", data, intent=gw.DIRECT_MESSAGES, dm=True)
    world.touch()
