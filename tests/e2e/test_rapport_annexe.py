"""In a browser, phone (390×844) and desktop: the method annex at the bottom of a report
gives each rate's numerator and denominator and each indicator's as-of rule, readable without
horizontal scrolling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import se_connecter
from tests.web.test_rapports import financeur

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SHOTS = Path("/tmp")


@pytest.mark.parametrize("nom, taille", [("telephone", PHONE), ("bureau", DESKTOP)])
def test_the_annex_shows_the_parts_and_the_as_of_rule(
    browser: Any, live_server: str, database_dsn: str, nom: str, taille: dict[str, int]
) -> None:
    financeur(database_dsn, f"annexe-{nom}@example.fr", ("departement", "21"))
    page = browser.new_page(viewport=taille)
    se_connecter(page, live_server, f"annexe-{nom}@example.fr", arrivee=f"{live_server}/rapports")
    page.get_by_label("Territoire", exact=True).fill("Côte-d'Or")
    page.get_by_label("Trimestre", exact=True).first.check()
    page.locator("select#trimestre").select_option("2026-T3")
    page.get_by_role("button", name="Ouvrir le rapport").click()
    page.wait_for_url(f"{live_server}/rapports/*")
    # when the reader goes down to the annex
    annexe = page.locator("section.rapport__methode")
    m412 = annexe.locator("dt", has_text="M4.12")
    m412.evaluate("e => e.scrollIntoView({block: 'start'})")
    # then M4.12 says what it divides by what, and as of when
    texte = annexe.inner_text()
    bloc = texte.split("M4.12", 1)[1].split("M4.13", 1)[0]
    for titre in ("Numérateur :", "Dénominateur :", "À quelle date :"):
        assert titre in bloc
    assert "12 mois qui finissent le dernier jour" in bloc
    assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
    page.screenshot(path=str(SHOTS / f"dictionnaire_annexe-{nom}.png"), full_page=False)
    page.close()
