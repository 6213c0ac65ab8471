"""The loader: every error kind names file, line and question id; nothing raises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.bank import BankError, Difficulty, default_bank_path, load_bank, read_bank, schema_path

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
topic: demo
name: Demo
questions:
  - id: demo.one
    difficulty: easy
    prompt: What is one?
    answer: One is the first counting number.
    keywords:
      - [first, 1st]
      - {terms: [counting number, natural number], weight: 2, label: counting}
"""


def write(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    result = read_bank(path)
    assert result.bank is None
    return [str(p) for p in result.errors]


def test_good_file_loads_into_immutable_questions(tmp_path: Path) -> None:
    bank = load_bank(write(tmp_path, GOOD))
    question = bank.get("demo.one")
    assert question is not None
    assert question.difficulty is Difficulty.EASY
    assert question.keywords is not None
    assert question.keywords[1].weight == 2 and question.keywords[1].label == "counting"
    assert question.keywords[0].label == "first"
    with pytest.raises(AttributeError):
        question.prompt = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("replace", "by", "line", "message"),
    [
        (
            "    prompt: What is one?",
            "    prompt: What is one?\n    hint: nope",
            7,
            "unknown key 'hint'",
        ),
        ("    difficulty: easy\n", "", 4, "missing required key 'difficulty'"),
        ("difficulty: easy", "difficulty: trivial", 5, "difficulty 'trivial' must be one of"),
        ("prompt: What is one?", "prompt: [a, b]", 6, "'prompt' must be text"),
        ("weight: 2", "weight: two", 10, "'weight' must be a whole number"),
        ("      - [first, 1st]", "      - []", 9, "is an empty list"),
        ("      - [first, 1st]", "      - ''", 9, "must not be empty"),
        ("      - [first, 1st]", "      - {weight: 3}", 9, "needs 'terms'"),
    ],
)
def test_each_error_names_file_line_and_id(
    tmp_path: Path, replace: str, by: str, line: int, message: str
) -> None:
    path = write(tmp_path, GOOD.replace(replace, by))
    errors = errors_of(path)
    assert any(f"demo.yaml:{line}" in e and "[demo.one]" in e and message in e for e in errors), (
        errors
    )


def test_topic_must_match_file_name(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, GOOD, name="other.yaml"))
    assert any("other.yaml:1" in e and "must equal the file name stem 'other'" in e for e in errors)


def test_duplicate_ids_across_files_name_both(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("topic: demo", "topic: more"), name="more.yaml")
    errors = errors_of(tmp_path)
    assert any("more.yaml:4 [demo.one]" in e and "first defined at" in e for e in errors), errors


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("difficulty: easy", "difficulty: x").replace("weight: 2", "weight: -1")
    text += "  - id: demo.two\n    prompt: p\n"
    errors = errors_of(write(tmp_path, text))
    assert len(errors) >= 4
    assert any("[demo.two]" in e and "'answer'" in e for e in errors)


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00", b"topic: [unclosed\n", b"", b"just a string\n", b"- a\n- b\n"],
)
def test_broken_or_non_yaml_files_never_raise(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "demo.yaml"
    path.write_bytes(content)
    result = read_bank(path)
    assert result.bank is None and result.errors
    assert all("demo.yaml" in str(e) for e in result.errors)
    with pytest.raises(BankError):
        load_bank(path)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, GOOD.replace("answer: One", "answer: [One")))
    assert any("demo.yaml:" in e and "invalid YAML" in e for e in errors)


def test_yaml_implicit_types_stay_strings(tmp_path: Path) -> None:
    text = GOOD.replace("[first, 1st]", "[yes, on, null, 1.4, 2024-01-01]").replace(
        "answer: One is the first counting number.", "answer: no"
    )
    bank = load_bank(write(tmp_path, text))
    question = bank.get("demo.one")
    assert question is not None and question.keywords is not None
    assert question.keywords[0].terms == ("yes", "on", "null", "1.4", "2024-01-01")
    assert question.answer == "no"


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    assert "no such file" in errors_of(tmp_path / "nope")[0]
    assert "no .yaml question files" in errors_of(tmp_path)[0]


def test_questions_dir_overrides_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, GOOD)
    monkeypatch.setenv("QUESTIONS_DIR", str(tmp_path))
    assert default_bank_path() == tmp_path
    assert len(load_bank(default_bank_path())) == 1


def test_default_bank_found_from_installed_package(tmp_path: Path) -> None:
    """Run from elsewhere so the installed package, not the checkout, is imported."""
    code = (
        "from bot.bank import default_bank_path, load_bank; "
        "print(len(load_bank(default_bank_path())))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"QUESTIONS_DIR", "PYTHONPATH"}}
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == len(load_bank(ROOT / "questions"))


def test_every_shipped_file_satisfies_the_json_schema() -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    files = sorted((ROOT / "questions").glob("*.yaml"))
    assert len(files) >= 8
    for file in files:
        jsonschema.validate(yaml.safe_load(file.read_text(encoding="utf-8")), schema)


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    bad = yaml.safe_load(GOOD.replace("prompt:", "promt:"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_a_term_without_letters_or_digits_is_an_error(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, GOOD.replace("[first, 1st]", "[first, '../']")))
    assert any("demo.yaml:9 [demo.one]" in e and "no letters or digits" in e for e in errors)
