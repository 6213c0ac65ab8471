"""`coach practice` and `coach review`: an interactive quiz in the terminal, same scorer as the bot.

With a `PracticeHistory` every answer goes through the same services as the
bot (guild 0, the terminal's "guild"), so points, streaks and spaced
repetition follow the rules of the game and `coach stats` shows them.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TextIO

from bot import services
from bot.bank import Bank, Difficulty, Question
from bot.db import Sessions
from bot.db.models import Source
from bot.feedback import render_feedback
from bot.scoring import Score, Scorer, Verdict

# The terminal records under guild 0 (DESIGN.md "Local guild"), as member 0.
LOCAL_GUILD = 0
LOCAL_MEMBER = 0

HINT_COMMANDS = {":hint", "/hint", ":h"}
SKIP_COMMANDS = {":skip", "/skip", ":s"}
QUIT_COMMANDS = {":quit", "/quit", ":q", ":exit"}
RULE = "─" * 60


@dataclass(frozen=True, slots=True)
class Outcome:
    question: Question
    score: Score | None  # None when skipped
    hints: int
    points: int = 0


class _QuitRequestedError(Exception):
    """The member typed :quit."""


def pick_questions(
    bank: Bank,
    *,
    topic: str | None = None,
    difficulty: Difficulty | None = None,
    count: int = 5,
    rng: random.Random | None = None,
) -> list[Question]:
    """Up to `count` distinct active questions matching the filters, in random order."""
    pool = bank.active(topic=topic, difficulty=difficulty)
    (rng or random.Random()).shuffle(pool)
    return pool[:count]


class PracticeHistory:
    """A terminal run's memory: sessions, hints, skips and answers through `bot.services`.

    The CLI is synchronous; every call runs on one `asyncio.Runner`, whose loop
    owns the database connections for the whole run.
    """

    def __init__(
        self,
        runner: asyncio.Runner,
        sessions: Sessions,
        bank: Bank,
        scorer: Scorer,
        zone: tzinfo,
    ) -> None:
        self.runner = runner
        self.sessions = sessions
        self.bank = bank
        self.scorer = scorer
        self.zone = zone
        self.current: services.OpenedQuiz | None = None

    def questions(
        self, *, topic: str | None, difficulty: Difficulty | None, count: int
    ) -> Iterator[Question]:
        """Up to `count` questions, each opened only when it is asked: due reviews first,
        never one seen recently while others are left (the bot's rules)."""
        for _ in range(count):
            self.current = self.runner.run(
                services.open_quiz(
                    self.sessions,
                    self.bank,
                    guild_id=LOCAL_GUILD,
                    member_id=LOCAL_MEMBER,
                    topic=topic,
                    difficulty=difficulty,
                    source=Source.PRACTICE,
                )
            )
            yield self.current.question

    def due(self, limit: int | None = None) -> list[services.DueReview]:
        return self.runner.run(
            services.due_reviews(
                self.sessions,
                self.bank,
                guild_id=LOCAL_GUILD,
                member_id=LOCAL_MEMBER,
                limit=limit,
            )
        )

    def reviews(self, due: Iterable[services.DueReview]) -> Iterator[Question]:
        """The due questions, most overdue first, each opened as a review when asked."""
        for item in due:
            self.current = self.runner.run(
                services.open_question(
                    self.sessions,
                    item.question,
                    guild_id=LOCAL_GUILD,
                    member_id=LOCAL_MEMBER,
                    source=Source.REVIEW,
                )
            )
            yield item.question

    def hint(self) -> services.Hint:
        return self.runner.run(
            services.take_hint(
                self.sessions, self.bank, session_id=self._session(), member_id=LOCAL_MEMBER
            )
        )

    def skip(self) -> services.Skipped:
        return self.runner.run(
            services.skip(
                self.sessions, self.bank, session_id=self._session(), member_id=LOCAL_MEMBER
            )
        )

    def answer(self, text: str) -> services.AnswerResult:
        return self.runner.run(
            services.answer(
                self.sessions,
                self.bank,
                self.scorer,
                session_id=self._session(),
                member_id=LOCAL_MEMBER,
                text=text,
                zone=self.zone,
            )
        )

    def stats(self) -> services.MemberStats:
        return self.runner.run(
            services.member_stats(
                self.sessions, guild_id=LOCAL_GUILD, member_id=LOCAL_MEMBER, zone=self.zone
            )
        )

    def _session(self) -> int:
        if self.current is None:
            raise RuntimeError("no question is open")
        return self.current.session_id


class Practice:
    """One terminal practice run: asks, reads multi-line answers, grades, summarises."""

    def __init__(
        self,
        scorer: Scorer,
        stdin: TextIO,
        stdout: TextIO,
        history: PracticeHistory | None = None,
    ) -> None:
        self.scorer = scorer
        self.stdin = stdin
        self.stdout = stdout
        self.history = history
        self.outcomes: list[Outcome] = []

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def run(self, questions: Iterable[Question], total: int | None = None) -> list[Outcome]:
        """Play every question; EOF, :quit or Ctrl-C end early. Always prints the summary."""
        if total is None:
            questions = list(questions)
            total = len(questions)
        self.say("Answer in your own words; finish with an empty line.")
        self.say("Commands on a line of their own: :hint  :skip  :quit")
        try:
            for number, question in enumerate(questions, 1):
                self.ask(number, total, question)
        except (EOFError, _QuitRequestedError):
            pass
        except KeyboardInterrupt:
            self.say()
        self.say(self.summary())
        return self.outcomes

    def ask(self, number: int, total: int, question: Question) -> None:
        self.say(RULE)
        self.say(f"Question {number}/{total} · {question.topic} · {question.difficulty}")
        self.say(question.prompt)
        hints = 0
        while True:
            lines, command = self._read_answer()
            if command in HINT_COMMANDS:
                hints = self._hint(question, hints)
                continue
            if command in SKIP_COMMANDS:
                self.outcomes.append(Outcome(question, None, hints))
                self.say("Skipped. Model answer:")
                self.say("  " + question.answer.strip().replace("\n", "\n  "))
                if self.history is not None:
                    skipped = self.history.skip()
                    if skipped.recorded:
                        self.say(
                            "Counted as a miss after a hint: it comes back for review tomorrow."
                        )
                return
            answer = "\n".join(lines).strip()
            if not answer:
                self.say("(Type an answer, or :skip.)")
                continue
            if self.history is None:
                score = self.scorer.score(question, answer)
                self.outcomes.append(Outcome(question, score, hints))
                self.say(render_feedback(question, score))
                return
            result = self.history.answer(answer)
            self.outcomes.append(Outcome(question, result.score, hints, result.points))
            self.say(render_feedback(question, result.score))
            self.say(points_line(result))
            return

    def _hint(self, question: Question, hints: int) -> int:
        """Show the next hint (recorded when there is a history); the new hint count."""
        if self.history is None:
            if hints < len(question.hints):
                self.say(f"Hint {hints + 1}: {question.hints[hints]}")
                return hints + 1
            self.say("No more hints for this question.")
            return hints
        try:
            hint = self.history.hint()
        except services.NoMoreHintsError:
            self.say("No more hints for this question.")
            return hints
        self.say(f"Hint {hint.number}: {hint.text}")
        self.say(f"(A correct answer can now earn at most {hint.points_left} points.)")
        return hint.number

    def _read_answer(self) -> tuple[list[str], str | None]:
        """Lines up to an empty line, or a command typed as the first line."""
        lines: list[str] = []
        self.stdout.write("> ")
        self.stdout.flush()
        while True:
            raw = self.stdin.readline()
            if raw == "":
                if lines:
                    return lines, None
                raise EOFError
            line = raw.rstrip("\r\n")
            if not lines:
                command = line.strip().casefold()
                if command in QUIT_COMMANDS:
                    raise _QuitRequestedError
                if command in HINT_COMMANDS | SKIP_COMMANDS:
                    return [], command
            if not line.strip():
                return lines, None
            lines.append(line)

    def summary(self) -> str:
        scored = [o for o in self.outcomes if o.score is not None]
        skipped = len(self.outcomes) - len(scored)
        if not self.outcomes:
            return "No questions answered. Come back any time: coach practice"
        lines = [RULE, f"Summary: {len(scored)} answered, {skipped} skipped"]
        if scored:
            average = sum(o.score.score for o in scored if o.score) / len(scored)
            verdicts = Counter(o.score.verdict for o in scored if o.score)
            lines.append(
                f"Average score {average:.0f}/100 · "
                + " · ".join(f"{verdicts[v]} {v.value}" for v in Verdict)
            )
            missed = Counter(label for o in scored if o.score for label in o.score.missed)
            if missed:
                lines.append(
                    "Study next: " + ", ".join(label for label, _ in missed.most_common(5))
                )
        if self.history is not None:
            lines += standing_lines(self.history.stats(), sum(o.points for o in self.outcomes))
        return "\n".join(lines)


def points_line(result: services.AnswerResult) -> str:
    """What an answer earned, the new total and streak, and when it comes back."""
    if not result.recorded:
        return "Already answered: no points."
    if result.points:
        line = f"+{result.points} points"
    elif not result.earned_points:
        line = "No points: you answered this question in the last 30 days"
    else:
        line = "No points this time"
    line += f" · total {result.total_points} · streak {_days(result.current_streak or 0)}"
    if result.next_review_at is not None:
        line += f"\nReview again {when(result.next_review_at)} (box {result.review_box} of 5)."
    return line


def standing_lines(stats: services.MemberStats, earned: int | None = None) -> list[str]:
    """Points, streak and what is due, for the end of a run."""
    lines = []
    head = f"Points: {stats.points} total"
    if earned is not None:
        head = f"Points: +{earned} this run, {stats.points} total"
    lines.append(f"{head} · streak {_days(stats.current_streak)} (best {_days(stats.best_streak)})")
    if stats.due_reviews:
        lines.append(f"Due for review now: {stats.due_reviews} · practise them with: coach review")
    elif stats.next_review_at is not None:
        lines.append(f"Nothing due for review; next one {when(stats.next_review_at)}.")
    return lines


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def when(moment: datetime) -> str:
    """A local date and time such as 'on Tue 14 May at 09:30'."""
    local = moment.astimezone()
    return local.strftime("on %a %d %b at %H:%M")
