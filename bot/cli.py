"""The `coach` command: run, practice, review, stats, validate, score."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from alembic.util import CommandError
from pydantic import ValidationError
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import services
from bot.bank import Bank, BankError, Difficulty, default_bank_path, load_bank
from bot.db import Database, open_database
from bot.feedback import render_score
from bot.practice import (
    LOCAL_GUILD,
    LOCAL_MEMBER,
    Practice,
    PracticeHistory,
    pick_questions,
    standing_lines,
    when,
)
from bot.scoring import Scorer
from bot.services.clock import local_zone
from bot.settings import Settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    sys.stderr.write(message.rstrip() + "\n")
    return code


def _load(path: str | None) -> Bank | int:
    """Load a bank or print its problems; an int is the exit status to return."""
    bank_path = Path(path) if path else default_bank_path()
    try:
        return load_bank(bank_path)
    except BankError as exc:
        return _fail(str(exc))


# -- coach run ---------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    """Run the Discord bot until stopped (imported here: only `run` needs discord.py)."""
    from bot.run import main as run_bot

    return run_bot()


# -- coach validate ------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from bot.validate import validate

    report = validate(Path(args.path) if args.path else default_bank_path())
    for warning in report.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    for error in report.errors:
        sys.stdout.write(f"error: {error}\n")
    if not report.ok:
        count = len(report.errors)
        sys.stdout.write(f"{count} error{'s' if count != 1 else ''}\n")
        return EXIT_FAILED
    sys.stdout.write(report.summary() + "\n")
    return EXIT_OK


# -- coach score ---------------------------------------------------------------


def cmd_score(args: argparse.Namespace) -> int:
    bank = _load(args.bank)
    if isinstance(bank, int):
        return bank
    scorer = Scorer(bank)
    if args.id is not None:
        qid, *words = args.id
        return _score_one(bank, scorer, qid, " ".join(words) if words else None)
    if args.answers is None:
        return _fail("coach score: give --answers FILE (or -) or --id ID TEXT", EXIT_USAGE)
    if args.answers == "-":
        return _score_lines(bank, scorer, sys.stdin, sys.stdout)
    try:
        with open(args.answers, encoding="utf-8", errors="replace") as handle:
            return _score_lines(bank, scorer, handle, sys.stdout)
    except OSError as exc:
        return _fail(f"coach score: cannot read {args.answers}: {exc.strerror or exc}")


def _score_one(bank: Bank, scorer: Scorer, qid: str, text: str | None) -> int:
    question = bank.get(qid)
    if question is None:
        return _fail(f"unknown question id: {qid}")
    answer = sys.stdin.read() if text in (None, "-") else text
    score = scorer.score(question, answer or "")
    sys.stdout.write(f"{qid}\n" + "\n".join(render_score(score)) + "\n")
    return EXIT_OK


def _score_lines(bank: Bank, scorer: Scorer, lines: Iterable[str], out: TextIO) -> int:
    status = EXIT_OK
    for raw in lines:
        if not raw.strip():
            continue
        record = _score_record(bank, scorer, raw)
        if "error" in record:
            status = EXIT_FAILED
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return status


def _score_record(bank: Bank, scorer: Scorer, raw: str) -> dict[str, object]:
    try:
        data = json.loads(raw)
    except ValueError:
        return {"id": None, "error": "malformed JSON line"}
    if not isinstance(data, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    qid = data.get("id")
    if not isinstance(qid, str):
        return {
            "id": qid if isinstance(qid, int | float) else None,
            "error": "missing or invalid id",
        }
    answer = data.get("answer")
    if not isinstance(answer, str):
        return {"id": qid, "error": "missing or invalid answer (a string)"}
    question = bank.get(qid)
    if question is None:
        return {"id": qid, "error": "unknown question id"}
    return {"id": qid, **scorer.score(question, answer).as_dict()}


# -- coach practice, review, stats: the local history ------------------------------


def _open_history(runner: asyncio.Runner, settings: Settings) -> Database | str:
    """The migrated database of DATABASE_URL, or why it cannot be opened."""
    try:
        return runner.run(open_database(settings.database_url))
    except (OSError, SQLAlchemyError, CommandError) as exc:
        reason = str(exc).strip().splitlines()
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        return f"cannot open the database {where}: {reason[0] if reason else exc!r}"


def cmd_practice(args: argparse.Namespace) -> int:
    bank = _load(args.bank)
    if isinstance(bank, int):
        return bank
    if args.topic and bank.topic(args.topic) is None:
        topics = ", ".join(t.slug for t in bank.topics)
        return _fail(f"unknown topic '{args.topic}'; choose one of: {topics}", EXIT_USAGE)
    difficulty = Difficulty(args.difficulty) if args.difficulty else None
    pool = bank.active(topic=args.topic, difficulty=difficulty)
    if not pool:
        return _fail("no questions match that topic and difficulty", EXIT_USAGE)
    scorer = Scorer(bank)
    if args.no_history:
        questions = pick_questions(bank, topic=args.topic, difficulty=difficulty, count=args.count)
        Practice(scorer, sys.stdin, sys.stdout).run(questions)
        return EXIT_OK
    with asyncio.Runner() as runner:
        database = _open_history(runner, args.settings)
        if isinstance(database, str):
            sys.stderr.write(f"warning: {database}; this run is not saved.\n")
            questions = pick_questions(
                bank, topic=args.topic, difficulty=difficulty, count=args.count
            )
            Practice(scorer, sys.stdin, sys.stdout).run(questions)
            return EXIT_OK
        try:
            history = PracticeHistory(runner, database.sessions, bank, scorer, local_zone())
            total = min(args.count, len(pool))
            questions_iter = history.questions(topic=args.topic, difficulty=difficulty, count=total)
            Practice(scorer, sys.stdin, sys.stdout, history).run(questions_iter, total=total)
        finally:
            runner.run(database.close())
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    bank = _load(args.bank)
    if isinstance(bank, int):
        return bank
    scorer = Scorer(bank)
    with asyncio.Runner() as runner:
        database = _open_history(runner, args.settings)
        if isinstance(database, str):
            return _fail(database)
        try:
            history = PracticeHistory(runner, database.sessions, bank, scorer, local_zone())
            due = history.due(limit=args.count)
            if not due:
                upcoming = history.stats().next_review_at
                sys.stdout.write(
                    f"Nothing is due for review; the next one falls due {when(upcoming)}.\n"
                    if upcoming is not None
                    else "Nothing is due for review. Questions you answer in `coach practice`"
                    " come back here when they are due.\n"
                )
                return EXIT_OK
            sys.stdout.write(f"{len(due)} question{'s' if len(due) != 1 else ''} to review.\n")
            Practice(scorer, sys.stdin, sys.stdout, history).run(
                history.reviews(due), total=len(due)
            )
        finally:
            runner.run(database.close())
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    zone = local_zone()
    with asyncio.Runner() as runner:
        database = _open_history(runner, args.settings)
        if isinstance(database, str):
            return _fail(database)
        try:
            stats = runner.run(
                services.member_stats(
                    database.sessions, guild_id=LOCAL_GUILD, member_id=LOCAL_MEMBER, zone=zone
                )
            )
        finally:
            runner.run(database.close())
    sys.stdout.write("\n".join(render_stats(stats)) + "\n")
    return EXIT_OK


def render_stats(stats: services.MemberStats) -> list[str]:
    """`coach stats` as lines of plain text."""
    if not stats.attempts:
        return ["No practice recorded yet. Start with: coach practice"]
    lines = [
        f"Attempts: {stats.attempts} · correct: {stats.correct} · "
        f"average score: {stats.average_score:.0f}/100",
        *standing_lines(stats),
        "",
        "By topic:",
    ]
    width = max(len(t.topic) for t in stats.topics)
    for topic in stats.topics:
        plural = "s" if topic.attempts != 1 else " "
        lines.append(
            f"  {topic.topic:<{width}}  {topic.attempts:>3} attempt{plural}"
            f"  average {topic.average_score:>3.0f}  points {topic.points}"
        )
    if stats.weakest_topics:
        lines.append("Weakest topics: " + ", ".join(stats.weakest_topics))
    if stats.most_missed:
        lines.append(
            "Most missed: " + ", ".join(f"{m.label} ({m.count})" for m in stats.most_missed)
        )
    return lines


# -- parser ----------------------------------------------------------------------


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach", description="Interview Coach: practise backend interview questions."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    run.set_defaults(func=cmd_run)

    practice = sub.add_parser("practice", help="practise in the terminal, offline")
    practice.add_argument("--topic", help="only this topic (e.g. databases)")
    practice.add_argument("--difficulty", choices=[d.value for d in Difficulty])
    practice.add_argument("--count", type=_positive, default=5, help="questions (default 5)")
    practice.add_argument("--bank", help="question file or folder (default: the built-in bank)")
    practice.add_argument(
        "--no-history", action="store_true", help="do not record this run in the database"
    )
    practice.set_defaults(func=cmd_practice, needs_settings=True)

    review = sub.add_parser("review", help="practise the questions due for review")
    review.add_argument("--count", type=_positive, default=10, help="at most (default 10)")
    review.add_argument("--bank", help="question file or folder (default: the built-in bank)")
    review.set_defaults(func=cmd_review, needs_settings=True)

    stats = sub.add_parser("stats", help="your practice history: points, streak, weak spots")
    stats.set_defaults(func=cmd_stats, needs_settings=True)

    validate = sub.add_parser("validate", help="check a question bank: schema and calibration")
    validate.add_argument("path", nargs="?", help="file or folder (default: the built-in bank)")
    validate.set_defaults(func=cmd_validate)

    score = sub.add_parser("score", help="score answers from JSON lines or one answer")
    score.add_argument("bank", help="question file or folder")
    score.add_argument("--answers", metavar="FILE", help='JSON lines {"id", "answer"}; - for stdin')
    score.add_argument(
        "--id",
        nargs="+",
        metavar="ID [TEXT]",
        help="score one answer to question ID (TEXT, or stdin when omitted or -)",
    )
    score.set_defaults(func=cmd_score)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    if getattr(args, "needs_settings", False):
        try:
            args.settings = Settings()
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]).upper()
            return _fail(f"invalid setting {where}: {first['msg']}", EXIT_USAGE)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
