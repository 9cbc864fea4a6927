"""A frozen report's verification and downloads over HTTP: « Vérifier » starts a background
run and the report page follows it (progress, then « Identique au gel du … »); a second
request while one runs gets the running one; files are prepared with a page that follows
them; a financeur reaches none of this outside its perimeter (French 404)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from uuid import uuid4

import asyncpg
import pytest
from litestar.testing import TestClient

from tests.conftest import run_sync
from tests.web.conftest import csrf_from, login
from tests.web.test_rapports import (  # noqa: F401
    bearer,
    coordination,
    financeur,
    generer,
)


def _sql(dsn: str, requete: str, *args: object) -> object:
    async def run() -> object:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetchval(requete, *args)
        finally:
            await conn.close()

    return run_sync(run())


@pytest.fixture
def rapport_id(client: TestClient, coordination: str) -> str:  # noqa: F811
    """A report of Côte-d'Or frozen through the API by the coordinator: its id."""
    identifiant: str = generer(client, coordination, "departement:21").json()["id"]
    return identifiant


def _demander(client: TestClient, rapport_id: str, depuis: str | None = None) -> Any:
    """« Vérifier » pressed, with the CSRF token of the page `depuis` (the report's page by
    default); the redirection not followed."""
    jeton = csrf_from(client, depuis or f"/rapports/{rapport_id}")
    return client.post(
        f"/rapports/{rapport_id}/verification",
        data={"_csrf_token": jeton},
        follow_redirects=False,
    )


def _verifier_par_la_page(client: TestClient, rapport_id: str) -> str:
    reponse = _demander(client, rapport_id)
    assert reponse.status_code == 303, reponse.text
    assert reponse.headers["location"] == f"/rapports/{rapport_id}#verification"
    for _ in range(1200):
        page = client.get(f"/rapports/{rapport_id}").text
        if "Vérification en cours" not in page:
            return page
        assert "data-suivi=" in page and "<progress" in page and "suivi_travail.js" in page
        time.sleep(0.05)
    raise AssertionError("verification still running")


def test_verifier_starts_a_background_run_and_the_page_shows_its_result(
    client: TestClient,
    rapport_id: str,
    database_dsn: str,
) -> None:
    # given a frozen report, never verified, and a coordinator logged in
    login_email = "c@example.fr"
    login(client, login_email)
    page = client.get(f"/rapports/{rapport_id}").text
    assert "pas encore été vérifié" in page and ">Vérifier</button>" in page
    assert "data-suivi=" not in page
    # when « Vérifier » is pressed, then the page follows the run until its result
    page = _verifier_par_la_page(client, rapport_id)
    assert "Identique au gel du" in page and "octet pour octet" in page
    assert "data-suivi=" not in page and "suivi_travail.js" not in page
    # and « Comparer à aujourd'hui » lists what changed since (nothing), without verifying
    controle = client.get(f"/rapports/{rapport_id}/controle").text
    assert "Ce qui a changé depuis le gel" in controle and "Aucun chiffre n'a changé" in controle
    # and the result is stored: one finished run, identical
    assert (
        _sql(
            database_dsn,
            "SELECT count(*) FROM verifications WHERE rapport_id = $1 AND identique",
            rapport_id,
        )
        == 1
    )


def test_a_second_request_while_one_runs_gets_the_running_one(
    client: TestClient,
    coordination: str,  # noqa: F811
    rapport_id: str,
    database_dsn: str,
) -> None:
    # given a verification running in another process (its row, beating)
    en_cours = uuid4()
    maintenant = dt.datetime.now(dt.UTC)
    _sql(
        database_dsn,
        "INSERT INTO verifications (id, rapport_id, demandee_par, debut, battement, etapes, "
        "etape, position_atteinte, position_cible) VALUES ($1, $2, 'autre@example.fr', $3, $3, "
        "10, 4, 7, 20)",
        en_cours,
        rapport_id,
        maintenant,
    )
    # when it is asked again, through the API and the page
    reponse = client.post(
        f"/api/v1/rapports/{rapport_id}/verification", headers=bearer(coordination)
    )
    login(client, "c@example.fr")
    _demander(client, rapport_id)
    # then both get the running run; no other is started
    assert reponse.status_code == 202 and reponse.json()["id"] == str(en_cours)
    assert (
        _sql(database_dsn, "SELECT count(*) FROM verifications WHERE rapport_id = $1", rapport_id)
        == 1
    )
    # and the report page shows its progress and follows it (a script polls the state that
    # the API gives, an « Actualiser » link without JavaScript), without a button
    page = client.get(f"/rapports/{rapport_id}").text
    assert "Vérification en cours" in page and 'value="43"' in page  # (4 + 7/20) / 10
    assert f'data-suivi="/api/v1/rapports/{rapport_id}/verification"' in page
    assert "Actualiser</a>" in page and ">Vérifier</button>" not in page
    etat = client.get(f"/api/v1/rapports/{rapport_id}/verification").json()
    assert etat["etape"] == 4 and etat["fin"] is None


