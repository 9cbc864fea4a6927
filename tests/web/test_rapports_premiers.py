"""A funder whose account is new lands on « Rapports » and finds its perimeter's monthly and
quarterly reports being frozen, then listed: it does not wait for the scheduler's next run."""

from __future__ import annotations

import time

from litestar.testing import TestClient

from mednum.services.activites import Activites
from tests.integration.test_activites import MAINTENANT
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
    financeur(database_dsn, "cd21@example.fr", ("departement", "21"))
    login(client, "cd21@example.fr")
    # when it opens « Rapports » for the first time
    premiere = client.get("/rapports").text
    # then it is told its reports are being prepared, not that there are none
    assert "Vos rapports sont en préparation" in premiere
    assert "Aucun rapport figé" not in premiere
    # and soon, well before the scheduler's first run (30 s after the start), March and the
    # first quarter of its département are listed
    fin = time.monotonic() + 15
    while time.monotonic() < fin:
        liste = client.get("/rapports").text
        if "2026-T1" in liste and "2026-03" in liste:
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
