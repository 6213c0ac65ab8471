"""The question bank: load and validate YAML files into immutable questions."""

from bot.bank.errors import BankError, Problem
from bot.bank.loader import LoadResult, load_bank, read_bank
from bot.bank.locate import default_bank_path, schema_path
from bot.bank.models import Bank, Difficulty, Examples, Keyword, Pitfall, Question, Topic

__all__ = [
    "Bank",
    "BankError",
    "Difficulty",
    "Examples",
    "Keyword",
    "LoadResult",
    "Pitfall",
    "Problem",
    "Question",
    "Topic",
    "default_bank_path",
    "load_bank",
    "read_bank",
    "schema_path",
]
