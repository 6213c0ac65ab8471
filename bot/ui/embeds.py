"""Embeds the bot sends: questions, feedback, stats, leaderboards, topics, help.

Pure functions from service results to `discord.Embed`; every one ends in
`fit()`, so Discord's limits hold whatever the bank or a member wrote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import discord

from bot.bank import Bank, Difficulty
from bot.feedback import score_bar
from bot.scoring.result import Verdict
from bot.services import (
    AnswerResult,
    DueReview,
    Hint,
    Leaderboard,
    MemberStats,
    OpenedQuiz,
    Skipped,
)
from bot.services.mock import MockReport
from bot.services.points import base_points
from bot.services.question_stats import QuestionStats
from bot.services.reports import OpenReports
from bot.ui.limits import FIELD_VALUE, clip, fit, quote

COLOURS = {
    Verdict.CORRECT: discord.Colour.green(),
    Verdict.PARTIAL: discord.Colour.gold(),
    Verdict.INCORRECT: discord.Colour.red(),
}
QUESTION_COLOUR = discord.Colour.blurple()
DIFFICULTY_ORDER = tuple(Difficulty)


def topic_name(bank: Bank, slug: str) -> str:
    topic = bank.topic(slug)
    return topic.name if topic is not None else slug


def question_embed(bank: Bank, opened: OpenedQuiz, *, shared: bool = False) -> discord.Embed:
    """The question as posted: topic, difficulty, prompt, and what it is worth."""
    question = opened.question
    embed = discord.Embed(
        title=f"{topic_name(bank, question.topic)} · {question.difficulty}",
        description=question.prompt,
        colour=QUESTION_COLOUR,
    )
    worth = base_points(question.difficulty)
    notes = [f"Worth {worth} points", f"{len(question.hints)} hint(s)"]
    if opened.review:
        notes.insert(0, "Due for review")
    if shared:
        notes.append("anyone may answer; each answer is private")
    embed.set_footer(text=" · ".join(notes) + f" · quiz {opened.session_id}")
    return fit(embed)


def hint_embed(hint: Hint) -> discord.Embed:
    embed = discord.Embed(
        title=f"Hint {hint.number}/{hint.total}", description=hint.text, colour=QUESTION_COLOUR
    )
    embed.set_footer(text=f"A correct answer can now earn at most {hint.points_left} points.")
    return fit(embed)


def skipped_embed(skipped: Skipped) -> discord.Embed:
    if skipped.recorded:
        text = "Skipped after a hint: recorded as a miss (no points, back to review box 1)."
    else:
        text = "Skipped: nothing recorded."
    embed = discord.Embed(title="Skipped", description=text, colour=discord.Colour.light_grey())
    embed.add_field(name="Model answer", value=clip(skipped.question.answer.strip(), FIELD_VALUE))
    return fit(embed)


def points_line(result: AnswerResult) -> str:
    if not result.recorded:
        return "0 — practice: you already answered this quiz, so nothing was recorded."
    if not result.earned_points:
        return "0 — you answered this question in the last 30 days; points count once."
    line = f"+{result.points}"
    if result.hints:
        line += f" ({result.hints} hint{'s' if result.hints != 1 else ''} taken)"
    if result.total_points is not None:
        line += f" · total {result.total_points}"
    return line


def feedback_embed(result: AnswerResult, answer_text: str) -> discord.Embed:
    """Score with a bar, verdict, concepts, pitfalls, model answer, points and streak."""
    score = result.score
    question = result.question
    embed = discord.Embed(
        title=clip(f"{score.verdict.value.capitalize()} · {question.prompt}", 256),
        description=f"`{score_bar(score.score)}` **{score.score}/100**\n{score.feedback}",
        colour=COLOURS[score.verdict],
    )
    if score.matched:
        embed.add_field(name="Covered", value=_bullets(score.matched), inline=False)
    if score.missed:
        embed.add_field(name="Missed", value=_bullets(score.missed), inline=False)
    for hit in score.pitfall_hits:
        embed.add_field(name=f"Pitfall: {hit.label}", value=hit.feedback, inline=False)
    embed.add_field(name="Model answer", value=question.answer.strip() or "\u200b", inline=False)
    embed.add_field(name="Your answer", value=quote(answer_text, FIELD_VALUE), inline=False)
    embed.add_field(name="Points", value=points_line(result), inline=True)
    if result.current_streak is not None:
        best = f" (best {result.best_streak})" if result.best_streak else ""
        embed.add_field(name="Streak", value=f"{result.current_streak} day(s){best}", inline=True)
    if result.next_review_at is not None and result.review_box is not None:
        embed.set_footer(text=f"Review box {result.review_box}: due again")
        embed.timestamp = result.next_review_at
    return fit(embed)


def topics_embed(bank: Bank) -> discord.Embed:
    """Question counts per topic and difficulty."""
    embed = discord.Embed(title="Topics", colour=QUESTION_COLOUR)
    total = 0
    for topic in bank.topics:
        counts = Counter(q.difficulty for q in topic.questions if not q.retired)
        total += sum(counts.values())
        parts = " · ".join(f"{d}: {counts.get(d, 0)}" for d in DIFFICULTY_ORDER)
        embed.add_field(
            name=f"{topic.name} (`{topic.slug}`)",
            value=f"{sum(counts.values())} questions — {parts}\n{topic.description}".strip(),
            inline=False,
        )
    embed.set_footer(text=f"{total} questions in {len(bank.topics)} topics")
    return fit(embed)


def stats_embed(bank: Bank, stats: MemberStats, who: str) -> discord.Embed:
    embed = discord.Embed(title=f"Stats for {quote(who, 200)}", colour=QUESTION_COLOUR)
    if not stats.attempts:
        embed.description = "No answers yet: try `/quiz start`."
    else:
        embed.description = (
            f"**{stats.points}** points · {stats.attempts} answers · {stats.correct} correct · "
            f"average {stats.average_score:.0f}/100\n"
            f"Streak: {stats.current_streak} day(s) (best {stats.best_streak})"
        )
    for topic in stats.topics[:20]:
        embed.add_field(
            name=topic_name(bank, topic.topic),
            value=(
                f"{topic.attempts} answers · avg {topic.average_score:.0f} · "
                f"{topic.correct} correct · {topic.points} pts"
            ),
            inline=True,
        )
    if stats.weakest_topics:
        embed.add_field(
            name="Weakest topics",
            value=", ".join(topic_name(bank, t) for t in stats.weakest_topics),
            inline=False,
        )
    if stats.most_missed:
        embed.add_field(
            name="Most missed concepts",
            value=_bullets([f"{m.label} ({m.count}×)" for m in stats.most_missed]),
            inline=False,
        )
    due = f"{stats.due_reviews} review(s) due"
    embed.set_footer(text=due + (" — /quiz review" if stats.due_reviews else ""))
    return fit(embed)


def leaderboard_embed(bank: Bank, board: Leaderboard, member_id: int) -> discord.Embed:
    """One page of the board; the caller's own rank below, even when off this page."""
    scope = {"week": "this week", "month": "this month", "all": "all time"}[board.period.value]
    title = f"Leaderboard — {scope}"
    if board.topic:
        title += f" — {topic_name(bank, board.topic)}"
    lines = [
        f"**{s.rank}.** <@{s.member_id}> — {s.points} pts"
        + (" ← you" if s.member_id == member_id else "")
        for s in board.entries
    ]
    embed = discord.Embed(
        title=title,
        description="\n".join(lines) or "Nobody has points here yet.",
        colour=QUESTION_COLOUR,
    )
    if board.me is not None:
        embed.add_field(
            name="Your rank", value=f"#{board.me.rank} of {board.size} — {board.me.points} pts"
        )
    else:
        embed.add_field(name="Your rank", value="Not ranked yet: answer a question to join.")
    embed.set_footer(text=f"Page {board.page}/{board.pages} · {board.size} members")
    return fit(embed)


