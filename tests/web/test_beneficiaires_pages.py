"""The mediator's pages for the people they accompany: recording (warned of duplicates before
creating), the record with its history, changes, and erasure by an admin."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.web.conftest import create_token, csrf_from
from tests.web.outils_api import seance_enregistree
from tests.web.outils_connexion import connecter

PERSONNE = {
    "genre": "feminin",
    "annee_naissance": "1948",
    "statut_social": "retraite",
    "commune_residence": "21231",
    "suivi": "true",
    "consentement": "true",
    "prenom": "Gisèle",
    "nom": "Dupont",
    "telephone": "06 12 34 56 78",
}


def enregistrer(client: TestClient, **champs: str) -> str:
    jeton = csrf_from(client, "/beneficiaires/nouveau")
    cree = client.post(
        "/beneficiaires/nouveau",
        data=PERSONNE | champs | {"_csrf_token": jeton},
        follow_redirects=False,
    )
    assert cree.status_code in (302, 303), cree.text
    client.get(cree.headers["location"])  # waits until the read model has the person
    return str(cree.headers["location"])


def test_a_mediator_records_a_person_and_is_warned_of_a_duplicate_before_creating(
    client: TestClient, database_dsn: str
) -> None:
    # given a mediator who follows Gisèle Dupont
    connecter(client, database_dsn, "mediatrice@example.fr", "mediateur")
    fiche = client.get(enregistrer(client))
    assert "Gisèle Dupont" in fiche.text and "70 ans et plus" in fiche.text
    assert "06 12 34 56 78" in fiche.text and "Dijon" in fiche.text
    # when she types the same person again with a typo
    jeton = csrf_from(client, "/beneficiaires/nouveau")
    doublon = PERSONNE | {"nom": "Dupond", "_csrf_token": jeton}
    averti = client.post("/beneficiaires/nouveau", data=doublon)
    # then nothing is created yet: she is shown the existing record
    assert averti.status_code == 200 and "peut-être déjà suivie" in averti.text
    assert "même téléphone" in averti.text
    assert "1 personne" in client.get("/beneficiaires").text
    # and she may still confirm it is someone else
    confirme = client.post(
        "/beneficiaires/nouveau", data=doublon | {"aucun_doublon": "true"}, follow_redirects=False
    )
    assert confirme.status_code in (302, 303)
    client.get(confirme.headers["location"])
    assert "2 personnes" in client.get("/beneficiaires").text


def test_errors_name_the_field_and_keep_what_was_typed(
    client: TestClient, database_dsn: str
) -> None:
    connecter(client, database_dsn, "mediatrice@example.fr", "mediateur")
    jeton = csrf_from(client, "/beneficiaires/nouveau")
    sans_accord = PERSONNE | {"consentement": "", "_csrf_token": jeton}
    refus = client.post("/beneficiaires/nouveau", data=sans_accord)
    assert refus.status_code == 422
    assert 'id="consentement-erreur"' in refus.text and 'value="Dupont"' in refus.text
    anonyme = {"genre": "feminin", "annee_naissance": "dix-neuf cent", "_csrf_token": jeton}
    mauvais = client.post("/beneficiaires/nouveau", data=anonyme)
    assert mauvais.status_code == 422 and "annee_naissance" in mauvais.text


def test_a_person_is_changed_then_erased_by_an_admin(client: TestClient, database_dsn: str) -> None:
    connecter(client, database_dsn, "mediatrice@example.fr", "mediateur")
    adresse = enregistrer(client).split("?")[0]
    jeton = csrf_from(client, f"{adresse}/modifier")
    modifie = client.post(
        f"{adresse}/modifier",
        data=PERSONNE | {"nom": "Durand", "version": "1", "_csrf_token": jeton},
        follow_redirects=False,
    )
    assert modifie.status_code in (302, 303), modifie.text
    fiche = client.get(modifie.headers["location"])
    assert "Gisèle Durand" in fiche.text and "identité ou coordonnées modifiées" in fiche.text
    assert "Effacer l'identité" not in fiche.text  # for admins only
    # another mediator does not even see that the person exists
    client.cookies.clear()
    connecter(client, database_dsn, "autre@example.fr", "mediateur")
    assert client.get(adresse).status_code == 404
    # the admin erases the identity
    client.cookies.clear()
    connecter(client, database_dsn, "admin@example.fr", "admin")
    efface = client.post(
        f"{adresse}/effacer",
        data={"_csrf_token": csrf_from(client, adresse)},
        follow_redirects=False,
    )
    apres = client.get(efface.headers["location"])
    assert "Identité effacée" in apres.text and "Durand" not in apres.text
    assert "70 ans et plus" in apres.text


def test_a_persons_page_lists_their_accompaniments_and_level(
    client: TestClient, database_dsn: str
) -> None:
    # given a followed person with a session recorded through the API
    user = connecter(client, database_dsn, "mediatrice@example.fr", "mediateur")
    adresse = enregistrer(client).split("?")[0]
    jeton = {"Authorization": f"Bearer {create_token(database_dsn, user)}"}
    seance = seance_enregistree(
        client,
        jeton,
        duree=45,
        type_lieu="a_distance",
        thematiques=["sante"],
        autonomie="autonome",
        beneficiaire_id=adresse.rsplit("/", 1)[1],
    )
    # when the mediator opens the person's page
    fiche = client.get(adresse, params={"apres": seance["position"]})
    # then the session is listed in La Coop's words, beside the level chart
    assert "1 accompagnement" in fiche.text and "Santé" in fiche.text and "45 min" in fiche.text
    assert "Évolution du niveau" in fiche.text and "Réaliser un diagnostic" in fiche.text


def test_a_persons_page_links_to_all_their_accompaniments_past_the_twenty_shown(
    client: TestClient, database_dsn: str
) -> None:
    # given a followed person with 21 sessions
    user = connecter(client, database_dsn, "mediatrice@example.fr", "mediateur")
    adresse = enregistrer(client).split("?")[0]
    personne = adresse.rsplit("/", 1)[1]
    jeton = {"Authorization": f"Bearer {create_token(database_dsn, user)}"}
    for _ in range(21):
        seance = seance_enregistree(
            client,
            jeton,
            duree=30,
            type_lieu="a_distance",
            thematiques=["email"],
            beneficiaire_id=personne,
        )
    # when the mediator opens the person's page
    fiche = client.get(adresse, params={"apres": seance["position"]})
    # then the 20 latest are listed, with a link to all of them
    assert "21 accompagnements (20 plus récents)" in fiche.text
    lien = f'<a href="/activites?beneficiaire={personne}">Voir les 21 accompagnements</a>'
    assert lien in fiche.text
    toutes = client.get(f"/activites?beneficiaire={personne}")
    assert "21 activités" in toutes.text
