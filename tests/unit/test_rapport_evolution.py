"""The monthly trend and the drill-down in every output: protected like every distribution,
drawn as an accessible SVG that never shows a hidden value, exported to the sheets
« Évolution mensuelle », « Détail par lieu » and to the CSV."""

from __future__ import annotations

import html
import io
import re

from openpyxl import load_workbook

from domain.evaluation.detail import (
    ID_LIEUX,
    ID_MENSUEL,
    evolution_mensuelle,
    sans_detail_absent,
    tableaux_detail,
)
from domain.evaluation.mesures import Mesures
from domain.evaluation.periodes import lire_periode, meme_periode_annee_precedente
from domain.evaluation.rapport import contenu_canonique
from mednum.rapports.evolution import svg_evolution
from mednum.rapports.tableur import csv_du_rapport, xlsx_du_rapport
from tests.unit.rapport_exemple import rapport_exemple
from web.rapport_filtres import FILTRES_RAPPORT

ANNEE = lire_periode("2025")
AVANT = meme_periode_annee_precedente(ANNEE)
# March holds 5 accompaniments of 3 people; August's 117 / 43 are hidden with them.
MOIS = [(320, 140), (410, 160), (5, 3), (380, 150), (0, 0), (290, 120)]
MOIS += [(150, 60), (117, 43), (450, 190), (500, 210), (470, 200), (300, 130)]


def _mesures() -> tuple[Mesures, Mesures]:
    actuel = Mesures(
        par_mois={str(i): list(v) for i, v in enumerate(MOIS)},
        par_lieu={"a": [20, 30, 25, 15, 5], "b": [2, 4, 4, 2, 0]},
        par_structure={"s": [22, 34, 28, 17, 5]},
    )
    avant = Mesures(par_mois={str(i): [200, 90] for i in range(12)})
    return actuel, avant


def test_a_lone_month_is_hidden_and_another_with_it_since_the_total_is_known() -> None:
    actuel, avant = _mesures()
    tableau = evolution_mensuelle(actuel, avant, ANNEE, AVANT, 11)
    mars, aout = tableau.lignes[2], tableau.lignes[7]
    assert [ligne.libelle for ligne in tableau.lignes][:3] == [
        "janvier 2025",
        "février 2025",
        "mars 2025",
    ]
    assert mars.cellules[0].masquee and not mars.cellules[0].secondaire
    assert aout.cellules[0].masquee and aout.cellules[0].secondaire  # smallest other month
    # the months add up to the headline, which the report protects on its own: no column of
    # people prints a total here (printing it could give away a headline hidden there)
    assert tableau.total is None


def test_a_month_cut_by_a_custom_period_says_so() -> None:
    periode = lire_periode("2026-11-03..2027-01-20")
    tableau = evolution_mensuelle(Mesures(), Mesures(), periode, periode, 11)
    assert [ligne.libelle for ligne in tableau.lignes] == [
        "novembre 2026 (du 3 au 30)",
        "décembre 2026",
        "janvier 2027 (du 1 au 20)",
    ]
    assert "* mois en partie seulement" in svg_evolution(tableau, 11)


def test_the_chart_has_a_title_a_description_and_never_a_hidden_value() -> None:
    actuel, avant = _mesures()
    svg = svg_evolution(evolution_mensuelle(actuel, avant, ANNEE, AVANT, 11), 11)
    assert re.search(r"<title id=\"[^\"]+\">Évolution mensuelle", svg)
    description = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S)
    assert description and "mars 2025" in description.group(1)
    assert "&lt; 11" in description.group(1)
    assert 'fill="url(#g-M4-1-mensuel-hachures)"' in svg  # hatched stubs, with their legend
    textes = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "140" in textes and "< 11" in textes and "s" in textes
    mots = set(textes) | set(re.findall(r"\d+", description.group(1)))
    assert not {"5", "3", "117", "43"} & mots


def test_the_trend_and_drill_down_are_sheets_and_csv_rows_with_hidden_cells_as_text() -> None:
    actuel, avant = _mesures()
    lieux, structures = {"a": "Médiathèque", "b": "Tiers-lieu"}, {"s": "Centre social"}
    rapport = rapport_exemple()
    rapport.tableaux.extend(tableaux_detail(actuel, avant, ANNEE, AVANT, 11, lieux, structures))
    classeur = load_workbook(io.BytesIO(xlsx_du_rapport(rapport)))
    assert {"Évolution mensuelle", "Détail par lieu", "Détail par structure"} <= set(
        classeur.sheetnames
    )
    lignes = list(classeur["Évolution mensuelle"].iter_rows(values_only=True))
    mars = next(ligne for ligne in lignes if ligne[3] == "mars 2025")
    assert mars[4] == "< 11"
    par_lieu = list(classeur["Détail par lieu"].iter_rows(values_only=True))
    assert next(ligne for ligne in par_lieu if ligne[3] == "Tiers-lieu")[4] == "< 11"
    csv = csv_du_rapport(rapport)
    assert f"M4.1;{ID_MENSUEL};2;mars 2025;" in csv
    assert f"M4.1;{ID_LIEUX};b;Tiers-lieu;Séances individuelles;2;" in csv


def test_the_page_sets_the_trend_and_drill_down_apart_from_the_other_tables() -> None:
    actuel, avant = _mesures()
    base = rapport_exemple()
    detail = tableaux_detail(actuel, avant, ANNEE, AVANT, 11, {"a": "A", "b": "B"}, {})
    base.tableaux.extend(detail)
    courants = FILTRES_RAPPORT["tableaux_courants"](base)
    assert all(t.id not in (ID_MENSUEL, ID_LIEUX) for t in courants)
    assert FILTRES_RAPPORT["tableau_du_rapport"](base, ID_LIEUX) is not None
    assert FILTRES_RAPPORT["tableau_du_rapport"](rapport_exemple(), ID_LIEUX) is None


def test_a_report_frozen_before_the_drill_down_still_verifies_byte_for_byte() -> None:
    actuel, avant = _mesures()
    fige = rapport_exemple()
    recalcule = rapport_exemple()
    recalcule.tableaux.extend(tableaux_detail(actuel, avant, ANNEE, AVANT, 11, {"a": "A"}, {}))
    assert contenu_canonique(sans_detail_absent(recalcule, fige)) == contenu_canonique(fige)
    # a report frozen with them keeps them: they are compared like every other table
    assert sans_detail_absent(recalcule, recalcule) == recalcule
