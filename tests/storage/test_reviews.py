"""Spaced repetition: Leitner moves, what is due, and review quizzes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.bank.models import Bank
from bot.db import Sessions
from bot.db.models import Review
from bot.scoring.result import Verdict
from bot.services import due_reviews, open_review
from bot.services.leitner import INTERVALS, next_box
from tests.storage.helpers import ALICE, BOB, GUILD, OTHER_GUILD, at, default_bank, play

T0 = at("2024-05-01 09:00")


@pytest.mark.parametrize(
    ("box", "verdict", "expected"),
    [
        (None, Verdict.CORRECT, 2),
        (None, Verdict.PARTIAL, 1),
        (None, Verdict.INCORRECT, 1),
        (1, Verdict.CORRECT, 2),
        (3, Verdict.CORRECT, 4),
        (5, Verdict.CORRECT, 5),
        (4, Verdict.PARTIAL, 4),
        (5, Verdict.INCORRECT, 1),
        (2, Verdict.INCORRECT, 1),
    ],
)
def test_leitner_moves(box: int | None, verdict: Verdict, expected: int) -> None:
    assert next_box(box, verdict) == expected


def test_intervals() -> None:
    assert [INTERVALS[b].days for b in range(1, 6)] == [1, 3, 7, 14, 30]


async def review_row(sessions: Sessions, qid: str) -> Review:
    async with sessions() as s:
        row = await s.scalar(select(Review).where(Review.question_id == qid))
    assert row is not None
    return row


async def test_answers_move_a_question_between_boxes(sessions: Sessions, bank: Bank) -> None:
    moments = [T0 + timedelta(days=40 * i) for i in range(8)]
    texts = ["correct", "correct", "partial", "correct", "correct", "correct", "correct", "wrong"]
    boxes = []
    for moment, text in zip(moments, texts, strict=True):
        result = await play(sessions, bank, "db.q1", text, now=moment)
        boxes.append(result.review_box)
        assert result.next_review_at == moment + INTERVALS[result.review_box or 0]
    assert boxes == [2, 3, 3, 4, 5, 5, 5, 1]
    row = await review_row(sessions, "db.q1")
    assert (row.box, row.reviews, row.lapses, row.last_verdict) == (1, 8, 1, "incorrect")
    assert row.due_at == moments[-1] + timedelta(days=1)


async def test_due_reviews_most_overdue_first(sessions: Sessions, bank: Bank) -> None:
    await play(sessions, bank, "db.q1", "correct", now=T0)  # box 2, due T0+3d
    await play(sessions, bank, "db.q2", "wrong", now=T0 + timedelta(hours=1))  # box 1, due T0+1d1h
    await play(sessions, bank, "db.q3", "partial", now=T0 + timedelta(hours=2))  # box 1
    await play(sessions, bank, "db.q4", "wrong", now=T0 + timedelta(days=3))  # not due yet
    await play(sessions, bank, "db.q5", "wrong", now=T0, member=BOB)  # someone else's
    await play(sessions, bank, "api.q1", "wrong", now=T0, guild=OTHER_GUILD)  # elsewhere
    now = T0 + timedelta(days=3, hours=12)
    due = await due_reviews(sessions, bank, guild_id=GUILD, member_id=ALICE, now=now)
    assert [d.question.id for d in due] == ["db.q2", "db.q3", "db.q1"]
    assert due[0].box == 1 and due[0].overdue == timedelta(days=2, hours=11)
    limited = await due_reviews(sessions, bank, guild_id=GUILD, member_id=ALICE, now=now, limit=1)
    assert [d.question.id for d in limited] == ["db.q2"]


async def test_questions_gone_from_the_bank_are_not_offered(sessions: Sessions, bank: Bank) -> None:
    await play(sessions, bank, "db.q1", "wrong", now=T0)
    await play(sessions, bank, "api.old", "wrong", now=T0)  # retired, still answerable
    await play(sessions, bank, "db.q2", "wrong", now=T0)
    smaller = default_bank()
    smaller = type(smaller)(
        topics=tuple(
            type(topic)(
                slug=topic.slug,
                name=topic.name,
                description=topic.description,
                questions=tuple(q for q in topic.questions if q.id != "db.q1"),
            )
            for topic in smaller.topics
        )
    )
    now = T0 + timedelta(days=2)
    due = await due_reviews(sessions, smaller, guild_id=GUILD, member_id=ALICE, now=now)
    assert [d.question.id for d in due] == ["db.q2"]


async def test_open_review_opens_the_most_overdue(sessions: Sessions, bank: Bank) -> None:
    assert await open_review(sessions, bank, guild_id=GUILD, member_id=ALICE, now=T0) is None
    await play(sessions, bank, "db.q1", "wrong", now=T0)
    await play(sessions, bank, "db.q2", "wrong", now=T0 - timedelta(hours=5))
    opened = await open_review(
        sessions, bank, guild_id=GUILD, member_id=ALICE, now=T0 + timedelta(days=2)
    )
    assert opened is not None
    assert opened.question.id == "db.q2" and opened.review
    async with sessions() as s:
        from bot.db.models import QuizSession

        quiz = await s.get(QuizSession, opened.session_id)
    assert quiz is not None and quiz.source == "review" and quiz.owner_id == ALICE
