"""Concepts derived from a model answer when a question lists no keywords (rule 8)."""

from __future__ import annotations

import math
from collections import Counter

from bot.bank.models import Bank, Keyword, Question
from bot.scoring.lexicon import Lexicon
from bot.scoring.text import tokenize

MAX_DERIVED = 8
MIN_DERIVED = 2
# Words that carry no concept of their own even when rare in a bank.
LOW_INFORMATION = frozenset(
    """
    else instead meanwhile next also often usually typically generally basically actually
    ideally alternatively really simply mostly rather still thus hence therefore whereas
    e.g etc like way ways thing things something anything lot lots kind kinds sort get gets
    got make makes made use uses used using need needs let lets sits looks seems means
    """.split()
)


def document_frequencies(bank: Bank, lexicon: Lexicon) -> Counter[str]:
    """In how many questions (prompt + model answer) each lemma occurs."""
    df: Counter[str] = Counter()
    for question in bank:
        words = tokenize(question.prompt + "\n" + question.answer)
        df.update({lexicon.lemma(t.text) for t in words if t.content >= 0})
    return df


def derive_concepts(question: Question, lexicon: Lexicon, df: Counter[str]) -> tuple[Keyword, ...]:
    """Up to 8 rarest content words of the model answer that the prompt does not give away."""
    prompt = {lexicon.lemma(t.text) for t in tokenize(question.prompt) if t.content >= 0}
    first_seen: dict[str, tuple[int, str]] = {}
    for position, token in enumerate(tokenize(question.answer)):
        word = token.text
        if (
            token.content < 0
            or token.negator
            or len(word) < 3
            or not any(c.isalpha() for c in word)
        ):
            continue
        lemma = lexicon.lemma(word)
        if lemma in prompt or lemma in first_seen or _low_information(word, lemma, lexicon):
            continue
        first_seen[lemma] = (position, word)
    if not first_seen:
        return ()
    # Short model answers yield fewer concepts: about one per three distinct words.
    wanted = min(MAX_DERIVED, max(MIN_DERIVED, math.ceil(len(first_seen) / 3)), len(first_seen))
    # Rarest across the bank first; among equals, the word rarer in everyday English is
    # the more specific concept ("heapsort" before "kept").
    ranked = sorted(
        first_seen,
        key=lambda lemma: (
            df[lemma],
            max(lexicon.english_frequency(first_seen[lemma][1]), lexicon.english_frequency(lemma)),
            first_seen[lemma][0],
        ),
    )[:wanted]
    chosen = sorted(ranked, key=lambda lemma: first_seen[lemma][0])
    words = [first_seen[lemma][1] for lemma in chosen]
    return tuple(Keyword((word,), label=word) for word in words)


def _low_information(word: str, lemma: str, lexicon: Lexicon) -> bool:
    if word in LOW_INFORMATION or lemma in LOW_INFORMATION:
        return True
    # Adverbs ("ideally", "effectively") qualify a concept rather than name one.
    return word.endswith("ly") and lexicon.is_real(word[:-2])
