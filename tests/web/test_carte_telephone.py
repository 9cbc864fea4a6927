"""The map on a phone: results first, filters with counts, ambiguous communes asked, the
position kept out of URLs, place pages people can act on, embed, compression and caching."""

from __future__ import annotations

import datetime
import re
import time
from typing import Any

import asyncpg
from litestar.testing import TestClient

from mednum.demo.lieux import load_demo
from mednum.infra.jours_feries import jours_feries
from tests.conftest import run_sync
from tests.lieux_outils import hub_ouvert
from tests.web.test_carte_citoyenne import _noms, lieux

__all__ = ["lieux"]  # the fixture, shared with test_carte_citoyenne


def test_after_a_search_the_results_come_first_and_take_the_focus(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    page = client.get("/carte", params={"q": "Dijon"}).text
    resultats = page.index('id="resultats"')
    assert resultats < page.index('id="recherche-carte"')  # the form comes after
    assert re.search(r'id="resultats" tabindex="-1" data-focus', page)
    assert 'action="/carte#resultats"' in page
    # no search yet: the form first, nothing to focus
    accueil = client.get("/carte").text
    assert accueil.index('id="recherche-carte"') < accueil.index('id="resultats"')
    assert "data-focus" not in accueil


def test_filters_fold_and_say_how_many_places_they_give(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    page = client.get("/carte", params={"q": "Dijon"}).text
    assert '<details class="filtres-carte" id="filtres">' in page  # folded (JS opens it wide)
    gratuit = re.search(
        r'<input[^>]*value="Gratuit"[^>]*>\s*<label[^>]*>([^<]*)<span[^>]*>([^<]*)', page
    )
    assert gratuit and gratuit.group(2) == "(1 lieu)"
    assert 'value="Gratuit" disabled' not in page
    # nobody declares seniors: offered, but disabled and saying so
    assert re.search(
        r'value="Seniors" disabled>\s*<label[^>]*>Seniors <span[^>]*>\(aucun lieu\)', page
    )
    # counts apply the other filters: with « Gratuit » ticked, « Payant » would give none
    # more... but a field's own values stay alternatives (Payant keeps its count)
    coche = client.get("/carte", params={"q": "Dijon", "frais_a_charge": "Gratuit"}).text
    assert re.search(r'value="Payant">\s*<label[^>]*>Payant <span[^>]*>\(1 lieu\)', coche)
    assert re.search(
        r'value="Aide aux démarches administratives">\s*<label[^>]*>[^<]*<span[^>]*>\(1 lieu\)',
        coche,
    )
    assert _noms(coche) == ["Médiathèque &lt;Champollion&gt;"]


def test_an_ambiguous_commune_is_asked_the_regions_first(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    page = client.get("/carte", params={"q": "Chalon"}).text
    assert "Plusieurs communes s’appellent « Chalon »" in page
    choix = re.findall(r'<li><a href="(/carte\?q=[^"]+)" target="_self">([^<]+)</a>', page)
    assert choix[0][1] == "Chalon-sur-Saône (71, 71100)"  # in the registry's région
    assert {"Chalon (26, 26350)", "Chalon (38, 38122)"} <= {nom for _, nom in choix}
    assert _noms(page) == []  # nothing shown from a commune nobody chose
    choisie = client.get(choix[0][0].replace("&amp;", "&")).text
    assert "à moins de 10 km de Chalon-sur-Saône (71)" in choisie
    # one commune of that exact name in the région: no question
    assert "à moins de 10 km de Dijon (21)" in client.get("/carte?q=dijon").text


def test_the_position_is_posted_and_never_put_in_a_link(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    reponse = client.post(
        "/carte", data={"lat": "47.32250", "lon": "5.04150", "rayon": "5", "q": ""}
    )
    assert reponse.status_code == 200, reponse.text
    page = reponse.text
    assert "à moins de 5 km de votre position" in page
    assert _noms(page) == ["Médiathèque &lt;Champollion&gt;", "Atelier du Port"]
    assert "47.3225" not in "".join(re.findall(r'href="([^"]*)"', page))
    assert '<form method="post" action="/carte#resultats"' in page  # filters post it again
    assert reponse.headers["cache-control"] == "no-store"
    mauvais = client.post("/carte", data={"lat": "nord", "lon": "5"})
    assert mauvais.status_code == 422 and "« lat » doit être un nombre" in mauvais.text


def test_next_page_is_offered_at_the_bottom_too(client: TestClient, database_dsn: str) -> None:
    _demo(database_dsn, 120)
    page = client.get("/carte").text
    assert page.count(">Page suivante</a>") == 2
    bas = page.index('aria-label="Pages de la liste (bas)"')
    assert bas > page.rindex('class="carte-lieu"')
    assert ">Page suivante</a>" in page[bas:]


def test_a_place_page_to_call_go_print_and_share(client: TestClient, lieux: dict[str, Any]) -> None:
    page = client.get(f"/lieux/{lieux['gratuit']['id']}").text
    assert re.search(r'<a class="bouton" href="tel:\+33380488230">Appeler', page)
    assert (
        'href="https://www.openstreetmap.org/directions?to=47.32250,5.04150" '
        'rel="noopener nofollow" target="_blank">Itinéraire' in page
    )
    assert "Imprimer ou partager" in page and 'data-action="imprimer"' in page
    assert 'data-action="partager"' in page
    # Mo-Sa 00:00-24:00: open now, or (Sunday) opening on Monday at midnight
    assert re.search(r"<strong>(Ouvert maintenant, ferme|Fermé maintenant, ouvre)", page)
    assert "Fiche imprimée le" in page  # shown on paper only (carte.css)
    assert "Accessibilité du bâtiment non renseignée" in page


def test_public_holidays_include_alsace_moselle() -> None:
    noel = datetime.date(2026, 12, 24)
    assert datetime.date(2026, 12, 26) in jours_feries("67", noel)
    assert datetime.date(2026, 12, 26) in jours_feries("57", noel)
    assert datetime.date(2026, 12, 26) not in jours_feries("21", noel)
    assert datetime.date(2026, 12, 25) in jours_feries("21", noel)
    vendredi_saint = datetime.date(2026, 4, 3)
    assert vendredi_saint in jours_feries("68", vendredi_saint)
    assert vendredi_saint not in jours_feries(None, vendredi_saint)


def test_the_embed_opens_places_in_the_parent_window(
    client: TestClient, lieux: dict[str, Any]
) -> None:
    page = client.get("/carte", params={"q": "Dijon", "embed": "1"}).text
    assert '<base target="_top">' in page
    assert 'target="_self" role="search"' in page  # the search stays in the frame
    assert (
        '<h1 class="visually-hidden">Lieux de médiation numérique près de Dijon (21)</h1>' in page
    )
    code = client.get("/carte", params={"q": "Dijon"}).text
    assert re.search(r"&lt;iframe [^\n]*allow=\"geolocation\"", code)


def test_a_report_lands_on_its_confirmation(client: TestClient, lieux: dict[str, Any]) -> None:
    page = client.get(f"/lieux/{lieux['gratuit']['id']}").text
    assert 'id="signalement-envoye"' not in page
    confirmation = client.get(f"/lieux/{lieux['gratuit']['id']}?signalement=envoye").text
    assert 'id="signalement-envoye" tabindex="-1"' in confirmation


def test_compression_and_cache_headers(client: TestClient, lieux: dict[str, Any]) -> None:
    page = client.get("/carte", params={"q": "Dijon"}, headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert page.headers["cache-control"] == "private, max-age=60"
    br = client.get("/carte", params={"q": "Dijon"}, headers={"Accept-Encoding": "br"})
    assert br.headers["content-encoding"] == "br"
    feuille = re.search(r'href="(/static/css/mednum\.css\?v=[0-9a-f]{12})"', page.text)
    assert feuille
    statique = client.get(feuille.group(1))
    assert statique.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/static/css/mednum.css").headers["cache-control"] == "public, max-age=3600"
    leaflet = re.search(r'src="(/static/vendor/leaflet/leaflet\.js\?v=[0-9a-f]{12})"', page.text)
    assert leaflet and client.get(leaflet.group(1)).status_code == 200


def _demo(dsn: str, nombre: int) -> None:
    """The demo registry's first `nombre` places, once the read model has them all."""
    with hub_ouvert(dsn) as hub:
        ids, _ = load_demo(hub, nombre)

    async def compter() -> int:
        conn = await asyncpg.connect(dsn)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM lieux"))
        finally:
            await conn.close()

    limite = time.monotonic() + 60
    while run_sync(compter()) < len(ids):
        assert time.monotonic() < limite, "the lieux read model did not catch up"
        time.sleep(0.2)


def test_a_commune_search_weighs_at_most_60_kb_compressed(
    client: TestClient, database_dsn: str
) -> None:
    _demo(database_dsn, 300)
    for commune in ("Dijon", "Besançon"):
        reponse = client.get(
            "/carte", params={"q": commune, "rayon": 50}, headers={"Accept-Encoding": "gzip"}
        )
        assert reponse.status_code == 200
        # the page and the script of its markers (served apart), as a first visit gets them
        adresse = re.search(r'<script src="(/carte/script/[^"]+)"', reponse.text)
        assert adresse
        script = client.get(
            adresse.group(1).replace("&amp;", "&"), headers={"Accept-Encoding": "gzip"}
        )
        assert script.headers["content-encoding"] == "gzip"
        compresse = reponse.num_bytes_downloaded + script.num_bytes_downloaded
        brut = len(reponse.content) + len(script.content)
        print(f"/carte?q={commune}&rayon=50 and its markers: {brut} B, gzip {compresse} B")
        assert "lieux à moins de 50 km" in reponse.text
        assert compresse <= 60_000
