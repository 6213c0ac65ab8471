"""The gateway: HELLO, IDENTIFY/READY, heartbeats, dispatch, RESUME.

Frames are sent as plain-text JSON (discord.py only decompresses binary
frames).  Every dispatch is buffered per session so a client that drops and
RESUMEs receives what it missed, as on Discord.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from tests.fake_discord.recorder import FrameRecord

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord

log = logging.getLogger(__name__)

# Opcodes.
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE_UPDATE = 3
VOICE_STATE_UPDATE = 4
RESUME = 6
RECONNECT = 7
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

# Intents.
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

# Close codes the bot can see.
UNKNOWN_OPCODE = 4001
DECODE_ERROR = 4002
NOT_AUTHENTICATED = 4003
AUTHENTICATION_FAILED = 4004
ALREADY_AUTHENTICATED = 4005
INVALID_SHARD = 4010
INVALID_INTENTS = 4013
DISALLOWED_INTENTS = 4014

BUFFER_LIMIT = 2000

JSON = dict[str, Any]
DataFor = JSON | Callable[["GatewaySession"], JSON | None]


@dataclass
class GatewaySession:
    """An identified session; it outlives a dropped connection until resumed."""

    id: str
    shard_id: int | None
    shard_count: int | None
    intents: int
    seq: int = 0
    buffer: list[JSON] = field(default_factory=list)
    connection: Connection | None = None
    resumable: bool = True
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def covers_guild(self, guild_id: int) -> bool:
        """Return whether this shard receives the guild: ``(id >> 22) % count``."""
        if self.shard_id is None or not self.shard_count:
            return True
        return (guild_id >> 22) % self.shard_count == self.shard_id

    def covers_dms(self) -> bool:
        """Return whether this shard receives DMs (shard 0 does)."""
        return self.shard_id in (None, 0)


@dataclass
class Connection:
    """One websocket connection from the bot."""

    number: int
    path: str
    ws: web.WebSocketResponse
    request: web.Request
    session: GatewaySession | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    closed_code: int | None = None


class Gateway:
    """The gateway half of the emulator."""

    def __init__(self, emu: FakeDiscord) -> None:
        self.emu = emu
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: list[Connection] = []
        self.heartbeat_interval_ms = 41_250
        # Privileged intents switched on in the (fake) developer portal.
        self.allowed_privileged_intents = PRIVILEGED_INTENTS
        self._numbers = 0

    # --- connection handling ---

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Serve one websocket connection for its whole life."""
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        self._numbers += 1
        conn = Connection(self._numbers, request.path, ws, request)
        self.connections.append(conn)
        try:
            await self._send(
                conn, {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
            )
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    if msg.type is WSMsgType.BINARY:
                        await self._close(conn, DECODE_ERROR, "Decode error.")
                    continue
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    await self._close(conn, DECODE_ERROR, "Decode error.")
                    break
                self._record("recv", conn, frame)
                await self._on_frame(conn, frame)
                self.emu.world.touch()
        except ConnectionResetError:
            pass  # the bot vanished; a RESUME may follow on a new connection
        finally:
            self._detach(conn)
        return ws

    def _detach(self, conn: Connection) -> None:
        code = conn.closed_code if conn.closed_code is not None else conn.ws.close_code
        session = conn.session
        if session is not None and session.connection is conn:
            session.connection = None
            # A client that closes cleanly (1000/1001) ends its session on Discord.
            if code in (1000, 1001):
                session.resumable = False
                self.sessions.pop(session.id, None)
        if conn in self.connections:
            self.connections.remove(conn)
        self.emu.world.touch()

    async def _on_frame(self, conn: Connection, frame: JSON) -> None:
        op = frame.get("op")
        data = frame.get("d")
        if op == HEARTBEAT:
            await self._send(conn, {"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(conn, data or {})
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif op in (PRESENCE_UPDATE, VOICE_STATE_UPDATE, REQUEST_GUILD_MEMBERS):
            if conn.session is None:
                await self._close(conn, NOT_AUTHENTICATED, "Not authenticated.")
            elif op == REQUEST_GUILD_MEMBERS:
                await self._members_chunk(conn.session, data or {})
        else:
            await self._close(conn, UNKNOWN_OPCODE, "Unknown opcode.")

    async def _identify(self, conn: Connection, data: JSON) -> None:
        if conn.session is not None:
            await self._close(conn, ALREADY_AUTHENTICATED, "Already authenticated.")
            return
        if data.get("token") != self.emu.token:
            await self._close(conn, AUTHENTICATION_FAILED, "Authentication failed.")
            return
        intents = data.get("intents")
        if not isinstance(intents, int):
            await self._close(conn, INVALID_INTENTS, "Invalid intent(s).")
            return
        if intents & PRIVILEGED_INTENTS & ~self.allowed_privileged_intents:
            await self._close(conn, DISALLOWED_INTENTS, "Disallowed intent(s).")
            return
        shard = data.get("shard")
        shard_id = shard_count = None
        if shard is not None:
            shard_id, shard_count = int(shard[0]), int(shard[1])
            if shard_count < 1 or not 0 <= shard_id < shard_count:
                await self._close(conn, INVALID_SHARD, "Invalid shard.")
                return
        # A new IDENTIFY for the same shard replaces any stale session.
        for old in list(self.sessions.values()):
            if old.shard_id == shard_id and old.connection is None:
                self.sessions.pop(old.id, None)
        session = GatewaySession(secrets.token_hex(16), shard_id, shard_count, intents)
        self.sessions[session.id] = session
        conn.session = session
        session.connection = conn
        world = self.emu.world
        guilds = [g for g in world.guilds.values() if session.covers_guild(g.id)]
        ready: JSON = {
            "v": 10,
            "user": {**world.bot.payload(), "verified": True, "mfa_enabled": False, "email": None},
            "user_settings": {},
            "session_type": "normal",
            "session_id": session.id,
            "resume_gateway_url": self.emu.resume_gateway_url,
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "application": {"id": str(world.application.id), "flags": world.application.flags},
            "auth": {},
        }
        if shard is not None:
            ready["shard"] = [shard_id, shard_count]
        await self.dispatch(session, "READY", ready)
        if intents & GUILDS:
            for guild in guilds:
                if not guild.unavailable:
                    await self.dispatch(
                        session, "GUILD_CREATE", self.guild_create_payload(session, guild.id)
                    )

    def guild_create_payload(self, session: GatewaySession, guild_id: int) -> JSON:
        """Return GUILD_CREATE data; members beyond the bot need the members intent."""
        guild = self.emu.world.guilds[guild_id]
        return guild.payload(self.emu.world, members=bool(session.intents & GUILD_MEMBERS))

    async def _resume(self, conn: Connection, data: JSON) -> None:
        if data.get("token") != self.emu.token:
            await self._close(conn, AUTHENTICATION_FAILED, "Authentication failed.")
            return
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not session.resumable:
            # d=false: not resumable, the client must IDENTIFY afresh.
            await self._send(conn, {"op": INVALID_SESSION, "d": False})
            return
        old = session.connection
        if old is not None and old is not conn:
            old.session = None
            await self._close(old, 4000, "Session resumed elsewhere.")
        conn.session = session
        last_seen = int(data.get("seq") or 0)
        async with session.lock:
            session.connection = conn
            for frame in session.buffer:
                if frame["s"] > last_seen:
                    await self._send(conn, frame)
        await self.dispatch(session, "RESUMED", {})

    async def _members_chunk(self, session: GatewaySession, data: JSON) -> None:
        guild = self.emu.world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        members = list(guild.members.values())
        wanted = data.get("user_ids")
        if wanted:
            ids = {int(u) for u in (wanted if isinstance(wanted, list) else [wanted])}
            members = [m for m in members if m.id in ids]
        query = data.get("query")
        if query:
            members = [m for m in members if m.user.username.lower().startswith(str(query).lower())]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: JSON = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self.dispatch(session, "GUILD_MEMBERS_CHUNK", chunk)

    # --- sending ---

    def _record(self, direction: str, conn: Connection, frame: JSON) -> None:
        session = conn.session
        self.emu.recorder.frames.append(
            FrameRecord(
                direction=direction,
                connection=conn.number,
                shard=session.shard_id if session else None,
                op=frame.get("op"),
                event=frame.get("t"),
                seq=frame.get("s"),
                data=frame.get("d"),
                at=self.emu.clock.now(),
            )
        )

    async def _send(self, conn: Connection, frame: JSON) -> None:
        full = {"op": frame["op"], "d": frame.get("d"), "s": frame.get("s"), "t": frame.get("t")}
        async with conn.lock:
            if conn.ws.closed:
                return
            self._record("send", conn, full)
            try:
                await conn.ws.send_str(json.dumps(full))
            except (ConnectionResetError, RuntimeError):
                # The peer vanished mid-send; the frame stays buffered for RESUME.
                log.debug("gateway send on a closing connection %s", conn.number)

    async def _close(self, conn: Connection, code: int, reason: str) -> None:
        conn.closed_code = code
        await conn.ws.close(code=code, message=reason.encode())

    async def dispatch(self, session: GatewaySession, event: str, data: JSON) -> None:
        """Send one DISPATCH to a session (buffered for RESUME)."""
        async with session.lock:
            session.seq += 1
            frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
            session.buffer.append(frame)
            del session.buffer[:-BUFFER_LIMIT]
            conn = session.connection
            if conn is not None:
                await self._send(conn, frame)

    def live_sessions(self) -> list[GatewaySession]:
        """Return sessions that are connected or may still RESUME."""
        return [s for s in self.sessions.values() if s.resumable]

    async def broadcast(
        self,
        event: str,
        data: DataFor,
        *,
        intent: int = 0,
        guild_id: int | None = None,
        dm: bool = False,
    ) -> int:
        """Dispatch to every session that covers the guild (or DMs) and has ``intent``.

        ``data`` may be a callable taking the session, for per-session
        payloads (message content depends on the MESSAGE_CONTENT intent); it
        may return None to skip that session.  Returns the sessions reached.
        """
        reached = 0
        for session in self.live_sessions():
            if intent and not session.intents & intent:
                continue
            if guild_id is not None and not session.covers_guild(guild_id):
                continue
            if dm and not session.covers_dms():
                continue
            payload = data(session) if callable(data) else data
            if payload is None:
                continue
            await self.dispatch(session, event, payload)
            reached += 1
        return reached

    # --- faults ---

    def _connections_for(self, shard_id: int | None) -> list[Connection]:
        return [
            c
            for c in self.connections
            if c.session is not None and (shard_id is None or c.session.shard_id == shard_id)
        ]

    async def drop(self, shard_id: int | None = None, *, code: int | None = None) -> int:
        """Cut identified connections; ``code=None`` aborts TCP like a network fault."""
        conns = self._connections_for(shard_id)
        for conn in conns:
            if code is None:
                transport = conn.request.transport
                if transport is not None:
                    transport.abort()
                conn.closed_code = 1006
            else:
                await self._close(conn, code, "Dropped by test.")
        return len(conns)

    async def request_reconnect(self, shard_id: int | None = None) -> int:
        """Send op 7 RECONNECT, after which the client RESUMEs."""
        conns = self._connections_for(shard_id)
        for conn in conns:
            await self._send(conn, {"op": RECONNECT})
        return len(conns)

    async def invalidate_session(
        self, shard_id: int | None = None, *, resumable: bool = False
    ) -> int:
        """Send op 9 INVALID_SESSION; with ``resumable=False`` the client re-IDENTIFYs."""
        conns = self._connections_for(shard_id)
        for conn in conns:
            if not resumable and conn.session is not None:
                conn.session.resumable = False
                self.sessions.pop(conn.session.id, None)
            await self._send(conn, {"op": INVALID_SESSION, "d": resumable})
        return len(conns)

    async def close_all(self) -> None:
        """Close every connection (emulator shutdown)."""
        for conn in list(self.connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001, message=b"Emulator stopping.")
