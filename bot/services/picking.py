"""Which question to ask next: due reviews first, then one not recently seen, if any is left."""

from __future__ import annotations

import heapq
import random
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot.bank.models import Question

# "Recently seen": given in the last 7 days or among the member's last 20 questions.
RECENT_DAYS = timedelta(days=7)
RECENT_COUNT = 20

_NEVER = datetime.min.replace(tzinfo=UTC)


def recently_given(last_given: Mapping[str, datetime], *, since: datetime, last: int) -> set[str]:
    """Question ids last given at or after `since`, or among the `last` most recently given."""
    recent = {question_id for question_id, at in last_given.items() if at >= since}
    recent.update(heapq.nlargest(last, last_given, key=last_given.__getitem__))
    return recent


def pick_question(
    pool: Sequence[Question],
    *,
    due: Sequence[str],
    recent: Collection[str],
    last_given: Mapping[str, datetime],
    rng: random.Random,
) -> tuple[Question, bool]:
    """Pick from `pool`; True with the question when it was picked because it is due.

    `due` lists due question ids, most overdue first. A due question is offered
    even if recently seen; otherwise a random question not recently seen; when
    every question in the pool was seen recently, the one given longest ago.
    """
    if not pool:
        raise ValueError("empty pool")
    if due:
        by_id = {question.id: question for question in pool}
        for question_id in due:
            if question_id in by_id:
                return by_id[question_id], True
    fresh = [question for question in pool if question.id not in recent]
    if fresh:
        return rng.choice(fresh), False
    oldest = min(last_given.get(question.id, _NEVER) for question in pool)
    return rng.choice([q for q in pool if last_given.get(q.id, _NEVER) == oldest]), False
