"""In a browser, phone (390×844) and desktop: the method annex at the bottom of a report
gives each rate's numerator and denominator and each indicator's as-of rule, readable without
horizontal scrolling."""

from __future__ import annotations

from typing import Any

from tests.e2e import outils_rapports as rapports


@rapports.sur_telephone_et_bureau
def test_the_annex_shows_the_parts_and_the_as_of_rule(
    browser: Any, live_server: str, database_dsn: str, nom: str, taille: dict[str, int]
) -> None:
    page = rapports.financeur_connecte(
        browser, live_server, database_dsn, f"annexe-{nom}@example.fr", taille
    )
    rapports.ouvrir_cote_d_or(page, live_server, "2026-T3")
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
    page.screenshot(path=str(rapports.SHOTS / f"dictionnaire_annexe-{nom}.png"), full_page=False)
    page.close()
