"""Orientation over HTTP: the public questionnaire (API and page, no JavaScript, nothing
stored), and tracked referrals (mediators' own only, the place's link without account,
refused in French once used; no personal data in URLs)."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from litestar.testing import TestClient

from tests.lieux_outils import CHAMPOLLION
from tests.web.conftest import create_token, create_user

DEMARCHES = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"


def as_user(client: TestClient, dsn: str, email: str, role: str) -> None:
    client.headers["Authorization"] = f"Bearer {create_token(dsn, create_user(dsn, email, role))}"


def proposer_r3(
    client: TestClient,
    personne: str,
    atelier: str,
    headers: dict[str, str] | None = None,
    **champs: Any,
) -> Any:
    """The mediator refers the person to the workshop under rule R3 (level 1: an individual
    path over several sessions); `champs` change or add fields."""
    corps = {
        "command_id": str(uuid.uuid4()),
        "beneficiaire_id": personne,
        "niveau": 1,
        "regle": "R3",
        "lieux_proposes": [atelier],
    }
    return client.post("/api/v1/orientations", json=corps | champs, headers=headers)


def recenser(client: TestClient, nom: str, **champs: Any) -> str:
    body = (
        CHAMPOLLION
        | {
            "command_id": str(uuid.uuid4()),
            "nom": nom,
            "services": [OUTILS],
            "horaires": "Mo-Fr 09:00-12:00; Sa 09:00-12:00",
        }
        | champs
    )
    response = client.post("/api/v1/lieux?apres=0", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def lieux_de_dijon(client: TestClient, dsn: str) -> tuple[str, str]:
    as_user(client, dsn, "coord@example.fr", "coordinateur")
    atelier = recenser(client, "Atelier numérique")
    fs = recenser(
        client,
        "France Services Dijon",
        services=[DEMARCHES],
        dispositif_programmes_nationaux=["France Services"],
        latitude=47.3400,
    )
    client.headers.pop("Authorization")
    return atelier, fs


QUESTIONNAIRE = {
    "besoin": "demarche",
    "aisance": "avec_aide",
    "urgent": True,
    "commune": "dijon",
    "disponibilites": ["samedi"],
}


def attendre_projection(client: TestClient) -> None:
    # The public API reads places; wait until the registry's read model has them
    # (a loaded CI machine can take seconds).
    limite = time.monotonic() + 30
    while time.monotonic() < limite:
        if client.get("/api/v1/lieux").json()["total"] >= 2:
            return
        time.sleep(0.05)
    raise AssertionError("places not projected")


def test_public_questionnaire_api_proposes_rules_and_places_without_storing(
    client: TestClient, database_dsn: str
) -> None:
    # given two places in Dijon
    atelier, fs = lieux_de_dijon(client, database_dsn)
    attendre_projection(client)
    # when an anonymous citizen answers (urgent démarche, needs help)
    response = client.post("/api/v1/orientation/proposer", json=QUESTIONNAIRE)
    # then R1 now with the France Services place, R3 next with the workshop place
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["autour_de"] == "Dijon"
    offres = {p["proposition"]["regle"]: p for p in body["propositions"]}
    assert list(offres) == ["R1", "R3"]
    assert [lieu["id"] for lieu in offres["R1"]["lieux"]] == [fs]
    assert [lieu["id"] for lieu in offres["R3"]["lieux"]] == [atelier]
    assert "ouvert le samedi" in offres["R3"]["lieux"][0]["raisons"]
    assert "urgente" in offres["R1"]["proposition"]["explications"][0]["texte"]
    # and nothing was recorded
    as_user(client, database_dsn, "admin@example.fr", "admin")
    assert client.get("/api/v1/orientations").json()["total"] == 0


def test_public_questionnaire_refuses_bad_answers_in_french(client: TestClient) -> None:
    mauvais = client.post(
        "/api/v1/orientation/proposer", json={"aisance": "expert", "commune": "Dijon"}
    )
    assert mauvais.status_code == 422
    assert "Êtes-vous à l'aise" in mauvais.text and "aisance" in mauvais.text
    sans_lieu = client.post("/api/v1/orientation/proposer", json={"aisance": "seul"})
    assert sans_lieu.status_code == 422 and "commune" in sans_lieu.text
    inconnue = client.post(
        "/api/v1/orientation/proposer", json={"aisance": "seul", "commune": "Zzzyx"}
    )
    assert inconnue.status_code == 422 and "Commune introuvable" in inconnue.text


def test_a_commune_outside_the_hubs_territory_gets_the_national_help_not_far_places(
    client: TestClient, database_dsn: str
) -> None:
    # given places in Dijon only
    lieux_de_dijon(client, database_dsn)
    attendre_projection(client)
    # when a citizen of Paris answers
    page = client.get("/orientation", params={"aisance": "avec_aide", "commune": "Paris"}).text
    # then the page says Paris is outside the hub's territory and sends to the national map
    assert "Paris est en dehors du territoire de ce hub (Bourgogne-Franche-Comté)" in page
    assert 'href="https://cartographie.societenumerique.gouv.fr/"' in page
    # and proposes the national line, no place 250 km away
    assert "Allô Service Public" in page and 'href="tel:3939"' in page
    assert "Atelier numérique" not in page and "France Services Dijon" not in page
    # the API says the same
    api = client.post("/api/v1/orientation/proposer", json={"aisance": "seul", "commune": "75001"})
    assert api.status_code == 200, api.text
    assert api.json()["hors_territoire"] == "Bourgogne-Franche-Comté"
    assert all(not p["lieux"] and p["recours"] for p in api.json()["propositions"])
    # while Dijon gets its places
    dijon = client.get("/orientation", params={"aisance": "avec_aide", "commune": "Dijon"}).text
    assert "en dehors du territoire" not in dijon and "Atelier numérique" in dijon


def test_questionnaire_page_works_without_javascript(client: TestClient, database_dsn: str) -> None:
    atelier, _ = lieux_de_dijon(client, database_dsn)
    attendre_projection(client)
    # the empty form is a plain GET form, with no script needed
    vide = client.get("/orientation")
    assert vide.status_code == 200 and 'method="get" action="/orientation"' in vide.text
    # answers come back as the query; results are in the HTML
    page = client.get(
        "/orientation",
        params={"aisance": "je_ne_sais_pas", "commune": "21000", "disponibilites": "samedi"},
    )
    assert page.status_code == 200, page.text
    assert "(règle R3, version" in page.text and "Atelier numérique" in page.text
    # the results come before the questionnaire, each place a link to its page
    assert page.text.index('id="titre-resultats"') < page.text.index('id="q-besoin"')
    assert f'href="/lieux/{atelier}"' in page.text
    assert "la personne" not in page.text.lower() and "Règle R" not in page.text
    fiche = re.search(r'href="(/orientation/fiche\?[^"]+)"', page.text)
    assert fiche and "21000" not in fiche.group(1)  # only a place and an offer
    sheet = client.get(fiche.group(1).replace("&amp;", "&"))
    assert sheet.status_code == 200 and "À apporter" in sheet.text and atelier in fiche.group(1)
    # a forgotten answer is named, in French, next to the question
    oubli = client.get("/orientation", params={"aisance": "", "commune": "Dijon"})
    assert oubli.status_code == 422 and "Répondez à cette question" in oubli.text


def test_tracked_referral_mediator_only_and_place_link_once(
    client: TestClient, database_dsn: str
) -> None:
    atelier, _ = lieux_de_dijon(client, database_dsn)
    as_user(client, database_dsn, "camille@example.fr", "mediateur")
    camille = client.headers["Authorization"]
    personne = client.post(
        "/api/v1/beneficiaires",
        json={"command_id": str(uuid.uuid4()), "tranche_age": "soixante_dix_plus"},
    ).json()["id"]
    # a rule that does not fit the level is refused, naming the field
    faux = proposer_r3(client, personne, atelier, niveau=3)
    assert faux.status_code == 422 and "regle" in faux.text
    # when the mediator proposes R3 and the person accepts
    cree = proposer_r3(client, personne, atelier)
    assert cree.status_code == 201, cree.text
    orientation = cree.json()["id"]
    accepte = client.post(
        f"/api/v1/orientations/{orientation}/acceptation",
        json={"command_id": str(uuid.uuid4()), "version": 1, "lieu_choisi": atelier},
    )
    assert accepte.status_code == 200, accepte.text
    lien = accepte.json()["lien_confirmation"]
    # then the link names no one
    assert personne not in lien and orientation not in lien
    jeton = lien.rsplit("/", 1)[-1]
    # another mediator does not see the referral
    as_user(client, database_dsn, "autre@example.fr", "mediateur")
    assert client.get(f"/api/v1/orientations/{orientation}?apres=1").status_code == 404
    assert client.get("/api/v1/orientations").json()["total"] == 0
    refus = client.post(
        f"/api/v1/orientations/{orientation}/refus",
        json={"command_id": str(uuid.uuid4()), "version": 3, "motif": "x"},
    )
    assert refus.status_code == 404
    # the place confirms through the link, without any account
    client.headers.pop("Authorization")
    client.cookies.clear()
    for _ in range(50):
        page = client.get(f"/orientation/prise-en-charge/{jeton}")
        if page.status_code == 200:
            break
    assert page.status_code == 200 and "Atelier numérique" in page.text
    confirme = client.post(
        "/api/v1/orientations/confirmation", json={"command_id": str(uuid.uuid4()), "jeton": jeton}
    )
    assert confirme.status_code == 200, confirme.text
    # a second use is refused in French
    encore = client.post(
        "/api/v1/orientations/confirmation", json={"command_id": str(uuid.uuid4()), "jeton": jeton}
    )
    assert encore.status_code == 422 and "pas (ou plus) valable" in encore.text
    devine = client.post(
        "/api/v1/orientations/confirmation",
        json={"command_id": str(uuid.uuid4()), "jeton": "devine"},
    )
    assert devine.status_code == 422
    # the mediator sees the status
    client.headers["Authorization"] = camille
    vue = client.get(f"/api/v1/orientations/{orientation}?apres={confirme.json()['position']}")
    assert vue.status_code == 200 and vue.json()["statut"] == "prise_en_charge"
    assert vue.json()["regles"] == ["R3"]


def test_a_referral_not_yet_accepted_is_named_after_its_only_proposed_place(
    client: TestClient, database_dsn: str
) -> None:
    # given a referral proposed to the workshop alone, not accepted yet
    atelier, _ = lieux_de_dijon(client, database_dsn)
    as_user(client, database_dsn, "camille@example.fr", "mediateur")
    personne = client.post(
        "/api/v1/beneficiaires",
        json={"command_id": str(uuid.uuid4()), "tranche_age": "soixante_dix_plus"},
    ).json()["id"]
    cree = proposer_r3(client, personne, atelier)
    assert cree.status_code == 201, cree.text
    # then its place is named (« Mes orientations » said « Lieu : — »), none chosen yet
    vue = client.get(
        f"/api/v1/orientations/{cree.json()['id']}", params={"apres": cree.json()["position"]}
    ).json()
    assert vue["statut"] == "proposee" and vue["lieu_choisi"] is None
    assert vue["lieu_nom"] == "Atelier numérique"
