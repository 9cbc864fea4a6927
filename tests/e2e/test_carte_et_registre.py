"""A citizen uses the map; a coordinator registers a place — in a real browser."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import se_connecter
from tests.e2e.outils_navigation import problemes_de
from tests.lieux_outils import hub_ouvert, recenser_en_mairie
from tests.web.conftest import PASSWORD, create_user

PLACES = [
    ("Médiathèque Champollion", "21231", "21000", 47.3325, 5.0512),
    ("France Services Beaune", "21054", "21200", 47.0260, 4.8400),
    ("EPN de Besançon <b>gras</b>", "25056", "25000", 47.2400, 6.0200),
]


def _register_places(dsn: str) -> None:
    with hub_ouvert(dsn) as hub:
        for lieu in PLACES:
            recenser_en_mairie(hub, "e2e", *lieu, horaires="Mo-Fr 09:00-12:00")


def _page(browser: Any) -> tuple[Any, list[str]]:
    page = browser.new_page()
    return page, problemes_de(page, reponses=True)


def test_the_public_map_shows_clusters_and_an_accessible_list(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    # given three places in the registry
    _register_places(database_dsn)
    page, problems = _page(browser)
    # when a citizen opens the map (after the projector caught up)
    page.goto(f"{live_server}/api/v1/lieux?apres=3")
    with page.expect_response(lambda r: "/carte/script/" in r.url) as script:
        page.goto(f"{live_server}/carte")
    # then Leaflet draws markers or clusters from the markers' script, served apart and
    # compressed, the list names every place, nothing broke
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster", timeout=10_000)
    assert script.value.status == 200
    assert script.value.headers.get("content-encoding") in ("br", "gzip")
    assert page.locator(".liste-lieux li.carte-lieu").count() == 3
    assert page.get_by_text("EPN de Besançon <b>gras</b>").count() == 1  # shown as text
    assert not [p for p in problems if "tile" not in p.lower()], problems
    # and the skip link leads to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Aller au contenu"
    page.close()


def test_a_coordinator_logs_in_and_registers_a_place(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    page, problems = _page(browser)
    page.goto(f"{live_server}/lieux/nouveau")
    assert "/connexion" in page.url  # redirected to log in first
    page.get_by_label("Adresse e-mail").fill("coord@example.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/lieux/nouveau")
    page.get_by_label("Nom du lieu").fill("Tiers-lieu La Fabrique")
    page.locator("#adresse").fill("8 rue des Ateliers")
    # the postcode is all the place's commune needs: no INSEE code, no coordinates typed
    page.get_by_label("Code postal").fill("21000")
    page.get_by_label("Loisirs et créations numériques").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("h1:has-text('Tiers-lieu La Fabrique')")
    assert "Loisirs et créations numériques" in page.content()
    adresse = page.locator("#titre-adresse + p").inner_text()
    assert "21000 Dijon" in adresse, adresse
    position = page.get_by_role("status").filter(has_text="Position approximative")
    assert "au centre de Dijon" in position.inner_text()
    # the coordinator refines it from there
    position.get_by_role("link", name="Indiquer sa position exacte").click()
    page.get_by_label("Latitude").fill("47.3190")
    page.get_by_label("Longitude").fill("5.0410")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/lieux/[0-9a-f-]{36}\?apres="))
    assert page.locator("h1").inner_text() == "Tiers-lieu La Fabrique"
    assert page.get_by_text("Position approximative").count() == 0
    assert not problems, problems
    page.close()


def test_a_commune_picked_from_the_suggestions_gives_the_place_its_postcode(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    page, problems = _page(browser)
    se_connecter(page, live_server, "coord@example.fr", suivant="/lieux/nouveau")
    page.get_by_label("Nom du lieu").fill("Espace numérique du Mail")
    page.locator("#adresse").fill("2 rue du Mail")
    # when the commune is typed first, and a suggestion picked (the postcode left empty)
    page.get_by_label("Commune").press_sequentially("Chenô", delay=50)
    suggestion = page.locator("#commune-suggestions option[value='Chenôve (21300)']")
    suggestion.wait_for(state="attached")
    page.get_by_label("Commune").fill("Chenôve (21300)")
    # then the postcode is filled in, and the place is registered there without coordinates
    assert page.get_by_label("Code postal").input_value() == "21300"
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/lieux/[0-9a-f-]{36}\?apres="))
    assert "21300 Chenôve" in page.locator("#titre-adresse + p").inner_text()
    assert not problems, problems
    page.close()
