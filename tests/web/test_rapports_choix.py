"""A funder picks a territory by name and a period on the reports page, and every download
is saved under a name that says which territory and which period — never an identifier."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from tests.web.conftest import csrf_from, login
from tests.web.test_rapports import (  # noqa: F401
    bearer,
    coordination,
    financeur,
    generer,
    telecharger,
)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def test_every_download_is_named_by_territory_and_period(
    client: TestClient,
    coordination: str,  # noqa: F811 - the fixture of test_rapports.py
) -> None:
    # given reports of Côte-d'Or for March 2026 and of Bourgogne-Franche-Comté over 18 days
    mars = generer(client, coordination, "departement:21", "2026-03").json()["id"]
    jours = generer(client, coordination, "region:27", "2026-02-03..2026-02-20").json()["id"]
    # when each is downloaded in each format (one PDF: the name does not depend on the
    # format's rendering, and a PDF takes seconds to make)
    noms = {
        (rapport, format_): telecharger(
            client, f"/api/v1/rapports/{rapport}/{format_}", coordination
        ).headers["content-disposition"]
        for rapport, formats in ((mars, ("pdf", "xlsx", "csv")), (jours, ("xlsx", "csv")))
        for format_ in formats
    }
    # then the file name says the territory (level, code, name) and the period, in ASCII
    attendu = 'attachment; filename="rapport_departement-21_cote-d-or_2026-03.{}"'
    for format_ in ("pdf", "xlsx", "csv"):
        assert noms[mars, format_] == attendu.format(format_)
    for format_ in ("xlsx", "csv"):
        assert noms[jours, format_] == (
            "attachment; filename="
            f'"rapport_region-27_bourgogne-franche-comte_2026-02-03_2026-02-20.{format_}"'
        )
    assert not any(UUID.search(nom) for nom in noms.values())


def _options(html: str) -> list[str]:
    liste = html.split('<datalist id="territoires">', 1)[1].split("</datalist>", 1)[0]
    return [o.replace("&#39;", "'") for o in re.findall(r'<option value="([^"]+)">', liste)]


def test_a_financeur_picks_among_its_own_territories_by_name(
    client: TestClient, database_dsn: str
) -> None:
    # given a financeur of Côte-d'Or, logged in
    financeur(database_dsn, "cd21@example.fr", ("departement", "21"))
    login(client, "cd21@example.fr")
    # when it opens the reports page
    page = client.get("/rapports")
    assert page.status_code == 200
    options = _options(page.text)
    # then it is offered its département, the EPCIs and communes within it, by name
    assert options[0] == "Côte-d'Or (département 21)"
    for attendu in ("Dijon Métropole (EPCI 242100410)", "Dijon (commune 21231)"):
        assert attendu in options
    assert "Beaune (commune 21054)" in options and len(options) > 600
    # and nothing outside it: not the région, not Doubs nor Besançon
    for dehors in ("(région 27)", "Doubs", "Besançon"):
        assert not any(dehors in o for o in options), dehors
    # and the territory field holds a name, not a code
    assert 'value="Côte-d&#39;Or (département 21)"' in page.text
    assert "departement:21" not in page.text
    # and the quarters offered are complete ones, by name
    assert re.search(r'<option value="\d{4}-T[1-4]">[1-4]e trimestre \d{4}</option>', page.text)


def _ouvrir(client: TestClient, **champs: str) -> str:
    reponse = client.post(
        "/rapports",
        data={"_csrf_token": csrf_from(client, "/rapports"), **champs},
        follow_redirects=False,
    )
    assert reponse.status_code == 303, reponse.text
    return reponse.headers["location"]


def test_a_financeur_opens_a_report_by_names_and_periods(
    client: TestClient, database_dsn: str
) -> None:
    financeur(database_dsn, "cd21b@example.fr", ("departement", "21"))
    login(client, "cd21b@example.fr")
    # when it types « Côte-d'Or » and picks the 3rd quarter of 2026
    vers = _ouvrir(client, territoire="Côte-d'Or", forme="trimestre", trimestre="2026-T3")
    # then the report of Côte-d'Or for that quarter opens
    page = client.get(vers).text
    assert "Côte-d&#39;Or" in page and "3e trimestre 2026" in page
    # and the label of the list, a month, a year and two dates work too
    for champs, libelle in (
        ({"territoire": "Dijon (commune 21231)", "forme": "mois", "mois": "2026-09"}, "2026"),
        ({"territoire": "Dijon Métropole", "forme": "annee", "annee": "2025"}, "année 2025"),
        (
            {"territoire": "Beaune", "forme": "libre", "du": "2026-07-14", "au": "2026-08-15"},
            "2026",
        ),
    ):
        vers = _ouvrir(client, **champs)
        assert vers.startswith("/rapports/"), (champs, vers)
        assert libelle in client.get(vers).text
    # and a territory outside its perimeter, or unknown, is refused in French
    for nom in ("Doubs", "Besançon", "Atlantide"):
        vers = _ouvrir(client, territoire=nom, forme="trimestre", trimestre="2026-T3")
        assert vers.startswith("/rapports?erreur="), vers
        assert "introuvable dans votre p" in client.get(vers).text
    # and two missing dates say which field to fill
    vers = _ouvrir(client, territoire="Côte-d'Or", forme="libre", du="2026-07-01", au="")
    assert "Donnez les deux dates" in client.get(vers).text
