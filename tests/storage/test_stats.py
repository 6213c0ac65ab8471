"""Member stats: per-topic attempts and averages, streaks, weakest topics, most-missed concepts."""

from __future__ import annotations

from datetime import UTC, timedelta

from bot.bank.models import Bank
from bot.db import Sessions
from bot.services import member_stats
from tests.storage.helpers import ALICE, BOB, GUILD, OTHER_GUILD, at, play

T0 = at("2024-05-01 09:00")


async def test_stats_of_a_stranger_are_zero(sessions: Sessions) -> None:
    stats = await member_stats(sessions, guild_id=GUILD, member_id=ALICE, zone=UTC, now=T0)
    assert (stats.points, stats.attempts, stats.average_score) == (0, 0, 0.0)
    assert stats.topics == () and stats.weakest_topics == () and stats.most_missed == ()
    assert (stats.current_streak, stats.best_streak, stats.due_reviews) == (0, 0, 0)


async def test_per_topic_results_weak_spots_and_reviews(sessions: Sessions, bank: Bank) -> None:
    plays = [
        ("db.q1", "correct alpha beta"),  # 90, 10 pts
        ("db.q2", "partial alpha"),  # 50, 5 pts, misses beta
        ("db.m1", "wrong alpha"),  # 10, misses beta
        ("api.q1", "wrong"),  # 10, misses alpha and beta
        ("api.q2", "partial beta"),  # 50, 5 pts, misses alpha
        ("api.h1", "wrong beta"),  # 10, misses alpha
    ]
    for i, (qid, text) in enumerate(plays):
        await play(sessions, bank, qid, text, now=T0 + timedelta(hours=i))
    await play(sessions, bank, "db.q3", "correct", now=T0, member=BOB)
    await play(sessions, bank, "db.q4", "wrong", now=T0, guild=OTHER_GUILD)

    now = T0 + timedelta(hours=12)
    stats = await member_stats(sessions, guild_id=GUILD, member_id=ALICE, zone=UTC, now=now)
    assert (stats.points, stats.attempts, stats.correct) == (20, 6, 1)
    assert stats.average_score == round(220 / 6, 1)
    by_topic = {t.topic: t for t in stats.topics}
    assert [t.topic for t in stats.topics] == ["api", "db"]
    assert (by_topic["db"].attempts, by_topic["db"].average_score, by_topic["db"].points) == (
        3,
        50.0,
        15,
    )
    assert (by_topic["api"].attempts, by_topic["api"].average_score, by_topic["api"].points) == (
        3,
        23.3,
        5,
    )
    assert stats.weakest_topics == ("api", "db")
    assert [(m.label, m.count) for m in stats.most_missed] == [("alpha", 3), ("beta", 3)]
    assert (stats.current_streak, stats.best_streak) == (1, 1)
    # Wrong and partial answers wait a day, the correct one three.
    assert stats.due_reviews == 0
    assert stats.next_review_at == T0 + timedelta(days=1, hours=1)
    tomorrow = await member_stats(
        sessions, guild_id=GUILD, member_id=ALICE, zone=UTC, now=T0 + timedelta(days=2)
    )
    assert tomorrow.due_reviews == 5
    assert tomorrow.next_review_at == T0 + timedelta(days=3)


async def test_strong_topics_are_not_weak(sessions: Sessions, bank: Bank) -> None:
    await play(sessions, bank, "db.q1", "correct", now=T0)
    await play(sessions, bank, "api.q1", "partial", now=T0)
    stats = await member_stats(sessions, guild_id=GUILD, member_id=ALICE, zone=UTC, now=T0)
    assert stats.weakest_topics == ("api",)
