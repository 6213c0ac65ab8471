"""Finding where a term is named in an analysed text (rules 2 to 5).

A term is compiled once per bank; an answer is analysed once per score. Term
words are looked up in the answer's indexes (exact, lemma, stem, then typo
tolerance for words that are not real), so cost grows with the number of
terms, not with the length of the answer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import pairwise, product

from rapidfuzz.distance import OSA

from bot.scoring.lexicon import MEANINGFUL_STOP_WORDS, Lexicon
from bot.scoring.text import Scan, scan, tokenize

# A negator this many content words before a term (or closer) negates it (rule 5).
NEGATION_REACH = 3
# Words after "not"/"no" that turn the negator into something else ("not only").
# ("NOT NULL" and "NOT EXISTS" are SQL, not negations of the rest of the sentence.)
_NOT_NEGATING_AFTER = {
    "not": {"only", "just", "merely", "simply", "null", "exists"},
    "no": {"matter"},
}
_MAX_OCCURRENCES = 64
# Words before a pitfall (same clause, this many tokens back) that report or reject it.
HEDGES = frozenset(
    {"if", "unless", "avoid", "avoids", "avoiding", "prevent", "prevents", "preventing",
     "instead", "rather", "myth", "misconception",
     "wrongly", "incorrectly", "mistakenly", "assume", "assuming", "assumes",
     # a contrast: "unlike quicksort's O(n^2) worst case", "better than a linear scan"
     "unlike", "than", "beats", "versus", "vs", "compared", "contrast", "opposed"}
)  # fmt: skip
HEDGE_REACH = 8
_ARTICLES = frozenset({"a", "an", "the"})
_QUALIFIERS = frozenset({"until", "unless", "except"})
_REPORTING_VERBS = frozenset({"think", "thinks", "believe", "believes", "say", "says", "claim"})
_OTHER_PEOPLE = frozenset(
    {"people", "some", "many", "others", "folks", "developers", "devs", "everyone", "often"}
)
_SUBJECTS = frozenset({"i", "you", "we", "they", "he", "she", "it"})
_POSSESSION = frozenset({"have", "has", "had", "hold", "holds", "own", "owns"})


def max_edits(length: int) -> int:
    """Typos tolerated in a word of this length (rule 3)."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0


def is_exact_only(word: str) -> bool:
    """Short words and tokens with digits or symbols match exactly (plural s allowed)."""
    return len(word) <= 4 or not word.isalpha()


@dataclass(frozen=True, slots=True)
class WordSpec:
    text: str
    lemma: str
    stem: str
    exact_only: bool
    negator: bool


@dataclass(frozen=True, slots=True)
class Term:
    """One compiled term: its words, which of them count, and its compact form."""

    source: str
    words: tuple[WordSpec, ...]
    content: tuple[int, ...]  # indices into words that must be found
    compact: str
    has_negator: bool
    texts: frozenset[str] = frozenset()  # every word of the term, stop words included

    @property
    def key(self) -> str:
        return self.compact


def compile_term(source: str, lexicon: Lexicon, fixed_slash: Collection[str] = ()) -> Term:
    tokens = tokenize(source, fixed_slash)
    words = tuple(
        WordSpec(
            t.text,
            lexicon.lemma(t.text),
            lexicon.stem(t.text),
            is_exact_only(t.text),
            t.negator,
        )
        for t in tokens
    )
    content = tuple(
        i for i, t in enumerate(tokens) if t.content >= 0 or t.text in MEANINGFUL_STOP_WORDS
    )
    if any(w.negator for w in words) or not content or (len(content) == 1 and len(words) > 1):
        # A phrase that would shrink to one word ("just in time", "errors.Is", "on a miss")
        # is a name, and a term with its own negation ("NOT IN is null-safe") matches
        # literally: every word but an article counts.
        content = tuple(i for i, w in enumerate(words) if w.text not in _ARTICLES) or tuple(
            range(len(words))
        )
    compact = "".join(w.text for w in words).replace("/", "")
    return Term(
        source,
        words,
        content,
        compact,
        any(w.negator for w in words),
        frozenset(w.text for w in words),
    )


