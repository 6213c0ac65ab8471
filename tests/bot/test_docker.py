"""What can be checked of the Docker files without a Docker engine."""

from __future__ import annotations

import json
import shlex
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def test_every_copied_path_exists() -> None:
    copies = [args for keyword, args in instructions() if keyword == "COPY"]
    assert copies
    for args in copies:
        parts = shlex.split(args)
        if any(part.startswith("--from") for part in parts):
            continue
        sources = [part for part in parts[:-1] if not part.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), f"Dockerfile copies {source}, which does not exist"
        ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
        assert not set(sources) & {p.rstrip("/") for p in ignored}


def test_command_is_a_console_script_and_runs_as_non_root() -> None:
    steps = instructions()
    command = json.loads(next(args for keyword, args in steps if keyword == "CMD"))
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert command[0] in scripts and command[1:] == ["run"]
    assert scripts[command[0]] == "bot.cli:main"
    assert sum(1 for keyword, _ in steps if keyword == "FROM") >= 2  # multi-stage
    assert all("slim" in args for keyword, args in steps if keyword == "FROM")
    user = [args for keyword, args in steps if keyword == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert any(keyword == "VOLUME" and "/data" in args for keyword, args in steps)
    env = " ".join(args for keyword, args in steps if keyword == "ENV")
    assert "DATABASE_URL=sqlite+aiosqlite:////data/" in env


def test_compose_has_the_bot_and_an_optional_postgres() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["bot"]["build"] == "."
    assert services["postgres"]["profiles"] == ["postgres"]
    assert "coach-data:/data" in services["bot"]["volumes"]
