"""Atomicity and concurrency: an attempt is stored whole or not at all; totals never drift."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.bank.models import Bank, Difficulty
from bot.db import Sessions
from bot.db.models import Attempt, Member, MemberTopic, Participant, Review
from bot.db.repositories import MemberRepository, ReviewRepository
from bot.services import answer, leaderboard, open_question, open_quiz
from tests.storage.helpers import ALICE, GUILD, FakeScorer, at, make_bank, question

NOW = at("2024-05-15 12:00")


async def test_twenty_concurrent_answers_by_one_member(sessions: Sessions) -> None:
    # 10 questions, two sessions each: 20 answers racing in 20 transactions. Each
    # question may earn points once (30-day rule), and the totals must equal the
    # sum of the stored attempts whatever the interleaving.
    bank = make_bank(*(question(f"c.q{i}", Difficulty.MEDIUM) for i in range(10)))
    opened = [
        await open_question(sessions, q, guild_id=GUILD, member_id=ALICE, now=NOW)
        for q in list(bank) * 2
    ]
    results = await asyncio.gather(
        *(
            answer(
                sessions,
                bank,
                FakeScorer(),
                session_id=o.session_id,
                member_id=ALICE,
                text="correct",
                zone=NOW.tzinfo,
                now=NOW + timedelta(milliseconds=i),
            )  # type: ignore[arg-type]
            for i, o in enumerate(opened)
        )
    )
    assert all(r.recorded for r in results)
    assert sorted(r.points for r in results) == [0] * 10 + [20] * 10
    async with sessions() as s:
        stored = (await s.execute(select(func.count(), func.sum(Attempt.points)))).one()
        member = await s.get(Member, (GUILD, ALICE))
        topic = await s.get(MemberTopic, (GUILD, ALICE, "c"))
        reviews = await s.scalars(select(Review.reviews))
    assert tuple(stored) == (20, 200)
    assert member is not None and (member.points, member.attempts, member.correct) == (200, 20, 20)
    assert member.score_sum == 20 * 90
    assert topic is not None and (topic.points, topic.attempts) == (200, 20)
    assert sorted(reviews) == [2] * 10
    assert max(r.total_points or 0 for r in results) == 200
    board = await leaderboard(sessions, guild_id=GUILD, period="week", now=NOW)
    assert [(e.member_id, e.points) for e in board.entries] == [(ALICE, 200)]


async def test_concurrent_answers_to_one_session_record_once(
    sessions: Sessions, bank: Bank
) -> None:
    opened = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=NOW)
    results = await asyncio.gather(
        *(
            answer(
                sessions,
                bank,
                FakeScorer(),
                session_id=opened.session_id,
                member_id=ALICE,
                text="correct",
                zone=NOW.tzinfo,
                now=NOW,
            )  # type: ignore[arg-type]
            for _ in range(5)
        )
    )
    assert sum(r.recorded for r in results) == 1
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Attempt)) == 1


class BoomError(RuntimeError):
    pass


@pytest.mark.parametrize(
    ("repository", "step"),
    [(MemberRepository, "apply_topic_attempt"), (ReviewRepository, "record")],
)
async def test_failure_after_the_attempt_insert_leaves_nothing(
    sessions: Sessions, bank: Bank, monkeypatch: pytest.MonkeyPatch, repository: type, step: str
) -> None:
    q = bank.get("db.q1")
    assert q is not None
    opened = await open_question(sessions, q, guild_id=GUILD, member_id=ALICE, now=NOW)
    seen_inside: list[int] = []

    async def explode(
        self: MemberRepository | ReviewRepository, *args: object, **kw: object
    ) -> None:
        # Inside the transaction the attempt and the member's totals are already written.
        seen_inside.append(
            int(await self.session.scalar(select(func.count()).select_from(Attempt)) or 0)
        )
        seen_inside.append(int(await self.session.scalar(select(Member.points)) or 0))
        raise BoomError(step)

    monkeypatch.setattr(repository, step, explode)
    with pytest.raises(BoomError):
        await answer(
            sessions,
            bank,
            FakeScorer(),
            session_id=opened.session_id,
            member_id=ALICE,
            text="correct",
            zone=NOW.tzinfo,
            now=NOW,
        )  # type: ignore[arg-type]
    assert seen_inside == [1, 10]
    async with sessions() as s:
        for model in (Attempt, Member, MemberTopic, Review):
            assert await s.scalar(select(func.count()).select_from(model)) == 0, model
        part = await s.get(Participant, (opened.session_id, ALICE))
    assert part is not None and part.answered_at is None and part.outcome is None

    monkeypatch.undo()
    retry = await answer(
        sessions,
        bank,
        FakeScorer(),
        session_id=opened.session_id,
        member_id=ALICE,
        text="correct",
        zone=NOW.tzinfo,
        now=NOW,
    )  # type: ignore[arg-type]
    assert retry.recorded and retry.points == 10 and retry.total_points == 10
