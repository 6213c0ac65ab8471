"""The emulator's injectable clock.

Discord's interaction rules are about wall-clock time (3 s to acknowledge,
15 min for the token).  Tests must be able to step over those windows
without sleeping, so every time-dependent rule reads this clock instead of
``time.time()`` directly.
"""

from __future__ import annotations

import datetime as dt
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class Clock:
    """Wall-clock time plus an offset that tests can push forward.

    By default time flows normally (so a genuinely slow bot still trips the
    3-second rule); ``advance`` jumps ahead instantly, and ``freeze`` stops
    the flow for fully deterministic tests.
    """

    def __init__(self, *, frozen_at: float | None = None) -> None:
        self._offset = 0.0
        self._frozen_at = frozen_at

    def now(self) -> float:
        """Return the emulated POSIX time in seconds."""
        base = self._frozen_at if self._frozen_at is not None else time.time()
        return base + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward; Discord's clock never runs backwards."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._offset += seconds

    def freeze(self) -> None:
        """Stop time at the current instant (``advance`` still works)."""
        self._frozen_at = self.now() - self._offset

    def unfreeze(self) -> None:
        """Let time flow again from the frozen instant."""
        if self._frozen_at is not None:
            self._offset += self._frozen_at - time.time()
            self._frozen_at = None

    def datetime(self) -> dt.datetime:
        """Return the emulated time as an aware UTC datetime."""
        return dt.datetime.fromtimestamp(self.now(), dt.UTC)

    def iso(self, at: float | None = None) -> str:
        """Return an ISO-8601 timestamp as Discord formats them."""
        moment = self.now() if at is None else at
        return dt.datetime.fromtimestamp(moment, dt.UTC).isoformat()


class SnowflakeFactory:
    """Mint Discord snowflakes from the emulator clock.

    Real message ids carry their creation time, and discord.py reads it
    (e.g. to pick the sub-rate-limit for deleting young messages), so ids
    are built from the clock rather than a plain counter.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last = 0
        self._increment = 0

    def next(self, *, at: float | None = None) -> int:
        """Return a fresh id, strictly greater than every earlier one."""
        ms = int((self._clock.now() if at is None else at) * 1000) - DISCORD_EPOCH_MS
        self._increment = (self._increment + 1) & 0xFFF
        candidate = (ms << 22) | (1 << 17) | (1 << 12) | self._increment
        if at is None:
            candidate = max(candidate, self._last + 1)
            self._last = candidate
        return candidate

    def spread(self, index: int) -> int:
        """Return an id whose timestamp part is offset by ``index`` ms.

        Shards pick guilds by ``(guild_id >> 22) % shard_count``; ids minted
        in the same millisecond would all land on one shard, so fake guilds
        get consecutive millisecond stamps to spread across shards the way
        real, years-apart guild ids do.
        """
        base_ms = 1_600_000_000_000 - DISCORD_EPOCH_MS  # September 2020
        return ((base_ms + index) << 22) | (1 << 17) | (1 << 12)


def snowflake_time(snowflake: int) -> float:
    """Return the POSIX time encoded in a snowflake."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000
