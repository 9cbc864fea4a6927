"""RGAA: axe-core (bundled by the axe-playwright-python package) finds no serious violation."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_carte_et_registre import _register_places
from tests.web.conftest import PASSWORD, create_user

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
    page = browser.new_page()
    page.goto(f"{live_server}/api/v1/lieux?apres=3")
    page.goto(f"{live_server}{path}")
    assert _violations(page) == []
    page.close()


def test_place_page_and_coordinator_form_have_no_serious_violation(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    _register_places(database_dsn)
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    page = browser.new_page()
    page.goto(f"{live_server}/api/v1/lieux?apres=3")
    page.goto(f"{live_server}/carte")
    page.locator(".liste-lieux a").first.click()
    page.wait_for_selector("h2#titre-horaires")
    assert _violations(page) == []
    page.goto(f"{live_server}/connexion?suivant=/lieux/nouveau")
    page.get_by_label("Adresse e-mail").fill("coord@example.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/lieux/nouveau")
    assert _violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()  # empty form: errors shown
    page.wait_for_selector(".erreur-champ")
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
