"""In a browser, phone (390×844) and desktop: a funder of Côte-d'Or lands on the reports,
picks « Côte-d'Or » by name and the 3rd quarter of 2026, opens the report — rates with their
numerator and denominator, « non calculable » where nobody was counted — and downloads the
XLSX under a name that says the territory and the period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e import outils_rapports as rapports
from tests.e2e.test_accessibilite import _violations

SHOTS = Path("/tmp/shots_chiffres")


@rapports.sur_telephone_et_bureau
def test_a_funder_picks_cote_d_or_and_a_quarter_and_downloads_the_xlsx(
    browser: Any, live_server: str, database_dsn: str, nom: str, taille: dict[str, int]
) -> None:
    SHOTS.mkdir(exist_ok=True)
    # when the funder logs in, it lands on the reports
    email = f"cd21-{nom}@example.fr"
    page = rapports.financeur_connecte(
        browser, live_server, database_dsn, email, taille, accept_downloads=True
    )
    assert page.get_by_role("heading", name="Rapports d'évaluation").is_visible()
    # and picks its territory by name and a quarter from the list
    rapports.choisir_cote_d_or(page, "2026-T3")
    assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
    page.screenshot(path=str(SHOTS / f"rapports-choix-{nom}.png"), full_page=True)
    if taille is rapports.PHONE:
        assert _violations(page) == []
    rapports.ouvrir_le_rapport(page, live_server)
    # then the report of Côte-d'Or for that quarter opens
    assert "Côte-d'Or" in page.locator(".rapport__territoire").inner_text()
    assert "3e trimestre 2026" in page.locator(".rapport__periode").inner_text()
    # with its rates beside their parts, « non calculable » over nobody (an empty hub)
    chiffres = page.get_by_role("table", name="Chiffres clés", exact=False).inner_text()
    assert "non calculable (0 / " in chiffres.replace("\u00a0", " ")
    assert " 0 %" not in chiffres.replace("\u00a0", " ")
    page.screenshot(path=str(SHOTS / f"rapport-{nom}.png"), full_page=False)
    # and the spreadsheet downloads under a name that says where and when
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Tableur (XLSX)").click()
    assert telechargement.value.suggested_filename == (
        "rapport_departement-21_cote-d-or_2026-T3.xlsx"
    )
    page.close()
