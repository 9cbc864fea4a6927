"""Every page a citizen meets, on a 390 px phone and at 200 % zoom: no serious or critical
axe-core violation (WCAG 2.1 A/AA) and no horizontal scroll (WCAG 1.4.10 reflow).

200 % zoom is a 1280 × 1024 screen zoomed twice: 640 × 512 CSS pixels at device scale 2,
which is exactly what the browser lays out. One server and one registry for the module
(pages × screens would otherwise start a server each)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import fresh_database, serve
from tests.e2e import test_carte_parcours, test_orientation_citoyenne
from tests.e2e.test_accessibilite import _violations

ECRANS = {
    "telephone_390": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2},
    "zoom_200": {"viewport": {"width": 640, "height": 512}, "device_scale_factor": 2},
}
RESULTATS = (
    "/orientation?besoin=demarche&equipement=sans_equipement&aisance=je_ne_sais_pas"
    "&urgent=oui&facon=pour_moi&contraintes=handicap_auditif&contraintes=langue"
    "&contraintes=mobilite_reduite&commune=Dijon"
)


@pytest.fixture(scope="module")
def site(server_dsn: str, template_dsn: str) -> Iterator[str]:
    """The app over a registry around Dijon (the map's and the questionnaire's places)."""
    with (
        fresh_database(server_dsn, template_dsn) as dsn,
        tempfile.TemporaryDirectory() as data_dir,
        serve(dsn, Path(data_dir)) as url,
    ):
        test_carte_parcours._lieux(dsn)
        test_orientation_citoyenne._lieux(dsn)
        yield url


def _premier_lien(page: Any, depuis: str, lien: str) -> str:
    page.goto(depuis)
    return str(page.locator(lien).first.get_attribute("href"))


def _lieu(page: Any, site: str) -> None:
    page.goto(site + _premier_lien(page, f"{site}/carte?q=Dijon", ".carte-lieu__nom a"))


def _lieu_imprime(page: Any, site: str) -> None:
    _lieu(page, site)
    page.emulate_media(media="print")


def _fiche(page: Any, site: str) -> None:
    fiche = _premier_lien(page, site + RESULTATS, "a[href^='/orientation/fiche']")
    page.goto(site + fiche)


PAGES: dict[str, Callable[[Any, str], None]] = {
    "carte": lambda page, site: page.goto(f"{site}/carte"),
    "carte_commune": lambda page, site: page.goto(f"{site}/carte?q=Dijon"),
    "carte_commune_ambigue": lambda page, site: page.goto(f"{site}/carte?q=Chalon"),
    "integration": lambda page, site: page.goto(f"{site}/carte?q=Dijon&embed=1"),
    "fiche_lieu": _lieu,
    "fiche_lieu_imprimee": _lieu_imprime,
    "orientation": lambda page, site: page.goto(f"{site}/orientation"),
    "orientation_resultats": lambda page, site: page.goto(site + RESULTATS),
    "orientation_fiche": _fiche,
}


@pytest.mark.parametrize("ecran", list(ECRANS))
@pytest.mark.parametrize("nom", list(PAGES))
def test_no_serious_violation_and_no_horizontal_scroll(
    browser: Any, site: str, nom: str, ecran: str
) -> None:
    contexte = browser.new_context(**ECRANS[ecran])
    page = contexte.new_page()
    page.goto(f"{site}/api/v1/lieux?apres=7")  # the read model has every place
    # when the person opens the page
    PAGES[nom](page, site)
    page.wait_for_load_state("load")
    # then axe-core finds nothing serious, and nothing is wider than the screen
    assert _violations(page) == [], page.url
    largeurs = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth, "
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className)"
        ".slice(0, 5)]"
    )
    assert largeurs[0] <= largeurs[1], (page.url, largeurs)
    contexte.close()
