"""Point an unmodified discord.py client at the emulator and run it.

discord.py reads its REST base from the class attribute
``discord.http.Route.BASE`` on every request (webhooks and interaction
callbacks included) and its gateway from
``DiscordWebSocket.DEFAULT_GATEWAY``; :func:`patch_discord` swaps both for
the emulator's URLs and puts them back afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import discord
import yarl
from discord.gateway import DiscordWebSocket

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)

# Errors logged by these loggers mean the bot failed while handling something.
WATCHED_LOGGERS = ("discord",)
FAST_GUILD_READY_TIMEOUT = 0.05


@contextlib.contextmanager
def patch_discord(emu: FakeDiscord) -> Iterator[None]:
    """Route discord.py's REST and gateway traffic to ``emu`` while active."""
    old_base = discord.http.Route.BASE
    old_gateway = DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = emu.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(emu.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


class _ErrorCollector(logging.Handler):
    """Collect ERROR records from discord.py (e.g. "Ignoring exception in command")."""

    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record)


async def _identify_now(shard_id: int | None, *, initial: bool = False) -> None:
    """Skip discord.py's 5-second wait between IDENTIFYs: the emulator has no identify limit."""


class RunningBot(Generic[ClientT]):
    """A bot running against the emulator; ``stop()`` closes it cleanly."""

    def __init__(self, emu: FakeDiscord, client: ClientT) -> None:
        self.emu = emu
        self.client = client
        self.task: asyncio.Task[None] | None = None
        self._collector = _ErrorCollector(emu.bot_errors)
        self._stopping = False

    def _on_done(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() or self._stopping:
            return
        exc = task.exception()
        self.emu.failures.append(
            exc if exc is not None else RuntimeError("the bot stopped on its own")
        )
        self.emu.world.touch()

    async def start(self, ready_timeout: float) -> None:
        """Log in, connect, and wait until discord.py dispatches ``ready``."""
        for name in WATCHED_LOGGERS:
            logging.getLogger(name).addHandler(self._collector)
        self.emu.bots.append(self)
        self.task = asyncio.create_task(self.client.start(self.emu.token), name="fake-discord-bot")
        self.task.add_done_callback(self._on_done)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ready_timeout
        # wait_until_ready() only works after login, so poll is_ready() while
        # watching the connection task: a bad payload then surfaces as its
        # exception rather than as a timeout.
        while not self.client.is_ready():
            if self.task.done():
                exc = self.task.exception()
                await self.stop()
                raise RuntimeError("the bot stopped before becoming ready") from exc
            if loop.time() > deadline:
                await self.stop()
                raise TimeoutError(f"the bot was not ready after {ready_timeout}s")
            await asyncio.sleep(0.002)

    async def stop(self) -> None:
        """Close the client and wait for its task to end."""
        self._stopping = True
        if not self.client.is_closed():
            await self.client.close()
        if self.task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self.task), 5.0)
            except (Exception, asyncio.CancelledError):
                self.task.cancel()
        for name in WATCHED_LOGGERS:
            logging.getLogger(name).removeHandler(self._collector)
        if self in self.emu.bots:
            self.emu.bots.remove(self)


async def start_bot(
    emu: FakeDiscord,
    bot: ClientT | Callable[..., ClientT],
    /,
    *args: Any,
    ready_timeout: float = 10.0,
    fast_identify: bool = True,
    **kwargs: Any,
) -> RunningBot[ClientT]:
    """Build (if given a class) and start a bot against ``emu``, then wait until ready."""
    if isinstance(bot, discord.Client):
        if args or kwargs:
            raise TypeError("pass constructor arguments only together with a bot class")
        client = bot
    else:
        kwargs.setdefault("guild_ready_timeout", FAST_GUILD_READY_TIMEOUT)
        client = bot(*args, **kwargs)
    if fast_identify and _default_identify_hook(client):
        client.before_identify_hook = _identify_now  # type: ignore[method-assign]
    running = RunningBot(emu, client)
    await running.start(ready_timeout)
    return running


def _default_identify_hook(client: discord.Client) -> bool:
    """Return whether the bot kept discord.py's own before_identify_hook."""
    hook = type(client).before_identify_hook
    return inspect.unwrap(hook) is discord.Client.before_identify_hook
