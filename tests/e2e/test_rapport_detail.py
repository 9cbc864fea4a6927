"""In a browser, phone (390×844) and desktop: a funder of Côte-d'Or opens the report of the
1st quarter of 2026, follows its table of contents to the drill-down by place, filters it by
a place's name and sees that place's row (and not the other's); the monthly trend is there
with its chart; the page never scrolls sideways."""

from __future__ import annotations

import time
from typing import Any

import asyncpg

from mednum.rapports.calcul import PROJECTIONS_DU_RAPPORT
from tests.conftest import run_sync
from tests.e2e import outils_rapports as rapports
from tests.e2e.test_accessibilite import _violations
from tests.integration.test_rapport_detail import CHAMPOLLION, CHENOVE, semer


def attendre_les_projections(dsn: str) -> None:
    """Until the server's projector has applied every event the report reads (30 s at most:
    a machine under load is slow, not wrong)."""

    async def a_jour() -> bool:
        conn = await asyncpg.connect(dsn)
        try:
            return bool(
                await conn.fetchval(
                    "SELECT count(*) = $2 AND min(position) >= "
                    "(SELECT coalesce(max(notification_id), 0) FROM mednum_events) "
                    "FROM projection_tracking WHERE name = any($1::text[])",
                    list(PROJECTIONS_DU_RAPPORT),
                    len(PROJECTIONS_DU_RAPPORT),
                )
            )
        finally:
            await conn.close()

    limite = time.monotonic() + 30
    while not run_sync(a_jour()):
        assert time.monotonic() < limite, "the projections did not catch up"
        time.sleep(0.2)


@rapports.sur_telephone_et_bureau
def test_a_funder_drills_down_to_a_place_by_its_name(
    browser: Any, live_server: str, database_dsn: str, nom: str, taille: dict[str, int]
) -> None:
    semer(database_dsn)
    attendre_les_projections(database_dsn)
    email = f"cd21-detail-{nom}@example.fr"
    page = rapports.financeur_connecte(browser, live_server, database_dsn, email, taille)
    rapports.ouvrir_cote_d_or(page, live_server, "2026-T1")
    # the monthly trend: a chart with its title, and the table under it
    assert page.locator("svg[aria-labelledby^='g-M4-1-mensuel']").count() == 1
    mensuel = page.get_by_role("table", name="Évolution mensuelle", exact=False).inner_text()
    assert "mars 2026" in mensuel and "janvier 2026" in mensuel
    assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
    # and on a phone no table of the report scrolls sideways: each row reflows into a block
    larges = page.evaluate(
        "[...document.querySelectorAll('.rapport .tableau')]"
        ".filter(e => e.scrollWidth > e.clientWidth).map(e => e.getAttribute('aria-label'))"
    )
    assert larges == [], larges
    # and the bar charts' words are drawn at a size one can read (they were 6 px on a phone)
    # (the monthly chart's values are written sideways: their boxes are as tall as they are long)
    hauteurs = page.evaluate(
        '[...document.querySelectorAll(\'svg.graphique:not([aria-labelledby^="g-M4-1-mensuel"])'
        " text')].filter(t => !t.closest('.rapport__cartes'))"
        ".map(t => t.getBoundingClientRect().height)"
    )
    assert len(hauteurs) > 20 and min(hauteurs) >= 10, sorted(hauteurs)[:3]
    page.screenshot(path=str(rapports.SHOTS / f"detail_rapport_{nom}.png"), full_page=False)
    # when the funder follows the table of contents to the places
    sommaire = page.get_by_role("navigation", name="Sommaire")
    sommaire.get_by_role("link", name="Par lieu", exact=True).click()
    page.wait_for_url("**#detail-lieux")
    lieux = page.locator("details#detail-lieux")
    assert "— 2 lieux" in lieux.locator("summary").inner_text()
    assert lieux.get_attribute("open") is not None
    # and filters them by a place's name (without its accents)
    page.get_by_label("Filtrer par nom de lieu").fill("chenove")
    # then that place's row shows, the other one does not
    table = page.locator("#detail-lieux-table")
    assert table.get_by_role("row", name=CHENOVE, exact=False).is_visible()
    assert not table.get_by_role("row", name=CHAMPOLLION, exact=False).is_visible()
    assert "1 ligne(s) sur 2" in page.locator("#detail-lieux-compte").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"]
    page.screenshot(path=str(rapports.SHOTS / f"detail_lieux_{nom}.png"), full_page=False)
    if taille is rapports.PHONE:
        assert _violations(page) == []
    page.locator("#rapport-evolution").scroll_into_view_if_needed()
    page.screenshot(path=str(rapports.SHOTS / f"detail_evolution_{nom}.png"), full_page=False)
    page.close()
