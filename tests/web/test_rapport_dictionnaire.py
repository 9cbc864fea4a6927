"""The indicator dictionary as a funder reads it: the method annex of a report page, the
« Méthode » sheet of the XLSX and `/api/v1/indicateurs/{id}` show each indicator's numerator,
denominator and as-of rule, from the one dictionary."""

from __future__ import annotations

import html
import io

from litestar.testing import TestClient
from openpyxl import load_workbook

from domain.evaluation.indicateurs import INDICATEURS
from mednum.rapports.tableur import FEUILLE_METHODE
from tests.web.outils_connexion import connecter
from tests.web.test_rapports import bearer, coordination, generer, telecharger  # noqa: F401


def _annexe(page: str) -> str:
    return html.unescape(page.split('id="rapport-methode"', 1)[1].split("</section>", 1)[0])


def test_the_annex_the_sheet_and_the_api_show_the_parts_and_the_as_of_rule(
    client: TestClient,
    coordination: str,  # noqa: F811 - the fixture of test_rapports.py
    database_dsn: str,
) -> None:
    m412 = INDICATEURS["M4.12"]
    # given a frozen report of Côte-d'Or for March 2026
    rapport_id = generer(client, coordination, "departement:21", "2026-03").json()["id"]
    # when a coordinator opens its page, then the annex gives M4.12's parts and as-of rule
    connecter(client, database_dsn, "annexe@example.fr", "coordinateur")
    annexe = _annexe(client.get(f"/rapports/{rapport_id}").text)
    for titre, texte in (
        ("Numérateur :", m412.numerateur),
        ("Dénominateur :", m412.denominateur),
        ("À quelle date :", m412.a_la_date),
    ):
        assert f"{titre}</strong> {texte}" in annexe
    # and a count has an as-of rule but no parts
    m41 = annexe.split("<strong>M4.1</strong>", 1)[1].split("</dd>", 1)[0]
    assert "À quelle date :" in m41 and "Numérateur" not in m41
    # and the XLSX's method sheet has the three columns, filled for M4.12
    xlsx = telecharger(client, f"/api/v1/rapports/{rapport_id}/xlsx", coordination)
    assert xlsx.status_code == 200, xlsx.text
    feuille = load_workbook(io.BytesIO(xlsx.content))[FEUILLE_METHODE]
    lignes = list(feuille.iter_rows(values_only=True))
    entete = list(lignes[0])
    assert entete[-3:] == ["numérateur", "dénominateur", "à quelle date"]
    ligne = next(x for x in lignes if x[0] == "M4.12")
    assert ligne[-3:] == (m412.numerateur, m412.denominateur, m412.a_la_date)
    # and the API's indicator carries the same definition
    api = client.get(
        "/api/v1/indicateurs/M4.12",
        params={"territoire": "departement:21", "periode": "2026-03"},
        headers=bearer(coordination),
    ).json()
    assert api["definition"]["numerateur"] == m412.numerateur
    assert api["definition"]["a_la_date"] == m412.a_la_date
