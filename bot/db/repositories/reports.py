"""Question reports: filed by members, listed and resolved by moderators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import QuestionReport


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, report: QuestionReport) -> QuestionReport:
        self.session.add(report)
        await self.session.flush()
        return report

    async def open(self, guild_id: int, limit: int) -> tuple[list[QuestionReport], int]:
        """The guild's unresolved reports, oldest first, and how many there are in all."""
        where = (QuestionReport.guild_id == guild_id, QuestionReport.resolved_at.is_(None))
        rows = await self.session.scalars(
            select(QuestionReport)
            .where(*where)
            .order_by(QuestionReport.created_at, QuestionReport.id)
            .limit(limit)
        )
        total = await self.session.scalar(
            select(func.count()).select_from(QuestionReport).where(*where)
        )
        return list(rows), int(total or 0)

    async def resolve(self, guild_id: int, report_id: int, by: int, now: datetime) -> bool:
        """Mark one open report resolved; False when there is no such open report here."""
        result = await self.session.execute(
            update(QuestionReport)
            .where(
                QuestionReport.id == report_id,
                QuestionReport.guild_id == guild_id,
                QuestionReport.resolved_at.is_(None),
            )
            .values(resolved_at=now, resolved_by=by)
            .returning(QuestionReport.id)
        )
        return result.first() is not None

    async def delete_member(self, guild_id: int, member_id: int) -> int:
        result = await self.session.execute(
            delete(QuestionReport)
            .where(QuestionReport.guild_id == guild_id, QuestionReport.member_id == member_id)
            .returning(QuestionReport.id)
        )
        return len(result.all())
