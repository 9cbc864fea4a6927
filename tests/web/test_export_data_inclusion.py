"""The registry in the data·inclusion v1 schema: structures and services validated against the
official JSON schemas, with the mapping data·inclusion applies to the national standard."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from litestar.testing import TestClient

from tests.web.test_export_standard import commande_depuis, exemple

SCHEMAS = Path(__file__).parents[1] / "data" / "data-inclusion-v1"


def erreurs(document: list[dict[str, Any]], schema: str) -> list[str]:
    validator = Draft202012Validator(
        json.loads((SCHEMAS / schema).read_text(encoding="utf-8")),
        format_checker=FormatChecker(),
    )
    return [
        f"{i}.{'.'.join(map(str, e.path))}: {e.message}"
        for i, objet in enumerate(document)
        for e in validator.iter_errors(objet)
    ]


def enregistrer(api: TestClient, corps: dict[str, Any]) -> dict[str, Any]:
    reponse = api.post("/api/v1/lieux", json={"command_id": str(uuid.uuid4()), **corps})
    assert reponse.status_code == 201, reponse.text
    return dict(reponse.json())


PETIT_LIEU = {
    "nom": "EPN",  # the schema's shortest name
    "adresse": "1 place de la Mairie",
    "code_postal": "21000",
    "code_insee": "21231",
    "latitude": 47.32,
    "longitude": 5.04,
    "services": ["Accès internet et matériel informatique"],
    "telephone": "03 80 12 34 56",
    "publics_specifiquement_adresses": ["Seniors"],
    "prise_en_charge_specifique": ["Surdité", "Illettrisme"],
    "frais_a_charge": ["Payant", "Gratuit sous condition"],
    "modalites_accompagnement": ["Dans un atelier collectif", "À distance"],
    "dispositif_programmes_nationaux": ["France Services", "Certification PIX"],
}


def test_the_export_validates_against_the_official_schemas(api: TestClient) -> None:
    # given the standard's official example and a sparse place of another kind
    officiel = enregistrer(api, commande_depuis(exemple()))
    petit = enregistrer(api, PETIT_LIEU)
    api.get("/api/v1/lieux", params={"apres": petit["position"]})
    # when the registry is exported to data·inclusion
    structures = api.get("/api/v1/data-inclusion/structures.json").json()
    services = api.get("/api/v1/data-inclusion/services.json").json()
    # then every object validates, and each service belongs to an exported structure
    assert erreurs(structures, "structure.json") == []
    assert erreurs(services, "service.json") == []
    assert {s["id"] for s in structures} == {
        f"mednum--{officiel['id']}",
        f"mednum--{petit['id']}",
    }
    assert {s["structure_id"] for s in services} == {s["id"] for s in structures}


def test_the_mapping_is_data_inclusions_own(api: TestClient) -> None:
    # given a place with publics, specific support, fees, modes and programmes
    petit = enregistrer(api, PETIT_LIEU)
    api.get("/api/v1/lieux", params={"apres": petit["position"]})
    # when exported
    [structure] = api.get("/api/v1/data-inclusion/structures.json").json()
    [service] = api.get("/api/v1/data-inclusion/services.json").json()
    # then programmes become networks (those data·inclusion knows), services themes
    assert structure["reseaux_porteurs"] == ["france-service"]
    assert structure["telephone"] == "+33380123456"
    assert structure["lien_source"].endswith(f"/lieux/{petit['id']}")
    assert service["thematiques"] == [
        "numerique--acceder-a-une-connexion-internet",
        "numerique--acquerir-un-equipement",
    ]
    # publics from both fields (illettrisme has no data·inclusion public), free wins over paid
    assert service["publics"] == ["personnes-en-situation-de-handicap", "seniors"]
    assert service["publics_precisions"] == "Illettrisme, Seniors, Surdité"
    assert service["frais"] == "gratuit"
    assert service["type"] == "atelier"
    assert service["modes_accueil"] == ["a-distance", "en-presentiel"]
    # no declared way in: the contact details say how to reach it
    assert service["modes_mobilisation"] == ["telephoner"]
    assert service["zone_eligibilite"] == ["21"]
    # a place without a description gets its services as one
    assert service["description"] == "Accès internet et matériel informatique"


def test_the_schema_check_itself_catches_a_broken_object() -> None:
    # a name too short and an unknown public must be reported
    structure = {"source": "mednum", "id": "mednum--1", "nom": "X", "date_maj": "2026-01-01"}
    assert erreurs([structure], "structure.json") != []
    service = {
        "source": "mednum",
        "id": "mednum--1",
        "structure_id": "mednum--1",
        "nom": "Service",
        "description": "Un service.",
        "date_maj": "2026-01-01",
        "publics": ["retraites"],
    }
    assert erreurs([service], "service.json") != []
