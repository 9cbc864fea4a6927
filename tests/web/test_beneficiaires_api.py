"""Beneficiaries through the API: own records only, consent, duplicates while typing, erasure
by an admin, every read logged."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest
from litestar.testing import TestClient

from tests.conftest import run_sync
from tests.web.outils_connexion import jeton

PERSONNE = {
    "suivi": True,
    "consentement": True,
    "prenom": "Gisèle",
    "nom": "Dupont",
    "telephone": "06 12 34 56 78",
    "annee_naissance": 1948,
    "commune_residence": "21231",
}


@pytest.fixture
def mediatrice(database_dsn: str) -> dict[str, str]:
    return jeton(database_dsn, "mediatrice@example.fr", "mediateur")


def enregistrer(client: TestClient, entetes: dict[str, str], **champs: Any) -> dict[str, Any]:
    corps = {"command_id": str(uuid.uuid4())} | champs
    reponse = client.post("/api/v1/beneficiaires", json=corps, headers=entetes)
    assert reponse.status_code == 201, reponse.text
    return reponse.json()


def test_a_mediator_reaches_only_their_own_people(
    client: TestClient, database_dsn: str, mediatrice: dict[str, str]
) -> None:
    # given a person followed by one mediator
    cree = enregistrer(client, mediatrice, **PERSONNE)
    autre = jeton(database_dsn, "autre@example.fr", "mediateur")
    # then she reads it, with the derived age band
    lu = client.get(
        f"/api/v1/beneficiaires/{cree['id']}",
        params={"apres": cree["position"]},
        headers=mediatrice,
    ).json()
    assert lu["nom"] == "Dupont" and lu["tranche_age"] == "soixante_dix_plus"
    assert lu["telephone"] == "+33612345678" and lu["commune"] == "Dijon"
    # and another mediator neither reads nor changes it, nor sees it in his list
    assert client.get(f"/api/v1/beneficiaires/{cree['id']}", headers=autre).status_code == 404
    patch = {"command_id": str(uuid.uuid4()), "version": 1, "nom": "X"}
    assert (
        client.patch(f"/api/v1/beneficiaires/{cree['id']}", json=patch, headers=autre).status_code
        == 404
    )
    assert client.get("/api/v1/beneficiaires", headers=autre).json()["total"] == 0
    # and a coordinator has no access to people at all
    coord = jeton(database_dsn, "coord@example.fr", "coordinateur")
    assert client.get("/api/v1/beneficiaires", headers=coord).status_code == 403


def test_consent_is_required_and_errors_name_the_field(
    client: TestClient, mediatrice: dict[str, str]
) -> None:
    corps = {"command_id": str(uuid.uuid4())} | PERSONNE | {"consentement": False}
    refus = client.post("/api/v1/beneficiaires", json=corps, headers=mediatrice)
    assert refus.status_code == 422
    assert refus.json()["erreurs"][0]["champ"] == "consentement"
    assert "consentement" in refus.json()["detail"]


def test_a_probable_duplicate_is_found_while_typing(
    client: TestClient, mediatrice: dict[str, str]
) -> None:
    cree = enregistrer(client, mediatrice, **PERSONNE)
    client.get("/api/v1/beneficiaires", params={"apres": cree["position"]}, headers=mediatrice)
    trouves = client.get(
        "/api/v1/beneficiaires/doublons",
        params={"prenom": "gisele", "nom": "DUPOND"},
        headers=mediatrice,
    ).json()
    assert [t["id"] for t in trouves] == [cree["id"]]
    assert (
        client.get(
            "/api/v1/beneficiaires/doublons",
            params={"prenom": "Paul", "nom": "Martin"},
            headers=mediatrice,
        ).json()
        == []
    )


def test_only_an_admin_erases_and_reads_are_logged(
    client: TestClient, database_dsn: str, mediatrice: dict[str, str]
) -> None:
    cree = enregistrer(client, mediatrice, **PERSONNE)
    chemin = f"/api/v1/beneficiaires/{cree['id']}"
    client.get(chemin, params={"apres": cree["position"]}, headers=mediatrice)
    corps = {"command_id": str(uuid.uuid4())}
    assert client.post(f"{chemin}/effacement", json=corps, headers=mediatrice).status_code == 403
    admin = jeton(database_dsn, "admin@example.fr", "admin")
    efface = client.post(f"{chemin}/effacement", json=corps, headers=admin)
    assert efface.status_code == 200, efface.text
    lu = client.get(chemin, params={"apres": efface.json()["position"]}, headers=admin).json()
    assert lu["nom"] is None and lu["anonymise"] is True and lu["annee_naissance"] == 1948

    async def journal() -> list[tuple[str, str]]:
        conn = await asyncpg.connect(database_dsn)
        try:
            rows = await conn.fetch("SELECT qui, action FROM journal_acces ORDER BY id")
            return [(r["qui"], r["action"]) for r in rows]
        finally:
            await conn.close()

    assert run_sync(journal()) == [
        ("mediatrice@example.fr", "lecture"),
        ("admin@example.fr", "lecture"),
    ]
