"""Load and strictly validate question-bank YAML files.

The YAML is *composed* (not constructed) so that every value keeps its line
number and YAML's implicit typing never applies: `yes`, `null`, `1.4` and
`2024-01-01` stay the strings their authors wrote.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.bank.errors import BankError, Problem
from bot.bank.models import Bank, Difficulty, Examples, Keyword, Pitfall, Question, Topic

log = logging.getLogger(__name__)

TOP_KEYS = {"topic", "name", "description", "questions"}
TOP_REQUIRED = ("topic", "name", "questions")
QUESTION_KEYS = {
    "id", "difficulty", "prompt", "answer", "keywords", "pitfalls", "hints",
    "explanation", "tags", "references", "examples", "retired",
}  # fmt: skip
QUESTION_REQUIRED = ("id", "difficulty", "prompt", "answer")
KEYWORD_KEYS = {"terms", "weight", "label"}
PITFALL_KEYS = {"terms", "feedback", "label"}
EXAMPLE_KEYS = {"good", "bad"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
INT_RE = re.compile(r"^[0-9]+$")
TRUE_WORDS = {"true", "yes", "on"}
FALSE_WORDS = {"false", "no", "off"}
BANK_SUFFIXES = (".yaml", ".yml")
# libyaml's composer when PyYAML was built with it: ten times faster, same nodes and marks.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LoadResult:
    bank: Bank | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _FileReader:
    """Turns one composed YAML document into a Topic, collecting problems."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.qid: str | None = None

    def error(self, node: Node | int, message: str) -> None:
        line = node if isinstance(node, int) else _line(node)
        self.errors.append(Problem(self.display, line, self.qid, message))

    def warn(self, node: Node | int, message: str) -> None:
        line = node if isinstance(node, int) else _line(node)
        self.warnings.append(Problem(self.display, line, self.qid, message))

    # -- primitive readers -------------------------------------------------

    def mapping(self, node: Node, allowed: set[str], what: str) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"{what} has a key that is not plain text")
                continue
            key = str(key_node.value)
            if key in out:
                self.error(key_node, f"duplicate key '{key}' in {what}")
                continue
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                known = ", ".join(sorted(allowed))
                self.error(key_node, f"unknown key '{key}' in {what}{hint}; allowed: {known}")
                continue
            out[key] = value_node
        return out

    def text(self, node: Node, what: str, *, required: bool = True) -> str | None:
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be text, not a {_kind(node)}")
            return None
        value = str(node.value).strip()
        if not value and required:
            self.error(node, f"{what} must not be empty")
            return None
        return value

    def texts(self, node: Node, what: str) -> tuple[str, ...] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list of text, not a {_kind(node)}")
            return None
        out: list[str] = []
        for item in node.value:
            value = self.text(item, f"an item of {what}")
            if value is not None:
                out.append(value)
        return tuple(out)

    def integer(self, node: Node, what: str) -> int | None:
        if not (isinstance(node, ScalarNode) and not node.style and INT_RE.match(node.value)):
            self.error(node, f"{what} must be a whole number, e.g. 2")
            return None
        return int(node.value)

    def boolean(self, node: Node, what: str) -> bool | None:
        value = str(node.value).lower() if isinstance(node, ScalarNode) else ""
        if isinstance(node, ScalarNode) and not node.style:
            if value in TRUE_WORDS:
                return True
            if value in FALSE_WORDS:
                return False
        self.error(node, f"{what} must be true or false")
        return None

    # -- bank structure ------------------------------------------------------

    def topic(self, root: Node) -> Topic | None:
        top = self.mapping(root, TOP_KEYS, "the bank file")
        if top is None:
            return None
        for key in TOP_REQUIRED:
            if key not in top:
                self.error(root, f"missing required key '{key}'")
        slug = self.text(top["topic"], "'topic'") if "topic" in top else None
        if slug is not None and slug != self.path.stem:
            self.error(
                top["topic"],
                f"topic '{slug}' must equal the file name stem '{self.path.stem}'",
            )
        if slug is not None and not SLUG_RE.match(slug):
            self.error(top["topic"], f"topic '{slug}' must be a lowercase slug like 'databases'")
        name = self.text(top["name"], "'name'") if "name" in top else None
        description = ""
        if "description" in top:
            description = self.text(top["description"], "'description'", required=False) or ""
        questions: list[Question] = []
        if "questions" in top:
            qnode = top["questions"]
            if not isinstance(qnode, SequenceNode):
                self.error(qnode, f"'questions' must be a list, not a {_kind(qnode)}")
            else:
                if not qnode.value:
                    self.warn(qnode, "the file has no questions")
                for item in qnode.value:
                    question = self.question(item, slug or self.path.stem)
                    if question is not None:
                        questions.append(question)
                    self.qid = None
        if self.errors or name is None or slug is None:
            return None
        return Topic(slug, name, description, tuple(questions), source=self.display)

    def question(self, node: Node, topic: str) -> Question | None:
        self.qid = None
        if isinstance(node, MappingNode):
            # Find the id first so every later problem names its question.
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == "id" and isinstance(value_node, ScalarNode):
                    self.qid = str(value_node.value).strip() or None
        before = len(self.errors)
        fields = self.mapping(node, QUESTION_KEYS, "a question")
        if fields is None:
            return None
        for key in QUESTION_REQUIRED:
            if key not in fields:
                self.error(node, f"missing required key '{key}'")
        qid = self.text(fields["id"], "'id'") if "id" in fields else None
        if qid is not None and not ID_RE.match(qid):
            self.error(fields["id"], f"id '{qid}' must be lowercase letters, digits, '.', '-', '_'")
        if qid is not None and not qid.startswith(topic + "."):
            self.warn(fields["id"], f"id '{qid}' does not start with '{topic}.'")
        difficulty: Difficulty | None = None
        if "difficulty" in fields:
            raw = self.text(fields["difficulty"], "'difficulty'")
            if raw is not None:
                try:
                    difficulty = Difficulty(raw)
                except ValueError:
                    self.error(
                        fields["difficulty"],
                        f"difficulty '{raw}' must be one of easy, medium, hard",
                    )
        prompt = self.text(fields["prompt"], "'prompt'") if "prompt" in fields else None
        answer = self.text(fields["answer"], "'answer'") if "answer" in fields else None
        keywords = self.keywords(fields["keywords"]) if "keywords" in fields else None
        pitfalls = self.pitfalls(fields["pitfalls"]) if "pitfalls" in fields else ()
        hints = self.optional(fields, "hints", self.texts) or ()
        tags = self.optional(fields, "tags", self.texts) or ()
        references = self.optional(fields, "references", self.texts) or ()
        explanation = ""
        if "explanation" in fields:
            explanation = self.text(fields["explanation"], "'explanation'", required=False) or ""
        examples = self.examples(fields["examples"]) if "examples" in fields else Examples()
        retired = False
        if "retired" in fields:
            retired = bool(self.boolean(fields["retired"], "'retired'"))
        if len(self.errors) > before or None in (qid, difficulty, prompt, answer):
            return None
        assert qid is not None and difficulty is not None  # for the type checker
        assert prompt is not None and answer is not None
        return Question(
            id=qid,
            topic=topic,
            difficulty=difficulty,
            prompt=prompt,
            answer=answer,
            keywords=keywords,
            pitfalls=pitfalls or (),
            hints=hints,
            explanation=explanation,
            tags=tags,
            references=references,
            examples=examples or Examples(),
            retired=retired,
            source=self.display,
            line=_line(node),
        )

    def optional(
        self,
        fields: dict[str, Node],
        key: str,
        reader: Callable[[Node, str], tuple[str, ...] | None],
    ) -> tuple[str, ...] | None:
        return reader(fields[key], f"'{key}'") if key in fields else None

    def keywords(self, node: Node) -> tuple[Keyword, ...] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, f"'keywords' must be a list, not a {_kind(node)}")
            return None
        if not node.value:
            self.error(node, "'keywords' is empty: list concepts, or omit the key to derive them")
            return None
        out: list[Keyword] = []
        for item in node.value:
            keyword = self.keyword(item)
            if keyword is not None:
                out.append(keyword)
        return tuple(out)

    def keyword(self, node: Node) -> Keyword | None:
        what = "a keyword entry"
        if isinstance(node, ScalarNode):
            term = self.text(node, what)
            return Keyword((term,), label=term) if term else None
        if isinstance(node, SequenceNode):
            terms = self.terms(node, what)
            return Keyword(terms, label=terms[0]) if terms else None
        fields = self.mapping(node, KEYWORD_KEYS, what)
        if fields is None:
            return None
        if "terms" not in fields:
            self.error(node, "a keyword mapping needs 'terms'")
            return None
        terms = self.terms(fields["terms"], "'terms' of a keyword")
        weight = self.integer(fields["weight"], "'weight'") if "weight" in fields else 1
        if weight is not None and weight < 1:
            self.error(fields["weight"], "'weight' must be at least 1")
            weight = None
        label = self.text(fields["label"], "'label'") if "label" in fields else None
        if not terms or weight is None or ("label" in fields and label is None):
            return None
        return Keyword(terms, label=label or terms[0], weight=weight)

    def terms(self, node: Node, what: str) -> tuple[str, ...] | None:
        if isinstance(node, ScalarNode):
            term = self.text(node, what)
            if term and not any(c.isalnum() for c in term):
                self.error(node, f"{what} {term!r} has no letters or digits: it can never match")
                return None
            return (term,) if term else None
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a term or a list of terms")
            return None
        if not node.value:
            self.error(node, f"{what} is an empty list: give at least one term")
            return None
        terms = self.texts(node, what)
        if terms is None or len(terms) != len(node.value):
            return None
        wordless = [t for t in terms if not any(c.isalnum() for c in t)]
        if wordless:
            self.error(
                node,
                f"{what} has a term with no letters or digits ({wordless[0]!r}), "
                "which can never be matched",
            )
            return None
        return terms

    def pitfalls(self, node: Node) -> tuple[Pitfall, ...] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, f"'pitfalls' must be a list, not a {_kind(node)}")
            return None
        out: list[Pitfall] = []
        for item in node.value:
            fields = self.mapping(item, PITFALL_KEYS, "a pitfall")
            if fields is None:
                continue
            missing = [k for k in ("terms", "feedback") if k not in fields]
            if missing:
                self.error(item, f"a pitfall needs {' and '.join(repr(k) for k in missing)}")
                continue
            terms = self.terms(fields["terms"], "'terms' of a pitfall")
            feedback = self.text(fields["feedback"], "'feedback' of a pitfall")
            label = self.text(fields["label"], "'label'") if "label" in fields else None
            if terms and feedback and ("label" not in fields or label):
                out.append(Pitfall(terms, feedback, label or terms[0]))
        return tuple(out)

    def examples(self, node: Node) -> Examples | None:
        fields = self.mapping(node, EXAMPLE_KEYS, "'examples'")
        if fields is None:
            return None
        good = self.texts(fields["good"], "'examples.good'") if "good" in fields else ()
        bad = self.texts(fields["bad"], "'examples.bad'") if "bad" in fields else ()
        return Examples(good or (), bad or ())


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return "value"


