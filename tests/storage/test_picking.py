"""Picking a question: due reviews first, never one recently seen unless the pool is exhausted."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest

from bot.bank.models import Bank, Difficulty
from bot.db import Sessions
from bot.services import NoQuestionsError, open_quiz, skip
from tests.storage.helpers import ALICE, BOB, GUILD, OTHER_GUILD, at, make_bank, play, question

T0 = at("2024-05-01 09:00")


async def open_and_skip(sessions: Sessions, bank: Bank, now: object, **kwargs: object) -> str:
    opened = await open_quiz(
        sessions,
        bank,
        guild_id=GUILD,
        member_id=ALICE,
        now=now,
        **kwargs,  # type: ignore[arg-type]
    )
    await skip(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=now)  # type: ignore[arg-type]
    return opened.question.id


async def test_never_a_question_seen_in_the_last_7_days(sessions: Sessions) -> None:
    bank = make_bank(*(question(f"t.q{i}") for i in range(5)))
    rng = random.Random(7)
    seen = [await open_and_skip(sessions, bank, T0 + timedelta(days=i), rng=rng) for i in range(5)]
    assert sorted(seen) == [f"t.q{i}" for i in range(5)]  # each once while others remain
    # Day 8: the one given on day 0 is more than 7 days old, but all 5 are among the
    # last 20, so the pool is exhausted: the least recently given comes back.
    again = await open_and_skip(sessions, bank, T0 + timedelta(days=8), rng=rng)
    assert again == seen[0]


async def test_the_last_20_are_recent_even_when_older_than_7_days(sessions: Sessions) -> None:
    bank = make_bank(*(question(f"t.q{i:02}") for i in range(22)))
    rng = random.Random(3)
    seen = [
        await open_and_skip(sessions, bank, T0 + timedelta(days=10 * i), rng=rng) for i in range(22)
    ]
    assert len(set(seen)) == 22
    # All were given more than 7 days ago; the 2 given earliest are not among the last 20.
    later = T0 + timedelta(days=300)
    first = await open_and_skip(sessions, bank, later, rng=rng)
    second = await open_and_skip(sessions, bank, later, rng=rng)
    assert {first, second} == set(seen[:2])
    # Those two pushed seen[2] and seen[3] out of the last 20.
    third = await open_and_skip(sessions, bank, later, rng=rng)
    assert third in seen[2:4]


async def test_due_review_wins_even_if_recently_seen(sessions: Sessions) -> None:
    bank = make_bank(*(question(f"t.q{i}") for i in range(6)))
    await play(sessions, bank, "t.q3", "wrong", now=T0)  # box 1: due a day later
    opened = await open_quiz(
        sessions, bank, guild_id=GUILD, member_id=ALICE, now=T0 + timedelta(days=1, minutes=1)
    )
    assert opened.question.id == "t.q3" and opened.review


async def test_other_members_and_guilds_do_not_count_as_seen(sessions: Sessions) -> None:
    bank = make_bank(question("t.a"), question("t.b"))
    await open_quiz(sessions, bank, guild_id=GUILD, member_id=BOB, now=T0)
    await open_quiz(sessions, bank, guild_id=OTHER_GUILD, member_id=ALICE, now=T0)
    first = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=T0)
    second = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=T0)
    assert {first.question.id, second.question.id} == {"t.a", "t.b"}


async def test_filters_by_topic_and_difficulty_and_skips_retired(
    sessions: Sessions, bank: Bank
) -> None:
    counts: Counter[str] = Counter()
    for i in range(6):
        opened = await open_quiz(
            sessions,
            bank,
            guild_id=GUILD,
            member_id=ALICE,
            topic="api",
            difficulty=Difficulty.EASY,
            now=T0 + timedelta(minutes=i),
        )
        counts[opened.question.id] += 1
    assert set(counts) <= {f"api.q{i}" for i in range(1, 6)}
    assert len(counts) == 5  # five distinct before any repeats


@pytest.mark.parametrize(
    ("topic", "difficulty"), [("nope", None), ("db", "hard"), ("api", "medium")]
)
async def test_no_questions(sessions: Sessions, topic: str, difficulty: str | None) -> None:
    bank = make_bank(question("db.q1"), question("api.h1", Difficulty.HARD, retired=True))
    with pytest.raises(NoQuestionsError):
        await open_quiz(
            sessions,
            bank,
            guild_id=GUILD,
            member_id=ALICE,
            topic=topic,
            difficulty=difficulty,
            now=T0,
        )


async def test_a_due_question_skipped_since_it_fell_due_is_not_pushed_again(
    sessions: Sessions,
) -> None:
    bank = make_bank(*(question(f"t.q{i}") for i in range(3)))
    await play(sessions, bank, "t.q1", "wrong", now=T0)  # due a day later
    day2 = T0 + timedelta(days=1, hours=1)
    first = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=day2)
    assert first.question.id == "t.q1" and first.review
    await skip(sessions, bank, session_id=first.session_id, member_id=ALICE, now=day2)
    second = await open_quiz(sessions, bank, guild_id=GUILD, member_id=ALICE, now=day2)
    assert second.question.id != "t.q1" and not second.review


def test_recently_given_is_the_last_week_or_the_last_questions() -> None:
    from bot.services.picking import recently_given

    last = {f"q{i}": T0 - timedelta(days=i) for i in range(30)}
    recent = recently_given(last, since=T0 - timedelta(days=7), last=20)
    assert recent == {f"q{i}" for i in range(20)}
    recent = recently_given(last, since=T0 - timedelta(days=25), last=3)
    assert recent == {f"q{i}" for i in range(26)}
    assert recently_given({}, since=T0, last=20) == set()
