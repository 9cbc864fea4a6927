"""A funder of Côte-d'Or in a browser, on a phone and on a desktop: logged in on the reports,
choosing its territory and a quarter, opening the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import se_connecter
from tests.web.test_rapports import financeur

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SHOTS = Path("/tmp")

sur_telephone_et_bureau = pytest.mark.parametrize(
    "nom, taille", [("telephone", PHONE), ("bureau", DESKTOP)]
)


def financeur_connecte(
    browser: Any, live_server: str, dsn: str, email: str, taille: dict[str, int], **options: Any
) -> Any:
    """A funder of Côte-d'Or, logged in on a new page of `taille` (and Playwright's `options`)
    and landed on the reports: the page."""
    financeur(dsn, email, ("departement", "21"))
    page = browser.new_page(viewport=taille, **options)
    se_connecter(page, live_server, email, arrivee=f"{live_server}/rapports")
    return page


def choisir_cote_d_or(page: Any, trimestre: str) -> None:
    """Côte-d'Or typed by name in the reports' form, and `trimestre` (« 2026-T3 ») picked."""
    page.get_by_label("Territoire", exact=True).fill("Côte-d'Or")
    page.get_by_label("Trimestre", exact=True).first.check()
    page.locator("select#trimestre").select_option(trimestre)


def ouvrir_le_rapport(page: Any, live_server: str) -> None:
    page.get_by_role("button", name="Ouvrir le rapport").click()
    page.wait_for_url(f"{live_server}/rapports/*")


def ouvrir_cote_d_or(page: Any, live_server: str, trimestre: str) -> None:
    """The report of Côte-d'Or for `trimestre`, chosen and opened from the reports' page."""
    choisir_cote_d_or(page, trimestre)
    ouvrir_le_rapport(page, live_server)