def bank_files(path: Path) -> list[Path]:
    """The YAML files a bank path names: the file itself or a directory's *.yaml."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())
    return [path]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_file(path: Path) -> tuple[Topic | None, list[Problem], list[Problem]]:
    """Read one bank file: (topic or None, errors, warnings). Never raises for bad input."""
    display = _display(path)
    reader = _FileReader(path, display)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 0, None, f"cannot read file: {exc.strerror or exc}")], []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(display, 0, None, "not a UTF-8 text file (is it YAML?)")], []
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        detail = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(display, line, None, f"invalid YAML: {detail}")], []
    except yaml.YAMLError as exc:
        return None, [Problem(display, 0, None, f"invalid YAML: {exc}")], []
    if root is None:
        return None, [Problem(display, 1, None, "the file is empty")], []
    topic = reader.topic(root)
    return topic, reader.errors, reader.warnings


def read_bank(path: Path | str) -> LoadResult:
    """Load a bank file or directory, collecting every error and warning at once."""
    path = Path(path)
    if not path.exists():
        return LoadResult(None, [Problem(str(path), 0, None, "no such file or directory")])
    files = bank_files(path)
    if not files:
        return LoadResult(None, [Problem(str(path), 0, None, "no .yaml question files here")])
    errors: list[Problem] = []
    warnings: list[Problem] = []
    topics: list[Topic] = []
    seen_ids: dict[str, Question] = {}
    seen_topics: dict[str, Topic] = {}
    for file in files:
        topic, file_errors, file_warnings = read_file(file)
        errors.extend(file_errors)
        warnings.extend(file_warnings)
        if topic is None:
            continue
        if topic.slug in seen_topics:
            errors.append(Problem(topic.source, 1, None, f"topic '{topic.slug}' defined twice"))
        seen_topics[topic.slug] = topic
        for question in topic.questions:
            first = seen_ids.get(question.id)
            if first is not None:
                errors.append(
                    Problem(
                        question.source,
                        question.line,
                        question.id,
                        f"duplicate id (first defined at {first.source}:{first.line})",
                    )
                )
            else:
                seen_ids[question.id] = question
        topics.append(topic)
    if errors:
        return LoadResult(None, errors, warnings)
    return LoadResult(Bank(tuple(topics)), [], warnings)


def load_bank(path: Path | str) -> Bank:
    """Load a bank or raise BankError listing every problem; warnings are logged."""
    result = read_bank(path)
    for warning in result.warnings:
        log.warning("%s", warning)
    if result.bank is None:
        raise BankError(result.errors)
    return result.bank
