"""The structures and aidants API: roles, French 4xx naming the field, read-your-writes."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import create_token, create_user
from tests.web.outils_api import champ_refuse

SIRET = "21210231300013"


def structure_body(**changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "siret": SIRET,
        "nom": "Centre social des Grésilles",
        "type_structure": "Centres sociaux",
        "adresse": "3 rue Jean-de-Cirey",
        "code_postal": "21000",
        "code_insee": "21231",
    } | changes


def aidant_body(**changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "prenom": "Camille",
        "nom": "Martin",
        "type_aidant": "mediateur_numerique_salarie",
    } | changes


def creer(api: TestClient, chemin: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(f"/api/v1/{chemin}", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_aidants_are_not_public_and_writes_need_a_coordinator(
    client: TestClient, database_dsn: str
) -> None:
    assert client.get("/api/v1/aidants").status_code == 401
    assert client.get(f"/api/v1/aidants/{uuid.uuid4()}").status_code == 401
    assert client.get("/api/v1/structures").status_code == 200  # structures are public
    assert client.post("/api/v1/structures", json=structure_body()).status_code == 401
    mediateur = create_token(database_dsn, create_user(database_dsn, "m@example.fr", "mediateur"))
    client.headers["Authorization"] = f"Bearer {mediateur}"
    refus = client.get("/api/v1/aidants")
    assert refus.status_code == 403
    assert "rôle" in refus.json()["detail"]
    assert client.post("/api/v1/aidants", json=aidant_body()).status_code == 403


def test_a_coordinator_registers_a_structure_and_an_affiliated_habilitated_aidant(
    api: TestClient,
) -> None:
    # given a structure and an aidant
    structure = creer(api, "structures", structure_body())
    aidant = creer(api, "aidants", aidant_body(email="camille@exemple.fr"))
    base = f"/api/v1/aidants/{aidant['id']}"
    # when the aidant is affiliated and gets training and PIX test
    affiliation = api.post(
        f"{base}/affiliations",
        json={
            "command_id": str(uuid.uuid4()),
            "structure_id": structure["id"],
            "debut": "2025-01-06",
        },
    )
    assert affiliation.status_code == 200, affiliation.text
    for type_ in ("formation_aidants_connect", "test_pix_aidants_connect"):
        last = api.post(
            f"{base}/qualifications",
            json={"command_id": str(uuid.uuid4()), "type": type_, "obtenue_le": "2025-02-01"},
        )
        assert last.status_code == 200, last.text
    # then the record shows it all
    lu = api.get(base, params={"apres": last.json()["position"]}).json()
    assert lu["type_aidant_libelle"] == "Médiateur numérique salarié"
    assert lu["actif"] is True and lu["habilite_aidants_connect"] is True
    assert [a["structure_nom"] for a in lu["affiliations"]] == ["Centre social des Grésilles"]
    assert {q["type"] for q in lu["qualifications"]} == {
        "formation_aidants_connect",
        "test_pix_aidants_connect",
    }
    listed = api.get("/api/v1/aidants", params={"structure": structure["id"], "actif": "true"})
    assert listed.json()["total"] == 1
    assert api.get("/api/v1/aidants", params={"type_aidant": "benevole"}).json()["total"] == 0
    lue = api.get(f"/api/v1/structures/{structure['id']}").json()
    assert lue["aidants_en_poste"] == 1


def test_refusals_are_422_in_french_naming_the_field(api: TestClient) -> None:
    siret = api.post("/api/v1/structures", json=structure_body(siret="21210231300012"))
    assert champ_refuse(siret) == (422, "siret")
    assert "SIRET" in siret.json()["detail"]
    written = creer(api, "structures", structure_body())
    api.get("/api/v1/structures", params={"apres": written["position"]})
    doublon = api.post("/api/v1/structures", json=structure_body(nom="Autre"))
    assert doublon.status_code == 422
    assert "déjà celui de la structure" in doublon.json()["detail"]
    type_inconnu = api.post("/api/v1/aidants", json=aidant_body(type_aidant="stagiaire"))
    assert champ_refuse(type_inconnu) == (422, "type_aidant")
    aidant = creer(api, "aidants", aidant_body())

    def affilier(**dates: str) -> Any:
        corps = {"command_id": str(uuid.uuid4()), "structure_id": written["id"]} | dates
        return api.post(f"/api/v1/aidants/{aidant['id']}/affiliations", json=corps)

    def renommer(chemin: str, version: int = 1) -> Any:
        corps = {"command_id": str(uuid.uuid4()), "version": version, "nom": "X"}
        return api.patch(chemin, json=corps)

    assert champ_refuse(affilier(debut="demain")) == (400, "debut")
    assert champ_refuse(affilier(debut="2025-05-01", fin="2025-04-01")) == (422, "fin")
    inconnu = renommer(f"/api/v1/aidants/{uuid.uuid4()}")
    assert inconnu.status_code == 404
    conflit = renommer(f"/api/v1/structures/{written['id']}", version=7)
    assert conflit.status_code == 409
    assert conflit.json()["etat_actuel"]["nom"] == "Centre social des Grésilles"
    # an id of another kind of record is no structure, and no place either
    autre = renommer(f"/api/v1/structures/{aidant['id']}")
    assert autre.status_code == 404
    pas_un_lieu = api.post(
        f"/api/v1/structures/{written['id']}/lieux",
        json={"command_id": str(uuid.uuid4()), "lieu_id": aidant["id"]},
    )
    assert champ_refuse(pas_un_lieu) == (422, "lieux")
