"""Property tests: the scorer and the loader never crash, whatever the input."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bank import read_bank
from bot.scoring import Scorer


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answer=st.text(max_size=600))
def test_scorer_never_crashes_and_stays_in_range(scorer: Scorer, answer: str) -> None:
    for qid in ("databases.acid", "dsa.binary-search", "apis.put-vs-patch"):
        result = scorer.score(qid, answer)
        assert 0 <= result.score <= 100
        assert set(result.matched).isdisjoint(result.missed)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_loader_never_raises_on_any_file(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / "demo.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = read_bank(path)
    assert (result.bank is None) == bool(result.errors)
