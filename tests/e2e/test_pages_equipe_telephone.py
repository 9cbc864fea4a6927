"""On a phone (390×844), every page a coordinator or a mediator can reach from the menu and
from the pages' own links fits the screen: nothing makes the page scroll sideways (a long
e-mail or file header wraps), no table scrolls sideways in its box (a list shows each row
as a card, a table of figures one block per row; folded parts opened), and where a box
scrolls with no link inside, axe-core finds no serious violation (it can be scrolled with
the keyboard). The pages are found by following links, one page per kind
(`/lieux/<id>` once), over a small demo."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest

from mednum.demo.acteurs import demo_acteurs
from mednum.demo.financements import demo_financements
from mednum.demo.formations import demo_formations
from mednum.demo.lieux import load_demo
from mednum.demo.mediation import load_demo_mediation
from mednum.infra.projector import Projector
from projections.catalogue import all_projections
from tests.conftest import run_sync
from tests.e2e.outils_navigation import connecte
from tests.e2e.test_accessibilite import _violations
from tests.lieux_outils import hub_ouvert

PHONE = {"width": 390, "height": 844}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Links that leave the HTML pages: files, the API, logging out.
# A table that scrolls in its box with nothing inside the keyboard can reach: the box itself
# must be reachable (axe-core's scrollable-region-focusable).
DEFILE_SANS_FOCUS = """[...document.querySelectorAll('.tableau')].some(e =>
    e.scrollWidth > e.clientWidth
    && !e.querySelector('a[href], button, input, select, textarea'))"""
# A table reflows (one card per row, or one block per row for figures): none scrolls
# sideways, even in its box, once every folded part (« Voir les valeurs »…) is open.
TABLE_DEFILE = """(() => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    return [...document.querySelectorAll('.tableau')].some(e => e.scrollWidth > e.clientWidth);
})()"""
HORS_PAGES = re.compile(r"^/api/|deconnexion|\.(csv|json|pdf|xlsx|svg)$|telecharg")

# The kinds of page each role must have reached, or the crawl proves nothing.
PAGES_COORDINATION = {
    "/lieux",
    "/lieux/ID",
    "/lieux/ID/modifier",
    "/lieux/nouveau",
    "/lieux/doublons",
    "/structures",
    "/structures/ID",
    "/aidants",
    "/aidants/ID",
    "/formations",
    "/formations/sessions/ID",
    "/financements",
    "/financements/ID",
    "/pass-numerique",
    "/pass-numerique/ID",
    "/rapports",
}
PAGES_MEDIATION = {
    "/",
    "/activites",
    "/activites/ID",
    "/activites/nouvelle",
    "/activites/seance-rapide",
    "/activites/statistiques",
    "/beneficiaires",
    "/beneficiaires/ID",
    "/beneficiaires/ID/diagnostic",
    "/orientations",
}


@pytest.fixture
def demo(database_dsn: str) -> Iterator[str]:
    """A small demo, projected; yields the demo mediator's e-mail."""
    with hub_ouvert(database_dsn) as hub:
        lieu_ids, _ = load_demo(hub, 12)
        aidants = demo_acteurs(hub, lieu_ids, nb_structures=10, nb_aidants=40)
        demo_formations(hub, aidants, lieu_ids)
        _, mediatrice = load_demo_mediation(
            hub, lieu_ids, nb_personnes=60, nb_mediateurs=3, nb_jours=60
        )
        demo_financements(hub, lieu_ids)

    async def projeter() -> None:
        conn = await asyncpg.connect(database_dsn)
        try:
            for projection in all_projections():
                await Projector(projection).catch_up(conn)
        finally:
            await conn.close()

    run_sync(projeter())
    yield mediatrice


def _parcourir(
    page: Any, live_server: str
) -> tuple[set[str], dict[str, int], dict[str, Any], set[str]]:
    """Follows the links of the header and of the page's main part from the home page, one
    page per kind; returns the kinds seen, the pages wider than the screen, the pages
    with serious accessibility violations and those where a table scrolls sideways."""
    vues: set[str] = set()
    larges: dict[str, int] = {}
    violations: dict[str, Any] = {}
    tableaux_larges: set[str] = set()
    a_voir = ["/"]
    while a_voir and len(vues) < 120:
        chemin = a_voir.pop(0)
        sorte = UUID.sub("ID", chemin)
        if sorte in vues:
            continue
        vues.add(sorte)
        reponse = page.goto(live_server + chemin)
        assert reponse is not None and reponse.status == 200, chemin
        if not reponse.headers.get("content-type", "").startswith("text/html"):
            continue  # the API's description (/schema) is a JSON document
        largeur = page.evaluate("document.documentElement.scrollWidth")
        if largeur > PHONE["width"]:
            larges[chemin] = largeur
        if page.evaluate(TABLE_DEFILE):
            tableaux_larges.add(chemin)
        # axe takes about a second a page: it runs where it has something to find here (the
        # pages have their own accessibility tests)
        if page.evaluate(DEFILE_SANS_FOCUS) and (trouvees := _violations(page)):
            violations[chemin] = trouvees
        liens = page.eval_on_selector_all(
            "header a[href], main a[href]", "as => as.map(a => a.getAttribute('href'))"
        )
        for lien in liens:
            cible = lien.split("#")[0].split("?")[0]
            nouveau = UUID.sub("ID", cible) not in vues
            if cible.startswith("/") and not HORS_PAGES.search(cible) and nouveau:
                a_voir.append(cible)
    return vues, larges, violations, tableaux_larges


def test_no_page_of_the_team_is_wider_than_a_phone(
    demo: str, browser: Any, live_server: str, database_dsn: str
) -> None:
    # (`demo` first: it is written and projected before the server starts its projector)
    # One demo for both roles: it is what takes time.
    for email, role, attendues in (
        ("coordination@example.fr", "coordinateur", PAGES_COORDINATION),
        (demo, "mediateur", PAGES_MEDIATION),  # her sessions, people and levels
    ):
        # given a coordinator, then the demo's mediator
        page = connecte(browser, live_server, database_dsn, email, role, viewport=PHONE)
        # when she opens every kind of page she can reach
        vues, larges, violations, tableaux_larges = _parcourir(page, live_server)
        # then she has seen the pages of her role, none of them scrolls sideways, nor does
        # any table, and each can be read with a screen reader and used with the keyboard
        assert attendues <= vues, (role, sorted(attendues - vues))
        assert larges == {}, role
        assert tableaux_larges == set(), role
        assert violations == {}, role
        page.close()
