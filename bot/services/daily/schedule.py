"""Pure schedule maths: when a guild's daily post is due, in UTC, from a local HH:MM and a zone.

A post is owed once per local date. Its due instant is the first instant whose
local wall time is at or after the configured time on that date: a time that
does not exist (02:30 on a spring-forward night) posts at the first valid
minute after it, a time that occurs twice (01:30 on a fall-back night) posts at
the first occurrence. Only today's post is ever owed: once a local date is
over, its post is no longer due, so a bot that was down never posts a backlog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.services.errors import CoachError

_TIME = re.compile(r"\s*(\d{1,2})\s*[:h.]\s*(\d{2})\s*")
MINUTE = timedelta(minutes=1)
# A day's post may still go out this long after its due time when that falls past midnight
# (a gap across midnight pushes the first valid minute into the next date).
LATE_GRACE = timedelta(hours=1)

# Offered first by the timezone autocomplete (before any typing).
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Singapore",
    "Australia/Sydney",
    "Pacific/Auckland",
)


class InvalidScheduleError(CoachError):
    """A schedule setting a moderator typed is not valid; the message shows a valid example."""


def parse_time(text: str) -> time:
    """`HH:MM` (24-hour) as a time; refuse anything else with an example."""
    match = _TIME.fullmatch(text or "")
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidScheduleError(
            f"{_shown(text)} is not a time: use 24-hour HH:MM, for example 09:30 or 18:00."
        )
    return time(int(match[1]), int(match[2]))


def parse_zone(name: str) -> ZoneInfo:
    """An IANA zone by name (case-insensitive); refuse unknown ones with an example."""
    key = (name or "").strip()
    canonical = _zone_names().get(key.casefold())
    if canonical is None:
        raise InvalidScheduleError(
            f"{_shown(name)} is not a known time zone: use an IANA name such as "
            "Europe/Berlin, America/New_York or UTC."
        )
    return ZoneInfo(canonical)


def zone_choices(typed: str, limit: int = 25) -> list[str]:
    """Zone names for autocomplete: common ones first, then any containing what was typed."""
    needle = typed.strip().casefold().replace(" ", "_")
    if not needle:
        return list(COMMON_ZONES[:limit])
    names = sorted(_zone_names().values())
    starts = [n for n in names if n.casefold().startswith(needle)]
    parts = [n for n in names if needle in n.casefold() and n not in starts]
    common = [n for n in COMMON_ZONES if n in starts or n in parts]
    ordered = common + [n for n in starts + parts if n not in common]
    return ordered[:limit]


@cache
def _zone_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for name in available_timezones():
        if name.startswith(("posix/", "right/")) or name in ("Factory", "localtime"):
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - broken tzdata entry
            continue
        names[name.casefold()] = name
    return names


def _shown(text: str) -> str:
    return repr((text or "")[:40])


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def due_at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant the post for local `day` at local `at` is due (DST gaps and folds)."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall(first, zone) == wall:
        return first  # exists; fold=0 is the first of two occurrences
    # In a gap: the transition lies between the two readings; walk to its first minute.
    other = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    moment = min(first, other).replace(second=0, microsecond=0)
    while _wall(moment, zone) < wall:
        moment += MINUTE
    return moment


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def window_end(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Until when the post for `day` is still owed: the end of that local day (or a grace)."""
    midnight = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    return max(midnight, due_at(day, at, zone) + LATE_GRACE)


@dataclass(frozen=True, slots=True)
class NextPost:
    """The next scheduled post: the local date it is for and when it is due (UTC)."""

    day: date
    due: datetime


def next_post(now: datetime, at: time, zone: ZoneInfo, done_through: date | None) -> NextPost:
    """The post owed next, given the last local date already posted (or skipped).

    If today's post is not done and today is not over, it is today's (due now
    if its time has passed: a late post, once); otherwise tomorrow's. Days that
    are over are never owed.
    """
    today = local_date(now, zone)
    for offset in (-1, 0, 1, 2):
        day = today + timedelta(days=offset)
        if done_through is not None and day <= done_through:
            continue
        if now < window_end(day, at, zone):
            return NextPost(day=day, due=due_at(day, at, zone))
    raise AssertionError("unreachable: some day within two days is always owed")  # pragma: no cover


def day_number(day: date, first_day: date) -> int:
    """The day's number in a schedule that started on `first_day` (day 1)."""
    return (day - first_day).days + 1
