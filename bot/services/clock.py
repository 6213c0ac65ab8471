"""Time in one place: aware UTC instants, local days and period boundaries in a guild's zone."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Period(StrEnum):
    """A leaderboard period: the current local week (from Monday), month (from the 1st), or all."""

    WEEK = "week"
    MONTH = "month"
    ALL = "all"


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime:
    """`moment` (default: now) as an aware UTC datetime; naive datetimes are refused."""
    if moment is None:
        return utc_now()
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware time")
    return moment.astimezone(UTC)


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day `moment` falls on in `zone`."""
    return moment.astimezone(zone).date()


def local_midnight(day: date, zone: tzinfo) -> datetime:
    """The UTC instant at which `day` begins in `zone` (DST-aware)."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def period_bounds(
    period: Period, now: datetime, zone: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """The [start, end) of the period containing `now`, as UTC instants; (None, None) for all."""
    today = local_day(now, zone)
    if period is Period.WEEK:
        start = today - timedelta(days=today.weekday())
        end = start + timedelta(days=7)
    elif period is Period.MONTH:
        start = today.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1)
    else:
        return None, None
    return local_midnight(start, zone), local_midnight(end, zone)


def local_zone() -> tzinfo:
    """The machine's time zone (the terminal's zone): $TZ, /etc/localtime, else its UTC offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    link = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in link:
        candidates.append(link.split("zoneinfo/", 1)[1])
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ValueError, ZoneInfoNotFoundError):
            continue
    return datetime.now().astimezone().tzinfo or UTC
