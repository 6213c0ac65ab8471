"""The command tree's last synced hash, so commands are synced only when they changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.db.engine import Sessions
from bot.db.models import CommandSync
from bot.services.clock import as_utc


async def synced_hash(sessions: Sessions, scope: str) -> str | None:
    """The hash last recorded for `scope` ("global" or "guild:<id>"), or None."""
    async with sessions() as session:
        return await session.scalar(select(CommandSync.tree_hash).where(CommandSync.scope == scope))


async def record_sync(
    sessions: Sessions, scope: str, tree_hash: str, now: datetime | None = None
) -> None:
    """Remember that the tree with `tree_hash` was synced to `scope`."""
    now = as_utc(now)
    async with sessions.begin() as session:
        row = await session.get(CommandSync, scope)
        if row is None:
            session.add(CommandSync(scope=scope, tree_hash=tree_hash, synced_at=now))
        else:
            row.tree_hash = tree_hash
            row.synced_at = now
