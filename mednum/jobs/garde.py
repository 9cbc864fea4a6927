"""The one guard of every scheduled job that writes: run in one process only (an advisory
lock), and never on read models that are still catching up (after a restart, a restore or
`mednum project --rebuild`), since a job decides from them what to write."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable

import asyncpg

from mednum.infra.lecture_ecriture import topics_of
from mednum.infra.mesures import MESURES
from projections.catalogue import all_projections

logger = logging.getLogger(__name__)
RETARD_TOLERE = 500
"""Events not yet applied beyond which a read model is deemed catching up. A few events just
written are normal on a busy hub."""


async def en_retard(
    conn: asyncpg.Connection, noms: Iterable[str], tolerance: int = RETARD_TOLERE
) -> list[str]:
    """The read models among `noms` with more than `tolerance` events of their topics after
    their position (a read model never started counts from zero)."""
    topics = topics_of([p for p in all_projections() if p.name in set(noms)])
    retard = []
    for nom, liste in topics.items():
        position = await conn.fetchval(
            "SELECT position FROM projection_tracking WHERE name = $1", nom
        )
        if await conn.fetchval(
            "SELECT count(*) > $3 FROM (SELECT 1 FROM mednum_events WHERE notification_id > $1 "
            "AND topic = any($2::text[]) LIMIT $3 + 1) AS suivants",
            position or 0,
            liste,
            tolerance,
        ):
            retard.append(nom)
    return retard


Job = Callable[[asyncpg.Connection], Awaitable[None]]


def garde(
    pool: asyncpg.Pool,
    nom: str,
    job: Job,
    *,
    lit: Iterable[str] = (),
    tolerance: int = RETARD_TOLERE,
) -> Callable[[], Awaitable[bool]]:
    """`job` run by the holder of its lock, when the read models it reads (`lit`) are up to
    date. The returned coroutine function answers whether the job ran."""
    lues = tuple(lit)

    async def run() -> bool:
        try:
            async with pool.acquire() as conn, conn.transaction():
                if not await conn.fetchval(
                    "SELECT pg_try_advisory_xact_lock(hashtext('mednum-job:' || $1))", nom
                ):
                    MESURES.job(nom, "elsewhere")
                    return False
                if retard := await en_retard(conn, lues, tolerance):
                    logger.info("%s : reporté, les modèles de lecture %s rattrapent", nom, retard)
                    MESURES.job(nom, "postponed")
                    return False
                await job(conn)
        except Exception:
            MESURES.job(nom, "failed")
            raise
        MESURES.job(nom, "ran")
        return True

    return run
