"""A small bank and a predictable scorer for storage and service tests."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from bot.bank.models import Bank, Difficulty, Keyword, Question, Topic
from bot.db import Sessions
from bot.scoring.result import Score, Verdict
from bot.services import AnswerResult, answer, open_question, take_hint

GUILD = 1001
OTHER_GUILD = 2002
ALICE = 11
BOB = 22
CAROL = 33
DAVE = 44


def at(text: str) -> datetime:
    """An aware UTC datetime from 'YYYY-MM-DD HH:MM[:SS]'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def question(
    qid: str,
    difficulty: Difficulty = Difficulty.EASY,
    *,
    hints: tuple[str, ...] = ("first hint", "second hint", "third hint", "fourth hint", "fifth"),
    retired: bool = False,
) -> Question:
    topic = qid.split(".", maxsplit=1)[0]
    return Question(
        id=qid,
        topic=topic,
        difficulty=difficulty,
        prompt=f"Explain {qid}?",
        answer=f"The model answer for {qid}.",
        keywords=(Keyword(terms=("alpha",), label="alpha"), Keyword(terms=("beta",), label="beta")),
        hints=hints,
        retired=retired,
    )


def make_bank(*questions: Question) -> Bank:
    by_topic: dict[str, list[Question]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    return Bank(
        topics=tuple(
            Topic(slug=slug, name=slug.title(), description="", questions=tuple(qs))
            for slug, qs in by_topic.items()
        )
    )


def default_bank() -> Bank:
    qs = [question(f"db.q{i}", Difficulty.EASY) for i in range(1, 6)]
    qs += [question(f"db.m{i}", Difficulty.MEDIUM) for i in range(1, 4)]
    qs += [question(f"db.h{i}", Difficulty.HARD) for i in range(1, 3)]
    qs += [question(f"api.q{i}", Difficulty.EASY) for i in range(1, 6)]
    qs += [question(f"api.h{i}", Difficulty.HARD) for i in range(1, 3)]
    qs.append(question("api.old", Difficulty.EASY, retired=True))
    qs.append(question("sec.nohints", Difficulty.MEDIUM, hints=()))
    return make_bank(*qs)


class FakeScorer:
    """Grades by the answer's first word: 'correct', 'partial', anything else is incorrect.

    The concepts 'alpha' and 'beta' count as matched when named, else missed.
    """

    def score(self, question: Question, answer: str) -> Score:
        words = answer.lower().split()
        verdict = {"correct": Verdict.CORRECT, "partial": Verdict.PARTIAL}.get(
            words[0] if words else "", Verdict.INCORRECT
        )
        value = {Verdict.CORRECT: 90, Verdict.PARTIAL: 50, Verdict.INCORRECT: 10}[verdict]
        labels = ("alpha", "beta")
        return Score(
            score=value,
            verdict=verdict,
            matched=tuple(label for label in labels if label in words),
            missed=tuple(label for label in labels if label not in words),
            pitfalls=(),
            feedback=f"{verdict} answer",
        )


async def play(
    sessions: Sessions,
    bank: Bank,
    qid: str,
    text: str,
    *,
    now: datetime,
    member: int = ALICE,
    guild: int = GUILD,
    hints: int = 0,
    zone: tzinfo = UTC,
) -> AnswerResult:
    """Open a session on `qid` for the member, take `hints` hints, then answer `text`."""
    q = bank.get(qid)
    assert q is not None
    opened = await open_question(sessions, q, guild_id=guild, member_id=member, now=now)
    for _ in range(hints):
        await take_hint(sessions, bank, session_id=opened.session_id, member_id=member, now=now)
    return await answer(
        sessions,
        bank,
        FakeScorer(),
        session_id=opened.session_id,
        member_id=member,
        text=text,
        zone=zone,
        now=now,
    )
