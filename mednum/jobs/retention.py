"""Retention: a followed person's identity is anonymised a while (365 days by default) after
their last activity — or after the record's creation when they had none. Run daily by the
scheduler (one process only), or by `mednum retention`."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from domain.beneficiaires.commands import AnonymiserBeneficiaire
from mednum.jobs.garde import garde
from mednum.services.beneficiaires import Beneficiaires
from projections.beneficiaires_requetes import identites_perimees

logger = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")

AUTEUR = "retention"
# The retention of a person on a given day is one command: a retry (or another process)
# finds its receipt.
_NAMESPACE = uuid.UUID("0b6f8f2e-93a1-4d5e-8c1b-6a4f2d9e7c30")


def anonymiser(beneficiaires: Beneficiaires, ids: list[UUID], aujourdhui: date) -> int:
    for beneficiaire_id in ids:
        commande = AnonymiserBeneficiaire(
            command_id=uuid.uuid5(_NAMESPACE, f"{beneficiaire_id}:{aujourdhui.isoformat()}"),
            motif="retention",
        )
        beneficiaires.anonymiser(beneficiaire_id, commande, AUTEUR)
    return len(ids)


async def appliquer_retention(
    conn: asyncpg.Connection, beneficiaires: Beneficiaires, jours: int, aujourdhui: date
) -> int:
    ids = await identites_perimees(conn, jours, aujourdhui)
    return await asyncio.to_thread(anonymiser, beneficiaires, ids, aujourdhui)


def planifier_retention(
    scheduler: AsyncIOScheduler, pool: asyncpg.Pool, beneficiaires: Beneficiaires, jours: int
) -> None:
    """Every night at 3:00 (Paris), and a minute after start-up, so that a night missed while
    the server was down is caught up (the read models have caught up by then)."""

    async def job(conn: asyncpg.Connection) -> None:
        aujourdhui = datetime.now(PARIS).date()
        n = await appliquer_retention(conn, beneficiaires, jours, aujourdhui)
        logger.info("retention: %s identities anonymised (%s days after last activity)", n, jours)

    scheduler.add_job(
        garde(pool, "retention", job, lit=("beneficiaires", "activites")),
        CronTrigger(hour=3, timezone=PARIS),
        id="retention",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=datetime.now(PARIS) + timedelta(minutes=1),
        replace_existing=True,
    )