HELP_TEXT = (
    "I ask backend interview questions and grade your answers in your own words: "
    "the concepts you covered and missed, pitfalls, the model answer, points and streaks."
)


def help_embed() -> discord.Embed:
    embed = discord.Embed(title="Interview Coach", description=HELP_TEXT, colour=QUESTION_COLOUR)
    rows = [
        ("/quiz start [topic] [difficulty] [share]", "a question; Answer, Hint or Skip"),
        ("/quiz topics", "topics and how many questions each has"),
        ("/quiz stats [member]", "answers, averages, streaks, weakest topics"),
        ("/quiz review", "questions due for spaced repetition"),
        ("/quiz mock [topic] [count]", "a mock interview: 3-10 questions, then a report"),
        ("/leaderboard [period] [topic]", "this server's ranking"),
        ("/coach forget-me", "delete your data in this server"),
    ]
    for name, value in rows:
        embed.add_field(name=name, value=value, inline=False)
    embed.set_footer(
        text="Points: easy 10, medium 20, hard 30; partial half; each hint -25%; "
        "first answer in 30 days only."
    )
    return fit(embed)


def notice(text: str, *, colour: discord.Colour | None = None) -> discord.Embed:
    return fit(discord.Embed(description=text, colour=colour or QUESTION_COLOUR))


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {item}" for item in items) or "\u200b"


