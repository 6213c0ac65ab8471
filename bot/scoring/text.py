"""Normalising and tokenising answer text (scoring rule 2).

The output is a flat list of tokens, each knowing its clause (rule 4's scope)
and its position among content words (the unit of rule 4's window and rule 5's
negation distance).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from bot.scoring.lexicon import CLAUSE_STARTERS, NEGATING_PREFIXES, NEGATORS, STOP_WORDS

# Past this, an answer is an attack or a paste accident; the rest is not read.
MAX_SCORED_CHARS = 20_000

# Names in which "/" belongs to the name instead of separating two words.
FIXED_SLASH_NAMES = frozenset({"i/o", "tcp/ip", "udp/ip", "ci/cd", "pl/sql", "a/b", "ui/ux"})
_VERSIONED_SLASH = re.compile(r"^[a-z]+/\d+(\.\d+)*$")  # http/2, http/1.1

_MD_LINK = re.compile(r"\[([^\]\n]{0,200})\]\([^)\s]{0,500}\)")
_DISCORD_TOKEN = re.compile(r"<(?:@[!&]?|#|a?:\w{1,64}:)\d{1,25}>|<t:\d{1,20}(?::\w)?>")
_LINE_MARKUP = re.compile(r"^[ \t]*(?:>{1,3}|#{1,3}(?=\s)|[-*+](?=\s)|\d{1,3}[.)](?=\s))", re.M)
# Emphasis underscores need no handling: "_word_" splits on "_" like "read_committed".
# Double quotes go too, so JSON-ish '"alg":"none"' reads like alg:none.
_INLINE_MARKUP = str.maketrans({"*": " ", "~": " ", "|": " ", "`": " ", '"': None})

# Big-O (and Theta/Omega) expressions become one canonical token: "O(n log n)" -> "o(nlogn)".
_BIG_O = re.compile(
    r"\b(?:big[- ]?)?(?:o|θ|ω|theta|omega)\s?\((?:[^()\n]|\([^()\n]{0,20}\)){1,40}\)"
)
# ("log(n!)" is not "log n".)
_BARE_N_LOG_N = re.compile(r"(?<!\()\bn\s*\*?\s*log\s*\(?\s*n\b(?!\s*!)\s*\)?")
_BARE_LOG_N = re.compile(r"(?<!\()\b(?:log_?2?|lg)\s*\(?\s*n\b(?!\s*!)\s*\)?")
_BIG_O_NOISE = re.compile(r"[\s*·×()]")

_TOKEN_TEXT = re.compile(
    r"o\([a-z0-9^+!.,]{1,40}\)"  # a canonical Big-O token
    r"|\.?\w+(?:['.#+/:\-]+\w+)*[+#]*"  # a word, keeping C#, C++, .NET, HTTP/2, alg:none
    r"|[.!?;:,)\n]"  # a clause boundary
)


@dataclass(slots=True)
class Token:
    text: str  # normalised form
    clause: int
    content: int  # index among content words, -1 for stop words
    negator: bool


def _canonical_big_o(match: re.Match[str]) -> str:
    inner = match.group(0)
    inner = inner[inner.index("(") + 1 : -1]
    inner = _BIG_O_NOISE.sub("", inner)
    # Base-2 logarithms are the same class: O(log2 n) = O(lg n) = O(log n).
    inner = re.sub(r"log_?2(?=[a-z(])|\blg(?=[a-z(])", "log", inner)
    # "n^2" and "n²" (NFKC: "n2") are one thing; keep "^" only for exponentials like 2^n.
    inner = re.sub(r"(?<=[a-z])\^", "", inner)
    return f" o({inner}) "


def normalise(text: str) -> str:
    """NFKC, no combining marks, casefolded, Discord markdown removed, Big-O canonical."""
    text = text[:MAX_SCORED_CHARS]
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _DISCORD_TOKEN.sub(" ", text)
    text = _LINE_MARKUP.sub(" ", text)
    # Big-O before emphasis: "O(n*log n)" must keep its "*" until it is canonical.
    if "(" in text:
        text = _BIG_O.sub(_canonical_big_o, text)
    if "log" in text:
        text = _BARE_N_LOG_N.sub(" o(nlogn) ", text)
        text = _BARE_LOG_N.sub(" o(logn) ", text)
    return text.translate(_INLINE_MARKUP)


def _split_word(word: str, fixed_slash: Collection[str]) -> list[str]:
    """Split a raw word on '/', '-' and '_' where they separate words."""
    if not any(c in word for c in "-_/'.:"):
        return [word]
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'")
    parts: list[str] = []
    # Hyphens first, so "I/O-bound" keeps the fixed name "i/o" and "non-" its word.
    pieces = [p for p in re.split(r"[-_:]+", word) if p]
    if len(pieces) > 1 and (pieces[0] in NEGATING_PREFIXES or pieces[0] in _NAME_NEGATORS):
        # ("no-cache", "no-store", "not-found" are names, not negations of what follows.)
        # "non-blocking" is one word: it must never name "blocking".
        pieces = [pieces[0] + pieces[1], *pieces[2:]]
    for piece in pieces:
        for chunk in _split_slashes(piece, fixed_slash):
            parts.extend(_split_dots(chunk))
    return parts


def _split_dots(word: str) -> list[str]:
    """ "header.payload.signature" is three words; "3.5", ".net" and "e.g" stay whole.

    Dotted names such as node.js split too, on both sides of a match, so the
    compact form still equals "nodejs".
    """
    if "." not in word[1:] or word in STOP_WORDS:
        return [word]
    parts = word.split(".")
    if any(not part.isalpha() for part in parts[1:]) or not parts[0].replace(".", "").isalpha():
        return [word]
    head = ["." + parts[1]] if not parts[0] else [parts[0], parts[1]]
    return head + parts[2:]


def _split_slashes(word: str, fixed_slash: Collection[str]) -> list[str]:
    if "/" not in word:
        return [word]
    if word in FIXED_SLASH_NAMES or word in fixed_slash or _VERSIONED_SLASH.match(word):
        return [word]
    return [p for p in word.split("/") if p]


_NAME_NEGATORS = frozenset({"no", "not"})
_IDIOM_BEFORE = frozenset({"a", "every", "or"})
_BOUNDARIES = frozenset(".!?;:,)\n")
# (word, is content, is negator, starts a clause); a boundary raw maps to _BOUNDARY.
_Part = tuple[str, bool, bool, bool]
_BOUNDARY: tuple[_Part, ...] = ()
_parts_caches: dict[frozenset[str], dict[str, tuple[_Part, ...]]] = {}
_PARTS_CACHE_SIZE = 100_000  # bounded: hostile input must not grow it forever


def _parts(raw: str, fixed_slash: frozenset[str]) -> tuple[_Part, ...]:
    if raw in _BOUNDARIES:
        return _BOUNDARY
    words = [raw] if raw.startswith("o(") else _split_word(raw.rstrip("."), fixed_slash)
    return tuple((w, w not in STOP_WORDS, w in NEGATORS, w in CLAUSE_STARTERS) for w in words if w)


@dataclass(slots=True)
class Scan:
    """A tokenised text as parallel arrays: the scorer's hot path avoids an object per word."""

    words: list[str]
    clauses: list[int]
    cpos: list[int]  # content words before this token (its own index, for a content word)
    content: list[bool]
    negators: list[int]
    by_word: dict[str, list[int]]


