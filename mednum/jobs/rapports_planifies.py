"""The scheduler's reports: every complete month and quarter of the hub's territory, and of
every financeur's perimeter, is frozen once, by one process (the holder of the job's lock),
and a restart after downtime freezes the periods it missed, oldest first. Nothing is frozen
while the read models are catching up (after a restart or a rebuild): a frozen report never
changes, so it must not miss events that are already recorded."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from domain.errors import DomainError
from domain.evaluation.periodes import code_periode, lire_periode, periodes_a_figer
from mednum.jobs.garde import RETARD_TOLERE, en_retard, garde
from mednum.rapports import calcul, figes

logger = logging.getLogger(__name__)
RATTRAPAGE_MOIS = 24
"""How far back a first run (or a long downtime) freezes: older periods are frozen on demand."""


async def figer_les_periodes_dues(
    pool: asyncpg.Pool,
    territoire: str,
    seuil: int,
    aujourd_hui: dt.date,
    tolerance: int = RETARD_TOLERE,
) -> list[str] | None:
    """The periods frozen now; None when the read models are still catching up."""
    niveau, _, code = territoire.partition(":")
    async with pool.acquire() as conn:
        async with conn.transaction(isolation="repeatable_read"):
            position = await calcul.instant(conn)
            if position is None or await en_retard(conn, calcul.PROJECTIONS_DU_RAPPORT, tolerance):
                return None
        t = await calcul.territoire(conn, niveau, code)
        premier = await conn.fetchval(
            "SELECT min(jour) FROM cube_activites WHERE niveau = $1 AND code = $2 "
            "AND dimension = 'total' AND activites > 0",
            t.niveau,
            t.code,
        )
        deja_figes = await conn.fetch(
            "SELECT periode FROM rapports WHERE nature <> 'ponctuel' AND niveau = $1 AND code = $2",
            t.niveau,
            t.code,
        )
    if premier is None:
        return []
    limite = (aujourd_hui.replace(day=1) - dt.timedelta(days=31 * RATTRAPAGE_MOIS)).replace(day=1)
    dernier = max((lire_periode(r["periode"]).fin for r in deja_figes), default=None)
    faits = []
    for nature, periode in periodes_a_figer(dernier, aujourd_hui, max(premier, limite)):
        try:
            await figes.figer(
                pool,
                t,
                code_periode(periode),
                nature=nature,
                seuil=seuil,
                auteur="planificateur",
                aujourd_hui=aujourd_hui,
            )
        except DomainError as exc:  # already frozen by another process meanwhile
            logger.info("rapport %s %s non figé : %s", nature, periode.libelle, exc.message)
            continue
        faits.append(f"{nature} {code_periode(periode)}")
    return faits


async def territoires_a_figer(pool: asyncpg.Pool, territoire_du_hub: str) -> list[str]:
    """The hub's territory, then each financeur's perimeter (once each): a funder finds its own
    monthly and quarterly reports ready, as the reports page says."""
    async with pool.acquire() as conn:
        perimetres = await conn.fetch(
            "SELECT DISTINCT perimetre_niveau || ':' || perimetre_code AS t FROM users "
            "WHERE role = 'financeur' AND perimetre_niveau IS NOT NULL ORDER BY 1"
        )
    return list(dict.fromkeys([territoire_du_hub, *(r["t"] for r in perimetres)]))


async def figer_tous_les_territoires(
    pool: asyncpg.Pool, territoire_du_hub: str, seuil: int, aujourd_hui: dt.date
) -> list[str] | None:
    """The periods frozen now for every territory; None when the read models catch up."""
    faits: list[str] = []
    for t in await territoires_a_figer(pool, territoire_du_hub):
        figes_ici = await figer_les_periodes_dues(pool, t, seuil, aujourd_hui)
        if figes_ici is None:
            return None
        faits += [f"{t} {f}" for f in figes_ici]
    return faits


def rapports_du_perimetre(
    pool: asyncpg.Pool, territoire: str, seuil: int
) -> Callable[[], Awaitable[bool]]:
    """The scheduler's work for one funder's perimeter, to run now: a funder whose account
    is new finds its monthly and quarterly reports without waiting for the next run. Under the
    scheduled job's lock, so that the two never freeze at the same time."""

    async def job(_conn: asyncpg.Connection) -> None:
        aujourd_hui = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
        faits = await figer_les_periodes_dues(pool, territoire, seuil, aujourd_hui)
        logger.info("rapports de %s figés à la demande : %s", territoire, faits)

    return garde(pool, "rapports_planifies", job)


def planifier_rapports(
    scheduler: AsyncIOScheduler, pool: asyncpg.Pool, territoire: str, seuil: int
) -> None:
    async def job(_conn: asyncpg.Connection) -> None:
        # The hub's day: just after midnight in Paris a month is complete, whatever UTC says.
        aujourd_hui = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
        faits = await figer_tous_les_territoires(pool, territoire, seuil, aujourd_hui)
        if faits is None:
            logger.info(
                "rapports planifiés : les tableaux de bord rattrapent, nouvel essai dans 1 min"
            )
            scheduler.add_job(
                garde(pool, "rapports_planifies", job),
                "date",
                run_date=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1),
                id="rapports_planifies_relance",
                replace_existing=True,
            )
        elif faits:
            logger.info("rapports figés : %s", ", ".join(faits))

    scheduler.add_job(
        garde(pool, "rapports_planifies", job),
        IntervalTrigger(minutes=30),
        id="rapports_planifies",
        max_instances=1,
        coalesce=True,
        next_run_time=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30),
        replace_existing=True,
    )
