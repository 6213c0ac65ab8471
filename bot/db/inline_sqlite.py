"""aiosqlite without its thread: SQLite calls run in the event loop, waits for locks are async.

aiosqlite sends every call (cursor, execute, fetch, close, commit) to a worker
thread and back, four round trips per statement; on a busy 2-core machine
each costs a thread switch and a wake-up of the event loop, so an answer's
ten statements spent ~6 ms hopping between threads for well under 1 ms of
SQLite work. On a local WAL file with `synchronous=NORMAL` a statement takes
microseconds and a commit does not fsync, so this connection runs them in
the event loop instead: every aiosqlite "future" is already done when it is
awaited.

The one thing that may take long is waiting for another process's write lock.
SQLite's own busy handler would sleep inside the event loop, so it is off
(`busy_timeout=0`) and a busy answer is retried here with `asyncio.sleep`
until `busy_timeout` seconds have passed, leaving the loop free meanwhile.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator
from functools import partial
from typing import Any

import aiosqlite

ITER_CHUNK_SIZE = 64
_FIRST_RETRY = 0.001
_LONGEST_RETRY = 0.05


class _RunNow:
    """Stands in for aiosqlite's queue to its thread: runs each call at once."""

    @staticmethod
    def put_nowait(item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:
            if future is not None and not future.done():
                future.set_exception(error)
            elif future is None:
                raise
        else:
            if future is not None and not future.done():
                future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An `aiosqlite.Connection` that never starts its thread (see the module docstring)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], busy_timeout: float) -> None:
        super().__init__(connector, ITER_CHUNK_SIZE)
        self._tx = _RunNow()  # type: ignore[assignment]
        self.busy_timeout = busy_timeout

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        connected = yield from self._connect().__await__()
        assert isinstance(connected, InlineConnection)
        return connected

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        delay = _FIRST_RETRY
        deadline: float | None = None
        while True:
            try:
                return await super()._execute(fn, *args, **kwargs)  # type: ignore[no-untyped-call]
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                now = asyncio.get_running_loop().time()
                deadline = now + self.busy_timeout if deadline is None else deadline
                if now >= deadline:
                    raise
                await asyncio.sleep(min(delay, deadline - now))
                delay = min(delay * 2, _LONGEST_RETRY)


async def connect(database: str, *, busy_timeout: float, **kwargs: Any) -> InlineConnection:
    """Open `database` (arguments as for `sqlite3.connect`) with SQLite's busy handler off."""
    kwargs["timeout"] = 0
    kwargs.setdefault("check_same_thread", False)
    connection = InlineConnection(partial(sqlite3.connect, database, **kwargs), busy_timeout)
    return await connection


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return bool(code & 0xFF == sqlite3.SQLITE_BUSY)
    return "database is locked" in str(error)
