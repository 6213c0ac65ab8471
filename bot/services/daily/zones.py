"""Each guild's time zone for streaks and periods: its daily schedule's zone, else UTC."""

from __future__ import annotations

from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo

from bot.db.engine import Sessions, reading
from bot.db.repositories.daily import DailyRepository


class GuildZones:
    """An in-memory map guild -> zone, loaded once and updated by `/daily setup`."""

    def __init__(self) -> None:
        self._zones: dict[int, ZoneInfo] = {}

    def get(self, guild_id: int | None) -> tzinfo:
        if guild_id is None:
            return UTC
        return self._zones.get(guild_id, UTC)

    def set(self, guild_id: int, name: str) -> None:
        self._zones[guild_id] = ZoneInfo(name)

    async def load(self, sessions: Sessions) -> None:
        """Read every schedule's zone (a few bytes per scheduled guild)."""
        async with reading(sessions) as session:
            zones = await DailyRepository(session).zones()
        self._zones = {guild: ZoneInfo(name) for guild, name in zones.items()}
