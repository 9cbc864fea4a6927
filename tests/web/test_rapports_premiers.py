"""A funder whose account is new lands on « Rapports » and finds its perimeter's monthly and
quarterly reports being frozen, then listed: it does not wait for the scheduler's next run."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
from litestar.testing import TestClient

from mednum.services.activites import Activites
from tests.conftest import run_sync
from tests.integration.test_activites import MAINTENANT, MED, commande, lieu
from tests.integration.test_rapports import donnees
from tests.lieux_outils import hub_ouvert
from tests.web.conftest import login
from tests.web.test_rapports import financeur


def test_a_new_funder_finds_its_reports_frozen_on_its_first_visit(
    client: TestClient, database_dsn: str
) -> None:
    # given sessions in Côte-d'Or in March 2026, and a funder of the Côte-d'Or just created
    with hub_ouvert(database_dsn, clock=lambda: MAINTENANT) as hub:
        donnees(Activites(hub))
    attendre_les_seances_projetees(database_dsn)
    financeur(database_dsn, "cd21@example.fr", ("departement", "21"))
    login(client, "cd21@example.fr")
    # when it opens « Rapports » for the first time
    premiere = client.get("/rapports").text
    # then it is told its reports are being prepared, not that there are none
    assert "Vos rapports sont en préparation" in premiere
    assert "Aucun rapport figé" not in premiere
    # and soon, well before the scheduler's first run (30 s after the start), March and the
    # first quarter of its département are listed, by their names
    fin = time.monotonic() + 15
    while time.monotonic() < fin:
        liste = client.get("/rapports").text
        if "Côte-d&#39;Or, 1er trimestre 2026" in liste and "Côte-d&#39;Or, mars 2026" in liste:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the funder's reports were not frozen before the scheduler ran")
    assert "mensuel" in liste and "trimestriel" in liste and "Côte-d&#39;Or" in liste
    assert "Vos rapports sont en préparation" not in liste


def test_a_funder_of_a_territory_without_sessions_is_not_promised_reports(
    client: TestClient, database_dsn: str
) -> None:
    financeur(database_dsn, "cd25@example.fr", ("departement", "25"))
    login(client, "cd25@example.fr")
    page = client.get("/rapports").text
    assert "Vos rapports sont en préparation" not in page
    assert "Aucun rapport figé pour l'instant." in page


def test_a_funder_whose_sessions_are_all_of_this_month_is_not_promised_reports(
    client: TestClient, database_dsn: str
) -> None:
    # given one session in Côte-d'Or today (no complete month to freeze), once projected
    with hub_ouvert(database_dsn) as hub:
        place = lieu(hub)
        aujourdhui = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
        Activites(hub).enregistrer(
            commande(type_lieu="lieu_activite", lieu_id=str(place), date=aujourdhui), MED
        )
    attendre_les_seances_projetees(database_dsn)
    # when a funder of the Côte-d'Or opens « Rapports »
    financeur(database_dsn, "cd21@example.fr", ("departement", "21"))
    login(client, "cd21@example.fr")
    page = client.get("/rapports").text
    # then nothing is promised: the first report comes when the month is over
    assert "Vos rapports sont en préparation" not in page
    assert "Aucun rapport figé pour l'instant." in page


def attendre_les_seances_projetees(dsn: str) -> None:
    """The page promises reports from the projected sessions: on a slow machine the first
    visit could come before the projector (it then rightly promised nothing)."""
    fin = time.monotonic() + 30
    while not run_sync(_sessions_en_cote_d_or(dsn)):
        assert time.monotonic() < fin, "the sessions were not projected"
        time.sleep(0.1)


async def _sessions_en_cote_d_or(dsn: str) -> bool:
    conn = await asyncpg.connect(dsn)
    try:
        return bool(
            await conn.fetchval(
                "SELECT EXISTS (SELECT 1 FROM cube_activites WHERE niveau = 'departement' "
                "AND code = '21' AND dimension = 'total' AND activites > 0)"
            )
        )
    finally:
        await conn.close()
