"""Evaluation reports on a real PostgreSQL: figures of a small hand-computed data set, the
small-cell rule, and a frozen report that a replay reproduces byte for byte after later
events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar
from uuid import uuid4

import asyncpg
import pytest

from domain.activites.commands import CorrigerActivite
from domain.evaluation.periodes import lire_periode
from domain.evaluation.rapport import Rapport, Territoire, contenu_canonique, lire_contenu
from mednum.accounts import create_user
from mednum.infra.projector import Projector
from mednum.jobs.rapports_planifies import figer_les_periodes_dues, figer_tous_les_territoires
from mednum.rapports.calcul import calculer_a_jour
from mednum.rapports.figes import figer, lire
from mednum.rapports.rejeu import recalculer
from mednum.services.activites import Activites
from mednum.services.executeur import Hub
from projections.catalogue import all_projections
from tests.conftest import run_sync
from tests.integration.test_activites import MAINTENANT, MED, beneficiaire, commande, lieu

T = TypeVar("T")
COTE_DOR = Territoire(niveau="departement", code="21", nom="Côte-d'Or")


@pytest.fixture
def activites(hub: Hub) -> Activites:
    return Activites(Hub(hub.app, hub.communes, clock=lambda: MAINTENANT))


def avec_pool(dsn: str, action: Callable[[asyncpg.Pool], Awaitable[T]]) -> T:
    async def run() -> T:
        async with asyncpg.create_pool(dsn, min_size=1, max_size=2) as pool:
            conn = await pool.acquire()
            try:
                for projection in all_projections():
                    await Projector(projection).catch_up(conn)
            finally:
                await pool.release(conn)
            return await action(pool)

    return run_sync(run())


def rapport_de(dsn: str, code_periode: str = "2026-03") -> Rapport:
    return avec_pool(
        dsn, lambda pool: calculer_a_jour(pool, COTE_DOR, lire_periode(code_periode), 11)
    )


def chiffre(rapport: Rapport, indicateur: str) -> Any:
    return next(c for c in rapport.chiffres_cles if c.indicateur == indicateur)


def tableau(rapport: Rapport, id: str) -> Any:
    return next(t for t in rapport.tableaux if t.id == id)


def donnees(activites: Activites) -> list[Any]:
    """At the Dijon place in March 2026: 12 anonymous sessions of 30 min (women aged 60-69)
    and 3 sessions of one followed person; one anonymous session at home in Paris."""
    place = lieu(activites.hub)
    anonyme = {"genre": "feminin", "tranche_age": "soixante_soixante_neuf"}
    ids = [
        activites.enregistrer(
            commande(
                type_lieu="lieu_activite",
                lieu_id=str(place),
                date=f"2026-03-{jour:02d}",
                profil=anonyme,
            ),
            MED,
        ).id
        for jour in range(1, 13)
    ]
    personne = beneficiaire(activites.hub, MED.email)
    for jour in (2, 9, 16):
        activites.enregistrer(
            commande(
                type_lieu="lieu_activite",
                lieu_id=str(place),
                date=f"2026-03-{jour:02d}",
                beneficiaire_id=str(personne),
            ),
            MED,
        )
    activites.enregistrer(commande(type_lieu="domicile", commune="75056"), MED)
    return ids


def test_figures_of_a_small_data_set(activites: Activites, database_dsn: str) -> None:
    # given 15 accompaniments in Côte-d'Or in March 2026 (12 anonymous, 3 of one person)
    donnees(activites)
    # when the report of Côte-d'Or for March 2026 is computed
    rapport = rapport_de(database_dsn)
    # then the key figures are the hand-computed ones, the year before is empty
    assert chiffre(rapport, "M4.1").valeur.valeur == 15
    assert chiffre(rapport, "M4.1").precedente.valeur == 0
    assert chiffre(rapport, "M4.3").valeur.valeur == 13  # 1 followed + 12 anonymous
    assert chiffre(rapport, "M4.4").valeur.valeur == 8  # 15 × 30 min = 7.5 h
    assert chiffre(rapport, "M1.1").valeur.valeur == 1
    # and the lone followed person is hidden (< 11), never shown
    suivis = next(
        ligne for ligne in tableau(rapport, "M4.3.detail").lignes if "suivies" in ligne.libelle
    )
    assert suivis.cellules[0].masquee and suivis.cellules[0].valeur is None
    # and in the age table, the followed person's unknown band (1) is hidden, and the 12 women
    # aged 60-69 with it, since the total (13) is published
    ages = tableau(rapport, "M4.7.tranches_age")
    valeurs = {ligne.modalite: ligne.cellules[0] for ligne in ages.lignes}
    assert valeurs["non_communique"].masquee and not valeurs["non_communique"].secondaire
    assert (
        valeurs["soixante_soixante_neuf"].masquee and valeurs["soixante_soixante_neuf"].secondaire
    )
    assert ages.total.cellules[0].valeur == 13
    # and the session in Paris is not in Côte-d'Or's report
    assert tableau(rapport, "M4.1.types").total.cellules[0].valeur == 15


def test_a_frozen_report_is_reproduced_byte_for_byte_after_later_events(
    activites: Activites, database_dsn: str
) -> None:
    # given a report frozen as of now
    ids = donnees(activites)
    fige = avec_pool(
        database_dsn,
        lambda pool: figer(
            pool, COTE_DOR, "2026-03", nature="ponctuel", seuil=11, auteur="coord@example.fr"
        ),
    )
    # when a session is corrected and another recorded afterwards
    activites.corriger(ids[0], CorrigerActivite(command_id=uuid4(), version=1, duree=60), MED)
    activites.enregistrer(commande(type_lieu="domicile", commune="21231"), MED)
    aujourdhui = rapport_de(database_dsn)

    # then today's report counts them
    assert chiffre(aujourdhui, "M4.1").valeur.valeur == 16

    # and replaying the events up to the frozen position gives the very same bytes
    async def relire(pool: asyncpg.Pool) -> tuple[bytes, bytes]:
        async with pool.acquire() as conn:
            _, stocke = await lire(conn, fige.id)
            octets = await conn.fetchval("SELECT contenu FROM rapports WHERE id = $1", fige.id)
        assert contenu_canonique(stocke) == octets  # a stored report reads back exactly
        rejoue = await recalculer(
            database_dsn, COTE_DOR, stocke.periode, position=fige.position, seuil=11
        )
        return contenu_canonique(stocke), contenu_canonique(rejoue)

    stocke, rejoue = avec_pool(database_dsn, relire)
    assert rejoue == stocke
    assert chiffre(lire_contenu(stocke), "M4.1").valeur.valeur == 15


def test_the_scheduler_freezes_each_complete_month_and_quarter_once(
    activites: Activites, database_dsn: str
) -> None:
    # given sessions in March 2026 in Bourgogne-Franche-Comté
    donnees(activites)

    # when the job runs on 15 April 2026, then again (another process, or the next run)
    async def deux_passages(pool: asyncpg.Pool) -> tuple[list[str] | None, list[str] | None]:
        jour = date(2026, 4, 15)
        premier = await figer_les_periodes_dues(pool, "region:27", 11, jour)
        second = await figer_les_periodes_dues(pool, "region:27", 11, jour)
        return premier, second

    premier, second = avec_pool(database_dsn, deux_passages)
    # then March and the first quarter are frozen once; nothing is due the second time
    assert premier == ["mensuel 2026-03", "trimestriel 2026-T1"]
    assert second == []

    # and when a session is recorded but the read models have not applied it yet, April is
    # not frozen without it: the job waits for them
    activites.enregistrer(commande(type_lieu="domicile", commune="21231"), MED)

    async def en_retard(pool: asyncpg.Pool) -> list[str] | None:
        return await figer_les_periodes_dues(pool, "region:27", 11, date(2026, 5, 15), tolerance=0)

    assert run_sync(_sans_projeter(database_dsn, en_retard)) is None
    assert avec_pool(database_dsn, en_retard) == ["mensuel 2026-04"]


def test_the_scheduler_also_freezes_each_financeurs_perimeter(
    activites: Activites, database_dsn: str
) -> None:
    # given sessions in March 2026 and two funders: the Côte-d'Or and the hub's région itself
    donnees(activites)

    async def passage(pool: asyncpg.Pool) -> list[str] | None:
        await create_user(pool, "cd21@example.fr", "financeur", "x" * 12, ("departement", "21"))
        await create_user(pool, "region@example.fr", "financeur", "x" * 12, ("region", "27"))
        return await figer_tous_les_territoires(pool, "region:27", 11, date(2026, 4, 15))

    # when the job runs in April
    faits = avec_pool(database_dsn, passage)
    # then March and the first quarter are frozen for the région once and for the Côte-d'Or
    assert faits == [
        "region:27 mensuel 2026-03",
        "region:27 trimestriel 2026-T1",
        "departement:21 mensuel 2026-03",
        "departement:21 trimestriel 2026-T1",
    ]


async def _sans_projeter(dsn: str, action: Callable[[asyncpg.Pool], Awaitable[T]]) -> T:
    async with asyncpg.create_pool(dsn, min_size=1, max_size=2) as pool:
        return await action(pool)
