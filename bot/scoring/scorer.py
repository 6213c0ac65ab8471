"""Grade a free-text answer against one question of a loaded bank (rules 1 to 9)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.bank.models import Bank, Keyword, Question
from bot.scoring.concepts import derive_concepts, document_frequencies
from bot.scoring.lexicon import STOP_WORDS, Lexicon
from bot.scoring.matching import Analysis, Term, compile_term, occurrences
from bot.scoring.result import PitfallHit, Score, Verdict
from bot.scoring.text import scan, tokenize

# Rule 1's exponent, calibrated (bench/calibrate_k.py, docs/architecture.md): with 0.55
# an answer covering about half the weight is "correct" and about a fifth "partial".
# On the bank's own examples 0.5-0.6 separate good from bad equally well; on 300
# answers written and labelled blind by interviewers, 0.55 agreed best (94 %, the
# remaining misses split between too harsh and too generous), 0.6 was harsher.
K = 0.55
PITFALL_PENALTY = 20
PITFALL_CAP = 69
NOT_AN_ANSWER_CAP = 39
# Rule 7's buzzword dump: at least this many foreign terms, twice the own ones,
# in a text that reads as a bare list (few function words).
DUMP_MIN_FOREIGN = 4
DUMP_MAX_STOP_SHARE = 0.3
# Words at least this frequent in everyday English (symspellpy's counts; "cache" 17M,
# "plus" 95M, "replication" 5M, "bcrypt" 0) never count as another question's jargon.
DUMP_COMMON_WORD = 10_000_000
# Rule 7's echo: most content words come from the prompt and little is added.
ECHO_PROMPT_SHARE = 0.6
ECHO_MAX_NOVEL = 3
# ...and the concepts its own (non-prompt) words cover weigh less than this share.
ECHO_MAX_NEW_COVERAGE = 0.4


@dataclass(frozen=True, slots=True)
class _CompiledTerm:
    term: Term
    negative: bool  # the model answer uses it only negated (rule 5)


@dataclass(frozen=True, slots=True)
class _Concept:
    label: str
    weight: int
    terms: tuple[_CompiledTerm, ...]


@dataclass(frozen=True, slots=True)
class _Pitfall:
    label: str
    feedback: str
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class _CompiledQuestion:
    question: Question
    concepts: tuple[_Concept, ...]
    pitfalls: tuple[_Pitfall, ...]
    prompt_lemmas: frozenset[str]
    context_lemmas: frozenset[str]  # prompt + model answer + keyword terms


@dataclass(frozen=True, slots=True)
class _ForeignTerm:
    key: str
    lemmas: frozenset[str]


class Scorer:
    """Built once from a loaded bank; `score` is pure, synchronous and fast."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.fixed_slash = frozenset(_slash_names(bank))
        self.lexicon = Lexicon(_vocabulary(bank, self.fixed_slash))
        self._df = document_frequencies(bank, self.lexicon)
        self._terms: dict[str, Term] = {}
        self._compiled: dict[str, _CompiledQuestion] = {}
        for question in bank:
            self._compiled[question.id] = self._compile(question)
        self._foreign = self._foreign_index()

    # -- building --------------------------------------------------------

    def concepts(self, question: Question) -> tuple[Keyword, ...]:
        """The question's concepts: its keywords, or those derived from its answer."""
        if question.keywords is not None:
            return question.keywords
        return derive_concepts(question, self.lexicon, self._df)

    def compiled_terms(self, question: Question) -> list[tuple[str, bool]]:
        """Each concept term of a question and whether only a negated use counts (rule 5)."""
        compiled = self._compiled[question.id]
        return [(ct.term.source, ct.negative) for c in compiled.concepts for ct in c.terms]

    def _compile(self, question: Question) -> _CompiledQuestion:
        model = Analysis.of(unwrap(question.answer), self.lexicon, self.fixed_slash)
        concepts = []
        for keyword in self.concepts(question):
            terms = []
            for source in keyword.terms:
                term = self.term(source)
                terms.append(_CompiledTerm(term, _only_negated(term, model)))
            concepts.append(_Concept(keyword.label, keyword.weight, tuple(terms)))
        pitfalls = tuple(
            _Pitfall(
                p.label,
                p.feedback,
                tuple(self.term(t) for t in p.terms),
            )
            for p in question.pitfalls
        )
        prompt_lemmas = self._lemmas(question.prompt)
        keyword_text = " ".join(t for k in question.keywords or () for t in k.terms)
        context = prompt_lemmas | self._lemmas(question.answer) | self._lemmas(keyword_text)
        return _CompiledQuestion(question, tuple(concepts), pitfalls, prompt_lemmas, context)

    def term(self, source: str) -> Term:
        """A term compiled for this bank (cached: each distinct term is compiled once)."""
        term = self._terms.get(source)
        if term is None:
            term = self._terms[source] = compile_term(source, self.lexicon, self.fixed_slash)
        return term

    def _lemmas(self, text: str) -> frozenset[str]:
        result = scan(text, self.fixed_slash)
        lemma = self.lexicon.lemma
        return frozenset(lemma(w) for w, c in zip(result.words, result.content, strict=True) if c)

    def _foreign_index(self) -> dict[str, list[_ForeignTerm]]:
        """Every concept term of the bank, keyed by each of its content lemmas."""
        index: dict[str, list[_ForeignTerm]] = {}
        seen: set[str] = set()
        for compiled in self._compiled.values():
            for concept in compiled.concepts:
                for ct in concept.terms:
                    term = ct.term
                    if term.key in seen or term.has_negator or not term.key:
                        continue
                    seen.add(term.key)
                    lemmas = frozenset(
                        term.words[i].lemma
                        for i in term.content
                        if term.words[i].text not in STOP_WORDS
                    )
                    for lemma in lemmas:
                        index.setdefault(lemma, []).append(_ForeignTerm(term.key, lemmas))
        return index

    # -- scoring ---------------------------------------------------------

    def score(self, question: Question | str, answer: str) -> Score:
        """Grade `answer` to `question` (a Question of this bank or its id)."""
        qid = question if isinstance(question, str) else question.id
        compiled = self._compiled.get(qid)
        if compiled is None:
            raise KeyError(f"unknown question id {qid!r}")
        text = Analysis.of(answer or "", self.lexicon, self.fixed_slash)
        return self._grade(compiled, text)

    def _grade(self, q: _CompiledQuestion, text: Analysis) -> Score:
        labels = tuple(c.label for c in q.concepts)
        if not any(text.content):
            return _result(0, (), labels, (), "Empty answer: nothing to grade yet.")

        hits: list[PitfallHit] = []
        consumed: set[int] = set()
        for pitfall in q.pitfalls:
            triggered = False
            for term in pitfall.terms:
                for occ in occurrences(term, text, ordered=True):
                    if text.hedged(occ, term.texts):
                        continue
                    if term.has_negator or not text.negated(occ):
                        consumed.update(occ)
                        triggered = True
            if triggered:
                hits.append(PitfallHit(pitfall.label, pitfall.feedback))

        restates = self._restates_prompt(q, text)
        prompt_words = self._prompt_word_positions(q, text) if restates else set()

        own_positions: set[int] = set()
        covered: list[bool] = []  # by any fitting occurrence
        covered_new: list[bool] = []  # by an occurrence using at least one word not in the prompt
        for concept in q.concepts:
            ok = ok_new = False
            for ct in concept.terms:
                for occ in occurrences(ct.term, text):
                    own_positions.update(occ)
                    if consumed.intersection(occ):
                        continue
                    if ct.term.has_negator or text.negated(occ) == ct.negative:
                        ok = True
                        if not all(p in prompt_words for p in occ):
                            ok_new = True
                            break
                if ok_new:
                    break
            covered.append(ok)
            covered_new.append(ok_new)

        total = sum(c.weight for c in q.concepts) or 1
        new_weight = sum(c.weight for c, ok in zip(q.concepts, covered_new, strict=True) if ok)
        # An echo restates the prompt AND its own words add little; then only those count.
        echo = restates and new_weight / total < ECHO_MAX_NEW_COVERAGE
        if echo:
            covered = covered_new
        got = sum(c.weight for c, ok in zip(q.concepts, covered, strict=True) if ok)
        score = round(100 * (got / total) ** K)
        score -= PITFALL_PENALTY * len(hits)
        score = max(0, min(100, score))
        if hits:
            score = min(score, PITFALL_CAP)
        matched = tuple(c.label for c, ok in zip(q.concepts, covered, strict=True) if ok)
        missed = tuple(c.label for c, ok in zip(q.concepts, covered, strict=True) if not ok)

        own_lemmas = {text.lexicon.lemma(text.words[p]) for p in own_positions}
        dump = self._is_dump(q, text, len(own_lemmas))
        if dump or echo:
            score = min(score, NOT_AN_ANSWER_CAP)
        feedback = _feedback(score, matched, missed, hits, echo=echo, dump=dump)
        return _result(score, matched, missed, tuple(hits), feedback)

    def _restates_prompt(self, q: _CompiledQuestion, text: Analysis) -> bool:
        """Rule 7: most content words come from the prompt and few new ones are added."""
        lemma = text.lexicon.lemma
        total = from_prompt = 0
        novel: set[str] = set()
        for word, positions in text.by_word.items():
            if word in STOP_WORDS:
                continue
            total += len(positions)
            word_lemma = lemma(word)
            if word_lemma in q.prompt_lemmas:
                from_prompt += len(positions)
            else:
                novel.add(word_lemma)
        return from_prompt >= ECHO_PROMPT_SHARE * total and len(novel) <= ECHO_MAX_NOVEL

    def _prompt_word_positions(self, q: _CompiledQuestion, text: Analysis) -> set[int]:
        lemma = text.lexicon.lemma
        return {i for i, word in enumerate(text.words) if lemma(word) in q.prompt_lemmas}

    def _is_dump(self, q: _CompiledQuestion, text: Analysis, own: int) -> bool:
        """Rule 7: a bare list naming other questions' terms that this question never uses.

        Counted in distinct answer words (lemmas), so synonyms and inflections of one
        word are one term, and `own` counts this question's matched words the same way.
        """
        stop_share = text.content.count(False) / len(text.words)
        if stop_share >= DUMP_MAX_STOP_SHARE:
            return False
        lemmas = set(text.by_lemma)
        frequency = text.lexicon.english_frequency
        foreign: set[str] = set()
        for lemma in lemmas - q.context_lemmas:
            # Jargon, not everyday words: "fix", "plus", "once" in a terse chat answer are
            # other questions' synonyms too, but naming them is no buzzword.
            if lemma in STOP_WORDS or frequency(lemma) >= DUMP_COMMON_WORD:
                continue
            for term in self._foreign.get(lemma, ()):
                if term.lemmas <= lemmas:
                    foreign.add(lemma)
                    break
        return len(foreign) >= DUMP_MIN_FOREIGN and len(foreign) >= 2 * own


