"""The shipped bank: sizes, difficulty mix, subject coverage and per-question quality bars.

Read from the YAML files themselves, so a bad edit fails CI.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.bank import Bank, Difficulty

# topic -> (minimum questions, subject tags that must each appear on some question)
REQUIRED = {
    "languages": (45, "python generators async decorators memory java jvm gc jit threads "
                  "collections javascript nodejs promises streams cluster php ruby csharp dotnet "
                  "go typing compiled-vs-interpreted concurrency"),
    "databases": (55, "sql-vs-nosql normalization keys joins indexes query-plans transactions acid "
                  "isolation locking mvcc n-plus-one orm partitioning sharding replication cap "
                  "mongodb cassandra redis backups migrations"),
    "caching": (25, "cache-aside write-through write-back ttl invalidation eviction lru lfu "
                "stampede redis memcached cdn http-caching varnish consistency"),
    "apis": (45, "rest http-methods idempotency status-codes versioning pagination graphql soap "
             "grpc webhooks json-vs-xml openapi rate-limiting api-gateway"),
    "security": (50, "authentication authorization sessions tokens jwt oauth oidc password-hashing "
                 "owasp sqli xss csrf ssrf idor tls cors secrets encryption least-privilege rbac"),
    "dsa": (60, "arrays linked-lists stacks queues hash-tables trees bst heaps tries graphs "
            "bfs dfs shortest-paths sorting binary-search recursion dynamic-programming big-o "
            "amortized"),
    "devops": (35, "web-servers nginx apache iis load-balancing reverse-proxy docker kubernetes "
               "ci-cd git logging monitoring linux cloud"),
    "architecture": (35, "microservices monolith message-queues rabbitmq kafka sqs event-driven "
                     "scalability stateless sessions consistency idempotency search elasticsearch "
                     "three-tier system-design"),
}  # fmt: skip


@pytest.mark.parametrize("topic", sorted(REQUIRED))
def test_topic_size_mix_and_coverage(bank: Bank, topic: str) -> None:
    minimum, tags = REQUIRED[topic]
    found = bank.topic(topic)
    assert found is not None
    questions = [q for q in found.questions if not q.retired]
    assert len(questions) >= minimum
    mix = Counter(q.difficulty for q in questions)
    assert mix[Difficulty.EASY] >= 0.25 * len(questions)
    assert mix[Difficulty.HARD] >= 0.25 * len(questions)
    present = {tag for q in questions for tag in q.tags}
    missing = set(tags.split()) - present
    assert not missing, f"{topic} lacks questions tagged {sorted(missing)}"


def test_every_question_meets_the_quality_bar(bank: Bank) -> None:
    problems = []
    for q in bank:
        if q.retired:
            continue
        concepts = len(q.keywords or ())
        if not 3 <= concepts <= 7:
            problems.append(f"{q.id}: {concepts} keyword concepts")
        if not q.explanation or not q.tags or not q.references:
            problems.append(f"{q.id}: needs explanation, tags and references")
        if len(q.examples.good) < 2 or len(q.examples.bad) < 2:
            problems.append(f"{q.id}: needs 2 good and 2 bad examples")
        if q.difficulty is Difficulty.HARD and not q.hints:
            problems.append(f"{q.id}: hard question without hints")
        if not all(ref.startswith("https://") for ref in q.references):
            problems.append(f"{q.id}: references must be https links")
    assert not problems, "\n".join(problems)
