"""Spaced repetition: Leitner boxes 1-5 reviewed after 1, 3, 7, 14 and 30 days."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.scoring.result import Verdict

INTERVALS = {
    1: timedelta(days=1),
    2: timedelta(days=3),
    3: timedelta(days=7),
    4: timedelta(days=14),
    5: timedelta(days=30),
}
FIRST_BOX = 1
LAST_BOX = 5


def next_box(box: int | None, verdict: Verdict | str) -> int:
    """Correct moves up a box, partial stays, incorrect (or a skip after a hint) goes to box 1.

    A question seen for the first time enters box 1 and then moves as above.
    """
    current = FIRST_BOX if box is None else box
    verdict = Verdict(verdict)
    if verdict is Verdict.CORRECT:
        return min(current + 1, LAST_BOX)
    if verdict is Verdict.PARTIAL:
        return current
    return FIRST_BOX


def due_at(box: int, reviewed_at: datetime) -> datetime:
    return reviewed_at + INTERVALS[box]
