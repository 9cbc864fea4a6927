"""The lieux API: the national standard's field names, 4xx in French naming the field."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar.testing import TestClient

from projections.catalogue import all_projections
from tests.lieux_outils import CHAMPOLLION
from tests.web.outils_api import champ_manquant


def body(**changes: Any) -> dict[str, Any]:
    return (
        CHAMPOLLION
        | {
            "command_id": str(uuid.uuid4()),
            "services": [
                "Aide aux démarches administratives",
                "Accès internet et matériel informatique",
            ],
            "horaires": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00",
        }
        | changes
    )


def recenser(api: TestClient, **changes: Any) -> dict[str, Any]:
    response = api.post("/api/v1/lieux", json=body(**changes))
    assert response.status_code == 201, response.text
    return response.json()


def test_a_registered_place_appears_in_the_list_with_standard_field_names(
    api: TestClient,
) -> None:
    written = recenser(api)
    response = api.get("/api/v1/lieux", params={"apres": written["position"]})
    assert response.status_code == 200
    page = response.json()
    assert (page["total"], page["limit"], page["offset"]) == (1, 50, 0)
    [lieu] = page["items"]
    assert lieu["id"] == written["id"]
    assert {k: lieu[k] for k in ("nom", "code_postal", "code_insee", "commune", "horaires")} == {
        "nom": "Médiathèque Champollion",
        "code_postal": "21000",
        "code_insee": "21231",
        "commune": "Dijon",
        "horaires": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00",
    }


def test_a_retried_command_returns_the_first_answer_and_writes_nothing(api: TestClient) -> None:
    payload = body()
    first = api.post("/api/v1/lieux", json=payload)
    again = api.post("/api/v1/lieux", json=payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["deja_traitee"] is True
    listed = api.get("/api/v1/lieux", params={"apres": first.json()["position"]}).json()
    assert listed["total"] == 1


def test_filters_and_pagination(api: TestClient) -> None:
    recenser(api, nom="Dijon A")
    recenser(api, nom="Dijon B", services=["Loisirs et créations numériques"])
    last = recenser(
        api, nom="Besançon", code_insee="25056", code_postal="25000", latitude=47.24, longitude=6.02
    )
    wait = {"apres": last["position"]}
    assert api.get("/api/v1/lieux", params={**wait, "departement": "25"}).json()["total"] == 1
    assert api.get("/api/v1/lieux", params={**wait, "commune": "21231"}).json()["total"] == 2
    assert api.get("/api/v1/lieux", params={**wait, "commune": "25000"}).json()["total"] == 1
    loisirs = api.get(
        "/api/v1/lieux", params={**wait, "service": "Loisirs et créations numériques"}
    )
    assert [i["nom"] for i in loisirs.json()["items"]] == ["Dijon B"]
    page = api.get("/api/v1/lieux", params={**wait, "limit": 2, "offset": 2}).json()
    assert (page["total"], len(page["items"]), page["limit"], page["offset"]) == (3, 1, 2, 2)


@pytest.mark.parametrize(
    ("changes", "champ", "mot"),
    [
        ({"code_insee": "99999"}, "code_insee", "commune"),
        ({"latitude": 40.71, "longitude": -74.0}, "latitude", "territoire français"),
        ({"nom": "   "}, "nom", "vide"),
        ({"services": ["Cours de cuisine"]}, "services", "Service inconnu"),
        ({"code_postal": "21200"}, "code_postal", "Dijon"),
        ({"horaires": "Lundi 9h-12h"}, "horaires", "horaires"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_in_french(
    api: TestClient, changes: dict[str, Any], champ: str, mot: str
) -> None:
    response = api.post("/api/v1/lieux", json=body(**changes))
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["erreurs"][0]["champ"] == champ
    assert mot in error["detail"]
    assert api.get("/api/v1/lieux").json()["total"] == 0  # nothing half-written


@pytest.mark.parametrize(
    ("payload", "champ"),
    [
        ({"latitude": "nord"}, "latitude"),
        ({"services": "Aide aux démarches administratives"}, "services"),
        ({"command_id": "pas-un-uuid"}, "command_id"),
        ({"couleur": "bleu"}, "couleur"),
    ],
)
def test_malformed_body_is_a_400_naming_the_field(
    api: TestClient, payload: dict[str, Any], champ: str
) -> None:
    response = api.post("/api/v1/lieux", json=body(**payload))
    assert response.status_code == 400
    assert response.json()["erreurs"][0]["champ"] == champ
    assert champ in response.json()["detail"]


def test_missing_field_is_named(api: TestClient) -> None:
    champ_manquant(api, "/api/v1/lieux", body(), "code_insee")


def test_invalid_json_is_a_400_in_french(api: TestClient) -> None:
    response = api.post(
        "/api/v1/lieux", content=b"{nom:", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "JSON" in response.text


def test_modification_with_a_stale_version_is_a_409_with_the_current_state(
    api: TestClient,
) -> None:
    written = recenser(api)
    url = f"/api/v1/lieux/{written['id']}"
    first = api.patch(url, json={"command_id": str(uuid.uuid4()), "version": 1, "nom": "Nouveau"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = api.patch(url, json={"command_id": str(uuid.uuid4()), "version": 1, "nom": "Autre"})
    assert stale.status_code == 409
    conflict = stale.json()
    assert conflict["version_actuelle"] == 2
    assert conflict["etat_actuel"]["nom"] == "Nouveau"
    assert "modifiée entre-temps" in conflict["detail"]


def test_closing_removes_the_place_from_the_public_list(api: TestClient) -> None:
    written = recenser(api)
    closed = api.post(
        f"/api/v1/lieux/{written['id']}/fermeture",
        json={"command_id": str(uuid.uuid4()), "version": 1, "motif": "Travaux"},
    )
    assert closed.status_code == 200
    listed = api.get("/api/v1/lieux", params={"apres": closed.json()["position"]}).json()
    assert listed["total"] == 0
    detail = api.get(f"/api/v1/lieux/{written['id']}").json()
    assert detail["ferme"] is True


def test_unknown_place_is_a_404_in_french(api: TestClient) -> None:
    response = api.get(f"/api/v1/lieux/{uuid.uuid4()}")
    assert response.status_code == 404
    assert "n'existe pas" in response.json()["detail"]


def test_commune_search_is_accent_insensitive_and_by_postcode(client: TestClient) -> None:
    by_name = client.get("/api/v1/communes", params={"q": "besancon"}).json()
    assert by_name[0]["nom"] == "Besançon"
    by_postcode = client.get("/api/v1/communes", params={"q": "21000"}).json()
    assert by_postcode[0]["code_insee"] == "21231"
    saint = client.get("/api/v1/communes", params={"q": "st etienne"}).json()
    assert any(c["nom"] == "Saint-Étienne" for c in saint)


def test_health_reports_database_and_projection_lag(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["statut"] == "ok" and health["base_de_donnees"] is True
    assert [p["nom"] for p in health["projections"]] == [p.name for p in all_projections()]


def test_openapi_schema_documents_the_api(client: TestClient) -> None:
    schema = client.get("/schema/openapi.json").json()
    assert "/api/v1/lieux" in schema["paths"]
    recenser_body = schema["components"]["schemas"]["RecenserLieu"]
    assert {"nom", "code_insee", "latitude", "services"} <= set(recenser_body["properties"])