class Analysis:
    """An analysed text: the token arrays plus the indexes term lookups use."""

    __slots__ = (
        "by_lemma", "by_stem", "by_word", "clauses", "content", "cpos", "lexicon",
        "negators", "unreal", "words",
    )  # fmt: skip

    def __init__(self, result: Scan, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.words = result.words
        self.clauses = result.clauses
        self.cpos = result.cpos
        self.content = result.content
        self.negators = result.negators
        self.by_word = result.by_word
        self.by_lemma: dict[str, list[int]] = {}
        self.by_stem: dict[str, list[int]] = {}
        self.unreal: list[str] = []
        lemma_of = lexicon.lemma
        stem_of = lexicon.stem
        is_real = lexicon.is_real
        for word, positions in self.by_word.items():
            lemma = lemma_of(word)
            found = self.by_lemma.get(lemma)
            if found is None:
                self.by_lemma[lemma] = list(positions)
            else:
                found.extend(positions)
            stem = stem_of(word)
            found = self.by_stem.get(stem)
            if found is None:
                self.by_stem[stem] = list(positions)
            else:
                found.extend(positions)
            if len(word) >= 5 and word.isalpha() and not is_real(word):
                self.unreal.append(word)

    @classmethod
    def of(cls, text: str, lexicon: Lexicon, fixed_slash: Collection[str] = ()) -> Analysis:
        return cls(scan(text, fixed_slash), lexicon)

    def joined(self, compact: str) -> list[int]:
        """Starts of two adjacent tokens that spell `compact` together ("b tree" = "btree")."""
        found: list[int] = []
        by_word = self.by_word
        clauses = self.clauses
        for cut in range(1, len(compact)):
            left = by_word.get(compact[:cut])
            if left is None:
                continue
            right = by_word.get(compact[cut:])
            if right is None:
                continue
            right_set = set(right)
            found.extend(p for p in left if p + 1 in right_set and clauses[p] == clauses[p + 1])
        return found

    def word_positions(self, spec: WordSpec) -> set[int]:
        """Positions of tokens that name this term word."""
        found: set[int] = set()
        by_word = self.by_word
        for form in (spec.text, spec.text + "s", spec.text + "es"):
            hit = by_word.get(form)
            if hit:
                found.update(hit)
        if spec.negator:
            found.update(self.negators)
            return found
        if spec.exact_only:
            if spec.text.isalpha() and len(spec.text) >= 3:
                found.update(self.by_lemma.get(spec.text, ()))
            return found
        found.update(self.by_lemma.get(spec.lemma, ()))
        if len(spec.stem) >= 4:
            found.update(self.by_stem.get(spec.stem, ()))
        limit = max_edits(len(spec.text))
        if limit:
            first = spec.text[0]
            for word in self.unreal:
                if (
                    word[0] == first
                    and abs(len(word) - len(spec.text)) <= limit
                    and OSA.distance(word, spec.text, score_cutoff=limit) <= limit
                ):
                    found.update(by_word[word])
        return found

    def negated(self, occurrence: tuple[int, ...]) -> bool:
        """Whether a negator governs any word of an occurrence (rule 5).

        Checking every word, not only the first, keeps "writes are not slower"
        from naming "slower writes" when the words come in another order.
        """
        if not self.negators:
            return False
        clauses = self.clauses
        cpos = self.cpos
        for position in occurrence:
            clause = clauses[position]
            reach = cpos[position] - NEGATION_REACH
            for i in self.negators:
                if i >= position:
                    break
                if (
                    clauses[i] == clause
                    and cpos[i] >= reach
                    and i not in occurrence
                    and not self._benign_negator(i)
                    and not self._new_subject_between(i, position)
                ):
                    return True
        return False

    def _new_subject_between(self, negator: int, position: int) -> bool:
        """A subject pronoun after the negator starts a new predicate the negator
        does not reach: "when autovacuum can't keep up you get bloat", "without
        it you get bloat" ("it" right after "without" is its object, not a subject).
        """
        words = self.words
        return any(
            words[j] in _SUBJECTS and not (j == negator + 1 and words[j] == "it")
            for j in range(negator + 1, position)
        )

    def hedged(self, occurrence: tuple[int, ...], own: frozenset[str] = frozenset()) -> bool:
        """Whether a pitfall's words are reported or rejected, not claimed.

        "If liveness checks the database, every pod restarts", "avoid storing
        tokens in localStorage" and "jitter avoids synchronised retries" name a
        misconception without holding it: a hedge before the pitfall's words or
        between them counts.
        """
        first, last = min(occurrence), max(occurrence)
        clause = self.clauses[first]
        words = self.words
        # "sends do not block until the buffer fills": a qualifier right after the
        # words turns the claim into a condition.
        after = range(last + 1, min(len(words), last + 3))
        if any(words[j] in _QUALIFIERS and self.clauses[j] == clause for j in after):
            return True
        if any(
            words[i] in HEDGES and words[i] not in own
            for i in range(first + 1, last)
            if i not in occurrence
        ):
            return True
        i = first - 1
        while i >= 0 and self.clauses[i] == clause and first - i <= HEDGE_REACH:
            if words[i] in HEDGES:
                return True
            # "people think X" reports a belief; "I think X" claims it.
            if words[i] in _REPORTING_VERBS and i > 0 and words[i - 1] in _OTHER_PEOPLE:
                return True
            i -= 1
        return False

    def _benign_negator(self, i: int) -> bool:
        words = self.words
        word = words[i]
        # "doesn't have the admin role" denies possession, not the concept (roles);
        # "doesn't have to scan" is an obligation and stays a negation.
        j = i + 1 if word in {"not", "never"} or word.endswith(("n't", "nt")) else -1
        if word in {"does", "do", "did"} and j < len(words) and words[j] == "not":
            j += 1
        if 0 < j < len(words) - 1 and words[j] in _POSSESSION and words[j + 1] != "to":
            return True
        after = _NOT_NEGATING_AFTER.get(word)
        if after and i + 1 < len(words) and words[i + 1] in after:
            return True
        # "whether or not" / "... or not" is no negation of what follows.
        return word == "not" and i > 0 and words[i - 1] == "or"


def occurrences(term: Term, text: Analysis, *, ordered: bool = False) -> Iterator[tuple[int, ...]]:
    """Every place the term is named: tuples of token positions, first position first."""
    words = term.words
    if not words:  # a term of punctuation only names nothing
        return
    if len(term.content) == 1 and not term.has_negator:
        spec = words[term.content[0]]
        hits = text.word_positions(spec)
        if len(words) > 1 or len(spec.text) >= 4:
            # "btree" in a term also matches "b tree" in an answer, and vice versa.
            hits.update(text.joined(term.compact))
        for position in sorted(hits)[:_MAX_OCCURRENCES]:
            yield (position,)
        return
    compact_hits = text.by_word.get(term.compact, [])
    for position in compact_hits[:_MAX_OCCURRENCES]:
        yield (position,)
    yield from _window_matches(term, text, ordered=ordered or term.has_negator)


def _window_matches(term: Term, text: Analysis, *, ordered: bool) -> Iterator[tuple[int, ...]]:
    """Rule 4: all content words in one clause within len + 2 content words."""
    specs = [term.words[i] for i in term.content]
    candidates = [sorted(text.word_positions(spec)) for spec in specs]
    if any(not c for c in candidates):
        return
    window = len(specs) + 2
    anchor_index = min(range(len(specs)), key=lambda i: len(candidates[i]))
    clauses = text.clauses
    cpos = text.cpos
    found = 0
    for anchor in candidates[anchor_index]:
        clause = clauses[anchor]
        near = [
            [p for p in options if clauses[p] == clause and abs(cpos[p] - cpos[anchor]) < window]
            for options in candidates
        ]
        near[anchor_index] = [anchor]
        best: tuple[int, ...] | None = None
        for combo in product(*near):
            if len(set(combo)) != len(combo):
                continue
            if ordered and any(a >= b for a, b in pairwise(combo)):
                continue
            span = cpos[max(combo)] - cpos[min(combo)] + 1
            if span <= window and (best is None or max(combo) - min(combo) < max(best) - min(best)):
                best = combo
        if best is not None:
            yield tuple(sorted(best))
            found += 1
            if found >= _MAX_OCCURRENCES:
                return
