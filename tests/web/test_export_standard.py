"""Exports in the national standard v1.0.2, checked with frictionless against the official
schema; the official example goes in through the API and comes back out the same."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from frictionless import Resource, Schema, validate
from litestar.testing import TestClient

from domain.lieux.standard import COLONNES_MULTIPLES

DATA = Path(__file__).parents[1] / "data"
SCHEMA = DATA / "lieux-mediation-numerique.schema-v1.0.2.json"
EXEMPLE = DATA / "lieux-mediation-numerique.exemple-valide-v1.0.2.csv"


def exemple() -> dict[str, str]:
    with EXEMPLE.open(encoding="utf-8", newline="") as handle:
        return next(csv.DictReader(handle))


def commande_depuis(ligne: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {"command_id": str(uuid.uuid4())}
    for champ, valeur in ligne.items():
        if champ in ("id", "commune") or valeur == "":
            continue
        if champ in COLONNES_MULTIPLES:
            body[champ] = valeur.split("|")
        elif champ in ("latitude", "longitude"):
            body[champ] = float(valeur)
        else:
            body[champ] = valeur
    return body


def valid_against_schema(content: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    schema = Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))
    report = validate(Resource(path=path.name, basepath=str(tmp_path), schema=schema))
    return [error.message for task in report.tasks for error in task.errors]


def test_the_official_example_round_trips_and_validates(api: TestClient, tmp_path: Path) -> None:
    # given the standard's official example, registered through the API
    ligne = exemple()
    written = api.post("/api/v1/lieux", json=commande_depuis(ligne))
    assert written.status_code == 201, written.text
    api.get("/api/v1/lieux", params={"apres": written.json()["position"]})
    # when it is exported
    response = api.get("/api/v1/lieux.csv")
    # then the file validates against the official schema
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "lieux-de-mediation-numerique" in response.headers["content-disposition"]
    assert valid_against_schema(response.text, tmp_path) == []
    # and gives back the example, its date of last verification included, but for our id and
    # the order of list values
    [exporte] = list(csv.DictReader(io.StringIO(response.text)))
    assert list(exporte) == list(ligne)
    for champ, valeur in ligne.items():
        if champ == "id":
            continue
        if champ in COLONNES_MULTIPLES:
            assert set(exporte[champ].split("|")) == set(valeur.split("|")), champ
        elif champ in ("latitude", "longitude"):
            assert float(exporte[champ]) == float(valeur), champ
        else:
            assert exporte[champ] == valeur, champ
    assert exporte["id"] == written.json()["id"]


def test_demo_like_places_without_pivot_export_valid(api: TestClient, tmp_path: Path) -> None:
    for nom in ("Médiathèque", "France Services", "EPN"):
        written = api.post(
            "/api/v1/lieux",
            json={
                "command_id": str(uuid.uuid4()),
                "nom": nom,
                "adresse": "1 place de la Mairie",
                "code_postal": "21000",
                "code_insee": "21231",
                "latitude": 47.32,
                "longitude": 5.04,
                "services": ["Aide aux démarches administratives"],
                "horaires": "Mo-Fr 09:00-12:00",
                "modalites_acces": ["Ce lieu n’accueille pas de public"],
                "formations_labels": ["Étapes numériques (La Poste)"],
            },
        )
        assert written.status_code == 201, written.text
    api.get("/api/v1/lieux", params={"apres": written.json()["position"]})
    content = api.get("/api/v1/lieux.csv").text
    assert valid_against_schema(content, tmp_path) == []
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["pivot"] for r in rows] == ["00000000000000"] * 3
    assert {r["formations_labels"] for r in rows} == {"Étapes numériques(La Poste)"}


def test_json_export_has_the_same_rows(api: TestClient) -> None:
    written = api.post("/api/v1/lieux", json=commande_depuis(exemple()))
    api.get("/api/v1/lieux", params={"apres": written.json()["position"]})
    [ligne] = api.get("/api/v1/lieux.json").json()
    assert ligne["nom"] == "Anonymal"
    assert ligne["latitude"] == pytest.approx(43.52609)
    assert ligne["modalites_accompagnement"].split("|")[0] == "En autonomie"


def test_a_bad_value_of_the_standard_is_a_422_naming_the_field(api: TestClient) -> None:
    body = commande_depuis(exemple()) | {"frais_a_charge": ["Gratuit pour tous"]}
    response = api.post("/api/v1/lieux", json=body)
    assert response.status_code == 422
    assert response.json()["erreurs"][0]["champ"] == "frais_a_charge"


def test_the_schema_check_itself_catches_a_broken_file(tmp_path: Path) -> None:
    broken = EXEMPLE.read_text(encoding="utf-8").replace('"43493312300029"', '"12"')
    assert valid_against_schema(broken, tmp_path) != []
    assert valid_against_schema(EXEMPLE.read_text(encoding="utf-8"), tmp_path) == []


def test_the_place_page_shows_contact_access_and_accessibility(api: TestClient) -> None:
    written = api.post("/api/v1/lieux", json=commande_depuis(exemple())).json()
    page = api.get(f"/lieux/{written['id']}", params={"apres": written["position"]}).text
    assert 'href="tel:+33180059880"' in page and "01 80 05 98 80" in page
    assert "mailto:contact@laquincaillerie.tl" in page
    assert "Prendre rendez-vous en ligne" in page
    assert "surdité" in page and "fiche Accès libre" in page
    assert "Notre parcours d&#39;initiation" in page


def test_the_excel_export_has_a_bom_and_semicolons(api: TestClient) -> None:
    # given the official example registered
    written = api.post("/api/v1/lieux", json=commande_depuis(exemple()))
    api.get("/api/v1/lieux", params={"apres": written.json()["position"]})
    # when exported for a spreadsheet set to French
    response = api.get("/api/v1/lieux-excel.csv")
    # then Excel finds UTF-8 from the BOM and columns from the semicolons
    assert response.content.startswith("\ufeff".encode())
    assert "_excel.csv" in response.headers["content-disposition"]
    texte = response.content.decode("utf-8-sig")
    [ligne] = list(csv.DictReader(io.StringIO(texte), delimiter=";"))
    assert ligne["nom"] == "Anonymal"
    assert set(ligne["services"].split("|")) == set(exemple()["services"].split("|"))
