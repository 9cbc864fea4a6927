"""In a browser, phone (390×844) and desktop: a funder of Côte-d'Or opens a frozen report,
presses « Vérifier », sees the run's progress, then « Identique au gel du … »; it downloads
the PDF, sees a page following its preparation, and the download starts once it is ready.

The verification is held at its start (a lock on the reference data versions, taken by the
test) so that its progress is seen whatever the machine's speed."""

from __future__ import annotations

from typing import Any

import psycopg

from tests.e2e import outils_rapports as rapports
from tests.e2e.test_accessibilite import _violations


@rapports.sur_telephone_et_bureau
def test_a_funder_verifies_a_frozen_report_and_downloads_its_pdf(
    browser: Any, live_server: str, database_dsn: str, nom: str, taille: dict[str, int]
) -> None:
    email = f"v-{nom}@example.fr"
    page = rapports.financeur_connecte(
        browser, live_server, database_dsn, email, taille, accept_downloads=True
    )
    # given the funder opened (froze) the report of Côte-d'Or for the 3rd quarter of 2026
    rapports.ouvrir_cote_d_or(page, live_server, "2026-T3")
    rapport = page.url
    assert page.get_by_text("pas encore été vérifié").is_visible()
    # when it presses « Vérifier » while the run cannot go past its start
    with psycopg.connect(database_dsn) as verrou:
        verrou.execute("LOCK TABLE referentiel_versions IN ACCESS EXCLUSIVE MODE")
        page.get_by_role("button", name="Vérifier").click()
        # then the report page shows the run in progress, and follows it
        page.get_by_text("Vérification en cours").wait_for()
        assert page.locator("progress#verification-progres").is_visible()
        assert page.get_by_role("button", name="Vérifier").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
        page.locator("#verification").screenshot(
            path=str(rapports.SHOTS / f"verification_cours_{nom}.png")
        )
        if taille is rapports.PHONE:
            assert _violations(page) == []
    # and once the run goes on, the page ends with its result, dated
    page.get_by_text("Identique au gel du").wait_for(timeout=120_000)
    assert "octet pour octet" in page.locator("#verification").inner_text()
    assert page.get_by_role("button", name="Vérifier").is_visible()
    page.locator("#verification").scroll_into_view_if_needed()
    page.screenshot(path=str(rapports.SHOTS / f"verification_resultat_{nom}.png"))
    # when it asks for the PDF, never produced yet, a page follows its preparation
    page.get_by_role("link", name="PDF", exact=True).click()
    page.get_by_text("Préparation du PDF en cours").wait_for()
    assert page.locator("progress#fichier-progres").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
    page.screenshot(path=str(rapports.SHOTS / f"verification_pdf_{nom}.png"))
    # and the download starts by itself once it is ready, named after territory and period
    with page.expect_download(timeout=120_000) as telechargement:
        pass
    assert telechargement.value.suggested_filename == (
        "rapport_departement-21_cote-d-or_2026-T3.pdf"
    )
    # and the page says it is ready, with a link to the file should the download not start
    # (the wait's words gone, the bar full)
    lien = page.get_by_role("link", name="Télécharger le PDF")
    assert lien.is_visible() and lien.get_attribute("href").endswith("/pdf")
    assert not page.get_by_text("Préparation du PDF en cours").is_visible()
    assert page.locator("progress#fichier-progres").evaluate("b => b.value") == 100
    # and from then on the link downloads it at once, from storage
    page.goto(rapport)
    with page.expect_download() as encore:
        page.get_by_role("link", name="PDF", exact=True).click()
    assert encore.value.suggested_filename.endswith("2026-T3.pdf")
    page.close()
