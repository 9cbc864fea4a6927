"""Coordinators' training pages: forms with French errors next to the field, the session page
with enrolment, the attendance sheet, completion and the history in French."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from litestar.testing import TestClient

from domain.acteurs.commands import EnregistrerAidant
from domain.formations.outils import PARIS
from mednum.services.acteurs import Acteurs
from tests.lieux_outils import recenser
from tests.web.conftest import csrf_from
from tests.web.outils_connexion import connecter

PARCOURS = {
    "titre": "Formation Aidants Connect",
    "duree_heures": "14",
    "modules": "Le mandat Aidants Connect ; 7\nMises en situation ; 7",
    "types_aidant": ["conseiller_numerique", "agent_france_services"],
    "qualification_delivree": "formation_aidants_connect",
    "description": "Pour habiliter les aidants.",
}


def coordinateur(client: TestClient, database_dsn: str) -> str:
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    return csrf_from(client, "/formations/parcours/nouveau")


def creer_parcours(client: TestClient, token: str) -> str:
    response = client.post(
        "/formations/parcours/nouveau",
        data={**PARCOURS, "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code in (302, 303), response.text
    return str(response.headers["location"])


def test_a_coordinator_creates_a_path_with_the_form_and_finds_it_in_the_catalogue(
    client: TestClient, database_dsn: str
) -> None:
    token = coordinateur(client, database_dsn)
    fiche = client.get(creer_parcours(client, token))
    assert fiche.status_code == 200
    assert "Formation Aidants Connect" in fiche.text
    assert "Mises en situation — 7 h" in fiche.text
    assert "Parcours créé" in fiche.text  # the history, in French
    catalogue = client.get("/formations", params={"type_aidant": "conseiller_numerique"})
    assert catalogue.status_code == 200 and "Formation Aidants Connect" in catalogue.text
    autre_public = client.get("/formations", params={"type_aidant": "benevole"})
    assert "Formation Aidants Connect" not in autre_public.text


def test_form_errors_are_next_to_the_field_and_values_are_kept(
    client: TestClient, database_dsn: str
) -> None:
    token = coordinateur(client, database_dsn)
    response = client.post(
        "/formations/parcours/nouveau",
        data={**PARCOURS, "duree_heures": "10", "_csrf_token": token},
    )
    assert response.status_code == 422
    assert 'id="duree_heures-erreur"' in response.text
    assert "Les modules totalisent 14 h" in response.text
    assert 'value="Formation Aidants Connect"' in response.text
    illisible = client.post(
        "/formations/parcours/nouveau",
        data={**PARCOURS, "modules": "sans heures", "titre": "", "_csrf_token": token},
    )
    assert illisible.status_code == 422
    assert 'id="modules-erreur"' in illisible.text and 'id="titre-erreur"' in illisible.text


def test_a_session_is_scheduled_then_an_aidant_enrols_attends_and_completes(
    client: TestClient, database_dsn: str
) -> None:
    # given a path, a place and an aidant of the path's public
    token = coordinateur(client, database_dsn)
    parcours_id = creer_parcours(client, token).split("/")[-1].split("?")[0]
    hub = client.app.state.hub
    lieu_id = recenser(hub)
    aidant_id = (
        Acteurs(hub)
        .enregistrer_aidant(
            EnregistrerAidant(
                command_id=uuid.uuid4(),
                prenom="Alice",
                nom="Lemoine",
                type_aidant="conseiller_numerique",
            ),
            "test",
        )
        .id
    )
    formulaire = client.get(f"/formations/sessions/nouvelle?parcours_id={parcours_id}")
    assert f'value="{parcours_id}" selected' in formulaire.text
    # when a one-day session today is scheduled with the form
    jour = datetime.now(PARIS).date().isoformat()
    valeurs = {
        "parcours_id": parcours_id,
        "debut": jour,
        "fin": jour,
        "mode": "presentiel",
        "lieu_id": str(lieu_id),
        "formateur": "Camille Martin",
        "capacite": "8",
        "_csrf_token": token,
    }
    sans_formateur = client.post(
        "/formations/sessions/nouvelle", data={**valeurs, "formateur": "", "capacite": "huit"}
    )
    assert sans_formateur.status_code == 422
    assert 'id="formateur-erreur"' in sans_formateur.text
    assert "Indiquez un nombre de places" in sans_formateur.text
    cree = client.post("/formations/sessions/nouvelle", data=valeurs, follow_redirects=False)
    assert cree.status_code in (302, 303), cree.text
    session_url = cree.headers["location"].split("?")[0]
    fiche = client.get(cree.headers["location"])
    assert "Session programmée du" in fiche.text
    assert f'<option value="{aidant_id}">Lemoine Alice' in fiche.text
    # and the aidant is enrolled, marked present and completes
    for action, data in (
        ("inscrire", {"aidant_id": str(aidant_id)}),
        ("presences", {"sur_la_feuille": f"{aidant_id}|{jour}", "presence": f"{aidant_id}|{jour}"}),
        ("terminer", {"aidant_id": str(aidant_id)}),
    ):
        response = client.post(
            f"{session_url}/{action}", data={**data, "_csrf_token": token}, follow_redirects=False
        )
        assert response.status_code in (302, 303), (action, response.text)
    fiche = client.get(response.headers["location"])
    # then the page says so, with the qualification, and tells the story
    assert re.search(r"Terminée le .*Formation Aidants Connect enregistrée", fiche.text)
    assert "Alice Lemoine : inscription" in fiche.text
    assert "Émargement : 1 présence" in fiche.text
    assert "qualification « Formation Aidants Connect » enregistrée sur sa fiche" in fiche.text
    # and enrolling her again is refused in French, on the page
    again = client.post(
        f"{session_url}/inscrire", data={"aidant_id": str(aidant_id), "_csrf_token": token}
    )
    assert again.status_code == 422 and "déjà inscrit" in again.text


def test_the_pages_are_for_coordinators(client: TestClient, database_dsn: str) -> None:
    anonyme = client.get("/formations", follow_redirects=False)
    assert anonyme.status_code in (302, 303) and "/connexion" in anonyme.headers["location"]
    connecter(client, database_dsn, "med@example.fr", "mediateur")
    assert client.get("/formations").status_code == 403
    assert client.get(f"/formations/sessions/{uuid.uuid4()}").status_code == 403
