"""Upkeep of the registry through the API and the pages: history and provenance, stale
records, duplicates merged and un-merged."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import msgspec
import pytest
from litestar.testing import TestClient

from domain.lieux.commands import ModifierLieu, RecenserLieu
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from tests.conftest import run_sync
from tests.lieux_outils import hub_ouvert
from tests.web.conftest import csrf_from, login
from tests.web.test_lieux_api import body, recenser
from tests.web.test_pages import import_de_coordination

# What the read model says of a place apart from its bookkeeping (versions, dates).
TENUE = {"version", "date_maj", "verifie_le", "source_verification", "a_verifier"}


@pytest.fixture
def hub_passe(database_dsn: str) -> Iterator[Hub]:
    """The write side as it was 13 months ago."""
    il_y_a_13_mois = datetime.now(UTC) - timedelta(days=400)
    with hub_ouvert(database_dsn, clock=lambda: il_y_a_13_mois) as hub:
        yield hub


async def fetchval(dsn: str, sql: str) -> Any:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


def commande_recenser(**changes: Any) -> RecenserLieu:
    return msgspec.convert(body(**changes), RecenserLieu)


def lire(api: TestClient, lieu_id: str, apres: int | None = None) -> dict[str, Any]:
    response = api.get(f"/api/v1/lieux/{lieu_id}", params={"apres": apres} if apres else {})
    assert response.status_code == 200, response.text
    return response.json()


def sans_tenue(lieu: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in lieu.items() if k not in TENUE}


def deux_fiches_du_meme_lieu(api: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    a = recenser(api, telephone=None, horaires=None)
    b = recenser(
        api,
        nom="Mediatheque Champollion",
        adresse="14, rue Champollion",
        latitude=47.3326,
        longitude=5.0513,
        telephone="03 80 48 82 30",
        services=["Aide aux démarches administratives", "Utilisation sécurisée du numérique"],
    )
    return lire(api, a["id"], a["position"]), lire(api, b["id"], b["position"])


def test_a_merge_can_be_undone_and_restores_both_places_exactly(api: TestClient) -> None:
    # given two records of the same place, proposed as duplicates
    a, b = deux_fiches_du_meme_lieu(api)
    [paire] = api.get("/api/v1/lieux/doublons").json()
    assert {paire["a"]["id"], paire["b"]["id"]} == {a["id"], b["id"]}
    assert paire["score"]["total"] > 0.8
    # when b is merged into a
    fusion = api.post(
        f"/api/v1/lieux/{a['id']}/fusion",
        json={
            "command_id": str(uuid.uuid4()),
            "doublon": b["id"],
            "version": a["version"],
            "version_doublon": b["version"],
        },
    )
    assert fusion.status_code == 200, fusion.text
    garde = lire(api, a["id"], fusion.json()["position"])
    # then a gained b's phone, hours and service, and the place is listed, mapped and exported once
    assert garde["telephone"] == "+33380488230"
    assert garde["horaires"] == b["horaires"]
    assert "Utilisation sécurisée du numérique" in garde["services"]
    assert [lieu["id"] for lieu in api.get("/api/v1/lieux").json()["items"]] == [a["id"]]
    assert len(api.get("/api/v1/lieux.csv").text.splitlines()) == 2  # header and one place
    assert b["id"] not in api.get("/carte").text and a["id"] in api.get("/carte").text
    assert lire(api, b["id"])["fusionne_dans"] == a["id"]
    assert api.get("/api/v1/lieux/doublons").json() == []
    # when the merge is undone
    annulation = api.post(
        f"/api/v1/lieux/{b['id']}/annulation-fusion",
        json={"command_id": str(uuid.uuid4()), "version": lire(api, b["id"])["version"]},
    )
    assert annulation.status_code == 200, annulation.text
    # then both places are exactly as before
    position = annulation.json()["position"]
    assert sans_tenue(lire(api, a["id"], position)) == sans_tenue(a)
    assert sans_tenue(lire(api, b["id"], position)) == sans_tenue(b)
    assert api.get("/api/v1/lieux").json()["total"] == 2


def test_a_pair_judged_distinct_leaves_the_queue(api: TestClient) -> None:
    a, b = deux_fiches_du_meme_lieu(api)
    ecarte = api.post(
        f"/api/v1/lieux/{b['id']}/doublons-ecartes",
        json={"command_id": str(uuid.uuid4()), "autre": a["id"]},
    )
    assert ecarte.status_code == 200, ecarte.text
    api.get("/api/v1/lieux", params={"apres": ecarte.json()["position"]})
    assert api.get("/api/v1/lieux/doublons").json() == []


def test_merging_a_place_into_itself_is_a_422_naming_the_field(api: TestClient) -> None:
    a = recenser(api)
    refus = api.post(
        f"/api/v1/lieux/{a['id']}/fusion",
        json={
            "command_id": str(uuid.uuid4()),
            "doublon": a["id"],
            "version": 1,
            "version_doublon": 1,
        },
    )
    assert refus.status_code == 422
    assert refus.json()["erreurs"][0]["champ"] == "doublon"


def test_the_duplicate_queue_is_for_coordinators(client: TestClient) -> None:
    assert client.get("/api/v1/lieux/doublons").status_code == 401
    assert client.get("/lieux/doublons", follow_redirects=False).status_code in (302, 303)


def test_a_place_not_verified_for_a_year_is_listed_until_confirmed(
    api: TestClient, hub_passe: Hub
) -> None:
    # given a place recorded 13 months ago, and a fresh one
    ancien = Lieux(hub_passe).recenser_lieu(
        commande_recenser(nom="Ancienne fiche"), "import:cartographie-nationale"
    )
    recenser(api, nom="Fiche récente")
    # when coordinators list the records to verify
    a_verifier = api.get(
        "/api/v1/lieux", params={"a_verifier": "true", "apres": ancien.notification_id}
    ).json()
    # then only the old one is there, flagged
    assert [lieu["nom"] for lieu in a_verifier["items"]] == ["Ancienne fiche"]
    assert a_verifier["items"][0]["a_verifier"] is True
    assert a_verifier["items"][0]["source_verification"] == "import « cartographie-nationale »"
    # when a coordinator confirms it
    confirme = api.post(
        f"/api/v1/lieux/{ancien.id}/verification",
        json={"command_id": str(uuid.uuid4()), "version": 1},
    )
    assert confirme.status_code == 200, confirme.text
    # then it is fresh again
    lieu = lire(api, str(ancien.id), confirme.json()["position"])
    assert lieu["a_verifier"] is False
    assert lieu["source_verification"] == "équipe de coordination MedNum"
    assert api.get("/api/v1/lieux", params={"a_verifier": "true"}).json()["total"] == 0


def test_an_import_then_a_coordinator_change_show_both_with_their_source(
    client: TestClient, database_dsn: str
) -> None:
    # given a place imported from a file, then changed by a coordinator with the form
    form, files = import_de_coordination(client, database_dsn, "Hubik")
    assert "1 créé" in client.post("/lieux/import", data=form, files=files).text
    position = run_sync(fetchval(database_dsn, "SELECT max(notification_id) FROM mednum_events"))
    [lieu] = client.get("/api/v1/lieux", params={"apres": position}).json()["items"]
    with hub_ouvert(database_dsn) as hub:
        change = Lieux(hub).modifier_lieu(
            uuid.UUID(lieu["id"]),
            ModifierLieu(
                command_id=uuid.uuid4(), version=lieu["version"], horaires="Mo 09:00-12:00"
            ),
            "coord@example.fr",
        )
    # when the history is read, by the public and by the coordinator
    page = client.get(f"/lieux/{lieu['id']}", params={"apres": change.notification_id})
    coord = client.get(f"/api/v1/lieux/{lieu['id']}/historique").json()
    client.cookies.clear()
    public = client.get(f"/api/v1/lieux/{lieu['id']}/historique").json()
    # then both changes are there with their source, and e-mails only for the coordinator
    assert [c["nature"] for c in public["changements"]] == ["Recensement", "Modification"]
    assert [c["source"] for c in public["changements"]] == [
        "import « Hubik »",
        "équipe de coordination MedNum",
    ]
    assert all(c["auteur"] is None for c in public["changements"])
    assert "coord@example.fr" not in str(public)
    assert [c["auteur"] for c in coord["changements"]] == ["import:Hubik", "coord@example.fr"]
    assert list(coord["changements"][1]["champs"]) == ["horaires"]
    assert coord["provenance"]["horaires"]["auteur"] == "coord@example.fr"
    assert coord["provenance"]["nom"]["source"] == "import « Hubik »"
    # and the page shows when and by whom it was last verified, and its history
    assert "Informations vérifiées le" in page.text
    assert "Provenance de chaque champ" in page.text and "import:Hubik" in page.text
    public_page = client.get(f"/lieux/{lieu['id']}").text
    assert "Historique de la fiche" in public_page and "import « Hubik »" in public_page
    assert "coord@example.fr" not in public_page


def test_a_coordinator_reviews_merges_and_unmerges_with_the_pages(
    client: TestClient, database_dsn: str, coordinator_token: str
) -> None:
    # given two records of one place
    client.headers["Authorization"] = f"Bearer {coordinator_token}"
    a, b = deux_fiches_du_meme_lieu(client)
    del client.headers["Authorization"]
    login(client, "coord@example.fr")
    queue = client.get("/lieux/doublons")
    assert queue.status_code == 200 and "1 paire" in queue.text
    token = csrf_from(client, "/lieux/doublons")
    # when the coordinator keeps the first
    merged = client.post(
        f"/lieux/{a['id']}/fusionner",
        data={
            "_csrf_token": token,
            "doublon": b["id"],
            "version": str(a["version"]),
            "version_doublon": str(b["version"]),
        },
        follow_redirects=False,
    )
    assert merged.status_code in (302, 303), merged.text
    client.get(merged.headers["location"])
    # then the public is sent from the duplicate to the kept place
    coord_page = client.get(f"/lieux/{b['id']}")
    assert "Fiche fusionnée" in coord_page.text
    cookies = dict(client.cookies)
    client.cookies.clear()
    moved = client.get(f"/lieux/{b['id']}", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == f"/lieux/{a['id']}"
    client.cookies.update(cookies)
    # when the coordinator undoes it from the duplicate's page
    undone = client.post(
        f"/lieux/{b['id']}/annuler-fusion",
        data={"_csrf_token": token, "version": str(b["version"] + 1)},
        follow_redirects=False,
    )
    assert undone.status_code in (302, 303), undone.text
    # then both places are back, and the pair is proposed again
    assert "Fiche fusionnée" not in client.get(undone.headers["location"]).text
    assert "1 paire" in client.get("/lieux/doublons").text
    # when they are judged distinct, the queue is empty
    dismissed = client.post(
        f"/lieux/{a['id']}/ecarter-doublon",
        data={"_csrf_token": token, "autre": b["id"]},
        follow_redirects=False,
    )
    assert "Aucun doublon probable" in client.get(dismissed.headers["location"]).text


def test_the_duplicate_queue_is_filtered_by_a_departement_chosen_by_its_name(
    client: TestClient, coordinator_token: str
) -> None:
    # given a pair of records in Dijon (21) and another in Besançon (25)
    client.headers["Authorization"] = f"Bearer {coordinator_token}"
    deux_fiches_du_meme_lieu(client)
    planoise = {
        "nom": "Espace numérique Planoise",
        "adresse": "3 rue Picasso",
        "code_insee": "25056",
        "code_postal": "25000",
        "latitude": 47.2206,
        "longitude": 5.9447,
    }
    recenser(client, **planoise)
    dernier = recenser(client, **planoise | {"latitude": 47.2207})
    del client.headers["Authorization"]
    login(client, "coord@example.fr")
    # when the coordinator opens the queue
    queue = client.get("/lieux/doublons", params={"apres": dernier["position"]}).text
    # then the départements are offered by name, with their pairs
    assert '<option value="">Tous les départements (2 paires)</option>' in queue
    assert '<option value="25">Doubs (25) : 1 paire</option>' in queue
    assert "Côte-d&#39;Or (21) : 1 paire</option>" in queue
    # and choosing one keeps only its pairs
    doubs = client.get("/lieux/doublons", params={"departement": "25"}).text
    assert "1 paire à examiner" in doubs and "Planoise" in doubs
    assert "Champollion" not in doubs
    assert '<option value="25" selected>' in doubs
