"""Evaluation reports over HTTP: generate, read, download, verify; and the financeur's
isolation — its own territory's reports and aggregates, nothing else."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import asyncpg
import pytest
from litestar.testing import TestClient

from mednum import accounts
from tests.conftest import run_sync
from tests.web.conftest import PASSWORD, create_token, create_user, login


def financeur(dsn: str, email: str, perimetre: tuple[str, str] | None) -> str:
    async def run() -> accounts.User:
        conn = await asyncpg.connect(dsn)
        try:
            return await accounts.create_user(
                conn, email, "financeur", PASSWORD, perimetre=perimetre
            )
        finally:
            await conn.close()

    return create_token(dsn, run_sync(run()))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def telecharger(client: TestClient, url: str, token: str) -> Any:
    """A file of a frozen report: produced in the background (202) on the first request,
    then served from storage; asks again until it is there (bounded)."""
    for _ in range(600):
        reponse = client.get(url, headers=bearer(token))
        if reponse.status_code != 202:
            return reponse
        assert "en préparation" in reponse.json()["message"]
        time.sleep(0.05)
    raise AssertionError(f"{url} still in preparation")


def verifier(client: TestClient, rapport_id: str, token: str) -> Any:
    """Start the verification and follow it until it is over (bounded)."""
    lancee = client.post(f"/api/v1/rapports/{rapport_id}/verification", headers=bearer(token))
    assert lancee.status_code == 202, lancee.text
    for _ in range(1200):
        etat = client.get(f"/api/v1/rapports/{rapport_id}/verification", headers=bearer(token))
        if etat.json()["fin"] is not None:
            return etat.json()
        time.sleep(0.05)
    raise AssertionError("verification still running")


def generer(client: TestClient, token: str, territoire: str, periode: str = "2026-03") -> Any:
    return client.post(
        "/api/v1/rapports",
        json={"territoire": territoire, "periode": periode},
        headers=bearer(token),
    )


@pytest.fixture
def coordination(database_dsn: str) -> str:
    return create_token(database_dsn, create_user(database_dsn, "c@example.fr", "coordinateur"))


def test_a_coordinator_freezes_reads_downloads_and_verifies_a_report(
    client: TestClient, coordination: str
) -> None:
    # when a coordinator freezes the report of Côte-d'Or for March 2026
    cree = generer(client, coordination, "departement:21")
    assert cree.status_code == 201, cree.text
    rapport_id = cree.json()["id"]
    # then it is listed, readable as JSON, and downloadable in three formats
    assert [
        r["id"] for r in client.get("/api/v1/rapports", headers=bearer(coordination)).json()
    ] == [rapport_id]
    contenu = client.get(f"/api/v1/rapports/{rapport_id}", headers=bearer(coordination)).json()
    assert contenu["territoire"]["nom"] == "Côte-d'Or"
    assert {c["indicateur"] for c in contenu["chiffres_cles"]} >= {"M1.1", "M4.1", "M4.3"}
    url = f"/api/v1/rapports/{rapport_id}"
    pdf = telecharger(client, f"{url}/pdf", coordination)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = telecharger(client, f"{url}/xlsx", coordination)
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    texte = telecharger(client, f"{url}/csv", coordination).text
    lignes = list(csv.reader(io.StringIO(texte.lstrip("\ufeff")), delimiter=";"))
    assert lignes[0][0] == "indicateur" and any(ligne[0] == "M4.1" for ligne in lignes[1:])
    # and recomputing it from the events gives the same bytes; nothing changed since
    verification = verifier(client, rapport_id, coordination)
    assert verification["identique"] is True and verification["erreur"] is None
    differences = client.get(
        f"/api/v1/rapports/{rapport_id}/differences", headers=bearer(coordination)
    ).json()
    assert differences["differences"] == []


def test_the_report_page_opens_on_its_title_and_names_every_table(
    client: TestClient, coordination: str
) -> None:
    # given a frozen report of Côte-d'Or
    rapport_id = generer(client, coordination, "departement:21").json()["id"]
    # when the coordinator opens its page
    login(client, "c@example.fr")
    page = client.get(f"/rapports/{rapport_id}").text
    # then the page starts with the report's title, then how it was frozen and checked
    titre = page.index('<h1 class="rapport__titre">')
    assert titre < page.index("Figé le") < page.index('id="verification-titre"')
    assert titre < page.index(f'href="/rapports/{rapport_id}/telecharger/pdf"')
    # and a table of several rates is named after its indicator, not by its code
    debut = page.index('id="rapport-sommaire"')
    sommaire = page[debut : page.index("</nav>", debut)]
    assert "Bénéficiaires uniques</a>" in sommaire
    assert "Indicateur M4" not in page


def test_bad_input_is_a_422_in_french_naming_the_field(
    client: TestClient, coordination: str
) -> None:
    territoire = generer(client, coordination, "quartier:12")
    assert territoire.status_code == 422
    assert "territoire" in territoire.text and "region:27" in territoire.text
    inconnu = generer(client, coordination, "departement:999")
    assert inconnu.status_code == 422 and "Territoire inconnu" in inconnu.text
    periode = generer(client, coordination, "region:27", "2026-13")
    assert periode.status_code == 422 and "periode" in periode.text
    assert client.get("/api/v1/rapports", headers=bearer(coordination)).json() == []


def test_a_financeur_sees_its_territory_and_nothing_else(
    client: TestClient, coordination: str, database_dsn: str
) -> None:
    # given reports of Côte-d'Or and of Doubs, and a financeur of Côte-d'Or
    cote_dor = generer(client, coordination, "departement:21").json()["id"]
    doubs = generer(client, coordination, "departement:25").json()["id"]
    jeton = financeur(database_dsn, "f@region.fr", ("departement", "21"))
    # then it lists and reads only Côte-d'Or's; Doubs' is « not found » for it
    liste = client.get("/api/v1/rapports", headers=bearer(jeton)).json()
    assert [r["id"] for r in liste] == [cote_dor]
    assert client.get(f"/api/v1/rapports/{doubs}", headers=bearer(jeton)).status_code == 404
    assert client.get(f"/api/v1/rapports/{doubs}/pdf", headers=bearer(jeton)).status_code == 404
    # and it may freeze a report of its territory, not of the region around it
    assert generer(client, jeton, "departement:21", "2026-T1").status_code == 201
    assert generer(client, jeton, "region:27").status_code == 403
    # and an indicator outside its territory is refused, inside answered
    dehors = client.get(
        "/api/v1/indicateurs/M4.1",
        params={"territoire": "departement:25", "periode": "2026-03"},
        headers=bearer(jeton),
    )
    assert dehors.status_code == 403
    dedans = client.get(
        "/api/v1/indicateurs/M4.1",
        params={"territoire": "departement:21", "periode": "2026-03"},
        headers=bearer(jeton),
    )
    assert dedans.status_code == 200 and dedans.json()["chiffres"][0]["indicateur"] == "M4.1"
    # and no individual record is open to it
    for chemin in ("/api/v1/activites", "/api/v1/beneficiaires", "/api/v1/orientations"):
        assert client.get(chemin, headers=bearer(jeton)).status_code == 403, chemin


def test_a_financeur_without_a_perimeter_sees_no_report(
    client: TestClient, coordination: str, database_dsn: str
) -> None:
    generer(client, coordination, "departement:21")
    jeton = financeur(database_dsn, "f2@region.fr", None)
    assert client.get("/api/v1/rapports", headers=bearer(jeton)).json() == []
    assert generer(client, jeton, "departement:21").status_code == 403


def test_mediators_have_no_access_to_reports(client: TestClient, database_dsn: str) -> None:
    jeton = create_token(database_dsn, create_user(database_dsn, "m@example.fr", "mediateur"))
    assert client.get("/api/v1/rapports", headers=bearer(jeton)).status_code == 403
    assert client.get("/rapports", headers=bearer(jeton)).status_code in (401, 403)
