"""WAL checkpoints off the hot path for a file-backed SQLite database.

SQLite's automatic checkpoint runs inside whichever commit crosses the
threshold (1,000 pages) and fsyncs the database file there: on this project's
machines that put 5-15 ms into one answer in every fifty or so, the whole p99
of recording an answer. The bot's connections therefore turn the automatic
checkpoint off, and this task runs a PASSIVE checkpoint every few seconds on a
connection of its own in a worker thread: PASSIVE never blocks readers or
writers, and the event loop never waits for the fsync.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3

log = logging.getLogger(__name__)

CHECKPOINT_INTERVAL_S = 2.0


class WalCheckpointer:
    """Runs `PRAGMA wal_checkpoint(PASSIVE)` periodically until stopped."""

    def __init__(self, path: str, interval: float = CHECKPOINT_INTERVAL_S) -> None:
        self.path = path
        self.interval = interval
        self._task: asyncio.Task[None] | None = None
        self._connection: sqlite3.Connection | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name="sqlite-wal-checkpoints"
            )

    async def stop(self) -> None:
        """Stop the task, then checkpoint once more so the WAL is folded in on shutdown."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await asyncio.to_thread(self._final)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await asyncio.to_thread(self.checkpoint)
            except sqlite3.Error as error:  # logged and retried next round: never fatal
                log.warning("WAL checkpoint of %s failed: %s", self.path, error)

    def checkpoint(self) -> tuple[int, int, int]:
        """One PASSIVE checkpoint: (busy, WAL frames, frames checkpointed)."""
        if self._connection is None:
            self._connection = sqlite3.connect(self.path, check_same_thread=False)
            self._connection.execute("PRAGMA busy_timeout=1000")
        row = self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def _final(self) -> None:
        try:
            self.checkpoint()
        except sqlite3.Error as error:
            log.warning("final WAL checkpoint of %s failed: %s", self.path, error)
        finally:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
