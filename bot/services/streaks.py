"""Streaks as a member sees them: consecutive local days with a scored attempt."""

from __future__ import annotations

from datetime import date, timedelta


def current_streak(stored: int, streak_day: date | None, today: date) -> int:
    """The streak alive today: the stored one if its last day is today or yesterday, else 0."""
    if streak_day is None or streak_day < today - timedelta(days=1):
        return 0
    return stored
