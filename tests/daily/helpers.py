"""A controllable clock and an in-memory Discord stand-in for the daily poster's tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.services.daily.posting import (
    ChannelUnavailableError,
    DeliveryError,
    OutgoingPost,
    RevealPost,
    Sent,
)

NONCE_WINDOW = timedelta(minutes=5)


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment.astimezone(UTC)


class Crash(BaseException):
    """The process dies here (nothing after it runs, nothing is cleaned up)."""


@dataclass
class Message:
    id: int
    channel_id: int
    post: OutgoingPost
    at: datetime


@dataclass
class FakePoster:
    clock: FakeClock
    messages: list[Message] = field(default_factory=list)
    reveals: list[RevealPost] = field(default_factory=list)
    notices: list[tuple[int, int, str]] = field(default_factory=list)
    sends: int = 0
    # Exceptions raised by the next sends, in order (before the message exists).
    fail: list[BaseException] = field(default_factory=list)
    # Die right after the message was created (send done, message id not recorded).
    crash_after_send: int = 0
    gone_channels: set[int] = field(default_factory=set)
    # Reveals: exceptions raised by the next ones; die right after one was created.
    reveal_fail: list[BaseException] = field(default_factory=list)
    crash_after_reveal: int = 0
    # Every reveal message created: (message id, reveal).
    reveal_messages: list[tuple[int, RevealPost]] = field(default_factory=list)
    reveal_sends: int = 0
    _nonces: dict[tuple[int, str], tuple[Message, datetime]] = field(default_factory=dict)
    _reveal_nonces: dict[tuple[int, str], tuple[int, datetime]] = field(default_factory=dict)

    async def send(self, post: OutgoingPost) -> Sent:
        self.sends += 1
        if post.channel_id in self.gone_channels:
            raise ChannelUnavailableError("the channel was deleted.")
        if self.fail:
            raise self.fail.pop(0)
        hit = self._nonces.get((post.channel_id, post.nonce))
        if hit is not None and self.clock() - hit[1] <= NONCE_WINDOW:
            return Sent(hit[0].id)
        message = Message(len(self.messages) + 1000, post.channel_id, post, self.clock())
        self.messages.append(message)
        self._nonces[(post.channel_id, post.nonce)] = (message, self.clock())
        if self.crash_after_send:
            self.crash_after_send -= 1
            raise Crash
        return Sent(message.id)

    async def find_sent(self, channel_id: int, session_id: int) -> Sent | None:
        for message in reversed(self.messages[-50:]):
            if message.channel_id == channel_id and message.post.session_id == session_id:
                return Sent(message.id)
        return None

    async def reveal(self, reveal: RevealPost) -> int:
        self.reveal_sends += 1
        if reveal.channel_id in self.gone_channels:
            raise ChannelUnavailableError("the channel was deleted.")
        if self.reveal_fail:
            raise self.reveal_fail.pop(0)
        hit = self._reveal_nonces.get((reveal.channel_id, reveal.nonce))
        if hit is not None and self.clock() - hit[1] <= NONCE_WINDOW:
            return hit[0]
        message_id = 100_000 + len(self.reveal_messages)
        self.reveals.append(reveal)
        self.reveal_messages.append((message_id, reveal))
        self._reveal_nonces[(reveal.channel_id, reveal.nonce)] = (message_id, self.clock())
        if self.crash_after_reveal:
            self.crash_after_reveal -= 1
            raise Crash
        return message_id

    async def find_reveal(self, channel_id: int, message_id: int) -> int | None:
        for found, reveal in reversed(self.reveal_messages[-50:]):
            if reveal.channel_id == channel_id and reveal.message_id == message_id:
                return found
        return None

    async def notify(self, guild_id: int, moderator_id: int, text: str) -> None:
        self.notices.append((guild_id, moderator_id, text))

    def days(self, guild_id: int) -> list[str]:
        return [
            m.post.local_date.isoformat()
            for m in self.messages
            if m.post.guild_id == guild_id and not m.post.extra
        ]


def server_error() -> DeliveryError:
    return DeliveryError("503 Service Unavailable")
