"""Scheduled jobs (APScheduler 3.11), run by one process only: the holder of an advisory lock."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

logger = logging.getLogger(__name__)


def leader_only(
    pool: asyncpg.Pool, name: str, job: Callable[[asyncpg.Connection], Awaitable[None]]
) -> Callable[[], Awaitable[None]]:
    """Run `job` only if no other process runs the same job right now."""

    async def run() -> None:
        async with pool.acquire() as conn, conn.transaction():
            if not await conn.fetchval(
                "SELECT pg_try_advisory_xact_lock(hashtext('mednum-job:' || $1))", name
            ):
                return
            await job(conn)

    return run


async def purge_expired(conn: asyncpg.Connection) -> None:
    sessions = await conn.execute("DELETE FROM web_sessions WHERE expires_at < now()")
    attempts = await conn.execute(
        "DELETE FROM login_attempts WHERE at < now() - interval '30 days'"
    )
    logger.info("housekeeping: %s sessions, %s login attempts purged", sessions, attempts)


def schedule_housekeeping(scheduler: AsyncIOScheduler, pool: asyncpg.Pool) -> None:
    scheduler.add_job(
        leader_only(pool, "purge_expired", purge_expired),
        IntervalTrigger(hours=1),
        id="purge_expired",
        max_instances=1,
        coalesce=True,
        replace_existing=True,
    )
