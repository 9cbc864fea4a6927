"""Housekeeping: expired sessions and old login attempts, purged every hour by one process."""

from __future__ import annotations

import logging

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from mednum.jobs.garde import garde

logger = logging.getLogger(__name__)


async def purge_expired(conn: asyncpg.Connection) -> None:
    sessions = await conn.execute("DELETE FROM web_sessions WHERE expires_at < now()")
    attempts = await conn.execute(
        "DELETE FROM login_attempts WHERE at < now() - interval '30 days'"
    )
    logger.info("housekeeping: %s sessions, %s login attempts purged", sessions, attempts)


def schedule_housekeeping(scheduler: AsyncIOScheduler, pool: asyncpg.Pool) -> None:
    scheduler.add_job(
        garde(pool, "purge_expired", purge_expired),
        IntervalTrigger(hours=1),
        id="purge_expired",
        max_instances=1,
        coalesce=True,
        replace_existing=True,
    )
