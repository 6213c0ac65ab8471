"""Immutable question-bank objects, built once by the loader and shared read-only."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class Keyword:
    """One concept a good answer names; any one of its terms covers it."""

    terms: tuple[str, ...]
    label: str
    weight: int = 1


@dataclass(frozen=True, slots=True)
class Pitfall:
    """A misconception: naming any of its terms costs points and is corrected."""

    terms: tuple[str, ...]
    feedback: str
    label: str


@dataclass(frozen=True, slots=True)
class Examples:
    good: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    topic: str
    difficulty: Difficulty
    prompt: str
    answer: str
    # None when the file gives no keywords: the scorer derives concepts (rule 8).
    keywords: tuple[Keyword, ...] | None = None
    pitfalls: tuple[Pitfall, ...] = ()
    hints: tuple[str, ...] = ()
    explanation: str = ""
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    examples: Examples = field(default_factory=Examples)
    retired: bool = False
    source: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    name: str
    description: str
    questions: tuple[Question, ...]
    source: str = ""


@dataclass(frozen=True)
class Bank:
    """A loaded bank: topics in file order, questions addressable by id."""

    topics: tuple[Topic, ...]
    _by_id: Mapping[str, Question] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_id = {q.id: q for t in self.topics for q in t.questions}
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Question]:
        for topic in self.topics:
            yield from topic.questions

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def get(self, question_id: str) -> Question | None:
        """Return the question with this id, retired or not, or None."""
        return self._by_id.get(question_id)

    def topic(self, slug: str) -> Topic | None:
        return next((t for t in self.topics if t.slug == slug), None)

    def active(
        self, topic: str | None = None, difficulty: Difficulty | str | None = None
    ) -> list[Question]:
        """Questions that may be asked, optionally filtered by topic and difficulty."""
        return [
            q
            for q in self
            if not q.retired
            and (topic is None or q.topic == topic)
            and (difficulty is None or q.difficulty == difficulty)
        ]
