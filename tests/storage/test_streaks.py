"""Streaks: consecutive local days with a scored attempt, in the guild's zone."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.bank.models import Bank
from bot.db import Sessions
from bot.services import member_stats, open_question, skip, take_hint
from bot.services.streaks import current_streak
from tests.storage.helpers import ALICE, GUILD, OTHER_GUILD, at, play

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


def test_current_streak_dies_after_a_day_without_attempts() -> None:
    today = date(2024, 5, 15)
    assert current_streak(4, today, today) == 4
    assert current_streak(4, today - timedelta(days=1), today) == 4
    assert current_streak(4, today - timedelta(days=2), today) == 0
    assert current_streak(0, None, today) == 0


async def test_streak_crosses_local_midnight_in_a_non_utc_zone(
    sessions: Sessions, bank: Bank
) -> None:
    # 23:50 and 00:10 in Tokyo: two local days, though the same UTC day.
    first = await play(sessions, bank, "db.q1", "correct", now=at("2024-03-10 14:50"), zone=TOKYO)
    second = await play(sessions, bank, "db.q2", "wrong", now=at("2024-03-10 15:10"), zone=TOKYO)
    assert (first.current_streak, second.current_streak) == (1, 2)
    assert second.best_streak == 2


async def test_same_utc_times_in_utc_are_one_day(sessions: Sessions, bank: Bank) -> None:
    await play(sessions, bank, "db.q1", "correct", now=at("2024-03-10 14:50"))
    second = await play(sessions, bank, "db.q2", "correct", now=at("2024-03-10 15:10"))
    assert second.current_streak == 1


async def test_streak_across_spring_forward(sessions: Sessions, bank: Bank) -> None:
    # New York springs forward on 2024-03-10: 23:30 EST on the 9th, then 23:30 EDT
    # on the 10th are consecutive local days only 23 hours apart.
    a = await play(sessions, bank, "db.q1", "correct", now=at("2024-03-10 04:30"), zone=NEW_YORK)
    b = await play(sessions, bank, "db.q2", "correct", now=at("2024-03-11 03:30"), zone=NEW_YORK)
    assert (a.current_streak, b.current_streak) == (1, 2)


async def test_streak_across_fall_back(sessions: Sessions, bank: Bank) -> None:
    # 2024-11-03 is 25 hours long in New York: 00:30 EDT and 23:59 EST are one day.
    a = await play(sessions, bank, "db.q1", "correct", now=at("2024-11-03 04:30"), zone=NEW_YORK)
    b = await play(sessions, bank, "db.q2", "correct", now=at("2024-11-04 04:59"), zone=NEW_YORK)
    c = await play(sessions, bank, "db.q3", "correct", now=at("2024-11-04 05:01"), zone=NEW_YORK)
    assert (a.current_streak, b.current_streak, c.current_streak) == (1, 1, 2)


async def test_a_gap_restarts_the_streak_and_best_is_kept(sessions: Sessions, bank: Bank) -> None:
    days = ["2024-05-01 10:00", "2024-05-02 10:00", "2024-05-03 10:00", "2024-05-05 10:00"]
    results = [
        await play(sessions, bank, f"db.q{i + 1}", "partial", now=at(day))
        for i, day in enumerate(days)
    ]
    assert [r.current_streak for r in results] == [1, 2, 3, 1]
    assert results[-1].best_streak == 3
    stats = await member_stats(
        sessions, guild_id=GUILD, member_id=ALICE, zone=TOKYO, now=at("2024-05-05 12:00")
    )
    assert (stats.current_streak, stats.best_streak) == (1, 3)
    # Two days later without an attempt the streak shows as broken; the best stays.
    stats = await member_stats(
        sessions, guild_id=GUILD, member_id=ALICE, zone=TOKYO, now=at("2024-05-07 12:00")
    )
    assert (stats.current_streak, stats.best_streak) == (0, 3)


async def test_a_skip_after_a_hint_does_not_extend_the_streak(
    sessions: Sessions, bank: Bank
) -> None:
    await play(sessions, bank, "db.q1", "correct", now=at("2024-05-01 10:00"))
    q = bank.get("db.q2")
    assert q is not None
    day2 = at("2024-05-02 10:00")
    opened = await open_question(sessions, q, guild_id=GUILD, member_id=ALICE, now=day2)
    await take_hint(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=day2)
    assert (
        await skip(sessions, bank, session_id=opened.session_id, member_id=ALICE, now=day2)
    ).recorded
    third = await play(sessions, bank, "db.q3", "correct", now=at("2024-05-03 10:00"))
    assert third.current_streak == 1


async def test_streaks_are_per_guild(sessions: Sessions, bank: Bank) -> None:
    await play(sessions, bank, "db.q1", "correct", now=at("2024-05-01 10:00"))
    other = await play(
        sessions, bank, "db.q2", "correct", now=at("2024-05-02 10:00"), guild=OTHER_GUILD
    )
    here = await play(sessions, bank, "db.q3", "correct", now=at("2024-05-02 11:00"))
    assert (other.current_streak, here.current_streak) == (1, 2)