__all__ = [
    "feedback_embed",
    "help_embed",
    "hint_embed",
    "leaderboard_embed",
    "notice",
    "question_embed",
    "skipped_embed",
    "stats_embed",
    "topics_embed",
]


def review_queue_embed(bank: Bank, due: Sequence[DueReview]) -> discord.Embed:
    """The member's due reviews, most overdue first (the first one is asked now)."""
    lines = [
        f"{i}. {clip(review.question.prompt, 90)} — {topic_name(bank, review.question.topic)}, "
        f"box {review.box}, due {discord.utils.format_dt(review.due_at, 'R')}"
        for i, review in enumerate(due, 1)
    ]
    embed = discord.Embed(
        title=f"Due for review: {len(due)}{'+' if len(due) >= 10 else ''}",
        description="\n".join(lines),
        colour=QUESTION_COLOUR,
    )
    embed.set_footer(text="Answer the first one now; the rest stay due.")
    return fit(embed)


REASON_NAMES = {
    "wrong_answer": "wrong answer",
    "unfair_grading": "unfair grading",
    "unclear": "unclear",
    "duplicate": "duplicate",
    "other": "other",
}


def reports_embed(found: OpenReports) -> discord.Embed:
    """Open reports, oldest first, for moderators."""
    embed = discord.Embed(title=f"Open question reports: {found.total}", colour=QUESTION_COLOUR)
    if not found.reports:
        embed.description = "No open reports."
    for report in found.reports:
        reason = REASON_NAMES.get(report.reason.value, report.reason.value)
        value = f"{reason} — by <@{report.member_id}> "
        value += discord.utils.format_dt(report.created_at, "R")
        if report.prompt:
            value += f"\n> {clip(report.prompt, 200)}"
        if report.details:
            value += f"\n{quote(report.details, 600)}"
        embed.add_field(name=f"#{report.id} · {report.question_id}", value=value, inline=False)
    embed.set_footer(text="Close one with /coach-admin resolve report:<number>")
    return fit(embed)


def question_stats_embed(stats: Sequence[QuestionStats], question_id: str | None) -> discord.Embed:
    title = f"Question stats: {question_id}" if question_id else "Lowest-scoring questions"
    embed = discord.Embed(title=title, colour=QUESTION_COLOUR)
    if not stats:
        embed.description = "No answers yet."
    for item in stats:
        missed = (
            f"most missed: {item.most_missed} ({item.most_missed_count}/{item.attempts})"
            if item.most_missed
            else "nothing missed"
        )
        value = f"{item.attempts} attempts · average {item.average_score:.0f}/100 · {missed}"
        if item.open_reports:
            value += f" · {item.open_reports} open report(s)"
        if item.prompt is None:
            value += " · no longer in the bank"
        embed.add_field(name=item.question_id, value=value, inline=False)
    return fit(embed)


def mock_question_embed(bank: Bank, opened: OpenedQuiz, number: int, count: int) -> discord.Embed:
    embed = question_embed(bank, opened)
    embed.set_author(name=f"Mock interview · question {number} of {count}")
    return fit(embed)


def mock_step_embed(result: AnswerResult, number: int, count: int) -> discord.Embed:
    score = result.score
    text = f"`{score_bar(score.score)}` **{score.score}/100** · {score.verdict.value}"
    if score.missed:
        text += "\nMissed: " + ", ".join(score.missed)
    embed = discord.Embed(
        title=f"Question {number} of {count}", description=text, colour=COLOURS[score.verdict]
    )
    return fit(embed)


def mock_report_embed(bank: Bank, report: MockReport) -> discord.Embed:
    """The end of a mock interview: overall score, per-concept gaps, what to study."""
    verdict = Verdict.for_score(round(report.average_score))
    embed = discord.Embed(
        title="Mock interview report",
        description=f"`{score_bar(round(report.average_score))}` overall "
        f"**{report.average_score:.0f}/100** over {len(report.answers)} questions",
        colour=COLOURS[verdict],
    )
    lines = [
        f"{i}. {clip(a.prompt or a.question_id, 80)} — {a.score}/100"
        for i, a in enumerate(report.answers, 1)
    ]
    embed.add_field(name="Questions", value="\n".join(lines) or "\u200b", inline=False)
    if report.gaps:
        embed.add_field(
            name="Concept gaps",
            value=_bullets([f"{label} (missed {n}×)" for label, n in report.gaps]),
            inline=False,
        )
    study = [topic_name(bank, t) for t in report.study]
    embed.add_field(
        name="What to study",
        value=", ".join(study) if study else "Nothing stands out: well done.",
        inline=False,
    )
    return fit(embed)
