"""Pure schedule maths: due instants in non-UTC zones, DST gaps and folds, only today owed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.daily.schedule import (
    InvalidScheduleError,
    day_number,
    due_at,
    next_post,
    parse_time,
    parse_zone,
    zone_choices,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
KOLKATA = ZoneInfo("Asia/Kolkata")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # 30-minute DST shift


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("09:30", time(9, 30)),
        ("0:05", time(0, 5)),
        (" 23:59 ", time(23, 59)),
        ("18h00", time(18, 0)),
    ],
)
def test_parse_time_accepts_24_hour_times(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "09:60", "nine", "", "9:5", "-1:00", "12:00pm"])
def test_parse_time_refuses_with_an_example(text: str) -> None:
    with pytest.raises(InvalidScheduleError, match="for example 09:30"):
        parse_time(text)


def test_parse_zone_is_case_insensitive_and_refuses_unknown_zones() -> None:
    assert parse_zone("europe/berlin") == BERLIN
    assert parse_zone(" UTC ") == ZoneInfo("UTC")
    for bad in ("Mars/Olympus", "", "CEST", "posix/Europe/Berlin", "../etc/passwd"):
        with pytest.raises(InvalidScheduleError, match="Europe/Berlin"):
            parse_zone(bad)


def test_zone_choices_common_first_then_matching() -> None:
    assert zone_choices("")[0] == "UTC" and len(zone_choices("")) <= 25
    assert zone_choices("berl") == ["Europe/Berlin"]
    assert zone_choices("new york")[0] == "America/New_York"
    assert all("america" in z.casefold() for z in zone_choices("america"))
    assert len(zone_choices("a")) == 25


def test_due_in_non_utc_zones() -> None:
    assert due_at(date(2025, 1, 15), time(9, 0), NY) == utc(2025, 1, 15, 14, 0)
    assert due_at(date(2025, 7, 15), time(9, 0), NY) == utc(2025, 7, 15, 13, 0)
    assert due_at(date(2025, 7, 15), time(9, 0), KOLKATA) == utc(2025, 7, 15, 3, 30)
    # 00:30 in Kolkata is the previous UTC day.
    assert due_at(date(2025, 7, 15), time(0, 30), KOLKATA) == utc(2025, 7, 14, 19, 0)


def test_spring_forward_gap_posts_at_first_valid_minute_after() -> None:
    # New York, 2025-03-09: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist.
    assert due_at(date(2025, 3, 9), time(2, 30), NY) == utc(2025, 3, 9, 7, 0)  # 03:00 EDT
    assert due_at(date(2025, 3, 9), time(2, 0), NY) == utc(2025, 3, 9, 7, 0)
    assert due_at(date(2025, 3, 9), time(1, 59), NY) == utc(2025, 3, 9, 6, 59)
    assert due_at(date(2025, 3, 9), time(3, 0), NY) == utc(2025, 3, 9, 7, 0)
    # Berlin, 2025-03-30: 02:00 CET jumps to 03:00 CEST.
    assert due_at(date(2025, 3, 30), time(2, 15), BERLIN) == utc(2025, 3, 30, 1, 0)
    # Lord Howe jumps 02:00 -> 02:30: 02:10 posts at 02:30 (+11).
    assert due_at(date(2025, 10, 5), time(2, 10), LORD_HOWE) == utc(2025, 10, 4, 15, 30)


def test_fall_back_fold_posts_at_first_occurrence() -> None:
    # New York, 2025-11-02: 01:00-02:00 happens twice (EDT, then EST).
    assert due_at(date(2025, 11, 2), time(1, 30), NY) == utc(2025, 11, 2, 5, 30)  # EDT
    assert due_at(date(2025, 11, 2), time(2, 30), NY) == utc(2025, 11, 2, 7, 30)  # EST
    assert due_at(date(2025, 10, 26), time(2, 30), BERLIN) == utc(2025, 10, 26, 0, 30)


def test_a_day_is_owed_once_and_only_today() -> None:
    at = time(9, 0)
    before = utc(2025, 1, 15, 13, 0)  # 08:00 in New York
    assert next_post(before, at, NY, None).due == utc(2025, 1, 15, 14, 0)
    # Done today: tomorrow's.
    nxt = next_post(before, at, NY, date(2025, 1, 15))
    assert nxt.day == date(2025, 1, 16) and nxt.due == utc(2025, 1, 16, 14, 0)
    # Down at post time, back the same local day: today's is due now (late, once).
    late = utc(2025, 1, 16, 3, 0)  # 22:00 on the 15th in New York
    assert next_post(late, at, NY, date(2025, 1, 14)).day == date(2025, 1, 15)
    assert next_post(late, at, NY, date(2025, 1, 14)).due <= late
    # Back the next local day (before post time): that day's question, no backlog.
    nxt = next_post(utc(2025, 1, 16, 6, 0), at, NY, date(2025, 1, 14))
    assert nxt.day == date(2025, 1, 16) and nxt.due == utc(2025, 1, 16, 14, 0)
    # Back days later, after post time: only today's, due now.
    nxt = next_post(utc(2025, 1, 20, 20, 0), at, NY, date(2025, 1, 14))
    assert nxt.day == date(2025, 1, 20) and nxt.due == utc(2025, 1, 20, 14, 0)


def test_skipped_days_count_as_done() -> None:
    nxt = next_post(utc(2025, 1, 15, 13, 0), time(9, 0), NY, date(2025, 1, 16))
    assert nxt.day == date(2025, 1, 17)


def test_a_year_of_days_each_due_once_in_order() -> None:
    at = time(2, 30)
    done: date | None = None
    now = utc(2025, 1, 1)
    days = []
    while now < utc(2026, 1, 1):
        nxt = next_post(now, at, NY, done)
        assert nxt.due.astimezone(NY).date() == nxt.day
        days.append(nxt.day)
        done = nxt.day
        now = max(now, nxt.due) + timedelta(minutes=1)
    assert days == sorted(set(days))
    in_2025 = [d for d in days if d.year == 2025]
    assert len(in_2025) == 365


def test_day_number() -> None:
    assert day_number(date(2025, 1, 1), date(2025, 1, 1)) == 1
    assert day_number(date(2025, 2, 1), date(2025, 1, 1)) == 32
