"""Question reports: a member flags a question; moderators list and resolve the reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bank.models import Bank
from bot.db.engine import Sessions, reading
from bot.db.models import QuestionReport, ReportReason
from bot.db.repositories import QuizSessionRepository, ReportRepository
from bot.services.clock import as_utc
from bot.services.errors import CoachError, SessionNotFoundError

DETAILS_MAX = 1000


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    question_id: str
    # The question's prompt, or None when it has left the bank.
    prompt: str | None
    member_id: int
    reason: ReportReason
    details: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OpenReports:
    reports: tuple[Report, ...]
    total: int


async def report_question(
    sessions: Sessions,
    bank: Bank,
    *,
    guild_id: int,
    member_id: int,
    session_id: int,
    reason: ReportReason | str,
    details: str = "",
    now: datetime | None = None,
) -> Report:
    """File a report on the question of a quiz session the member was given."""
    now = as_utc(now)
    try:
        reason = ReportReason(reason)
    except ValueError:
        raise CoachError("Choose one of the listed reasons.") from None
    async with sessions.begin() as session:
        quiz = await QuizSessionRepository(session).get(session_id)
        if quiz is None or quiz.guild_id != guild_id:
            raise SessionNotFoundError("That quiz no longer exists.")
        row = await ReportRepository(session).add(
            QuestionReport(
                guild_id=guild_id,
                member_id=member_id,
                question_id=quiz.question_id,
                session_id=quiz.id,
                reason=str(reason),
                details=details.strip()[:DETAILS_MAX],
                created_at=now,
            )
        )
        return _report(bank, row)


async def open_reports(
    sessions: Sessions, bank: Bank, *, guild_id: int, limit: int = 10
) -> OpenReports:
    """The guild's unresolved reports, oldest first."""
    async with reading(sessions) as session:
        rows, total = await ReportRepository(session).open(guild_id, limit)
    return OpenReports(tuple(_report(bank, row) for row in rows), total)


async def resolve_report(
    sessions: Sessions,
    *,
    guild_id: int,
    report_id: int,
    moderator_id: int,
    now: datetime | None = None,
) -> None:
    """Close one open report of this guild."""
    async with sessions.begin() as session:
        done = await ReportRepository(session).resolve(
            guild_id, report_id, moderator_id, as_utc(now)
        )
    if not done:
        raise CoachError(f"There is no open report #{report_id} in this server.")


def _report(bank: Bank, row: QuestionReport) -> Report:
    question = bank.get(row.question_id)
    return Report(
        id=row.id,
        question_id=row.question_id,
        prompt=question.prompt if question is not None else None,
        member_id=row.member_id,
        reason=ReportReason(row.reason),
        details=row.details,
        created_at=row.created_at,
    )
