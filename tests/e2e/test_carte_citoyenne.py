"""The citizens' map in a real browser: search a commune (with suggestions), filter « ouvert
maintenant », open a place; no serious axe-core violation; the list works without JavaScript."""

from __future__ import annotations

from typing import Any

from tests.e2e.outils_navigation import ouvrir_apres
from tests.e2e.test_accessibilite import _violations
from tests.lieux_outils import hub_ouvert, recenser, recenser_en_mairie

# Open every minute of the week, and open one minute a week: « ouvert maintenant » keeps the
# first and drops the second whatever the day and time the test runs.
TOUJOURS = "Mo-Su 00:00-24:00"
PRESQUE_JAMAIS = "Mo 03:00-03:01"


def _lieux(dsn: str) -> None:
    with hub_ouvert(dsn) as hub:
        for nom, horaires, lat, lon in (
            ("Médiathèque toujours ouverte", TOUJOURS, 47.3225, 5.0415),
            ("Espace presque toujours fermé", PRESQUE_JAMAIS, 47.33, 5.06),
        ):
            recenser_en_mairie(hub, "e2e", nom, "21231", "21000", lat, lon, horaires=horaires)


def test_search_filter_open_now_and_open_a_place(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    _lieux(database_dsn)
    page = ouvrir_apres(browser, live_server, "lieux", 2, "/carte")
    # suggestions while typing
    page.get_by_label("Commune ou code postal").fill("dijo")
    page.locator("#communes-suggestions option").first.wait_for(state="attached")
    assert page.locator("#communes-suggestions option").first.get_attribute("value") == "Dijon"
    page.get_by_label("Commune ou code postal").fill("Dijon")
    page.get_by_label("Ouvert maintenant").check()
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/carte?*ouvert_maintenant*")
    liste = page.locator(".liste-lieux .carte-lieu__nom")
    assert liste.all_inner_texts() == ["Médiathèque toujours ouverte"]
    badge = page.locator(".carte-lieu__ouverture").first
    assert badge.is_visible() and badge.inner_text().startswith("Ouvert maintenant, 24 h sur 24")
    assert page.locator(".carte-lieux").count() == 1  # the map shows the same result
    assert _violations(page) == []
    # open the place
    liste.first.get_by_role("link").click()
    page.wait_for_selector("h2#titre-horaires")
    assert page.locator("tr[aria-current=date]").count() == 1  # today, said in words too
    assert "(aujourd’hui)" in page.locator("tr[aria-current=date]").inner_text()
    assert page.get_by_role("heading", name="Signaler une erreur").is_visible()
    assert _violations(page) == []
    page.close()


def test_list_view_works_without_javascript(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    _lieux(database_dsn)
    context = browser.new_context(java_script_enabled=False)
    page = ouvrir_apres(context, live_server, "lieux", 2, "/carte")
    # « autour de moi » needs JavaScript: hidden without it
    assert not page.get_by_role("button", name="Chercher autour de moi").is_visible()
    page.get_by_label("Commune ou code postal").fill("dijon")
    page.get_by_label("Distance maximale").select_option("5")
    page.get_by_label("Ouvert maintenant").check()
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/carte?*rayon=5*")
    noms = page.locator(".liste-lieux .carte-lieu__nom").all_inner_texts()
    assert noms == ["Médiathèque toujours ouverte"]
    assert page.get_by_text("à moins de 5 km de Dijon (21)").is_visible()
    context.close()


def test_a_markers_popup_on_the_regions_map(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    # given one place, with a phone, two services and hours (its marker joined from the
    # fragment the projection stored: projections.carte_marqueurs)
    with hub_ouvert(database_dsn) as hub:
        recenser(
            hub,
            "e2e",
            nom="Atelier <Numérique> & Cie",
            adresse="2 rue de la Liberté",
            latitude=47.3225,
            longitude=5.0415,
            services=["Loisirs et créations numériques", "Aide aux démarches administratives"],
            horaires=TOUJOURS,
            telephone="03 80 48 82 30",
        )
    # when a person opens the whole région's map and its marker, from the keyboard
    page = ouvrir_apres(browser, live_server, "lieux", 1, "/carte")
    marqueur = page.locator('.leaflet-marker-icon[alt="Atelier <Numérique> & Cie"]')
    marqueur.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".popup-lieu")
    popup.wait_for()
    # then the popup says what the place is, where, today's hours, how to call, what it
    # offers (in the standard's order) and when it was checked, and leads to its page
    assert popup.locator(".popup-lieu__nom").inner_text() == "Atelier <Numérique> & Cie"
    assert popup.locator(".popup-lieu__adresse").inner_text() == (
        "2 rue de la Liberté\n21000 Dijon"
    )
    assert "24 h sur 24" in popup.locator(".popup-lieu__horaires").inner_text()
    assert popup.locator(".popup-lieu__tel a").get_attribute("href") == "tel:+33380488230"
    assert popup.locator(".popup-lieu__services li").all_inner_texts() == [
        "Aide aux démarches administratives",
        "Loisirs et créations numériques",
    ]
    assert popup.locator(".popup-lieu__verifie").inner_text().startswith("Vérifié le ")
    lien = popup.locator(".popup-lieu__lien a")
    assert (lien.get_attribute("href") or "").startswith("/lieux/")
    assert lien.evaluate("e => e === document.activeElement")  # focus moved to the link
    page.close()
    # and on a phone the whole popup is inside the map, its close button included, and clear
    # of the zoom buttons
    telephone = ouvrir_apres(
        browser, live_server, "lieux", 1, "/carte", viewport={"width": 390, "height": 844}
    )
    telephone.locator('.leaflet-marker-icon[alt="Atelier <Numérique> & Cie"]').focus()
    telephone.keyboard.press("Enter")
    telephone.locator(".popup-lieu").wait_for()
    telephone.wait_for_timeout(500)  # the map's pan to show the popup is animated
    carte = telephone.locator(".leaflet-container").bounding_box()
    bulle = telephone.locator(".leaflet-popup").bounding_box()
    assert carte and bulle
    assert carte["x"] <= bulle["x"] and bulle["x"] + bulle["width"] <= carte["x"] + carte["width"]
    assert carte["y"] <= bulle["y"]
    zoom = telephone.locator(".leaflet-control-zoom").bounding_box()
    assert zoom
    assert zoom["x"] + zoom["width"] <= bulle["x"] or zoom["y"] + zoom["height"] <= bulle["y"]
    telephone.close()
