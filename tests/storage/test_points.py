"""Points: base by difficulty, half for partial, a quarter off per hint, the 30-day rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.bank.models import Bank, Difficulty
from bot.db import Sessions
from bot.db.models import Attempt, Member
from bot.scoring.result import Verdict
from bot.services import open_question, skip, take_hint
from bot.services.points import hint_cost, points_for
from tests.storage.helpers import ALICE, GUILD, OTHER_GUILD, at, play

NOW = at("2024-05-15 12:00")


@pytest.mark.parametrize(
    ("difficulty", "verdict", "hints", "expected"),
    [
        (Difficulty.EASY, Verdict.CORRECT, 0, 10),
        (Difficulty.MEDIUM, Verdict.CORRECT, 0, 20),
        (Difficulty.HARD, Verdict.CORRECT, 0, 30),
        (Difficulty.EASY, Verdict.PARTIAL, 0, 5),
        (Difficulty.MEDIUM, Verdict.PARTIAL, 0, 10),
        (Difficulty.HARD, Verdict.PARTIAL, 0, 15),
        (Difficulty.HARD, Verdict.INCORRECT, 0, 0),
        # A hint costs a quarter of the base, rounded down: 2, 5, 7.
        (Difficulty.EASY, Verdict.CORRECT, 1, 8),
        (Difficulty.MEDIUM, Verdict.CORRECT, 1, 15),
        (Difficulty.HARD, Verdict.CORRECT, 1, 23),
        (Difficulty.HARD, Verdict.CORRECT, 2, 16),
        (Difficulty.MEDIUM, Verdict.PARTIAL, 1, 5),
        (Difficulty.EASY, Verdict.PARTIAL, 2, 1),
        # Never below zero.
        (Difficulty.EASY, Verdict.PARTIAL, 3, 0),
        (Difficulty.MEDIUM, Verdict.CORRECT, 5, 0),
        (Difficulty.EASY, Verdict.INCORRECT, 2, 0),
    ],
)
def test_points_table(difficulty: Difficulty, verdict: Verdict, hints: int, expected: int) -> None:
    assert points_for(difficulty, verdict, hints) == expected


def test_hint_cost_is_a_quarter_rounded_down() -> None:
    assert [hint_cost(d) for d in Difficulty] == [2, 5, 7]


@pytest.mark.parametrize(
    ("qid", "text", "hints", "expected"),
    [
        ("db.q1", "correct", 0, 10),
        ("db.m1", "correct", 1, 15),
        ("db.h1", "partial", 1, 8),
        ("db.h1", "correct", 3, 9),
        ("db.m1", "partial", 2, 0),
        ("db.q1", "nonsense", 0, 0),
    ],
)
async def test_answer_earns_points_less_hints(
    sessions: Sessions, bank: Bank, qid: str, text: str, hints: int, expected: int
) -> None:
    result = await play(sessions, bank, qid, text, now=NOW, hints=hints)
    assert result.recorded
    assert result.hints == hints
    assert result.points == expected
    assert result.total_points == expected
    async with sessions() as s:
        stored = await s.scalar(select(Attempt.points).where(Attempt.question_id == qid))
        total = await s.scalar(select(Member.points).where(Member.member_id == ALICE))
    assert stored == expected
    assert total == expected


async def test_hint_reports_what_a_correct_answer_can_still_earn(
    sessions: Sessions, bank: Bank
) -> None:
    q = bank.get("db.h1")
    assert q is not None
    opened = await open_question(sessions, q, guild_id=GUILD, member_id=ALICE, now=NOW)
    first = await take_hint(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=NOW)
    second = await take_hint(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=NOW)
    assert (first.number, first.text, first.points_left) == (1, "first hint", 23)
    assert (second.number, second.text, second.points_left) == (2, "second hint", 16)


async def test_only_the_first_attempt_in_30_days_earns_points(
    sessions: Sessions, bank: Bank
) -> None:
    first = await play(sessions, bank, "db.m1", "partial", now=NOW)
    again = await play(sessions, bank, "db.m1", "correct", now=NOW + timedelta(days=29, hours=23))
    later = await play(sessions, bank, "db.m1", "correct", now=NOW + timedelta(days=60))
    assert (first.points, first.earned_points) == (10, True)
    # Full feedback, no points.
    assert again.recorded and not again.earned_points
    assert again.points == 0
    assert again.score.verdict is Verdict.CORRECT
    assert again.score.feedback
    # 30 days after the last attempt (the 29-day one), points again.
    assert (later.points, later.earned_points) == (20, True)
    assert later.total_points == 30


async def test_thirty_days_is_measured_from_the_latest_attempt(
    sessions: Sessions, bank: Bank
) -> None:
    await play(sessions, bank, "db.q1", "wrong", now=NOW)
    exactly = await play(sessions, bank, "db.q1", "correct", now=NOW + timedelta(days=30))
    after = await play(sessions, bank, "db.q1", "correct", now=NOW + timedelta(days=60, seconds=1))
    assert exactly.points == 0  # an attempt exactly 30 days ago is within the window
    assert after.points == 10


async def test_thirty_day_rule_is_per_guild(sessions: Sessions, bank: Bank) -> None:
    here = await play(sessions, bank, "db.q2", "correct", now=NOW)
    there = await play(sessions, bank, "db.q2", "correct", now=NOW, guild=OTHER_GUILD)
    assert here.points == there.points == 10


async def test_skip_after_hint_is_an_incorrect_attempt_that_blocks_points(
    sessions: Sessions, bank: Bank
) -> None:
    q = bank.get("db.m2")
    assert q is not None
    opened = await open_question(sessions, q, guild_id=GUILD, member_id=ALICE, now=NOW)
    await take_hint(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=NOW)
    skipped = await skip(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=NOW)
    assert skipped.recorded and skipped.hints == 1
    assert skipped.review_box == 1
    async with sessions() as s:
        row = (await s.execute(select(Attempt))).scalar_one()
    assert (row.score, row.verdict, row.points, row.skipped, row.hints) == (
        0,
        "incorrect",
        0,
        True,
        1,
    )
    later = await play(sessions, bank, "db.m2", "correct", now=NOW + timedelta(days=3))
    assert later.points == 0 and not later.earned_points


async def test_skip_without_hint_stores_no_attempt(sessions: Sessions, bank: Bank) -> None:
    q = bank.get("db.m3")
    assert q is not None
    opened = await open_question(sessions, q, guild_id=GUILD, member_id=ALICE, now=NOW)
    skipped = await skip(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=NOW)
    assert not skipped.recorded
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Attempt)) == 0
    result = await play(sessions, bank, "db.m3", "correct", now=NOW + timedelta(hours=1))
    assert result.points == 20
