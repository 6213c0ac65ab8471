"""The quiz flow: sessions, hints, skips, second answers, shared posts, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.bank.models import Bank
from bot.db import Sessions
from bot.db.models import Attempt, Participant, QuizSession
from bot.services import (
    AlreadyAnsweredError,
    NoMoreHintsError,
    NotYourSessionError,
    QuestionUnavailableError,
    SessionExpiredError,
    SessionNotFoundError,
    answer,
    open_question,
    open_quiz,
    skip,
    take_hint,
)
from tests.storage.helpers import ALICE, BOB, CAROL, GUILD, FakeScorer, at, make_bank, question

NOW = at("2024-05-15 12:00")
UTC_ZONE = NOW.tzinfo
assert UTC_ZONE is not None


async def attempts_count(sessions: Sessions) -> int:
    async with sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(Attempt)) or 0)


async def test_second_answer_gets_feedback_but_no_points(sessions: Sessions, bank: Bank) -> None:
    opened = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=NOW)
    kwargs = {"session_id": opened.session_id, "member_id": ALICE, "zone": UTC_ZONE}
    first = await answer(sessions, bank, FakeScorer(), text="partial", now=NOW, **kwargs)
    second = await answer(
        sessions, bank, FakeScorer(), text="correct alpha", now=NOW + timedelta(seconds=5), **kwargs
    )
    assert first.recorded and first.points > 0
    assert not second.recorded and second.points == 0 and second.attempt_id is None
    assert second.score.verdict == "correct" and second.score.matched == ("alpha",)
    assert await attempts_count(sessions) == 1
    async with sessions() as s:
        part = await s.get(Participant, (opened.session_id, ALICE))
        stored = await s.get(Attempt, first.attempt_id)
    assert part is not None and part.outcome == "answered" and part.answered_at == NOW
    assert stored is not None and stored.session_id == opened.session_id


async def test_private_session_refuses_other_members(sessions: Sessions, bank: Bank) -> None:
    opened = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=NOW)
    with pytest.raises(NotYourSessionError):
        await answer(
            sessions,
            bank,
            FakeScorer(),
            session_id=opened.session_id,
            member_id=BOB,
            text="correct",
            zone=UTC_ZONE,
            now=NOW,
        )
    with pytest.raises(NotYourSessionError):
        await take_hint(sessions, bank, session_id=opened.session_id, member_id=BOB, now=NOW)
    with pytest.raises(NotYourSessionError):
        await skip(sessions, bank, session_id=opened.session_id, member_id=BOB, now=NOW)
    assert await attempts_count(sessions) == 0


async def test_shared_session_counts_each_members_first_answer(
    sessions: Sessions, bank: Bank
) -> None:
    opened = await open_quiz(
        sessions,
        bank,
        guild_id=GUILD,
        member_id=ALICE,
        topic="db",
        difficulty="medium",
        shared=True,
        now=NOW,
    )
    assert opened.owner_id is None
    results = {}
    for member, text in [(ALICE, "correct"), (BOB, "partial"), (CAROL, "wrong"), (BOB, "correct")]:
        results.setdefault(member, []).append(
            await answer(
                sessions,
                bank,
                FakeScorer(),
                session_id=opened.session_id,
                member_id=member,
                text=text,
                zone=UTC_ZONE,
                now=NOW,
            )
        )
    assert [r.points for r in results[ALICE]] == [20]
    assert [(r.points, r.recorded) for r in results[BOB]] == [(10, True), (0, False)]
    assert [r.points for r in results[CAROL]] == [0]
    assert await attempts_count(sessions) == 3
    async with sessions() as s:
        quiz = await s.get(QuizSession, opened.session_id)
        sources = set(await s.scalars(select(Attempt.source)))
        answered = set(
            await s.scalars(
                select(Participant.member_id).where(
                    Participant.session_id == opened.session_id, Participant.outcome == "answered"
                )
            )
        )
    assert quiz is not None and quiz.owner_id is None and sources == {"share"}
    assert answered == {ALICE, BOB, CAROL}


async def test_hints_run_out(sessions: Sessions) -> None:
    bank = make_bank(question("t.two", hints=("one", "two")), question("t.none", hints=()))
    two = await open_question(sessions, bank.get("t.two"), guild_id=GUILD, member_id=ALICE, now=NOW)  # type: ignore[arg-type]
    none = await open_question(
        sessions, bank.get("t.none"), guild_id=GUILD, member_id=ALICE, now=NOW
    )  # type: ignore[arg-type]
    texts = [
        (await take_hint(sessions, bank, session_id=two.session_id, member_id=ALICE, now=NOW)).text
        for _ in range(2)
    ]
    assert texts == ["one", "two"]
    with pytest.raises(NoMoreHintsError):
        await take_hint(sessions, bank, session_id=two.session_id, member_id=ALICE, now=NOW)
    with pytest.raises(NoMoreHintsError):
        await take_hint(sessions, bank, session_id=none.session_id, member_id=ALICE, now=NOW)
    result = await answer(
        sessions,
        bank,
        FakeScorer(),
        session_id=two.session_id,
        member_id=ALICE,
        text="correct",
        zone=UTC_ZONE,
        now=NOW,
    )
    assert (result.hints, result.points) == (2, 6)
    with pytest.raises(AlreadyAnsweredError):
        await take_hint(sessions, bank, session_id=two.session_id, member_id=ALICE, now=NOW)
    with pytest.raises(AlreadyAnsweredError):
        await skip(sessions, bank, session_id=two.session_id, member_id=ALICE, now=NOW)


async def test_answer_after_skip_is_not_recorded(sessions: Sessions, bank: Bank) -> None:
    opened = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=NOW)
    await skip(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=NOW)
    late = await answer(
        sessions,
        bank,
        FakeScorer(),
        session_id=opened.session_id,
        member_id=ALICE,
        text="correct",
        zone=UTC_ZONE,
        now=NOW,
    )
    assert not late.recorded and late.points == 0
    assert await attempts_count(sessions) == 0


async def test_expired_and_unknown_sessions(sessions: Sessions, bank: Bank) -> None:
    opened = await open_quiz(
        sessions,
        bank,
        guild_id=GUILD,
        member_id=ALICE,
        topic="db",
        ttl=timedelta(minutes=10),
        now=NOW,
    )
    assert opened.expires_at == NOW + timedelta(minutes=10)
    ok = await take_hint(
        sessions,
        bank,
        session_id=opened.session_id,
        member_id=ALICE,
        now=NOW + timedelta(minutes=9),
    )
    assert ok.number == 1
    with pytest.raises(SessionExpiredError):
        await answer(
            sessions,
            bank,
            FakeScorer(),
            session_id=opened.session_id,
            member_id=ALICE,
            text="correct",
            zone=UTC_ZONE,
            now=NOW + timedelta(minutes=10),
        )
    with pytest.raises(SessionNotFoundError):
        await answer(
            sessions,
            bank,
            FakeScorer(),
            session_id=987654,
            member_id=ALICE,
            text="correct",
            zone=UTC_ZONE,
            now=NOW,
        )
    assert await attempts_count(sessions) == 0


async def test_question_removed_from_the_bank(sessions: Sessions, bank: Bank) -> None:
    opened = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=NOW)
    other = make_bank(question("zz.only"))
    with pytest.raises(QuestionUnavailableError):
        await answer(
            sessions,
            other,
            FakeScorer(),
            session_id=opened.session_id,
            member_id=ALICE,
            text="correct",
            zone=UTC_ZONE,
            now=NOW,
        )
    # A removed question's history still shows in the stats and boards.
    from bot.services import leaderboard, member_stats

    await answer(
        sessions,
        bank,
        FakeScorer(),
        session_id=opened.session_id,
        member_id=ALICE,
        text="correct",
        zone=UTC_ZONE,
        now=NOW,
    )
    stats = await member_stats(sessions, guild_id=GUILD, member_id=ALICE, zone=UTC_ZONE, now=NOW)
    board = await leaderboard(sessions, guild_id=GUILD, period="all", now=NOW)
    assert stats.attempts == 1 and board.entries[0].member_id == ALICE


def test_naive_times_are_refused() -> None:
    from bot.services.clock import as_utc

    with pytest.raises(ValueError, match="naive"):
        as_utc(NOW.replace(tzinfo=None))
