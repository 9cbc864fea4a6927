"""A mediator orients a person from their page (pre-filled with the latest diagnostic), the
person accepts, the receiving place confirms through its link, and the first session recorded
there closes the loop."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import asyncpg
from litestar.testing import TestClient

from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import open_event_store
from mednum.jobs.suivi_orientations import suivre_orientations
from mednum.services.executeur import Hub
from mednum.services.orientation import Orientations
from tests.conftest import run_sync
from tests.web.conftest import create_token, create_user, csrf_from, login
from tests.web.outils_api import aujourdhui, seance_enregistree
from tests.web.outils_connexion import connecter
from tests.web.test_orientation import lieux_de_dijon


def page_orienter(
    client: TestClient,
    dsn: str,
    *,
    score: int,
    commune: str | None = "21231",
    seance_a: str | None = None,
) -> tuple[str, dict[str, str], Any]:
    """A person of `commune` (Dijon) diagnosed with every skill at `score`, and the
    mediator's « Orienter » page for them right after; `seance_a`: a place where the
    mediator recorded a session before."""
    mediatrice = create_user(dsn, "mediatrice@example.fr", "mediateur")
    jeton = {"Authorization": f"Bearer {create_token(dsn, mediatrice)}"}
    if seance_a is not None:
        seance_enregistree(
            client,
            jeton,
            type_lieu="lieu_activite",
            lieu_id=seance_a,
            duree=30,
            thematiques=["email"],
        )
    residence = {"commune_residence": commune} if commune else {}
    personne = client.post(
        "/api/v1/beneficiaires",
        json={"command_id": str(uuid.uuid4())} | residence,
        headers=jeton,
    ).json()["id"]
    diagnostic = client.post(
        f"/api/v1/beneficiaires/{personne}/diagnostics",
        json={
            "command_id": str(uuid.uuid4()),
            "date": aujourdhui().isoformat(),
            "source": "observation",
            "scores": {f"S{i}": score for i in range(1, 7)},
        },
        headers=jeton,
    )
    assert diagnostic.status_code == 201, diagnostic.text
    login(client, "mediatrice@example.fr")
    page = client.get(
        f"/beneficiaires/{personne}/orienter", params={"apres": diagnostic.json()["position"]}
    )
    assert page.status_code == 200, page.text
    return personne, jeton, page


def test_a_mediator_orients_a_person_and_the_loop_closes(
    client: TestClient, database_dsn: str
) -> None:
    # given two places in Dijon and a person of Dijon with a low level
    atelier, _ = lieux_de_dijon(client, database_dsn)
    personne, jeton, page = page_orienter(client, database_dsn, score=1)
    # then the level-based rule (a long individual path) is proposed with Dijon's place
    assert "niveau 1" in page.text and "Règle R3" in page.text and "Atelier numérique" in page.text
    # when she proposes the place, and the person accepts
    formulaire = re.search(
        r'<form method="post" action="/beneficiaires/[^"]+/orienter">(.*?)</form>', page.text, re.S
    )
    assert formulaire is not None
    champs = re.findall(r'name="([^"]+)" value="([^"]*)"', formulaire.group(1))
    donnees: dict[str, list[str]] = {}
    for nom, valeur in champs:
        donnees.setdefault(nom, []).append(valeur)
    propose = client.post(
        f"/beneficiaires/{personne}/orienter",
        data={k: v if len(v) > 1 else v[0] for k, v in donnees.items()},
        follow_redirects=False,
    )
    assert propose.status_code in (302, 303), propose.text
    suivi = client.get(propose.headers["location"])
    assert "proposée" in suivi.text and "Atelier numérique" in suivi.text
    adresse = propose.headers["location"].split("?")[0]
    accepte = client.post(
        f"{adresse}/accepter", data={"_csrf_token": csrf_from(client, adresse), "version": "1"}
    )
    lien = re.search(r"<code>[^<]*(/orientation/prise-en-charge/[^<]+)</code>", accepte.text)
    assert lien is not None and "acceptée" in accepte.text
    # then the place confirms through the link, without an account
    client.cookies.clear()
    confirmation = client.get(lien.group(1))
    assert confirmation.status_code == 200 and "Gisèle" not in confirmation.text
    jeton_csrf = re.search(r'name="_csrf_token" value="([^"]+)"', confirmation.text)
    assert jeton_csrf is not None
    confirme = client.post(lien.group(1), data={"_csrf_token": jeton_csrf.group(1)})
    assert confirme.status_code == 200, confirme.text
    # when the first session is recorded there for that person
    seance = seance_enregistree(
        client,
        jeton,
        date=aujourdhui().isoformat(),
        duree=60,
        type_lieu="lieu_activite",
        lieu_id=atelier,
        thematiques=["prendre_en_main_du_materiel"],
        beneficiaire_id=personne,
    )
    client.get("/api/v1/activites", params={"apres": seance["position"]}, headers=jeton)

    async def suivre() -> tuple[int, int]:
        conn = await asyncpg.connect(database_dsn)
        app = open_event_store(database_dsn)
        try:
            orientations = Orientations(Hub(app, referentiel_communes()), "secret")
            return await suivre_orientations(conn, orientations, datetime.now(UTC))
        finally:
            await conn.close()
            app.close()

    # then the follow-up job closes the loop
    assert run_sync(suivre()) == (1, 0)
    login(client, "mediatrice@example.fr")
    for _ in range(20):
        if "aboutie" in (fin := client.get(adresse)).text:
            break
    assert "aboutie" in fin.text and "premier accompagnement le" in fin.text


def test_a_person_at_ease_is_shown_the_places_where_they_could_help(
    client: TestClient, database_dsn: str
) -> None:
    # given two places in Dijon and a person of Dijon at ease with digital tools (level 4)
    lieux_de_dijon(client, database_dsn)
    # when the mediator opens « Orienter »
    _, _, page = page_orienter(client, database_dsn, score=4)
    # then R6 says no support is needed and names the nearby places where to volunteer
    assert "niveau 4" in page.text and "Règle R6" in page.text
    offre = page.text[page.text.index("Règle R6") :]
    assert "dans ces lieux proches" in offre
    assert "Atelier numérique" in offre and "France Services Dijon" in offre
    # and there is nothing to refer the person to: no « Proposer ce lieu »
    assert "Proposer ce lieu" not in page.text


def test_a_person_without_a_commune_is_oriented_around_the_mediators_usual_place(
    client: TestClient, database_dsn: str
) -> None:
    # given two places in Dijon, where the mediator recorded a session at the workshop
    atelier, _ = lieux_de_dijon(client, database_dsn)
    # when she orients a person whose commune is not recorded
    _, _, page = page_orienter(client, database_dsn, score=1, commune=None, seance_a=atelier)
    # then the places are those around her usual place, and the page says so
    assert "Sa commune n'est pas enregistrée" in page.text
    assert "votre lieu habituel, Atelier numérique (Dijon)" in page.text
    assert "Règle R3" in page.text and "Proposer ce lieu" in page.text


def test_without_a_commune_nor_a_usual_place_the_offers_still_show(
    client: TestClient, database_dsn: str
) -> None:
    # given places in Dijon, and a mediator who has recorded no session yet
    lieux_de_dijon(client, database_dsn)
    # when she orients a person whose commune is not recorded
    _, _, page = page_orienter(client, database_dsn, score=1, commune=None)
    # then the offer for the person's level shows, and she is asked for the commune
    assert "Règle R3" in page.text
    assert "indiquez-la pour voir les lieux proches de son domicile" in page.text
    assert "Proposer ce lieu" not in page.text


def test_a_person_living_outside_the_hubs_territory_is_sent_to_the_national_map(
    client: TestClient, database_dsn: str
) -> None:
    # given places in Dijon, and a person whose commune is Paris
    lieux_de_dijon(client, database_dsn)
    # when the mediator opens « Orienter »
    _, _, page = page_orienter(client, database_dsn, score=1, commune="75056")
    # then no place of the registry is proposed, and the page says why and where to look
    assert "Paris est en dehors du territoire du hub (Bourgogne-Franche-Comté)" in page.text
    assert "Cartographie nationale" in page.text
    assert "Atelier numérique" not in page.text and "Proposer ce lieu" not in page.text


def test_a_mediator_who_oriented_nobody_is_told_how_to(
    client: TestClient, database_dsn: str
) -> None:
    connecter(client, database_dsn, "nouvelle@example.fr", "mediateur")
    page = client.get("/orientations").text
    assert "Vous n'avez encore orienté personne" in page
    assert '<a href="/beneficiaires">Bénéficiaires</a> et choisissez « Orienter »' in page
    filtre = client.get("/orientations", params={"statut": "acceptee"}).text
    assert "Aucune orientation pour ce filtre." in filtre
