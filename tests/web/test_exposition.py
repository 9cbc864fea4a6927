"""Commands exposed once (web/exposition.py, web/cas_usage/): the table reads like the list of
use cases, and one declaration gives a JSON route and a form action that behave alike."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from typing import get_type_hints

from litestar.testing import TestClient

from mednum.composition import Services
from tests.web.conftest import create_token, create_user
from tests.web.test_acteurs_api import structure_body
from tests.web.test_acteurs_pages import coordinateur, poster
from tests.web.test_financements_api import dossier
from web.cas_usage import TOUS


def test_each_command_has_one_json_route_and_each_form_one_address() -> None:
    # A command may have several forms (an aidant's places are changed by ModifierAidant
    # from their page), never two JSON routes.
    en_json = Counter(cas.commande for cas in TOUS if cas.api)
    assert [c for c, n in en_json.items() if n > 1] == []
    adresses = Counter(cas.formulaire.chemin for cas in TOUS if cas.formulaire)
    assert [a for a, n in adresses.items() if n > 1] == []
    operations = [cas.operation_id for cas in TOUS if cas.api]
    assert all(operations) and len(set(operations)) == len(operations)
    for cas in TOUS:
        assert cas.api or cas.formulaire, cas.commande
        assert getattr(cas.acces, "mednum_access_rule", None), cas.commande


def test_each_service_method_is_found_under_its_own_name() -> None:
    # Services.de finds a method's service by the method's name, and the methods made by
    # sur_l_etat take their decision's name: the two must agree.
    classes = get_type_hints(Services).values()
    methodes = [cas.methode for cas in TOUS] + [cas.etat for cas in TOUS if cas.etat]
    for methode in methodes:
        assert any(getattr(c, methode.__name__, None) is methode for c in classes), methode


def test_the_same_declaration_answers_json_and_forms(client: TestClient, database_dsn: str) -> None:
    coordinateur(client, database_dsn)
    jeton = create_token(database_dsn, create_user(database_dsn, "c2@example.fr", "coordinateur"))
    bearer = {"Authorization": f"Bearer {jeton}"}
    structure = client.post("/api/v1/structures", json=structure_body(), headers=bearer).json()
    # JSON: a creation answers 201 with its address, a retry of the same command 200 and the
    # same record
    corps = dossier(structure["id"])
    cree = client.post("/api/v1/financements", json=corps, headers=bearer)
    assert cree.status_code == 201, cree.text
    assert cree.headers["location"] == f"/api/v1/financements/{cree.json()['id']}"
    rejoue = client.post("/api/v1/financements", json=corps, headers=bearer)
    assert rejoue.status_code == 200 and rejoue.json()["id"] == cree.json()["id"]
    assert rejoue.json()["deja_traitee"] is True
    # a form with three fields wrong shows the three errors at once, and records nothing
    vide = poster(
        client,
        "/financements/nouveau",
        {"source": "region", "financeur": "", "montant_demande": "beaucoup", "date_depot": "x"},
        "/financements/nouveau",
    )
    assert vide.status_code == 422  # type: ignore[attr-defined]
    for champ in ("financeur", "montant_demande", "date_depot"):
        assert f'id="{champ}-erreur"' in vide.text, champ  # type: ignore[attr-defined]
    total = client.get("/api/v1/financements", headers=bearer).json()["total"]
    assert total == 1
    # a stale version in a form is a 409 that shows the page again, with the conflict said
    base = f"/financements/{cree.json()['id']}"
    accord = {"version": "1", "montant_accorde": "1000", "date_decision": "2025-04-02"}
    assert poster(client, base + "/accord", accord, base).status_code == 303  # type: ignore[attr-defined]
    conflit = poster(client, base + "/refus", accord | {"motif": "non"}, base)
    assert conflit.status_code == 409  # type: ignore[attr-defined]
    assert re.search(r"version|modifi", conflit.text)  # type: ignore[attr-defined]
    # JSON: the same conflict carries the record's current state
    refus = client.post(
        f"/api/v1{base}/refus",
        json={"command_id": str(uuid.uuid4()), "version": 1, "date_decision": "2025-04-03"},
        headers=bearer,
    )
    assert refus.status_code == 409
    assert refus.json()["etat_actuel"]["statut"] == "accorde"
