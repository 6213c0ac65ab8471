"""A record of every REST request and gateway frame.

Tests read it to assert on traffic ("the bot made exactly one call"), and
benchmarks read the timestamps.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RequestRecord:
    """One HTTP request and the emulator's answer."""

    method: str
    path: str
    route: str  # "METHOD /template", e.g. "POST /channels/{channel_id}/messages"
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    at: float
    status: int = 0
    response: Any = None
    files: list[str] = field(default_factory=list)

    @property
    def error_code(self) -> int | None:
        """Return Discord's JSON error code if the answer was an error."""
        if isinstance(self.response, dict) and self.status >= 400:
            code = self.response.get("code")
            return int(code) if code is not None else None
        return None


@dataclass
class FrameRecord:
    """One gateway frame, in either direction."""

    direction: str  # "send" (emulator to bot) or "recv" (bot to emulator)
    connection: int
    shard: int | None
    op: int | None
    event: str | None
    seq: int | None
    data: Any
    at: float


class Recorder:
    """Append-only logs of requests and frames."""

    def __init__(self) -> None:
        self.requests: list[RequestRecord] = []
        self.frames: list[FrameRecord] = []

    def requests_to(self, route: str) -> list[RequestRecord]:
        """Return requests whose route key matches ``route`` (wildcards allowed)."""
        return [r for r in self.requests if fnmatch.fnmatchcase(r.route, route)]

    def events_sent(
        self, event: str | None = None, *, shard: int | None = None
    ) -> list[FrameRecord]:
        """Return DISPATCH frames sent to the bot, optionally filtered."""
        return [
            f
            for f in self.frames
            if f.direction == "send"
            and f.op == 0
            and (event is None or f.event == event)
            and (shard is None or f.shard == shard)
        ]

    def ops_received(self, op: int) -> list[FrameRecord]:
        """Return frames with opcode ``op`` that the bot sent."""
        return [f for f in self.frames if f.direction == "recv" and f.op == op]

    def clear(self) -> None:
        """Forget everything recorded so far."""
        self.requests.clear()
        self.frames.clear()
