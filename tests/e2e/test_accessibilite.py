"""RGAA: axe-core (bundled by the axe-playwright-python package) finds no serious violation."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from mednum.demo.acteurs import demo_acteurs
from mednum.demo.formations import demo_formations
from mednum.demo.lieux import load_demo
from mednum.demo.mediation import load_demo_mediation
from tests.e2e.conftest import se_connecter
from tests.e2e.outils_navigation import connecte, ouvrir_apres
from tests.e2e.test_carte_et_registre import _register_places
from tests.lieux_outils import hub_ouvert
from tests.web.conftest import create_user

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page: Any) -> list[str]:
    results = Axe().run(page, options=WCAG_AA).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", ["/", "/carte", "/carte?q=dijon", "/connexion", "/nulle-part"])
def test_public_pages_have_no_serious_accessibility_violation(
    browser: Any, live_server: str, database_dsn: str, path: str
) -> None:
    _register_places(database_dsn)
    page = ouvrir_apres(browser, live_server, "lieux", 3, path)
    assert _violations(page) == []
    page.close()


def test_place_page_and_coordinator_form_have_no_serious_violation(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    _register_places(database_dsn)
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    page = ouvrir_apres(browser, live_server, "lieux", 3, "/carte")
    page.locator(".liste-lieux a").first.click()
    page.wait_for_selector("h2#titre-horaires")
    assert _violations(page) == []
    se_connecter(page, live_server, "coord@example.fr", suivant="/lieux/nouveau")
    assert _violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()  # empty form: errors shown
    page.wait_for_selector(".erreur-champ")
    assert _violations(page) == []
    # a place registered without coordinates: its page says the position is approximate
    page.get_by_label("Nom du lieu").fill("Espace sans coordonnées")
    page.locator("#adresse").fill("1 place de la Mairie")
    page.get_by_label("Code postal").fill("21300")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Position approximative").wait_for()
    assert _violations(page) == []
    page.goto(f"{live_server}/lieux")
    assert _violations(page) == []
    page.goto(f"{live_server}/lieux/import")
    assert _violations(page) == []
    page.close()


def test_the_checker_itself_catches_a_violation(browser: Any) -> None:
    page = browser.new_page()
    page.set_content('<html lang="fr"><body><main><img src="x.png"></main></body></html>')
    assert any(v.startswith("image-alt") for v in _violations(page))
    page.close()


def _demo_registry(dsn: str) -> None:
    with hub_ouvert(dsn) as hub:
        lieu_ids, _ = load_demo(hub, 40)
        demo_formations(hub, demo_acteurs(hub, lieu_ids), lieu_ids)


def test_the_registrys_coordinator_pages_have_no_serious_violation(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    # given the demo registry, and a coordinator logged in
    _demo_registry(database_dsn)
    page = connecte(
        browser, live_server, database_dsn, "coord@example.fr", "coordinateur", "/lieux/doublons"
    )
    # then every list, detail and form of the registry passes, with data in it
    assert "paire" in page.content()
    problems = {"/lieux/doublons": _violations(page)}
    for liste, lien in (
        ("/lieux?a_verifier=true", "table a"),
        ("/structures", "table a"),
        ("/aidants", "table a"),
        ("/formations", "main a[href^='/formations/sessions/']"),
    ):
        page.goto(f"{live_server}{liste}")
        problems[liste] = _violations(page)
        page.locator(lien).first.click()
        page.wait_for_load_state()
        problems[page.url] = _violations(page)
    for formulaire in (
        "/structures/nouvelle",
        "/aidants/nouveau",
        "/formations/parcours/nouveau",
        "/formations/sessions/nouvelle",
    ):
        page.goto(f"{live_server}{formulaire}")
        problems[formulaire] = _violations(page)
    assert {url: found for url, found in problems.items() if found} == {}
    page.close()


@pytest.mark.parametrize("taille", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_the_mediators_pages_have_no_serious_violation(
    browser: Any, live_server: str, database_dsn: str, taille: dict[str, int]
) -> None:
    # given a few months of the demo mediator's work, and her logged in on a phone (or a PC)
    with hub_ouvert(database_dsn) as hub:
        lieu_ids, _ = load_demo(hub, 20)
        nombres = {"nb_personnes": 60, "nb_mediateurs": 2, "nb_jours": 60}
        _, mediatrice = load_demo_mediation(hub, lieu_ids, **nombres)
    page = connecte(
        browser,
        live_server,
        database_dsn,
        mediatrice,
        "mediateur",
        "/beneficiaires",
        viewport=taille,
    )
    # then every page of her day passes, with data in it
    problems = {"/beneficiaires": _violations(page)}
    page.locator("table a").first.click()
    page.wait_for_load_state()
    fiche = page.url.split("?")[0]
    problems[fiche] = _violations(page)
    for chemin in (
        "/",
        f"{fiche.removeprefix(live_server)}/modifier",
        f"{fiche.removeprefix(live_server)}/diagnostic",
        "/beneficiaires/nouveau",
        "/activites",
        "/activites/nouvelle",
        "/activites/nouvelle?type=collectif",
        "/activites/seance-rapide",
        "/activites/statistiques",
        "/orientations",
        "/activites/import-coop",
    ):
        page.goto(f"{live_server}{chemin}")
        problems[chemin] = _violations(page)
    # and so do the session form's folded details, and its errors
    page.goto(f"{live_server}/activites/nouvelle")
    page.locator("#precisions > summary").click()
    problems["/activites/nouvelle (détails)"] = _violations(page)
    page.goto(f"{live_server}/beneficiaires/nouveau")
    page.locator("label[for=suivi]").click()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_selector(".erreur-champ")
    problems["/beneficiaires/nouveau (erreurs)"] = _violations(page)
    page.goto(f"{live_server}/activites")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    problems[page.url] = _violations(page)
    assert {url: found for url, found in problems.items() if found} == {}
    page.close()
