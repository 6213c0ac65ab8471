"""Word knowledge the scorer needs: stop words, negators, lemmas, stems, real words."""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# NLTK's English stop-word list, minus the negators (rule 5 needs them as content).
STOP_WORDS = _words(
    """
    i me my myself we our ours ourselves you you're you've you'll you'd your yours
    yourself yourselves he him his himself she she's her hers herself it it's its itself
    they them their theirs themselves what which who whom this that that'll these those
    am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into
    through during before after above below to from up down in out on off over under
    again further then once here there when where why how all any both each few more
    most other some such only own same so than too very s t can will just don should
    should've now d ll m o re ve y ain ma also e.g i.e etc via per vs versus
    """
)

# Stop words that change a term's meaning ("write-through", "scale out", "same
# data", "any array"): a term that contains one requires it. Elsewhere (window
# widths, echo) they stay stop words.
MEANINGFUL_STOP_WORDS = _words(
    """
    same own only just all any each more most other some few both before after above below up
    down out off over under again once too very against between into through during
    until further
    """
)

NEGATORS = _words(
    """
    not no never neither without cannot nor isn't doesn't don't won't aren't can't
    couldn't didn't hasn't haven't hadn't shouldn't wouldn't wasn't weren't mustn't
    needn't isnt doesnt dont wont arent cant couldnt didnt hasnt havent shouldnt wouldnt
    wasnt werent
    """
)

# Prefixes that negate the word they are hyphenated to ("non-blocking" is not "blocking").
# ("in-memory" and "in-place" are not negations, so in-/im- are left out; an
# "anti-CSRF token" is about CSRF, so anti- is left out too.)
NEGATING_PREFIXES = frozenset({"non", "un", "dis", "de"})

# DESIGN's list, plus the result connectives ("..., so 403"), which start a clause too.
CLAUSE_STARTERS = frozenset(
    {
        "but",
        "whereas",
        "while",
        "although",
        "because",
        "however",
        "so",
        "therefore",
        "thus",
        "hence",
    }
)

# Irregular plurals and inflections the suffix rules cannot reach.
IRREGULAR = {
    "indices": "index",
    "vertices": "vertex",
    "matrices": "matrix",
    "appendices": "appendix",
    "analyses": "analysis",
    "hypotheses": "hypothesis",
    "theses": "thesis",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "schemata": "schema",
    "children": "child",
    "leaves": "leaf",
    "halves": "half",
    "lives": "life",
    "knives": "knife",
    "wrote": "write",
    "written": "write",
    "ran": "run",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "chose": "choose",
    "chosen": "choose",
    "held": "hold",
    "kept": "keep",
    "lost": "lose",
    "sent": "send",
    "built": "build",
    "read": "read",
    "used": "use",
    "using": "use",
    "uses": "use",
    "better": "good",
    "best": "good",
    "worse": "bad",
    "worst": "bad",
}

# Snowball merges some word families that mean different things
# (authority/authorization -> "author", consists/consistency -> "consist").
# A word starting with one of these prefixes gets the prefix as its stem instead.
STEM_FAMILIES = (
    ("authoriz", "authoriz"),
    ("authoris", "authoriz"),
    ("authorit", "authorit"),
    ("authent", "authent"),
    ("consisten", "consisten"),
    ("inconsisten", "inconsisten"),
    ("normaliz", "normaliz"),
    ("normalis", "normaliz"),
    ("denormaliz", "denormaliz"),
    ("denormalis", "denormaliz"),
    ("serializab", "serializab"),
    ("serialisab", "serializab"),
    ("generat", "generat"),
    ("generic", "generic"),
    ("organiz", "organiz"),
    ("organis", "organiz"),
    ("polic", "polic"),
    ("positiv", "positiv"),
    ("partiti", "partiti"),
    ("universit", "universit"),
)


@lru_cache(maxsize=1)
def english_counts() -> dict[str, int]:
    """An 82k-word English frequency list (symspellpy's), loaded once per process."""
    data = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    counts: dict[str, int] = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        if word:
            counts[word] = int(count) if count.strip().isdigit() else 1
    return counts


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    return frozenset(english_counts())


_stemmer = Stemmer.Stemmer("english")
_BRITISH_ISE = re.compile(r"(?<=.{3})is(ation|ations|e|es|ed|ing|er|ers|able)$")
_BRITISH_YSE = re.compile(r"(?<=.{3})ys(e|es|ed|ing|er|ers)$")
_BRITISH_OUR = re.compile(r"(?<=.{3})our(s|ed|ing)?$")


def _american(word: str) -> str:
    """British spellings stem like American ones: serialisation ~ serialization."""
    word = _BRITISH_ISE.sub(r"iz\1", word)
    word = _BRITISH_YSE.sub(r"yz\1", word)
    return _BRITISH_OUR.sub(r"or\1", word)


class Lexicon:
    """Per-bank word knowledge: English plus the bank's own vocabulary.

    Results are cached per word: the same few thousand words recur in answers,
    and caching keeps scoring a 4,000-character answer well under a millisecond.
    """

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self.english = english_words()
        self.vocabulary = frozenset(vocabulary)
        self._lemma: dict[str, str] = {}
        self._stem: dict[str, str] = {}

    def english_frequency(self, word: str) -> int:
        """How common a word is in general English (0 when unknown): a tie-breaker for rarity."""
        return english_counts().get(word, 0)

    def is_real(self, word: str) -> bool:
        """A word in the English list or the bank's vocabulary: fuzz never changes it."""
        return word in self.english or word in self.vocabulary

    def lemma(self, word: str) -> str:
        cached = self._lemma.get(word)
        if cached is None:
            cached = self._compute_lemma(word)
            if len(self._lemma) < 200_000:
                self._lemma[word] = cached
        return cached

    def stem(self, word: str) -> str:
        cached = self._stem.get(word)
        if cached is None:
            cached = self._compute_stem(self.lemma(word))
            if len(self._stem) < 200_000:
                self._stem[word] = cached
        return cached

    def _compute_stem(self, word: str) -> str:
        word = _american(word)
        for prefix, family in STEM_FAMILIES:
            if word.startswith(prefix):
                return family
        return str(_stemmer.stemWord(word))

    def _compute_lemma(self, word: str) -> str:
        if word in IRREGULAR:
            return IRREGULAR[word]
        if len(word) < 4 or not word.isalpha():
            return word
        real = [c for c in _lemma_candidates(word) if self.is_real(c) and c not in STOP_WORDS]
        if not real:
            return word
        # Several readings may be words ("writing" -> "writ" or "write"): the commonest wins.
        counts = english_counts()
        return max(real, key=lambda c: counts.get(c, 1))


def _lemma_candidates(word: str) -> list[str]:
    """Possible base forms of an inflected word, most likely first."""
    out: list[str] = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        out.append(word[:-1])
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if not word.endswith(suffix) or len(base) < 3:
            continue
        out.append(base)
        out.append(base + "e")  # coding -> code, not cod (see Lexicon._compute_lemma)
        if base[-1] == base[-2]:
            out.append(base[:-1])
        if suffix == "ed" and base.endswith("i"):
            out.append(base[:-1] + "y")
    return out
