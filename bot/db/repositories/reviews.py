"""Spaced-repetition state: the Leitner box of each question for a member, and when it is due."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from functools import cache

from sqlalchemy import ColumnElement, Integer, case, delete, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from bot.db.models import Review, table
from bot.db.upsert import dialect_insert, dialect_name, param

BOXES = (1, 2, 3, 4, 5)


class Move(Enum):
    """Where an attempt sends a question: a box up, the same box, or back to box 1."""

    UP = "up"
    STAY = "stay"
    RESET = "reset"


class ReviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        guild_id: int,
        member_id: int,
        question_id: str,
        *,
        topic: str,
        move: Move,
        first_box: int,
        due_by_box: Mapping[int, datetime],
        verdict: str,
        now: datetime,
    ) -> tuple[int, datetime]:
        """Move the question between boxes in one atomic upsert; its new (box, due time).

        A new question enters `first_box`; a known one goes up a box (capped at
        box 5), stays, or goes back to box 1. It falls due at `due_by_box[box]`.
        """
        params: dict[str, object] = {
            "guild_id": guild_id,
            "member_id": member_id,
            "question_id": question_id,
            "topic": topic,
            "box": first_box,
            "due_at": due_by_box[first_box],
            "verdict": verdict,
            "now": now,
            "lapse": int(move is Move.RESET),
        }
        params.update({f"due_{box}": due_by_box[box] for box in BOXES})
        result = await self.session.execute(_record(dialect_name(self.session), move), params)
        box, due_at = result.one()
        return box, due_at

    async def due(
        self, guild_id: int, member_id: int, now: datetime, limit: int | None = None
    ) -> list[Review]:
        """Reviews due at `now`, most overdue first."""
        result = await self.session.scalars(
            select(Review)
            .where(Review.guild_id == guild_id, Review.member_id == member_id, Review.due_at <= now)
            .order_by(Review.due_at, Review.question_id)
            .limit(limit)
        )
        return list(result)

    async def next_due(self, guild_id: int, member_id: int, after: datetime) -> datetime | None:
        """When the next review after `after` falls due, if any."""
        return await self.session.scalar(
            select(func.min(Review.due_at)).where(
                Review.guild_id == guild_id, Review.member_id == member_id, Review.due_at > after
            )
        )

    async def delete_member(self, guild_id: int, member_id: int) -> int:
        result = await self.session.execute(
            delete(Review)
            .where(Review.guild_id == guild_id, Review.member_id == member_id)
            .returning(Review.question_id)
        )
        return len(result.all())


@cache
def _record(dialect: str, move: Move) -> ReturningInsert[int, datetime]:
    r = table(Review).c
    stmt = dialect_insert(dialect, table(Review)).values(
        guild_id=param("guild_id", r.guild_id),
        member_id=param("member_id", r.member_id),
        question_id=param("question_id", r.question_id),
        topic=param("topic", r.topic),
        box=param("box", r.box),
        due_at=param("due_at", r.due_at),
        last_verdict=param("verdict", r.last_verdict),
        last_attempt_at=param("now", r.last_attempt_at),
        reviews=1,
        lapses=param("lapse", r.lapses),
    )
    new_box: ColumnElement[int]
    if move is Move.UP:
        new_box = case((r.box >= BOXES[-1], BOXES[-1]), else_=r.box + 1)
    elif move is Move.STAY:
        new_box = r.box
    else:
        new_box = literal(BOXES[0], Integer)
    due = case(*((new_box == box, param(f"due_{box}", r.due_at)) for box in BOXES))
    return stmt.on_conflict_do_update(
        index_elements=["guild_id", "member_id", "question_id"],
        set_={
            "box": new_box,
            "due_at": due,
            "topic": stmt.excluded.topic,
            "last_verdict": stmt.excluded.last_verdict,
            "last_attempt_at": stmt.excluded.last_attempt_at,
            "reviews": r.reviews + 1,
            "lapses": r.lapses + stmt.excluded.lapses,
        },
    ).returning(r.box, r.due_at)
