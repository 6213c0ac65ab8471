"""Mock interviews: several questions in a row, then a report of the whole run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.bank.models import Bank
from bot.db.engine import Sessions, reading
from bot.db.models import Source
from bot.db.repositories import QuestionStatsRepository
from bot.scoring.result import CORRECT_AT, Verdict
from bot.services.quiz import OpenedQuiz, open_quiz

MOCK_MIN = 3
MOCK_MAX = 10


@dataclass(frozen=True, slots=True)
class MockAnswer:
    question_id: str
    prompt: str | None
    topic: str
    score: int
    verdict: Verdict
    missed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MockReport:
    answers: tuple[MockAnswer, ...]
    average_score: float
    # Concepts missed across the interview, most often first.
    gaps: tuple[tuple[str, int], ...]
    # Topics of the answers below a correct score, weakest first: what to study.
    study: tuple[str, ...]


async def mock_report(
    sessions: Sessions,
    bank: Bank,
    *,
    guild_id: int,
    member_id: int,
    first_session_id: int,
    count: int,
) -> MockReport:
    """The report of the mock interview whose first question was `first_session_id`."""
    async with reading(sessions) as session:
        attempts = await QuestionStatsRepository(session).mock_attempts(
            guild_id, member_id, first_session_id, count
        )
    answers = []
    for attempt in attempts:
        question = bank.get(attempt.question_id)
        answers.append(
            MockAnswer(
                question_id=attempt.question_id,
                prompt=question.prompt if question is not None else None,
                topic=attempt.topic,
                score=attempt.score,
                verdict=Verdict(attempt.verdict),
                missed=tuple(attempt.missed or ()),
            )
        )
    gaps = Counter(label for answer in answers for label in answer.missed)
    by_topic: dict[str, list[int]] = {}
    for answer in answers:
        by_topic.setdefault(answer.topic, []).append(answer.score)
    weak = sorted(
        (topic for topic, scores in by_topic.items() if sum(scores) / len(scores) < CORRECT_AT),
        key=lambda topic: sum(by_topic[topic]) / len(by_topic[topic]),
    )
    average = round(sum(a.score for a in answers) / len(answers), 1) if answers else 0.0
    return MockReport(
        answers=tuple(answers),
        average_score=average,
        gaps=tuple(sorted(gaps.items(), key=lambda item: (-item[1], item[0]))[:8]),
        study=tuple(weak),
    )


async def open_mock_question(
    sessions: Sessions,
    bank: Bank,
    *,
    guild_id: int,
    member_id: int,
    topic: str | None = None,
    channel_id: int | None = None,
) -> OpenedQuiz:
    """Open the next question of a mock interview (not one the member saw lately)."""
    return await open_quiz(
        sessions,
        bank,
        guild_id=guild_id,
        member_id=member_id,
        topic=topic,
        source=Source.MOCK,
        channel_id=channel_id,
    )
