"""Retention: a followed person's identity is anonymised a while (365 days by default) after
their last activity — or after the record's creation when they had none. Run daily by the
scheduler (one process only), or by `mednum retention [--essai]`.

Destroying a key cannot be undone, so the read models only propose candidates: each one is
checked against the event log itself before anything is erased. A person named by any event
dated on or after the cutoff (a session, a diagnostic, an orientation, a change of their own
record) is kept, whatever the read models say — they may be half rebuilt, or restored from an
older backup. Each decision is logged."""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
import uuid
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
import msgspec
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from domain.base import Evenement
from domain.beneficiaires.commands import AnonymiserBeneficiaire
from mednum.infra.topics import topics_de
from mednum.jobs.garde import garde
from mednum.services.beneficiaires import Beneficiaires
from projections.beneficiaires_requetes import identites_perimees

logger = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")

AUTEUR = "retention"
# The retention of a person on a given day is one command: a retry (or another process)
# finds its receipt.
_NAMESPACE = uuid.UUID("0b6f8f2e-93a1-4d5e-8c1b-6a4f2d9e7c30")
# The records about people: a person's own, and those that name one.
MODULES_PERSONNES = (
    "domain.beneficiaires.events",
    "domain.activites.events",
    "domain.diagnostics.events",
    "domain.orientation.events",
    "domain.pass_numerique.events",
)


class Topics(msgspec.Struct, frozen=True):
    tous: list[str]  # every event of a record that names a person, or of a person
    personnes: list[str]  # the person's own record
    dates: list[str]  # events with a `date` of their own (a diagnostic's)


@functools.cache
def topics_personnes() -> Topics:
    """Found from the event classes, so that a new event naming a person is checked too; the
    other events of the same records (an orientation's acceptance) count as well."""
    tous: list[str] = []
    personnes: list[str] = []
    dates: list[str] = []
    for nom in MODULES_PERSONNES:
        module = importlib.import_module(nom)
        classes = [
            c
            for c in vars(module).values()
            if isinstance(c, type) and issubclass(c, Evenement) and c.__module__ == nom
        ]
        for classe in classes:
            champs = {f.name: f.type for f in msgspec.structs.fields(classe)}
            tous += topics_de(classe)
            if nom == "domain.beneficiaires.events":
                personnes += topics_de(classe)
            if champs.get("date") is date:
                dates += topics_de(classe)
    return Topics(tous, personnes, dates)


# The records (aggregates) with an event dated on or after the cutoff, then the people their
# events name: an activity's date is the session's, a diagnostic's its own, anything else
# counts from when it was recorded (Paris time).
_ACTIFS_DANS_LE_JOURNAL = """
WITH ev AS MATERIALIZED (
    SELECT originator_id, topic, convert_from(state, 'UTF8')::jsonb AS s
    FROM mednum_events WHERE topic = ANY($1::text[])
), recents AS (
    SELECT DISTINCT originator_id FROM ev WHERE coalesce(
        (s -> 'compte_rendu' ->> 'date')::date,
        CASE WHEN topic = ANY($2::text[]) THEN (s ->> 'date')::date END,
        ((s ->> 'timestamp')::timestamptz AT TIME ZONE 'Europe/Paris')::date
    ) >= $4
), nommes AS (
    SELECT ev.* FROM ev JOIN recents USING (originator_id)
), personnes AS (
    SELECT originator_id AS id FROM nommes WHERE topic = ANY($3::text[])
    UNION SELECT (s ->> 'beneficiaire_id')::uuid FROM nommes
        WHERE jsonb_typeof(s -> 'beneficiaire_id') = 'string'
    UNION SELECT (s -> 'compte_rendu' ->> 'beneficiaire_id')::uuid FROM nommes
        WHERE jsonb_typeof(s -> 'compte_rendu' -> 'beneficiaire_id') = 'string'
    UNION SELECT b::uuid FROM nommes,
        jsonb_array_elements_text(s -> 'compte_rendu' -> 'beneficiaires') AS b
        WHERE jsonb_typeof(s -> 'compte_rendu' -> 'beneficiaires') = 'array'
    UNION SELECT b::uuid FROM nommes, jsonb_array_elements_text(s -> 'beneficiaires') AS b
        WHERE jsonb_typeof(s -> 'beneficiaires') = 'array'
)
SELECT id FROM personnes WHERE id = ANY($5::uuid[])
"""


async def actifs_dans_le_journal(
    conn: asyncpg.Connection, candidats: list[UUID], seuil: date
) -> set[UUID]:
    """Those of `candidats` that an event of the log, dated `seuil` or later, names."""
    if not candidats:
        return set()
    t = topics_personnes()
    records = await conn.fetch(
        _ACTIFS_DANS_LE_JOURNAL, t.tous, t.dates, t.personnes, seuil, candidats
    )
    return {r["id"] for r in records}


class Decision(msgspec.Struct, frozen=True):
    beneficiaire_id: UUID
    anonymiser: bool
    raison: str


async def decider_retention(
    conn: asyncpg.Connection, jours: int, aujourdhui: date
) -> list[Decision]:
    """Who loses their identity today, and who is kept although a read model proposed them."""
    seuil = aujourdhui - timedelta(days=jours)
    candidats = await identites_perimees(conn, jours, aujourdhui)
    actifs = await actifs_dans_le_journal(conn, candidats, seuil)
    return [
        Decision(
            b,
            False,
            f"conservée : le journal des événements la nomme depuis le {seuil.isoformat()}",
        )
        if b in actifs
        else Decision(b, True, f"anonymisée : rien dans le journal depuis le {seuil.isoformat()}")
        for b in candidats
    ]


def anonymiser(beneficiaires: Beneficiaires, ids: list[UUID], aujourdhui: date) -> int:
    for beneficiaire_id in ids:
        commande = AnonymiserBeneficiaire(
            command_id=uuid.uuid5(_NAMESPACE, f"{beneficiaire_id}:{aujourdhui.isoformat()}"),
            motif="retention",
        )
        beneficiaires.anonymiser(beneficiaire_id, commande, AUTEUR)
    return len(ids)


async def appliquer_retention(
    conn: asyncpg.Connection,
    beneficiaires: Beneficiaires,
    jours: int,
    aujourdhui: date,
    *,
    essai: bool = False,
) -> int:
    """The number of identities anonymised (or, with `essai`, that would be: nothing is
    changed then)."""
    decisions = await decider_retention(conn, jours, aujourdhui)
    for d in decisions:
        logger.info("retention%s : %s %s", " (essai)" if essai else "", d.beneficiaire_id, d.raison)
    ids = [d.beneficiaire_id for d in decisions if d.anonymiser]
    if essai:
        return len(ids)
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