def test_a_file_is_prepared_with_a_page_then_served_at_once(
    client: TestClient, rapport_id: str
) -> None:
    login(client, "c@example.fr")
    url = f"/rapports/{rapport_id}/telecharger/csv"
    # when the CSV is asked for the first time, a page says it is being prepared
    premiere = client.get(url, follow_redirects=False)
    assert premiere.status_code == 200
    assert "Préparation du CSV en cours" in premiere.text and "<progress" in premiere.text
    etat_url = f"/api/v1/rapports/{rapport_id}/fichiers/csv"
    assert f'data-suivi="{etat_url}"' in premiere.text
    assert f'data-suivi-ensuite="/api/v1/rapports/{rapport_id}/csv"' in premiere.text
    # and the state it polls ends ready; the page (« Actualiser ») then offers the file
    for _ in range(600):
        if client.get(etat_url).json()["produit_le"] is not None:
            break
        time.sleep(0.05)
    suivante = client.get(f"{url}?attente=true", follow_redirects=False).text
    assert "Le CSV est prêt" in suivante
    assert f'href="/api/v1/rapports/{rapport_id}/csv"' in suivante
    # then, ready, the link downloads it straight from storage, with its SHA-256 as ETag
    direct = client.get(url, follow_redirects=False)
    assert direct.status_code == 303
    assert direct.headers["location"] == f"/api/v1/rapports/{rapport_id}/csv"
    fichier = client.get(direct.headers["location"])
    assert fichier.status_code == 200 and fichier.text.startswith("\ufeffindicateur")
    assert len(fichier.headers["etag"]) == 66


def test_a_financeur_reaches_nothing_outside_its_perimeter(
    client: TestClient,
    coordination: str,  # noqa: F811
    database_dsn: str,
) -> None:
    doubs = generer(client, coordination, "departement:25").json()["id"]
    jeton = financeur(database_dsn, "f@cd21.fr", ("departement", "21"))
    for methode, chemin in (
        ("post", f"/api/v1/rapports/{doubs}/verification"),
        ("get", f"/api/v1/rapports/{doubs}/verification"),
        ("get", f"/api/v1/rapports/{doubs}/csv"),
    ):
        reponse = getattr(client, methode)(chemin, headers=bearer(jeton))
        assert reponse.status_code == 404, chemin
        assert "n'existe pas" in reponse.json()["detail"], chemin
    login(client, "f@cd21.fr")
    refus = _demander(client, doubs, depuis="/rapports")
    assert refus.status_code == 404 and "existe pas" in refus.text
    assert client.get(f"/rapports/{doubs}/telecharger/pdf").status_code == 404
    assert _sql(database_dsn, "SELECT count(*) FROM verifications") == 0
    assert _sql(database_dsn, "SELECT count(*) FROM rapports_fichiers") == 0


def test_an_unknown_format_or_a_report_never_verified_is_refused_in_french(
    client: TestClient,
    coordination: str,  # noqa: F811
    rapport_id: str,
) -> None:
    jamais = client.get(f"/api/v1/rapports/{rapport_id}/verification", headers=bearer(coordination))
    assert jamais.status_code == 404 and "pas encore été vérifié" in jamais.text
    login(client, "c@example.fr")
    inconnu = client.get(f"/rapports/{rapport_id}/telecharger/odt")
    assert inconnu.status_code == 422 and "pdf, xlsx ou csv" in inconnu.text
