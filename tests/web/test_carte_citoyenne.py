"""The citizens' map: search around a commune, filters, nearest API, reports, IFN, embed."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from litestar.testing import TestClient

from domain.signalements.antispam import jeton_de_temps
from mednum.echanges.ifn import importer_ifn
from mednum.settings import Settings
from tests.conftest import run_sync
from tests.integration.test_beneficiaires import texte_de_toutes_les_tables
from tests.web.outils_connexion import connecter

IFN = Path(__file__).resolve().parents[3] / "shared" / "data" / "ifn-communes.csv"

DIJON = {"code_postal": "21000", "code_insee": "21231", "latitude": 47.3225, "longitude": 5.0415}
BESANCON = {"code_postal": "25000", "code_insee": "25056", "latitude": 47.238, "longitude": 6.024}


def _recenser(api: TestClient, nom: str, lieu: dict[str, Any], **champs: Any) -> dict[str, Any]:
    body = {
        "command_id": str(uuid.uuid4()),
        "nom": nom,
        "adresse": "1 place de la Mairie",
        "services": ["Aide aux démarches administratives"],
        **lieu,
        **champs,
    }
    response = api.post("/api/v1/lieux", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def lieux(api: TestClient) -> dict[str, dict[str, Any]]:
    """Three places (two in Dijon, one in Besançon, 75 km away); the client is then public."""
    ecrits = {
        "gratuit": _recenser(
            api,
            "Médiathèque <Champollion>",
            DIJON,
            horaires="Mo-Sa 00:00-24:00",
            frais_a_charge=["Gratuit"],
            telephone="+33380488230",
        ),
        "payant": _recenser(
            api,
            "Atelier du Port",
            {**DIJON, "latitude": 47.33, "longitude": 5.06},
            horaires="Mo-Fr 09:00-12:00",
            frais_a_charge=["Payant"],
        ),
        "besancon": _recenser(api, "Espace Battant", BESANCON),
    }
    api.get("/api/v1/lieux", params={"apres": max(e["position"] for e in ecrits.values())})
    del api.headers["Authorization"]
    return ecrits


def page_et_script(client: TestClient, **params: str) -> str:
    """The map page and the script of its markers (served apart), as the browser gets them."""
    page = client.get("/carte", params=params).text
    adresse = re.search(r'<script src="(/carte/script/[^"]+)" nonce=', page)
    script = client.get(adresse.group(1).replace("&amp;", "&")).text if adresse else ""
    return page + script


def _noms(page: str) -> list[str]:
    return re.findall(r'class="carte-lieu__nom"><a href="[^"]+">([^<]+)</a>', page)


def test_search_by_commune_without_accents_sorted_by_distance(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    # when a person searches « dijon » within 10 km
    page = client.get("/carte", params={"q": "DIJON", "rayon": "10"})
    # then both Dijon places are listed nearest first, with their distance, not Besançon's
    assert page.status_code == 200
    assert _noms(page.text) == ["Médiathèque &lt;Champollion&gt;", "Atelier du Port"]
    assert "à moins de 10 km de Dijon (21)" in page.text
    assert re.search(r"À \d+,\d km", page.text)
    # and « besancon » (no cedilla) with 5 km finds the other one
    assert _noms(client.get("/carte", params={"q": "besancon", "rayon": "5"}).text) == [
        "Espace Battant"
    ]
    # an unknown commune says so in French; a radius off the list is refused naming it
    assert "Aucune commune ne correspond" in client.get("/carte", params={"q": "Zzzz"}).text
    refus = client.get("/carte", params={"q": "Dijon", "rayon": "7"})
    assert refus.status_code == 422 and "rayon de 5, 10, 20 ou 50 km" in refus.text


def test_with_nothing_in_the_radius_the_nearest_place_and_a_wider_search_are_offered(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    # when a person of Fleurey-sur-Ouche, 14 km from Dijon's places, searches within 10 km
    page = client.get("/carte", params={"q": "Fleurey-sur-Ouche", "rayon": "10"}).text
    # then no place is listed, and the nearest one is named with its distance and phone
    assert "Aucun lieu à moins de 10 km de Fleurey-sur-Ouche (21)" in page
    assert _noms(page) == []
    assert re.search(r"le lieu le plus proche est à 1[3-5] km :", page)
    assert f'<a href="/lieux/{lieux["gratuit"]["id"]}">Médiathèque &lt;Champollion&gt;</a>' in page
    assert 'href="tel:+33380488230"' in page
    # and one tap widens the search to the first radius that reaches it
    plus_loin = re.search(r'href="(/carte\?q=Fleurey-sur-Ouche&amp;rayon=20[^"]*)"', page)
    assert plus_loin is not None
    elargie = client.get(plus_loin.group(1).replace("&amp;", "&")).text
    assert "à moins de 20 km de Fleurey-sur-Ouche (21)" in elargie
    assert _noms(elargie) == ["Médiathèque &lt;Champollion&gt;", "Atelier du Port"]


def test_a_commune_outside_the_hubs_territory_is_sent_to_the_national_map(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    # when a person searches Paris, outside the région where the registry has places
    page = client.get("/carte", params={"q": "75001"}).text
    # then the page says so, rather than proposing a place 250 km away
    assert "Aucun lieu à moins de 10 km de Paris (75)" in page
    assert "Paris (75) est en dehors du territoire de ce hub (Bourgogne-Franche-Comté)" in page
    assert 'href="https://cartographie.societenumerique.gouv.fr/"' in page
    assert "le lieu le plus proche" not in page


def test_filters_and_shareable_links(client: TestClient, lieux: dict[str, Any]) -> None:
    # when filtering on « Gratuit » and « ouvert le samedi »
    gratuit = client.get("/carte", params={"frais_a_charge": "Gratuit"})
    samedi = client.get("/carte", params={"ouvert_samedi": "true"})
    # then only the matching places are listed, and the links keep the filters
    assert _noms(gratuit.text) == ["Médiathèque &lt;Champollion&gt;"]
    assert _noms(samedi.text) == ["Médiathèque &lt;Champollion&gt;"]
    assert 'href="/carte?ouvert_samedi=1"' in samedi.text
    # « ouvert maintenant »: the place open every hour but Sunday is, except on Sunday; the
    # other one only on weekday mornings (its bounds are skipped: the clock may cross them)
    maintenant = client.get("/carte", params={"ouvert_maintenant": "1"})
    paris = datetime.now(UTC).astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris"))
    noms = _noms(maintenant.text)
    assert ("Médiathèque &lt;Champollion&gt;" in noms) == (paris.weekday() != 6)
    if paris.weekday() < 5 and paris.minute not in (59, 0) and paris.hour in (9, 10, 11):
        assert "Atelier du Port" in noms
    elif paris.weekday() == 6 or not 8 <= paris.hour <= 12:
        assert "Atelier du Port" not in noms
    assert "Espace Battant" not in noms  # no hours: never « open »
    # an unknown value is refused, naming the parameter
    refus = client.get("/carte", params={"prise_en_charge_specifique": "Télépathie"})
    assert refus.status_code == 422 and "prise_en_charge_specifique" in refus.text


def test_list_api_has_the_same_filters(client: TestClient, lieux: dict[str, Any]) -> None:
    page = client.get("/api/v1/lieux", params={"frais_a_charge": "Payant"}).json()
    assert [lieu["nom"] for lieu in page["items"]] == ["Atelier du Port"]
    assert page["total"] == 1


def test_nearest_places_api(client: TestClient, lieux: dict[str, Any]) -> None:
    # when asking for places near Dijon's centre within 100 km
    response = client.get(
        "/api/v1/lieux/proches", params={"lat": 47.32, "lon": 5.04, "rayon_km": 100}
    )
    # then all three come, nearest first, with their distance
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["nom"] for i in items][-1] == "Espace Battant"
    assert [i["distance_km"] for i in items] == sorted(i["distance_km"] for i in items)
    # with the same filters as the map
    gratuits = client.get(
        "/api/v1/lieux/proches",
        params={"lat": 47.32, "lon": 5.04, "rayon_km": 100, "frais_a_charge": "Gratuit"},
    ).json()["items"]
    assert [i["nom"] for i in gratuits] == ["Médiathèque <Champollion>"]
    # bad input: a 4xx in French naming the field, never a 500
    sans_lat = client.get("/api/v1/lieux/proches", params={"lon": 5.04})
    assert sans_lat.status_code == 422
    assert sans_lat.json()["erreurs"][0]["champ"] == "lat"
    mauvais = client.get(
        "/api/v1/lieux/proches", params={"lat": 47, "lon": 5, "service": "Coiffure"}
    )
    assert mauvais.status_code == 422
    assert mauvais.json()["erreurs"][0]["champ"] == "service"


def _formulaire(client: TestClient, lieu_id: str) -> dict[str, str]:
    page = client.get(f"/lieux/{lieu_id}").text
    assert "Signaler une erreur" in page
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    jeton = re.search(r'name="jeton" value="([^"]+)"', page)
    assert csrf and jeton
    return {
        "_csrf_token": csrf.group(1),
        "jeton": jeton.group(1),
        "champ": "horaires",
        "message": "Fermé le lundi maintenant.",
        "courriel": "",
        "site_internet": "",
    }


def test_report_flow_with_anti_spam(
    client: TestClient, settings: Settings, database_dsn: str, lieux: dict[str, Any]
) -> None:
    lieu_id = lieux["gratuit"]["id"]
    formulaire = _formulaire(client, lieu_id)
    url = f"/lieux/{lieu_id}/signalement"
    # a bot fills the honeypot: refused, in French
    piege = client.post(url, data={**formulaire, "site_internet": "http://x"})
    assert piege.status_code == 422 and "champ caché" in piege.text
    # sent at once: too fast
    vite = client.post(url, data=formulaire)
    assert vite.status_code == 422 and "Envoi trop rapide" in vite.text
    # a person who took 30 s: accepted, and thanked
    ancien = jeton_de_temps(settings.secret_key, datetime.now(UTC) - timedelta(seconds=30))
    vide = client.post(url, data={**formulaire, "jeton": ancien, "message": " "})
    assert vide.status_code == 422 and "en quelques mots (par exemple" in vide.text
    courriel = {"courriel": "lectrice.attentive@example.org"}
    envoye = client.post(
        url, data={**formulaire, "jeton": ancien, **courriel}, follow_redirects=False
    )
    assert envoye.status_code == 303, envoye.text
    assert "votre signalement a été transmis" in client.get(envoye.headers["location"]).text
    # the coordinators' queue shows it; they mark it handled
    connecter(client, database_dsn, "coordination@example.fr", "coordinateur")
    file = client.get("/lieux/signalements")
    assert "Fermé le lundi maintenant." in file.text
    assert "lectrice.attentive@example.org" in file.text  # to answer her
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', file.text)
    action = re.search(r'action="(/lieux/signalements/[^"]+/traitement)"', file.text)
    assert csrf and action
    traite = client.post(
        action.group(1),
        data={"_csrf_token": csrf.group(1), "version": "1", "issue": "traite"},
        follow_redirects=False,
    )
    assert traite.status_code == 303
    tous = client.get(traite.headers["location"].replace("?", "?statut=tous&"))
    assert "Traité le" in tous.text and "coordination@example.fr" in tous.text
    # once handled, her e-mail is gone: its key destroyed, the queue's copy blanked
    assert "lectrice.attentive" not in texte_de_toutes_les_tables(database_dsn)


def test_report_rate_limit_per_address(
    client: TestClient, settings: Settings, lieux: dict[str, Any]
) -> None:
    lieu_id = lieux["payant"]["id"]
    formulaire = _formulaire(client, lieu_id)
    ancien = jeton_de_temps(settings.secret_key, datetime.now(UTC) - timedelta(seconds=30))
    statuts = [
        client.post(
            f"/lieux/{lieu_id}/signalement",
            data={**formulaire, "jeton": ancien},
            follow_redirects=False,
        ).status_code
        for _ in range(6)
    ]
    assert statuts == [303] * 5 + [422]


def test_fragility_layer_only_when_imported(
    client: TestClient, database_dsn: str, lieux: dict[str, Any]
) -> None:
    if not IFN.is_file():
        pytest.skip(f"{IFN} absent")
    assert "Fragilité numérique (IFN)" not in page_et_script(client)

    async def importer() -> int:
        conn = await asyncpg.connect(database_dsn)
        try:
            return (await importer_ifn(conn, IFN)).importees
        finally:
            await conn.close()

    assert run_sync(importer()) > 30_000
    page = page_et_script(client)
    assert "Fragilité numérique (IFN)" in page
    assert '"Dijon"' in page


def test_embed_has_no_header_and_links_to_the_full_map(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    reponse = client.get("/carte", params={"q": "Dijon", "embed": "1"})
    page = reponse.text
    # a commune's website may frame it, and only this page
    assert "frame-ancestors *" in reponse.headers["content-security-policy"]
    assert "x-frame-options" not in reponse.headers
    ailleurs = client.get("/carte", params={"q": "Dijon"}).headers
    assert "frame-ancestors 'none'" in ailleurs["content-security-policy"]
    assert ailleurs["x-frame-options"] == "DENY"
    assert 'class="entete"' not in page and 'class="pied"' not in page
    assert 'href="/carte?q=Dijon&amp;rayon=10" target="_blank"' in page
    assert '<input type="hidden" name="embed" value="1">' in page
