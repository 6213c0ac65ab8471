"""Faults injected on demand: rate limits, server errors, slow responses.

Rules match requests by route key, e.g. ``"POST /channels/{channel_id}/messages"``
(shell-style wildcards allowed, ``"*"`` matches everything) and fire a
given number of times, so a test states exactly which request misbehaves.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass


@dataclass
class Fault:
    """One armed fault."""

    kind: str  # "rate_limit", "status" or "slow"
    route: str
    times: int
    retry_after: float = 0.0
    is_global: bool = False
    via: bool = True
    scope: str = "user"
    status: int = 500
    delay: float = 0.0
    fired: int = 0

    def matches(self, route_key: str) -> bool:
        """Return whether the rule applies to ``route_key`` ("METHOD /template")."""
        return fnmatch.fnmatchcase(route_key, self.route)


class Faults:
    """The set of armed faults; the REST layer consults it per request."""

    def __init__(self) -> None:
        self.rules: list[Fault] = []

    def rate_limit(
        self,
        route: str = "*",
        *,
        retry_after: float = 0.05,
        is_global: bool = False,
        via: bool = True,
        scope: str | None = None,
        times: int = 1,
    ) -> Fault:
        """Answer the next ``times`` matching requests with 429.

        ``via=False`` drops the ``Via`` header: discord.py then takes the 429
        for a Cloudflare ban and raises instead of retrying.
        """
        fault = Fault(
            "rate_limit",
            route,
            times,
            retry_after=retry_after,
            is_global=is_global,
            via=via,
            scope=scope or ("global" if is_global else "user"),
        )
        self.rules.append(fault)
        return fault

    def server_error(self, route: str = "*", *, status: int = 500, times: int = 1) -> Fault:
        """Answer the next ``times`` matching requests with a 5xx status."""
        fault = Fault("status", route, times, status=status)
        self.rules.append(fault)
        return fault

    def slow(self, route: str = "*", *, delay: float, times: int = 1) -> Fault:
        """Delay the next ``times`` matching responses by ``delay`` seconds."""
        fault = Fault("slow", route, times, delay=delay)
        self.rules.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm every fault."""
        self.rules.clear()

    def take(self, route_key: str) -> list[Fault]:
        """Consume and return the faults that fire for this request."""
        fired: list[Fault] = []
        for fault in self.rules:
            if fault.times != 0 and fault.matches(route_key):
                fault.times -= 1
                fault.fired += 1
                fired.append(fault)
        self.rules = [f for f in self.rules if f.times != 0]
        return fired