def scan(text: str, fixed_slash: Collection[str] = ()) -> Scan:
    """Normalise and tokenise in one pass, indexing positions by word as it goes."""
    fixed = fixed_slash if isinstance(fixed_slash, frozenset) else frozenset(fixed_slash)
    cache = _parts_caches.get(fixed)
    if cache is None:
        cache = _parts_caches[fixed] = {}
    words: list[str] = []
    clauses: list[int] = []
    cpos: list[int] = []
    content: list[bool] = []
    negators: list[int] = []
    by_word: dict[str, list[int]] = {}
    add_word, add_clause, add_cpos, add_content = (
        words.append, clauses.append, cpos.append, content.append
    )  # fmt: skip
    get_hits = by_word.get
    clause = 0
    seen = 0  # content words so far
    position = 0
    open_clause = False  # whether the current clause has a token yet
    for raw in _TOKEN_TEXT.findall(normalise(text)):
        parts = cache.get(raw)
        if parts is None:
            parts = _parts(raw, fixed)
            if len(cache) < _PARTS_CACHE_SIZE:
                cache[raw] = parts
        if parts is _BOUNDARY:
            if open_clause:
                clause += 1
                open_clause = False
            continue
        for word, is_content, negator, starter in parts:
            if starter and open_clause and (not words or words[-1] not in _IDIOM_BEFORE):
                # ("once in a while", "every so often" are idioms, not new clauses)
                clause += 1
            open_clause = True
            add_word(word)
            add_clause(clause)
            add_content(is_content)
            if is_content:
                add_cpos(seen)
                seen += 1
                if negator:
                    negators.append(position)
            else:
                add_cpos(seen - 1 if seen else 0)
            hits = get_hits(word)
            if hits is None:
                by_word[word] = [position]
            else:
                hits.append(position)
            position += 1
    return Scan(words, clauses, cpos, content, negators, by_word)


def tokenize(text: str, fixed_slash: Collection[str] = ()) -> list[Token]:
    """Normalise then tokenise into Token objects (for code off the hot path)."""
    result = scan(text, fixed_slash)
    negators = set(result.negators)
    tokens: list[Token] = []
    for i, word in enumerate(result.words):
        is_content = result.content[i]
        tokens.append(
            Token(word, result.clauses[i], result.cpos[i] if is_content else -1, i in negators)
        )
    return tokens


def content_words(text: str) -> list[str]:
    """The content words of a text, in order (used for prompts and derived concepts)."""
    return [t.text for t in tokenize(text) if t.content >= 0]
