"""The menu on a phone (390×844): a funder's « Rapports » or a coordinator's « Pass
numérique » was past the right edge of a line that scrolled sideways, with nothing to say so.
Signed in, the links fold behind a « Menu » button that opens them as a list, every link on
screen and the current page marked; Escape closes it. A citizen's two links stay in sight,
and at desktop size the menu is a line of links with no button."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.outils_navigation import connecte
from tests.e2e.test_accessibilite import _violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LIENS = {
    "financeur": ["Accueil", "Carte des lieux", "Trouver de l'aide", "Rapports"],
    "coordinateur": [
        "Accueil",
        "Carte des lieux",
        "Trouver de l'aide",
        "Lieux",
        "Structures",
        "Aidants",
        "Formations",
        "Financements",
        "Pass numérique",
        "Rapports",
    ],
}


def _a_l_ecran(lien: Any, largeur: int, hauteur: int) -> bool:
    boite = lien.bounding_box()
    return (
        lien.is_visible()
        and boite is not None
        and boite["x"] >= 0
        and boite["x"] + boite["width"] <= largeur
        and boite["y"] + boite["height"] <= hauteur
    )


@pytest.mark.parametrize("role", ["financeur", "coordinateur"])
def test_on_a_phone_the_menu_opens_with_every_link_on_screen(
    browser: Any, live_server: str, database_dsn: str, role: str
) -> None:
    page = connecte(browser, live_server, database_dsn, f"{role}@example.fr", role, viewport=PHONE)
    page.goto(f"{live_server}/rapports")
    menu = page.get_by_role("navigation", name="Menu principal")
    bouton = page.get_by_role("button", name="Menu")
    # folded: one button, no link half off the screen
    assert bouton.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    bouton.click()
    assert bouton.get_attribute("aria-expanded") == "true"
    liens = menu.get_by_role("link")
    assert liens.all_inner_texts() == LIENS[role]
    for lien in liens.all():
        assert _a_l_ecran(lien, PHONE["width"], PHONE["height"]), lien.inner_text()
    assert menu.get_by_role("link", name="Rapports").get_attribute("aria-current") == "page"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _violations(page) == []
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    # the link works from the opened list
    bouton.click()
    menu.get_by_role("link", name="Carte des lieux").click()
    page.wait_for_url(f"{live_server}/carte**")
    assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "false"


def test_a_citizen_sees_both_links_and_no_menu_button_on_a_phone(
    browser: Any, live_server: str
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server}/orientation")
    assert page.get_by_role("button", name="Menu").count() == 0
    menu = page.get_by_role("navigation", name="Menu principal")
    for nom in ("Carte des lieux", "Trouver de l'aide"):
        assert _a_l_ecran(menu.get_by_role("link", name=nom), PHONE["width"], PHONE["height"])


def test_at_desktop_size_the_menu_is_a_line_of_links(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    page = connecte(
        browser, live_server, database_dsn, "bureau@example.fr", "financeur", viewport=DESKTOP
    )
    page.goto(f"{live_server}/rapports")
    assert not page.get_by_role("button", name="Menu").is_visible()
    menu = page.get_by_role("navigation", name="Menu principal")
    hauteurs = {round(lien.bounding_box()["y"]) for lien in menu.get_by_role("link").all()}
    assert len(hauteurs) == 1
    assert menu.get_by_role("link").all_inner_texts() == LIENS["financeur"]
