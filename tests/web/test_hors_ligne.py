"""What offline entry needs from the server (issue 16): the service worker at the site's
root, the manifest and its icons, and the mediator's offline data — the domain's bounds,
the communes of their départements, the CSRF token that lets the outbox send with the
session cookie — for mediators only."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import msgspec
import pytest
from litestar.testing import TestClient

from domain.activites.referentiel import DUREE_MAX, DUREE_MIN, RETARD_MAX_JOURS
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES
from mednum.settings import Settings
from tests.lieux_outils import hub_ouvert, recenser
from tests.web.outils_connexion import connecter

MEDIATRICE = "mediatrice@example.fr"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return msgspec.structs.replace(settings, hors_ligne_jours=3)


def _lieu_a_besancon(dsn: str) -> uuid.UUID:
    with hub_ouvert(dsn) as hub:
        return recenser(
            hub,
            "coord",
            nom="Espace numérique de Planoise",
            adresse="1 rue de Cologne",
            code_postal="25000",
            code_insee="25056",
            latitude=47.22,
            longitude=5.97,
        )


def test_the_service_worker_is_served_at_the_root_unfingerprinted(client: TestClient) -> None:
    reponse = client.get("/sw.js")
    assert reponse.status_code == 200
    assert reponse.headers["service-worker-allowed"] == "/"
    assert reponse.headers["content-type"].startswith("text/javascript")
    assert "no-cache" in reponse.headers["cache-control"]
    assert 'addEventListener("fetch"' in reponse.text


def test_the_manifest_names_the_entry_page_and_icons_that_exist(client: TestClient) -> None:
    reponse = client.get("/manifest.webmanifest")
    assert reponse.headers["content-type"].startswith("application/manifest+json")
    manifeste = reponse.json()
    assert manifeste["start_url"] == "/activites/nouvelle"
    assert manifeste["display"] == "standalone"
    tailles = {i["sizes"] for i in manifeste["icons"]}
    assert {"192x192", "512x512"} <= tailles
    for icone in manifeste["icons"]:
        image = client.get(icone["src"])
        assert image.status_code == 200
        assert image.headers["content-type"] == "image/png"


def test_offline_data_is_for_mediators_only(client: TestClient, database_dsn: str) -> None:
    assert client.get("/api/v1/hors-ligne").status_code == 401
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    assert client.get("/api/v1/hors-ligne").status_code == 403
    # and a coordinator's pages carry nothing for the offline scripts, but have them erase
    # what a mediator may have left on the device
    accueil = client.get("/").text
    assert "data-hors-ligne-utilisateur" not in accueil
    assert "data-hors-ligne-effacer" in accueil


def test_offline_data_gives_the_domain_bounds_and_the_mediators_communes(
    client: TestClient, database_dsn: str
) -> None:
    user = connecter(client, database_dsn, MEDIATRICE, "mediateur")
    # given no activity yet: the hub's territory (Bourgogne-Franche-Comté)
    donnees = client.get("/api/v1/hors-ligne").json()
    assert donnees["utilisateur"] == str(user.id)
    assert donnees["jours"] == 3
    regles = donnees["regles"]
    assert (regles["duree_min"], regles["duree_max"]) == (DUREE_MIN, DUREE_MAX)
    assert regles["retard_max_jours"] == RETARD_MAX_JOURS
    assert regles["thematiques_administratives"] == list(THEMATIQUES_ADMINISTRATIVES)
    codes = {c[0] for c in donnees["communes"]}
    assert {"21231", "25056"} <= codes and "75056" not in codes
    # when the mediator records a session at a place in the Doubs
    csrf = donnees["csrf"]
    commande = {
        "command_id": str(uuid.uuid4()),
        "type": "individuel",
        "date": (datetime.now(ZoneInfo("Europe/Paris")).date() - timedelta(1)).isoformat(),
        "duree": 30,
        "type_lieu": "lieu_activite",
        "lieu_id": str(_lieu_a_besancon(database_dsn)),
        "thematiques": ["email"],
    }
    # then the outbox's way of sending (session cookie + the token given) records it once
    premier = client.post("/api/v1/activites", json=commande, headers={"x-csrftoken": csrf})
    assert premier.status_code == 201, premier.text
    encore = client.post("/api/v1/activites", json=commande, headers={"x-csrftoken": csrf})
    assert encore.status_code == 200 and encore.json()["id"] == premier.json()["id"]
    # and without the token it is refused, in French
    sans = client.post("/api/v1/activites", json=commande | {"command_id": str(uuid.uuid4())})
    assert sans.status_code == 403 and "CSRF" in sans.json()["detail"]
    # and the communes kept are now those of the Doubs only
    position = premier.json()["position"]
    client.get(f"/api/v1/activites?apres={position}")
    communes = client.get("/api/v1/hors-ligne").json()["communes"]
    assert {c[0][:2] for c in communes} == {"25"}
    assert ["25056", "Besançon", ["25000"]] in communes


def test_mediator_pages_tell_the_offline_scripts_whose_they_are(
    client: TestClient, database_dsn: str
) -> None:
    user = connecter(client, database_dsn, MEDIATRICE, "mediateur")
    page = client.get("/activites/nouvelle").text
    assert f'data-hors-ligne-utilisateur="{user.id}"' in page
    assert 'data-hors-ligne-jours="3"' in page
    assert re.search(r'data-rendu-le="\d{13}"', page)
    assert "hors_ligne_saisie.js" in page
    assert "Séances en attente d'envoi" in client.get("/activites/hors-ligne").text


def test_the_number_of_days_is_read_from_the_environment() -> None:
    env = {"MEDNUM_HORS_LIGNE_JOURS": "14", "MEDNUM_SECRET_KEY": "x" * 32}
    assert Settings.from_env(env).hors_ligne_jours == 14
    assert Settings.from_env({"MEDNUM_SECRET_KEY": "x" * 32}).hors_ligne_jours == 7
