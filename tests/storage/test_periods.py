"""Periods: weeks start Monday 00:00 and months on the 1st, local time in the guild's zone."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from bot.bank.models import Bank
from bot.db import Sessions
from bot.services import Period, leaderboard
from bot.services.clock import period_bounds
from tests.storage.helpers import ALICE, BOB, GUILD, at, play

BERLIN = ZoneInfo("Europe/Berlin")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def test_week_starts_monday_midnight_local() -> None:
    # Wednesday 2024-05-15 in Berlin (UTC+2): the week is Mon 13th 00:00 to Mon 20th 00:00.
    start, end = period_bounds(Period.WEEK, at("2024-05-15 12:00"), BERLIN)
    assert (start, end) == (at("2024-05-12 22:00"), at("2024-05-19 22:00"))


def test_week_containing_a_dst_change_is_167_hours() -> None:
    start, end = period_bounds(Period.WEEK, at("2024-03-28 12:00"), BERLIN)
    assert start == at("2024-03-24 23:00")  # Monday 25th 00:00 CET
    assert end == at("2024-03-31 22:00")  # Monday 1st 00:00 CEST
    assert end is not None and start is not None
    assert (end - start).total_seconds() == 167 * 3600


def test_month_starts_on_the_first_local() -> None:
    start, end = period_bounds(Period.MONTH, at("2024-02-29 23:30"), LOS_ANGELES)
    assert (start, end) == (at("2024-02-01 08:00"), at("2024-03-01 08:00"))
    # 2024-03-01 07:30 UTC is still February in Los Angeles.
    assert period_bounds(Period.MONTH, at("2024-03-01 07:30"), LOS_ANGELES)[0] == start
    start, end = period_bounds(Period.MONTH, at("2024-12-31 12:00"), UTC)
    assert (start, end) == (at("2024-12-01 00:00"), at("2025-01-01 00:00"))


def test_all_time_has_no_bounds() -> None:
    assert period_bounds(Period.ALL, at("2024-05-15 12:00"), BERLIN) == (None, None)


async def test_week_board_switches_at_local_monday_midnight(sessions: Sessions, bank: Bank) -> None:
    # Sunday 23:30 Berlin = 21:30 UTC; Monday 00:30 Berlin = Sunday 22:30 UTC.
    await play(sessions, bank, "db.q1", "correct", now=at("2024-05-19 21:30"), member=ALICE)
    await play(sessions, bank, "db.m1", "correct", now=at("2024-05-19 22:30"), member=BOB)

    sunday = await leaderboard(
        sessions, guild_id=GUILD, period="week", zone=BERLIN, now=at("2024-05-19 21:45")
    )
    monday = await leaderboard(
        sessions, guild_id=GUILD, period="week", zone=BERLIN, now=at("2024-05-19 23:00")
    )
    in_utc = await leaderboard(
        sessions, guild_id=GUILD, period="week", zone=UTC, now=at("2024-05-19 23:00")
    )
    assert [(e.member_id, e.points) for e in sunday.entries] == [(ALICE, 10)]
    assert [(e.member_id, e.points) for e in monday.entries] == [(BOB, 20)]
    # In UTC both attempts fall on Sunday: one week.
    assert [(e.member_id, e.points) for e in in_utc.entries] == [(BOB, 20), (ALICE, 10)]


async def test_month_board_switches_at_local_first(sessions: Sessions, bank: Bank) -> None:
    # Los Angeles (UTC-7 in summer): 2024-06-30 23:30 local = 07-01 06:30 UTC.
    await play(sessions, bank, "db.q1", "correct", now=at("2024-07-01 06:30"), member=ALICE)
    await play(sessions, bank, "db.h1", "correct", now=at("2024-07-01 07:30"), member=BOB)
    june = await leaderboard(
        sessions, guild_id=GUILD, period=Period.MONTH, zone=LOS_ANGELES, now=at("2024-07-01 06:45")
    )
    july = await leaderboard(
        sessions, guild_id=GUILD, period=Period.MONTH, zone=LOS_ANGELES, now=at("2024-07-01 08:00")
    )
    everything = await leaderboard(
        sessions, guild_id=GUILD, period=Period.ALL, zone=LOS_ANGELES, now=at("2024-07-01 08:00")
    )
    assert [e.member_id for e in june.entries] == [ALICE]
    assert [e.member_id for e in july.entries] == [BOB]
    assert [(e.member_id, e.points) for e in everything.entries] == [(BOB, 30), (ALICE, 10)]
    assert july.start == at("2024-07-01 07:00")
