"""The home page by role: a mediator's day (sessions, people to get back to, referrals
awaiting an answer, export and import), the registry's queues for coordinators, the reports
for a funder; citizens keep the public home. And `/orientations` names the person."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import httpx
from litestar.testing import TestClient

from tests.conftest import admin_sql, run_sync
from tests.web.conftest import create_user, login
from tests.web.outils_api import aujourdhui, seance_enregistree
from tests.web.outils_connexion import connecter, jeton
from tests.web.test_orientation import attendre_projection, lieux_de_dijon, proposer_r3


def suivre(
    client: httpx.Client, jeton: dict[str, str], prenom: str, nom: str, **champs: Any
) -> Any:
    """A followed person who consented, recorded through the API (the test app's client or
    a live server's): its answer, id and log position."""
    reponse = client.post(
        "/api/v1/beneficiaires",
        json={
            "command_id": str(uuid.uuid4()),
            "suivi": True,
            "consentement": True,
            "prenom": prenom,
            "nom": nom,
        }
        | champs,
        headers=jeton,
    )
    assert reponse.status_code == 201, reponse.text
    return reponse.json()


def personne(client: TestClient, jeton: dict[str, str], prenom: str, nom: str) -> str:
    return str(suivre(client, jeton, prenom, nom)["id"])


def seance(client: httpx.Client, jeton: dict[str, str], jours: int, **champs: Any) -> Any:
    corps = {
        "date": (aujourdhui() - timedelta(days=jours)).isoformat(),
        "duree": 45,
        "type_lieu": "domicile",
        "commune": "21231",
        "thematiques": ["email"],
    }
    return seance_enregistree(client, jeton, **(corps | champs))


def test_citizens_keep_the_public_home_and_a_funder_lands_on_the_reports(
    client: TestClient, database_dsn: str
) -> None:
    assert "Trouver de l'aide pour le numérique" in client.get("/").text
    connecter(client, database_dsn, "region@example.fr", "financeur")
    reponse = client.get("/", follow_redirects=False)
    assert reponse.status_code in (302, 303) and reponse.headers["location"] == "/rapports"


def test_a_coordinator_sees_the_registrys_work_queues(
    client: TestClient, database_dsn: str
) -> None:
    lieux_de_dijon(client, database_dsn)
    # the UPDATE below needs the rows: the projector may not have written them yet
    attendre_projection(client)
    # given one of the two places not verified for more than a year
    run_sync(
        admin_sql(
            database_dsn,
            "UPDATE lieux SET verifie_le = now() - interval '13 months' "
            "WHERE nom = 'Atelier numérique'",
        )
    )
    login(client, "coord@example.fr")
    texte = client.get("/").text
    assert "Espace coordination" in texte
    a_verifier = re.search(
        r'href="/lieux\?a_verifier=true">Lieux à vérifier.*?(\d+)</p>', texte, re.S
    )
    assert a_verifier and a_verifier.group(1) == "1"
    assert 'href="/lieux/doublons"' in texte and 'href="/lieux/signalements"' in texte


def test_a_mediators_home_shows_her_day_her_people_and_her_referrals(
    client: TestClient, database_dsn: str
) -> None:
    atelier, _ = lieux_de_dijon(client, database_dsn)
    moi = jeton(database_dsn, "med@example.fr")
    autre = jeton(database_dsn, "autre@example.fr")
    # given Paul seen today, Gisèle last seen 70 days ago, and another mediator's Jeanne too
    paul = personne(client, moi, "Paul", "Durand")
    gisele = personne(client, moi, "Gisèle", "Martin")
    jeanne = personne(client, autre, "Jeanne", "Autre")
    seance(client, moi, 0, beneficiaire_id=paul, duree=50)
    seance(client, moi, 70, beneficiaire_id=gisele)
    seance(client, autre, 70, beneficiaire_id=jeanne)
    # and Paul referred to the workshop, without an answer for 8 days
    orientation = proposer_r3(client, paul, atelier, moi, lieu_choisi=atelier)
    assert orientation.status_code == 201, orientation.text
    client.get(
        "/api/v1/orientations", params={"apres": orientation.json()["position"]}, headers=moi
    )
    run_sync(
        admin_sql(
            database_dsn,
            "UPDATE orientations SET modifie_le = now() - interval '8 days'; "
            "UPDATE beneficiaires SET cree_le = now() - interval '100 days'",
        )
    )
    # when she logs in, she lands on her home
    login(client, "med@example.fr")
    texte = client.get("/").text
    # then the three entry actions are there
    for action, lien in (
        ("Nouvel accompagnement", "/activites/nouvelle"),
        ("Séance rapide", "/activites/seance-rapide"),
        ("Atelier", "/activites/nouvelle?type=collectif"),
    ):
        assert f'href="{lien}">{action}</a>' in texte
    du_jour = _section(texte, "titre-aujourdhui")
    assert "Paul Durand" in du_jour and "1 séance" in du_jour and "50 min" in du_jour
    assert "Gisèle" not in du_jour
    a_suivre = _section(texte, "titre-personnes")
    assert "Gisèle Martin" in a_suivre
    assert f"dernière séance le {(aujourdhui() - timedelta(days=70)):%d/%m/%Y}" in a_suivre
    assert "Paul Durand" in a_suivre and "orientation sans réponse" in a_suivre
    assert "Jeanne" not in texte
    orientations = _section(texte, "titre-orientations")
    assert "Paul Durand → Atelier numérique" in orientations and "à relancer" in orientations
    # and the export and the La Coop import are one click away
    assert 'href="/activites/import-coop"' in texte
    export = client.get("/activites/mes-accompagnements.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    disposition = export.headers["content-disposition"]
    assert f'filename="accompagnements-med-{aujourdhui().isoformat()}.xlsx"' in disposition


def test_orientations_name_the_person_filter_by_status_and_say_when_erased(
    client: TestClient, database_dsn: str
) -> None:
    atelier, _ = lieux_de_dijon(client, database_dsn)
    moi = jeton(database_dsn, "med@example.fr")
    admin = jeton(database_dsn, "admin2@example.fr", "admin")
    paul = personne(client, moi, "Paul", "Durand")
    gisele = personne(client, moi, "Gisèle", "Martin")
    ids = {}
    for qui in (paul, gisele):
        ids[qui] = proposer_r3(client, qui, atelier, moi, lieu_choisi=atelier).json()
    refus = client.post(
        f"/api/v1/orientations/{ids[gisele]['id']}/refus",
        json={"command_id": str(uuid.uuid4()), "version": 1, "motif": "Pas disponible"},
        headers=moi,
    )
    assert refus.status_code == 200, refus.text
    efface = client.post(
        f"/api/v1/beneficiaires/{gisele}/effacement",
        json={"command_id": str(uuid.uuid4())},
        headers=admin,
    )
    assert efface.status_code == 200, efface.text
    client.get("/api/v1/orientations", params={"apres": efface.json()["position"]}, headers=moi)
    login(client, "med@example.fr")
    toutes = client.get("/orientations").text
    assert f'<a href="/beneficiaires/{paul}">Paul Durand</a>' in toutes
    assert "Personne effacée" in toutes and "Gisèle" not in toutes
    en_attente = client.get("/orientations", params={"statut": "en_attente"}).text
    assert "Paul Durand" in en_attente and "Personne effacée" not in en_attente
    refusees = client.get("/orientations", params={"statut": "refusee"}).text
    assert "Personne effacée" in refusees and "Paul Durand" not in refusees
    inconnu = client.get("/orientations", params={"statut": "perdue"})
    assert inconnu.status_code in (400, 422) and "Statut inconnu" in inconnu.text
    # another mediator sees neither the referrals nor the names
    create_user(database_dsn, "autre@example.fr", "mediateur")
    client.cookies.clear()
    login(client, "autre@example.fr")
    assert "Paul" not in client.get("/orientations").text


def _section(texte: str, titre: str) -> str:
    debut = texte.index(f'id="{titre}"')
    return texte[debut : texte.index("</section>", debut)]
