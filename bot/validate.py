"""`coach validate`: the loader's checks, then calibration and near-duplicate prompts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from bot.bank import Bank, Problem, Question, read_bank
from bot.scoring import Scorer, Verdict
from bot.scoring.scorer import unwrap
from bot.scoring.text import content_words, tokenize

# Near-duplicate prompts: token-sorted similarity of the prompts once boilerplate is gone.
DUPLICATE_SIMILARITY = 90
_BOILERPLATE = re.compile(
    r"^(?:(?:can you |could you |please |briefly )?"
    r"(?:what is the difference between|what are the differences between"
    r"|what's the difference between"
    r"|how do|how does|how would you|how can|what is|what are|what's|what does|what do"
    r"|explain|describe|compare|define|why do|why does|why is|why would you|when would you"
    r"|when should you|name|list))\b",
)


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    bank: Bank | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.bank is None:
            return "no questions loaded"
        counts = Counter(q.topic for q in self.bank)
        per_topic = ", ".join(f"{t.slug} {counts[t.slug]}" for t in self.bank.topics)
        return f"OK: {len(self.bank)} questions ({per_topic})"


def validate(path: Path | str) -> Report:
    """Every problem in a bank: schema, calibration, near-duplicates, plus warnings."""
    loaded = read_bank(path)
    report = Report(list(loaded.errors), list(loaded.warnings), loaded.bank)
    if loaded.bank is None:
        return report
    scorer = Scorer(loaded.bank)
    for question in loaded.bank:
        report.errors.extend(calibration_problems(scorer, question))
        report.warnings.extend(quality_warnings(scorer, question))
    report.errors.extend(near_duplicates(loaded.bank))
    return report


def _problem(question: Question, message: str) -> Problem:
    return Problem(question.source, question.line, question.id, message)


def _describe(text: str) -> str:
    short = " ".join(text.split())
    return repr(short if len(short) <= 70 else short[:67] + "...")


def calibration_problems(scorer: Scorer, question: Question) -> list[Problem]:
    """Good examples and the model answer must grade correct; bad ones incorrect or caught."""
    problems: list[Problem] = []
    model = scorer.score(question, unwrap(question.answer))
    if model.verdict is not Verdict.CORRECT:
        problems.append(
            _problem(
                question,
                f"the model answer scores {model.score} ({model.verdict}) against its own "
                f"keywords; missed: {', '.join(model.missed) or '-'}; "
                f"pitfalls: {', '.join(model.pitfalls) or '-'}",
            )
        )
    for i, example in enumerate(question.examples.good, 1):
        result = scorer.score(question, example)
        if result.verdict is not Verdict.CORRECT:
            problems.append(
                _problem(
                    question,
                    f"good example {i} {_describe(example)} scores {result.score} "
                    f"({result.verdict}), expected correct; missed: {', '.join(result.missed)}"
                    + (f"; pitfalls: {', '.join(result.pitfalls)}" if result.pitfalls else ""),
                )
            )
    for i, example in enumerate(question.examples.bad, 1):
        result = scorer.score(question, example)
        if result.verdict is not Verdict.INCORRECT and not result.pitfalls:
            problems.append(
                _problem(
                    question,
                    f"bad example {i} {_describe(example)} scores {result.score} "
                    f"({result.verdict}), expected incorrect or a pitfall; "
                    f"matched: {', '.join(result.matched)}",
                )
            )
    return problems


def quality_warnings(scorer: Scorer, question: Question) -> list[Problem]:
    """Things that weaken a question without making the bank unusable."""
    warnings: list[Problem] = []
    prompt = {t.text for t in tokenize(question.prompt)}
    for keyword in question.keywords or ():
        for term in keyword.terms:
            compiled = scorer.term(term)
            words = [compiled.words[i].text for i in compiled.content]
            if words and all(w in prompt for w in words):
                warnings.append(
                    _problem(
                        question,
                        f"keyword term {term!r} already appears in the prompt, "
                        "so echoing the question would name it",
                    )
                )
    for term, negative in scorer.compiled_terms(question):
        if negative:
            warnings.append(
                _problem(
                    question,
                    f"keyword term {term!r} appears only negated in the model answer, "
                    "so only a negated mention by a member counts",
                )
            )
    if question.difficulty == "hard" and not question.hints:
        warnings.append(_problem(question, "hard question without hints"))
    if not question.examples.good or not question.examples.bad:
        warnings.append(_problem(question, "no calibration examples (good and bad)"))
    return warnings


def _core(prompt: str) -> str:
    text = " ".join(prompt.casefold().split())
    text = _BOILERPLATE.sub("", text).strip()
    return " ".join(content_words(text))


def near_duplicates(bank: Bank) -> list[Problem]:
    """Pairs of questions whose prompts ask the same thing in other words."""
    questions = [q for q in bank if not q.retired]
    cores = [_core(q.prompt) for q in questions]
    problems: list[Problem] = []
    for i, first in enumerate(questions):
        for j in range(i + 1, len(questions)):
            if not cores[i] or not cores[j]:
                continue
            similarity = fuzz.token_sort_ratio(cores[i], cores[j])
            if similarity >= DUPLICATE_SIMILARITY:
                second = questions[j]
                problems.append(
                    _problem(
                        second,
                        f"prompt is a near-duplicate ({similarity:.0f}%) of {first.id} "
                        f"({first.source}:{first.line})",
                    )
                )
    return problems
