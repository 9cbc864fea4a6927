"""In a browser, phone (390×844) and desktop: the mediator lands on her day after login, sees
today's session and whom to get back to, and reads her figures beside N-1 without scrolling
sideways; axe-core finds no serious violation on these pages at 390 px."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import admin_sql, run_sync
from tests.e2e.conftest import se_connecter
from tests.e2e.test_accessibilite import _violations
from tests.web.conftest import create_token, create_user
from tests.web.test_accueil import seance, suivre

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _donnees(live_server: str, dsn: str) -> None:
    user = create_user(dsn, "med@example.fr", "mediateur")
    jeton = {"Authorization": f"Bearer {create_token(dsn, user)}"}
    with httpx.Client(base_url=live_server, headers=jeton) as api:
        personne = suivre(api, jeton, "Gisèle", "Martin")["id"]
        for personne_id in (personne, None):
            ecrit = seance(api, jeton, 0, beneficiaire_id=personne_id)
        api.get("/api/v1/activites", params={"apres": ecrit["position"]})
        # a second followed person, recorded long ago and never seen since
        autre = suivre(api, jeton, "Paul", "Durand")
        api.get("/api/v1/beneficiaires", params={"apres": autre["position"]})
    run_sync(
        admin_sql(
            dsn,
            f"UPDATE beneficiaires SET cree_le = now() - interval '90 days' "
            f"WHERE id = '{autre['id']}'",
        )
    )


@pytest.mark.parametrize("nom, taille", [("telephone", PHONE), ("bureau", DESKTOP)])
def test_the_mediator_lands_on_her_day_and_reads_her_figures(
    browser: Any, live_server: str, database_dsn: str, nom: str, taille: dict[str, int]
) -> None:
    _donnees(live_server, database_dsn)
    page = browser.new_page(viewport=taille)
    se_connecter(page, live_server, "med@example.fr", arrivee=f"{live_server}/")
    # then her day: the three actions, today's two sessions, Paul to get back to
    assert page.get_by_role("heading", name="Ma journée").is_visible()
    for action in ("Nouvel accompagnement", "Séance rapide", "Atelier"):
        assert page.get_by_role("link", name=action, exact=True).first.is_visible()
    aujourdhui = page.locator("section", has=page.locator("#titre-aujourdhui"))
    assert "2 séances" in aujourdhui.inner_text()
    assert aujourdhui.get_by_role("link", name="Gisèle Martin").is_visible()
    a_suivre = page.locator("section", has=page.locator("#titre-personnes"))
    assert a_suivre.get_by_role("link", name="Paul Durand").is_visible()
    assert "Gisèle" not in a_suivre.inner_text()
    assert page.get_by_role("link", name="Importer depuis La Coop").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
    page.screenshot(path=f"/tmp/shots/accueil-e2e-accueil-{nom}.png", full_page=True)
    if taille is PHONE:
        assert _violations(page) == []
    # when she opens her figures from the menu
    page.get_by_role("link", name="Statistiques").first.click()
    page.wait_for_url("**/activites/statistiques")
    tableau = page.get_by_role("table", name="Chiffres généraux")
    ligne = tableau.get_by_role("row", name="Accompagnements", exact=False).first
    assert "2" in ligne.inner_text() and "N-1" in tableau.inner_text()
    assert page.get_by_role("img", name="Accompagnements par mois").is_visible()
    page.get_by_text("Voir les données du graphique en tableau").click()
    assert page.get_by_role("table", name="Accompagnements par mois").is_visible()
    # and nothing is wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
    page.screenshot(path=f"/tmp/shots/accueil-e2e-statistiques-{nom}.png", full_page=True)
    if taille is PHONE:
        assert _violations(page) == []
        page.goto(f"{live_server}/orientations")
        assert _violations(page) == []
    page.close()