def unwrap(text: str) -> str:
    """Join the lines of a wrapped YAML paragraph: a wrap is not a clause boundary."""
    return "\n\n".join(" ".join(p.split("\n")) for p in re.split(r"\n\s*\n", text))


def _only_negated(term: Term, model: Analysis) -> bool:
    """Rule 5: the model answer names the term, and only ever negated."""
    if term.has_negator:
        return False
    seen = [model.negated(occ) for occ in occurrences(term, model)]
    return bool(seen) and all(seen)


def _result(
    score: int,
    matched: tuple[str, ...],
    missed: tuple[str, ...],
    hits: tuple[PitfallHit, ...],
    feedback: str,
) -> Score:
    return Score(
        score=score,
        verdict=Verdict.for_score(score),
        matched=matched,
        missed=missed,
        pitfalls=tuple(h.label for h in hits),
        feedback=feedback,
        pitfall_hits=hits,
    )


def _feedback(
    score: int,
    matched: tuple[str, ...],
    missed: tuple[str, ...],
    hits: list[PitfallHit],
    *,
    echo: bool,
    dump: bool,
) -> str:
    if dump:
        return "A list of buzzwords is not an answer: explain the ideas that apply here."
    if echo:
        return "This mostly restates the question: explain the idea in your own words."
    if not matched and not hits:
        return "Off topic: this answer names none of the concepts the question is about."
    total = len(matched) + len(missed)
    verdict = Verdict.for_score(score)
    head = {
        Verdict.CORRECT: "Good answer",
        Verdict.PARTIAL: "Partly there",
        Verdict.INCORRECT: "Not yet",
    }[verdict]
    parts = [f"{head}: you covered {len(matched)} of {total} concepts."]
    if missed:
        parts.append("Missing: " + ", ".join(missed) + ".")
    if hits:
        parts.append("Watch out: " + " ".join(h.feedback for h in hits))
    return " ".join(parts)


def _slash_names(bank: Bank) -> Iterable[str]:
    """Terms written with '/' (e.g. "HTTP/2") keep it as part of the name."""
    for question in bank:
        for keyword in question.keywords or ():
            for term in keyword.terms:
                for word in term.casefold().split():
                    if "/" in word and all(part.isalnum() for part in word.split("/")):
                        yield word


def _vocabulary(bank: Bank, fixed_slash: frozenset[str]) -> set[str]:
    """Every word the bank itself uses: fuzz never rewrites one of them into another."""
    vocab: set[str] = set()
    for question in bank:
        texts = [question.prompt, question.answer, question.explanation]
        for keyword in question.keywords or ():
            texts.extend(keyword.terms)
        for pitfall in question.pitfalls:
            texts.extend(pitfall.terms)
        for text in texts:
            vocab.update(scan(text, fixed_slash).by_word)
        for keyword in question.keywords or ():
            for term in keyword.terms:
                vocab.add("".join(t.text for t in tokenize(term, fixed_slash)))
    return vocab
