"""DESIGN.md's scoring rules, one group of tests per rule, on real bank questions."""

from __future__ import annotations

import pytest

from bot.bank import Bank
from bot.scoring import K, Scorer, Verdict
from bot.scoring.lexicon import Lexicon
from bot.scoring.scorer import unwrap
from bot.scoring.text import tokenize


def covers(scorer: Scorer, qid: str, answer: str, label: str) -> bool:
    return label in scorer.score(qid, answer).matched


# -- rule 1: concepts and the formula ---------------------------------------------------


def test_k_is_a_documented_constant_in_range() -> None:
    assert 0.5 <= K <= 1


def test_score_follows_the_formula(scorer: Scorer) -> None:
    # databases.acid: atomicity 1, consistency 1, isolation 2, durability 1 -> 2 of 5.
    result = scorer.score("databases.acid", "Transactions are atomic and keep data consistent.")
    assert result.matched == ("atomicity", "consistency")
    assert result.score == round(100 * (2 / 5) ** K)
    assert result.missed == ("isolation", "durability")  # bank order


def test_weights_count(scorer: Scorer) -> None:
    isolation_only = scorer.score("databases.acid", "transactions run isolated")
    atomic_only = scorer.score("databases.acid", "transactions are atomic")
    assert isolation_only.score > atomic_only.score


@pytest.mark.parametrize(
    ("score", "verdict"), [(70, "correct"), (69, "partial"), (40, "partial"), (39, "incorrect")]
)
def test_verdict_thresholds(score: int, verdict: str) -> None:
    assert Verdict.for_score(score).value == verdict


# -- rule 2: normalising ----------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling", ["B-tree", "btree", "B tree", "B-TREE", "**b-tree**", "`BTree`"]
)
def test_spacing_hyphens_case_and_markdown_do_not_matter(scorer: Scorer, spelling: str) -> None:
    assert covers(scorer, "databases.index-full-scan", f"it uses a {spelling}", "B-tree")


@pytest.mark.parametrize("form", ["index", "indexes", "indices", "indexing"])
def test_plurals_and_inflections_share_a_lemma(form: str) -> None:
    assert Lexicon().lemma(form) == "index"


def test_inflected_answer_words_match(scorer: Scorer) -> None:
    assert covers(
        scorer, "dsa.hash-collisions", "the table is resized when full", "load factor and resizing"
    )
    assert covers(
        scorer, "caching.stampede", "a mutex so only one request recomputes", "one rebuilder"
    )


def test_unicode_zalgo_and_fullwidth_are_normalised(scorer: Scorer) -> None:
    zalgo = "a\u0336t\u0335o\u0338m\u0337i\u0334c and ｄｕｒａｂｌｅ"
    result = scorer.score("databases.acid", zalgo)
    assert {"atomicity", "durability"} <= set(result.matched)


def test_symbols_kept_inside_tokens() -> None:
    words = [t.text for t in tokenize("C# and .NET beat C++ in v1.2? O(n log n) vs O(log n)")]
    assert {"c#", ".net", "c++", "v1.2", "o(nlogn)", "o(logn)"} <= set(words)


def test_dotted_words_split_but_still_match_their_compact_form() -> None:
    assert [t.text for t in tokenize("header.payload.signature")] == [
        "header",
        "payload",
        "signature",
    ]
    assert [t.text for t in tokenize("Node.js")] == ["node", "js"]


def test_slash_splits_words_but_not_fixed_names() -> None:
    words = [t.text for t in tokenize("insert/update/delete over HTTP/2, TCP/IP and I/O")]
    assert {"insert", "update", "delete", "http/2", "tcp/ip", "i/o"} <= set(words)


# -- rule 3: whole words and careful fuzz -----------------------------------------------

