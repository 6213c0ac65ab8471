"""Problems found in a bank file, each pinned to file, line and question id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    question_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" [{self.question_id}]" if self.question_id else ""
        return f"{where}{who}: {self.message}"


class BankError(Exception):
    """The bank cannot be used; `problems` lists every error found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(problems)
        head = f"{count} error{'s' if count != 1 else ''} in the question bank"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in problems))
