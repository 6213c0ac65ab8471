"""REST API v10: the routes a bot uses, with Discord's checks and error shapes.

Every handler either returns JSON or raises :class:`DiscordError`; the
middleware turns both into responses with ``Content-Type:
application/json`` exactly (discord.py compares the header verbatim and a
``; charset`` suffix breaks login), applies armed faults, checks the bot
token and records the exchange.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from tests.fake_discord import errors as err
from tests.fake_discord import gateway as gw
from tests.fake_discord import limits
from tests.fake_discord import permissions as perm
from tests.fake_discord.errors import DiscordError, FormErrors
from tests.fake_discord.messages import UploadedFile, create_message, delete_message, edit_message
from tests.fake_discord.recorder import RequestRecord
from tests.fake_discord.state import (
    DM,
    GUILD_ANNOUNCEMENT,
    GUILD_FORUM,
    GUILD_TEXT,
    JSON,
    PRIVATE_THREAD,
    PUBLIC_THREAD,
    THREAD_TYPES,
    Channel,
    Command,
    Guild,
    Message,
)

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord

API_PREFIX = "/api/v10"
EMU_KEY: web.AppKey[FakeDiscord] = web.AppKey("emu")


class JsonReply(web.Response):
    """A response that remembers its JSON payload for the recorder."""

    payload: Any = None


# Typed storage keys where aiohttp has them (3.13+); plain strings before.
_BODY_KEY: Any = web.RequestKey("json", object) if hasattr(web, "RequestKey") else "json"
_FILES_KEY: Any = web.RequestKey("files", list) if hasattr(web, "RequestKey") else "files"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

MAX_PINS = 50
TEXT_LIKE = frozenset({GUILD_TEXT, GUILD_ANNOUNCEMENT, DM, *THREAD_TYPES})
ARCHIVE_DURATIONS = (60, 1440, 4320, 10080)


# --- responses ---


def reply(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """Return a JSON response with Discord's exact content type."""
    if status == 204:
        response = JsonReply(status=204)
    else:
        response = JsonReply(
            body=json.dumps(payload).encode(),
            status=status,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
    response.payload = payload
    return response


def no_content() -> web.Response:
    """Return 204 No Content."""
    return reply(None, 204)


def _bucket(route: str) -> str:
    return hashlib.sha1(route.encode()).hexdigest()[:16]


def _ratelimit_headers(route: str) -> dict[str, str]:
    # Plenty of room left, so discord.py's bucket logic runs on realistic
    # headers without ever pre-emptively sleeping.
    return {
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": "49",
        "X-RateLimit-Reset-After": "1.000",
        "X-RateLimit-Bucket": _bucket(route),
    }


def snowflake(value: str, name: str) -> int:
    """Parse a snowflake path or body value, failing the way Discord does."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise err.invalid_form_body(
            {
                name: {
                    "_errors": [
                        {
                            "code": "NUMBER_TYPE_COERCE",
                            "message": f'Value "{value}" is not snowflake.',
                        }
                    ]
                }
            }
        ) from None


def _requires_auth(template: str) -> bool:
    return not (
        template.startswith(("/interactions/", "/webhooks/{webhook_id}/{webhook_token}"))
        or template == "/gateway"
    )


# --- body parsing ---


async def _parse_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    if request.method in ("GET", "DELETE", "HEAD") and not request.can_read_body:
        return None, []
    content_type = request.content_type
    if content_type.startswith("multipart/"):
        body: Any = None
        files: list[UploadedFile] = []
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, BodyPartReader):
                continue  # nested multipart: discord.py never sends one
            raw = await part.read()
            if part.name == "payload_json":
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise DiscordError(
                        400, err.INVALID_JSON, "The request body contains invalid JSON."
                    ) from None
            else:
                files.append(
                    UploadedFile(
                        str(part.name),
                        part.filename or "file",
                        bytes(raw),
                        part.headers.get("Content-Type"),
                    )
                )
        return body, files
    raw_text = await request.text()
    if not raw_text:
        return None, []
    try:
        return json.loads(raw_text), []
    except ValueError:
        raise DiscordError(
            400, err.INVALID_JSON, "The request body contains invalid JSON."
        ) from None


def body_of(request: web.Request) -> JSON:
    """Return the parsed JSON object body (``{}`` when absent)."""
    body = request.get(_BODY_KEY)
    return body if isinstance(body, dict) else {}


def files_of(request: web.Request) -> list[UploadedFile]:
    """Return the uploaded files of a multipart request."""
    files: list[UploadedFile] = request.get(_FILES_KEY, [])
    return files


def route_key(request: web.Request) -> str:
    """Return "METHOD /template" for a request, e.g. "GET /users/@me"."""
    resource = request.match_info.route.resource
    template = resource.canonical if resource is not None else request.path
    if template.startswith(API_PREFIX):
        template = template[len(API_PREFIX) :]
    return f"{request.method} {template}"


@web.middleware
async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Record, fault-inject, authenticate and error-map every REST call."""
    emu = request.app[EMU_KEY]
    if request.path == "/" or request.path == "/resume":
        return await handler(request)  # the gateway websocket
    key = route_key(request)
    record = RequestRecord(
        method=request.method,
        path=request.path_qs,
        route=key,
        query=dict(request.query),
        headers=dict(request.headers),
        body=None,
        at=emu.clock.now(),
    )
    emu.recorder.requests.append(record)
    response: web.StreamResponse | None
    try:
        body, files = await _parse_body(request)
        record.body = body
        record.files = [f.filename for f in files]
        request[_BODY_KEY] = body
        request[_FILES_KEY] = files
        response = await _faulted(emu, key)
        if response is None:
            template = key.split(" ", 1)[1]
            if (
                _requires_auth(template)
                and request.headers.get("Authorization") != f"Bot {emu.token}"
            ):
                raise err.unauthorized()
            try:
                response = await handler(request)
            except web.HTTPMethodNotAllowed:
                raise err.method_not_allowed() from None
            except web.HTTPNotFound:
                raise err.not_found_route() from None
            if response.status < 300 and isinstance(response, web.Response):
                response.headers.update(_ratelimit_headers(key))
    except DiscordError as exc:
        response = reply(exc.body(), exc.status, exc.headers)
    assert response is not None
    record.status = response.status
    record.response = response.payload if isinstance(response, JsonReply) else None
    emu.world.touch()
    return response


async def _faulted(emu: FakeDiscord, key: str) -> web.Response | None:
    fired = emu.faults.take(key)
    for fault in fired:
        if fault.kind == "slow":
            await asyncio.sleep(fault.delay)
    for fault in fired:
        if fault.kind == "rate_limit":
            body = {
                "message": "You are being rate limited.",
                "retry_after": fault.retry_after,
                "global": fault.is_global,
            }
            headers = {
                "Retry-After": str(max(1, math.ceil(fault.retry_after))),
                "X-RateLimit-Scope": fault.scope,
            }
            if fault.is_global:
                headers["X-RateLimit-Global"] = "true"
            else:
                headers.update(
                    {
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
                        "X-RateLimit-Bucket": _bucket(key),
                    }
                )
            if fault.via:
                # Without Via, discord.py assumes a Cloudflare ban and gives up.
                headers["Via"] = "1.1 google"
            return reply(body, 429, headers)
        if fault.kind == "status":
            if fault.status == 502:
                # Cloudflare answers 502 with HTML, not JSON.
                return JsonReply(
                    text="<html><body><h1>502 Bad Gateway</h1></body></html>",
                    status=502,
                    content_type="text/html",
                )
            return reply(
                {"message": f"{fault.status}: Internal Server Error", "code": 0}, fault.status
            )
    return None


# --- shared lookups and checks ---


class Rest:
    """Route handlers; one instance per emulator."""

    def __init__(self, emu: FakeDiscord) -> None:
        self.emu = emu
        self.world = emu.world

    # lookups

    def channel(self, request: web.Request, name: str = "channel_id") -> Channel:
        """Return the channel in the path, or raise 10003 / 50001."""
        channel_id = snowflake(request.match_info[name], name)
        channel = self.world.channels.get(channel_id)
        if channel is None:
            raise err.unknown("Channel")
        if channel.type != DM and channel.guild_id not in self.world.guilds:
            raise err.unknown("Channel")
        if not self.world.bot_permissions_in(channel) & perm.VIEW_CHANNEL:
            raise err.missing_access()
        return channel

    def message(self, channel: Channel, request: web.Request) -> Message:
        """Return the message in the path, or raise 10008."""
        message_id = snowflake(request.match_info["message_id"], "message_id")
        message = self.world.messages.get(message_id)
        if (
            message is None
            or message.deleted
            or message.channel_id != channel.id
            or message.ephemeral
        ):
            raise err.unknown("Message")
        return message

    def guild(self, request: web.Request) -> Guild:
        """Return the guild in the path, or raise 10004."""
        guild_id = snowflake(request.match_info["guild_id"], "guild_id")
        guild = self.world.guilds.get(guild_id)
        if guild is None:
            raise err.unknown("Guild")
        return guild

    def require(self, channel: Channel, bits: int) -> None:
        """Raise 50013 unless the bot has every permission in ``bits`` here."""
        if self.world.bot_permissions_in(channel) & bits != bits:
            raise err.missing_permissions()

    # --- application and users ---

    async def get_me(self, request: web.Request) -> web.Response:
        """GET /users/@me."""
        bot = self.world.bot
        return reply(
            {
                **bot.payload(),
                "verified": True,
                "mfa_enabled": False,
                "locale": "en-US",
                "email": None,
            }
        )

    async def get_application(self, request: web.Request) -> web.Response:
        """GET /oauth2/applications/@me (and /applications/@me)."""
        app = self.world.application
        return reply(
            {
                "id": str(app.id),
                "name": app.name,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": app.flags,
                "owner": self.world.users[self.emu.owner_id].payload(),
                "team": None,
                "bot": self.world.bot.payload(),
                "rpc_origins": [],
                "tags": [],
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "approximate_guild_count": len(self.world.guilds),
                "integration_types_config": {"0": {}, "1": {}},
            }
        )

    async def get_gateway(self, request: web.Request) -> web.Response:
        """GET /gateway."""
        return reply({"url": self.emu.gateway_url})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        """GET /gateway/bot: the URL, recommended shards and identify budget."""
        return reply(
            {
                "url": self.emu.gateway_url,
                "shards": self.emu.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 86_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    async def get_user(self, request: web.Request) -> web.Response:
        """GET /users/{user_id}."""
        user = self.world.users.get(snowflake(request.match_info["user_id"], "user_id"))
        if user is None:
            raise err.unknown("User")
        return reply(user.payload())

    async def my_guilds(self, request: web.Request) -> web.Response:
        """GET /users/@me/guilds."""
        return reply(
            [
                {
                    "id": str(g.id),
                    "name": g.name,
                    "icon": None,
                    "owner": False,
                    "permissions": "0",
                    "features": [],
                }
                for g in self.world.guilds.values()
            ]
        )

    async def leave_guild(self, request: web.Request) -> web.Response:
        """DELETE /users/@me/guilds/{guild_id}: the bot leaves, GUILD_DELETE follows."""
        guild = self.guild(request)
        await self.emu.remove_bot_from_guild(guild)
        return no_content()

    async def open_dm(self, request: web.Request) -> web.Response:
        """POST /users/@me/channels: open (or reuse) a DM channel."""
        body = body_of(request)
        if "recipient_id" not in body:
            errors = FormErrors()
            errors.required(("recipient_id",))
            errors.raise_if_any()
        user = self.world.users.get(snowflake(str(body["recipient_id"]), "recipient_id"))
        if user is None:
            raise err.unknown("User")
        channel = self.emu.dm_channel(user)
        return reply(channel.payload(self.world))

    # --- guilds ---

    async def get_guild(self, request: web.Request) -> web.Response:
        """GET /guilds/{guild_id}."""
        guild = self.guild(request)
        data = guild.payload(self.world, members=False)
        for key in ("channels", "threads", "members", "voice_states", "presences"):
            data.pop(key, None)
        return reply(data)

    async def guild_channels(self, request: web.Request) -> web.Response:
        """GET /guilds/{guild_id}/channels."""
        guild = self.guild(request)
        channels = [self.world.channels[c] for c in guild.channel_ids if c in self.world.channels]
        return reply([c.payload(self.world) for c in channels if not c.is_thread])

    async def guild_roles(self, request: web.Request) -> web.Response:
        """GET /guilds/{guild_id}/roles."""
        guild = self.guild(request)
        return reply([r.payload() for r in guild.roles.values()])

    async def guild_member(self, request: web.Request) -> web.Response:
        """GET /guilds/{guild_id}/members/{user_id}."""
        guild = self.guild(request)
        member = guild.members.get(snowflake(request.match_info["user_id"], "user_id"))
        if member is None:
            raise err.unknown("Member")
        return reply(member.payload())

    async def guild_members(self, request: web.Request) -> web.Response:
        """GET /guilds/{guild_id}/members (needs the privileged members intent on Discord)."""
        guild = self.guild(request)
        limit = int(request.query.get("limit", "1"))
        after = int(request.query.get("after", "0"))
        members = sorted((m for m in guild.members.values() if m.id > after), key=lambda m: m.id)
        return reply([m.payload() for m in members[:limit]])

    async def active_threads(self, request: web.Request) -> web.Response:
        """GET /guilds/{guild_id}/threads/active."""
        guild = self.guild(request)
        threads = [
            self.world.channels[c]
            for c in guild.channel_ids
            if c in self.world.channels
            and self.world.channels[c].is_thread
            and not self.world.channels[c].archived
        ]
        return reply({"threads": [t.payload(self.world) for t in threads], "members": []})

    # --- channels ---

    async def get_channel(self, request: web.Request) -> web.Response:
        """GET /channels/{channel_id}."""
        return reply(self.channel(request).payload(self.world))

    async def modify_channel(self, request: web.Request) -> web.Response:
        """PATCH /channels/{channel_id}: rename, archive, lock (threads) or edit a channel."""
        channel = self.channel(request)
        body = body_of(request)
        errors = FormErrors()
        if "name" in body:
            limits.check_length(errors, ("name",), body["name"], 100, low=1)
        if (
            "auto_archive_duration" in body
            and body["auto_archive_duration"] not in ARCHIVE_DURATIONS
        ):
            errors.choices(("auto_archive_duration",), list(ARCHIVE_DURATIONS))
        errors.raise_if_any()
        if channel.is_thread:
            is_owner = channel.owner_id == self.world.bot.id
            only_unarchive = set(body) <= {"archived"} and body.get("archived") is False
            if not (is_owner and not channel.locked) and not only_unarchive:
                self.require(channel, perm.MANAGE_THREADS)
            if "locked" in body:
                self.require(channel, perm.MANAGE_THREADS)
            for key in (
                "name",
                "locked",
                "auto_archive_duration",
                "rate_limit_per_user",
                "invitable",
            ):
                if key in body:
                    setattr(channel, key, body[key])
            if "archived" in body:
                channel.archived = bool(body["archived"])
                channel.archive_timestamp = self.world.clock.iso()
            await self.emu.gateway.broadcast(
                "THREAD_UPDATE",
                channel.payload(self.world),
                intent=gw.GUILDS,
                guild_id=channel.guild_id,
            )
        else:
            self.require(channel, perm.MANAGE_CHANNELS)
            for key in ("name", "topic", "position", "rate_limit_per_user"):
                if key in body:
                    setattr(channel, key, body[key])
            await self.emu.gateway.broadcast(
                "CHANNEL_UPDATE",
                channel.payload(self.world),
                intent=gw.GUILDS,
                guild_id=channel.guild_id,
            )
        return reply(channel.payload(self.world))

    async def delete_channel(self, request: web.Request) -> web.Response:
        """DELETE /channels/{channel_id}."""
        channel = self.channel(request)
        if channel.type != DM:
            self.require(
                channel, perm.MANAGE_THREADS if channel.is_thread else perm.MANAGE_CHANNELS
            )
        payload = channel.payload(self.world)
        await self.emu.delete_channel(channel)
        return reply(payload)

    async def typing(self, request: web.Request) -> web.Response:
        """POST /channels/{channel_id}/typing."""
        self.channel(request)
        return no_content()

    # --- messages ---

    def _check_can_send(self, channel: Channel, body: JSON, files: list[UploadedFile]) -> None:
        if channel.type not in TEXT_LIKE:
            raise DiscordError(400, 50008, "Cannot send messages in a non-text channel")
        if channel.type == DM:
            recipient = self.world.users[channel.recipient_ids[0]]
            shares_guild = any(recipient.id in g.members for g in self.world.guilds.values())
            if not recipient.accepts_dms or not shares_guild:
                raise DiscordError(403, err.CANNOT_DM_USER, "Cannot send messages to this user")
            return
        if channel.is_thread:
            if (
                channel.archived
                and channel.locked
                and not (self.world.bot_permissions_in(channel) & perm.MANAGE_THREADS)
            ):
                raise DiscordError(400, err.THREAD_ARCHIVED, "Thread is archived")
            self.require(channel, perm.SEND_MESSAGES_IN_THREADS)
        else:
            self.require(channel, perm.SEND_MESSAGES)
        if body.get("embeds"):
            self.require(channel, perm.EMBED_LINKS)
        if files:
            self.require(channel, perm.ATTACH_FILES)

    def _check_reference(self, channel: Channel, body: JSON, errors: FormErrors) -> None:
        ref = body.get("message_reference")
        if not ref:
            return
        target = self.world.messages.get(int(ref.get("message_id") or 0))
        missing = (
            target is None
            or target.deleted
            or target.channel_id != int(ref.get("channel_id") or channel.id)
        )
        if missing and ref.get("fail_if_not_exists", True):
            errors.add(
                ("message_reference",), "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"
            )
        elif missing:
            body.pop("message_reference", None)

    def _nonce_hit(self, channel: Channel, body: JSON) -> Message | None:
        nonce = body.get("nonce")
        if nonce is None or not body.get("enforce_nonce"):
            return None
        key = (channel.id, self.world.bot.id, str(nonce))
        hit = self.world.nonces.get(key)
        if hit is not None and self.world.clock.now() - hit[1] <= limits.NONCE_WINDOW:
            message = self.world.messages.get(hit[0])
            if message is not None and not message.deleted:
                return message
        return None

    async def send_message(self, request: web.Request) -> web.Response:
        """POST /channels/{channel_id}/messages."""
        channel = self.channel(request)
        body = body_of(request)
        files = files_of(request)
        errors = FormErrors()
        limits.validate_message(body, errors, creating=False)
        self._check_reference(channel, body, errors)
        errors.raise_if_any()
        if limits.is_empty_message(body, has_files=bool(files)):
            raise DiscordError(400, err.EMPTY_MESSAGE, "Cannot send an empty message")
        self._check_can_send(channel, body, files)
        previous = self._nonce_hit(channel, body)
        if previous is not None:
            # enforce_nonce: Discord answers with the first message, creating nothing.
            return reply(previous.payload(self.world))
        if channel.is_thread and channel.archived:
            channel.archived = False
            await self.emu.gateway.broadcast(
                "THREAD_UPDATE",
                channel.payload(self.world),
                intent=gw.GUILDS,
                guild_id=channel.guild_id,
            )
        message_type = 19 if body.get("message_reference") else 0
        message = await create_message(
            self.emu, channel, self.world.bot, body, files, message_type=message_type
        )
        if body.get("nonce") is not None and body.get("enforce_nonce"):
            key = (channel.id, self.world.bot.id, str(body["nonce"]))
            self.world.nonces[key] = (message.id, self.world.clock.now())
        return reply(message.payload(self.world))

    async def get_message(self, request: web.Request) -> web.Response:
        """GET /channels/{channel_id}/messages/{message_id}."""
        channel = self.channel(request)
        self.require(channel, perm.READ_MESSAGE_HISTORY)
        return reply(self.message(channel, request).payload(self.world))

    async def edit_message(self, request: web.Request) -> web.Response:
        """PATCH /channels/{channel_id}/messages/{message_id}: only the bot's own."""
        channel = self.channel(request)
        message = self.message(channel, request)
        body = body_of(request)
        if message.author.id != self.world.bot.id or message.webhook_id is not None:
            raise DiscordError(
                403,
                err.CANNOT_EDIT_OTHERS_MESSAGE,
                "Cannot edit a message authored by another user",
            )
        errors = FormErrors()
        limits.validate_message(body, errors, creating=False)
        errors.raise_if_any()
        if body.get("embeds"):
            self.require(channel, perm.EMBED_LINKS)
        await edit_message(self.emu, message, body, files_of(request))
        return reply(message.payload(self.world))

    async def delete_message(self, request: web.Request) -> web.Response:
        """DELETE /channels/{channel_id}/messages/{message_id}."""
        channel = self.channel(request)
        message = self.message(channel, request)
        if message.author.id != self.world.bot.id and channel.type != DM:
            self.require(channel, perm.MANAGE_MESSAGES)
        elif message.author.id != self.world.bot.id:
            raise err.missing_permissions()
        await delete_message(self.emu, message)
        return no_content()

    async def bulk_delete(self, request: web.Request) -> web.Response:
        """POST /channels/{channel_id}/messages/bulk-delete: 2-100 messages."""
        channel = self.channel(request)
        self.require(channel, perm.MANAGE_MESSAGES)
        ids = body_of(request).get("messages") or []
        if not 2 <= len(ids) <= 100:
            errors = FormErrors()
            errors.bad_length(("messages",), 2, 100)
            errors.raise_if_any()
        for raw in ids:
            message = self.world.messages.get(int(raw))
            if message is not None and message.channel_id == channel.id and not message.deleted:
                await delete_message(self.emu, message)
        return no_content()

    async def history(self, request: web.Request) -> web.Response:
        """GET /channels/{channel_id}/messages: newest first, before/after/around."""
        channel = self.channel(request)
        try:
            limit = int(request.query.get("limit", "50"))
        except ValueError:
            limit = -1
        if not 1 <= limit <= 100:
            errors = FormErrors()
            limits.check_int_range(errors, ("limit",), limit, 1, 100)
            errors.raise_if_any()
        if not self.world.bot_permissions_in(channel) & perm.READ_MESSAGE_HISTORY:
            return reply([])  # Discord returns nothing rather than an error
        ids = list(channel.message_ids)
        if "before" in request.query:
            before = snowflake(request.query["before"], "before")
            picked = [i for i in ids if i < before][-limit:]
        elif "after" in request.query:
            after = snowflake(request.query["after"], "after")
            picked = [i for i in ids if i > after][:limit]
        elif "around" in request.query:
            around = snowflake(request.query["around"], "around")
            older = [i for i in ids if i <= around][-(limit // 2 + limit % 2) :]
            newer = [i for i in ids if i > around][: limit // 2]
            picked = older + newer
        else:
            picked = ids[-limit:]
        return reply([self.world.messages[i].payload(self.world) for i in reversed(picked)])

    async def add_reaction(self, request: web.Request) -> web.Response:
        """PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me."""
        channel = self.channel(request)
        message = self.message(channel, request)
        emoji = request.match_info["emoji"]
        if emoji not in message.reactions:
            self.require(channel, perm.ADD_REACTIONS | perm.READ_MESSAGE_HISTORY)
        message.reactions.setdefault(emoji, set()).add(self.world.bot.id)
        return no_content()

    async def remove_own_reaction(self, request: web.Request) -> web.Response:
        """DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me."""
        channel = self.channel(request)
        message = self.message(channel, request)
        message.reactions.get(request.match_info["emoji"], set()).discard(self.world.bot.id)
        return no_content()

    # --- pins ---

    async def pin(self, request: web.Request) -> web.Response:
        """PUT /channels/{channel_id}/messages/pins/{message_id} (and the legacy path)."""
        channel = self.channel(request)
        perms = self.world.bot_permissions_in(channel)
        if channel.type != DM and not perms & (perm.MANAGE_MESSAGES | perm.PIN_MESSAGES):
            raise err.missing_permissions()
        message = self.message(channel, request)
        if message.pinned:
            return no_content()
        if len(channel.pins) >= MAX_PINS:
            raise DiscordError(400, err.MAX_PINS, f"Maximum number of pins reached ({MAX_PINS})")
        message.pinned = True
        channel.pins.insert(0, (message.id, self.world.clock.iso()))
        await self._pins_changed(channel, message)
        # Discord posts a "pinned a message" system message (type 6).
        await create_message(
            self.emu,
            channel,
            self.world.bot,
            {
                "content": "",
                "message_reference": {"message_id": str(message.id), "channel_id": str(channel.id)},
            },
            message_type=6,
        )
        return no_content()

    async def unpin(self, request: web.Request) -> web.Response:
        """DELETE /channels/{channel_id}/messages/pins/{message_id} (and the legacy path)."""
        channel = self.channel(request)
        if channel.type != DM and not self.world.bot_permissions_in(channel) & (
            perm.MANAGE_MESSAGES | perm.PIN_MESSAGES
        ):
            raise err.missing_permissions()
        message = self.message(channel, request)
        if message.pinned:
            message.pinned = False
            channel.pins = [p for p in channel.pins if p[0] != message.id]
            await self._pins_changed(channel, message)
        return no_content()

    async def _pins_changed(self, channel: Channel, message: Message) -> None:
        data: JSON = {
            "channel_id": str(channel.id),
            "last_pin_timestamp": channel.pins[0][1] if channel.pins else None,
        }
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
            await self.emu.gateway.broadcast(
                "CHANNEL_PINS_UPDATE", data, intent=gw.GUILDS, guild_id=channel.guild_id
            )
            await self.emu.gateway.broadcast(
                "MESSAGE_UPDATE",
                message.payload(self.world),
                intent=gw.GUILD_MESSAGES,
                guild_id=channel.guild_id,
            )

    async def list_pins(self, request: web.Request) -> web.Response:
        """GET /channels/{channel_id}/messages/pins: ``{"items": [...], "has_more"}``."""
        channel = self.channel(request)
        limit = int(request.query.get("limit", "50"))
        pins = channel.pins
        if "before" in request.query:
            before = request.query["before"]
            pins = [p for p in pins if p[1] < before]
        page = pins[:limit]
        items = [
            {"pinned_at": at, "message": self.world.messages[mid].payload(self.world)}
            for mid, at in page
        ]
        return reply({"items": items, "has_more": len(pins) > limit})

    async def list_pins_legacy(self, request: web.Request) -> web.Response:
        """GET /channels/{channel_id}/pins: the older list-of-messages shape."""
        channel = self.channel(request)
        return reply([self.world.messages[mid].payload(self.world) for mid, _ in channel.pins])

    # --- threads ---

    def _thread_body_checks(self, body: JSON) -> None:
        errors = FormErrors()
        if body.get("name") is None:
            errors.required(("name",))
        else:
            limits.check_length(errors, ("name",), body["name"], 100, low=1)
        duration = body.get("auto_archive_duration")
        if duration is not None and duration not in ARCHIVE_DURATIONS:
            errors.choices(("auto_archive_duration",), list(ARCHIVE_DURATIONS))
        errors.raise_if_any()

    async def thread_from_message(self, request: web.Request) -> web.Response:
        """POST /channels/{channel_id}/messages/{message_id}/threads: thread id = message id."""
        channel = self.channel(request)
        message = self.message(channel, request)
        body = body_of(request)
        self._thread_body_checks(body)
        if channel.type not in (GUILD_TEXT, GUILD_ANNOUNCEMENT):
            raise DiscordError(
                400, err.WRONG_CHANNEL_TYPE, "Cannot execute action on this channel type"
            )
        self.require(channel, perm.CREATE_PUBLIC_THREADS)
        if message.thread_id is not None:
            raise DiscordError(
                400,
                err.THREAD_ALREADY_CREATED,
                "A thread has already been created for this message",
            )
        thread = self.emu.add_thread(
            channel,
            str(body["name"]),
            owner=self.world.bot,
            thread_id=message.id,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        message.thread_id = thread.id
        await self.emu.gateway.broadcast(
            "THREAD_CREATE",
            {**thread.payload(self.world), "newly_created": True},
            intent=gw.GUILDS,
            guild_id=channel.guild_id,
        )
        return reply(thread.payload(self.world), 201)

    async def thread_without_message(self, request: web.Request) -> web.Response:
        """POST /channels/{channel_id}/threads: public/private, or a forum post."""
        channel = self.channel(request)
        body = body_of(request)
        self._thread_body_checks(body)
        if channel.type == GUILD_FORUM:
            return await self._forum_post(channel, body, files_of(request))
        if channel.type not in (GUILD_TEXT, GUILD_ANNOUNCEMENT):
            raise DiscordError(
                400, err.WRONG_CHANNEL_TYPE, "Cannot execute action on this channel type"
            )
        kind = int(body.get("type") or PRIVATE_THREAD)
        if kind not in (PUBLIC_THREAD, PRIVATE_THREAD, 10):
            errors = FormErrors()
            errors.choices(("type",), [10, 11, 12])
            errors.raise_if_any()
        self.require(
            channel,
            perm.CREATE_PRIVATE_THREADS if kind == PRIVATE_THREAD else perm.CREATE_PUBLIC_THREADS,
        )
        thread = self.emu.add_thread(
            channel,
            str(body["name"]),
            owner=self.world.bot,
            private=kind == PRIVATE_THREAD,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        thread.invitable = bool(body.get("invitable", True))
        await self.emu.gateway.broadcast(
            "THREAD_CREATE",
            {**thread.payload(self.world), "newly_created": True},
            intent=gw.GUILDS,
            guild_id=channel.guild_id,
        )
        return reply(thread.payload(self.world), 201)

    async def _forum_post(
        self, channel: Channel, body: JSON, files: list[UploadedFile]
    ) -> web.Response:
        self.require(channel, perm.SEND_MESSAGES)
        starter = body.get("message") or {}
        errors = FormErrors()
        limits.validate_message(starter, errors, ("message",), creating=False)
        errors.raise_if_any()
        if limits.is_empty_message(starter, has_files=bool(files)):
            raise DiscordError(400, err.EMPTY_MESSAGE, "Cannot send an empty message")
        thread = self.emu.add_thread(channel, str(body["name"]), owner=self.world.bot)
        # A forum post's thread shares its id with the starter message.
        message = await create_message(
            self.emu, thread, self.world.bot, starter, files, dispatch=False, message_id=thread.id
        )
        data = {
            **thread.payload(self.world),
            "newly_created": True,
            "message": message.payload(self.world),
        }
        await self.emu.gateway.broadcast(
            "THREAD_CREATE", data, intent=gw.GUILDS, guild_id=channel.guild_id
        )
        return reply(data, 201)

    async def join_thread(self, request: web.Request) -> web.Response:
        """PUT /channels/{channel_id}/thread-members/@me."""
        channel = self.channel(request)
        if not channel.is_thread:
            raise DiscordError(
                400, err.WRONG_CHANNEL_TYPE, "Cannot execute action on this channel type"
            )
        channel.thread_member_ids.add(self.world.bot.id)
        return no_content()

    async def leave_thread(self, request: web.Request) -> web.Response:
        """DELETE /channels/{channel_id}/thread-members/@me."""
        channel = self.channel(request)
        channel.thread_member_ids.discard(self.world.bot.id)
        return no_content()

    async def add_thread_member(self, request: web.Request) -> web.Response:
        """PUT /channels/{channel_id}/thread-members/{user_id}."""
        channel = self.channel(request)
        if not channel.is_thread:
            raise DiscordError(
                400, err.WRONG_CHANNEL_TYPE, "Cannot execute action on this channel type"
            )
        self.require(channel, perm.SEND_MESSAGES_IN_THREADS)
        user_id = snowflake(request.match_info["user_id"], "user_id")
        guild = self.world.guilds[int(channel.guild_id or 0)]
        if user_id not in guild.members:
            raise err.unknown("Member")
        channel.thread_member_ids.add(user_id)
        return no_content()

    async def remove_thread_member(self, request: web.Request) -> web.Response:
        """DELETE /channels/{channel_id}/thread-members/{user_id}."""
        channel = self.channel(request)
        self.require(channel, perm.MANAGE_THREADS)
        channel.thread_member_ids.discard(snowflake(request.match_info["user_id"], "user_id"))
        return no_content()

    async def thread_members(self, request: web.Request) -> web.Response:
        """GET /channels/{channel_id}/thread-members."""
        channel = self.channel(request)
        return reply(
            [
                {
                    "id": str(channel.id),
                    "user_id": str(u),
                    "join_timestamp": channel.create_timestamp,
                    "flags": 0,
                }
                for u in sorted(channel.thread_member_ids)
            ]
        )

    async def archived_public_threads(self, request: web.Request) -> web.Response:
        """GET /channels/{channel_id}/threads/archived/public."""
        channel = self.channel(request)
        self.require(channel, perm.READ_MESSAGE_HISTORY)
        threads = [
            t
            for t in self.world.channels.values()
            if t.parent_id == channel.id and t.type == PUBLIC_THREAD and t.archived
        ]
        return reply(
            {"threads": [t.payload(self.world) for t in threads], "members": [], "has_more": False}
        )

    # --- application commands ---

    def _commands_scope(self, request: web.Request) -> tuple[dict[int, Command], int | None]:
        app_id = snowflake(request.match_info["application_id"], "application_id")
        if app_id != self.world.application.id:
            raise DiscordError(
                403,
                err.NOT_AUTHORIZED_FOR_APPLICATION,
                "You are not authorized to perform this action on this application",
            )
        if "guild_id" not in request.match_info:
            return self.world.global_commands, None
        guild_id = snowflake(request.match_info["guild_id"], "guild_id")
        if guild_id not in self.world.guilds:
            raise err.missing_access()
        return self.world.guild_commands.setdefault(guild_id, {}), guild_id

    def _command_payload(self, command: Command) -> JSON:
        data = dict(command.data)
        data.setdefault("type", 1)
        data.setdefault("description", "")
        data.setdefault("options", [])
        data.setdefault("default_member_permissions", None)
        data.setdefault("nsfw", False)
        data.setdefault("contexts", None)
        data.setdefault("integration_types", [0])
        data.setdefault("name_localizations", None)
        data.setdefault("description_localizations", None)
        data.update(
            {
                "id": str(command.id),
                "application_id": str(self.world.application.id),
                "version": str(command.id),
            }
        )
        if command.guild_id is not None:
            data["guild_id"] = str(command.guild_id)
        return data

    def _upsert(
        self, scope: dict[int, Command], guild_id: int | None, data: JSON
    ) -> tuple[Command, bool]:
        kind = int(data.get("type", 1))
        for command in scope.values():
            if command.name == data.get("name") and command.type == kind:
                command.data = dict(data)
                return command, False
        command = Command(self.world.ids.next(), dict(data), guild_id)
        scope[command.id] = command
        return command, True

    async def list_commands(self, request: web.Request) -> web.Response:
        """GET .../commands."""
        scope, _ = self._commands_scope(request)
        return reply([self._command_payload(c) for c in scope.values()])

    async def bulk_overwrite_commands(self, request: web.Request) -> web.Response:
        """PUT .../commands: replace the whole set, keeping ids of unchanged names."""
        scope, guild_id = self._commands_scope(request)
        body = request.get(_BODY_KEY)
        errors = FormErrors()
        limits.validate_commands(body, errors)
        errors.raise_if_any()
        assert isinstance(body, list)  # validate_commands refused anything else
        keep: dict[int, Command] = {}
        for data in body:
            command, _ = self._upsert(scope, guild_id, data)
            keep[command.id] = command
        scope.clear()
        scope.update(keep)
        return reply([self._command_payload(c) for c in scope.values()])

    async def create_command(self, request: web.Request) -> web.Response:
        """POST .../commands: upsert by name (201 when new)."""
        scope, guild_id = self._commands_scope(request)
        body = body_of(request)
        errors = FormErrors()
        limits.validate_command(body, errors)
        errors.raise_if_any()
        same_type = [c for c in scope.values() if c.type == int(body.get("type", 1))]
        cap = (
            limits.CHAT_INPUT_COMMANDS_MAX
            if int(body.get("type", 1)) == 1
            else limits.CONTEXT_MENU_COMMANDS_MAX
        )
        if len(same_type) >= cap and all(c.name != body.get("name") for c in same_type):
            raise DiscordError(
                400,
                err.MAX_APPLICATION_COMMANDS,
                f"Maximum number of application commands reached ({cap})",
            )
        command, created = self._upsert(scope, guild_id, body)
        return reply(self._command_payload(command), 201 if created else 200)

    def _command(self, request: web.Request) -> tuple[dict[int, Command], Command]:
        scope, _ = self._commands_scope(request)
        command = scope.get(snowflake(request.match_info["command_id"], "command_id"))
        if command is None:
            raise err.unknown("application command")
        return scope, command

    async def get_command(self, request: web.Request) -> web.Response:
        """GET .../commands/{command_id}."""
        _, command = self._command(request)
        return reply(self._command_payload(command))

    async def edit_command(self, request: web.Request) -> web.Response:
        """PATCH .../commands/{command_id}."""
        _, command = self._command(request)
        merged = {**command.data, **body_of(request)}
        errors = FormErrors()
        limits.validate_command(merged, errors)
        errors.raise_if_any()
        command.data = merged
        return reply(self._command_payload(command))

    async def delete_command(self, request: web.Request) -> web.Response:
        """DELETE .../commands/{command_id}."""
        scope, command = self._command(request)
        scope.pop(command.id)
        return no_content()


def add_routes(app: web.Application, rest: Rest, interactions: Any) -> None:
    """Register every route; order matters where a literal shadows a parameter."""
    r = app.router
    p = API_PREFIX

    def add(method: str, path: str, handler: Handler) -> None:
        r.add_route(method, p + path, handler)

    add("GET", "/users/@me", rest.get_me)
    add("GET", "/users/@me/guilds", rest.my_guilds)
    add("DELETE", "/users/@me/guilds/{guild_id}", rest.leave_guild)
    add("POST", "/users/@me/channels", rest.open_dm)
    add("GET", "/users/{user_id}", rest.get_user)
    add("GET", "/oauth2/applications/@me", rest.get_application)
    add("GET", "/applications/@me", rest.get_application)
    add("GET", "/gateway", rest.get_gateway)
    add("GET", "/gateway/bot", rest.get_gateway_bot)

    for base in (
        "/applications/{application_id}",
        "/applications/{application_id}/guilds/{guild_id}",
    ):
        add("GET", base + "/commands", rest.list_commands)
        add("PUT", base + "/commands", rest.bulk_overwrite_commands)
        add("POST", base + "/commands", rest.create_command)
        add("GET", base + "/commands/{command_id}", rest.get_command)
        add("PATCH", base + "/commands/{command_id}", rest.edit_command)
        add("DELETE", base + "/commands/{command_id}", rest.delete_command)

    add("GET", "/guilds/{guild_id}", rest.get_guild)
    add("GET", "/guilds/{guild_id}/channels", rest.guild_channels)
    add("GET", "/guilds/{guild_id}/roles", rest.guild_roles)
    add("GET", "/guilds/{guild_id}/members", rest.guild_members)
    add("GET", "/guilds/{guild_id}/members/{user_id}", rest.guild_member)
    add("GET", "/guilds/{guild_id}/threads/active", rest.active_threads)

    c = "/channels/{channel_id}"
    add("GET", c, rest.get_channel)
    add("PATCH", c, rest.modify_channel)
    add("DELETE", c, rest.delete_channel)
    add("POST", c + "/typing", rest.typing)
    add("GET", c + "/pins", rest.list_pins_legacy)
    add("PUT", c + "/pins/{message_id}", rest.pin)
    add("DELETE", c + "/pins/{message_id}", rest.unpin)
    add("GET", c + "/messages/pins", rest.list_pins)
    add("PUT", c + "/messages/pins/{message_id}", rest.pin)
    add("DELETE", c + "/messages/pins/{message_id}", rest.unpin)
    add("POST", c + "/messages/bulk-delete", rest.bulk_delete)
    add("GET", c + "/messages", rest.history)
    add("POST", c + "/messages", rest.send_message)
    add("GET", c + "/messages/{message_id}", rest.get_message)
    add("PATCH", c + "/messages/{message_id}", rest.edit_message)
    add("DELETE", c + "/messages/{message_id}", rest.delete_message)
    add("POST", c + "/messages/{message_id}/threads", rest.thread_from_message)
    add("PUT", c + "/messages/{message_id}/reactions/{emoji}/@me", rest.add_reaction)
    add("DELETE", c + "/messages/{message_id}/reactions/{emoji}/@me", rest.remove_own_reaction)
    add("POST", c + "/threads", rest.thread_without_message)
    add("GET", c + "/threads/archived/public", rest.archived_public_threads)
    add("GET", c + "/thread-members", rest.thread_members)
    add("PUT", c + "/thread-members/@me", rest.join_thread)
    add("DELETE", c + "/thread-members/@me", rest.leave_thread)
    add("PUT", c + "/thread-members/{user_id}", rest.add_thread_member)
    add("DELETE", c + "/thread-members/{user_id}", rest.remove_thread_member)

    add(
        "POST", "/interactions/{interaction_id}/{interaction_token}/callback", interactions.callback
    )
    w = "/webhooks/{webhook_id}/{webhook_token}"
    add("POST", w, interactions.followup)
    add("GET", w + "/messages/{message_id}", interactions.get_webhook_message)
    add("PATCH", w + "/messages/{message_id}", interactions.edit_webhook_message)
    add("DELETE", w + "/messages/{message_id}", interactions.delete_webhook_message)
