"""Leaderboard order (points, who reached the total first, member id) and competition ranks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bank.models import Bank
from bot.db import Sessions
from bot.services import Period, forget_member, leaderboard
from tests.storage.helpers import ALICE, BOB, CAROL, DAVE, GUILD, OTHER_GUILD, at, play

ERIN, FRANK, GRACE = 55, 66, 77
T0 = at("2024-05-14 08:00")  # a Tuesday
NOW = at("2024-05-16 12:00")


def t(minutes: int):
    return T0 + timedelta(minutes=minutes)


async def seed(sessions: Sessions, bank: Bank) -> None:
    await play(sessions, bank, "db.q5", "correct", now=t(0), member=ERIN)  # 10, +5 +5 later
    await play(sessions, bank, "db.h1", "correct", now=t(1), member=ALICE)  # 30
    await play(sessions, bank, "db.m2", "correct", now=t(2), member=CAROL)  # 20
    await play(sessions, bank, "db.m1", "correct", now=t(3), member=BOB)  # 20
    await play(sessions, bank, "db.m3", "correct", now=t(3), member=GRACE)  # 20, same time
    await play(sessions, bank, "db.q1", "correct", now=t(4), member=DAVE)  # 10
    await play(sessions, bank, "db.q2", "wrong", now=t(4), member=FRANK)  # 0
    await play(sessions, bank, "db.q3", "partial", now=t(5), member=ERIN)  # +5
    await play(sessions, bank, "db.q4", "partial", now=t(6), member=ERIN)  # +5 = 20 at t(6)
    # Noise elsewhere: another guild, a wrong answer that changes nothing.
    await play(sessions, bank, "db.h2", "correct", now=t(1), member=DAVE, guild=OTHER_GUILD)
    await play(sessions, bank, "api.q1", "wrong", now=t(7), member=ALICE)


EXPECTED = [
    (1, ALICE, 30),
    (2, CAROL, 20),  # reached 20 first
    (2, BOB, 20),  # same time as GRACE: lower member id first
    (2, GRACE, 20),
    (2, ERIN, 20),  # reached 20 last
    (6, DAVE, 10),
    (7, FRANK, 0),
]


@pytest.mark.parametrize("period", [Period.WEEK, Period.MONTH, Period.ALL])
async def test_order_and_competition_ranks(sessions: Sessions, bank: Bank, period: Period) -> None:
    await seed(sessions, bank)
    board = await leaderboard(sessions, guild_id=GUILD, period=period, page_size=10, now=NOW)
    assert [(e.rank, e.member_id, e.points) for e in board.entries] == EXPECTED
    assert board.size == 7
    assert board.entries[0].reached_at == t(1)
    assert board.entries[-1].reached_at is None


@pytest.mark.parametrize("period", [Period.WEEK, Period.ALL])
async def test_callers_rank_off_the_page(sessions: Sessions, bank: Bank, period: Period) -> None:
    await seed(sessions, bank)
    first = await leaderboard(
        sessions, guild_id=GUILD, period=period, page_size=2, member_id=DAVE, now=NOW
    )
    assert [e.member_id for e in first.entries] == [ALICE, CAROL]
    assert first.me is not None
    assert (first.me.rank, first.me.points) == (6, 10)
    assert first.pages == 4
    second = await leaderboard(
        sessions, guild_id=GUILD, period=period, page=2, page_size=2, member_id=BOB, now=NOW
    )
    assert [(e.rank, e.member_id) for e in second.entries] == [(2, BOB), (2, GRACE)]
    assert second.me is not None and second.me.rank == 2
    beyond = await leaderboard(sessions, guild_id=GUILD, period=period, page=9, now=NOW)
    assert beyond.entries == () and beyond.size == 7


async def test_caller_with_no_attempts_has_no_standing(sessions: Sessions, bank: Bank) -> None:
    await seed(sessions, bank)
    board = await leaderboard(sessions, guild_id=GUILD, member_id=12345, now=NOW)
    assert board.me is None


async def test_other_guilds_are_invisible(sessions: Sessions, bank: Bank) -> None:
    await seed(sessions, bank)
    for period in Period:
        board = await leaderboard(
            sessions, guild_id=OTHER_GUILD, period=period, member_id=ALICE, now=NOW
        )
        assert [(e.member_id, e.points) for e in board.entries] == [(DAVE, 30)]
        assert board.me is None


@pytest.mark.parametrize("period", [Period.WEEK, Period.ALL])
async def test_topic_board(sessions: Sessions, bank: Bank, period: Period) -> None:
    await seed(sessions, bank)
    await play(sessions, bank, "api.h1", "partial", now=t(8), member=BOB)  # 15
    await play(sessions, bank, "api.q2", "correct", now=t(9), member=CAROL)  # 10
    board = await leaderboard(
        sessions, guild_id=GUILD, period=period, topic="api", member_id=ALICE, now=NOW
    )
    assert [(e.rank, e.member_id, e.points) for e in board.entries] == [
        (1, BOB, 15),
        (2, CAROL, 10),
        (3, ALICE, 0),
    ]
    assert board.me is not None and board.me.rank == 3


async def test_last_weeks_points_leave_the_week_board(sessions: Sessions, bank: Bank) -> None:
    await seed(sessions, bank)
    next_week = NOW + timedelta(days=7)
    await play(sessions, bank, "db.q5", "correct", now=next_week, member=FRANK)
    week = await leaderboard(sessions, guild_id=GUILD, period="week", now=next_week)
    month = await leaderboard(sessions, guild_id=GUILD, period="month", now=next_week)
    assert [(e.member_id, e.points) for e in week.entries] == [(FRANK, 10)]
    assert month.entries[0].member_id == ALICE
    assert next(e for e in month.entries if e.member_id == FRANK).points == 10


async def test_forgotten_member_leaves_the_boards_of_that_guild_only(
    sessions: Sessions, bank: Bank
) -> None:
    await seed(sessions, bank)
    forgotten = await forget_member(sessions, guild_id=GUILD, member_id=ALICE)
    assert forgotten.member and forgotten.attempts == 2
    for period in Period:
        board = await leaderboard(sessions, guild_id=GUILD, period=period, now=NOW)
        assert ALICE not in [e.member_id for e in board.entries]
        assert board.entries[0].rank == 1 and board.entries[0].member_id == CAROL
    other = await leaderboard(sessions, guild_id=OTHER_GUILD, period="all", now=NOW)
    assert [e.member_id for e in other.entries] == [DAVE]


async def test_member_rank_alone(sessions: Sessions, bank: Bank) -> None:
    from bot.services import member_rank

    await seed(sessions, bank)
    for period in Period:
        standing = await member_rank(
            sessions, guild_id=GUILD, member_id=GRACE, period=period, now=NOW
        )
        assert standing is not None and (standing.rank, standing.points) == (2, 20)
    topic = await member_rank(sessions, guild_id=GUILD, member_id=ALICE, topic="api", now=NOW)
    assert topic is not None and (topic.rank, topic.points) == (1, 0)
    assert await member_rank(sessions, guild_id=GUILD, member_id=999, now=NOW) is None
