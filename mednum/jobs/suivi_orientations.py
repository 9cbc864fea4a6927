"""The referrals' process manager: closes the loop when the first activity at the chosen
place is recorded for the person, and expires referrals 30 days old. Run every hour by the
scheduler (one process only: the advisory lock's holder). No e-mail is sent: reminders are
the « à relancer » list of each mediator (7 days without acceptance or confirmation)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from mednum.jobs.garde import garde
from mednum.services.orientation import Orientations
from projections.orientations import a_expirer, aboutissements

logger = logging.getLogger(__name__)


async def suivre_orientations(
    conn: asyncpg.Connection, orientations: Orientations, maintenant: datetime
) -> tuple[int, int]:
    """(loops closed, referrals expired). Closing comes first: a referral that came through
    on its last day must not expire."""
    closes = await aboutissements(conn)
    for a in closes:
        await asyncio.to_thread(
            orientations.constater_aboutissement, a.orientation_id, a.activite_id, a.date
        )
    expirees = await a_expirer(conn, maintenant)
    fermees = {a.orientation_id for a in closes}
    restantes = [o for o in expirees if o not in fermees]
    for orientation_id in restantes:
        await asyncio.to_thread(orientations.expirer, orientation_id)
    return len(closes), len(restantes)


def planifier_suivi_orientations(
    scheduler: AsyncIOScheduler, pool: asyncpg.Pool, orientations: Orientations
) -> None:
    async def job(conn: asyncpg.Connection) -> None:
        closes, expirees = await suivre_orientations(conn, orientations, datetime.now(UTC))
        logger.info("orientations: %s loops closed, %s expired", closes, expirees)

    scheduler.add_job(
        garde(pool, "suivi_orientations", job, lit=("orientations", "activites")),
        IntervalTrigger(hours=1),
        id="suivi_orientations",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC) + timedelta(minutes=2),
        replace_existing=True,
    )
