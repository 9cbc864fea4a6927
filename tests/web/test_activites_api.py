"""The activities API: mediators only, each reaching only their own records (another's is a
404), French 422 naming the field, corrections and deletions with their history."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from litestar.testing import TestClient

from tests.web.outils_api import aujourdhui, champ_refuse
from tests.web.outils_connexion import jeton


def corps(**changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "type": "individuel",
        "date": aujourdhui().isoformat(),
        "duree": 30,
        "type_lieu": "domicile",
        "commune": "21231",
        "materiel": ["telephone"],
        "thematiques": ["email"],
        "notes": "Revoir les pièces jointes",
        "profil": {"genre": "feminin"},
    } | changes


def test_only_mediators_and_admins_reach_activities(client: TestClient, database_dsn: str) -> None:
    # given no login, then 401
    assert client.get("/api/v1/activites").status_code == 401
    assert client.post("/api/v1/activites", json=corps()).status_code == 401
    # given a coordinator (who sees no beneficiary data), then 403
    coord = jeton(database_dsn, "coord@example.fr", "coordinateur")
    assert client.get("/api/v1/activites", headers=coord).status_code == 403
    assert client.post("/api/v1/activites", json=corps(), headers=coord).status_code == 403


def test_a_mediator_records_reads_corrects_and_deletes_their_own_activity(
    client: TestClient, database_dsn: str
) -> None:
    med = jeton(database_dsn, "med@example.fr", "mediateur")
    # when a session is recorded
    cree = client.post("/api/v1/activites", json=corps(), headers=med)
    assert cree.status_code == 201, cree.text
    ecrit = cree.json()
    assert cree.headers["location"] == f"/api/v1/activites/{ecrit['id']}"
    # then it can be read back at once, with its notes and its history
    lu = client.get(
        f"/api/v1/activites/{ecrit['id']}?apres={ecrit['position']}", headers=med
    ).json()
    assert lu["activite"]["duree"] == 30 and lu["activite"]["commune_nom"] == "Dijon"
    assert lu["notes"] == "Revoir les pièces jointes"
    assert [ligne["quoi"] for ligne in lu["historique"]] == ["enregistrement"]
    # when corrected from an old version, then 409 with the current record
    conflit = client.patch(
        f"/api/v1/activites/{ecrit['id']}",
        json={"command_id": str(uuid.uuid4()), "version": 5, "duree": 45},
        headers=med,
    )
    assert conflit.status_code == 409 and conflit.json()["etat_actuel"]["version"] == 1
    # when corrected from the current one, then the history says what changed
    corrige = client.patch(
        f"/api/v1/activites/{ecrit['id']}",
        json={"command_id": str(uuid.uuid4()), "version": 1, "duree": 45},
        headers=med,
    )
    assert corrige.status_code == 200, corrige.text
    lu = client.get(
        f"/api/v1/activites/{ecrit['id']}?apres={corrige.json()['position']}", headers=med
    ).json()
    assert lu["historique"][1]["details"] == ["durée : 30 min → 45 min"]
    # when deleted without a reason, then 422 naming motif
    sans_motif = client.post(
        f"/api/v1/activites/{ecrit['id']}/suppression",
        json={"command_id": str(uuid.uuid4()), "version": 2, "motif": ""},
        headers=med,
    )
    assert champ_refuse(sans_motif) == (422, "motif")
    # when deleted with one, then it leaves the list
    supprime = client.post(
        f"/api/v1/activites/{ecrit['id']}/suppression",
        json={"command_id": str(uuid.uuid4()), "version": 2, "motif": "Doublon"},
        headers=med,
    )
    assert supprime.status_code == 200, supprime.text
    liste = client.get(f"/api/v1/activites?apres={supprime.json()['position']}", headers=med).json()
    assert liste["total"] == 0
    avec = client.get("/api/v1/activites?supprimees=true", headers=med).json()
    assert avec["items"][0]["supprimee"] and avec["items"][0]["motif_suppression"] == "Doublon"


def test_another_mediators_activity_is_not_found(client: TestClient, database_dsn: str) -> None:
    # given my activity
    med = jeton(database_dsn, "med@example.fr", "mediateur")
    ecrit = client.post("/api/v1/activites", json=corps(), headers=med).json()
    chemin = f"/api/v1/activites/{ecrit['id']}"
    # when another mediator reads, corrects or deletes it, then 404, and their list is empty
    autre = jeton(database_dsn, "autre@example.fr", "mediateur")
    assert client.get(f"{chemin}?apres={ecrit['position']}", headers=autre).status_code == 404
    patch = {"command_id": str(uuid.uuid4()), "version": 1, "duree": 10}
    assert client.patch(chemin, json=patch, headers=autre).status_code == 404
    suppression = {"command_id": str(uuid.uuid4()), "version": 1, "motif": "x"}
    assert client.post(f"{chemin}/suppression", json=suppression, headers=autre).status_code == 404
    assert client.get("/api/v1/activites", headers=autre).json()["total"] == 0
    # and an id of another kind of record is a 404 too, not a crash
    assert client.get(f"/api/v1/activites/{uuid.uuid4()}", headers=med).status_code == 404
    # and an admin sees it
    admin = jeton(database_dsn, "admin@example.fr", "admin")
    assert client.get(chemin, headers=admin).status_code == 200
    assert client.get("/api/v1/activites", headers=admin).json()["total"] == 1


def test_refusals_are_422_in_french_naming_the_field(client: TestClient, database_dsn: str) -> None:
    med = jeton(database_dsn, "med@example.fr", "mediateur")
    demain = (aujourdhui() + timedelta(days=1)).isoformat()
    ancien = (aujourdhui() - timedelta(days=120)).isoformat()
    for changes, champ in (
        ({"date": demain}, "date"),
        ({"date": ancien}, "motif_retard"),
        ({"duree": 0}, "duree"),
        ({"duree": 601}, "duree"),
        ({"thematiques": []}, "thematiques"),
        ({"thematiques": ["logement"]}, "thematiques"),
        ({"precisions_demarche": "APL"}, "precisions_demarche"),
        ({"structure_de_redirection": "administration"}, "structure_de_redirection"),
        ({"commune": None}, "commune"),
        ({"beneficiaire_id": str(uuid.uuid4()), "profil": None}, "beneficiaire_id"),
        (
            {
                "type": "collectif",
                "profil": None,
                "participants": {"total": 2, "genres": {"feminin": 3}},
            },
            "participants.genres",
        ),
    ):
        refus = client.post("/api/v1/activites", json=corps(**changes), headers=med)
        assert refus.status_code == 422, (changes, refus.text)
        erreur = refus.json()["erreurs"][0]
        assert erreur["champ"] == champ, (changes, erreur)
    # a malformed body is a 400 naming the field, never a 500
    mauvais = client.post("/api/v1/activites", json=corps(duree="long"), headers=med)
    assert mauvais.status_code == 400 and "duree" in mauvais.text


def test_figures_compare_the_period_with_the_previous_one(
    client: TestClient, database_dsn: str
) -> None:
    med = jeton(database_dsn, "med@example.fr", "mediateur")
    hier = (aujourdhui() - timedelta(days=1)).isoformat()
    client.post("/api/v1/activites", json=corps(), headers=med)
    ecrit = client.post("/api/v1/activites", json=corps(date=hier, duree=90), headers=med).json()
    du = aujourdhui().isoformat()
    chiffres = client.get(
        f"/api/v1/activites/statistiques?du={du}&au={du}&apres={ecrit['position']}", headers=med
    ).json()
    assert chiffres["periode"]["accompagnements"] == 1
    assert chiffres["precedente"]["minutes"] == 90
    refus = client.get(f"/api/v1/activites/statistiques?du={du}&au={hier}", headers=med)
    assert champ_refuse(refus) == (422, "du")
