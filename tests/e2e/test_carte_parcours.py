"""Citizens on a 390 × 844 phone: search by town, by postcode, around them, an ambiguous town,
an error report. After each submit what they were looking for is on screen and has the focus,
and a phone number is at most 3 taps from a result. Then axe-core and reflow (no horizontal
scroll) on the map, the embed, a place page and its printed sheet."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.outils_navigation import ouvrir_apres
from tests.e2e.test_accessibilite import _violations
from tests.lieux_outils import hub_ouvert, recenser_en_mairie

TELEPHONE = "+33380488230"
TELEPHONE_LU = "03 80 48 82 30"
PLACES = (
    ("Médiathèque Champollion", "21231", "21000", 47.3225, 5.0415, TELEPHONE),
    ("Espace numérique du Port", "21231", "21000", 47.33, 5.06, None),
    ("France Services Chalon", "71076", "71100", 46.7897, 4.8523, "+33385000000"),
)
TELEPHONE_PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}


def _lieux(dsn: str) -> None:
    with hub_ouvert(dsn) as hub:
        for *lieu, tel in PLACES:
            recenser_en_mairie(
                hub, "e2e", *lieu, horaires="Mo-Fr 09:00-12:00,14:00-17:00; PH off", telephone=tel
            )


@pytest.fixture
def telephone(browser: Any, live_server: str, database_dsn: str) -> Iterator[Any]:
    """A phone that lets the site know where it is (after the person's click)."""
    _lieux(database_dsn)
    context = browser.new_context(
        **TELEPHONE_PHONE,
        geolocation={"latitude": 47.3230, "longitude": 5.0420},
        permissions=["geolocation"],
    )
    page = ouvrir_apres(context, live_server, "lieux", 3, "/carte")
    yield page
    context.close()


def _focus_sur(page: Any, ident: str) -> None:
    """Waits (5 s at most) for the element `ident` to hold the focus. Polled from here: the
    page's CSP forbids the string evaluation `wait_for_function` would use."""
    limite = time.monotonic() + 5
    while page.evaluate("document.activeElement && document.activeElement.id") != ident:
        assert time.monotonic() < limite, f"focus on {ident!r} expected"
        time.sleep(0.1)


def _en_vue_et_focus(page: Any, selecteur: str) -> None:
    """The results hold the focus and `selecteur` is on screen (top within the viewport)."""
    _focus_sur(page, "resultats")
    boite = page.locator(selecteur).bounding_box()
    assert boite is not None and 0 <= boite["y"] < 844, boite


def _telephone_en_trois_gestes(page: Any) -> None:
    """From the first result: its phone is a link in the list (1 tap calls), and opening the
    place (1 tap) shows « Appeler » on screen without scrolling (the 2nd tap calls)."""
    premier = page.locator(".liste-lieux .carte-lieu").first
    assert premier.locator("a[href^='tel:']").is_visible()
    premier.locator(".carte-lieu__nom a").click()
    page.wait_for_selector("h2#titre-horaires")
    appeler = page.get_by_role("link", name="Appeler")
    assert appeler.is_visible() and appeler.get_attribute("href").startswith("tel:")
    assert appeler.bounding_box()["y"] + appeler.bounding_box()["height"] <= 844
    # read as French is written: « Appeler : 03 … »; a plain space before the colon is
    # dropped by the button's flex layout (it showed « Appeler: 03 … »)
    assert "\u00a0: 0" in appeler.text_content()


def test_search_by_town(telephone: Any) -> None:
    page = telephone
    page.get_by_label("Commune ou code postal").fill("Dijon")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/carte?q=Dijon*")
    _en_vue_et_focus(page, "#titre-liste")
    assert "à moins de 10 km de Dijon (21)" in page.locator("#titre-liste").inner_text()
    assert page.locator(".carte-lieu").first.get_by_text(TELEPHONE_LU).is_visible()
    # the filters are folded on a phone, and say how many places they give
    assert not page.get_by_label("Ouvert le samedi").is_visible()
    page.get_by_text("Filtres : horaires, services").click()
    assert "(aucun lieu)" in page.locator("label[for='f-ouvert-samedi']").inner_text()
    assert page.get_by_label("Ouvert le samedi").is_disabled()
    _telephone_en_trois_gestes(page)
    assert page.get_by_role("link", name="Appeler").get_attribute("href") == f"tel:{TELEPHONE}"


def test_search_by_postcode(telephone: Any) -> None:
    page = telephone
    page.get_by_label("Commune ou code postal").fill("71100")
    page.get_by_role("button", name="Rechercher").click()
    _en_vue_et_focus(page, "#titre-liste")
    assert page.locator(".carte-lieu__nom").all_inner_texts() == ["France Services Chalon"]
    _telephone_en_trois_gestes(page)


def test_search_around_me_keeps_the_position_out_of_the_address(telephone: Any) -> None:
    page = telephone
    page.get_by_role("button", name="Chercher autour de moi").click()
    page.wait_for_selector("#resultats[data-focus]")
    _en_vue_et_focus(page, "#titre-liste")
    assert "de votre position" in page.locator("#titre-liste").inner_text()
    assert "lat=" not in page.url and "47.32" not in page.url
    noms = page.locator(".carte-lieu__nom").all_inner_texts()
    assert noms[:2] == ["Médiathèque Champollion", "Espace numérique du Port"]
    assert "47.32" not in page.locator(".partage-carte").inner_html()
    _telephone_en_trois_gestes(page)


def test_an_ambiguous_town_is_asked(telephone: Any) -> None:
    page = telephone
    page.get_by_label("Commune ou code postal").fill("Chalon")
    page.get_by_role("button", name="Rechercher").click()
    _en_vue_et_focus(page, "#titre-liste")
    assert "Plusieurs communes s’appellent « Chalon »" in page.locator("#titre-liste").inner_text()
    choix = page.locator(".communes-choix a")
    assert choix.first.inner_text() == "Chalon-sur-Saône (71, 71100)"
    choix.first.click()  # tap 1
    _en_vue_et_focus(page, "#titre-liste")
    assert page.locator(".carte-lieu__nom").first.inner_text() == "France Services Chalon"
    assert page.locator(".repere-recherche").inner_text() == "Chalon-sur-Saône (71)"
    _telephone_en_trois_gestes(page)


def test_an_error_report_lands_on_its_thanks(telephone: Any) -> None:
    page = telephone
    page.get_by_label("Commune ou code postal").fill("Dijon")
    page.get_by_role("button", name="Rechercher").click()
    page.locator(".carte-lieu__nom a").first.click()
    page.get_by_text("Une information de cette fiche est fausse").click()
    page.get_by_label("Ce qui ne va pas").select_option("horaires")
    page.get_by_label("Votre message").fill("Fermé le mercredi après-midi désormais.")
    time.sleep(3.2)  # the anti-spam's minimum fill time
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_url("**signalement=envoye#signalement-envoye")
    merci = page.locator("#signalement-envoye")
    _focus_sur(page, "signalement-envoye")
    assert "votre signalement a été transmis" in merci.inner_text()
    assert 0 <= merci.bounding_box()["y"] < 844


def _sans_defilement_horizontal(page: Any) -> None:
    largeurs = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert largeurs[0] <= largeurs[1], largeurs


@pytest.mark.parametrize(
    "ecran",
    [
        {"width": 390, "height": 844},  # a phone
        {"width": 640, "height": 400},  # a 1280 × 800 screen zoomed to 200 %
    ],
    ids=["390px", "zoom200"],
)
def test_accessible_and_no_horizontal_scroll(
    browser: Any, live_server: str, database_dsn: str, ecran: dict[str, int]
) -> None:
    _lieux(database_dsn)
    page = browser.new_page(viewport=ecran, device_scale_factor=2)
    page.goto(f"{live_server}/api/v1/lieux?apres=3")
    for adresse in ("/carte", "/carte?q=Dijon", "/carte?q=Chalon", "/carte?q=Dijon&embed=1"):
        page.goto(f"{live_server}{adresse}")
        assert _violations(page) == [], adresse
        _sans_defilement_horizontal(page)
    page.goto(f"{live_server}/carte?q=Dijon")
    page.locator(".carte-lieu__nom a").first.click()
    page.wait_for_selector("h2#titre-horaires")
    page.get_by_text("Imprimer ou partager").click()
    assert _violations(page) == []
    _sans_defilement_horizontal(page)
    # the printed sheet: the date and what the place is for, no buttons or forms
    page.emulate_media(media="print")
    assert page.get_by_text("Fiche imprimée le").is_visible()
    assert not page.get_by_role("button", name="Envoyer le signalement").is_visible()
    assert _violations(page) == []
    page.close()


def test_the_embed_opens_a_place_in_the_whole_window(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    """A commune's site frames the map; tapping a place leaves the frame for the place page
    (which refuses to be framed). The parent page is served from another origin."""
    _lieux(database_dsn)
    # Chromium's local-network checks refuse a loopback frame in a page from elsewhere; both
    # are local here, which those checks are not about.
    navigateur = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"],
    )
    try:
        page = navigateur.new_page(**TELEPHONE_PHONE)
        page.goto(f"{live_server}/api/v1/lieux?apres=3")
        parent = live_server.replace("127.0.0.1", "localhost") + "/site-de-la-mairie"
        code = (
            '<!doctype html><html lang="fr"><title>Mairie</title><h1>Mairie</h1>'
            f'<iframe src="{live_server}/carte?q=Dijon&amp;embed=1" title="Lieux" '
            'width="100%" height="700" allow="geolocation"></iframe></html>'
        )
        page.route(parent, lambda route: route.fulfill(body=code, content_type="text/html"))
        page.goto(parent)
        cadre = page.frame_locator("iframe")
        titre = cadre.get_by_role("heading", name="Lieux de médiation numérique près de Dijon (21)")
        assert titre.count() == 1
        assert page.evaluate("window.scrollY") == 0  # the map did not pull the page down
        cadre.locator(".carte-lieu__nom a").first.click()
        page.wait_for_url(f"{live_server}/lieux/*")
        assert page.get_by_role("link", name="Appeler").is_visible()
    finally:
        navigateur.close()