CHAIR = """\
topic: demo
name: Demo
questions:
  - id: demo.air
    difficulty: easy
    prompt: What do fans move?
    answer: Fans move air around a room.
    keywords: [[air], [room]]
  - id: demo.chair
    difficulty: easy
    prompt: Where do you sit?
    answer: You sit on a chair at a desk.
    keywords: [[chair], [desk]]
  - id: demo.serial
    difficulty: easy
    prompt: How do you send an object over the wire?
    answer: Serialization turns the object into bytes; the receiver runs deserialization.
    keywords: [[serialization], [bytes]]
  - id: demo.deserial
    difficulty: easy
    prompt: How does a receiver rebuild an object from bytes?
    answer: Deserialization parses the bytes back into an object.
    keywords: [[deserialization], [parses]]
  - id: demo.blocking
    difficulty: easy
    prompt: What does a plain read call do to the thread?
    answer: It is blocking; the thread waits.
    keywords: [[blocking], [waits]]
"""


def test_chair_does_not_name_air_and_air_does_not_name_chair(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(CHAIR)
    assert "air" not in scorer.score("demo.air", "a chair").matched
    assert "chair" not in scorer.score("demo.chair", "fresh air").matched
    assert "air" in scorer.score("demo.air", "moving air").matched


def test_serialization_and_deserialization_differ_both_ways(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(CHAIR)
    assert "serialization" not in scorer.score("demo.serial", "deserialization").matched
    assert "deserialization" not in scorer.score("demo.deserial", "serialization").matched
    assert "serialization" in scorer.score("demo.serial", "serialisation").matched


def test_negated_hyphen_form_does_not_match(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(CHAIR)
    assert "blocking" not in scorer.score("demo.blocking", "it is non-blocking").matched
    assert "blocking" not in scorer.score("demo.blocking", "it is nonblocking").matched


def test_unsalted_does_not_name_salted_and_salted_does_not_trigger_unsalted(scorer: Scorer) -> None:
    unsalted = scorer.score("security.password-hashing", "use an unsalted bcrypt hash")
    assert "unique salt" not in unsalted.matched
    assert "fast or unsalted hash" in unsalted.pitfalls
    salted = scorer.score("security.password-hashing", "use a salted bcrypt hash")
    assert "unique salt" in salted.matched
    assert salted.pitfalls == ()


def test_synchronous_and_asynchronous_differ_both_ways(scorer: Scorer) -> None:
    qid = "languages.blocking-vs-nonblocking-io"
    only_async = scorer.score(qid, "the call is asynchronous")
    assert "non-blocking is asynchronous" in only_async.matched
    assert "blocking is synchronous" not in only_async.matched
    only_sync = scorer.score(qid, "the call is synchronous")
    assert "blocking is synchronous" in only_sync.matched
    assert "non-blocking is asynchronous" not in only_sync.matched


def test_sharding_and_sharing_differ_both_ways(scorer: Scorer) -> None:
    scaling = "architecture.horizontal-vs-vertical-scaling"
    assert "needs statelessness or sharding" not in scorer.score(scaling, "sharing").matched
    assert "needs statelessness or sharding" in scorer.score(scaling, "sharding").matched
    kernel = "devops.containers-vs-vms"
    assert "containers share the kernel" not in scorer.score(kernel, "sharding the kernel").matched
    assert "containers share the kernel" in scorer.score(kernel, "sharing the kernel").matched


def test_encryption_and_decryption_differ_both_ways(scorer: Scorer) -> None:
    qid = "security.encryption-rest-transit"
    assert "encryption at rest" not in scorer.score(qid, "decryption").matched
    assert "encryption at rest" in scorer.score(qid, "encryption").matched
    assert "key management" not in scorer.score(qid, "protect the encryption keys").matched
    assert "key management" in scorer.score(qid, "protect the decryption keys").matched


def test_authentication_and_authorization_differ_both_ways(scorer: Scorer) -> None:
    qid = "security.authn-vs-authz"
    authz = scorer.score(qid, "authorization")
    assert "authorization fails" in authz.matched and "authentication" not in authz.matched
    authn = scorer.score(qid, "authentication")
    assert "authentication" in authn.matched and "authorization fails" not in authn.matched


def test_big_o_expressions_differ_both_ways(scorer: Scorer) -> None:
    assert "O(log n)" in scorer.score("dsa.binary-search", "it is O(log n)").matched
    assert "O(log n)" not in scorer.score("dsa.binary-search", "it is O(n log n)").matched
    assert "O(n log n) always" in scorer.score("dsa.merge-sort", "O(n log n)").matched
    assert "O(n log n) always" not in scorer.score("dsa.merge-sort", "O(log n)").matched
    assert "O(n log n) always" in scorer.score("dsa.merge-sort", "O(n * log(n))").matched


@pytest.mark.parametrize(
    ("qid", "answer", "label"),
    [
        ("apis.put-vs-patch", "PUT is idempotnet", "PUT is idempotent"),
        ("databases.acid", "atomicty", "atomicity"),
        ("databases.acid", "durabilty", "durability"),
    ],
)
def test_typos_in_long_words_are_tolerated(
    scorer: Scorer, qid: str, answer: str, label: str
) -> None:
    assert label in scorer.score(qid, answer).matched


def test_short_and_symbol_terms_match_exactly_plural_allowed(scorer: Scorer) -> None:
    qid = "security.authn-vs-authz"
    assert "403 Forbidden" in scorer.score(qid, "answer 403").matched
    assert "403 Forbidden" not in scorer.score(qid, "answer 4031").matched
    assert "roles or permissions" in scorer.score(qid, "check the RBACs").matched


# -- rule 4: multi-word terms -----------------------------------------------------------


def test_multi_word_terms_match_in_any_order_within_a_window(scorer: Scorer) -> None:
    qid = "databases.index-full-scan"
    assert covers(scorer, qid, "the downside is that writes get slower", "slower writes")
    assert not covers(scorer, qid, "writes are fine. Reads got slower", "slower writes")
    assert not covers(
        scorer,
        qid,
        "writes go to a log and after many many steps things are slower",
        "slower writes",
    )


def test_clause_ends_before_but(scorer: Scorer) -> None:
    assert not covers(
        scorer, "databases.index-full-scan", "writes are fine but reads are slower", "slower writes"
    )


# -- rule 5: polarity -------------------------------------------------------------------


def test_negated_term_does_not_count(scorer: Scorer) -> None:
    qid = "apis.safe-idempotent-methods"
    assert not covers(scorer, qid, "GET and PUT are not idempotent", "idempotent methods")
    assert covers(scorer, qid, "GET and PUT are idempotent", "idempotent methods")


def test_not_only_is_no_negation(scorer: Scorer) -> None:
    result = scorer.score(
        "apis.safe-idempotent-methods", "GET is not only idempotent but also safe"
    )
    assert {"GET is safe", "idempotent methods"} <= set(result.matched)


def test_whether_or_not_is_no_negation(scorer: Scorer) -> None:
    assert covers(
        scorer,
        "dsa.binary-search",
        "check whether or not sorted input is given",
        "input must be sorted",
    )


def test_sorted_negated_does_not_count(scorer: Scorer) -> None:
    assert not covers(
        scorer, "dsa.binary-search", "the array doesn't need to be sorted", "input must be sorted"
    )
    assert covers(
        scorer, "dsa.binary-search", "the array needs to be sorted", "input must be sorted"
    )


def test_negated_model_polarity_counts_negated_answers(scorer: Scorer) -> None:
    qid = "databases.index-full-scan"
    assert covers(
        scorer, qid, "so the db doesn't have to do a full table scan", "no full table scan"
    )
    assert not covers(scorer, qid, "it does a full table scan", "no full table scan")


def test_term_with_its_own_negation_matches_literally(scorer: Scorer) -> None:
    result = scorer.score("apis.put-vs-patch", "PATCH is not necessarily idempotent")
    assert "PATCH need not be idempotent" in result.matched


# -- rule 6: pitfalls -------------------------------------------------------------------


def test_pitfall_costs_20_and_caps_at_69(scorer: Scorer) -> None:
    full = "atomic, consistent, isolated, durable"
    clean = scorer.score("databases.acid", full)
    caught = scorer.score("databases.acid", full + ". Replicas use eventual consistency.")
    assert clean.score == 100
    assert caught.pitfalls == ("eventual consistency",)
    assert caught.score == 69 and caught.verdict is Verdict.PARTIAL
    assert caught.pitfall_hits[0].feedback.startswith("ACID's consistency")


def test_negated_pitfall_is_not_penalised(scorer: Scorer) -> None:
    result = scorer.score("databases.acid", "ACID consistency is not eventual consistency")
    assert result.pitfalls == ()
    assert "consistency" in result.matched


def test_words_consumed_by_a_pitfall_do_not_cover_a_concept(scorer: Scorer) -> None:
    result = scorer.score("databases.acid", "eventual consistency")
    assert "consistency" not in result.matched
    assert result.pitfalls == ("eventual consistency",)


def test_multi_word_pitfall_needs_its_words_in_order(scorer: Scorer) -> None:
    assert scorer.score("apis.safe-idempotent-methods", "idempotent is POST").pitfalls == ()
    assert scorer.score("apis.safe-idempotent-methods", "POST is idempotent").pitfalls == (
        "POST is idempotent",
    )


# -- rule 7: echo, repetition, dumps ----------------------------------------------------


def test_prompt_echo_scores_below_40(scorer: Scorer, bank: Bank) -> None:
    for question in bank:
        result = scorer.score(question, question.prompt)
        assert result.score < 40, (question.id, result)


def test_repeating_a_word_adds_nothing(scorer: Scorer) -> None:
    once = scorer.score("databases.acid", "atomic")
    many = scorer.score("databases.acid", " ".join(["atomic"] * 200))
    assert many.score == once.score


def test_buzzword_dump_scores_at_most_39(scorer: Scorer) -> None:
    dump = "ACID CAP sharding Redis JWT bcrypt B-tree event loop GIL TLS Kubernetes atomicity"
    assert scorer.score("databases.acid", dump).score <= 39


def test_whole_topic_vocabulary_dump_scores_at_most_39(scorer: Scorer, bank: Bank) -> None:
    for topic in bank.topics:
        vocabulary = " ".join(
            term for q in topic.questions for k in q.keywords or () for term in k.terms
        )
        for question in topic.questions:
            assert scorer.score(question, vocabulary).score <= 39, question.id


def test_terse_relevant_answer_is_graded_on_its_concepts(scorer: Scorer) -> None:
    result = scorer.score(
        "apis.put-vs-patch", "PUT = full replace (idempotent). PATCH = partial update."
    )
    assert result.verdict is Verdict.CORRECT


# -- rule 8: derived concepts -----------------------------------------------------------

DERIVED = """\
topic: demo
name: Demo
questions:
  - id: demo.heap
    difficulty: medium
    prompt: What is a binary heap used for?
    answer: |
      A binary heap is a complete tree stored in an array where every parent is smaller than
      its children, so the minimum sits at the root. It backs priority queues and heapsort,
      with insertion and extraction in logarithmic time.
  - id: demo.other
    difficulty: easy
    prompt: What is a tree?
    answer: A tree is a hierarchy of nodes with one root, stored in memory.
"""


def test_concepts_are_derived_from_the_model_answer(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(DERIVED)
    question = scorer.bank.get("demo.heap")
    concepts = [k.label for k in scorer.concepts(question)]
    assert 2 <= len(concepts) <= 8
    assert "binary" not in concepts and "heap" not in concepts  # the prompt's own words
    assert scorer.score(question, question.answer).score == 100
    good = scorer.score(
        question,
        "priority queues and heapsort; parent smaller than children, "
        "minimum at the root, logarithmic insertion",
    )
    assert good.verdict is Verdict.CORRECT
    assert scorer.score(question, "it stores cats").score == 0


# -- rule 9: nothing crashes, nothing is missed -----------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "   \n\t ",
        "🔥🔥🔥 💯",
        "z̸̡̛a̷̢͝l̵̨̛g̸̢͠o̵̧͘",
        "```python\nprint('hi')\n```",
        "<@123> @everyone ||x||",
        "(" * 3000,
        "a" * 4000,
    ],
)
def test_odd_answers_are_scored_without_exception(scorer: Scorer, answer: str) -> None:
    result = scorer.score("databases.acid", answer)
    assert 0 <= result.score <= 100


def test_empty_and_off_topic_score_zero_with_feedback(scorer: Scorer) -> None:
    empty = scorer.score("databases.acid", "   ")
    assert empty.score == 0 and "Empty" in empty.feedback
    off = scorer.score("databases.acid", "I like turtles and long walks on the beach")
    assert off.score == 0 and "Off topic" in off.feedback


def test_concept_at_the_end_of_a_4000_character_answer_counts(scorer: Scorer) -> None:
    filler = ("The system keeps running while we talk about unrelated matters here. " * 80)[:3950]
    answer = filler + " atomic, consistent, isolated and durable"
    assert len(answer) <= 4000
    assert scorer.score("databases.acid", answer).score == 100


# -- DESIGN's own examples --------------------------------------------------------------


def test_design_examples_grade_as_labelled(scorer: Scorer) -> None:
    assert (
        scorer.score("databases.acid", "atomic, consistent, isolated, durable transactions").verdict
        is Verdict.CORRECT
    )
    assert (
        scorer.score("databases.acid", "it is a kind of NoSQL database").verdict
        is Verdict.INCORRECT
    )


# -- writing-found cases -------------------------------------------------------------

NAMES = """\
topic: demo
name: Demo
questions:
  - id: demo.names
    difficulty: easy
    prompt: How do you check a wrapped error in Go, and where does JIT compilation happen?
    answer: |
      Use errors.Is to compare against a sentinel, and the JVM compiles hot code just in
      time. I/O-bound threads wait, and a NOT NULL column is never empty.
    keywords:
      - [errors.Is]
      - [just in time, jit]
      - [i/o-bound]
      - [never empty]
"""


def test_identifier_and_phrase_terms_keep_all_their_words(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(NAMES)
    assert "errors.Is" not in scorer.score("demo.names", "it returns errors").matched
    assert "errors.Is" in scorer.score("demo.names", "call errors.Is on it").matched
    assert "just in time" not in scorer.score("demo.names", "at compile time").matched
    assert "just in time" in scorer.score("demo.names", "compiled just-in-time").matched


def test_hyphenated_fixed_name_keeps_its_slash(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(NAMES)
    assert "i/o-bound" in scorer.score("demo.names", "I/O-bound work").matched
    assert "i/o-bound" in scorer.score("demo.names", "I/O bound work").matched
    assert "i/o-bound" not in scorer.score("demo.names", "CPU-bound work").matched


def test_wrapped_model_answer_lines_are_one_clause(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(NAMES)
    question = scorer.bank.get("demo.names")
    # "just in\n time" spans a wrap in the model answer: a wrap is no clause boundary there.
    assert scorer.score(question, unwrap(question.answer)).score == 100


def test_sql_not_null_is_no_negation(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(NAMES)
    assert "i/o-bound" in scorer.score("demo.names", "NOT NULL i/o-bound threads").matched


def test_reported_or_rejected_pitfall_is_not_penalised(scorer: Scorer) -> None:
    hedged = scorer.score("databases.acid", "Avoid eventual consistency here: atomic, durable")
    assert hedged.pitfalls == ()
    conditional = scorer.score("databases.acid", "if you think it means eventual consistency, no")
    assert conditional.pitfalls == ()
    claimed = scorer.score("databases.acid", "it means eventual consistency")
    assert claimed.pitfalls == ("eventual consistency",)


def test_theta_and_log_factorial_are_not_log_n() -> None:
    words = {t.text for t in tokenize("Theta(n log n) versus log(n!) and big-O(n)")}
    assert "o(nlogn)" in words and "o(n)" in words
    assert "o(logn)" not in words


def test_contrasted_pitfall_is_not_penalised(scorer: Scorer) -> None:
    answer = "divide and conquer, merge halves; O(n log n) unlike quicksort's O(n^2) worst case"
    assert scorer.score("dsa.merge-sort", answer).pitfalls == ()
    assert scorer.score("dsa.merge-sort", "it has an O(n^2) worst case").pitfalls != ()


def test_terse_answer_of_new_words_is_no_echo(scorer: Scorer) -> None:
    # Few words beyond the prompt's, but those words carry the concepts.
    result = scorer.score("apis.put-vs-patch", "PUT: replace, idempotent. PATCH: partial.")
    assert result.score >= 70


def test_lemmas_prefer_the_common_reading() -> None:
    lexicon = Lexicon()
    assert [lexicon.lemma(w) for w in ["writing", "coding", "used", "thing"]] == [
        "write",
        "code",
        "use",
        "thing",
    ]


def test_no_cache_is_a_name_not_a_negation() -> None:
    assert [t.text for t in tokenize("no-cache no-store")] == ["nocache", "nostore"]


def test_result_connective_starts_a_clause_and_possession_is_no_denial(scorer: Scorer) -> None:
    answer = "authentication worked but authorization fails: they dont have the admin role so 403"
    result = scorer.score("security.authn-vs-authz", answer)
    assert {"roles or permissions", "403 Forbidden"} <= set(result.matched)
    # An obligation stays a negation: the DESIGN example still names the negated concept.
    scan = scorer.score(
        "databases.index-full-scan", "so the db doesn't have to do a full table scan"
    )
    assert "no full table scan" in scan.matched


def test_terse_chat_answer_of_everyday_words_is_no_dump(scorer: Scorer) -> None:
    answer = (
        "hot key expires, everyone misses at once, db gets slammed. "
        "fix: lock so one request rebuilds, plus ttl jitter"
    )
    result = scorer.score("caching.stampede", answer)
    assert "buzzwords" not in result.feedback
    assert result.score >= 40


def test_base_2_logarithms_are_log_n() -> None:
    words = {t.text for t in tokenize("log2(n) steps, O(lg n) and O(n log2 n)")}
    assert {"o(logn)", "o(nlogn)"} <= words


def test_a_hedge_inside_a_pitfall_span_counts(scorer: Scorer) -> None:
    assert scorer.score("databases.acid", "atomic; eventual, avoid it, consistency").pitfalls == ()


def test_a_new_subject_ends_the_negation(scorer: Scorer) -> None:
    # DESIGN's own case still holds: the negator reaches the term within its predicate.
    assert not covers(
        scorer, "apis.safe-idempotent-methods", "PUT is not idempotent", "idempotent methods"
    )
    answer = "when vacuum can't keep up you get bloat"
    assert covers(scorer, "databases.vacuum", answer, "bloat")


def test_a_reported_belief_is_no_claim(scorer: Scorer) -> None:
    reported = scorer.score("databases.acid", "people think it means eventual consistency; atomic")
    assert reported.pitfalls == ()
    claimed = scorer.score("databases.acid", "I think it means eventual consistency")
    assert claimed.pitfalls == ("eventual consistency",)


def test_a_qualified_pitfall_is_a_condition_not_a_claim(adhoc) -> None:  # type: ignore[no-untyped-def]
    scorer = adhoc(
        """\
topic: demo
name: Demo
questions:
  - id: demo.chan
    difficulty: easy
    prompt: When does a send on a buffered Go channel block?
    answer: It blocks only when the buffer is full.
    keywords: [[buffer is full, full buffer]]
    pitfalls:
      - terms: [buffered sends never block]
        feedback: They block once the buffer is full.
"""
    )
    assert (
        scorer.score("demo.chan", "buffered sends never block until the buffer is full").pitfalls
        == ()
    )
    assert scorer.score("demo.chan", "buffered sends never block").pitfalls != ()


def test_idioms_with_clause_words_stay_one_clause() -> None:
    tokens = tokenize("it happens once in a while, every so often")
    clauses = {t.text: t.clause for t in tokens}
    assert clauses["once"] == clauses["while"]
    assert clauses["every"] == clauses["often"]


def test_a_colon_inside_a_word_joins_instead_of_ending_the_clause() -> None:
    tokens = tokenize('"alg":"none" or alg:none, then: next')
    clauses = [(t.text, t.clause) for t in tokens]
    assert ("alg", 0) in clauses and ("none", 0) in clauses
    assert clauses[-1][1] > 0  # "then: next" still ends a clause at the colon
