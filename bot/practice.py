"""`coach practice`: an interactive quiz in the terminal, same scorer as the bot."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import TextIO

from bot.bank import Bank, Difficulty, Question
from bot.feedback import render_feedback
from bot.scoring import Score, Scorer, Verdict

HINT_COMMANDS = {":hint", "/hint", ":h"}
SKIP_COMMANDS = {":skip", "/skip", ":s"}
QUIT_COMMANDS = {":quit", "/quit", ":q", ":exit"}
RULE = "─" * 60


@dataclass(frozen=True, slots=True)
class Outcome:
    question: Question
    score: Score | None  # None when skipped
    hints: int


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


class Practice:
    """One terminal practice run: asks, reads multi-line answers, grades, summarises."""

    def __init__(self, scorer: Scorer, stdin: TextIO, stdout: TextIO) -> None:
        self.scorer = scorer
        self.stdin = stdin
        self.stdout = stdout
        self.outcomes: list[Outcome] = []

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def run(self, questions: list[Question]) -> list[Outcome]:
        """Play every question; EOF, :quit or Ctrl-C end early. Always prints the summary."""
        self.say("Answer in your own words; finish with an empty line.")
        self.say("Commands on a line of their own: :hint  :skip  :quit")
        try:
            for number, question in enumerate(questions, 1):
                self.ask(number, len(questions), question)
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
                if hints < len(question.hints):
                    hints += 1
                    self.say(f"Hint {hints}: {question.hints[hints - 1]}")
                else:
                    self.say("No more hints for this question.")
                continue
            if command in SKIP_COMMANDS:
                self.outcomes.append(Outcome(question, None, hints))
                self.say("Skipped. Model answer:")
                self.say("  " + question.answer.strip().replace("\n", "\n  "))
                return
            answer = "\n".join(lines).strip()
            if not answer:
                self.say("(Type an answer, or :skip.)")
                continue
            score = self.scorer.score(question, answer)
            self.outcomes.append(Outcome(question, score, hints))
            self.say(render_feedback(question, score))
            return

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
        return "\n".join(lines)
