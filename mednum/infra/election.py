"""Leader elections of one process, on one connection to the primary.

Several processes (on several hosts) share one PostgreSQL: each projection and the scheduler
must run in one of them only. Both are decided by session advisory locks, held as long as the
connection that took them lives, so a process killed with `kill -9` gives its roles away as
soon as PostgreSQL notices the connection is gone.

This connection:
- holds the scheduler's lock while this process leads the scheduled jobs (its scheduler is
  paused otherwise), and tries to take it every `retry` seconds;
- answers standby projectors whether a projection's lock is free (taken and released at once:
  the projector then takes it on its own connection), so that a standby process keeps one
  connection for all its attempts instead of opening one per projection every few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg

logger = logging.getLogger(__name__)

SCHEDULER_LOCK = "mednum-scheduler"
# The primary out of reach: the election is lost for now and tried again later.
_INJOIGNABLE = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


def projection_lock(name: str) -> str:
    """The advisory lock's text key of a projection (see `projector.try_lead`)."""
    return "mednum:" + name


class Election:
    def __init__(
        self,
        dsn: str,
        *,
        retry: float = 5.0,
        on_lead: Callable[[], None] | None = None,
        on_lose: Callable[[], None] | None = None,
    ) -> None:
        self.dsn = dsn
        self.retry = retry
        self.on_lead = on_lead
        self.on_lose = on_lose
        self.leads_scheduler = False
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()  # one query at a time on the shared connection
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._campaign(), name="election:scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task])
            self._task = None
        self.leads_scheduler = False  # no callback: the scheduler is already shut down
        await self._close()

    async def is_free(self, key: str) -> bool:
        """Whether nobody holds the lock `key` right now (False when the primary is out of
        reach: a standby then simply tries again later)."""
        try:
            async with self._lock:
                conn = await self._connection()
                return bool(
                    await conn.fetchval(
                        "SELECT CASE WHEN pg_try_advisory_lock(hashtext($1)) "
                        "THEN pg_advisory_unlock(hashtext($1)) ELSE false END",
                        key,
                    )
                )
        except _INJOIGNABLE:
            await self._close()
            return False

    async def _campaign(self) -> None:
        while True:
            try:
                async with self._lock:
                    conn = await self._connection()
                    if self.leads_scheduler:
                        # Still alive, so still holding it (bounded: a network that drops
                        # packets silently must not freeze the campaign).
                        await conn.fetchval("SELECT 1", timeout=10)
                    elif await conn.fetchval(
                        "SELECT pg_try_advisory_lock(hashtext($1))", SCHEDULER_LOCK
                    ):
                        self.leads_scheduler = True
                        logger.info("this process now leads the scheduled jobs")
                        if self.on_lead is not None:
                            self.on_lead()
            except _INJOIGNABLE:
                logger.warning("leader election: connection to the primary lost; retrying")
                self._lost()
                if self._conn is not None:
                    self._conn.terminate()  # a hung one would not close politely
                await self._close()
            await asyncio.sleep(self.retry)

    async def _connection(self) -> asyncpg.Connection:
        if self._conn is None or self._conn.is_closed():
            self._lost()  # a new connection holds none of the old one's locks
            self._conn = await asyncpg.connect(self.dsn, timeout=10)
        return self._conn

    def _lost(self) -> None:
        if self.leads_scheduler:
            self.leads_scheduler = False
            logger.info("this process no longer leads the scheduled jobs")
            if self.on_lose is not None:
                self.on_lose()

    async def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._conn.close(timeout=2))
            self._conn = None
